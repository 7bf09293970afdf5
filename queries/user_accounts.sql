-- Every account with its role and parks (never its password hash), for `bigcats users`.
SELECT u.user_name, u.role, string_agg(p.area_id, ', ' ORDER BY p.area_id) AS parks, u.created_at, u.created_by
FROM users u LEFT JOIN user_parks p USING (user_name)
GROUP BY ALL ORDER BY u.user_name;
