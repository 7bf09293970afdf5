-- 016: the bounding box of each protected area and of its region's countries, computed when a
-- boundary is written (a derived table). Every importer checks that a place lies near its area
-- with these boxes; reading them from a table needs no spatial extension, whose loading cost
-- each refused import a third of a second.
CREATE TABLE area_envelopes (
    area_id   VARCHAR NOT NULL,  -- one row per protected area; no key: rewritten whole
    region_id VARCHAR,
    x0 DOUBLE, y0 DOUBLE, x1 DOUBLE, y1 DOUBLE,              -- the area's own boundary (lon/lat)
    region_x0 DOUBLE, region_y0 DOUBLE, region_x1 DOUBLE, region_y1 DOUBLE  -- its region's countries
);
