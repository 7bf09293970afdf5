-- 026: a large write's added rows recorded as a key list (issue 13). Migration 022 recorded each
-- of them in audit_changes by its key and a hash of its values, after comparing the batch with
-- what was stored before; for a first import of two million observations the comparison and the
-- two million rows of audit_changes took 3.3 of the import's 14 s. Now a write that adds more than
-- bigcats.audit.FULL_ROWS rows to a table lists them here, straight from the written rows: the
-- key (JSON, as audit_changes.row_key) and the hash of the row's values. Undo stays exact: it
-- checks every listed row against its hash, names the first that changed since, and deletes them
-- by key. (One row holding the whole list as a LIST was tried: no faster, and the list took
-- 0.4-0.5 GB more memory to build.) Entries written before keep such rows in audit_changes; both
-- are read.
CREATE TABLE audit_added_keys (
    audit_id   INTEGER NOT NULL,
    table_name VARCHAR NOT NULL,
    row_key    VARCHAR NOT NULL,
    row_hash   UBIGINT NOT NULL
);
