-- The bounding box (lon/lat) of the countries' part of each protected area's region: a new
-- boundary for the area must lie inside it.
SELECT area_id, region_x0 AS x0, region_y0 AS y0, region_x1 AS x1, region_y1 AS y1
FROM area_envelopes
WHERE region_x0 IS NOT NULL
ORDER BY area_id;
