-- 012: a park's whole Camtrap DP export gets in (issue 17).
--
-- * species becomes the store's taxonomy: every taxon a package names (deer, boar, badgers,
--   birds, people), with its rank, its identifier in a checklist and its vernacular names; `kind`
--   says which are the programme's focus ('cat'), which are prey ('prey': the ungulates of the
--   unified monitoring) and which are everything else ('other').
-- * observations keeps every observation of a package: blank, unknown, unclassified, human and
--   vehicle as well as animal (observation_type), event-based (no media) as well as media-based
--   (observation_level); species and count are therefore optional, as in Camtrap DP.
-- * countries are any ISO 3166 alpha-2 code (new areas: Kazakhstan's Southern Altai, a partner's
--   site), not only the four of the seed regions.
--
-- DuckDB cannot drop a CHECK or NOT NULL constraint, and cannot drop a table other tables refer
-- to, so the tables whose constraints change are rebuilt, with every table that refers to them,
-- inside this migration's transaction: each is copied aside, the referring ones are dropped
-- first, all are created again with the new constraints and refilled by column name. Views and
-- macros are bound by name and survive; the column comments of migration 006 are declared again.

CREATE TABLE keep_species AS SELECT * FROM species;
CREATE TABLE keep_protected_areas AS SELECT * FROM protected_areas;
CREATE TABLE keep_countries AS SELECT * FROM countries;
CREATE TABLE keep_borders AS SELECT * FROM borders;
CREATE TABLE keep_proposal_areas AS SELECT * FROM proposal_areas;
CREATE TABLE keep_deployments AS SELECT * FROM deployments;
CREATE TABLE keep_individuals AS SELECT * FROM individuals;
CREATE TABLE keep_observations AS SELECT * FROM observations;
CREATE TABLE keep_media AS SELECT * FROM media;
CREATE TABLE keep_individual_links AS SELECT * FROM individual_links;
CREATE TABLE keep_census_routes AS SELECT * FROM census_routes;
CREATE TABLE keep_census_counts AS SELECT * FROM census_counts;
CREATE TABLE keep_publications AS SELECT * FROM publications;
CREATE TABLE keep_population_estimates AS SELECT * FROM population_estimates;

DROP TABLE individual_links;
DROP TABLE population_estimates;
DROP TABLE observations;
DROP TABLE media;
DROP TABLE census_counts;
DROP TABLE census_routes;
DROP TABLE individuals;
DROP TABLE deployments;
DROP TABLE proposal_areas;
DROP TABLE publications;
DROP TABLE protected_areas;
DROP TABLE species;
DROP TABLE countries;
DROP TABLE borders;

CREATE TABLE species (
    species_id      VARCHAR PRIMARY KEY,
    kind            VARCHAR NOT NULL CHECK (kind IN ('cat', 'prey', 'other')),
    scientific_name VARCHAR NOT NULL UNIQUE,
    taxon_rank      VARCHAR,              -- species, subspecies, genus, family, class ... (Darwin Core taxonRank)
    taxon_id        VARCHAR,              -- the taxon in a checklist (Catalogue of Life, GBIF), as a package gives it
    -- vernacular names; where a package gives none in a language, the scientific name (the
    -- name the field itself uses across languages), and `source` says so
    name_en VARCHAR NOT NULL, name_ru VARCHAR NOT NULL, name_zh VARCHAR NOT NULL, name_mn VARCHAR NOT NULL,
    daily_travel_km DOUBLE CHECK (daily_travel_km > 0),
    source          VARCHAR NOT NULL,
    synthetic       BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE population_estimates (
    estimate_id  VARCHAR PRIMARY KEY,
    species_id   VARCHAR NOT NULL REFERENCES species (species_id),
    scope        VARCHAR NOT NULL,           -- an area_id, a region_id, a country ISO code or 'world'
    scope_kind   VARCHAR NOT NULL CHECK (scope_kind IN ('area', 'areas', 'region', 'country', 'world')),
    period_start DATE NOT NULL,
    period_end   DATE NOT NULL,
    method       VARCHAR NOT NULL CHECK (method IN ('reported', 'mna', 'm0', 'mt', 'mh', 'secr')),
    quantity     VARCHAR NOT NULL CHECK (quantity IN ('abundance', 'density_per_100km2', 'detected', 'shared')),
    estimate     DOUBLE NOT NULL CHECK (estimate >= 0),
    estimate_high DOUBLE,
    qualifier    VARCHAR NOT NULL CHECK (qualifier IN ('exact', 'about', 'at least', 'fewer than', 'range', 'estimate')),
    se           DOUBLE CHECK (se >= 0),
    lcl          DOUBLE,
    ucl          DOUBLE,
    inputs       VARCHAR,                    -- JSON: area, occasions, model, mask
    quote        VARCHAR,
    source       VARCHAR NOT NULL,
    synthetic    BOOLEAN NOT NULL DEFAULT false,
    CHECK (period_end >= period_start),
    CHECK (estimate_high IS NULL OR estimate_high >= estimate)
);

CREATE TABLE countries (
    region_id VARCHAR NOT NULL REFERENCES regions (region_id),
    iso       VARCHAR NOT NULL CHECK (regexp_full_match(iso, '[A-Z]{2}')),
    geom      GEOMETRY NOT NULL,
    source    VARCHAR NOT NULL,
    synthetic BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (region_id, iso)
);

CREATE TABLE borders (
    region_id VARCHAR NOT NULL REFERENCES regions (region_id),
    country_a VARCHAR NOT NULL CHECK (regexp_full_match(country_a, '[A-Z]{2}')),
    country_b VARCHAR NOT NULL CHECK (regexp_full_match(country_b, '[A-Z]{2}')),
    geom      GEOMETRY NOT NULL,
    source    VARCHAR NOT NULL,
    synthetic BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (region_id, country_a, country_b),
    CHECK (country_a <> country_b)
);

CREATE TABLE protected_areas (
    area_id           VARCHAR PRIMARY KEY,
    region_id         VARCHAR NOT NULL REFERENCES regions (region_id),
    country           VARCHAR NOT NULL CHECK (regexp_full_match(country, '[A-Z]{2}')),   -- ISO 3166 alpha-2
    status            VARCHAR NOT NULL CHECK (status IN ('existing', 'planned')),
    kind              VARCHAR NOT NULL CHECK (kind IN ('national_park', 'nature_reserve', 'wildlife_refuge', 'survey_site')),
    name_en VARCHAR NOT NULL, name_ru VARCHAR, name_zh VARCHAR, name_mn VARCHAR,
    area_km2_reported DOUBLE CHECK (area_km2_reported > 0),
    area_source       VARCHAR,
    established       VARCHAR,
    schematic         BOOLEAN NOT NULL,
    geom              GEOMETRY NOT NULL,
    source            VARCHAR NOT NULL,
    synthetic         BOOLEAN NOT NULL DEFAULT false,
    CHECK (area_km2_reported IS NULL OR area_source IS NOT NULL)
);

CREATE TABLE proposal_areas (
    proposal_id INTEGER NOT NULL REFERENCES proposals (proposal_id),
    area_id     VARCHAR NOT NULL REFERENCES protected_areas (area_id),
    role        VARCHAR NOT NULL CHECK (role IN ('partner', 'target', 'adjacent')),
    source      VARCHAR NOT NULL,
    PRIMARY KEY (proposal_id, area_id)
);

CREATE TABLE publications (
    publication_id VARCHAR PRIMARY KEY,
    title_original VARCHAR NOT NULL,
    title_en       VARCHAR NOT NULL,
    authors        VARCHAR NOT NULL,
    year           INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),
    language       VARCHAR NOT NULL CHECK (language IN ('ru', 'zh', 'en', 'mn')),
    area_id        VARCHAR NOT NULL REFERENCES protected_areas (area_id),
    abstract_en    VARCHAR,
    doi            VARCHAR,
    url            VARCHAR,
    exchanged_on   DATE,
    exchanged_to   VARCHAR REFERENCES protected_areas (area_id),
    source         VARCHAR NOT NULL,
    synthetic      BOOLEAN NOT NULL DEFAULT false,
    CHECK ((exchanged_on IS NULL) = (exchanged_to IS NULL))
);

CREATE TABLE deployments (
    deployment_id VARCHAR PRIMARY KEY,
    owner_area_id VARCHAR NOT NULL REFERENCES protected_areas (area_id),
    location_id   VARCHAR,
    latitude      DOUBLE NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude     DOUBLE NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    start_at      TIMESTAMP NOT NULL,
    end_at        TIMESTAMP NOT NULL,
    grid_cell     VARCHAR,
    source        VARCHAR NOT NULL,
    synthetic     BOOLEAN NOT NULL DEFAULT false,
    CHECK (end_at >= start_at)
);

CREATE TABLE individuals (
    catalogue_area_id VARCHAR NOT NULL REFERENCES protected_areas (area_id),
    individual_id     VARCHAR NOT NULL,
    species_id        VARCHAR NOT NULL REFERENCES species (species_id),
    sex               VARCHAR NOT NULL CHECK (sex IN ('female', 'male', 'unknown')),
    alias             VARCHAR,
    source            VARCHAR NOT NULL,
    synthetic         BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (catalogue_area_id, individual_id)
);

CREATE TABLE observations (
    observation_id    VARCHAR PRIMARY KEY,
    deployment_id     VARCHAR NOT NULL REFERENCES deployments (deployment_id),
    observed_at       TIMESTAMP NOT NULL,     -- Camtrap DP eventStart, the park's local time
    event_end         TIMESTAMP,              -- eventEnd (null: the same as observed_at)
    event_id          VARCHAR,
    observation_level VARCHAR NOT NULL DEFAULT 'event' CHECK (observation_level IN ('media', 'event')),
    observation_type  VARCHAR NOT NULL DEFAULT 'animal'
                      CHECK (observation_type IN ('animal', 'human', 'vehicle', 'blank', 'unknown', 'unclassified')),
    species_id        VARCHAR REFERENCES species (species_id),   -- none for a blank or an unidentified animal
    count             INTEGER CHECK (count >= 1),
    catalogue_area_id VARCHAR,
    individual_id     VARCHAR,
    sex               VARCHAR CHECK (sex IN ('female', 'male', 'unknown')),
    life_stage        VARCHAR CHECK (life_stage IN ('adult', 'subadult', 'juvenile', 'unknown')),
    behavior          VARCHAR,
    classification_method      VARCHAR CHECK (classification_method IN ('human', 'machine')),
    classified_by              VARCHAR,   -- a person's name or a model's: personal (comment below)
    classification_probability DOUBLE CHECK (classification_probability BETWEEN 0 AND 1),
    source            VARCHAR NOT NULL,
    synthetic         BOOLEAN NOT NULL DEFAULT false,
    media_id          VARCHAR,
    FOREIGN KEY (catalogue_area_id, individual_id) REFERENCES individuals (catalogue_area_id, individual_id),
    CHECK ((catalogue_area_id IS NULL) = (individual_id IS NULL)),
    CHECK (individual_id IS NULL OR species_id IS NOT NULL),
    CHECK (event_end IS NULL OR event_end >= observed_at),
    CHECK (observation_level = 'event' OR media_id IS NOT NULL)
);

CREATE TABLE media (
    media_id       VARCHAR PRIMARY KEY,
    deployment_id  VARCHAR NOT NULL REFERENCES deployments (deployment_id),
    captured_at    TIMESTAMP NOT NULL,
    capture_method VARCHAR CHECK (capture_method IN ('activityDetection', 'timeLapse')),
    file_path      VARCHAR NOT NULL,
    file_public    BOOLEAN NOT NULL,
    file_name      VARCHAR,
    file_mediatype VARCHAR NOT NULL,
    content        BLOB,
    source         VARCHAR NOT NULL,
    synthetic      BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE individual_links (
    area_a       VARCHAR NOT NULL,
    individual_a VARCHAR NOT NULL,
    area_b       VARCHAR NOT NULL,
    individual_b VARCHAR NOT NULL,
    evidence     VARCHAR NOT NULL,
    matched_by   VARCHAR NOT NULL,
    matched_on   DATE NOT NULL,
    source       VARCHAR NOT NULL,
    synthetic    BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (area_a, individual_a, area_b, individual_b),
    FOREIGN KEY (area_a, individual_a) REFERENCES individuals (catalogue_area_id, individual_id),
    FOREIGN KEY (area_b, individual_b) REFERENCES individuals (catalogue_area_id, individual_id),
    CHECK (area_a <> area_b)
);

CREATE TABLE census_routes (
    route_id    VARCHAR PRIMARY KEY,
    area_id     VARCHAR NOT NULL REFERENCES protected_areas (area_id),
    surveyed_on DATE NOT NULL,
    length_km   DOUBLE NOT NULL CHECK (length_km > 0),
    geom        GEOMETRY,
    observer    VARCHAR,
    source      VARCHAR NOT NULL,
    synthetic   BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE census_counts (
    route_id   VARCHAR NOT NULL REFERENCES census_routes (route_id),
    species_id VARCHAR NOT NULL REFERENCES species (species_id),
    crossings  INTEGER NOT NULL CHECK (crossings >= 0),
    source     VARCHAR NOT NULL,
    synthetic  BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (route_id, species_id)
);

INSERT INTO species BY NAME SELECT * FROM keep_species;
INSERT INTO population_estimates BY NAME SELECT * FROM keep_population_estimates;
INSERT INTO countries BY NAME SELECT * FROM keep_countries;
INSERT INTO borders BY NAME SELECT * FROM keep_borders;
INSERT INTO protected_areas BY NAME SELECT * FROM keep_protected_areas;
INSERT INTO proposal_areas BY NAME SELECT * FROM keep_proposal_areas;
INSERT INTO publications BY NAME SELECT * FROM keep_publications;
INSERT INTO deployments BY NAME SELECT * FROM keep_deployments;
INSERT INTO individuals BY NAME SELECT * FROM keep_individuals;
-- what was stored before was one observation per photograph of an animal
INSERT INTO observations BY NAME
SELECT *, 'animal' AS observation_type,
       CASE WHEN media_id IS NULL THEN 'event' ELSE 'media' END AS observation_level
FROM keep_observations;
INSERT INTO media BY NAME SELECT * FROM keep_media;
INSERT INTO individual_links BY NAME SELECT * FROM keep_individual_links;
INSERT INTO census_routes BY NAME SELECT * FROM keep_census_routes;
INSERT INTO census_counts BY NAME SELECT * FROM keep_census_counts;

DROP TABLE keep_species;
DROP TABLE keep_protected_areas;
DROP TABLE keep_countries;
DROP TABLE keep_borders;
DROP TABLE keep_proposal_areas;
DROP TABLE keep_deployments;
DROP TABLE keep_individuals;
DROP TABLE keep_observations;
DROP TABLE keep_media;
DROP TABLE keep_individual_links;
DROP TABLE keep_census_routes;
DROP TABLE keep_census_counts;
DROP TABLE keep_publications;
DROP TABLE keep_population_estimates;

COMMENT ON COLUMN deployments.latitude IS 'sensitive: latitude';
COMMENT ON COLUMN deployments.longitude IS 'sensitive: longitude';
COMMENT ON COLUMN deployments.location_id IS 'sensitive: place';
COMMENT ON COLUMN deployments.grid_cell IS 'sensitive: place';
COMMENT ON COLUMN media.file_path IS 'sensitive: place';
COMMENT ON COLUMN media.file_name IS 'sensitive: place';
COMMENT ON COLUMN media.content IS 'sensitive: media';
COMMENT ON COLUMN observations.classified_by IS 'sensitive: personal';
