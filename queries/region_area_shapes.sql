-- The protected areas of a region with their boundaries as WKB (for geometry in Python).
SELECT area_id, ST_AsWKB(geom) AS wkb, country FROM protected_areas WHERE region_id = $region ORDER BY area_id;
