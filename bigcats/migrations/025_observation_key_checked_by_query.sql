-- 025: the observations' key is checked by a query at commit, not by DuckDB's index (issue 13).
--
-- DuckDB keeps a primary key as an index (ART) that every inserted row is probed against and
-- that the commit writes out: on a first import of two million observations it cost 3.3 of the
-- import's 18.5 s (4.4 s to insert and 1.9 s to commit with it, 2.9 s and 0.1 s without), and the
-- index of ten million keys is held in the server's memory. The key stays declared, here as a
-- row, and every store checks it in the writing transaction with a set-based query over the rows
-- the write wrote (0.35 s for 182,000 rows written into 10.9 million; bigcats.schema:
-- violation_queries), refusing the commit with DuckDB's own words, as migration 024 does for the
-- references. Store.table_shape reads the declared key where the catalogue has none.
CREATE TABLE checked_keys (
    table_name VARCHAR PRIMARY KEY,
    columns    VARCHAR NOT NULL,  -- the key's columns, comma-separated, in order
    why        VARCHAR NOT NULL
);
INSERT INTO checked_keys VALUES
    ('observations', 'observation_id',
     'millions of rows: an index probed per row and written at commit is a sixth of an import');

-- Nothing refers to observations, so the table alone is rebuilt (DuckDB cannot drop a key).
CREATE TABLE keep_observations AS SELECT * FROM observations;
DROP TABLE observations;
CREATE TABLE observations (
    observation_id    VARCHAR NOT NULL,  -- checked_keys: unique
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
-- in the order the rows were written, and in full row groups: without an index DuckDB merges
-- part-filled groups at a checkpoint (a parallel copy left 58 of 141 part-filled on 10.9M rows, and
-- the first writes after it took 4-8 s to commit); in time order instead, the pages' questions
-- about one species' identified animals read twice to four times as long (their rows, written
-- together by the park's imports, were spread over every row group)
INSERT INTO observations BY NAME SELECT * FROM keep_observations ORDER BY rowid;
DROP TABLE keep_observations;
COMMENT ON COLUMN observations.classified_by IS 'sensitive: personal';
