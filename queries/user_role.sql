-- The role of an account (no row: no such account).
SELECT role FROM users WHERE user_name = $name;
