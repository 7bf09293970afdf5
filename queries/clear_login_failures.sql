-- A successful login or an unlock clears the failures in a row.
DELETE FROM login_failures WHERE user_name = $name;
