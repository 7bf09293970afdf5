-- The park that owns each of the package's observations (the frame `package_observations`, its
-- column observation_id), through its deployment: an import checks its own ids, never loads the
-- store's ten million.
-- frame: package_observations (observation_id)
SELECT o.observation_id, d.owner_area_id
FROM observations o JOIN deployments d USING (deployment_id)
WHERE o.observation_id IN (SELECT observation_id FROM package_observations);
