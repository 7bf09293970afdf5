-- Independent detections of a species in a survey scope (a park, a region, or 'region:ISO') and
-- period: a photograph counts when no photograph of the same species was taken at the same
-- deployment in the $independence_minutes before it (the previous photograph, not the first of
-- the event). Local clock time (observed_at), and where the camera stands, for sun time.
-- sensitive: latitude=latitude, longitude=longitude
-- owner: owner_area_id
WITH photographs AS (
    SELECT o.observation_id, o.deployment_id, o.observed_at, o.synthetic, p.owner_area_id, p.region_id, p.country,
           d.latitude, d.longitude,
           lag(o.observed_at) OVER (PARTITION BY o.deployment_id ORDER BY o.observed_at, o.observation_id) AS previous_at
    FROM observations o
    JOIN deployments d USING (deployment_id)
    JOIN deployment_places p USING (deployment_id)
    WHERE o.species_id = $species
      AND (p.owner_area_id = $scope OR p.region_id = $scope OR p.region_id || ':' || p.country = $scope)
      AND o.observed_at >= $date_from::DATE
      AND o.observed_at < $date_to::DATE + INTERVAL 1 DAY
)
SELECT observation_id, deployment_id, observed_at, owner_area_id, region_id, country, latitude, longitude, synthetic
FROM photographs
WHERE previous_at IS NULL OR observed_at - previous_at > to_minutes($independence_minutes::BIGINT)
ORDER BY observed_at, observation_id;
