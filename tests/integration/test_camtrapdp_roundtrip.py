"""Camtrap DP between two parks: export from the demo store, import into an empty store, and
nothing is lost; the CLI does the same and refuses a broken package in located lines."""
import json
import shutil
from datetime import date

import pytest

from bigcats import Store
from bigcats.ingest import camtrapdp
from bigcats.ingest.seed import load_seed
from tests.cli import bigcats

PERIOD = dict(date_from=date(2013, 1, 1), date_to=date(2015, 12, 31))


def test_round_trip_keeps_every_deployment_observation_individual_and_link(demo_reader, tmp_path):
    for park in ("LLNP", "TLNP"):
        camtrapdp.export_package(demo_reader, tmp_path / park, park, **PERIOD)
    desc = json.loads((tmp_path / "TLNP" / "datapackage.json").read_text())
    assert desc["profile"] == camtrapdp.PROFILE and desc["bigcats:synthetic"] is True
    assert {r["name"] for r in desc["resources"]} >= {"deployments", "media", "observations", "individuals"}
    with Store.open(tmp_path / "partner.duckdb") as dst:
        load_seed(dst)
        for park in ("LLNP", "TLNP"):
            camtrapdp.import_package(dst, tmp_path / park, park)
        for park in ("LLNP", "TLNP"):
            src_dep = demo_reader.query("park_deployments", park=park, **PERIOD).drop("synthetic")
            assert dst.query("park_deployments", park=park, **PERIOD).drop("synthetic").equals(src_dep)
            src_obs = demo_reader.query("park_observations", park=park, **PERIOD)
            assert dst.query("park_observations", park=park, **PERIOD).equals(src_obs)
            src_ind = demo_reader.query("catalogue_entries", park=park, **PERIOD)
            assert dst.query("catalogue_entries", park=park, **PERIOD).select("individual_id", "sex", "alias").equals(
                src_ind.select("individual_id", "sex", "alias"))
        # every link between two exported entries came through, with its evidence
        entries = {(p, i) for p in ("LLNP", "TLNP")
                   for i in demo_reader.query("catalogue_entries", park=p, **PERIOD)["individual_id"]}
        src_links = {r for r in demo_reader.sql("SELECT area_a, individual_a, area_b, individual_b, evidence, matched_by, "
                                                "matched_on FROM individual_links").rows()
                     if (r[0], r[1]) in entries and (r[2], r[3]) in entries}
        dst_links = set(dst.sql("SELECT area_a, individual_a, area_b, individual_b, evidence, matched_by, matched_on "
                                "FROM individual_links").rows())
        assert dst_links == src_links and len(src_links) > 10
        # and so the partner computes the same shared tigers from the exchanged data
        for species in ("tiger", "leopard"):
            a = demo_reader.query("transboundary_shares", species=species, region="tumen", **PERIOD)
            b = dst.query("transboundary_shares", species=species, region="tumen", **PERIOD)
            assert a.equals(b)




@pytest.mark.slow  # the round trip through the command line, end to end (the library's is above)
def test_cli_export_then_import(seed_db, demo_db, tmp_path):
    r = bigcats("export", "camtrap-dp", str(tmp_path / "out"), "--park", "TLNP", "--from", "2013-01-01",
                "--to", "2015-12-31", "--db", str(demo_db))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out" / "observations.csv").exists()
    db = tmp_path / "new.duckdb"
    shutil.copy(seed_db, db)  # a store with the seed facts, as `bigcats init` leaves it
    r = bigcats("import", "camtrap-dp", str(tmp_path / "out"), "--park", "TLNP", "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "observations:" in r.stdout and "added" in r.stdout
    r = bigcats("import", "camtrap-dp", str(tmp_path / "out"), "--park", "TLNP", "--db", str(db))
    assert r.returncode == 0 and "observations: 0 added, 0 changed" in r.stdout


def test_cli_refuses_broken_package_with_every_located_problem(seed_db, demo_db, tmp_path):
    camtrapdp.export_package(Store.open(demo_db, read_only=True), tmp_path / "pkg", "LLNP", date(2014, 1, 1), date(2014, 3, 1))
    text = (tmp_path / "pkg" / "deployments.csv").read_text().splitlines()
    text[1] = text[1].replace(",42.", ",142.", 1)
    (tmp_path / "pkg" / "deployments.csv").write_text("\n".join(text) + "\n")
    db = tmp_path / "new.duckdb"
    shutil.copy(seed_db, db)  # a store with the seed facts, as `bigcats init` leaves it
    r = bigcats("import", "camtrap-dp", str(tmp_path / "pkg"), "--park", "LLNP", "--db", str(db))
    assert r.returncode == 1
    assert "deployments.csv, row 2, field 'latitude'" in r.stderr and "nothing was imported" in r.stderr
    with Store.open(db, read_only=True) as s:
        assert s.sql("SELECT count(*) AS n FROM deployments")["n"][0] == 0
