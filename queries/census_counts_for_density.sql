-- Route counts of the prey species of the winter census, with the daily travel distance the
-- FMP formula needs (species without one, the tiger, are counted, not converted to density).
SELECT r.route_id, r.area_id, r.surveyed_on, r.length_km, c.species_id, c.crossings, s.daily_travel_km,
       c.synthetic OR r.synthetic AS synthetic
FROM census_counts c
JOIN census_routes r USING (route_id)
JOIN species s USING (species_id)
WHERE s.daily_travel_km IS NOT NULL
ORDER BY r.area_id, c.species_id, r.route_id;
