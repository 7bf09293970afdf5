-- The park that owns each observation (through its deployment).
SELECT o.observation_id, d.owner_area_id FROM observations o JOIN deployments d USING (deployment_id);
