-- The park that owns each deployment: an import may not take over another park's camera.
SELECT deployment_id, owner_area_id FROM deployments;
