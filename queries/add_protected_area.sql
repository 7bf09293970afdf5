-- A protected area with its names in the four languages, its reported area and its boundary.
INSERT INTO protected_areas (area_id, region_id, country, status, kind, name_en, name_ru, name_zh, name_mn,
                             area_km2_reported, area_source, established, schematic, source, geom)
VALUES ($area_id, $region_id, $country, $status, $kind, $name_en, $name_ru, $name_zh, $name_mn,
        $area_km2_reported, $area_source, $established, $schematic, $source, ST_GeomFromGeoJSON($geojson));
