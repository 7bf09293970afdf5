"""Roles against every write function, the audit trail's before and after, and undo of an import."""
import csv
import json
import shutil
from pathlib import Path

import pytest

from bigcats.access import AccessDenied, Actor
from bigcats.accounts import add_user, check_password, remove_user, set_password
from bigcats.audit import UndoRefused, undo
from bigcats.feasibility import update_criterion
from bigcats.ingest.areas import import_areas
from bigcats.ingest.camtrapdp import import_package
from bigcats.ingest.census import add_route
from bigcats.ingest.expenditures import add_expenditure
from bigcats.ingest.links import link_individuals
from bigcats.ingest.publications import add_publication, import_publications
from bigcats.store import Store
from tests.camtrap_package import make_package, write_csv
from tests.store_state import fingerprint

pytestmark = pytest.mark.both_backends  # every writing store on a file and on a lake

# the audit trail itself, when each derived table was last computed (a time, not data), and how
# many writes the camera-trap data has had (an undo is one more: estimates before it are out of date)
# the audit trail itself, and the id counters: ids are never given twice, so an undo leaves the
# counters where they were moved to
AUDITED = {"audit_log", "audit_changes", "audit_added_keys", "derived_tables", "data_versions", "id_counters"}


def snapshot(store) -> dict:
    """Every table but the audit trail itself, as (rows, hash of the rows)."""
    return fingerprint(store, skip=AUDITED)


def square_geojson(tmp_path: Path) -> Path:
    f = tmp_path / "llnp.geojson"
    ring = [[131.0, 43.0], [131.1, 43.0], [131.1, 43.1], [131.0, 43.1], [131.0, 43.0]]
    f.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"area_id": "LLNP"}, "geometry": {"type": "Polygon", "coordinates": [ring]}}]}))
    return f


WRITES = {
    "camtrap-dp into LLNP": lambda s, tmp: import_package(s, make_package(tmp / "pkg"), "LLNP"),
    "expenditure of proposal 1": lambda s, tmp: add_expenditure(s, 1, "1.1", "2020-02-01", "100", "USD"),
    "expenditure of proposal 2": lambda s, tmp: add_expenditure(s, 2, "L1", "2021-02-01", "1500", "USD"),
    "census route in POMP": lambda s, tmp: add_route(s, "F-1", "POMP", "2022-02-01", "10", {"roe_deer": "12"}, "N. Petrova"),
    "publication of TLNP": lambda s, tmp: add_publication(s, {"title": "Leopards of Hunchun", "authors": "Wang, X.",
                                                              "year": "2021", "language": "en", "park": "TLNP"}),
    "readiness criterion": lambda s, tmp: update_criterion(s, "P2-C1", 12, 20, "the admin"),
    "park boundary": lambda s, tmp: import_areas(s, square_geojson(tmp)),
    "account": lambda s, tmp: add_user(s, "newcomer", "viewer", "a long password"),
}

ACTORS = {
    "viewer": (Actor("v", "viewer"), set()),
    "editor of LLNP": (Actor("e1", "editor", frozenset({"LLNP"})), {"camtrap-dp into LLNP", "expenditure of proposal 1"}),
    "editor of TLNP": (Actor("e2", "editor", frozenset({"TLNP"})), {"expenditure of proposal 1", "publication of TLNP"}),
    "editor of POMP": (Actor("e3", "editor", frozenset({"POMP"})), {"expenditure of proposal 2", "census route in POMP"}),
    "admin": (Actor("a", "admin"), set(WRITES)),
}


@pytest.fixture(scope="module")
def untouched_store(seed_db, tmp_path_factory):
    """One copy of the seed store for the writes that must be refused: a refusal changes nothing,
    which each test checks, so they need no copy of their own."""
    db = tmp_path_factory.mktemp("refusals") / "store.duckdb"
    shutil.copy(seed_db, db)
    with Store.open(db) as s:
        yield s


@pytest.mark.parametrize("who", list(ACTORS))
@pytest.mark.parametrize("write", list(WRITES))
def test_each_role_against_each_write(request, tmp_path, who, write):
    actor, may = ACTORS[who]
    seed_store = request.getfixturevalue("seed_store" if write in may else "untouched_store")
    store = seed_store.as_actor(actor)
    before = snapshot(seed_store)
    if write in may:
        WRITES[write](store, tmp_path)
        entry = seed_store.sql("SELECT user_name, role FROM audit_log ORDER BY audit_id DESC LIMIT 1").row(0)
        assert entry == (actor.name, actor.role)
        assert snapshot(seed_store) != before
    else:
        with pytest.raises(AccessDenied, match=f"{actor.name} \\({actor.role}\\) may not write"):
            WRITES[write](store, tmp_path)
        assert snapshot(seed_store) == before
        assert seed_store.sql("SELECT count(*) AS n FROM audit_log")["n"][0] == 0


def test_links_need_an_editor_of_one_of_the_two_parks(demo_store):
    link = demo_store.sql("SELECT area_a, individual_a, area_b, individual_b FROM individual_links "
                          "WHERE area_a = 'LLNP' AND area_b = 'TLNP' LIMIT 1").row(0)
    demo_store.sql("DELETE FROM individual_links WHERE individual_a = ? AND individual_b = ?", [link[1], link[3]])
    args = (*link, "photos", "me")
    with pytest.raises(AccessDenied, match="they edit KP"):
        link_individuals(demo_store.as_actor(Actor("kp", "editor", frozenset({"KP"}))), *args)
    link_individuals(demo_store.as_actor(Actor("cn", "editor", frozenset({"TLNP"}))), *args)
    assert demo_store.sql("SELECT user_name, action FROM audit_log ORDER BY audit_id DESC LIMIT 1").row(0) == ("cn", "link individuals")


def test_passwords_are_hashed_and_checked(seed_store):
    add_user(seed_store, "olga", "editor", "correct horse battery", parks=["LLNP"])
    stored = seed_store.sql("SELECT password_hash FROM users WHERE user_name = 'olga'")["password_hash"][0]
    assert stored.startswith("$2b$") and "correct horse" not in stored
    assert check_password(seed_store, "olga", "correct horse battery") == Actor("olga", "editor", frozenset({"LLNP"}))
    assert check_password(seed_store, "olga", "wrong horse battery") is None
    assert check_password(seed_store, "nobody", "correct horse battery") is None
    set_password(seed_store, "olga", "another long one")
    assert check_password(seed_store, "olga", "another long one") is not None
    with pytest.raises(ValueError, match="at least 8"):
        add_user(seed_store, "short", "viewer", "1234")
    with pytest.raises(ValueError, match="needs at least one park"):
        add_user(seed_store, "lost", "editor", "long enough pw")
    with pytest.raises(ValueError, match="unknown park"):
        add_user(seed_store, "lost", "editor", "long enough pw", parks=["ZOO"])
    remove_user(seed_store, "olga")
    assert check_password(seed_store, "olga", "another long one") is None


def test_audit_records_before_and_after(seed_store):
    update_criterion(seed_store, "P2-C1", 12, 25, "the admin")
    entry = seed_store.sql("SELECT * FROM audit_log").row(0, named=True)
    assert entry["action"] == "edit readiness criterion" and entry["target"] == "P2-C1" and entry["rows_changed"] == 1
    change = seed_store.sql("SELECT * FROM audit_changes").row(0, named=True)
    before, after = json.loads(change["before"]), json.loads(change["after"])
    assert (before["threshold"], before["weight"]) == (10, 20)
    assert (after["threshold"], after["weight"], after["edited_by"]) == (12, 25, "the admin")
    add_expenditure(seed_store, 2, "L1", "2021-02-01", "1500", "USD", description="census fuel")
    rows = seed_store.sql("SELECT table_name, change, before, after FROM audit_changes WHERE audit_id = 2 ORDER BY 1")
    assert rows["table_name"].to_list() == ["expenditures", "imports"] and set(rows["change"]) == {"added"}
    spent = json.loads(rows["after"][0])
    assert spent["amount"] == 1500 and spent["description"] == "census fuel" and rows["before"][0] is None


def test_refused_write_leaves_no_audit_entry(seed_store):
    with pytest.raises(Exception):
        add_expenditure(seed_store, 2, "no such activity", "2021-02-01", "10", "USD")
    assert seed_store.sql("SELECT count(*) AS n FROM audit_log")["n"][0] == 0


def test_undo_of_a_camtrap_import_restores_the_store_exactly(seed_store, tmp_path):
    before = snapshot(seed_store)
    import_package(seed_store, make_package(tmp_path / "pkg"), "LLNP")
    assert snapshot(seed_store) != before
    entry = seed_store.sql("SELECT audit_id, rows_added FROM audit_log").row(0)
    assert entry[1] >= 2 + 1 + 1 + 4 + 1  # deployments, media, individual, observations, import row
    undo(seed_store, entry[0])
    assert snapshot(seed_store) == before
    log = seed_store.sql("SELECT audit_id, action, undone_by, undo_of FROM audit_log ORDER BY audit_id")
    assert log["undone_by"][0] is not None and set(log["undo_of"][1:]) == {entry[0]}
    with pytest.raises(UndoRefused, match="was undone"):
        undo(seed_store, entry[0])
    with pytest.raises(UndoRefused, match="itself an undo"):
        undo(seed_store, log["audit_id"][1])
    # and the same package imports again afterwards
    import_package(seed_store, make_package(tmp_path / "pkg"), "LLNP")


def test_undo_of_rows_with_a_key_of_two_columns_restores_every_one(seed_store, tmp_path):
    """An import adding three catalogue entries (key: park and id): the undo's check and delete
    find all three (DISTINCT over a two-field struct's unnest() once found one)."""
    pkg = make_package(tmp_path / "pkg")
    with open(pkg / "observations.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    more = [{**rows[0], "observationID": f"O-extra-{k}", "individualID": f"Leo 10{k}M"} for k in (1, 2)]
    write_csv(pkg / "observations.csv", rows + more)
    before = snapshot(seed_store)
    import_package(seed_store, pkg, "LLNP")
    assert seed_store.sql("SELECT count(*) FROM individuals WHERE catalogue_area_id = 'LLNP'").item() == 3
    undo(seed_store, seed_store.sql("SELECT max(audit_id) AS id FROM audit_log")["id"][0])
    assert snapshot(seed_store) == before


def test_a_large_imports_rows_are_recorded_by_key_and_undone_exactly(seed_store, tmp_path, monkeypatch):
    """Past FULL_ROWS added rows a table's are recorded as a list of keys and hashes (here past 1):
    the trail page still lists them, undo still restores the store exactly, and refuses when one
    of them was changed since, naming it."""
    import bigcats.audit
    monkeypatch.setattr(bigcats.audit, "FULL_ROWS", 1)
    before = snapshot(seed_store)
    import_package(seed_store, make_package(tmp_path / "pkg"), "LLNP")
    entry = seed_store.sql("SELECT max(audit_id) AS id FROM audit_log")["id"][0]
    recorded = seed_store.sql("SELECT table_name, count(*) AS n, count(after) AS json "
                              "FROM audit_changes WHERE change = 'added' GROUP BY table_name").rows_by_key("table_name")
    listed = seed_store.sql("SELECT table_name, count(*) AS n, count(DISTINCT row_key) AS keys FROM audit_added_keys "
                            "WHERE audit_id = $a GROUP BY ALL", {"a": entry}).rows_by_key("table_name")
    observations = seed_store.sql("SELECT count(*) FROM observations").item()
    assert "observations" not in recorded  # 4 > 1: a list of keys, each with its hash
    assert listed["observations"] == [(observations, observations)]
    assert recorded["media"] == [(1, 1)] and "media" not in listed  # one medium: as JSON
    shown = seed_store.query("audit_entry_rows", audit_id=entry, limit=100)  # what the trail page lists
    assert shown.filter((shown["table_name"] == "observations") & shown["by_key"]).height == observations
    # a later change to one of them: undo refused, naming it
    with seed_store.transaction() as cur:
        cur.execute("UPDATE observations SET behavior = 'resting' WHERE observation_id = 'O2'")
    with pytest.raises(UndoRefused, match='observations row {"observation_id":"O2"} was changed since'):
        undo(seed_store, entry)
    with seed_store.transaction() as cur:
        cur.execute("UPDATE observations SET behavior = NULL WHERE observation_id = 'O2'")
    undo(seed_store, entry)
    assert snapshot(seed_store) == before


BIB = """@article{a1, title = {Ungulates of LLNP}, author = {Ivanov, I.}, year = {2020}, language = {english},
  park = {LLNP}, doi = {10.1234/x}}
"""


def test_undo_of_a_merge_restores_the_changed_rows(seed_store, tmp_path):
    f = tmp_path / "a.bib"
    f.write_text(BIB)
    import_publications(seed_store, f)
    before = snapshot(seed_store)
    f.write_text(BIB.replace("doi = {10.1234/x}", "doi = {10.1234/x}, url = {https://example.org/u}"))
    import_publications(seed_store, f, on_duplicate="merge")
    merged = seed_store.sql("SELECT max(audit_id) AS id FROM audit_log")["id"][0]
    assert seed_store.sql("SELECT url FROM publications")["url"][0] == "https://example.org/u"
    undo(seed_store, merged)
    assert snapshot(seed_store) == before


def test_undo_is_refused_when_a_later_write_changed_its_rows(seed_store, tmp_path):
    f = tmp_path / "a.bib"
    f.write_text(BIB)
    import_publications(seed_store, f)
    first = seed_store.sql("SELECT max(audit_id) AS id FROM audit_log")["id"][0]
    f.write_text(BIB.replace("doi = {10.1234/x}", "doi = {10.1234/x}, url = {https://example.org/u}"))
    import_publications(seed_store, f, on_duplicate="merge")
    with pytest.raises(UndoRefused, match=f"changed since entry #{first} by entry #{first + 1}; undo that first"):
        undo(seed_store, first)


def test_only_an_admin_may_undo(seed_store, tmp_path):
    add_expenditure(seed_store, 2, "L1", "2021-02-01", "1500", "USD")
    with pytest.raises(AccessDenied):
        undo(seed_store.as_actor(Actor("e3", "editor", frozenset({"POMP"}))), 1)


def test_password_hashes_stay_out_of_the_trail_and_a_restored_account_needs_a_new_password(seed_store):
    add_user(seed_store, "olga", "viewer", "correct horse battery")
    remove_user(seed_store, "olga")
    trail = " ".join(str(v) for v in seed_store.sql("SELECT before, after FROM audit_changes").rows())
    assert "$2b$" not in trail and "(not recorded)" in trail
    removed = seed_store.sql("SELECT max(audit_id) AS id FROM audit_log")["id"][0]
    undo(seed_store, removed)
    assert seed_store.sql("SELECT role FROM users WHERE user_name = 'olga'")["role"][0] == "viewer"
    assert check_password(seed_store, "olga", "correct horse battery") is None
    set_password(seed_store, "olga", "a new long password")
    assert check_password(seed_store, "olga", "a new long password") is not None


def test_an_import_records_the_same_changes_comparing_only_its_own_rows(demo_store, tmp_path, monkeypatch):
    """The import's audit copies and compares only the rows its package names (the batch); on a
    store full of other rows it records exactly what a comparison of whole tables records: the
    rows added, and a stored row the package changes with its before and after."""
    import bigcats.ingest.camtrapdp as camtrapdp
    from bigcats import audit
    pkg = make_package(tmp_path / "pkg")
    for name in ("observations.csv", "individuals.csv"):  # an entry the demo's catalogue does not hold
        text = (pkg / name).read_text(encoding="utf-8")
        (pkg / name).write_text(text.replace("Leo 99F", "Leo 9999F"), encoding="utf-8")
    import_package(demo_store, pkg, "LLNP")
    with open(pkg / "observations.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    next(r for r in rows if r["observationID"] == "O4")["count"] = "2"  # the tiger was two tigers
    write_csv(pkg / "observations.csv", rows)
    other = tmp_path / "whole.duckdb"  # the same store as a file, audited by whole tables
    if demo_store.on_lake:
        from bigcats import lake_admin
        lake_admin.export_file(demo_store.path, str(other))
    else:
        demo_store.sql("CHECKPOINT")
        shutil.copy(demo_store.path, other)

    def trail(store) -> list[tuple]:
        last = store.sql("SELECT max(audit_id) AS a FROM audit_log")["a"][0]
        return sorted(store.sql("SELECT table_name, change, row_key, before, after FROM audit_changes "
                                "WHERE audit_id = ?", [last]).rows())

    import_package(demo_store, pkg, "LLNP")
    scoped = trail(demo_store)
    assert [c[:2] for c in scoped] == [("imports", "added"), ("observations", "changed")]
    assert '"count":1' in scoped[1][3] and '"count":2' in scoped[1][4]
    whole = audit.recorded
    monkeypatch.setattr(camtrapdp, "recorded", lambda *a, batch=None, **k: whole(*a, **k))
    with Store.open(other) as s:
        import_package(s, pkg, "LLNP")
        whole_trail = trail(s)
    # the same rows with the same before and after (the import's own row differs only by its time)
    assert [c[:3] for c in whole_trail] == [c[:3] for c in scoped]
    assert whole_trail[1:] == scoped[1:]
