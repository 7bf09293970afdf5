-- One alert's parks and status: who may act on it, and whether it can still move on.
-- sensitive: none
SELECT alert_id, area_id, partner_area_id, status, raised_at FROM alerts WHERE alert_id = $alert_id;
