-- 007: what pages read is computed when the data it depends on is written (issue 13). Each
-- table here is derived: `bigcats.derived` recomputes it from its sources in the transaction
-- that writes them, with the query queries/derive_<table>.sql; nothing else writes it.

-- where each deployment stands (was a view re-running point-in-polygon joins on every read)
DROP VIEW deployment_places;
CREATE TABLE deployment_places (
    deployment_id      VARCHAR NOT NULL,  -- one row per deployment (the query ranks); no key: rewritten whole
    owner_area_id      VARCHAR NOT NULL,
    region_id          VARCHAR NOT NULL,
    country            VARCHAR,
    located_in_area_id VARCHAR
);

-- each catalogue entry's animal: the connected set of entries joined by individual links,
-- named by its smallest entry 'AREA/ID' (was a recursive query in two named queries)
CREATE TABLE catalogue_animals (
    catalogue_area_id VARCHAR NOT NULL,
    individual_id     VARCHAR NOT NULL,
    species_id        VARCHAR NOT NULL,
    animal_id         VARCHAR NOT NULL  -- one row per entry (grouped); no key: rewritten whole
);

-- when each derived table was last computed, and from which writes
CREATE TABLE derived_tables (
    table_name  VARCHAR PRIMARY KEY,
    computed_at TIMESTAMP NOT NULL,
    rows        BIGINT NOT NULL
);
