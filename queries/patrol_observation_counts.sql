-- What the patrols of a region recorded: observations per park, SMART category and month (the
-- category key as the park's data model names it; bigcats.patrols maps it to an incident class).
-- sensitive: none
SELECT p.area_id, a.country, o.category_key,
       date_trunc('month', w.patrol_day)::DATE AS month,
       count(*) AS observations
FROM patrol_observations o
JOIN patrol_waypoints w USING (patrol_key, leg_id, waypoint_id)
JOIN patrols p USING (patrol_key)
JOIN protected_areas a ON a.area_id = p.area_id
WHERE a.region_id = $region AND w.patrol_day BETWEEN $date_from AND $date_to
GROUP BY ALL
ORDER BY month, p.area_id, o.category_key;
