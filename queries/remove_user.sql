-- An account removed (its parks and sessions go in the same transaction).
DELETE FROM users WHERE user_name = $name;
