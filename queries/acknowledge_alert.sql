-- An open alert acknowledged: who, for which park, and when.
UPDATE alerts
SET status = 'acknowledged', acknowledged_at = $at, acknowledged_by = $user_name, acknowledged_area_id = $area_id,
    changed_at = $at
WHERE alert_id = $alert_id AND status = 'open';
