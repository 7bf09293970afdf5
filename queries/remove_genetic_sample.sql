-- A sample's record, before the import writes it as the lab now reports it (DuckDB's INSERT OR
-- REPLACE leaves a foreign-key column such as the individual as it was).
DELETE FROM genetic_samples WHERE sample_id = $sample_id;
