-- The bounding box (lon/lat) of each protected area's boundary and of the countries' part of its
-- region: a census route, a sign or a sample must lie near the first, a new boundary inside the
-- second.
-- derived-from: protected_areas, countries
-- sensitive: none
SELECT a.area_id, a.region_id,
       ST_XMin(a.geom) AS x0, ST_YMin(a.geom) AS y0, ST_XMax(a.geom) AS x1, ST_YMax(a.geom) AS y1,
       c.x0 AS region_x0, c.y0 AS region_y0, c.x1 AS region_x1, c.y1 AS region_y1
FROM protected_areas a
LEFT JOIN (SELECT region_id, min(ST_XMin(geom)) AS x0, min(ST_YMin(geom)) AS y0,
                  max(ST_XMax(geom)) AS x1, max(ST_YMax(geom)) AS y1
           FROM countries GROUP BY region_id) c USING (region_id)
