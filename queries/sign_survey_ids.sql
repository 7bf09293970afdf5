-- The ids of the stored sign-survey routes and signs (an import adds new ones only).
SELECT 'route' AS kind, route_id AS id FROM sign_routes
UNION ALL
SELECT 'sign', sign_id FROM signs;
