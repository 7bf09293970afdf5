-- The ids of the alerts stored (an import refuses one already there).
-- sensitive: none
SELECT alert_id FROM alerts;
