-- The park that owns each of the package's media files (the frame `package_media`, its column
-- media_id) through its deployment, and every media file of the park $park (an observation may
-- point to one imported earlier).
-- frame: package_media (media_id)
SELECT m.media_id, d.owner_area_id FROM media m JOIN deployments d USING (deployment_id)
WHERE m.media_id IN (SELECT media_id FROM package_media) OR d.owner_area_id = $park;
