-- The patrols of a park already stored and the content they were stored with: an import of the
-- same patrol with the same content changes nothing, with another content replaces it.
-- sensitive: none
SELECT patrol_key, smart_id, content_hash, imported_at
FROM patrols WHERE area_id = $area_id;
