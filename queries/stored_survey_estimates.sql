-- The stored estimates (bigcats.population.RESULT_SCHEMA + year) of one estimator on one species
-- and scope over a span of survey years, computed at the given data version.
SELECT e.species_id, e.scope, e.period_start, e.period_end, e.method, e.quantity, e.region, e.estimate,
       e.se, e.lcl, e.ucl, e.detected, e.occasions, e.occasion_days, e.model, e.g0, e.sigma_km, e.mask,
       e.synthetic, e.year
FROM survey_estimates e
JOIN survey_estimate_runs r USING (species_id, scope, year, method, occasion_days)
WHERE e.species_id = $species AND e.scope = $scope AND e.method = $method AND e.occasion_days = $occasion_days
  AND e.year BETWEEN $year_from AND $year_to AND r.data_version = $version
ORDER BY e.year, e.quantity, e.region;
