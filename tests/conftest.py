import fcntl
import json
import os
import shutil
import signal
from pathlib import Path

import pytest

# bcrypt at its lowest cost in tests (and the servers they start): the checks are the same,
# each costs milliseconds instead of a quarter second (bigcats.accounts.bcrypt_cost)
os.environ.setdefault("BIGCATS_BCRYPT_COST", "4")
# one DuckDB thread per connection: two workers (and the servers they start) share two cores, and
# DuckDB's default of a thread per core made them fight over both (the fast loop 131 s -> 109 s)
os.environ.setdefault("BIGCATS_DUCKDB_THREADS", "1")

from bigcats import Store  # noqa: E402
from bigcats.demo import build_store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
SEED_DOCUMENT = ROOT.parent / "shared" / "seeds" / "000_ba7800471f35d918.txt"


def _built_once(tmp_path_factory, name: str, build) -> Path:
    """A store built once per test run and copied for each worker: the first worker to ask builds
    it under a lock in the run's shared temporary folder, the others wait for the lock and copy
    the file, so every worker still owns its store (servers and the command line may open it for
    writing) and the two workers do not both spend seconds building the same file."""
    own = tmp_path_factory.mktemp(name) / f"{name}.duckdb"
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    built = shared / f"built-{name}.duckdb"
    with open(shared / f"built-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not built.exists():
            partial = shared / f"building-{name}.duckdb"
            partial.unlink(missing_ok=True)
            build(partial)
            partial.rename(built)  # whole or absent: a worker killed mid-build leaves no half store
    shutil.copy(built, own)
    return own


@pytest.fixture(autouse=True)
def no_periodic_callback_left_running(request, monkeypatch):
    """A page built in the test's process may start a periodic callback (Population trends watches
    the estimate worker); with no session to end it, it runs on whatever event loop the process has
    (a browser test's Playwright loop) for the rest of the run: one did, redrawing a page every
    second. A test stops what it started; this fails one that did not. (Browser tests build their
    pages in a server process.)"""
    if request.node.get_closest_marker("browser"):
        yield
        return
    from panel.io.callbacks import PeriodicCallback
    started, start = [], PeriodicCallback.start

    def recorded_start(self):
        started.append(self)
        return start(self)
    monkeypatch.setattr(PeriodicCallback, "start", recorded_start)
    yield
    running = [cb for cb in started if cb.running]
    for cb in running:
        cb.stop()
    assert not running, f"{len(running)} periodic callback(s) left running by the test: stop them in it"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """One demo store for the whole session, built by the same path as `bigcats init --demo`."""
    return _built_once(tmp_path_factory, "demo", lambda db: build_store(db, demo=True))


@pytest.fixture
def backend(request) -> str:
    """Where the writing stores of a test live: "file" (a DuckDB file), or "lake" (a DuckLake on
    the worker's PostgreSQL) for the modules marked `both_backends`, whose every test runs on
    both (pytest_generate_tests)."""
    return getattr(request, "param", "file")


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_backends"):
        # the lake's run is the full suite's (`slow`): the fast loop stays on the file
        metafunc.parametrize("backend", ["file", pytest.param("lake", marks=pytest.mark.slow)], indirect=True)


@pytest.fixture(scope="session")
def lake_templates(postgres, tmp_path_factory):
    from tests.lakes import LakeTemplates
    folder = _run_folder(tmp_path_factory)[0] / "lake-templates"  # made once for every worker
    folder.mkdir(exist_ok=True)
    return LakeTemplates(postgres, folder)


@pytest.fixture
def seed_lake_address(seed_db, lake_templates, tmp_path, monkeypatch) -> str:
    """The address of a lake holding the seed store (a copy of the worker's template: tests/lakes.py),
    its data folder in BIGCATS_LAKE_DATA (for the processes a test starts too)."""
    data = tmp_path / "seed-lake-data"
    monkeypatch.setenv("BIGCATS_LAKE_DATA", str(data))
    return lake_templates.copy("seed", seed_db, data)


def _private_store(request, name: str, source: Path, tmp_path: Path, monkeypatch):
    """A private copy of the file store `source` on the test's backend, opened for writing."""
    if request.getfixturevalue("backend") == "file":
        db = tmp_path / f"{name}-copy.duckdb"
        shutil.copy(source, db)
        return Store.open(db)
    data = tmp_path / f"{name}-lake-data"
    monkeypatch.setenv("BIGCATS_LAKE_DATA", str(data))
    return Store.open(request.getfixturevalue("lake_templates").copy(name, source, data))


@pytest.fixture
def demo_store(request, demo_db, tmp_path, monkeypatch, backend):
    """A private copy of the demo store, for tests that write."""
    with _private_store(request, "demo", demo_db, tmp_path, monkeypatch) as s:
        yield s


@pytest.fixture(scope="session")
def demo_reader(demo_db):
    with Store.open(demo_db, read_only=True) as s:
        yield s


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    """One store with the seed facts only (no demo rows), built once."""
    from bigcats.ingest.seed import load_seed

    def build(db: Path) -> None:
        with Store.open(db) as s:
            load_seed(s)
    return _built_once(tmp_path_factory, "seed", build)


@pytest.fixture
def seed_store(request, seed_db, tmp_path, monkeypatch, backend):
    """A private copy of the seed-only store, for tests that write."""
    with _private_store(request, "seed", seed_db, tmp_path, monkeypatch) as s:
        yield s


@pytest.fixture(scope="session")
def postgres(tmp_path_factory):
    """A throwaway PostgreSQL for the worker's lake tests; skipped with the reason where none can
    run, except in CI (`.ci/run` sets CI and installs Debian's postgresql), where that fails."""
    from tests.postgres import Cluster, missing_reason

    why = missing_reason()
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"the lake tests need PostgreSQL in CI: {why}")
        pytest.skip(why)
    # one cluster for the whole run: the first worker to ask starts it, the others find it (as
    # _built_once shares the stores); the controller stops it (pytest_sessionfinish)
    shared, worker = _run_folder(tmp_path_factory)
    info = shared / "postgres.json"
    with open(shared / "postgres.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if info.exists():
            cluster = Cluster.running(json.loads(info.read_text()))
        else:
            cluster = Cluster().start()
            info.write_text(json.dumps(cluster.info()))
    yield cluster
    if not worker:  # a run in one process stops its own
        cluster.stop()
        info.unlink()


def _run_folder(tmp_path_factory) -> tuple[Path, bool]:
    """The folder every process of this test run shares, and whether this is an xdist worker."""
    base = tmp_path_factory.getbasetemp()
    worker = bool(os.environ.get("PYTEST_XDIST_WORKER"))
    return (base.parent if worker else base), worker


@pytest.fixture
def lake_address(postgres, tmp_path, monkeypatch):
    """The address of a new, empty lake: a database of its own, its data files under tmp_path."""
    name = f"lake_{tmp_path.name.replace('-', '_').lower()}_{os.getpid()}"
    postgres.create_database(name)
    monkeypatch.setenv("BIGCATS_LAKE_DATA", str(tmp_path / "lake-data"))
    return postgres.address(name)


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


# The browser modules in groups, so that the two workers share the browser tests' time; each group
# keeps one server and one Chromium busy at a time. The signed-in and public servers' tests need no
# server of the app's own, nor does the report written by the command line (a group of its own, so
# that it goes to whichever worker is free: with the alerts test the online group grew to 5 minutes);
# the map pages' group starts a second app server on whichever worker takes it.
BROWSER_GROUPS = {"test_accounts.py": "browser-online", "test_report.py": "browser-report",
                  "test_corridors_page.py": "browser-maps", "test_individuals_page.py": "browser-maps",
                  "test_feasibility_page.py": "browser-maps", "test_publications_page.py": "browser-maps",
                  "test_present.py": "browser-maps",
                  # the longest module of the default group (the server's estimates it waits for): a
                  # group of its own, so that the two workers' shares come out even
                  "test_population_page.py": "browser-population",
                  # its own two server processes on a lake: beside the short report group
                  "test_lake_server.py": "browser-report"}


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
    if getattr(session.config.option, "numprocesses", None) and not hasattr(session.config, "workerinput"):
        # the controller, once every worker is done: the run's PostgreSQL, if a worker started it
        info = session.config._tmp_path_factory.getbasetemp() / "postgres.json"
        if info.exists():
            from tests.postgres import Cluster
            Cluster.running(json.loads(info.read_text())).stop()
            info.unlink()
        return
    if not Path("/proc").is_dir():
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
