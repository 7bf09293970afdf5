-- The land of a region (the union of its countries' parts) as WKB: cameras must stand on it.
SELECT ST_AsWKB(ST_Union_Agg(geom)) AS g FROM countries WHERE region_id = $region;
