"""Build the embedded demo store on first run: seed facts plus the seeded simulation."""
from __future__ import annotations

import time
from pathlib import Path

from bigcats import paths


def build_store(db: Path, demo: bool = True, force: bool = False, scale: int = 1) -> dict:
    """Create a store at `db` with the seed facts and, with `demo`, the simulated data (`scale`
    above 1: a benchmark store, bigcats.simulate.simulate)."""
    from bigcats.ingest.seed import load_seed
    from bigcats.simulate import simulate
    from bigcats.store import Store, StoreError

    if db.exists():
        if not force:
            raise StoreError(f"a store already exists at {db}; use --force to rebuild it")
        db.unlink()
        Path(str(db) + ".wal").unlink(missing_ok=True)
    t0 = time.perf_counter()
    with Store.open(db) as store:
        load_seed(store)
        counts = simulate(store, scale=scale) if demo else {}
    return {"seconds": time.perf_counter() - t0, **counts}


def ensure_store(db: str | Path | None = None) -> Path:
    """The store path, building the demo store there if there is none yet."""
    db = Path(db) if db else paths.default_db_path()
    if not db.exists():
        build_store(db, demo=True)
    return db
