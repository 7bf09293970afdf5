-- The audit trail, newest first, filtered by user and action ('' = any) and a period of days.
SELECT audit_id, written_at, user_name, role, action, target, summary,
       rows_added, rows_changed, rows_removed, undone_at, undone_by, undo_of
FROM audit_log
WHERE ($user_name = '' OR user_name = $user_name)
  AND ($action = '' OR action = $action)
  AND CAST(written_at AS DATE) BETWEEN $date_from AND $date_to
ORDER BY audit_id DESC
