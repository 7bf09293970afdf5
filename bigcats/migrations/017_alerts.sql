-- 017: alerts between the parks (issue 15; Proposal 1, Step 3: "the procedures and system for
-- information sharing on poaching, smuggling and fire alerts"; workplan: "Develop system of alert
-- information exchange on forest fires, poachers and smugglers"). An alert is raised by a park,
-- may name the park across the border it concerns, and moves open -> acknowledged -> resolved;
-- each step says who and when. `changed_at` is the time of its last step: open pages poll it.
CREATE TABLE alerts (
    alert_id             VARCHAR PRIMARY KEY,
    kind                 VARCHAR NOT NULL CHECK (kind IN ('forest_fire', 'poaching_sign', 'poacher_seen', 'smuggling',
                                                          'snare_found', 'carcass', 'other')),
    severity             VARCHAR NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
    raised_at            TIMESTAMP NOT NULL,  -- UTC
    area_id              VARCHAR NOT NULL REFERENCES protected_areas (area_id),  -- the park that raised it
    partner_area_id      VARCHAR REFERENCES protected_areas (area_id),           -- the park across the border it concerns
    latitude             DOUBLE NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude            DOUBLE NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    description          VARCHAR,
    photo                BLOB,
    photo_mediatype      VARCHAR,
    raised_by            VARCHAR NOT NULL,
    status               VARCHAR NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
    acknowledged_at      TIMESTAMP,
    acknowledged_by      VARCHAR,
    acknowledged_area_id VARCHAR,
    resolved_at          TIMESTAMP,
    resolved_by          VARCHAR,
    changed_at           TIMESTAMP NOT NULL,
    source               VARCHAR NOT NULL,
    synthetic            BOOLEAN NOT NULL DEFAULT false,
    CHECK (partner_area_id IS NULL OR partner_area_id <> area_id),
    CHECK ((status = 'open') = (acknowledged_at IS NULL)),
    CHECK ((status = 'resolved') = (resolved_at IS NOT NULL)),
    CHECK (acknowledged_at IS NULL OR acknowledged_at >= raised_at),
    CHECK (resolved_at IS NULL OR resolved_at >= acknowledged_at)
);
COMMENT ON COLUMN alerts.latitude IS 'sensitive: latitude';
COMMENT ON COLUMN alerts.longitude IS 'sensitive: longitude';
COMMENT ON COLUMN alerts.photo IS 'sensitive: media';
COMMENT ON COLUMN alerts.raised_by IS 'sensitive: personal';
COMMENT ON COLUMN alerts.acknowledged_by IS 'sensitive: personal';
COMMENT ON COLUMN alerts.resolved_by IS 'sensitive: personal';
