-- One sign-survey route or transect (its walked line as WKT, WGS 84, or none).
INSERT INTO sign_routes (route_id, area_id, surveyed_on, length_km, geom, observer, source)
VALUES ($route_id, $area_id, $surveyed_on, $length_km, ST_GeomFromText($wkt), $observer, $source);
