-- 013: a park's own habitat map (issue 17). Where an area has one, an SECR mask keeps only the
-- cells inside its habitat (elsewhere the land of the region, as before), and E(N) in the park
-- is over its habitat the mask covers. One geometry per area (the union of the file's polygons),
-- replaced by the next import.
CREATE TABLE habitat_maps (
    area_id     VARCHAR PRIMARY KEY REFERENCES protected_areas (area_id),
    geom        GEOMETRY NOT NULL,      -- WGS 84 lon/lat, (Multi)Polygon
    area_km2    DOUBLE NOT NULL CHECK (area_km2 > 0),
    source      VARCHAR NOT NULL,
    synthetic   BOOLEAN NOT NULL DEFAULT false
);
