-- The ids of the store's regions.
SELECT region_id FROM regions ORDER BY region_id;
