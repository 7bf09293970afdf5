-- The hotspots detected from $date_from on within a region's countries, each with the protected
-- area it fell in (NULL outside every area): which parks burned, and where between them.
-- sensitive: none (satellite detections are public)
WITH region AS (SELECT ST_Union_Agg(geom) AS g FROM countries WHERE region_id = $region)
SELECT h.hotspot_id, h.detected_at, h.latitude, h.longitude, h.confidence, h.frp_mw, h.synthetic,
       (SELECT a.area_id FROM protected_areas a
        WHERE a.region_id = $region AND ST_Contains(a.geom, ST_Point(h.longitude, h.latitude))
        ORDER BY a.area_id LIMIT 1) AS area_id
FROM fire_hotspots h, region
WHERE h.detected_at >= $date_from AND ST_Contains(region.g, ST_Point(h.longitude, h.latitude))
ORDER BY h.detected_at;
