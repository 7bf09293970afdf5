-- Take the next $n ids of a table whose ids the application makes (migration 023), inside the
-- writing transaction; read the last one taken with last_id_taken.sql (DuckLake has no RETURNING).
UPDATE id_counters SET last_id = last_id + $n WHERE name = $counter;
