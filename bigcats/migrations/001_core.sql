-- 001: the domain model of DESIGN.md. Constraints live here so that the database itself
-- refuses nonsense; every row says where it came from (source) and whether it is synthetic.

CREATE TABLE species (
    species_id      VARCHAR PRIMARY KEY,
    kind            VARCHAR NOT NULL CHECK (kind IN ('cat', 'prey')),
    scientific_name VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL, name_ru VARCHAR NOT NULL, name_zh VARCHAR NOT NULL, name_mn VARCHAR NOT NULL,
    daily_travel_km DOUBLE CHECK (daily_travel_km > 0),   -- d of the Formozov-Malyshev-Pereleshin formula
    source VARCHAR NOT NULL,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE regions (
    region_id VARCHAR PRIMARY KEY,
    name_en VARCHAR NOT NULL, name_ru VARCHAR NOT NULL, name_zh VARCHAR NOT NULL, name_mn VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    synthetic BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE countries (
    region_id VARCHAR NOT NULL REFERENCES regions (region_id),
    iso       VARCHAR NOT NULL CHECK (iso IN ('RU', 'CN', 'MN', 'KP')),
    geom      GEOMETRY NOT NULL,
    source    VARCHAR NOT NULL,
    synthetic BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (region_id, iso)
);

CREATE TABLE borders (
    region_id VARCHAR NOT NULL REFERENCES regions (region_id),
    country_a VARCHAR NOT NULL CHECK (country_a IN ('RU', 'CN', 'MN', 'KP')),
    country_b VARCHAR NOT NULL CHECK (country_b IN ('RU', 'CN', 'MN', 'KP')),
    geom      GEOMETRY NOT NULL,
    source    VARCHAR NOT NULL,
    synthetic BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (region_id, country_a, country_b),
    CHECK (country_a <> country_b)
);

CREATE TABLE proposals (
    proposal_id   INTEGER PRIMARY KEY,
    short_title   VARCHAR NOT NULL,
    title         VARCHAR NOT NULL,
    region_id     VARCHAR NOT NULL REFERENCES regions (region_id),
    species       VARCHAR NOT NULL,           -- ';'-separated species ids
    budget_usd    DECIMAL(12, 2) NOT NULL CHECK (budget_usd > 0),
    period_start  DATE NOT NULL,
    period_end    DATE NOT NULL,
    period_source VARCHAR NOT NULL,
    source        VARCHAR NOT NULL,
    synthetic     BOOLEAN NOT NULL DEFAULT false,
    CHECK (period_end >= period_start)
);

CREATE TABLE protected_areas (
    area_id           VARCHAR PRIMARY KEY,
    region_id         VARCHAR NOT NULL REFERENCES regions (region_id),
    country           VARCHAR NOT NULL CHECK (country IN ('RU', 'CN', 'MN', 'KP')),
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

CREATE TABLE activities (
    proposal_id        INTEGER NOT NULL REFERENCES proposals (proposal_id),
    code               VARCHAR NOT NULL,
    parent_code        VARCHAR,
    kind               VARCHAR NOT NULL CHECK (kind IN ('step', 'activity', 'budget_line', 'fee', 'admin', 'report')),
    title              VARCHAR NOT NULL,
    planned_budget_usd DECIMAL(12, 2) CHECK (planned_budget_usd >= 0),
    planned_start      DATE,
    planned_end        DATE,
    note               VARCHAR,
    source             VARCHAR NOT NULL,
    synthetic          BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (proposal_id, code),
    CHECK (planned_end >= planned_start)
);

-- An activity may run in several separate windows (e.g. "January 2020, January 2021, January 2022").
CREATE TABLE activity_periods (
    proposal_id INTEGER NOT NULL,
    code        VARCHAR NOT NULL,
    period_no   INTEGER NOT NULL CHECK (period_no >= 1),
    start_month DATE NOT NULL,
    end_month   DATE NOT NULL,
    source      VARCHAR NOT NULL,
    synthetic   BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (proposal_id, code, period_no),
    FOREIGN KEY (proposal_id, code) REFERENCES activities (proposal_id, code),
    CHECK (end_month >= start_month)
);

CREATE SEQUENCE expenditure_ids START 1;
CREATE TABLE expenditures (
    expenditure_id INTEGER PRIMARY KEY DEFAULT nextval('expenditure_ids'),
    proposal_id    INTEGER NOT NULL,
    activity_code  VARCHAR NOT NULL,
    spent_on       DATE NOT NULL,
    amount         DECIMAL(14, 2) NOT NULL CHECK (amount > 0),
    currency       VARCHAR NOT NULL CHECK (length(currency) = 3),
    rate_to_usd    DOUBLE NOT NULL CHECK (rate_to_usd > 0),
    description    VARCHAR,
    source         VARCHAR NOT NULL,
    synthetic      BOOLEAN NOT NULL DEFAULT false,
    FOREIGN KEY (proposal_id, activity_code) REFERENCES activities (proposal_id, code),
    CHECK (currency <> 'USD' OR rate_to_usd = 1)
);

CREATE TABLE progress_reports (
    proposal_id      INTEGER NOT NULL,
    activity_code    VARCHAR NOT NULL,
    reported_on      DATE NOT NULL,
    percent_complete DOUBLE NOT NULL CHECK (percent_complete BETWEEN 0 AND 100),
    note             VARCHAR,
    source           VARCHAR NOT NULL,
    synthetic        BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (proposal_id, activity_code, reported_on),
    FOREIGN KEY (proposal_id, activity_code) REFERENCES activities (proposal_id, code)
);

-- Numbers stated in the proposals that are not budgets, areas or population figures.
CREATE TABLE facts (
    fact_id     VARCHAR PRIMARY KEY,
    proposal_id INTEGER REFERENCES proposals (proposal_id),
    subject     VARCHAR NOT NULL,
    quantity    VARCHAR NOT NULL,
    value       DOUBLE,
    value_high  DOUBLE,
    unit        VARCHAR,
    qualifier   VARCHAR CHECK (qualifier IN ('exact', 'about', 'at least', 'more than', 'fewer than', 'range', 'date')),
    as_of       VARCHAR,
    quote       VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    synthetic   BOOLEAN NOT NULL DEFAULT false,
    CHECK (value_high IS NULL OR value_high >= value)
);

-- A deployment is a camera station for a period (Camtrap DP). The owning area keeps the
-- catalogue its detections go to; the country and the area it stands in are derived from its
-- location (view deployment_places), never typed in twice.
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

-- Each park keeps its own catalogue of individuals with its own IDs.
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
    observed_at       TIMESTAMP NOT NULL,
    species_id        VARCHAR NOT NULL REFERENCES species (species_id),
    count             INTEGER NOT NULL CHECK (count >= 1),
    catalogue_area_id VARCHAR,
    individual_id     VARCHAR,
    sex               VARCHAR CHECK (sex IN ('female', 'male', 'unknown')),
    life_stage        VARCHAR CHECK (life_stage IN ('adult', 'subadult', 'juvenile', 'unknown')),
    source            VARCHAR NOT NULL,
    synthetic         BOOLEAN NOT NULL DEFAULT false,
    FOREIGN KEY (catalogue_area_id, individual_id) REFERENCES individuals (catalogue_area_id, individual_id),
    CHECK ((catalogue_area_id IS NULL) = (individual_id IS NULL))
);

-- Two catalogue entries are one animal: who matched them, when, on what evidence.
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

-- Computed and reported figures alike: method 'reported' carries the document as its source.
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

-- Winter snow-track census (Proposal 2, Activity 1).
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

CREATE TABLE feasibility_items (
    proposal_id INTEGER NOT NULL REFERENCES proposals (proposal_id),
    item_code   VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL CHECK (kind IN ('activity', 'deliverable', 'output', 'objective')),
    title       VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    synthetic   BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (proposal_id, item_code)
);

CREATE TABLE feasibility_indicators (
    indicator_id VARCHAR PRIMARY KEY,
    proposal_id  INTEGER NOT NULL,
    item_code    VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    value        DOUBLE,
    unit         VARCHAR,
    status       VARCHAR NOT NULL CHECK (status IN ('not started', 'in progress', 'done')),
    evidence     VARCHAR,
    recorded_on  DATE NOT NULL,
    source       VARCHAR NOT NULL,
    synthetic    BOOLEAN NOT NULL DEFAULT false,
    FOREIGN KEY (proposal_id, item_code) REFERENCES feasibility_items (proposal_id, item_code)
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

-- The seed and parameters of each demo simulation, so a synthetic row can be traced to its run.
CREATE TABLE simulation_runs (
    run_id     VARCHAR PRIMARY KEY,
    seed       INTEGER NOT NULL,
    parameters VARCHAR NOT NULL,
    source     VARCHAR NOT NULL,
    synthetic  BOOLEAN NOT NULL DEFAULT true
);
