-- The park that owns each media file (through its deployment).
SELECT m.media_id, d.owner_area_id FROM media m JOIN deployments d USING (deployment_id);
