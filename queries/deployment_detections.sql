-- The camera deployments of a region running in a period, with how many photographs of a species
-- each took and how many individuals, and where each stands (country, park).
-- sensitive: latitude=latitude, longitude=longitude
-- owner: owner_area_id
SELECT d.deployment_id, d.latitude, d.longitude, p.country, d.owner_area_id, p.located_in_area_id,
       count(o.observation_id)::INTEGER AS detections,
       count(DISTINCT o.catalogue_area_id || '/' || o.individual_id)::INTEGER AS individuals,
       d.synthetic
FROM deployments d
JOIN deployment_places p USING (deployment_id)
LEFT JOIN observations o
       ON o.deployment_id = d.deployment_id AND o.species_id = $species
      AND o.observed_at >= $date_from::DATE AND o.observed_at < $date_to::DATE + INTERVAL 1 DAY
WHERE p.region_id = $region
  AND d.start_at < $date_to::DATE + INTERVAL 1 DAY
  AND d.end_at >= $date_from::DATE
GROUP BY d.deployment_id, d.latitude, d.longitude, p.country, d.owner_area_id, p.located_in_area_id, d.synthetic
ORDER BY d.deployment_id;
