-- One more failed login in a row of an account; returns how many now.
INSERT INTO login_failures VALUES ($name, 1, now())
ON CONFLICT (user_name) DO UPDATE SET failures = failures + 1, last_failed_at = now()
RETURNING failures;
