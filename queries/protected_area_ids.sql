-- The ids of the protected areas the store knows.
SELECT area_id FROM protected_areas ORDER BY area_id;
