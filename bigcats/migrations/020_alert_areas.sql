-- An alert's place may be an area (a fire's extent, a stretch searched for snares): its polygon as
-- GeoJSON, beside the point that stands for it (a point inside the area). The area is as
-- sensitive as the point: only the two parks' editors and the admins see it.
ALTER TABLE alerts ADD COLUMN area_geojson VARCHAR;
COMMENT ON COLUMN alerts.area_geojson IS 'sensitive: place';
