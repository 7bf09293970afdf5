-- The entries an undo wrote (from $first on) marked as the undo of $audit_id.
UPDATE audit_log SET undo_of = $audit_id WHERE audit_id >= $first AND action = 'undo' AND undo_of IS NULL;
