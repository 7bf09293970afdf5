-- The patrols of a region in a period, one row each: dates, type, team, transport, km, and who
-- walked. Names are the owning park's (and the admins') to read; everyone else gets the team and
-- how many leaders, pilots and members it had.
-- sensitive: member_names=personal, employee_ids=personal, patrol_comment=personal
-- owner: area_id
WITH m AS (
    SELECT patrol_key,
           string_agg(DISTINCT NULLIF(concat_ws(' ', given_name, family_name), ''), ', ') AS member_names,
           string_agg(DISTINCT employee_id, ', ') AS employee_ids,
           count(DISTINCT coalesce(employee_id, concat_ws(' ', given_name, family_name))) AS people,
           count(DISTINCT CASE WHEN is_leader THEN coalesce(employee_id, concat_ws(' ', given_name, family_name)) END) AS leaders,
           count(DISTINCT CASE WHEN is_pilot THEN coalesce(employee_id, concat_ws(' ', given_name, family_name)) END) AS pilots
    FROM patrol_members GROUP BY ALL
), d AS (
    SELECT patrol_key, count(*) AS patrol_days, sum(track_km) AS km FROM patrol_days GROUP BY ALL
), l AS (
    SELECT patrol_key, string_agg(DISTINCT transport_type, ', ') AS transport, string_agg(DISTINCT mandate, ', ') AS mandate
    FROM patrol_legs GROUP BY ALL
)
SELECT p.area_id, a.country, p.smart_id, p.patrol_type, p.start_date, p.end_date, p.is_armed,
       p.objective, p.team, p.station, l.transport, l.mandate,
       coalesce(d.patrol_days, 0) AS patrol_days, coalesce(d.km, 0) AS km,
       coalesce(m.people, 0) AS people, coalesce(m.leaders, 0) AS leaders, coalesce(m.pilots, 0) AS pilots,
       m.member_names, m.employee_ids, p.patrol_comment, p.synthetic
FROM patrols p
JOIN protected_areas a ON a.area_id = p.area_id
LEFT JOIN m USING (patrol_key) LEFT JOIN d USING (patrol_key) LEFT JOIN l USING (patrol_key)
WHERE a.region_id = $region AND p.start_date <= $date_to AND p.end_date >= $date_from
ORDER BY p.start_date DESC, p.area_id, p.smart_id;
