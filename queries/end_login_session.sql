-- A session ends (logout).
UPDATE login_sessions SET revoked_at = now() WHERE session_token_hash = $token_hash AND revoked_at IS NULL;
