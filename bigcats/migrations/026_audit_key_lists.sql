-- 026: a large import's added rows recorded as one key list per table (issue 13). Migration 022
-- recorded each of them as a row of audit_changes (its key and a hash of its values): two million
-- rows written to the trail took 3.3 of a 2M-observation import's 14 s. Now a write that adds more
-- than bigcats.audit.FULL_ROWS rows to a table records them here, in one row: the list of their
-- keys (JSON, as audit_changes.row_key) each with the hash of its values. Undo stays exact: it
-- checks every listed row against its hash, names the first that changed since, and deletes them
-- by key. Entries written before keep their rows in audit_changes; both are read.
CREATE TABLE audit_key_lists (
    audit_id   INTEGER NOT NULL,
    table_name VARCHAR NOT NULL,
    rows       BIGINT NOT NULL CHECK (rows >= 0),
    added      STRUCT(row_key VARCHAR, row_hash UBIGINT)[] NOT NULL
);
