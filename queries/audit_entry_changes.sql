-- Every row an audit entry changed, with its value before and after (JSON), to undo it; the rows
-- a large write added come from its key lists (migration 026) with their hash as after_hash.
SELECT audit_id, table_name, change, row_key, before, after, after_hash
FROM audit_changes WHERE audit_id = $audit_id
UNION ALL
SELECT audit_id, table_name, 'added', r.row_key, NULL, NULL, r.row_hash
FROM (SELECT audit_id, table_name, unnest(added) AS r FROM audit_key_lists WHERE audit_id = $audit_id);
