-- A country's part of a region (GeoJSON geometry, WGS 84).
INSERT INTO countries (region_id, iso, geom, source, synthetic)
VALUES ($region_id, $iso, ST_GeomFromGeoJSON($geojson), $source, false);
