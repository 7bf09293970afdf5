-- Where each protected area's field data may lie, as WKB (lon/lat): the land of its region (the
-- union of its countries' parts) for its cameras, or its own boundary with a margin of 0.5 degrees
-- for an area in a country the region's shapes do not cover (a new area of a partner country, a
-- region added with its first area); and the outline of its own country, where its patrols walk.
-- As plain BLOBs (not the extension's WKB_BLOB): the table is read without the extension.
-- derived-from: protected_areas, countries
-- sensitive: none
SELECT a.area_id, a.country,
       ST_AsWKB(coalesce(
           (SELECT ST_Union_Agg(c.geom) FROM countries c
            WHERE c.region_id = a.region_id
              AND EXISTS (SELECT 1 FROM countries k WHERE k.region_id = a.region_id AND k.iso = a.country)),
           ST_Buffer(a.geom, 0.5)))::BLOB AS land_wkb,
       (SELECT ST_AsWKB(c.geom) FROM countries c
        WHERE c.iso = a.country AND c.region_id = a.region_id)::BLOB AS country_wkb
FROM protected_areas a
