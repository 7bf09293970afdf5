"""The demo simulation: reproducible byte for byte, flagged synthetic, calibrated to the proposals."""
import hashlib

import pytest

from bigcats import Store
from bigcats.demo import build_store

TABLES = ["deployments", "observations", "individuals", "individual_links", "expenditures",
          "progress_reports", "publications", "census_routes", "census_counts", "simulation_runs"]


def digest(store: Store, table: str) -> str:
    df = store.sql(f"SELECT * EXCLUDE (geom) FROM {table}" if table == "census_routes" else f"SELECT * FROM {table}")
    df = df.sort(df.columns)
    return hashlib.sha256(df.write_csv().encode()).hexdigest()


@pytest.mark.slow
def test_same_seed_same_rows(demo_reader, tmp_path):
    db = tmp_path / "again.duckdb"
    build_store(db, demo=True)
    with Store.open(db, read_only=True) as again:
        for table in TABLES:
            assert digest(demo_reader, table) == digest(again, table), table


def test_another_seed_gives_other_rows(seed_store):
    """Two seeds, the same region's season: other cameras' days and other photographs (one region,
    not the whole demo: the draws of every region come from the one seeded generator)."""
    from bigcats.simulate import ALTAI, Simulation
    runs = [Simulation(seed_store, seed).run_region(ALTAI) for seed in (4, 99)]
    (deps_a, det_a, _), (deps_b, det_b, _) = runs
    assert not deps_a["end_at"].equals(deps_b["end_at"])
    assert sorted(det_a) != sorted(det_b)
    again = Simulation(seed_store, 4).run_region(ALTAI)  # and the same seed the same draws
    assert again[0].equals(deps_a) and again[1] == det_a


def test_every_simulated_row_is_flagged(demo_reader):
    shares = demo_reader.query("synthetic_share")
    for row in shares.iter_rows(named=True):
        if row["table_name"] != "population_estimates":
            assert row["all_rows"] > 0 and row["synthetic_rows"] == row["all_rows"], row
    assert demo_reader.sql("SELECT count(*) AS n FROM population_estimates WHERE synthetic")["n"][0] == 0


@pytest.mark.parametrize("species,detected,shared", [("leopard", 89, 15), ("tiger", 45, 19)])
def test_2013_2015_shares_are_near_the_reported_figures(demo_reader, species, detected, shared):
    got = demo_reader.query("transboundary_shares", species=species, region="tumen",
                            date_from="2013-01-01", date_to="2015-12-31").row(0, named=True)
    assert abs(got["detected"] - detected) <= 0.2 * detected, got
    assert abs(got["shared"] - shared) <= 0.2 * shared, got


def animals_in(store, species, region, year):
    """Distinct simulated animals photographed in a region in a year (via the demo alias)."""
    return store.sql(
        "SELECT count(DISTINCT i.alias) AS n FROM observations o "
        "JOIN individuals i USING (catalogue_area_id, individual_id) "
        "JOIN deployment_places p USING (deployment_id) "
        "WHERE o.species_id = ? AND p.region_id = ? AND year(o.observed_at) = ?",
        [species, region, year])["n"][0]


def test_park_totals_are_near_the_reported_figures(demo_reader):
    # "about 40 tigers and 90 leopards" in the two parks (Proposal 1, 2019)
    assert abs(animals_in(demo_reader, "leopard", "tumen", 2019) - 90) <= 18
    assert abs(animals_in(demo_reader, "tiger", "tumen", 2019) - 40) <= 8
    # "at least 20" tigers in the Jewish Autonomous Oblast (Proposal 2)
    assert animals_in(demo_reader, "tiger", "khingan", 2019) >= 16
    # snow leopards: "at least 9" on Eastern Sayan and "12" across Chikhachev (Proposal 3, 2020 season)
    assert animals_in(demo_reader, "snow_leopard", "altai_sayan", 2020) >= 21


def test_catalogues_keep_their_own_ids_and_some_links_await_confirmation(demo_reader):
    ids = demo_reader.sql("SELECT catalogue_area_id, individual_id FROM individuals WHERE species_id = 'leopard'")
    ru = ids.filter(ids["catalogue_area_id"] == "LLNP")["individual_id"]
    cn = ids.filter(ids["catalogue_area_id"] == "TLNP")["individual_id"]
    assert ru.str.starts_with("Leo ").all() and cn.str.starts_with("L-").all()
    # an animal with k catalogue entries needs k-1 links; a few recent ones are left unconfirmed
    needed = demo_reader.sql("SELECT (count(*) - count(DISTINCT alias)) AS n FROM individuals")["n"][0]
    links = demo_reader.sql("SELECT count(*) AS n FROM individual_links")["n"][0]
    assert 0 < links < needed
    recent = demo_reader.sql("SELECT min(matched_on) AS m FROM individual_links")["m"][0]
    assert recent.year >= 2013


def test_sex_read_off_photographs_can_disagree(demo_reader):
    disagreements = demo_reader.sql(
        "SELECT count(*) AS n FROM (SELECT catalogue_area_id, individual_id FROM observations "
        "WHERE sex <> 'unknown' GROUP BY ALL HAVING count(DISTINCT sex) > 1)")["n"][0]
    assert disagreements > 0


@pytest.mark.slow
def test_a_benchmark_store_has_more_cameras_and_prey_photographs(demo_reader, tmp_path, capsys, monkeypatch):
    """`bigcats init --demo --scale 2`: twice the cameras, and prey photographs beside the cats'
    (the rows a park's export holds); every row inside its deployment, flagged, traced to its run.
    The prey's rates are a hundredth of the real ones here (4.3 million rows and 36 s otherwise;
    the rates themselves are checked in tests/unit/test_background_photographs.py)."""
    from bigcats import simulate
    from bigcats.cli import main
    monkeypatch.setattr(simulate, "BACKGROUND", tuple((sp, rate / 100, hours) for sp, rate, hours in simulate.BACKGROUND))
    db = tmp_path / "scale2.duckdb"
    assert main(["init", "--demo", "--scale", "2", "--db", str(db)]) == 0
    assert "observations" in capsys.readouterr().out
    count = "SELECT count(*) AS n FROM deployments"
    with Store.open(db, read_only=True) as big:
        ratio = big.sql(count)["n"][0] / demo_reader.sql(count)["n"][0]
        assert 1.8 < ratio < 2.2, ratio
        kinds = dict(big.sql("SELECT s.kind, count(*) AS n FROM observations o JOIN species s USING (species_id) "
                             "GROUP BY ALL").rows())
        demo_cats = demo_reader.sql("SELECT count(*) AS n FROM observations o JOIN species s USING (species_id) "
                                    "WHERE s.kind = 'cat'")["n"][0]
        assert kinds["prey"] > 1000 and kinds["cat"] > demo_cats, kinds
        assert big.sql("SELECT count(*) AS n FROM observations o JOIN deployments d USING (deployment_id) "
                       "WHERE o.observed_at NOT BETWEEN d.start_at AND d.end_at")["n"][0] == 0
        assert big.sql("SELECT count(*) AS n FROM observations WHERE NOT synthetic")["n"][0] == 0
        run = big.sql("SELECT run_id, json_extract(parameters, '$.scale')::INT AS scale FROM simulation_runs").row(0)
        assert run == ("demo-4-scale-2", 2)


def test_scale_needs_the_demo_and_a_whole_number(tmp_path, capsys):
    from bigcats.cli import main
    assert main(["init", "--scale", "2", "--db", str(tmp_path / "s.duckdb")]) != 0
    assert "use it with --demo" in capsys.readouterr().err
    assert not (tmp_path / "s.duckdb").exists()
    with pytest.raises(SystemExit):
        main(["init", "--demo", "--scale", "0", "--db", str(tmp_path / "s.duckdb")])
    assert "1 or more" in capsys.readouterr().err
