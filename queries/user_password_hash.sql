-- The bcrypt hash an account's password is checked against.
SELECT password_hash FROM users WHERE user_name = $name;
