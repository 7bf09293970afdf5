-- 014: snow-leopard sign surveys (issue 17; Proposal 3's "unified survey design and special mobile
-- application"): the routes and transects walked, and the scrapes, scats, tracks, kills and
-- sightings found on them, imported from the field app's export (bigcats/ingest/signs.py).
CREATE TABLE sign_routes (
    route_id    VARCHAR PRIMARY KEY,
    area_id     VARCHAR NOT NULL REFERENCES protected_areas (area_id),
    surveyed_on DATE NOT NULL,
    length_km   DOUBLE NOT NULL CHECK (length_km > 0 AND length_km <= 100),
    geom        GEOMETRY,                 -- the walked line (WGS 84), when the app recorded it
    observer    VARCHAR,
    source      VARCHAR NOT NULL,
    synthetic   BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE signs (
    sign_id     VARCHAR PRIMARY KEY,
    route_id    VARCHAR NOT NULL REFERENCES sign_routes (route_id),
    sign_type   VARCHAR NOT NULL CHECK (sign_type IN ('scrape', 'scat', 'track', 'kill', 'sighting', 'urine', 'hair', 'rub')),
    species_id  VARCHAR REFERENCES species (species_id),
    latitude    DOUBLE CHECK (latitude BETWEEN -90 AND 90),
    longitude   DOUBLE CHECK (longitude BETWEEN -180 AND 180),
    age         VARCHAR CHECK (age IN ('fresh', 'old', 'unknown')),
    sample_id   VARCHAR,                  -- a scat or hair collected for DNA
    source      VARCHAR NOT NULL,
    synthetic   BOOLEAN NOT NULL DEFAULT false,
    CHECK ((latitude IS NULL) = (longitude IS NULL))
);

COMMENT ON COLUMN sign_routes.geom IS 'sensitive: place';
COMMENT ON COLUMN sign_routes.observer IS 'sensitive: personal';
COMMENT ON COLUMN signs.latitude IS 'sensitive: latitude';
COMMENT ON COLUMN signs.longitude IS 'sensitive: longitude';
