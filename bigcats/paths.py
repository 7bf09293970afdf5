"""Where the project's files are, in a clone and in an installed wheel alike.

In a clone the top-level folders hold them (data/seed, data/geo, queries/: the layout the design
fixes). A wheel carries the same files inside the package, under `bigcats/shipped/` (mapped by
pyproject.toml's package-dir), so `pip install bigcats-*.whl` works from any folder.
"""
import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
SHIPPED = PACKAGE / "shipped"
# A clone has the top-level folders; an installed wheel has only the shipped copies.
IN_CLONE = (ROOT / "queries").is_dir() and (ROOT / "data" / "seed").is_dir() and (ROOT / "pyproject.toml").is_file()

DATA = ROOT / "data" if IN_CLONE else SHIPPED
SEED = ROOT / "data" / "seed" if IN_CLONE else SHIPPED / "seed"
GEO = ROOT / "data" / "geo" if IN_CLONE else SHIPPED / "geo"
QUERIES = ROOT / "queries" if IN_CLONE else SHIPPED / "queries"
MIGRATIONS = PACKAGE / "migrations"


def user_data_dir() -> Path:
    """Where an installed bigcats keeps its store: $XDG_DATA_HOME/bigcats (~/.local/share/bigcats)."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "bigcats"


def default_db_path() -> Path:
    """BIGCATS_DB if set; in a clone data/bigcats.duckdb (git-ignored); installed, the user's data folder."""
    if os.environ.get("BIGCATS_DB"):
        return Path(os.environ["BIGCATS_DB"])
    return ROOT / "data" / "bigcats.duckdb" if IN_CLONE else user_data_dir() / "bigcats.duckdb"
