-- The patrols of each park of a region in a period: how many, on how many days, how many km of
-- track, how many observations (incidents and sightings recorded at waypoints).
-- sensitive: none
WITH days AS (
    SELECT d.patrol_key, d.leg_id, d.patrol_day, d.track_km
    FROM patrol_days d WHERE d.patrol_day BETWEEN $date_from AND $date_to
), obs AS (
    SELECT w.patrol_key, count(*) AS observations
    FROM patrol_observations o JOIN patrol_waypoints w USING (patrol_key, leg_id, waypoint_id)
    WHERE w.patrol_day BETWEEN $date_from AND $date_to
    GROUP BY ALL
)
SELECT a.area_id, a.country,
       in_lang($lang, a.name_en, a.name_ru, a.name_zh, a.name_mn) AS name,
       count(DISTINCT p.patrol_key) AS patrols,
       count(DISTINCT d.patrol_key || '|' || d.leg_id || '|' || d.patrol_day::VARCHAR) AS patrol_days,
       coalesce(sum(d.track_km), 0) AS km,
       coalesce((SELECT sum(observations) FROM obs JOIN patrols q USING (patrol_key) WHERE q.area_id = a.area_id), 0)
           ::BIGINT AS observations,
       coalesce(bool_or(p.synthetic), false) AS synthetic
FROM protected_areas a
JOIN patrols p ON p.area_id = a.area_id
JOIN days d ON d.patrol_key = p.patrol_key
WHERE a.region_id = $region
GROUP BY ALL
ORDER BY a.country DESC, a.area_id;
