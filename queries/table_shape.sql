-- The columns of a table of the store, in order, with their types, and its primary key: what the
-- audit trail copies, compares and restores. (A lake has no keys, nor a file the keys it checks by
-- query, migration 025: Store.table_shape takes those from the declared schema.)
-- sensitive: none
SELECT c.column_name, c.data_type,
       list_contains(coalesce(k.constraint_column_names, []), c.column_name) AS in_key,
       list_position(coalesce(k.constraint_column_names, []), c.column_name) AS key_position
FROM information_schema.columns c
LEFT JOIN (SELECT table_name, constraint_column_names FROM duckdb_constraints()
           WHERE constraint_type = 'PRIMARY KEY' AND database_name = current_database() AND schema_name = 'main') k ON k.table_name = c.table_name
WHERE c.table_name = $table_name AND c.table_catalog = current_database() AND c.table_schema = 'main'
ORDER BY c.ordinal_position
