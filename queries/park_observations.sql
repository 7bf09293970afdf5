-- A park's observations in a period, at its own deployments, with the species' scientific name.
SELECT o.observation_id, o.deployment_id, o.media_id, o.observed_at, s.scientific_name, o.count,
       o.life_stage, o.sex, o.individual_id, o.synthetic
FROM observations o
JOIN deployments d USING (deployment_id)
JOIN species s USING (species_id)
WHERE d.owner_area_id = $park
  AND o.observed_at >= $date_from::DATE
  AND o.observed_at < $date_to::DATE + INTERVAL 1 DAY
ORDER BY o.observed_at, o.observation_id;
