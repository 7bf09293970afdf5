-- Patrol effort of every park of a region on the unified grid: km of track and patrol days per
-- park, 5-km cell and month (patrol_effort_cells, computed at import). A cell of the grid shows
-- no more than the generalisation grid does.
-- sensitive: none
SELECT p.area_id, a.country, c.ix, c.iy, c.cell_km,
       date_trunc('month', c.patrol_day)::DATE AS month,
       sum(c.km) AS km,
       count(DISTINCT c.patrol_key || '|' || c.leg_id || '|' || c.patrol_day::VARCHAR) AS patrol_days,
       bool_or(p.synthetic) AS synthetic
FROM patrol_effort_cells c
JOIN patrols p USING (patrol_key)
JOIN protected_areas a ON a.area_id = p.area_id
WHERE c.region_id = $region AND c.patrol_day BETWEEN $date_from AND $date_to
GROUP BY ALL
ORDER BY month, p.area_id, c.iy, c.ix;
