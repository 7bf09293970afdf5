-- A park's observations in a period, at its own deployments, of every type (blank, human,
-- vehicle ... as well as animal), with the taxon's scientific name where there is one.
-- sensitive: classified_by=personal
-- owner: owner_area_id
SELECT o.observation_id, o.deployment_id, o.media_id, o.event_id, o.observed_at, o.event_end,
       o.observation_level, o.observation_type, s.scientific_name, o.count, o.life_stage, o.sex, o.behavior,
       o.individual_id, o.classification_method, o.classified_by, o.classification_probability,
       d.owner_area_id, o.synthetic
FROM observations o
JOIN deployments d USING (deployment_id)
LEFT JOIN species s USING (species_id)
WHERE d.owner_area_id = $park
  AND o.observed_at >= $date_from::DATE
  AND o.observed_at < $date_to::DATE + INTERVAL 1 DAY
ORDER BY o.observed_at, o.observation_id;
