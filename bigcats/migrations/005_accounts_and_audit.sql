-- Accounts, roles and the audit trail (issue 6).
-- No foreign keys here on purpose: DuckDB cannot delete a parent row and its children in one
-- transaction, and users come and go while their audit rows must stay.

CREATE TABLE users (
    user_name     VARCHAR PRIMARY KEY CHECK (regexp_full_match(user_name, '[A-Za-z0-9_.@-]{2,64}')),
    role          VARCHAR NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    password_hash VARCHAR NOT NULL,          -- bcrypt, never the password
    created_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by    VARCHAR NOT NULL
);

-- The parks a park editor edits (catalogue, census, publications, and the expenditures of the
-- proposals those parks belong to).
CREATE TABLE user_parks (
    user_name VARCHAR NOT NULL,
    area_id   VARCHAR NOT NULL,
    PRIMARY KEY (user_name, area_id)
);

CREATE SEQUENCE audit_ids START 1;

-- One row per write: who, when, what, on which park or proposal.
CREATE TABLE audit_log (
    audit_id   INTEGER PRIMARY KEY DEFAULT nextval('audit_ids'),
    written_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    user_name  VARCHAR NOT NULL,
    role       VARCHAR NOT NULL,
    action     VARCHAR NOT NULL,     -- e.g. 'import camtrap-dp', 'add expenditure', 'undo'
    target     VARCHAR,              -- park or proposal written to
    tables     VARCHAR[] NOT NULL,   -- tables watched, parents first
    summary    VARCHAR,
    rows_added INTEGER NOT NULL,
    rows_changed INTEGER NOT NULL,
    rows_removed INTEGER NOT NULL,
    undone_at  TIMESTAMP,
    undone_by  VARCHAR,
    undo_of    INTEGER               -- for an undo: the entry it reverted
);

-- Every row a write added, changed or removed, as JSON before and after (geometry as WKT,
-- binary content as base64), so that an admin can read it and an import can be undone exactly.
CREATE TABLE audit_changes (
    audit_id   INTEGER NOT NULL,
    table_name VARCHAR NOT NULL,
    change     VARCHAR NOT NULL CHECK (change IN ('added', 'changed', 'removed')),
    row_key    VARCHAR NOT NULL,     -- JSON of the primary key
    before     VARCHAR,
    after      VARCHAR
);
