-- The stored image of one media file, for an individual's passport.
-- sensitive: file_name=place, content=media
-- owner: owner_area_id
SELECT m.media_id, m.file_mediatype, m.file_name, m.content, d.owner_area_id
FROM media m
JOIN deployments d USING (deployment_id)
WHERE m.media_id = $media_id AND m.content IS NOT NULL;
