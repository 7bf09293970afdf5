-- An account locked after too many failed logins in a row (until an admin unlocks it).
INSERT INTO account_locks (user_name, failures) VALUES ($name, $failures) ON CONFLICT DO NOTHING;
