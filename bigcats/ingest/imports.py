"""The import register (table `imports`): one row per import, written in the import's own
transaction, so the audit trail and `bigcats imports` say what came from which file."""
from __future__ import annotations

import json

from bigcats.store import Store


def record_import(store: Store, cur, kind: str, file: str, imported_by: str, rows_added: int, rows_changed: int = 0,
                  summary: dict | str | None = None, area_id: str | None = None,
                  content_sha256: str | None = None) -> int:
    """Register an import on the transaction's cursor `cur`; returns its import_id."""
    if isinstance(summary, dict):
        summary = json.dumps(summary)
    import_id = store.next_id(cur, "imports")
    store.run(cur, "record_import", import_id=import_id, kind=kind, file=file, area_id=area_id,
              imported_by=imported_by, rows_added=rows_added, rows_changed=rows_changed, summary=summary,
              content_sha256=content_sha256)
    return import_id


def earlier_import(store: Store, kind: str, content_sha256: str) -> dict | None:
    """The earlier import of this kind with the same content, if any (import_id, imported_at)."""
    before = store.query("import_of_content", kind=kind, content_sha256=content_sha256)
    return before.row(0, named=True) if not before.is_empty() else None
