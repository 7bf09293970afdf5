-- On a lake: the commit of a write carries its audit entry's id (DuckLake's commit message), so
-- that the snapshot the entry made can be found again and its tables read as they were then.
CALL lake.set_commit_message($author, $message, extra_info => $audit_id);
