"""Where the project's files are: the repository root holds data/, queries/ and app.py."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SEED = DATA / "seed"
GEO = DATA / "geo"
QUERIES = ROOT / "queries"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
APP = ROOT / "app.py"


def default_db_path() -> Path:
    """BIGCATS_DB if set, else data/bigcats.duckdb (git-ignored, generated)."""
    return Path(os.environ.get("BIGCATS_DB") or DATA / "bigcats.duckdb")
