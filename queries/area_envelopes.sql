-- The bounding box (lon/lat) of each protected area's boundary: a census route must lie near it.
SELECT area_id, x0, y0, x1, y1 FROM area_envelopes ORDER BY area_id;
