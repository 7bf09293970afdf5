"""The store on both backends: a DuckDB file and a DuckLake with its catalogue in a throwaway
PostgreSQL (tests/postgres.py). The same writes are refused the same way on both (the file's
constraints; the lake's checks before commit under its write token), an import and its undo are
exact on both, and the lake moves in and out of a file and serves several processes."""
from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import duckdb
import pytest

from bigcats import lake, lake_admin, schema
from bigcats.audit import undo
from bigcats.i18n import t
from bigcats.ingest.camtrapdp import import_package
from bigcats.ingest.expenditures import add_expenditure
from bigcats.store import Store
from tests.camtrap_package import make_package
from bigcats.cli import main
from tests.cli import bigcats
from tests.store_state import fingerprint

ROOT = Path(__file__).resolve().parents[2]
# the audit trail and the counters of ids: an undo leaves them moved on, on purpose
MOVES_ON = {"audit_log", "audit_changes", "audit_added_keys", "derived_tables", "data_versions", "id_counters"}


@pytest.fixture(params=["file", "lake"])
def backend(request) -> str:
    """Every test of this module that writes runs on both backends (the `seed_store` it takes:
    a copy of the file, or a copy of the seed's lake, tests/lakes.py)."""
    return request.param


@pytest.fixture
def store(seed_store):
    return seed_store


@pytest.fixture
def lake_store(seed_lake_address):
    """A copy of the seed's lake (tests that need the lake itself)."""
    with Store.open(seed_lake_address) as s:
        yield s


@pytest.fixture(scope="module", params=["file", "lake"])
def unchanged_store(request, seed_db, tmp_path_factory):
    """The seed store on each backend, shared by the tests whose writes are all refused (each
    checks that the store is left exactly as it was): a lake costs seconds to make."""
    folder = tmp_path_factory.mktemp("unchanged")
    db = folder / "seed.duckdb"
    shutil.copy(seed_db, db)
    if request.param == "file":
        with Store.open(db) as s:
            yield s
        return
    postgres = request.getfixturevalue("postgres")
    name = f"lake_unchanged_{os.getpid()}"
    postgres.create_database(name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BIGCATS_LAKE_DATA", str(folder / "lake-data"))
        lake_admin.import_file(str(db), postgres.address(name))
        with Store.open(postgres.address(name)) as s:
            yield s


def _count(store, table: str) -> int:
    return store.sql(f"SELECT count(*) AS n FROM {table}")["n"][0]  # noqa: S608 (the test's own names)


@pytest.mark.parametrize("write, words", [
    ("INSERT INTO species SELECT * FROM species LIMIT 1", "Duplicate key"),
    ("INSERT INTO observations (observation_id, deployment_id, observed_at, species_id, count, source) "
     "VALUES ('o-x', 'no-such-camera', TIMESTAMP '2024-01-01 00:00', 'leopard', 1, 'test')", "foreign key"),
    ("UPDATE activities SET planned_budget_usd = -1 WHERE proposal_id = 1", "CHECK constraint"),
    ("DELETE FROM proposals WHERE proposal_id = 1", "foreign key"),
], ids=["duplicate key", "unknown parent", "check", "parent still referenced"])
def test_a_broken_key_reference_or_check_is_refused_and_changes_nothing(unchanged_store, write, words):
    store = unchanged_store
    table = write.split()[2] if write.startswith(("INSERT", "DELETE")) else write.split()[1]
    before = fingerprint(store)
    with pytest.raises(duckdb.ConstraintException, match=f"(?i){words}"):
        with store.transaction(touches=[table]) as cur:
            cur.execute(write)
    assert fingerprint(store) == before


def test_an_import_and_its_undo_are_exact(store, tmp_path):
    before = fingerprint(store, skip=MOVES_ON)
    import_package(store, make_package(tmp_path / "pkg"), "LLNP")
    assert _count(store, "observations") > 0
    entry = store.sql("SELECT audit_id FROM audit_log")["audit_id"][0]
    undo(store, entry)
    assert fingerprint(store, skip=MOVES_ON) == before


def test_ids_the_application_makes_are_never_given_twice(store):
    entries = _count(store, "audit_log")
    add_expenditure(store, 2, "L1", "2021-02-01", "10", "USD", description="fuel")
    ids = store.sql("SELECT expenditure_id FROM expenditures ORDER BY 1")["expenditure_id"].to_list()
    undo(store, store.sql("SELECT max(audit_id) AS a FROM audit_log")["a"][0])
    add_expenditure(store, 2, "L1", "2021-02-02", "11", "USD", description="fuel again")
    again = store.sql("SELECT expenditure_id FROM expenditures")["expenditure_id"].to_list()
    assert again and again[0] > ids[-1]
    audit = store.sql("SELECT audit_id FROM audit_log ORDER BY 1")["audit_id"].to_list()
    assert len(audit) == len(set(audit)) > entries


class ForeignWriter:
    """A writer outside bigcats' write token (a notebook's own SQL on the lake, another DuckDB
    tool): its own DuckDB attaches the lake and, when the store's write takes its audit entry's id,
    commits a change to the same table before that write commits; `times` writes in a row."""

    def __init__(self, store: Store, monkeypatch, times: int):
        self.con = duckdb.connect()
        lake.attach(self.con, store.path)
        self.left = times
        taking = Store.next_id

        def next_id(store_self, cur, counter, n=1):
            first = taking(store_self, cur, counter, n)
            if self.left and counter == "audit_log":  # once per audited write
                self.left -= 1
                self.con.execute("UPDATE id_counters SET last_id = last_id WHERE name = 'imports'")
            return first
        monkeypatch.setattr(Store, "next_id", next_id)


def test_a_write_refused_as_a_conflict_is_run_again_and_lands_once(lake_store, monkeypatch):
    store = lake_store
    entries, spent = _count(store, "audit_log"), _count(store, "expenditures")
    ForeignWriter(store, monkeypatch, times=2)
    add_expenditure(store, 2, "L1", "2021-02-01", "10", "USD", description="fuel")
    assert store._shared.conflicts_retried == 2  # refused twice, landed the third time
    assert _count(store, "expenditures") == spent + 1 and _count(store, "audit_log") == entries + 1
    assert store.sql("SELECT holder FROM write_token")["holder"][0] is None  # the token given back


def test_a_write_that_keeps_conflicting_is_refused_and_changes_nothing(lake_store, monkeypatch):
    from bigcats.store import CONFLICT_ATTEMPTS
    store = lake_store
    before = fingerprint(store, skip={"id_counters"})  # the foreign writer's own update
    ForeignWriter(store, monkeypatch, times=CONFLICT_ATTEMPTS)
    with pytest.raises(duckdb.TransactionException, match="Transaction conflict"):
        add_expenditure(store, 2, "L1", "2021-02-01", "10", "USD", description="fuel")
    assert store._shared.conflicts_retried == CONFLICT_ATTEMPTS - 1
    assert fingerprint(store, skip={"id_counters"}) == before
    assert store.sql("SELECT holder FROM write_token")["holder"][0] is None


def test_the_audit_trail_reads_an_imports_rows_as_written_from_the_lakes_snapshot(store, tmp_path, monkeypatch):
    """An import recorded by key and hash (a large one; here every import, FULL_ROWS 0) keeps no
    values in the trail. On a lake the entry's commit names its snapshot and the rows come back as
    the import wrote them, even after a later write changed one; a file has no past to read."""
    from bigcats import audit
    import panel as pn
    from dashboards.audit import AuditTrail
    monkeypatch.setattr(audit, "FULL_ROWS", 0)
    import_package(store, make_package(tmp_path / "pkg"), "LLNP")
    entry = int(store.sql("SELECT max(audit_id) AS a FROM audit_log")["a"][0])
    rows = store.query("audit_entry_rows", audit_id=entry, limit=1000)
    added = rows.filter(rows["by_key"])  # the package's rows (the import's own entry is recorded whole)
    assert added.height > 1 and (added["change"] == "added").all() and added["after"].is_null().all()
    with store.transaction(touches=["deployments"]) as cur:  # a later write moves a camera
        cur.execute("UPDATE deployments SET latitude = 43.0 WHERE deployment_id = 'T-CAM-1'")
    written = audit.rows_as_written(store, entry, rows)
    page = AuditTrail(store=store, lang="en")
    page.entry = entry
    shown = page._entry_rows()  # what the admin sees of the entry: its rows, and where their values come from
    after = html.unescape(" ".join(shown.select(pn.widgets.Tabulator)[0].value[t("col_after", "en")]))
    notes = " ".join(m.object for m in shown.select(pn.pane.Markdown) if "audit-snapshot" in m.css_classes)
    if store.on_lake:
        assert set(added["row_key"]) <= set(written["row_key"])
        camera = written.filter(written["row_key"].str.contains("T-CAM-1"))["as_written"][0]
        assert '"latitude":42.465722' in camera  # as imported, not as moved since
        assert "42.465722" in after and t("audit_by_key", "en") not in after
        assert notes == t("audit_as_of_snapshot", "en", snapshot=audit.entry_snapshot(store, entry))
    else:
        assert written.is_empty() and audit.entry_snapshot(store, entry) is None
        assert t("audit_by_key", "en") in after and not notes


def test_a_new_lake_has_the_declared_schema(lake_address):
    with Store.open(":memory:") as file, Store.open(lake_address) as on_lake:
        assert on_lake.schema_version == file.schema_version
        assert on_lake.table_names() == file.table_names()
        def columns(s, database):
            return [(t.name, [(c.name, c.data_type, c.not_null) for c in t.columns])
                    for t in schema.read_catalogue(s._con, database).tables]
        assert columns(on_lake, lake.LAKE) == columns(file, "memory")
        # the schema's macros, and the rows the migrations put in an empty store
        assert on_lake.sql("SELECT in_lang('ru', 'a', 'b', 'c', 'd') AS t")["t"][0] == "b"
        for table in ("id_counters", "write_token", "schema_migrations", "data_versions"):
            assert _count(on_lake, table) == _count(file, table), table


def test_a_lake_made_before_the_audits_key_list_is_upgraded_and_imports_and_undoes(seed_lake_address, tmp_path,
                                                                                    monkeypatch):
    """A lake made by the bigcats before migration 026 gains the table of large imports' key lists
    when a newer bigcats opens it, and a large import is recorded there and undone exactly."""
    from bigcats import audit
    lake_address = seed_lake_address
    with Store.open(lake_address) as made:
        version = made.schema_version
        with made.transaction() as cur:  # the lake as that older bigcats left it
            cur.execute("DROP TABLE audit_added_keys")
            cur.execute("DELETE FROM schema_migrations WHERE version = 26")
    with Store.open(lake_address) as upgraded:
        assert upgraded.schema_version == version and "audit_added_keys" in upgraded.table_names()
        monkeypatch.setattr(audit, "FULL_ROWS", 0)
        before = fingerprint(upgraded, skip=MOVES_ON)
        import_package(upgraded, make_package(tmp_path / "pkg"), "LLNP")
        entry = int(upgraded.sql("SELECT max(audit_id) AS a FROM audit_log")["a"][0])
        listed = upgraded.sql("SELECT count(*) AS n FROM audit_added_keys WHERE audit_id = $a AND table_name = "
                              "'observations'", {"a": entry})["n"][0]
        assert listed == _count(upgraded, "observations") > 0
        audit.undo(upgraded, entry)
        assert fingerprint(upgraded, skip=MOVES_ON) == before


@pytest.mark.slow  # processes and commands: the full suite, not the fast loop
def test_a_file_store_goes_into_a_lake_and_back_unchanged(seed_db, lake_address, tmp_path):
    db = tmp_path / "seed.duckdb"
    shutil.copy(seed_db, db)
    assert bigcats("lake", "import", str(db), "--db", lake_address).returncode == 0
    back = tmp_path / "back.duckdb"
    out = bigcats("lake", "export", str(back), "--db", lake_address)
    assert out.returncode == 0, out.stderr
    with Store.open(db) as original, Store.open(back) as returned:
        assert fingerprint(returned) == fingerprint(original)
    # a second import into the same lake is refused
    refused = bigcats("lake", "import", str(db), "--db", lake_address)
    assert refused.returncode == 1 and "already holds a store" in refused.stderr
    kept = bigcats("lake", "maintain", "--db", lake_address)
    assert kept.returncode == 0 and "snapshots" in kept.stdout, kept.stderr


def test_another_process_write_reaches_this_process_memo(seed_lake_address, monkeypatch):
    lake_address = seed_lake_address
    monkeypatch.setattr(Store, "LAKE_CHECK_SECONDS", 0.0)
    with Store.open(lake_address) as server, Store.open(lake_address) as other:
        def spent():
            return server.cached(("spent",), lambda: _count(server, "expenditures"), depends_on=("expenditures",))
        assert spent() == 0
        add_expenditure(other, 2, "L1", "2021-02-01", "10", "USD", description="written elsewhere")
        assert spent() == 1


WRITER = """
import sys
from pathlib import Path
from unittest import mock
from bigcats.store import Store
from bigcats.accounts import add_user
from bigcats.ingest.expenditures import add_expenditure, import_expenditures
address, who, folder = sys.argv[1:4]
sheet = Path(folder) / f"{who}.csv"  # each writer's own package of expenditures
sheet.write_text("date,proposal,activity,amount,currency,rate_to_usd,description\\n" + "".join(
    f"2021-03-0{i + 1},2,L1,5,USD,,{who} imported {i}\\n" for i in range(3)), encoding="utf-8")
with Store.open(address) as store:
    print("ready", flush=True)
    sys.stdin.readline()  # both writers start together, when the test says go
    import_expenditures(store, sheet, confirm_over_budget=True)
    for i in range(4):
        add_expenditure(store, 2, "L1", f"2021-02-0{i + 1}", "10", "USD", description=f"{who} {i}")
    try:
        add_user(store, "olga", "viewer", "a long enough password")
        print("added olga")
    except Exception as exc:
        print("refused:", exc)
"""


def test_two_processes_write_into_the_lake_at_once(seed_lake_address, tmp_path):
    lake_address = seed_lake_address
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, lake_address, name, str(tmp_path)], cwd=ROOT, env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for name in ("first", "second")]
    for w in writers:  # each has opened the lake
        assert w.stdout.readline().strip() == "ready", w.stderr.read()
    for w in writers:
        w.stdin.write("go\n")
        w.stdin.flush()
    outs = [w.communicate(timeout=240) for w in writers]
    assert [w.returncode for w in writers] == [0, 0], outs
    said = sorted(o[0].strip() for o in outs)
    # the same account from two writers: stored once, refused in the other
    assert said[0] == "added olga" and said[1].startswith("refused:"), said
    with Store.open(lake_address) as store:
        assert _count(store, "users") == 1
        rows = store.sql("SELECT expenditure_id, description FROM expenditures")
        assert rows.height == 14  # nothing lost: two imports of 3 rows, 8 form entries
        assert rows["expenditure_id"].n_unique() == 14
        assert sorted(rows["description"]) == sorted([f"{w} {i}" for w in ("first", "second") for i in range(4)]
                                                     + [f"{w} imported {i}" for w in ("first", "second") for i in range(3)])
        imports = store.sql("SELECT kind, file FROM imports WHERE file LIKE '%.csv'")
        assert sorted(Path(f).name for f in imports["file"]) == ["first.csv", "second.csv"]
        assert store.sql("SELECT count(*) AS n FROM audit_log")["n"][0] == 11  # 2 imports, 8 entries, 1 account
        assert store.sql("SELECT holder FROM write_token")["holder"][0] is None  # given back


@pytest.mark.slow  # processes and commands: the full suite, not the fast loop
def test_the_command_line_works_on_a_lake(seed_db, lake_address, tmp_path):
    assert bigcats("init", "--db", lake_address).returncode == 0
    with Store.open(lake_address) as store:
        assert _count(store, "proposals") == 3
    again = bigcats("init", "--db", lake_address)
    assert again.returncode == 1 and "already holds a store" in again.stderr
    out = bigcats("sql", "SELECT count(*) AS n FROM proposals", "--db", lake_address)
    assert out.returncode == 0 and "3" in out.stdout, out.stderr
    outside = bigcats("sql", "SELECT * FROM read_csv('/etc/passwd')", "--db", lake_address)
    assert outside.returncode == 1 and "/etc/passwd" in outside.stderr  # only the lake's own files are read
    # the report execs the page-drawing module with the lake's address, not a file's path
    execs = []
    with mock.patch("os.execv", lambda exe, argv: execs.append(argv)):
        assert main(["report", str(tmp_path / "r.html"), "--proposal", "1", "--db", lake_address]) == 0
    assert execs and execs[0][execs[0].index("--db") + 1] == lake_address
    file = bigcats("serve", "--db", str(seed_db), "--processes", "2")
    assert file.returncode == 1 and "a store file admits one process" in file.stderr
    wrong = bigcats("lake", "maintain", "--db", "ducklake:postgres:dbname=x; DROP TABLE y")
    assert wrong.returncode == 1 and "not a lake address" in wrong.stderr
