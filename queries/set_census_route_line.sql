-- A census route's line (WKT, WGS 84).
UPDATE census_routes SET geom = ST_GeomFromText($wkt) WHERE route_id = $route_id;
