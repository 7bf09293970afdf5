-- 019: patrols from SMART (issue 15; Proposal 1, Step 3: trainings on "the updated SMART system
-- for collection and recording of patrolling materials and incident recording"; workplan:
-- "coordinate patrolling along Sino-Russian border"). A park's SMART patrol export (patrol XML
-- 1.3) as SMART structures it: patrol -> legs (transport, members, mandate) -> days (a track)
-- -> waypoints -> observations (a category) -> attribute values. A patrol is stored under its park
-- and SMART's id (`patrol_key`): importing it again with the same content changes nothing, a
-- changed export replaces every row of its earlier version (`content_hash` tells them apart).
-- Child tables carry patrol_key without a foreign key, so that a replacement can delete and
-- insert in one transaction.
--
-- Personal data (issue 15: "names and employee ids of rangers, and of people encountered:
-- names, national id numbers, phone numbers, place of origin") is in columns declared
-- `sensitive: personal` below and reaches only the owning park's editors and the admins: the
-- rangers' names and ids, the patrol's free-text comment, every free-text value (sValue) of an
-- observation, and every value of an attribute data/seed/smart_personal_attributes.csv names.
CREATE TABLE patrols (
    patrol_key     VARCHAR PRIMARY KEY,        -- '<park>/<SMART patrol id>'
    area_id        VARCHAR NOT NULL REFERENCES protected_areas (area_id),
    smart_id       VARCHAR NOT NULL,
    patrol_type    VARCHAR,                    -- SMART's patrolType: GROUND, WATER, AIR, ...
    start_date     DATE NOT NULL,
    end_date       DATE NOT NULL,
    is_armed       BOOLEAN,
    objective      VARCHAR,
    team           VARCHAR,
    station        VARCHAR,
    patrol_comment VARCHAR,
    content_hash   VARCHAR NOT NULL,
    source         VARCHAR NOT NULL,           -- the file it came from
    imported_at    TIMESTAMP NOT NULL,
    synthetic      BOOLEAN NOT NULL DEFAULT false,
    UNIQUE (area_id, smart_id),
    CHECK (end_date >= start_date)
);

CREATE TABLE patrol_legs (
    patrol_key     VARCHAR NOT NULL,
    leg_id         VARCHAR NOT NULL,
    start_date     DATE,
    end_date       DATE,
    transport_type VARCHAR,
    mandate        VARCHAR,
    PRIMARY KEY (patrol_key, leg_id)
);

-- the people of a leg: shown to others as their team and role (leader, pilot, member) only
CREATE TABLE patrol_members (
    patrol_key     VARCHAR NOT NULL,
    leg_id         VARCHAR NOT NULL,
    member_no      INTEGER NOT NULL,
    employee_id    VARCHAR,
    given_name     VARCHAR,
    family_name    VARCHAR,
    is_leader      BOOLEAN NOT NULL DEFAULT false,
    is_pilot       BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (patrol_key, leg_id, member_no)
);

-- a day of a leg and its GPS track: length on the ellipsoid (WGS 84), computed at import
CREATE TABLE patrol_days (
    patrol_key     VARCHAR NOT NULL,
    leg_id         VARCHAR NOT NULL,
    patrol_day     DATE NOT NULL,
    start_time     TIME,
    end_time       TIME,
    rest_minutes   INTEGER CHECK (rest_minutes IS NULL OR rest_minutes >= 0),
    track_km       DOUBLE NOT NULL DEFAULT 0 CHECK (track_km >= 0),
    stated_km      DOUBLE CHECK (stated_km IS NULL OR stated_km >= 0),   -- SMART's own distance
    track_wkb      BLOB,                       -- the line, WKB in WGS 84 (exact: where rangers walk)
    PRIMARY KEY (patrol_key, leg_id, patrol_day)
);

CREATE TABLE patrol_waypoints (
    patrol_key     VARCHAR NOT NULL,
    leg_id         VARCHAR NOT NULL,
    waypoint_id    VARCHAR NOT NULL,
    patrol_day     DATE NOT NULL,
    observed_at    TIMESTAMP,
    latitude       DOUBLE NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude      DOUBLE NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    PRIMARY KEY (patrol_key, leg_id, waypoint_id)
);

-- one observation group's observation: a SMART category key (e.g. threats.snares)
CREATE TABLE patrol_observations (
    patrol_key     VARCHAR NOT NULL,
    leg_id         VARCHAR NOT NULL,
    waypoint_id    VARCHAR NOT NULL,
    observation_no INTEGER NOT NULL,
    category_key   VARCHAR NOT NULL,
    PRIMARY KEY (patrol_key, leg_id, waypoint_id, observation_no)
);

CREATE TABLE patrol_observation_values (
    patrol_key     VARCHAR NOT NULL,
    leg_id         VARCHAR NOT NULL,
    waypoint_id    VARCHAR NOT NULL,
    observation_no INTEGER NOT NULL,
    attribute_key  VARCHAR NOT NULL,
    item_key       VARCHAR,                    -- a choice of the data model's list
    number_value   DOUBLE,
    bool_value     BOOLEAN,
    text_value     VARCHAR,                    -- free text: may name people, so personal
    personal_value VARCHAR,                    -- any value of a personal attribute (name, id, phone, origin)
    PRIMARY KEY (patrol_key, leg_id, waypoint_id, observation_no, attribute_key)
);

-- patrol effort on the unified grid (bigcats.corridors.grid_cells: cells of 5 km in the region's
-- metric projection): km of track of each patrol day in each cell, computed at import
CREATE TABLE patrol_effort_cells (
    patrol_key     VARCHAR NOT NULL,
    leg_id         VARCHAR NOT NULL,
    patrol_day     DATE NOT NULL,
    region_id      VARCHAR NOT NULL,
    cell_km        DOUBLE NOT NULL,
    ix             INTEGER NOT NULL,
    iy             INTEGER NOT NULL,
    km             DOUBLE NOT NULL CHECK (km >= 0),
    PRIMARY KEY (patrol_key, leg_id, patrol_day, ix, iy)
);

COMMENT ON COLUMN patrols.patrol_comment IS 'sensitive: personal';
COMMENT ON COLUMN patrol_members.employee_id IS 'sensitive: personal';
COMMENT ON COLUMN patrol_members.given_name IS 'sensitive: personal';
COMMENT ON COLUMN patrol_members.family_name IS 'sensitive: personal';
COMMENT ON COLUMN patrol_days.track_wkb IS 'sensitive: place';
COMMENT ON COLUMN patrol_observation_values.text_value IS 'sensitive: personal';
COMMENT ON COLUMN patrol_observation_values.personal_value IS 'sensitive: personal';
