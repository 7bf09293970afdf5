-- The parks of an account being removed.
DELETE FROM user_parks WHERE user_name = $name;
