-- The package's observations (the frame `package_observations`, its column observation_id) that
-- a park other than $park owns, through their deployment, with that park: an import checks its
-- own ids, never loads the store's ten million, and a re-import of a park's own two million
-- brings none of them to Python.
-- frame: package_observations (observation_id)
SELECT o.observation_id, d.owner_area_id
FROM observations o JOIN deployments d USING (deployment_id)
WHERE o.observation_id IN (SELECT observation_id FROM package_observations)
  AND d.owner_area_id <> $park;
