-- A park's camera deployments active at some time in a period (the deployments of a
-- Camtrap DP export), with the country each stands in.
-- sensitive: latitude=latitude, longitude=longitude, location_id=place, grid_cell=place
-- owner: owner_area_id
SELECT d.deployment_id, d.location_id, d.latitude, d.longitude, d.start_at, d.end_at, d.grid_cell,
       d.owner_area_id, p.country, p.region_id, d.synthetic
FROM deployments d
JOIN deployment_places p USING (deployment_id)
WHERE d.owner_area_id = $park
  AND d.start_at < $date_to::DATE + INTERVAL 1 DAY
  AND d.end_at >= $date_from::DATE
ORDER BY d.deployment_id;
