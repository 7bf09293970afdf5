-- The habitat a camera grid should cover in a region: its protected areas, existing and planned,
-- on land (WKB, lon/lat), with the land itself.
SELECT 'habitat' AS kind,
       ST_AsWKB(ST_Intersection(ST_Union_Agg(a.geom), (SELECT ST_Union_Agg(geom) FROM countries WHERE region_id = $region))) AS wkb
FROM protected_areas a WHERE a.region_id = $region
UNION ALL
SELECT 'land', ST_AsWKB(ST_Union_Agg(geom)) FROM countries WHERE region_id = $region;
