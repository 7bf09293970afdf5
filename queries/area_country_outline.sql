-- The outline (WKB, lon/lat) of the country a protected area lies in, within the area's region:
-- a park's patrols walk inside its own country (derived when a boundary is written:
-- queries/derive_area_land.sql).
-- sensitive: none
SELECT area_id, country, country_wkb AS wkb
FROM area_land
WHERE area_id = $area_id AND country_wkb IS NOT NULL;
