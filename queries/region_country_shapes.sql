-- Each country's part of a region as WKB.
SELECT iso, ST_AsWKB(geom) AS wkb FROM countries WHERE region_id = $region ORDER BY iso;
