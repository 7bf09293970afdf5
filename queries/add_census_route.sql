-- One snow-track census route (its line as WKT, WGS 84).
INSERT INTO census_routes (route_id, area_id, surveyed_on, length_km, geom, observer, source)
VALUES ($route_id, $area_id, $surveyed_on, $length_km, ST_GeomFromText($wkt), $observer, $source);
