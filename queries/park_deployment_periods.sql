-- The start and end of each of a park's deployments.
SELECT deployment_id, start_at, end_at FROM deployments WHERE owner_area_id = $park;
