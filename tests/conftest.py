import os
import shutil
import signal
from pathlib import Path

import pytest

# bcrypt at its lowest cost in tests (and the servers they start): the checks are the same,
# each costs milliseconds instead of a quarter second (bigcats.accounts.bcrypt_cost)
os.environ.setdefault("BIGCATS_BCRYPT_COST", "4")

from bigcats import Store  # noqa: E402
from bigcats.demo import build_store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
SEED_DOCUMENT = ROOT.parent / "shared" / "seeds" / "000_ba7800471f35d918.txt"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """One demo store for the whole session, built by the same path as `bigcats init --demo`."""
    db = tmp_path_factory.mktemp("store") / "demo.duckdb"
    build_store(db, demo=True)
    return db


@pytest.fixture
def demo_store(demo_db, tmp_path):
    """A private copy of the demo store, for tests that write."""
    db = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, db)
    with Store.open(db) as s:
        yield s


@pytest.fixture(scope="session")
def demo_reader(demo_db):
    with Store.open(demo_db, read_only=True) as s:
        yield s


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    """One store with the seed facts only (no demo rows), built once."""
    from bigcats.ingest.seed import load_seed
    db = tmp_path_factory.mktemp("seed") / "seed.duckdb"
    with Store.open(db) as s:
        load_seed(s)
    return db


@pytest.fixture
def seed_store(seed_db, tmp_path):
    """A private copy of the seed-only store, for tests that write."""
    db = tmp_path / "seed-copy.duckdb"
    shutil.copy(seed_db, db)
    with Store.open(db) as s:
        yield s


def _children(pid: int) -> list[tuple[int, str]]:
    """Live processes whose parent is `pid` (from /proc; Linux)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            name = stat.read_text().split("(", 1)[1].rsplit(")", 1)[0]
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append((int(stat.parent.name), name))
    return out


# The browser modules in three groups of about equal time (4-5 minutes each on two busy cores), so
# that the two workers share the browser tests' time; each group keeps one server and one Chromium
# busy at a time. The signed-in and public servers' tests and the report written by the command
# line need no server of the app's own; the map pages' group starts a second app server on
# whichever worker takes it.
BROWSER_GROUPS = {"test_accounts.py": "browser-online", "test_report.py": "browser-online",
                  "test_corridors_page.py": "browser-maps", "test_individuals_page.py": "browser-maps",
                  "test_feasibility_page.py": "browser-maps", "test_publications_page.py": "browser-maps"}


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups from the marks
def pytest_collection_modifyitems(config, items):
    """The suite runs on two workers (pytest-xdist, `-n 2 --dist loadgroup` in pyproject.toml): the
    browser tests of a group one after another on one worker (one server and one Chromium at a
    time, as they were written for), every other module's tests together on whichever worker is
    free."""
    for item in items:
        if item.get_closest_marker("browser"):
            module = item.nodeid.split("::")[0].rsplit("/", 1)[-1]
            item.add_marker(pytest.mark.xdist_group(BROWSER_GROUPS.get(module, "browser")))
        else:  # a module's tests together, so that its module-scoped fixtures are built once
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


def pytest_sessionfinish(session, exitstatus):
    """No process left behind: every server and browser a test started is stopped by its fixture
    (each worker checks its own; the controller's children are the workers themselves)."""
    if not Path("/proc").is_dir():
        return
    if getattr(session.config.option, "numprocesses", None) and not hasattr(session.config, "workerinput"):
        return
    left = _children(os.getpid())
    if left:
        for pid, _ in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        print(f"\nprocesses left behind by the tests (killed now): {left}")
        session.exitstatus = 1
