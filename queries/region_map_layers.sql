-- The layers of a region's map as GeoJSON: countries, international borders and protected
-- areas (named in $lang), for drawing in lon/lat.
SELECT 'country' AS layer, iso AS id, iso AS name, iso AS country, NULL AS status, NULL AS schematic,
       ST_AsGeoJSON(geom) AS geojson
FROM countries WHERE region_id = $region
UNION ALL
SELECT 'border', country_a || '-' || country_b, country_a || '–' || country_b, NULL, NULL, NULL, ST_AsGeoJSON(geom)
FROM borders WHERE region_id = $region
UNION ALL
SELECT 'area', area_id,
       in_lang($lang, name_en, name_ru, name_zh, name_mn),
       country, status, schematic, ST_AsGeoJSON(geom)
FROM protected_areas WHERE region_id = $region
ORDER BY 1 DESC, 2;
