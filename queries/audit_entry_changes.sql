-- Every row an audit entry changed, with its value before and after (JSON), to undo it; the rows
-- a large write added come from its key list (migration 026), their hash as after_hash.
SELECT audit_id, table_name, change, row_key, before, after, after_hash
FROM audit_changes WHERE audit_id = $audit_id
UNION ALL
SELECT audit_id, table_name, 'added', row_key, NULL, NULL, row_hash
FROM audit_added_keys WHERE audit_id = $audit_id;
