-- The stored image of one media file, for an individual's passport.
SELECT media_id, file_mediatype, file_name, content FROM media WHERE media_id = $media_id AND content IS NOT NULL;
