-- The version of the camera-trap data: how many writes to it have been committed (stored
-- estimates carry the version they were computed from).
SELECT version, written_at FROM data_versions WHERE name = 'monitoring';
