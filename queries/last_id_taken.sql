-- The id take_next_id.sql just took, in the same transaction.
SELECT last_id FROM id_counters WHERE name = $counter;
