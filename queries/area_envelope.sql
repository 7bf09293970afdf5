-- One protected area's bounding box (lon/lat) and its region: a habitat map for it must lie there.
SELECT area_id, region_id, ST_XMin(geom) AS x0, ST_YMin(geom) AS y0, ST_XMax(geom) AS x1, ST_YMax(geom) AS y1
FROM protected_areas WHERE area_id = $area_id;
