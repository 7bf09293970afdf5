-- A park's habitat map, replacing the one it had (GeoJSON geometry, WGS 84).
INSERT OR REPLACE INTO habitat_maps (area_id, geom, area_km2, source)
VALUES ($area_id, ST_GeomFromGeoJSON($geojson), $area_km2, $source);
