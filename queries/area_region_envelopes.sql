-- The bounding box (lon/lat) of the countries' part of each protected area's region: a new
-- boundary for the area must lie inside it.
SELECT a.area_id, ST_XMin(c.g) AS x0, ST_YMin(c.g) AS y0, ST_XMax(c.g) AS x1, ST_YMax(c.g) AS y1
FROM protected_areas a
JOIN (SELECT region_id, ST_Union_Agg(geom) AS g FROM countries GROUP BY region_id) c USING (region_id)
ORDER BY a.area_id;
