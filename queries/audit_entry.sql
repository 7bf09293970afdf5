-- One entry of the audit trail: what was done, by whom, and whether it was undone (or is an undo).
SELECT audit_id, written_at, user_name, role, action, target, tables, summary, undone_at, undone_by, undo_of,
       rows_added, rows_changed, rows_removed
FROM audit_log
WHERE audit_id = $audit_id
