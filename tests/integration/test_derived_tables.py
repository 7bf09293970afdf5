"""Derived tables stay equal to a recomputation from scratch after every kind of write: a demo
build, a Camtrap DP import, a park boundary replaced, an individual link, an undo, an upgrade."""
import pytest

from bigcats import derived
from bigcats.audit import undo
from bigcats.ingest.areas import import_areas
from bigcats.ingest.camtrapdp import import_package
from bigcats.ingest.links import link_individuals
from bigcats.store import Store
from tests.integration.test_access_and_audit import square_geojson
from tests.integration.test_individual_links import unlinked_true_pairs
from tests.camtrap_package import make_package

pytestmark = pytest.mark.both_backends  # every writing store on a file and on a lake


def differences(store, table: str) -> int:
    """Rows in the stored table but not in a fresh computation, and the other way round."""
    fresh = store.query_text(f"derive_{table}")
    return store.sql(f"SELECT count(*) AS n FROM ((SELECT * FROM {table} EXCEPT ALL SELECT * FROM ({fresh})) "
                     f"UNION ALL (SELECT * FROM ({fresh}) EXCEPT ALL SELECT * FROM {table}))")["n"][0]


def assert_true(store):
    for table in derived.DERIVED_TABLES:
        assert store.sql(f"SELECT count(*) AS n FROM {table}")["n"][0] > 0, table
        assert differences(store, table) == 0, table


def test_a_fresh_demo_store_holds_its_derived_tables(demo_reader):
    assert_true(demo_reader)
    stamped = demo_reader.sql("SELECT table_name FROM derived_tables")["table_name"].to_list()
    assert sorted(stamped) == sorted(derived.DERIVED_TABLES)


def test_an_import_a_boundary_and_an_undo_keep_them_true(seed_store, tmp_path):
    import_package(seed_store, make_package(tmp_path / "pkg"), "LLNP")
    entry = seed_store.sql("SELECT max(audit_id) AS a FROM audit_log")["a"][0]
    placed = seed_store.sql("SELECT count(*) AS n FROM deployment_places WHERE located_in_area_id = 'LLNP'")["n"][0]
    assert placed == seed_store.sql("SELECT count(*) AS n FROM deployments")["n"][0] > 0  # the new cameras are placed
    assert_true(seed_store)
    # the park's boundary moved away from its cameras: they now stand outside it
    import_areas(seed_store, square_geojson(tmp_path))
    assert seed_store.sql("SELECT count(*) AS n FROM deployment_places WHERE located_in_area_id = 'LLNP'")["n"][0] < placed
    assert_true(seed_store)
    # the import undone: its cameras and its catalogue entry are gone from the derived tables too
    undo(seed_store, entry)
    from_the_import = derived.stale(seed_store, ["deployments", "media", "observations", "individuals"])
    assert from_the_import and "area_envelopes" not in from_the_import
    for table in from_the_import:
        assert seed_store.sql(f"SELECT count(*) AS n FROM {table}")["n"][0] == 0
    for table in derived.DERIVED_TABLES:
        assert differences(seed_store, table) == 0


def test_a_large_import_into_a_fuller_store_keeps_them_true_and_is_undone_exactly(demo_store, tmp_path, monkeypatch):
    """A write adding more than FULL_ROWS rows lists them by key (here every write does), and when
    the store holds more than twice what it added, the commit's checks and derived tables read
    the rows it wrote: still equal to a recomputation, and the undo deletes exactly those rows."""
    from bigcats import audit
    from tests.integration.test_access_and_audit import AUDITED
    from tests.store_state import fingerprint
    monkeypatch.setattr(audit, "FULL_ROWS", 0)
    before = fingerprint(demo_store, skip=AUDITED)
    import_package(demo_store, make_package(tmp_path / "pkg"), "LLNP")
    entry = demo_store.sql("SELECT max(audit_id) AS a FROM audit_log")["a"][0]
    listed = demo_store.sql("SELECT table_name, count(*) AS n FROM audit_added_keys WHERE audit_id = $a GROUP BY ALL",
                            {"a": entry}).rows_by_key("table_name")
    added = demo_store.sql("SELECT count(*) AS n FROM observations WHERE source LIKE 'Camtrap DP package%'")["n"][0]
    assert listed["observations"] == [(added,)] and 0 < 2 * added < demo_store.sql("SELECT count(*) FROM observations").item()
    assert_true(demo_store)
    undo(demo_store, entry)
    assert fingerprint(demo_store, skip=AUDITED) == before
    assert_true(demo_store)


def test_a_link_joins_two_entries_into_one_animal(demo_store):
    (area_a, ind_a, area_b, ind_b), *_ = unlinked_true_pairs(demo_store, "tiger")
    animals = demo_store.sql("SELECT count(DISTINCT animal_id) AS n FROM catalogue_animals")["n"][0]
    link_individuals(demo_store, area_a, ind_a, area_b, ind_b, "stripe pattern on both flanks", "N. Petrova")
    assert demo_store.sql("SELECT count(DISTINCT animal_id) AS n FROM catalogue_animals")["n"][0] == animals - 1
    assert_true(demo_store)


def test_a_refused_write_leaves_them_as_they_were(demo_store):
    before = demo_store.sql("SELECT * FROM catalogue_animals ORDER BY ALL").rows()
    with pytest.raises(RuntimeError):
        with demo_store.transaction(touches=["individual_links"]) as cur:
            cur.execute("DELETE FROM individual_links")
            raise RuntimeError("refused half way")
    assert demo_store.sql("SELECT * FROM catalogue_animals ORDER BY ALL").rows() == before


def test_an_upgraded_store_computes_them(tmp_path):
    with Store.open(tmp_path / "old.duckdb", upto=6) as old:
        assert "catalogue_animals" not in old.table_names()
    with Store.open(tmp_path / "old.duckdb") as upgraded:
        assert upgraded.schema_version >= 7
        assert sorted(upgraded.sql("SELECT table_name FROM derived_tables")["table_name"]) == sorted(derived.DERIVED_TABLES)
