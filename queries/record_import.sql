-- One row of the import register per import (every importer writes it in its own transaction);
-- content_sha256 lets an importer refuse the same file twice. Returns the import's id.
INSERT INTO imports (kind, file, area_id, imported_by, rows_added, rows_changed, summary, content_sha256)
VALUES ($kind, $file, $area_id, $imported_by, $rows_added, $rows_changed, $summary, $content_sha256)
RETURNING import_id;
