-- Every live login session of an account ends (a password change, a removal).
UPDATE login_sessions SET revoked_at = now() WHERE user_name = $name AND revoked_at IS NULL;
