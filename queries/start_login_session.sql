-- A new login session, kept as the sha256 of its token (never the token).
INSERT INTO login_sessions (session_token_hash, user_name, created_at) VALUES ($token_hash, $name, current_timestamp);
