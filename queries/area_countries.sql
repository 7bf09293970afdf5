-- The country of each protected area.
SELECT area_id, country FROM protected_areas ORDER BY area_id;
