-- A write to the camera-trap data commits: every stored estimate computed before it is out of date.
UPDATE data_versions SET version = version + 1, written_at = current_timestamp WHERE name = 'monitoring';
