-- 022: an import's rows recorded by key and a fingerprint (issue 13). A row an import adds is
-- recorded in the audit trail by its key and a hash of its values (after_hash) when the import
-- adds more than bigcats.audit.FULL_ROWS rows to a table, instead of its values as JSON: two
-- million JSON rows took a third of a 2M-observation import and a gigabyte. Undo stays exact: it
-- deletes the rows by key, after checking by the hash that none of them changed since.
ALTER TABLE audit_changes ADD COLUMN after_hash UBIGINT;
