-- How many accounts the store holds.
SELECT count(*) AS n FROM users;
