-- The park that owns each of the media files $media_ids (through its deployment), and every
-- media file of the park $park (an observation may point to one imported earlier).
SELECT m.media_id, d.owner_area_id FROM media m JOIN deployments d USING (deployment_id)
WHERE m.media_id IN (SELECT unnest($media_ids::VARCHAR[])) OR d.owner_area_id = $park;
