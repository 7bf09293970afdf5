-- The international borders of a region, one line per pair of countries (WKB, lon/lat).
SELECT country_a, country_b, ST_AsWKB(geom) AS wkb FROM borders WHERE region_id = $region ORDER BY 1, 2;
