-- On a lake: the snapshot an audit entry's write committed (its commit carries the entry's id:
-- name_lake_commit.sql); none when that snapshot was expired (`bigcats lake maintain`).
SELECT max(snapshot_id) AS snapshot_id
FROM lake.snapshots()
WHERE commit_extra_info = $audit_id::VARCHAR;
