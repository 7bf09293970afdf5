-- The users and actions that occur in the audit trail (the choices of its filters).
SELECT DISTINCT user_name, action
FROM audit_log
ORDER BY user_name, action
