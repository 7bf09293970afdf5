"""The `bigcats` command as a user runs it."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from bigcats import Store


from tests.cli import bigcats, bigcats_process


@pytest.mark.slow
def test_init_demo_then_sql(tmp_path):
    db = tmp_path / "cli.duckdb"
    r = bigcats_process("init", "--demo", "--db", str(db))  # once as a user's shell runs it
    assert r.returncode == 0, r.stderr
    assert "store ready" in r.stdout and "observations" in r.stdout
    r = bigcats("sql", "SELECT proposal_id, budget_usd FROM proposals ORDER BY 1", "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "200000" in r.stdout and "74000" in r.stdout and "50000" in r.stdout


def test_init_without_demo_has_no_synthetic_rows(tmp_path):
    db = tmp_path / "facts.duckdb"
    assert bigcats("init", "--db", str(db)).returncode == 0
    with Store.open(db, read_only=True) as s:
        assert s.sql("SELECT count(*) AS n FROM observations")["n"][0] == 0
        assert s.sql("SELECT count(*) AS n FROM activities")["n"][0] > 0


def test_init_refuses_to_overwrite_without_force(tmp_path):
    db = tmp_path / "x.duckdb"
    assert bigcats("init", "--db", str(db)).returncode == 0
    r = bigcats("init", "--db", str(db))
    assert r.returncode == 1
    assert r.stderr.strip().count("\n") == 0 and "--force" in r.stderr
    assert bigcats("init", "--db", str(db), "--force").returncode == 0


def test_errors_are_one_line_and_non_zero(seed_db, tmp_path):
    db = tmp_path / "x.duckdb"
    shutil.copy(seed_db, db)  # a store with the seed facts, as `bigcats init` leaves it
    r = bigcats("sql", "SELECT * FROM no_such_table", "--db", str(db))
    assert r.returncode == 1
    assert r.stderr.startswith("bigcats: error:") and r.stderr.strip().count("\n") == 0
    r = bigcats("sql", "SELECT 1", "--db", str(tmp_path / "missing.duckdb"))
    assert r.returncode == 1 and "bigcats init" in r.stderr


def _square(lon, lat, d=0.1):
    return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]]}


def test_import_areas_replaces_a_schematic_boundary(seed_db, tmp_path):
    db = tmp_path / "a.duckdb"
    shutil.copy(seed_db, db)  # a store with the seed facts, as `bigcats init` leaves it
    f = tmp_path / "kp.geojson"
    f.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"area_id": "KP"}, "geometry": _square(131.4, 43.05)}]}))
    r = bigcats("import", "areas", str(f), "--db", str(db))
    assert r.returncode == 0, r.stderr
    with Store.open(db, read_only=True) as s:
        row = s.sql("SELECT schematic, source FROM protected_areas WHERE area_id = 'KP'").row(0)
        assert row[0] is False and "kp.geojson" in row[1]


@pytest.mark.slow
def test_serve_builds_the_demo_store_and_serves_the_app_in_the_chosen_language(tmp_path):
    import socket

    from tests.waiting import http_answers

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = tmp_path / "first-run.duckdb"  # the configured store does not exist yet: serve builds it
    proc = subprocess.Popen([sys.executable, "-m", "bigcats.cli", "serve", "--port", str(port), "--lang", "ru"],
                            env=dict(os.environ, BIGCATS_DB=str(db)), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        html = http_answers(f"http://127.0.0.1:{port}/app", 120, proc)
        assert "<title>Большие кошки без границ · Обзор</title>" in html
        assert db.exists()
        assert "cdn." not in html and "googleapis" not in html
    finally:
        proc.terminate()  # SIGTERM to the command stops the server itself (exec, no orphaned child)
        proc.wait(timeout=20)
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0, "the server still listens after SIGTERM to bigcats serve"


def test_a_command_given_a_missing_store_says_so_and_creates_nothing(tmp_path):
    missing = tmp_path / "typo.duckdb"
    for args in (["sql", "SELECT 1"], ["serve", "--port", "1"], ["import", "census", "x.csv"], ["audit"],
                 ["users", "list"], ["estimate", "--species", "tiger", "--area", "LLNP", "--from", "2014-01-01",
                                     "--to", "2014-02-01", "--method", "mna"]):
        r = bigcats(*args, "--db", str(missing))
        assert r.returncode == 1 and f"no store at {missing}" in r.stderr, (args, r.stderr)
        assert not missing.exists() and not list(tmp_path.iterdir()), args


@pytest.mark.slow
def test_estimate_secr_prints_density_g0_sigma_and_mask(demo_db):
    r = bigcats("estimate", "--species", "leopard", "--area", "LLNP", "--from", "2014-01-01", "--to", "2014-06-30",
                "--method", "secr", "--csv", "--db", str(demo_db))
    assert r.returncode == 0, r.stderr
    import csv
    import io
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    density = next(x for x in rows if x["quantity"] == "density_per_100km2")
    assert float(density["lcl"]) < float(density["estimate"]) < float(density["ucl"])
    assert 1.0 < float(density["sigma_km"]) < 3.5          # the simulation's leopard sigma is 2 km
    assert "buffer" in density["mask"] and "habitat" in density["mask"]
    assert any(x["quantity"] == "abundance" and x["region"] == "LLNP" for x in rows)


@pytest.mark.parametrize("method", ["chao", "m0", "mt", "mna"])
def test_estimate_closed_methods(demo_db, method):
    r = bigcats("estimate", "--species", "tiger", "--area", "tumen", "--from", "2014-01-01", "--to", "2014-12-31",
                "--method", method, "--occasion", "7d", "--db", str(demo_db))
    assert r.returncode == 0, r.stderr
    assert "abundance" in r.stdout and "tumen" in r.stdout


def test_estimate_refuses_unknown_area_in_one_line(demo_db):
    r = bigcats("estimate", "--species", "leopard", "--area", "NOWHERE", "--from", "2014-01-01", "--to", "2014-06-30",
                "--method", "chao", "--db", str(demo_db))
    assert r.returncode == 1 and "NOWHERE" in r.stderr and "LLNP" in r.stderr


def test_import_expenditures_refuses_with_the_located_line_then_imports(seed_db, tmp_path):
    db = tmp_path / "e.duckdb"
    shutil.copy(seed_db, db)  # a store with the seed facts, as `bigcats init` leaves it
    bad = tmp_path / "bad.csv"
    bad.write_text("date,activity,amount,currency,rate_to_usd,description\n2021-02-01,L1,100,CNY,,fuel\n", encoding="utf-8")
    r = bigcats("import", "expenditures", str(bad), "--proposal", "2", "--db", str(db))
    assert r.returncode == 1 and "row 2, column 'rate_to_usd'" in r.stderr
    good = tmp_path / "good.csv"
    good.write_text("date,activity,amount,currency,rate_to_usd,description\n2021-02-01,L1,700,CNY,0.14,fuel\n", encoding="utf-8")
    r = bigcats("import", "expenditures", str(good), "--proposal", "2", "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "imported 1 expenditure" in r.stdout


def test_import_publications_bib_and_refusal(seed_db, tmp_path):
    db = tmp_path / "p.duckdb"
    shutil.copy(seed_db, db)  # a store with the seed facts, as `bigcats init` leaves it
    bib = tmp_path / "p.bib"
    bib.write_text("@article{k1, title = {Leopards}, author = {Ivanov, I.}, year = {2020}, language = {en}}\n", encoding="utf-8")
    r = bigcats("import", "publications", str(bib), "--db", str(db))
    assert r.returncode == 1 and "record 1 (k1), field 'park'" in r.stderr
    r = bigcats("import", "publications", str(bib), "--park", "LLNP", "--db", str(db))
    assert r.returncode == 0 and "1 added" in r.stdout, r.stderr
    r = bigcats("import", "publications", str(bib), "--park", "LLNP", "--db", str(db), "--on-duplicate", "skip")
    assert r.returncode == 0 and "1 skipped" in r.stdout


def test_import_census(seed_db, tmp_path):
    db = tmp_path / "c.duckdb"
    shutil.copy(seed_db, db)  # a store with the seed facts, as `bigcats init` leaves it
    f = tmp_path / "c.csv"
    f.write_text("route_id,area,surveyed_on,length_km,species,crossings\nR1,POMP,2022-01-20,10,roe_deer,x\n", encoding="utf-8")
    r = bigcats("import", "census", str(f), "--db", str(db))
    assert r.returncode == 1 and "row 2, column 'crossings'" in r.stderr
    f.write_text("route_id,area,surveyed_on,length_km,species,crossings\nR1,POMP,2022-01-20,10,roe_deer,7\n", encoding="utf-8")
    r = bigcats("import", "census", str(f), "--db", str(db))
    assert r.returncode == 0 and "imported 1 census route" in r.stdout


def test_a_store_held_by_another_process_is_named_with_its_pid(seed_db, tmp_path):
    db = tmp_path / "held.duckdb"
    shutil.copy(seed_db, db)  # a store with the seed facts, as `bigcats init` leaves it
    holder = subprocess.Popen([sys.executable, "-c", "import sys; from bigcats import Store; s = Store.open(sys.argv[1]); "
                               "print('ready', flush=True); sys.stdin.read()", str(db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        f = tmp_path / "spend.csv"
        f.write_text("date,proposal,activity,amount,currency,rate_to_usd,description\n2020-02-10,1,1.1,1,USD,,x\n")
        for args in (["import", "expenditures", str(f)], ["sql", "SELECT 1"]):
            r = bigcats(*args, "--db", str(db))
            assert r.returncode == 1
            lines = r.stderr.strip().splitlines()
            assert len(lines) == 1 and f"PID {holder.pid}" in lines[0] and "in use" in lines[0], r.stderr
    finally:
        holder.stdin.close()
        holder.wait(timeout=20)


def test_a_file_that_is_not_a_store_is_refused_without_any_download(tmp_path):
    import sqlite3
    db = tmp_path / "other.sqlite"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.commit()
    r = bigcats("sql", "SELECT 1", "--db", str(db))
    assert r.returncode == 1 and "not a bigcats store" in r.stderr and "extension" not in r.stderr.lower()


def test_report_refuses_an_unknown_proposal(demo_db, tmp_path):
    r = bigcats("report", str(tmp_path / "r.html"), "--proposal", "9", "--db", str(demo_db))
    assert r.returncode != 0 and "unknown proposal 9" in r.stderr
    assert not (tmp_path / "r.html").exists()
