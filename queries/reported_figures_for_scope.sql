-- Population figures the proposals report for a species that apply to a survey scope: the
-- scope itself (a park), or a region when every area the figure names lies in that region.
-- Shown beside computed estimates, marked as reported, with quote and source.
WITH reported AS (
    SELECT * FROM population_estimates
    WHERE method = 'reported' AND species_id = $species AND quantity IN ('abundance', 'density_per_100km2')
),
parts AS (
    SELECT r.estimate_id, unnest(string_split(r.scope, ';')) AS area_id
    FROM reported r WHERE r.scope_kind IN ('area', 'areas')
),
region_of AS (
    SELECT p.estimate_id, min(a.region_id) AS region_id, count(DISTINCT a.region_id) AS regions,
           bool_and(a.region_id IS NOT NULL) AS all_known
    FROM parts p LEFT JOIN protected_areas a USING (area_id) GROUP BY p.estimate_id
)
SELECT r.estimate_id, r.scope, r.period_start, r.period_end, year(r.period_end) AS year, r.quantity,
       r.qualifier, r.estimate, r.estimate_high, r.quote, r.source
FROM reported r LEFT JOIN region_of g USING (estimate_id)
WHERE r.scope = $scope
   OR (g.regions = 1 AND g.all_known AND g.region_id = $scope)
ORDER BY r.period_end, r.estimate_id;
