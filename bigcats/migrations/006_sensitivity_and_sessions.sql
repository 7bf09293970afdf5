-- What each sensitive column means, declared once with the schema (issue 11). The library reads
-- these comments (bigcats/sensitivity.py): a column's meaning decides how it is generalised for a
-- reader who may not see it exactly, not the column's name.
--   latitude / longitude: snapped to the generalisation grid;
--   place: anything else that encodes where a camera stands (ids, tags, cells, names, paths): dropped;
--   media: an image or video: location metadata (EXIF GPS, XMP) stripped;
--   personal: names, ids, phone numbers of people: dropped.
COMMENT ON COLUMN deployments.latitude IS 'sensitive: latitude';
COMMENT ON COLUMN deployments.longitude IS 'sensitive: longitude';
COMMENT ON COLUMN deployments.location_id IS 'sensitive: place';
COMMENT ON COLUMN deployments.grid_cell IS 'sensitive: place';
COMMENT ON COLUMN media.file_path IS 'sensitive: place';
COMMENT ON COLUMN media.file_name IS 'sensitive: place';
COMMENT ON COLUMN media.content IS 'sensitive: media';

-- Login sessions, so that a cookie stops working at logout or at a password change (a signed
-- cookie alone stays valid until it expires).
CREATE TABLE login_sessions (
    session_token_hash VARCHAR PRIMARY KEY,   -- sha256 of the token in the cookie, never the token
    user_name  VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    revoked_at TIMESTAMP
);

-- Failed logins in a row per account (cleared by a successful login or an unlock).
CREATE TABLE login_failures (
    user_name      VARCHAR PRIMARY KEY,
    failures       INTEGER NOT NULL,
    last_failed_at TIMESTAMP NOT NULL
);

-- Accounts locked after repeated failed logins; an admin unlocks (`bigcats users unlock NAME`).
CREATE TABLE account_locks (
    user_name VARCHAR PRIMARY KEY,
    locked_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    failures  INTEGER NOT NULL
);

-- The SHA-256 of an imported file's bytes, so the same file imported twice is recognised.
ALTER TABLE imports ADD COLUMN content_sha256 VARCHAR;
