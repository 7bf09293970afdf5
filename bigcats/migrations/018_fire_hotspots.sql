-- 018: satellite fire hotspots (issue 15: "a burnt-area or hotspot file imported as GeoJSON or CSV
-- (points with date and confidence, as satellite fire products publish them) shows which parks
-- and corridors burned"). One row per detection of NASA FIRMS' active-fire products (VIIRS 375 m,
-- MODIS 1 km), as the park downloads them; public data, so positions are not sensitive.
CREATE TABLE fire_hotspots (
    hotspot_id  VARCHAR PRIMARY KEY,   -- instrument, satellite, time and place: a detection imported twice is one row
    detected_at TIMESTAMP NOT NULL,    -- UTC (FIRMS acq_date and acq_time)
    latitude    DOUBLE NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude   DOUBLE NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    confidence  VARCHAR NOT NULL CHECK (confidence IN ('low', 'nominal', 'high')),
    frp_mw      DOUBLE CHECK (frp_mw IS NULL OR frp_mw >= 0),   -- fire radiative power
    satellite   VARCHAR,
    instrument  VARCHAR,
    source      VARCHAR NOT NULL,
    synthetic   BOOLEAN NOT NULL DEFAULT false
);
