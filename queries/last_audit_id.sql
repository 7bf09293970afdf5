-- The newest entry of the audit trail.
SELECT max(audit_id) AS id FROM audit_log;
