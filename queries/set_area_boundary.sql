-- A protected area's boundary replaced by a surveyed one (GeoJSON geometry, WGS 84).
UPDATE protected_areas SET geom = ST_GeomFromGeoJSON($geojson), schematic = false, source = $source
WHERE area_id = $area_id;
