-- An alert resolved (acknowledged first when it was still open: resolving answers it).
UPDATE alerts
SET status = 'resolved',
    acknowledged_at = coalesce(acknowledged_at, $at),
    acknowledged_by = coalesce(acknowledged_by, $user_name),
    acknowledged_area_id = coalesce(acknowledged_area_id, $area_id),
    resolved_at = $at, resolved_by = $user_name, changed_at = $at
WHERE alert_id = $alert_id AND status <> 'resolved';
