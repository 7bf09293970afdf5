-- How many alerts there are and when the last one changed: an open page compares it with what it
-- shows, every few seconds, to show a new alert or step without a reload.
-- sensitive: none
SELECT count(*) AS alerts, max(changed_at) AS last_change FROM alerts;
