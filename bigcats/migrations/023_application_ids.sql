-- 023: ids the application makes, and the write token (issue 16). A store on DuckLake has no
-- sequences and no non-literal defaults, so the three ids that came from sequences (expenditures,
-- imports, the audit trail) are now taken from id_counters inside the writing transaction, on
-- the file as on the lake; each counter starts past every id its sequence gave (ids are never
-- reused, even after an undo removed the last rows).
CREATE TABLE id_counters (
    name    VARCHAR PRIMARY KEY,
    last_id BIGINT NOT NULL CHECK (last_id >= 0)
);
INSERT INTO id_counters
SELECT 'expenditures', greatest(coalesce((SELECT max(expenditure_id) FROM expenditures), 0),
                                coalesce((SELECT last_value FROM duckdb_sequences() WHERE sequence_name = 'expenditure_ids'), 0))
UNION ALL
SELECT 'imports', greatest(coalesce((SELECT max(import_id) FROM imports), 0),
                           coalesce((SELECT last_value FROM duckdb_sequences() WHERE sequence_name = 'import_ids'), 0))
UNION ALL
SELECT 'audit_log', greatest(coalesce((SELECT max(audit_id) FROM audit_log), 0),
                             coalesce((SELECT last_value FROM duckdb_sequences() WHERE sequence_name = 'audit_ids'), 0));

-- Who may write now. On DuckLake, where the database checks no key, reference or CHECK, a
-- writer takes this row (bigcats.lake.WriteToken) before its transaction, so two writers never
-- pass the same checks at once; a holder that died loses it after its lease. Unused on a file,
-- whose one process has its own lock.
CREATE TABLE write_token (
    token    INTEGER PRIMARY KEY CHECK (token = 1),
    holder   VARCHAR,
    taken_at TIMESTAMP
);
INSERT INTO write_token VALUES (1, NULL, NULL);
