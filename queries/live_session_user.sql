-- The account a session token belongs to, while it is neither revoked nor older than $max_seconds.
SELECT user_name FROM login_sessions
WHERE session_token_hash = $token_hash AND revoked_at IS NULL
  AND created_at > now()::TIMESTAMP - to_seconds($max_seconds::DOUBLE);
