-- Every row an audit entry changed, with its value before and after (JSON), to undo it.
SELECT * FROM audit_changes WHERE audit_id = $audit_id;
