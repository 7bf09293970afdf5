-- Keep one run of an estimator on a survey year, replacing an earlier one (whose rows
-- drop_survey_run_estimates.sql removed in the same transaction).
MERGE INTO survey_estimate_runs
USING (SELECT $species::VARCHAR AS species_id, $scope::VARCHAR AS scope, $year::INTEGER AS year,
              $method::VARCHAR AS method, $occasion_days::INTEGER AS occasion_days) new
    ON survey_estimate_runs.species_id = new.species_id AND survey_estimate_runs.scope = new.scope
   AND survey_estimate_runs.year = new.year AND survey_estimate_runs.method = new.method
   AND survey_estimate_runs.occasion_days = new.occasion_days
WHEN MATCHED THEN UPDATE SET data_version = $version, computed_at = $computed_at, seconds = $seconds, note = $note
WHEN NOT MATCHED THEN INSERT (species_id, scope, year, method, occasion_days, data_version, computed_at, seconds, note)
    VALUES (new.species_id, new.scope, new.year, new.method, new.occasion_days, $version, $computed_at, $seconds, $note);
