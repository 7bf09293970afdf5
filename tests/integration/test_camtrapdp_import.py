"""Camtrap DP import: a valid package, a second import that changes nothing, and every kind of
broken package refused with its located message and the store unchanged."""
import csv
import json
import shutil
from pathlib import Path

import pytest

from bigcats.ingest import camtrapdp
from bigcats.ingest.camtrapdp import PackageRefused
from bigcats.store import Store
from tests.camtrap_package import PNG, make_package, write_csv

pytestmark = pytest.mark.both_backends  # every writing store on a file and on a lake

TABLES = ("species", "deployments", "media", "observations", "individuals", "individual_links", "imports")


def snapshot(store) -> dict:
    return {t: store.sql(f"SELECT * FROM {t} ORDER BY ALL").rows() for t in TABLES}


@pytest.fixture
def package(tmp_path) -> Path:
    return make_package(tmp_path / "pkg")


def test_valid_package_imports_everything(seed_store, package):
    out = camtrapdp.import_package(seed_store, package, "LLNP")
    t = out["tables"]
    assert t["deployments"]["added"] == 2 and t["observations"]["added"] == 5 and t["individuals"]["added"] == 1
    assert out["observation_types"] == {"animal": 4, "blank": 1}
    # the blank is kept as what it is: no taxon, no count
    assert seed_store.sql("SELECT species_id, count FROM observations WHERE observation_type = 'blank'").rows() == [(None, None)]
    row = seed_store.sql("SELECT sex, alias FROM individuals WHERE individual_id = 'Leo 99F'").row(0)
    assert row == ("female", "Bright Eye")
    # the photographs disagree on sex and that is kept, not overwritten
    sexes = seed_store.sql("SELECT sex FROM observations WHERE individual_id = 'Leo 99F' ORDER BY observation_id")["sex"].to_list()
    assert sexes == ["female", "unknown", "male"]
    # times are the park's local time; the photograph file is kept in the store
    assert str(seed_store.sql("SELECT observed_at FROM observations WHERE observation_id = 'O1'")["observed_at"][0]) == "2014-02-01 22:10:00"
    assert seed_store.sql("SELECT content FROM media WHERE media_id = 'M1'")["content"][0] == PNG
    assert seed_store.sql("SELECT grid_cell FROM deployments WHERE deployment_id = 'T-CAM-1'")["grid_cell"][0] == "tumen:-7:-21"


def test_same_package_twice_changes_nothing(seed_store, package):
    camtrapdp.import_package(seed_store, package, "LLNP")
    before = snapshot(seed_store)
    derived = seed_store.sql("SELECT * FROM derived_tables ORDER BY ALL").rows()
    versions = seed_store.sql("SELECT * FROM data_versions ORDER BY ALL").rows()
    out = camtrapdp.import_package(seed_store, package, "LLNP")
    assert out["added"] == 0 and out["changed"] == 0
    assert snapshot(seed_store) == before
    # nothing to recompute: no derived table computed again, no stored estimate made out of date
    assert seed_store.sql("SELECT * FROM derived_tables ORDER BY ALL").rows() == derived
    assert seed_store.sql("SELECT * FROM data_versions ORDER BY ALL").rows() == versions


def test_a_reimport_writes_and_audits_only_the_rows_that_differ(seed_store, package):
    camtrapdp.import_package(seed_store, package, "LLNP")
    edit_csv(package / "observations.csv", 3, "count", "3")
    out = camtrapdp.import_package(seed_store, package, "LLNP")
    assert out["added"] == 0 and out["changed"] == 1 and out["tables"]["observations"] == {"added": 0, "changed": 1}
    last = seed_store.sql("SELECT max(audit_id) AS a FROM audit_log")["a"][0]
    trail = seed_store.sql(f"SELECT table_name, change FROM audit_changes WHERE audit_id = {last} "
                           "AND table_name <> 'imports'").rows()
    assert trail == [("observations", "changed")]


def edit_csv(path: Path, row: int, field: str, value: str) -> None:
    """Set `field` of spreadsheet row `row` (header = 1)."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[row - 2][field] = value
    write_csv(path, rows)


def drop_column(path: Path, field: str) -> None:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    write_csv(path, [{k: v for k, v in r.items() if k != field} for r in rows])


def set_meta(p: Path, **changes) -> None:
    d = json.loads((p / "datapackage.json").read_text())
    for k, v in changes.items():
        if v is None:
            d.pop(k, None)
        else:
            d[k] = v
    (p / "datapackage.json").write_text(json.dumps(d))


BREAKAGES = {
    "no descriptor": (lambda p: (p / "datapackage.json").unlink(), ["datapackage.json", "not found"]),
    "descriptor not JSON": (lambda p: (p / "datapackage.json").write_text("{ not json"), ["datapackage.json", "not valid JSON"]),
    "metadata missing": (lambda p: set_meta(p, created=None), ["datapackage.json", "'created'", "required property missing"]),
    "resource missing": (lambda p: set_meta(p, resources=[r for r in json.loads((p / "datapackage.json").read_text())["resources"]
                                                           if r["name"] != "media"]), ["'media' resource is missing"]),
    "file missing": (lambda p: (p / "observations.csv").unlink(), ["observations.csv", "not found"]),
    "required column missing": (lambda p: drop_column(p / "deployments.csv", "latitude"),
                                ["deployments.csv, row 1, field 'latitude'", "required column missing"]),
    "required value empty": (lambda p: edit_csv(p / "observations.csv", 3, "eventStart", ""),
                             ["observations.csv, row 3, field 'eventStart'", "required value is empty"]),
    "duplicate deployment": (lambda p: edit_csv(p / "deployments.csv", 3, "deploymentID", "T-CAM-1"),
                             ["deployments.csv, row 3, field 'deploymentID'", "duplicate", "first on row 2"]),
    "duplicate observation": (lambda p: edit_csv(p / "observations.csv", 4, "observationID", "N1"),
                              ["observations.csv, row 4, field 'observationID'", "duplicate"]),
    "latitude out of range": (lambda p: edit_csv(p / "deployments.csv", 2, "latitude", "142.5"),
                              ["deployments.csv, row 2, field 'latitude'", "out of range"]),
    "outside the park's region": (lambda p: edit_csv(p / "deployments.csv", 2, "longitude", "100.0"),
                                  ["deployments.csv, row 2, field 'latitude'", "outside the tumen region"]),
    "bad datetime": (lambda p: edit_csv(p / "deployments.csv", 2, "deploymentStart", "10/01/2014"),
                     ["deployments.csv, row 2, field 'deploymentStart'", "not a date and time"]),
    "datetime without offset": (lambda p: edit_csv(p / "media.csv", 2, "timestamp", "2014-02-01T22:10:00"),
                                ["media.csv, row 2, field 'timestamp'", "UTC offset"]),
    "end before start": (lambda p: edit_csv(p / "deployments.csv", 2, "deploymentEnd", "2013-01-01T00:00:00+10:00"),
                         ["deployments.csv, row 2, field 'deploymentEnd'", "before deploymentStart"]),
    "unknown deployment": (lambda p: edit_csv(p / "observations.csv", 2, "deploymentID", "NOPE"),
                           ["observations.csv, row 2, field 'deploymentID'", "unknown deployment 'NOPE'"]),
    "unknown media": (lambda p: edit_csv(p / "observations.csv", 2, "mediaID", "M404"),
                      ["observations.csv, row 2, field 'mediaID'", "unknown media 'M404'"]),
    "sex not in the standard": (lambda p: edit_csv(p / "observations.csv", 2, "sex", "F"),
                                ["observations.csv, row 2, field 'sex'", "'F' is not one of female, male"]),
    "count below one": (lambda p: edit_csv(p / "observations.csv", 2, "count", "0"),
                        ["observations.csv, row 2, field 'count'", "out of range"]),
    "count not whole": (lambda p: edit_csv(p / "observations.csv", 2, "count", "1.5"),
                        ["observations.csv, row 2, field 'count'", "not a whole number"]),
    "media observation without its media": (
        lambda p: (edit_csv(p / "observations.csv", 2, "mediaID", ""), edit_csv(p / "observations.csv", 2, "observationLevel", "media")),
        ["observations.csv, row 2, field 'mediaID'", "names the media file it classifies"]),
    "taxon without a name": (lambda p: edit_csv(p / "observations.csv", 2, "scientificName", "x" * 201),
                             ["observations.csv, row 2, field 'scientificName'", "longer than 200"]),
    "event outside deployment": (lambda p: edit_csv(p / "observations.csv", 2, "eventStart", "2014-08-01T22:10:00+10:00"),
                                 ["observations.csv, row 2, field 'eventStart'", "outside deployment T-CAM-1"]),
    "wrong encoding": (lambda p: (p / "deployments.csv").write_bytes(
        (p / "deployments.csv").read_text(encoding="utf-8").replace("L2", "Łąka").encode("cp1250")),
        ["deployments.csv, row 3", "not UTF-8"]),
    "park mismatch": (lambda p: edit_csv(p / "deployments.csv", 2, "deploymentGroups", "country:CN | park:TLNP"),
                      ["deployments.csv, row 2, field 'deploymentGroups'", "park:TLNP"]),
    "boolean not boolean": (lambda p: edit_csv(p / "media.csv", 2, "filePublic", "yes"),
                            ["media.csv, row 2, field 'filePublic'", "not true or false"]),
    "ragged row": (lambda p: (p / "observations.csv").write_text(
        (p / "observations.csv").read_text(encoding="utf-8").rstrip("\n") + ",extra,values\n", encoding="utf-8"),
        ["observations.csv, row 6", "15 values for 13 columns"]),
    "one animal two species": (lambda p: edit_csv(p / "observations.csv", 5, "individualID", "Leo 99F"),
                               ["observations.csv, row 5, field 'individualID'", "is a tiger here but a leopard"]),
}


@pytest.fixture(scope="module")
def imported_db(seed_db, tmp_path_factory) -> Path:
    """The seed store after a first, valid import, so that "unchanged" covers existing rows too
    (built once; each test writes to its own copy)."""
    db = tmp_path_factory.mktemp("imported") / "store.duckdb"
    shutil.copy(seed_db, db)
    with Store.open(db) as store:
        camtrapdp.import_package(store, make_package(db.parent / "good"), "LLNP")
    return db


@pytest.fixture
def imported_store(imported_db, tmp_path):
    shutil.copy(imported_db, tmp_path / "store.duckdb")
    with Store.open(tmp_path / "store.duckdb") as store:
        yield store


@pytest.mark.parametrize("kind", list(BREAKAGES))
def test_broken_package_is_refused_with_its_place_and_store_unchanged(imported_store, package, kind):
    # the broken package differs: new IDs, so a partial write would show
    for f in ("observations.csv",):
        text = (package / f).read_text(encoding="utf-8").replace("O1,", "N1,").replace("O2,", "N2,").replace("O3,", "N3,")
        (package / f).write_text(text, encoding="utf-8")
    before = snapshot(imported_store)
    breakage, expected = BREAKAGES[kind]
    breakage(package)
    with pytest.raises(PackageRefused) as err:
        camtrapdp.import_package(imported_store, package, "LLNP")
    message = str(err.value)
    for fragment in expected:
        assert fragment in message, message
    assert "nothing was imported" in message
    assert snapshot(imported_store) == before


def test_deployment_of_another_park_is_refused(seed_store, package, tmp_path):
    camtrapdp.import_package(seed_store, package, "LLNP")
    other = make_package(tmp_path / "other")
    edit_csv(other / "deployments.csv", 2, "deploymentGroups", "")
    before = snapshot(seed_store)
    with pytest.raises(PackageRefused, match="already belongs to park LLNP"):
        camtrapdp.import_package(seed_store, other, "TLNP")
    assert snapshot(seed_store) == before


def test_unknown_park_is_refused(seed_store, package):
    with pytest.raises(PackageRefused, match="unknown park 'XX'"):
        camtrapdp.import_package(seed_store, package, "XX")
