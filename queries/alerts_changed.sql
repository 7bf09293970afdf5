-- How many alerts there are and when the last one changed: an open page compares it with what it
-- shows, every few seconds, to show a new alert or step without a reload. The counts of steps
-- taken notice a step even when its time is not the latest (a clock set back, an imported alert
-- stamped later than now).
-- sensitive: none
SELECT count(*) AS alerts, max(changed_at) AS last_change, count(acknowledged_at) AS acknowledged,
       count(resolved_at) AS resolved
FROM alerts;
