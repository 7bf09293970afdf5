-- One protected area's bounding box (lon/lat) and its region: a habitat map for it must lie there.
SELECT area_id, region_id, x0, y0, x1, y1
FROM area_envelopes WHERE area_id = $area_id;
