"""The audit trail: every write records who, when, what, and each row before and after; an import
can be undone as a whole.

How: `recorded()` opens the write's transaction, copies the tables the write may touch, lets the
write run, then compares by primary key and stores every added, changed and removed row as JSON
(geometry as WKT, binary content as base64) in `audit_changes`, in the same transaction. A refused
write therefore leaves no audit row either.

Undo applies the stored rows in reverse, after checking that none of them was changed since (an
undo never overwrites later work). DuckDB cannot delete a parent row and its children in one
transaction ("foreign key limitations" in its documentation), so an undo runs one transaction
per table, children first, while holding the store's write lock so that no other write comes in
between; readers may see the children gone a moment before the parents, never an orphan.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Callable, Iterator

import polars as pl

from bigcats.access import require


class UndoRefused(RuntimeError):
    """The entry cannot be undone (already undone, nothing to undo, or rows changed since)."""


def _shape(store, table: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(columns with their types, primary key) of `table`."""
    cols, key = store.table_shape(table)
    if not key:
        raise RuntimeError(f"table {table} has no primary key: its writes cannot be audited")
    return cols, key


# Never copied into the trail: an undo of a removed account restores it without a usable password
# (set one with `bigcats users passwd`).
REDACTED = {"password_hash"}


def _as_text(alias: str, col: str, dtype: str) -> str:
    ref = f'{alias}."{col}"'
    if col in REDACTED:
        return "'(not recorded)'"
    if dtype == "GEOMETRY":
        return f"ST_AsText({ref})"
    if dtype == "BLOB":
        return f"base64({ref})"
    return ref


def _row_json(alias: str, cols: list[tuple[str, str]]) -> str:
    return "to_json(struct_pack(" + ", ".join(f'"{c}" := {_as_text(alias, c, t)}' for c, t in cols) + "))"


def _key_json(alias: str, key: list[str]) -> str:
    return "to_json(struct_pack(" + ", ".join(f'"{k}" := {alias}."{k}"' for k in key) + "))"


def _batch_scope(store, cur, table: str, keys: pl.DataFrame, name: str) -> tuple[str, list[str]]:
    """A temporary table `name` of the distinct key values in `keys`: columns of `table`, or one
    column `row_key` of the trail's JSON keys (read back with the table's own key types)."""
    cols, key = _shape(store, table)
    if keys.columns == ["row_key"]:
        types = dict(cols)
        # DISTINCT over unnest() of a struct of two or more fields gave one row (DuckDB 1.4.4): the
        # struct's fields are expanded with k.* instead
        select = (f"SELECT DISTINCT k.* FROM (SELECT json_transform(row_key, "
                  f"'{json.dumps({k: types[k] for k in key})}') AS k FROM audit_batch_keys)")
        names = key
    elif keys.columns and not set(keys.columns) - {c for c, _ in cols}:
        select, names = "SELECT DISTINCT * FROM audit_batch_keys", list(keys.columns)
    else:
        raise ValueError(f"the audit batch of {table} names columns it does not have: {keys.columns}")
    cur.register("audit_batch_keys", keys.to_arrow())
    try:
        cur.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {select}")
    finally:
        cur.unregister("audit_batch_keys")
    return name, names


def _scoped(table: str, scope: tuple[str, list[str]] | None) -> str:
    """`table`, or only its rows whose key values are in the batch `scope`, as a FROM item."""
    if scope is None:
        return table
    name, cols = scope
    on = " AND ".join(f't."{c}" = k."{c}"' for c in cols)
    return f"(SELECT t.* FROM {table} t SEMI JOIN {name} k ON {on})"


# A write adding more rows than this to a table records them as a list of their keys, each with a
# hash of its values (`audit_added_keys`, migration 026), not as their values in JSON: undo deletes
# them by key after checking the hashes. (Entries of migration 022's time hold such rows in
# audit_changes, by key and `after_hash`; both are read.)
FULL_ROWS = 10_000


class _EntryId:
    """The id of the audit entry a write will make, taken from the counter when first asked for:
    a large write lists its added rows under it before it knows whether it changed anything (a
    list made aside and copied in later held two million keys twice). A write that then finds
    nothing changed leaves the id unused; ids are never given twice."""

    def __init__(self, store, cur):
        self.store, self.cur, self._id = store, cur, None

    @property
    def id(self) -> int:
        if self._id is None:
            self._id = self.store.next_id(self.cur, "audit_log")
        return self._id


def _list_added(store, cur, entry: _EntryId, table: str, rows_sql: str) -> int:
    """List the rows `rows_sql` selects (columns row_key, row_hash) as `table`'s added rows in the
    entry's key list, straight into the trail (streamed: never held whole); returns how many."""
    return cur.execute(f"INSERT INTO audit_added_keys (audit_id, table_name, row_key, row_hash) "
                       f"SELECT $audit_id, $table_name, row_key, row_hash FROM ({rows_sql})",
                       {"audit_id": entry.id, "table_name": table}).fetchone()[0]


def _listed(alias: str, cols: list[tuple[str, str]], key: list[str]) -> str:
    """A row as the key list holds it: its key as the trail's JSON and the hash of its values."""
    return f"{_key_json(alias, key)} AS row_key, {_row_hash(alias, cols)} AS row_hash"


def _row_hash(alias: str, cols: list[tuple[str, str]]) -> str:
    """A hash of a row's values (DuckDB's own: an undo after an upgrade of DuckDB that changed it
    would find the rows 'changed since' and refuse, never delete a changed row)."""
    return "hash(struct_pack(" + ", ".join(f'"{c}" := {_as_text(alias, c, t)}' for c, t in cols) + "))"


def _diff(store, table: str, snapshot: str, scope: tuple[str, list[str]] | None = None,
          by_key: bool = False) -> str:
    """A SELECT of (change, row_key, before, after, after_hash) of every row added, removed or
    changed since `snapshot`, in one pass (a full join on the key: a row only after is added, only
    before removed); `by_key`: an added row's values as their hash, not as JSON."""
    cols, key = _shape(store, table)
    on = " AND ".join(f'a."{k}" = b."{k}"' for k in key)
    differs = " OR ".join(f'a."{c}" IS DISTINCT FROM b."{c}"' for c, _ in cols if c not in key) or "false"
    was, now = f'b."{key[0]}" IS NOT NULL', f'a."{key[0]}" IS NOT NULL'  # key columns are never null
    after = f"CASE WHEN {now} AND {was} THEN {_row_json('a', cols)} END" if by_key else \
        f"CASE WHEN {now} THEN {_row_json('a', cols)} END"
    after_hash = f"CASE WHEN {now} AND NOT {was} THEN {_row_hash('a', cols)} END" if by_key else "NULL::UBIGINT"
    keys = ", ".join(f'coalesce(a."{k}", b."{k}") AS "written_{k}"' for k in key)  # the key as columns (checks)
    return (f"SELECT CASE WHEN NOT {was} THEN 'added' WHEN NOT {now} THEN 'removed' ELSE 'changed' END AS change, "
            f"CASE WHEN {now} THEN {_key_json('a', key)} ELSE {_key_json('b', key)} END AS row_key, "
            f"CASE WHEN {was} THEN {_row_json('b', cols)} END AS before, {after} AS after, {after_hash} AS after_hash, "
            f"{keys} "
            f"FROM {_scoped(table, scope)} a FULL JOIN {snapshot} b ON {on} "
            f"WHERE NOT {was} OR NOT {now} OR {differs}")


def _counts(store, cur, table: str, snapshot: str, scope) -> tuple[int, int]:
    """(how many rows `table` holds in the batch `scope`, how many of those are not in `snapshot`)."""
    _, key = _shape(store, table)
    on = " AND ".join(f'a."{k}" = b."{k}"' for k in key)
    return cur.execute(f'SELECT count(*), count(*) FILTER (WHERE b."{key[0]}" IS NULL) '
                       f"FROM {_scoped(table, scope)} a LEFT JOIN {snapshot} b ON {on}").fetchone()


@contextmanager
def recorded(store, action: str, tables: list[str], target: str | None = None,
             summary: str | None = None,
             batch: dict[str, pl.DataFrame] | Callable[..., dict[str, pl.DataFrame]] | None = None) -> Iterator:
    """A write transaction whose changes to `tables` (parents first) are recorded in the audit
    trail as the store's actor's. Yields the transaction's cursor.

    batch: for a table, the key values of every row the write may add or change (an import's
    own ids, as a frame of key columns). Only those rows are copied before and compared after,
    so an import's audit costs what the import brings, not what the store holds (a whole-table
    copy of ten million observations took a minute per import). The write must not touch a row
    outside its batch; tables without one are copied whole. A callable: the batch worked out on
    the transaction's cursor, before anything is copied (what an import finds it must change)."""
    with store.transaction(touches=[*tables, "audit_log", "audit_changes", "audit_added_keys"]) as cur:
        batch = (batch(cur) if callable(batch) else batch) or {}
        snaps, scopes = {}, {}
        for i, table in enumerate(tables):
            snaps[table] = f"audit_before_{i}"
            if table in batch:
                scopes[table] = _batch_scope(store, cur, table, batch[table], f"audit_batch_{i}")
            cur.execute(f"CREATE OR REPLACE TEMP TABLE {snaps[table]} AS SELECT * FROM {_scoped(table, scopes.get(table))}")
        yield cur
        # the changes stay in the database: an import's two million rows never come to Python
        counts = {"added": 0, "changed": 0, "removed": 0}
        diffs, listed = {}, set()
        entry = _EntryId(store, cur)
        same = []  # the tables the write changed nothing in
        for i, table in enumerate(tables):
            cols, key = _shape(store, table)
            scope = scopes.get(table)
            before = cur.execute(f"SELECT count(*) FROM {snaps[table]}").fetchone()[0]
            if scope is not None and not before and \
                    cur.execute(f"SELECT count(*) FROM {scope[0]}").fetchone()[0] > FULL_ROWS:
                # none of a large batch was stored (a first import): every row of it now is added,
                # listed with no comparison at all (a full join of two million rows against nothing)
                changes = {"added": _list_added(store, cur, entry, table, f"SELECT {_listed('a', cols, key)} "
                                                                              f"FROM {_scoped(table, scope)} a")}
                key_twice = False  # a key the batch wrote twice: the commit's check of the written keys
                written = "SELECT DISTINCT " + ", ".join(f'"{k}"' for k in key) + f" FROM {_scoped(table, scope)} t"
            else:
                now, added = _counts(store, cur, table, snaps[table], scope)
                by_key = scope is not None and added > FULL_ROWS
                diffs[table] = f"audit_diff_{i}"
                cur.execute(f"CREATE OR REPLACE TEMP TABLE {diffs[table]} AS "
                            f"{_diff(store, table, snaps[table], scope, by_key)}")
                changes = dict(cur.execute(f"SELECT change, count(*) FROM {diffs[table]} GROUP BY change").fetchall())
                if by_key:  # the added rows as one list, the changed and removed as rows with their values
                    _list_added(store, cur, entry, table, f"SELECT row_key, after_hash AS row_hash "
                                                          f"FROM {diffs[table]} WHERE change = 'added'")
                    listed.add(table)
                # a key written twice (one the store checks by query, migration 025) does not show in
                # the comparison when the row is the same as one stored: the commit then checks the
                # whole table, which refuses it (with nothing stored before, every row shows as added)
                key_twice = now != before + changes.get("added", 0) - changes.get("removed", 0)
                written = ("SELECT DISTINCT " + ", ".join(f'"written_{k}" AS "{k}"' for k in key)
                           + f" FROM {diffs[table]} WHERE change <> 'removed'")
            for change, n in changes.items():
                counts[change] += n
            if not any(changes.values()) and not key_twice:
                same.append(table)
            elif not key_twice and 2 * (changes.get("added", 0) + changes.get("changed", 0)) < cur.execute(
                    f'SELECT count(*) FROM "{table}"').fetchone()[0]:
                # the rows it wrote, so that the commit's checks read those rather than the whole
                # table (when they are most of it, as in a first import, the whole table is cheaper)
                cur.execute(f"CREATE OR REPLACE TEMP TABLE audit_written_{i} AS {written}")
                store.rows_written(cur, table, f"audit_written_{i}", key, removed=bool(changes.get("removed")))
            cur.execute(f"DROP TABLE {snaps[table]}")
            if table in scopes:
                cur.execute(f"DROP TABLE {scopes[table][0]}")
        if any(counts.values()):  # else a write that changed nothing (a second import of the same package)
            actor = store.actor
            audit_id = entry.id
            store.run(cur, "add_audit_entry", audit_id=audit_id, user_name=actor.name, role=actor.role, action=action,
                      target=target, tables=tables, summary=summary, rows_added=counts["added"],
                      rows_changed=counts["changed"], rows_removed=counts["removed"])
            if store.on_lake:  # the snapshot this commit makes names the entry (time travel: rows_as_written)
                store.run(cur, "name_lake_commit", author=actor.name, message=action, audit_id=str(audit_id))
            for table, diff in diffs.items():
                cur.execute(f"INSERT INTO audit_changes (audit_id, table_name, change, row_key, before, after, after_hash) "
                            f"SELECT $audit_id, $table_name, change, row_key, before, after, after_hash FROM {diff}"
                            + (" WHERE change <> 'added'" if table in listed else ""),  # those are listed
                            {"audit_id": audit_id, "table_name": table})
        for temp in diffs.values():
            cur.execute(f"DROP TABLE {temp}")
        # nothing to recompute, check or forget for what the write left as it was
        store.left_unchanged(cur, same if any(counts.values()) else [*same, "audit_log", "audit_changes", "audit_added_keys"])


def entry_snapshot(store, audit_id: int) -> int | None:
    """The lake snapshot the entry's write committed; None on a file (it keeps no past versions)
    or when that snapshot has been expired (`bigcats lake maintain` keeps a week)."""
    if not store.on_lake:
        return None
    return store.query("audit_entry_snapshot", audit_id=audit_id)["snapshot_id"][0]


def rows_as_written(store, audit_id: int, rows: pl.DataFrame) -> pl.DataFrame:
    """The values `rows` (audit_entry_rows of the entry: table_name, change, row_key) had when
    the entry's write committed, read from the lake's snapshot of that commit (DuckLake's time
    travel): (table_name, row_key, as_written) as the trail's JSON. An import's rows recorded by
    key and hash get their values back, as written, even after later writes changed them.
    Empty on a file or when the snapshot is gone; a removed row has none."""
    out = pl.DataFrame(schema={"table_name": pl.Utf8, "row_key": pl.Utf8, "as_written": pl.Utf8})
    snapshot = entry_snapshot(store, audit_id)
    wanted = rows.filter(pl.col("change") != "removed")
    if snapshot is None or wanted.is_empty():
        return out
    known = set(store.table_names())
    frames = [out]
    cur = store._cursor()
    try:
        for (table,), keys in wanted.group_by(["table_name"], maintain_order=True):
            if table not in known:  # a table of an older schema: nothing to read back
                continue
            cols, key = _shape(store, table)
            name, names = _batch_scope(store, cur, table, keys.select("row_key"), "audit_written_keys")
            on = " AND ".join(f'a."{k}" = k."{k}"' for k in names)
            found = cur.execute(
                f"SELECT {_key_json('a', key)} AS row_key, {_row_json('a', cols)} AS as_written "
                f"FROM (SELECT * FROM {table} AT (VERSION => $snapshot)) a SEMI JOIN {name} k ON {on}",
                {"snapshot": snapshot}).pl()
            cur.execute(f"DROP TABLE {name}")
            frames.append(found.select(pl.lit(table).alias("table_name"), pl.col("row_key").cast(pl.Utf8),
                                       pl.col("as_written").cast(pl.Utf8)))
    finally:
        cur.close()
    return pl.concat(frames)


def last_entry_id(store) -> int | None:
    return store.query("last_audit_id")["id"][0]


def _typed_rows(store, cur, table: str, json_rows: list[str]) -> str:
    """A SELECT giving `json_rows` back as rows of `table` with its own types."""
    cols, _ = _shape(store, table)
    shape = json.dumps({c: ("VARCHAR" if t in ("GEOMETRY", "BLOB") else t) for c, t in cols})
    frame = pl.DataFrame({"j": json_rows}, schema={"j": pl.Utf8})
    cur.register("undo_rows", frame)
    restored = []
    for c, t in cols:
        if t == "GEOMETRY":
            restored.append(f'ST_GeomFromText(r."{c}") AS "{c}"')
        elif t == "BLOB":
            restored.append(f'from_base64(r."{c}") AS "{c}"')
        else:
            restored.append(f'r."{c}"')
    return (f"SELECT {', '.join(restored)} FROM (SELECT unnest(json_transform(j, '{shape}')) "
            f"FROM undo_rows) r")


def undo(store, audit_id: int) -> int:
    """Revert the write `audit_id` exactly (admin only); returns the id of the undo's own entry.

    Refused when the entry was undone already, is itself an undo, or when any row it wrote has
    been changed or removed since (the later entry must be undone first)."""
    require(store, "undo")
    with store.exclusive():
        entry = store.query("audit_entry", audit_id=audit_id)
        if entry.is_empty():
            raise UndoRefused(f"no audit entry #{audit_id}")
        e = entry.row(0, named=True)
        if e["undone_at"] is not None:
            raise UndoRefused(f"entry #{audit_id} was undone on {e['undone_at']:%Y-%m-%d %H:%M} by {e['undone_by']}")
        if e["undo_of"] is not None:
            raise UndoRefused(f"entry #{audit_id} is itself an undo (of #{e['undo_of']}); it cannot be undone")
        changes = store.query("audit_entry_changes", audit_id=audit_id)
        tables = list(e["tables"])
        _check_unchanged(store, audit_id, tables, changes)
        # children first for deletions, parents first for restorations
        first = None
        for table in reversed(tables):
            rows = changes.filter(pl.col("table_name") == table)
            added = rows.filter(pl.col("change") == "added")
            if added.is_empty():
                continue
            with recorded(store, "undo", [table], target=e["target"], summary=f"undo of #{audit_id}",
                          batch={table: added.select("row_key")}) as cur:
                # deleted by key (an added row recorded by key and hash has no JSON of its values)
                name, key = _batch_scope(store, cur, table, added.select("row_key"), "undo_keys")
                on = " AND ".join(f't."{k}" = u."{k}"' for k in key)
                cur.execute(f"DELETE FROM {table} t WHERE EXISTS (SELECT 1 FROM {name} u WHERE {on})")
                cur.execute(f"DROP TABLE {name}")
            first = first or last_entry_id(store)
        for table in tables:
            rows = changes.filter(pl.col("table_name") == table)
            changed = rows.filter(pl.col("change") == "changed")
            removed = rows.filter(pl.col("change") == "removed")
            if changed.is_empty() and removed.is_empty():
                continue
            with recorded(store, "undo", [table], target=e["target"], summary=f"undo of #{audit_id}",
                          batch={table: pl.concat([changed, removed]).select("row_key")}) as cur:
                shape, key = _shape(store, table)
                cols = [c for c, _ in shape]
                if not changed.is_empty():
                    cur.execute(f"CREATE OR REPLACE TEMP TABLE undo_old AS {_typed_rows(store, cur, table, changed['before'].to_list())}")
                    cur.unregister("undo_rows")
                    sets = ", ".join(f'"{c}" = u."{c}"' for c in cols if c not in key)
                    on = " AND ".join(f't."{k}" = u."{k}"' for k in key)
                    cur.execute(f"UPDATE {table} t SET {sets} FROM undo_old u WHERE {on}")
                    cur.execute("DROP TABLE undo_old")
                if not removed.is_empty():
                    cur.execute(f"INSERT INTO {table} {_typed_rows(store, cur, table, removed['before'].to_list())}")
                    cur.unregister("undo_rows")
            first = first or last_entry_id(store)
        with store.transaction() as cur:
            store.run(cur, "mark_undone", undone_by=store.actor.name, audit_id=audit_id)
            store.run(cur, "mark_undo_entries", audit_id=audit_id, first=first)
    return first


def _check_unchanged(store, audit_id: int, tables: list[str], changes: pl.DataFrame) -> None:
    """Every row the entry wrote must still be as it left it."""
    if changes.is_empty():
        raise UndoRefused(f"entry #{audit_id} changed nothing")
    cur = store.cursor()
    try:
        for table in tables:
            rows = changes.filter(pl.col("table_name") == table)
            if rows.is_empty():
                continue
            cols, key = _shape(store, table)
            hashed = rows.filter(pl.col("after_hash").is_not_null())
            rows = rows.filter(pl.col("after_hash").is_null())
            # rows recorded by key and hash: compared in the database, the first that differs named
            if hashed.height:
                cur.register("undo_hashes", hashed.select("row_key", "after_hash").to_arrow())
                try:
                    differs = cur.execute(
                        f"SELECT h.row_key FROM undo_hashes h LEFT JOIN (SELECT {_key_json('a', key)} AS row_key, "
                        f"{_row_hash('a', cols)} AS now FROM {_scoped(table, _batch_scope(store, cur, table, hashed.select('row_key'), 'undo_hash_keys'))} a) c "
                        f"USING (row_key) WHERE c.now IS DISTINCT FROM h.after_hash ORDER BY h.row_key LIMIT 1").fetchall()
                finally:
                    cur.unregister("undo_hashes")
                    cur.execute("DROP TABLE IF EXISTS undo_hash_keys")
                if differs:
                    rows = pl.concat([rows, hashed.filter(pl.col("row_key") == differs[0][0])
                                      .with_columns(pl.lit("(changed)").alias("after"))])
            if rows.is_empty():
                continue
            # only the rows the entry wrote, found by key (never the whole table into memory)
            scope = _batch_scope(store, cur, table, rows.select("row_key"), "undo_check_keys")
            try:
                now = dict(cur.execute(f"SELECT {_key_json('a', key)}, {_row_json('a', cols)} "
                                       f"FROM {_scoped(table, scope)} a").fetchall())
            finally:
                cur.execute("DROP TABLE undo_check_keys")
            for r in rows.iter_rows(named=True):
                current = now.get(r["row_key"])
                expected = r["after"]  # None for a removed row: it must still be absent
                if current != expected:
                    later = store.query("later_change_of_row", audit_id=audit_id, table_name=table,
                                        row_key=r["row_key"])["id"][0]
                    since = f" by entry #{later}; undo that first" if later is not None else ""
                    raise UndoRefused(f"{table} row {r['row_key']} was changed since entry #{audit_id}{since}")
    finally:
        cur.close()
