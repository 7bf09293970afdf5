-- How many rows of each table are synthetic: the source of the demo-data badge.
SELECT 'observations' AS table_name, count(*) FILTER (WHERE synthetic) AS synthetic_rows, count(*) AS all_rows FROM observations
UNION ALL SELECT 'deployments', count(*) FILTER (WHERE synthetic), count(*) FROM deployments
UNION ALL SELECT 'expenditures', count(*) FILTER (WHERE synthetic), count(*) FROM expenditures
UNION ALL SELECT 'progress_reports', count(*) FILTER (WHERE synthetic), count(*) FROM progress_reports
UNION ALL SELECT 'publications', count(*) FILTER (WHERE synthetic), count(*) FROM publications
UNION ALL SELECT 'census_counts', count(*) FILTER (WHERE synthetic), count(*) FROM census_counts
UNION ALL SELECT 'population_estimates', count(*) FILTER (WHERE synthetic), count(*) FROM population_estimates
UNION ALL SELECT 'sign_routes', count(*) FILTER (WHERE synthetic), count(*) FROM sign_routes
UNION ALL SELECT 'genetic_samples', count(*) FILTER (WHERE synthetic), count(*) FROM genetic_samples;
