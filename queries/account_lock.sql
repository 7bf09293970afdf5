-- The lock of an account locked by failed logins (no row: not locked).
SELECT failures FROM account_locks WHERE user_name = $name;
