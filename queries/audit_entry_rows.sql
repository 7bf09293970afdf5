-- The rows one audit entry added, changed or removed (the first $limit, in order), with their
-- values before and after (JSON); an import's rows recorded by key and hash have no JSON after
-- (by_key: rows of migration 022's time in audit_changes, and the key lists of migration 026).
SELECT table_name, change, row_key, before, after, by_key
FROM (
    SELECT table_name, change, row_key, before, after, after_hash IS NOT NULL AS by_key
    FROM audit_changes WHERE audit_id = $audit_id
    UNION ALL
    SELECT table_name, 'added', row_key, NULL, NULL, true
    FROM audit_added_keys WHERE audit_id = $audit_id
)
ORDER BY table_name, change, row_key
LIMIT $limit;
