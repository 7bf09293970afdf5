-- Where a park's cameras may stand, as WKB (lon/lat): the land of its region, or its own boundary
-- with a margin (derived when a boundary is written: queries/derive_area_land.sql).
-- sensitive: none
SELECT land_wkb AS g
FROM area_land
WHERE area_id = $park;
