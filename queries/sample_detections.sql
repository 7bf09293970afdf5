-- The detections of a catalogue entry: its photographs and its genotyped samples, by date.
-- sensitive: latitude=latitude, longitude=longitude
-- owner: owner_area_id
SELECT 'photograph' AS evidence, o.observation_id AS id, o.observed_at::DATE AS day, d.latitude, d.longitude,
       d.owner_area_id
FROM observations o JOIN deployments d USING (deployment_id)
WHERE o.catalogue_area_id = $park AND o.individual_id = $individual
UNION ALL
SELECT 'genetic sample', s.sample_id, s.collected_on, s.latitude, s.longitude, s.area_id
FROM genetic_samples s
WHERE s.catalogue_area_id = $park AND s.individual_id = $individual AND s.status = 'genotyped'
ORDER BY day, id;
