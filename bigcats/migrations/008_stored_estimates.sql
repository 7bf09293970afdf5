-- 008: population estimates are stored, not held in one server process's memory (issue 13).
-- A page never runs an estimator inside a request: it reads these tables, and what is missing or
-- out of date is computed by a worker (bigcats.stored_estimates) and written here.

-- How many times the data a family of results is computed from has been written: results carry
-- the version they were computed from, and a result of an older version is out of date.
-- 'monitoring' counts writes to the camera-trap tables (bigcats.store.MONITORING_TABLES).
CREATE TABLE data_versions (
    name       VARCHAR PRIMARY KEY,
    version    BIGINT NOT NULL,
    written_at TIMESTAMP NOT NULL
);
INSERT INTO data_versions VALUES ('monitoring', 1, current_timestamp);

-- One row per survey year computed by one method: when, from which data version, how long it
-- took, and why no estimate when the data cannot support the method (note).
CREATE TABLE survey_estimate_runs (
    species_id    VARCHAR NOT NULL,
    scope         VARCHAR NOT NULL,
    year          INTEGER NOT NULL,
    method        VARCHAR NOT NULL,
    occasion_days INTEGER NOT NULL,   -- 1 for SECR (one-day proximity occasions)
    data_version  BIGINT NOT NULL,
    computed_at   TIMESTAMP NOT NULL,
    seconds       DOUBLE NOT NULL,
    note          VARCHAR,
    PRIMARY KEY (species_id, scope, year, method, occasion_days)
);

-- The rows of bigcats.population.RESULT_SCHEMA of each run (SECR: the density and each park's
-- expected number; the closed models: one abundance).
CREATE TABLE survey_estimates (
    species_id    VARCHAR NOT NULL,
    scope         VARCHAR NOT NULL,
    year          INTEGER NOT NULL,
    method        VARCHAR NOT NULL,
    occasion_days INTEGER NOT NULL,
    quantity      VARCHAR NOT NULL,
    region        VARCHAR NOT NULL,
    period_start  DATE NOT NULL,
    period_end    DATE NOT NULL,
    estimate      DOUBLE,
    se            DOUBLE,
    lcl           DOUBLE,
    ucl           DOUBLE,
    detected      BIGINT,
    occasions     BIGINT,
    model         VARCHAR,
    g0            DOUBLE,
    sigma_km      DOUBLE,
    mask          VARCHAR,
    synthetic     BOOLEAN NOT NULL,
    PRIMARY KEY (species_id, scope, year, method, occasion_days, quantity, region)
);
