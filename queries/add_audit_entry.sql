-- One entry of the audit trail: who did what to which tables, with the counts of rows.
INSERT INTO audit_log (user_name, role, action, target, tables, summary, rows_added, rows_changed, rows_removed)
VALUES ($user_name, $role, $action, $target, $tables, $summary, $rows_added, $rows_changed, $rows_removed)
RETURNING audit_id;
