-- A park's habitat map, replacing the one it had (GeoJSON geometry, WGS 84).
MERGE INTO habitat_maps USING (SELECT $area_id::VARCHAR AS area_id) new ON habitat_maps.area_id = new.area_id
WHEN MATCHED THEN UPDATE SET geom = ST_GeomFromGeoJSON($geojson), area_km2 = $area_km2, source = $source,
                             synthetic = false
WHEN NOT MATCHED THEN INSERT (area_id, geom, area_km2, source, synthetic)
    VALUES (new.area_id, ST_GeomFromGeoJSON($geojson), $area_km2, $source, false);
