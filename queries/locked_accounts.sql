-- Accounts locked after repeated failed logins, for the admins to unlock.
SELECT user_name, locked_at, failures FROM account_locks ORDER BY locked_at, user_name;
