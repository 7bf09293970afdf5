-- One more failed login in a row of an account (read the count with login_failures_of.sql).
MERGE INTO login_failures USING (SELECT $name::VARCHAR AS user_name) new ON login_failures.user_name = new.user_name
WHEN MATCHED THEN UPDATE SET failures = login_failures.failures + 1, last_failed_at = now()
WHEN NOT MATCHED THEN INSERT (user_name, failures, last_failed_at) VALUES (new.user_name, 1, now());
