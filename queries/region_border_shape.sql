-- The state border between two countries in a region as WKB.
SELECT ST_AsWKB(geom) AS wkb FROM borders WHERE region_id = $region AND country_a = $country_a AND country_b = $country_b;
