-- The waypoints of a region's patrols where something was recorded, one row per observation:
-- the map's incidents. Exact only for the owning park's editors and the admins.
-- sensitive: latitude=latitude, longitude=longitude
-- owner: area_id
SELECT p.area_id, a.country, w.patrol_day, w.latitude, w.longitude, o.category_key, p.synthetic
FROM patrol_observations o
JOIN patrol_waypoints w USING (patrol_key, leg_id, waypoint_id)
JOIN patrols p USING (patrol_key)
JOIN protected_areas a ON a.area_id = p.area_id
WHERE a.region_id = $region AND w.patrol_day BETWEEN $date_from AND $date_to
ORDER BY w.patrol_day;
