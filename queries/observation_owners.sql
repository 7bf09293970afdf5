-- The park that owns each of the observations $observation_ids (through its deployment): an
-- import checks its package's own ids, never loads the store's ten million.
SELECT o.observation_id, d.owner_area_id
FROM observations o JOIN deployments d USING (deployment_id)
WHERE o.observation_id IN (SELECT unnest($observation_ids::VARCHAR[]));
