"""Moving a store between a DuckDB file and a DuckLake, and the lake's upkeep (`bigcats lake`)."""
from __future__ import annotations

import os

from bigcats import lake, schema
from bigcats.store import Store, StoreError


def holds_store(address: str) -> bool:
    """The lake at `address` holds a store's facts (its proposals), not only an empty schema."""
    with Store.open(address) as store:
        return bool(store.sql("SELECT count(*) AS n FROM proposals")["n"][0])


def import_file(file: str, address: str) -> dict[str, int]:
    """Copy a DuckDB file store (brought to the current schema first) into an empty lake, in one
    transaction; returns the rows copied per table."""
    with Store.open(file):  # migrated to the declared schema
        pass
    with Store.open(address) as on_lake:
        if on_lake.sql("SELECT count(*) AS n FROM audit_log")["n"][0] or on_lake.sql(
                "SELECT count(*) AS n FROM proposals")["n"][0]:
            raise StoreError(f"the lake {address} already holds a store: import a file into an empty lake")
        con = on_lake._con
        con.execute(f"ATTACH '{lake.file_literal(file)}' AS source (READ_ONLY)")
        copied = {}
        try:
            with lake.transaction(con) as cur:
                for t in schema.declared().tables:
                    cur.execute(f'DELETE FROM "{t.name}"')  # the empty lake's own rows (counters, token)
                    cur.execute(f'INSERT INTO "{t.name}" SELECT * FROM source.main."{t.name}"')
                    copied[t.name] = cur.execute(f'SELECT count(*) FROM "{t.name}"').fetchall()[0][0]
        finally:
            con.execute("DETACH source")
    return copied


def export_file(address: str, file: str) -> dict[str, int]:
    """Copy a lake into a new DuckDB file store (a field station going offline), parents before
    children so that the file's keys and references are checked as the rows arrive."""
    if os.path.exists(file):
        raise StoreError(f"{file} exists: export the lake into a new file")
    declared = schema.declared()
    with Store.open(file) as target:
        con = target._con
        con.execute(f"LOAD '{lake.extension_path('ducklake')}'")
        con.execute(f"LOAD '{lake.extension_path('postgres_scanner')}'")
        target._spatial()
        con.execute(f"ATTACH '{lake.check_address(address)}' AS {lake.LAKE} (READ_ONLY)")
        copied = {}
        # touching no table: the copy is the lake's, derived tables and versions included
        with target.transaction(touches=[]) as cur:
            for table in reversed(declared.parents_first()):
                cur.execute(f'DELETE FROM "{table}"')
            for table in declared.parents_first():
                cur.execute(f'INSERT INTO "{table}" SELECT * FROM {lake.LAKE}.main."{table}"')
                copied[table] = cur.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0]
        con.execute(f"DETACH {lake.LAKE}")
    return copied


def maintain(address: str) -> dict[str, int]:
    """DuckLake's own upkeep, as a nightly job: merge small data files, expire snapshots older
    than a week, delete the files no snapshot needs any more. Returns the snapshots before/after.
    Holds the write token meanwhile: merging rewrites the files a writer would delete rows from,
    and DuckLake would refuse that writer's commit as a conflict (it would be run again, but need
    not be)."""
    with Store.open(address) as on_lake, on_lake.exclusive():
        con = on_lake._con
        before = con.execute(f"SELECT count(*) FROM ducklake_snapshots('{lake.LAKE}')").fetchall()[0][0]
        con.execute(f"CALL ducklake_merge_adjacent_files('{lake.LAKE}')")
        con.execute(f"CALL ducklake_expire_snapshots('{lake.LAKE}', older_than => now() - INTERVAL 7 DAY)")
        con.execute(f"CALL ducklake_cleanup_old_files('{lake.LAKE}', cleanup_all => true)")
        after = con.execute(f"SELECT count(*) FROM ducklake_snapshots('{lake.LAKE}')").fetchall()[0][0]
    return {"snapshots_before": before, "snapshots_after": after}
