-- The geometry an SECR mask and its abundance need for a scope: the land of the scope's region
-- (the union of its countries; the habitat mask is clipped to it), each protected area of the
-- region whose cameras are in the scope (to report the expected number of animals in it), and the
-- part of each area with a habitat map that its map leaves out (not habitat: no mask cell there).
WITH scope_region AS (
    SELECT DISTINCT p.region_id FROM deployment_places p
    WHERE p.owner_area_id = $scope OR p.region_id = $scope OR p.region_id || ':' || p.country = $scope
),
scope_areas AS (
    SELECT DISTINCT p.owner_area_id FROM deployment_places p
    WHERE p.owner_area_id = $scope OR p.region_id = $scope OR p.region_id || ':' || p.country = $scope
)
SELECT 'land' AS kind, region_id, region_id AS id, ST_AsWKB(ST_Union_Agg(geom)) AS wkb
FROM countries WHERE region_id IN (SELECT region_id FROM scope_region) GROUP BY region_id
UNION ALL
SELECT 'area', region_id, area_id, ST_AsWKB(geom)
FROM protected_areas WHERE area_id IN (SELECT owner_area_id FROM scope_areas)
UNION ALL
SELECT 'not_habitat', a.region_id, h.area_id, ST_AsWKB(ST_Difference(a.geom, h.geom))
FROM habitat_maps h JOIN protected_areas a USING (area_id)
WHERE a.region_id IN (SELECT region_id FROM scope_region)
ORDER BY 1 DESC, 3;
