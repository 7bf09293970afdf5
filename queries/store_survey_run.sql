-- Keep one run of an estimator on a survey year, replacing an earlier one (whose rows
-- drop_survey_run_estimates.sql removed in the same transaction).
INSERT OR REPLACE INTO survey_estimate_runs
VALUES ($species, $scope, $year, $method, $occasion_days, $version, $computed_at, $seconds, $note);
