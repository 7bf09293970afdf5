-- The outline (WKB, lon/lat) of the country a protected area lies in, within the area's region:
-- a park's patrols walk inside its own country.
-- sensitive: none
SELECT a.area_id, a.country, ST_AsWKB(c.geom) AS wkb
FROM protected_areas a
JOIN countries c ON c.iso = a.country AND c.region_id = a.region_id
WHERE a.area_id = $area_id;
