-- Camera deployments of a survey scope (park, region, or 'region:ISO') active at some time in
-- the period, with where they stand.
-- sensitive: latitude=latitude, longitude=longitude, grid_cell=place
-- owner: owner_area_id
SELECT d.deployment_id, d.start_at, d.end_at, d.latitude, d.longitude, d.grid_cell,
       p.owner_area_id, p.region_id, p.country, d.synthetic
FROM deployments d
JOIN deployment_places p USING (deployment_id)
WHERE (p.owner_area_id = $scope OR p.region_id = $scope OR p.region_id || ':' || p.country = $scope)
  AND d.start_at < $date_to::DATE + INTERVAL 1 DAY
  AND d.end_at >= $date_from::DATE
ORDER BY d.deployment_id;
