-- An account's new password (its bcrypt hash).
UPDATE users SET password_hash = $password_hash WHERE user_name = $name;
