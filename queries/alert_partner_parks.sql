-- The protected areas across a border from a place: those of the raising park's region in
-- another country, nearest first, with their distance (km) from the place. The nearest within
-- reach of an alert is the park it concerns (bigcats.alerts.NEAR_BORDER_KM).
-- sensitive: none (the place is the caller's own; only parks and distances are returned)
WITH here AS (
    SELECT ST_Transform(ST_Point($longitude, $latitude), 'EPSG:4326', 'EPSG:3857', always_xy := true) AS p
)
SELECT b.area_id,
       -- Web Mercator stretches lengths by 1/cos(latitude): scaled back, a local distance in km
       ST_Distance(ST_Transform(b.geom, 'EPSG:4326', 'EPSG:3857', always_xy := true), here.p)
           * cos(radians($latitude)) / 1000 AS km
FROM protected_areas a
JOIN protected_areas b ON b.region_id = a.region_id AND b.country <> a.country
CROSS JOIN here
WHERE a.area_id = $area_id
ORDER BY km, b.area_id;
