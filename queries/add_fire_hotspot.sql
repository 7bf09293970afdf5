-- A satellite hotspot (an import adds those not stored yet).
-- sensitive: none
INSERT INTO fire_hotspots (hotspot_id, detected_at, latitude, longitude, confidence, frp_mw, satellite, instrument, source)
SELECT $hotspot_id, $detected_at, $latitude, $longitude, $confidence, $frp_mw, $satellite, $instrument, $source
WHERE NOT EXISTS (SELECT 1 FROM fire_hotspots WHERE hotspot_id = $hotspot_id);
