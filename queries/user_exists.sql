-- Whether an account of this name exists (0 or 1).
SELECT count(*) AS n FROM users WHERE user_name = $name;
