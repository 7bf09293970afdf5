"""Derived tables: what pages read, computed when the data it depends on is written.

Each derived table has a query `queries/derive_<table>.sql` whose header names the tables it is
computed from (`-- derived-from: a, b`). `Store.transaction` calls `refresh` before it commits,
with the tables the write touched: every derived table computed from one of them is recomputed
in that same transaction, so a reader never sees sources and derived rows out of step, and every
write path (imports, forms, links, undo, migrations) keeps them true without knowing of them.
A table is rewritten whole: at the programme's size (tens of thousands of deployments, thousands
of catalogue entries) that is a fraction of a second, and it cannot drift.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone

# in the order they are computed (a later one may read an earlier one)
DERIVED_TABLES = ("deployment_places", "catalogue_animals", "detection_days", "area_envelopes", "area_land")


def sources(query_text: str) -> frozenset[str]:
    """The tables a derive query declares it is computed from."""
    m = re.search(r"^-- derived-from:(.*)$", query_text, re.M)
    if not m:
        raise ValueError("a derive query must declare '-- derived-from: table, ...'")
    return frozenset(t.strip() for t in m.group(1).split(",") if t.strip())


def stale(store, touched) -> list[str]:
    """The derived tables a write to `touched` (None: anything) makes stale."""
    return [t for t in DERIVED_TABLES
            if touched is None or sources(store.query_text(f"derive_{t}")) & set(touched)]


def refresh(store, cur, touched) -> list[str]:
    """Recompute, on the transaction's cursor `cur`, the derived tables computed from `touched`
    (None: all). Tables the store's schema does not have yet (an upgrade half way) are skipped."""
    stale_tables = stale(store, touched)
    if not stale_tables:
        return []
    present = {r[0] for r in cur.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() "
        "AND table_name IN (SELECT unnest(?::VARCHAR[]))",
        [[*stale_tables, "derived_tables"]]).fetchall()}
    done = []
    for table in stale_tables:
        if table not in present or "derived_tables" not in present:
            continue
        # the table name is one of DERIVED_TABLES, never anything a client sent
        cur.execute(f"DELETE FROM {table}")
        cur.execute(f"INSERT INTO {table} SELECT * FROM ({store.query_text(f'derive_{table}')})")
        rows = cur.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
        # MERGE, not INSERT OR REPLACE: a store on DuckLake has no keys to replace by
        cur.execute("MERGE INTO derived_tables USING (SELECT ?::VARCHAR AS name, ?::TIMESTAMP AS at, ?::BIGINT AS n) new "
                    "ON derived_tables.table_name = new.name "
                    "WHEN MATCHED THEN UPDATE SET computed_at = new.at, rows = new.n "
                    "WHEN NOT MATCHED THEN INSERT VALUES (new.name, new.at, new.n)",
                    [table, datetime.now(timezone.utc).replace(tzinfo=None), rows])
        done.append(table)
    return done


def bump_version(store, cur, name: str) -> None:
    """Count a committed write to the data family `name` (data_versions): results stored with an
    older version (bigcats.stored_estimates) are out of date from this commit on. A store whose
    schema has no data_versions yet (an upgrade half way) has nothing to count."""
    if cur.execute("SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() "
                   "AND table_name = 'data_versions'").fetchall()[0][0]:
        store.run(cur, f"bump_{name}_version")
