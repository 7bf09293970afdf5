-- Failed logins in a row of an account, and how many seconds ago the last one was.
SELECT failures, epoch(now()::TIMESTAMP) - epoch(last_failed_at) AS ago FROM login_failures WHERE user_name = $name;
