-- The state border between two countries in a region (GeoJSON geometry, WGS 84).
INSERT INTO borders (region_id, country_a, country_b, geom, source, synthetic)
VALUES ($region_id, $country_a, $country_b, ST_GeomFromGeoJSON($geojson), $source, false);
