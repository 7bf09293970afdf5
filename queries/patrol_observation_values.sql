-- Every recorded value of the observations of a region's patrols in a period, with where and
-- when: what a park's own staff read in full. Positions are generalised and personal values
-- (free text, names, id and phone numbers, places of origin) dropped for everyone else.
-- sensitive: latitude=latitude, longitude=longitude, text_value=personal, personal_value=personal
-- owner: area_id
SELECT p.area_id, p.smart_id, w.waypoint_id, w.patrol_day, w.observed_at, w.latitude, w.longitude,
       o.observation_no, o.category_key, v.attribute_key, v.item_key, v.number_value, v.bool_value,
       v.text_value, v.personal_value, p.synthetic
FROM patrol_observations o
JOIN patrol_waypoints w USING (patrol_key, leg_id, waypoint_id)
JOIN patrols p USING (patrol_key)
JOIN protected_areas a ON a.area_id = p.area_id
LEFT JOIN patrol_observation_values v USING (patrol_key, leg_id, waypoint_id, observation_no)
WHERE a.region_id = $region AND w.patrol_day BETWEEN $date_from AND $date_to
ORDER BY w.patrol_day, p.area_id, p.smart_id, w.waypoint_id, o.observation_no, v.attribute_key;
