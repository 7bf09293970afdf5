-- The register's samples with the park each belongs to (an import may update only its own park's).
SELECT sample_id, area_id FROM genetic_samples;
