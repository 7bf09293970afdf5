-- 024: the observations' references are checked by a query at commit, not by DuckDB per row
-- (issue 13).
--
-- DuckDB keeps a foreign key with an index on the referring columns and probes the parent's key
-- for every row inserted. On observations, the one table of millions of rows, those three
-- references cost more than half of a large import: two million observations took 12.9 s to
-- insert and 8.8 s to commit with them, 6.4 s and 3.2 s with the primary key alone
-- (benchmarks/README.md). The references stay declared, here as rows: every store checks them
-- in the writing transaction with one set-based query per reference (bigcats.schema:
-- violation_queries), as a DuckLake store checks all of its constraints, and refuses the
-- commit with the same words DuckDB uses. The key and the checks stay DuckDB's.
CREATE TABLE checked_references (
    table_name         VARCHAR NOT NULL,
    columns            VARCHAR NOT NULL,  -- the referring columns, comma-separated, in order
    referenced_table   VARCHAR NOT NULL,
    referenced_columns VARCHAR NOT NULL,  -- the referenced key's columns, in the same order
    why                VARCHAR NOT NULL,
    PRIMARY KEY (table_name, columns)
);
INSERT INTO checked_references VALUES
    ('observations', 'deployment_id', 'deployments', 'deployment_id',
     'millions of rows: a per-row foreign key is half the cost of an import'),
    ('observations', 'species_id', 'species', 'species_id',
     'millions of rows: a per-row foreign key is half the cost of an import'),
    ('observations', 'catalogue_area_id,individual_id', 'individuals', 'catalogue_area_id,individual_id',
     'millions of rows: a per-row foreign key is half the cost of an import');

-- Nothing refers to observations, so the table alone is rebuilt (DuckDB cannot drop a
-- constraint); views and macros are bound by name and survive.
CREATE TABLE keep_observations AS SELECT * FROM observations;
DROP TABLE observations;
CREATE TABLE observations (
    observation_id    VARCHAR PRIMARY KEY,
    deployment_id     VARCHAR NOT NULL,      -- checked_references: deployments
    observed_at       TIMESTAMP NOT NULL,     -- Camtrap DP eventStart, the park's local time
    event_end         TIMESTAMP,              -- eventEnd (null: the same as observed_at)
    event_id          VARCHAR,
    observation_level VARCHAR NOT NULL DEFAULT 'event' CHECK (observation_level IN ('media', 'event')),
    observation_type  VARCHAR NOT NULL DEFAULT 'animal'
                      CHECK (observation_type IN ('animal', 'human', 'vehicle', 'blank', 'unknown', 'unclassified')),
    species_id        VARCHAR,                -- checked_references: species; none for a blank
    count             INTEGER CHECK (count >= 1),
    catalogue_area_id VARCHAR,                -- with individual_id, checked_references: individuals
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
    CHECK ((catalogue_area_id IS NULL) = (individual_id IS NULL)),
    CHECK (individual_id IS NULL OR species_id IS NOT NULL),
    CHECK (event_end IS NULL OR event_end >= observed_at),
    CHECK (observation_level = 'event' OR media_id IS NOT NULL)
);
INSERT INTO observations BY NAME SELECT * FROM keep_observations;
DROP TABLE keep_observations;
COMMENT ON COLUMN observations.classified_by IS 'sensitive: personal';
