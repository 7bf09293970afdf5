-- The bounding box (lon/lat) of each protected area's boundary: a census route must lie near it.
SELECT area_id, ST_XMin(geom) AS x0, ST_YMin(geom) AS y0, ST_XMax(geom) AS x1, ST_YMax(geom) AS y1
FROM protected_areas ORDER BY area_id;
