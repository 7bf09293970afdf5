-- The first later entry (not undone) that changed the same row: it must be undone first.
SELECT min(c.audit_id) AS id FROM audit_changes c JOIN audit_log l USING (audit_id)
WHERE c.audit_id > $audit_id AND c.table_name = $table_name AND c.row_key = $row_key AND l.undone_at IS NULL;
