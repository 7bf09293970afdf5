-- 021: where each protected area's field data may lie, as WKB, computed when a boundary is written
-- (a derived table): the land its cameras may stand on and the outline of its own country. The
-- camera-trap and patrol importers check every place against them; reading WKB from a table needs
-- no spatial extension, whose loading cost every patrol import and every refused camera-trap
-- import a third of a second.
CREATE TABLE area_land (
    area_id     VARCHAR NOT NULL,  -- one row per protected area; no key: rewritten whole
    country     VARCHAR,           -- the area's country (ISO)
    land_wkb    BLOB,              -- its region's land (the union of its countries' parts), or for an
                                   -- area in a country the region's shapes do not cover, its own
                                   -- boundary with a margin of 0.5 degrees (lon/lat)
    country_wkb BLOB               -- its own country's part of its region (lon/lat); NULL when none
);
