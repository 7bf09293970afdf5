-- One row of the import register per import (every importer writes it in its own transaction);
-- content_sha256 lets an importer refuse the same file twice. The id comes from id_counters.
INSERT INTO imports (import_id, kind, file, area_id, imported_by, rows_added, rows_changed, summary, content_sha256,
                     imported_at)
VALUES ($import_id, $kind, $file, $area_id, $imported_by, $rows_added, $rows_changed, $summary, $content_sha256,
        current_timestamp);
