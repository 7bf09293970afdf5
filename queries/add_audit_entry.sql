-- One entry of the audit trail: who did what to which tables, with the counts of rows.
INSERT INTO audit_log (audit_id, written_at, user_name, role, action, target, tables, summary, rows_added, rows_changed,
                       rows_removed)
VALUES ($audit_id, current_timestamp, $user_name, $role, $action, $target, $tables, $summary, $rows_added,
        $rows_changed, $rows_removed);
