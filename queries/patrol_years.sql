-- The years in which a park of the region has a patrol day.
-- sensitive: none
SELECT DISTINCT year(d.patrol_day) AS year
FROM patrol_days d JOIN patrols p USING (patrol_key) JOIN protected_areas a ON a.area_id = p.area_id
WHERE a.region_id = $region
ORDER BY year;
