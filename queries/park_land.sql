-- Where a park's cameras may stand, as WKB: the land of its region (the union of its countries'
-- parts); for a park in a country the region's shapes do not cover (a new area of a partner
-- country, a region added with its first area), its own boundary with a margin of 0.5 degrees.
SELECT ST_AsWKB(coalesce(
           (SELECT ST_Union_Agg(c.geom) FROM countries c
            WHERE c.region_id = a.region_id
              AND EXISTS (SELECT 1 FROM countries k WHERE k.region_id = a.region_id AND k.iso = a.country)),
           ST_Buffer(a.geom, 0.5))) AS g
FROM protected_areas a
WHERE a.area_id = $park;
