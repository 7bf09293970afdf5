-- The first later entry (not undone) that changed the same row: it must be undone first. (A row
-- in a later key list was added again after being removed.)
SELECT min(c.audit_id) AS id
FROM (SELECT audit_id, table_name, row_key FROM audit_changes
      UNION ALL
      SELECT audit_id, table_name, row_key FROM audit_added_keys) c
JOIN audit_log l USING (audit_id)
WHERE c.audit_id > $audit_id AND c.table_name = $table_name AND c.row_key = $row_key AND l.undone_at IS NULL;
