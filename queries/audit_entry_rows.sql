-- Every row one audit entry added, changed or removed, with its values before and after (JSON).
SELECT table_name, change, row_key, before, after
FROM audit_changes
WHERE audit_id = $audit_id
ORDER BY table_name, change, row_key
