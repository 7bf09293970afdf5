-- An audit entry marked undone, by whom and when.
UPDATE audit_log SET undone_at = current_timestamp, undone_by = $undone_by WHERE audit_id = $audit_id;
