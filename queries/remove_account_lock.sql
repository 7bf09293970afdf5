-- An admin unlocks an account.
DELETE FROM account_locks WHERE user_name = $name;
