-- The tables of the store with a geometry column: a write to one of them needs the spatial
-- extension loaded before its transaction begins.
-- sensitive: none
SELECT DISTINCT table_name
FROM information_schema.columns
WHERE table_catalog = current_database() AND table_schema = 'main' AND data_type = 'GEOMETRY'
ORDER BY table_name
