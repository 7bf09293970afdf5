-- The media files of a park's deployments captured in a period.
-- sensitive: file_path=place, file_name=place, content=media
-- owner: owner_area_id
SELECT m.media_id, m.deployment_id, d.owner_area_id, m.capture_method, m.captured_at, m.file_path, m.file_public,
       m.file_name, m.file_mediatype, m.content
FROM media m
JOIN deployments d USING (deployment_id)
WHERE d.owner_area_id = $park
  AND m.captured_at >= $date_from::DATE
  AND m.captured_at < $date_to::DATE + INTERVAL 1 DAY
ORDER BY m.media_id;
