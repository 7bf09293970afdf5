"""The store: migrations, upgrades, named queries and the constraints that refuse nonsense."""
import duckdb
import polars as pl
import pytest

from bigcats import QueryError, Store, StoreError
from bigcats.store import _needs_spatial, migrations, query_parameters

pytestmark = pytest.mark.both_backends  # every writing store on a file and on a lake


def test_new_store_has_every_migration(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as s:
        assert s.schema_version == max(v for v, _, _ in migrations())
        assert {"deployments", "observations", "individual_links", "population_estimates",
                "census_routes", "publications", "expenditures"} <= set(s.table_names())


def test_opening_an_older_store_upgrades_it(tmp_path):
    db = tmp_path / "old.duckdb"
    with Store.open(db, upto=1) as s:
        assert s.schema_version == 1
        with pytest.raises(duckdb.CatalogException):
            s.sql("SELECT * FROM deployment_places")
    with pytest.raises(StoreError, match="needs migrations"):
        Store.open(db, read_only=True)
    latest = max(v for v, _, _ in migrations())
    with Store.open(db) as s:
        assert s.schema_version == latest
        assert s.sql("SELECT count(*) AS n FROM deployment_places")["n"][0] == 0
        assert s.sql("SELECT count(*) AS n FROM media")["n"][0] == 0
        applied = s.sql("SELECT version FROM schema_migrations ORDER BY version")["version"].to_list()
        assert applied == list(range(1, latest + 1))


def test_upgrading_to_025_keeps_every_observation_in_its_order(tmp_path):
    """Migration 025 rebuilds observations without DuckDB's key index: every row and value stays,
    in the order written (the pages' questions rely on a park's rows lying together), the key is
    then the store's check, and the column kept personal stays declared so."""
    from bigcats.ingest.seed import load_seed
    db = tmp_path / "old.duckdb"
    with Store.open(db, upto=24) as s:
        load_seed(s)
        with s.transaction() as cur:
            for i in range(7):
                cur.execute(DEPLOYMENT.replace("'d1'", f"'d{i}'"))
            # ids not in the order written, several row groups' worth
            cur.execute("INSERT INTO observations (observation_id, deployment_id, observed_at, species_id, count, "
                        "classified_by, source) SELECT 'o' || (999999 - i), 'd' || (i % 7), TIMESTAMP '2020-01-01' "
                        "+ INTERVAL (i * 37 % 1000) MINUTE, 'leopard', 1 + i % 3, 'ranger ' || i, 't' "
                        "FROM range(300000) r(i)")
        before = s.cursor().execute("SELECT * FROM observations").fetchall()
    with Store.open(db) as s:
        cur = s.cursor()
        assert cur.execute("SELECT * FROM observations").fetchall() == before
        assert cur.execute("SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'observations' "
                           "AND constraint_type = 'PRIMARY KEY'").fetchone()[0] == 0
        assert s.table_shape("observations")[1] == ["observation_id"]
        # in full row groups (a part-filled one, with no index on the table, is merged at a later
        # commit, seconds on a large store); the last holds what is left
        groups = [n for (n,) in cur.execute(
            "SELECT sum(count) FROM pragma_storage_info('observations') WHERE column_name = 'observation_id' "
            "AND segment_type <> 'VALIDITY' GROUP BY row_group_id ORDER BY row_group_id").fetchall()]
        assert len(groups) >= 3 and set(groups[:-1]) == {122_880}
        assert cur.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'observations' "
                           "AND column_name = 'classified_by'").fetchone()[0] == "sensitive: personal"


def test_default_path_follows_BIGCATS_DB(tmp_path, monkeypatch):
    monkeypatch.setenv("BIGCATS_DB", str(tmp_path / "env.duckdb"))
    with Store.open() as s:
        assert s.path == tmp_path / "env.duckdb"
    assert (tmp_path / "env.duckdb").exists()


def test_query_returns_polars(seed_store):
    df = seed_store.query("proposal_overview", lang="en")
    assert isinstance(df, pl.DataFrame)
    assert df["proposal_id"].to_list() == [1, 2, 3]


def test_unknown_query_and_missing_or_extra_parameters_are_clear_errors(seed_store):
    with pytest.raises(QueryError, match="unknown query 'no_such_question'"):
        seed_store.query("no_such_question")
    with pytest.raises(QueryError, match="needs parameter.*lang"):
        seed_store.query("proposal_overview")
    with pytest.raises(QueryError, match="takes no parameter.*colour"):
        seed_store.query("proposal_overview", lang="en", colour="red")
    with pytest.raises(QueryError, match="unknown query"):
        seed_store.query("../etc/passwd")


def test_parameters_in_comments_and_strings_are_not_parameters():
    assert query_parameters("SELECT '$x' -- $y\n FROM t WHERE a = $z") == {"z"}


@pytest.mark.parametrize("sql, needs", [
    ("SELECT ST_Area(geom) FROM protected_areas", True),
    ("SELECT 'POINT (1 2)'::GEOMETRY AS g", True),
    ("SELECT st_x (geom) FROM t", True),
    # a comment or a string naming the type asks nothing of the extension
    ("-- the tables with a geometry column\nSELECT table_name FROM information_schema.columns "
     "WHERE data_type = 'GEOMETRY'", False),
    ("SELECT 'it''s ST_Area(x) -- not code' AS s, area_km2 FROM protected_areas", False),
    ("SELECT land_wkb FROM area_land -- WKB, read with shapely", False),
])
def test_only_a_spatial_function_or_type_in_the_code_loads_the_extension(sql, needs):
    assert _needs_spatial(sql) is needs


@pytest.mark.parametrize("sql", [
    "INSERT INTO expenditures (proposal_id, activity_code, spent_on, amount, currency, rate_to_usd, source) "
    "VALUES (1, '1.1', DATE '2020-02-01', -5, 'USD', 1, 't')",                      # negative amount
    "INSERT INTO expenditures (proposal_id, activity_code, spent_on, amount, currency, rate_to_usd, source) "
    "VALUES (1, '9.9', DATE '2020-02-01', 5, 'USD', 1, 't')",                       # unknown activity
    "INSERT INTO expenditures (proposal_id, activity_code, spent_on, amount, currency, rate_to_usd, source) "
    "VALUES (1, '1.1', DATE '2020-02-01', 5, 'USD', 0.5, 't')",                     # USD at a rate other than 1
    "INSERT INTO deployments VALUES ('d', 'LLNP', NULL, 95, 131, TIMESTAMP '2020-01-01', "
    "TIMESTAMP '2020-02-01', NULL, 't', false)",                                      # latitude out of range
    "INSERT INTO deployments VALUES ('d', 'NOPE', NULL, 43, 131, TIMESTAMP '2020-01-01', "
    "TIMESTAMP '2020-02-01', NULL, 't', false)",                                      # unknown park
    "INSERT INTO deployments VALUES ('d', 'LLNP', NULL, 43, 131, TIMESTAMP '2020-03-01', "
    "TIMESTAMP '2020-02-01', NULL, 't', false)",                                      # ends before it starts
    "INSERT INTO proposals VALUES (1, 'x', 'x', 'tumen', 'tiger', 5, DATE '2020-01-01', DATE '2021-01-01', 's', 's', false)",
    "INSERT INTO facts (fact_id, subject, quantity, value, qualifier, quote, source) "
    "VALUES ('f', 's', 'q', 1, 'roughly', 'q', 's')",                                 # unknown qualifier
])
def test_the_schema_refuses_nonsense(seed_store, sql):
    """Through the write path, as every write goes: a file's constraints refuse it at the statement,
    a lake's checks before its commit (a lake has no constraints of its own)."""
    with pytest.raises(duckdb.ConstraintException):
        with seed_store.transaction() as cur:
            cur.execute(sql)


DEPLOYMENT = ("INSERT INTO deployments VALUES ('d1', 'LLNP', NULL, 43, 131, TIMESTAMP '2020-01-01', "
              "TIMESTAMP '2020-02-01', NULL, 't', false)")


def _observation(species: str) -> str:
    return ("INSERT INTO observations (observation_id, deployment_id, observed_at, species_id, count, source) "
            f"VALUES ('o1', 'd1', TIMESTAMP '2020-01-02', '{species}', 1, 't')")


def test_the_observations_references_are_checked_by_query_at_commit(seed_store):
    """Migrations 024 and 025: DuckDB keeps no per-row foreign key nor key index on observations
    (two thirds of the cost of a large import); every store checks those references and the key
    in the writing transaction instead, and refuses the commit as DuckDB would have refused the
    statement."""
    declared = seed_store.sql("SELECT count(*) AS n FROM duckdb_constraints() WHERE table_name = 'observations' "
                              "AND constraint_type = 'FOREIGN KEY'")["n"][0]
    assert declared == 0
    with pytest.raises(duckdb.ConstraintException, match="foreign key.*species"):
        with seed_store.transaction(touches=["deployments", "observations"]) as cur:
            cur.execute(DEPLOYMENT)
            cur.execute(_observation("no-such-taxon"))
    assert seed_store.sql("SELECT count(*) AS n FROM deployments")["n"][0] == 0
    with seed_store.transaction(touches=["deployments", "observations"]) as cur:
        cur.execute(DEPLOYMENT)
        cur.execute(_observation("leopard"))
    # a parent taken from under its observations
    with pytest.raises(duckdb.ConstraintException, match="foreign key.*deployments"):
        with seed_store.transaction(touches=["deployments"]) as cur:
            cur.execute("DELETE FROM deployments WHERE deployment_id = 'd1'")
    assert seed_store.sql("SELECT count(*) AS n FROM observations")["n"][0] == 1
    # migration 025: the key too is the store's check, not a DuckDB index
    with pytest.raises(duckdb.ConstraintException, match="Duplicate key.*observation_id: o1.*primary key"):
        with seed_store.transaction(touches=["observations"]) as cur:
            cur.execute(_observation("leopard"))
    assert seed_store.sql("SELECT count(*) AS n FROM observations")["n"][0] == 1
    assert seed_store.table_shape("observations")[1] == ["observation_id"]


def test_an_audited_write_is_checked_on_the_rows_it_wrote_and_the_parents_it_removed(seed_store):
    """Through the audit trail the commit's checks read only the rows the write added or changed,
    and a reference to a table only when a row of it went away; they still refuse what breaks."""
    from bigcats.audit import recorded

    def write(tables, *statements):
        with recorded(seed_store, "test", tables) as cur:
            for sql in statements:
                cur.execute(sql)

    # a few rows first: the written rows are then a small part of each table (else the whole is read)
    write(["deployments", "observations"], *(DEPLOYMENT.replace("'d1'", f"'d{i}'") for i in (1, 2, 3)),
          *(_observation("leopard").replace("'o1'", f"'o{i}'") for i in range(1, 6)))
    with pytest.raises(duckdb.ConstraintException, match="foreign key.*species"):
        write(["observations"], _observation("no-such-taxon").replace("'o1'", "'o6'"))
    with pytest.raises(duckdb.ConstraintException, match="CHECK"):
        write(["observations"], _observation("leopard").replace("'o1'", "'o7'").replace(", 1, 't')", ", 0, 't')"))
    with pytest.raises(duckdb.ConstraintException, match="foreign key.*deployments"):
        write(["deployments"], "DELETE FROM deployments WHERE deployment_id = 'd1'")
    with pytest.raises(duckdb.ConstraintException, match="Duplicate key.*o5.*primary key"):  # a key already stored
        write(["observations"], _observation("leopard").replace("'o1'", "'o5'"))
    # a parent changed in place keeps its key: its children are not read again, and nothing breaks
    write(["deployments"], "UPDATE deployments SET location_id = 'L1' WHERE deployment_id = 'd1'")
    assert seed_store.sql("SELECT count(*) AS n FROM observations")["n"][0] == 5


def test_a_failed_transaction_leaves_the_store_as_it_was(seed_store):
    before = seed_store.sql("SELECT count(*) AS n FROM expenditures")["n"][0]
    with pytest.raises(duckdb.ConstraintException):
        with seed_store.transaction() as cur:
            cur.execute("INSERT INTO expenditures (proposal_id, activity_code, spent_on, amount, currency, "
                        "rate_to_usd, source) VALUES (1, '1.1', DATE '2020-02-01', 5, 'USD', 1, 't')")
            cur.execute("INSERT INTO expenditures (proposal_id, activity_code, spent_on, amount, currency, "
                        "rate_to_usd, source) VALUES (1, '1.1', DATE '2020-02-01', -5, 'USD', 1, 't')")
    assert seed_store.sql("SELECT count(*) AS n FROM expenditures")["n"][0] == before


def test_read_only_store_refuses_writes(demo_reader):
    with pytest.raises(StoreError, match="read-only"):
        with demo_reader.transaction():
            pass


def test_deployment_country_is_derived_from_location(demo_reader):
    places = demo_reader.sql(
        "SELECT p.country, a.country AS owner_country, count(*) AS n FROM deployment_places p "
        "JOIN protected_areas a ON a.area_id = p.owner_area_id GROUP BY ALL")
    assert places["country"].null_count() == 0
    # a park's cameras stand in its own country
    assert (places["country"] == places["owner_country"]).all()


def test_a_memoised_query_is_forgotten_when_a_table_it_reads_is_written_and_only_then(seed_store):
    """Pages' questions are memoised until a write to a table they read (through the schema's
    macros too), so an expenditure does not make every page ask again, and the budget's own
    questions see it at once."""
    from bigcats.ingest.expenditures import add_expenditure
    assert {"proposals", "expenditures", "translations"} <= seed_store.tables_read("proposal_overview")
    assert seed_store.tables_read("species_names") == {"species"}
    calls = []
    read = seed_store._read
    seed_store._read = lambda *a, **k: calls.append(a[0]) or read(*a, **k)
    before = seed_store.query("expenditures_usd").height
    seed_store.query("species_names", lang="en")
    version = seed_store.query("monitoring_version")["version"][0]
    add_expenditure(seed_store, 1, "1.1", "2021-02-01", "10", "USD", description="fuel", confirm_over_budget=True)
    calls.clear()
    seed_store.query("species_names", lang="en")  # reads no table the expenditure wrote
    assert not calls
    assert seed_store.query("expenditures_usd").height == before + 1  # reads it: asked again
    assert len(calls) == 1
    # a camera-trap write counts the monitoring data version up: the memoised version goes too
    with seed_store.transaction(touches=["species"]) as cur:
        cur.execute("UPDATE species SET name_en = name_en WHERE species_id = 'tiger'")
    assert seed_store.query("monitoring_version")["version"][0] == version + 1


def test_duckdb_memory_can_be_capped_from_the_environment(tmp_path, monkeypatch):
    """BIGCATS_DUCKDB_MEMORY caps DuckDB's own memory (a large import spills to a temporary file);
    anything but a size is ignored, never passed on."""
    monkeypatch.setenv("BIGCATS_DUCKDB_MEMORY", "256MB")
    with Store.open(tmp_path / "capped.duckdb") as s:
        limit = s.sql("SELECT current_setting('memory_limit') AS m")["m"][0]
        assert limit.replace(" ", "").upper() in ("256.0MB", "244.1MIB", "256MB"), limit
    monkeypatch.setenv("BIGCATS_DUCKDB_MEMORY", "1GB'; SELECT 1; --")
    with Store.open(tmp_path / "free.duckdb") as s:
        assert s.sql("SELECT current_setting('memory_limit') AS m")["m"][0] != limit
