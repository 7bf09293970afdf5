-- Each census route with its length and its area's region and boundary (WKB).
SELECT r.route_id, r.length_km, a.region_id, ST_AsWKB(a.geom) AS area_wkb
FROM census_routes r JOIN protected_areas a USING (area_id) ORDER BY r.route_id;
