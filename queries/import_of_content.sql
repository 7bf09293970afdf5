-- An earlier import of the same kind with the same file content (its SHA-256), if any.
SELECT import_id, imported_at FROM imports WHERE kind = $kind AND content_sha256 = $content_sha256 ORDER BY import_id;
