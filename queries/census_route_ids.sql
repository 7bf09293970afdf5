-- The ids of the snow-track census routes already stored.
SELECT route_id FROM census_routes ORDER BY route_id;
