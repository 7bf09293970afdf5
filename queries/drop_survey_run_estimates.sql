-- The rows of an earlier run of an estimator on a survey year, before its new run is stored.
DELETE FROM survey_estimates
WHERE species_id = $species AND scope = $scope AND year = $year AND method = $method AND occasion_days = $occasion_days;
