-- 003: media files of the camera traps (Camtrap DP media.csv), the photograph an observation is
-- read from, and a log of every import so that a package can be traced and re-imported safely.
CREATE TABLE media (
    media_id       VARCHAR PRIMARY KEY,
    deployment_id  VARCHAR NOT NULL REFERENCES deployments (deployment_id),
    captured_at    TIMESTAMP NOT NULL,
    capture_method VARCHAR CHECK (capture_method IN ('activityDetection', 'timeLapse')),
    file_path      VARCHAR NOT NULL,
    file_public    BOOLEAN NOT NULL,
    file_name      VARCHAR,
    file_mediatype VARCHAR NOT NULL,
    content        BLOB,          -- the image itself when the package carried the file
    source         VARCHAR NOT NULL,
    synthetic      BOOLEAN NOT NULL DEFAULT false
);

ALTER TABLE observations ADD COLUMN media_id VARCHAR;

CREATE SEQUENCE import_ids START 1;
CREATE TABLE imports (
    import_id    INTEGER PRIMARY KEY DEFAULT nextval('import_ids'),
    kind         VARCHAR NOT NULL,
    file         VARCHAR NOT NULL,
    area_id      VARCHAR,
    imported_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    imported_by  VARCHAR NOT NULL,
    rows_added   INTEGER NOT NULL,
    rows_changed INTEGER NOT NULL,
    summary      VARCHAR
);
