-- A new account (bcrypt hash, never the password).
INSERT INTO users (user_name, role, password_hash, created_by) VALUES ($name, $role, $password_hash, $created_by);
