-- The stored runs of one estimator on one species and scope, over a span of survey years, at the
-- given data version (a run of an older version is out of date and not returned).
SELECT year, computed_at, seconds, note
FROM survey_estimate_runs
WHERE species_id = $species AND scope = $scope AND method = $method AND occasion_days = $occasion_days
  AND year BETWEEN $year_from AND $year_to AND data_version = $version
ORDER BY year;
