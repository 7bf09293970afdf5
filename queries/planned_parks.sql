-- The parks a proposal plans (its target areas not yet established), with their region,
-- geometry (WKB, lon/lat) and whether the boundary is schematic.
SELECT a.area_id, a.region_id, ST_AsWKB(a.geom) AS wkb, a.schematic
FROM proposal_areas pa
JOIN protected_areas a USING (area_id)
WHERE pa.proposal_id = $proposal_id AND pa.role = 'target' AND a.status = 'planned'
ORDER BY a.area_id;
