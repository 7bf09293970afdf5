-- An account locked after too many failed logins in a row (until an admin unlocks it); an account
-- already locked stays locked since then (MERGE: DuckLake has no ON CONFLICT).
MERGE INTO account_locks USING (SELECT $name::VARCHAR AS user_name) new ON account_locks.user_name = new.user_name
WHEN NOT MATCHED THEN INSERT (user_name, locked_at, failures) VALUES (new.user_name, current_timestamp, $failures);
