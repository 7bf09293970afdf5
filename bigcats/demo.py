"""Build the embedded demo store on first run: seed facts plus the seeded simulation."""
from __future__ import annotations

import os
import time
from pathlib import Path

from bigcats import lake, lake_admin, paths


def build_store(db: Path | str, demo: bool = True, force: bool = False, scale: int = 1) -> dict:
    """Create a store at `db` (a file, or a DuckLake address) with the seed facts and, with `demo`,
    the simulated data (`scale` above 1: a benchmark store, bigcats.simulate.simulate)."""
    from bigcats.ingest.seed import load_seed
    from bigcats.simulate import simulate
    from bigcats.store import Store, StoreError

    if lake.is_lake(db):
        if lake_admin.holds_store(str(db)):
            raise StoreError(f"the lake {db} already holds a store"
                             + ("; a lake is rebuilt by dropping its PostgreSQL database and data folder" if force else ""))
    elif Path(db).exists():
        db = Path(db)
        if not force:
            raise StoreError(f"a store already exists at {db}; use --force to rebuild it")
        db.unlink()
        Path(str(db) + ".wal").unlink(missing_ok=True)
    t0 = time.perf_counter()
    with Store.open(db) as store:
        load_seed(store)
        counts = simulate(store, scale=scale) if demo else {}
    return {"seconds": time.perf_counter() - t0, **counts}


def ensure_store(db: str | Path | None = None) -> Path | str:
    """The store's path or lake address, building the demo store there if there is none yet."""
    db = db or os.environ.get("BIGCATS_DB") or paths.default_db_path()
    if lake.is_lake(db):
        if not lake_admin.holds_store(str(db)):
            build_store(str(db), demo=True)
        return str(db)
    db = Path(db)
    if not db.exists():
        build_store(db, demo=True)
    return db
