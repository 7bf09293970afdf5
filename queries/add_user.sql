-- A new account (bcrypt hash, never the password).
INSERT INTO users (user_name, role, password_hash, created_by, created_at)
VALUES ($name, $role, $password_hash, $created_by, current_timestamp);
