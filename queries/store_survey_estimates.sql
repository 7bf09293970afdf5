-- The rows of one run, from the frame `run_rows` (bigcats.population.RESULT_SCHEMA + year),
-- stored after store_survey_run.sql removed the run's earlier rows.
INSERT INTO survey_estimates
SELECT species_id, scope, year, method, occasion_days, quantity, region, period_start, period_end, estimate,
       se, lcl, ucl, detected, occasions, model, g0, sigma_km, mask, synthetic
FROM run_rows;
