"""Sign surveys: the field app's CSV and GeoJSON imported all or nothing, refused by row or
feature and column, and encounter rates per route and park checked by hand."""
import csv
import json
import shutil
from datetime import date

import pytest

from bigcats import Store, signs
from bigcats.ingest.signs import SignsRefused, import_signs
from tests.cli import bigcats

HEADER = ["route_id", "area", "surveyed_on", "route_km", "observer", "sign_id", "sign_type", "species",
          "latitude", "longitude", "age", "sample_id"]
ROWS = [  # SAIL (Sailugem): lon 89.02-89.91, lat 49.50-50.04
    ["R1", "SAIL", "2021-10-02", "4", "A. Observer", "S1", "scrape", "snow_leopard", "49.80", "89.50", "fresh", ""],
    ["R1", "SAIL", "2021-10-02", "4", "A. Observer", "S2", "scat", "Panthera uncia", "49.81", "89.51", "old", "DNA-7"],
    ["R1", "SAIL", "2021-10-02", "4", "A. Observer", "S3", "track", "snow_leopard", "", "", "", ""],
    ["R2", "SAIL", "2021-10-03", "6", "A. Observer", "", "", "", "", "", "", ""],
    ["R3", "SAIL", "2021-10-04", "2", "", "S4", "scrape", "snow_leopard", "49.7", "89.4", "", ""],
    ["R3", "SAIL", "2021-10-04", "2", "", "S5", "kill", "wild_boar", "", "", "", ""],
]


def write(path, rows, header=HEADER):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_routes_and_signs_are_imported_and_rates_are_as_by_hand(seed_store, tmp_path):
    assert import_signs(seed_store, write(tmp_path / "signs.csv", ROWS)) == {"routes": 3, "signs": 5}
    assert seed_store.sql("SELECT sample_id FROM signs WHERE sign_id = 'S2'").item() == "DNA-7"
    routes, summary = signs.encounter_rates(seed_store, "snow_leopard", "SAIL", date(2021, 1, 1), date(2021, 12, 31))
    # snow leopard: R1 3 signs in 4 km, R2 none in 6, R3 1 in 2: 4 / 12 km
    assert routes.select("route_id", "signs").rows() == [("R1", 3), ("R2", 0), ("R3", 1)]
    row = summary.filter(area_id="SAIL").row(0, named=True)
    var = 3 / (12 ** 2 * 2) * (16 * (3 / 4 - 1 / 3) ** 2 + 36 * (0 - 1 / 3) ** 2 + 4 * (1 / 2 - 1 / 3) ** 2)
    assert row["signs_per_km"] == pytest.approx(1 / 3) and row["se"] == pytest.approx(var ** 0.5)
    assert summary.filter(area_id="all")["signs"].item() == 4
    # scrapes only; and the region holds the park's routes
    _, scrapes = signs.encounter_rates(seed_store, "snow_leopard", "altai_sayan", date(2021, 1, 1), date(2021, 12, 31),
                                       ("scrape",))
    assert scrapes.filter(area_id="all")["signs"].item() == 2


@pytest.mark.parametrize("change,where", [
    (lambda r: r[0].__setitem__(6, "footprint"), "row 2, column 'sign_type': 'footprint' is not one of"),
    (lambda r: r[1].__setitem__(7, "Felis catus"), "row 3, column 'species': 'Felis catus' is not a species"),
    (lambda r: r[2].__setitem__(3, "5"), "row 4, column 'route_km': route 'R1' has another area, date, length"),
    (lambda r: r[4].__setitem__(8, "10.0"), "row 6, column 'latitude': (10.0, 89.4) is not in or near SAIL"),
    (lambda r: r[4].__setitem__(5, "S1"), "row 6, column 'sign_id': sign 'S1' is already on row 2"),
    (lambda r: r[3].__setitem__(1, "NOPE"), "row 5, column 'area': 'NOPE' is not a protected area"),
    (lambda r: r[0].__setitem__(3, "-1"), "row 2, column 'route_km'"),
])
def test_a_bad_row_is_refused_where_it_stands_and_nothing_is_written(seed_store, tmp_path, change, where):
    rows = [list(r) for r in ROWS]
    change(rows)
    with pytest.raises(SignsRefused) as exc:
        import_signs(seed_store, write(tmp_path / "bad.csv", rows))
    assert where in str(exc.value) and "bad.csv" in str(exc.value)
    assert seed_store.sql("SELECT count(*) FROM sign_routes").item() == 0


def test_the_geojson_export_gives_the_same_rates(seed_store, tmp_path):
    line = lambda x0, km: [[x0, 49.8], [x0 + km / (111.32 * 0.6450), 49.8]]  # noqa: E731  (km east at 49.8° N)
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": line(89.2, 4)},
         "properties": {"route_id": "G1", "area": "SAIL", "surveyed_on": "2021-10-02"}},
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": line(89.3, 2)},
         "properties": {"route_id": "G2", "area": "SAIL", "surveyed_on": "2021-10-03", "route_km": 2}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [89.25, 49.8]},
         "properties": {"sign_id": "P1", "route_id": "G1", "sign_type": "scrape", "species": "snow_leopard"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [89.26, 49.8]},
         "properties": {"sign_id": "P2", "route_id": "G1", "sign_type": "scat", "species": "snow_leopard"}}]}
    f = tmp_path / "app.geojson"
    f.write_text(json.dumps(doc))
    assert import_signs(seed_store, f) == {"routes": 2, "signs": 2}
    routes, _ = signs.encounter_rates(seed_store, "snow_leopard", "SAIL", date(2021, 1, 1), date(2021, 12, 31))
    km = dict(routes.select("route_id", "length_km").iter_rows())
    assert km["G1"] == pytest.approx(4, rel=0.01) and km["G2"] == 2  # the line's length, or as given
    doc["features"][3]["properties"]["route_id"] = "G9"
    f.write_text(json.dumps(doc).replace('"G1"', '"H1"').replace('"G2"', '"H2"').replace('"P1"', '"Q1"').replace('"P2"', '"Q2"'))
    with pytest.raises(SignsRefused) as exc:
        import_signs(seed_store, f)
    assert "feature 4, field 'route_id': 'G9' is not a route (LineString) of the file" in str(exc.value)


def test_cli_imports_and_prints_the_rates(seed_db, tmp_path):
    db = tmp_path / "s.duckdb"
    shutil.copy(seed_db, db)
    r = bigcats("import", "signs", str(write(tmp_path / "signs.csv", ROWS)), "--db", str(db))
    assert r.returncode == 0 and "3 route(s) and 5 sign(s)" in r.stdout, r.stderr
    r = bigcats("encounter-rates", "--species", "snow_leopard", "--area", "SAIL", "--from", "2021-01-01",
                "--to", "2021-12-31", "--csv", "--db", str(db))
    assert r.returncode == 0, r.stderr
    rows = {row["area_id"]: row for row in csv.DictReader(r.stdout.splitlines())}
    assert rows["SAIL"]["signs"] == "4" and float(rows["SAIL"]["signs_per_km"]) == pytest.approx(1 / 3)
    with Store.open(db, read_only=True) as s:
        assert s.sql("SELECT count(*) FROM audit_log WHERE action = 'import signs'").item() == 1


def test_rates_by_year_are_each_years_routes_by_hand(seed_store, tmp_path):
    later = [["R9", "SAIL", "2022-09-01", "5", "", "S9", "scat", "snow_leopard", "", "", "", ""]]
    import_signs(seed_store, write(tmp_path / "signs.csv", ROWS + later))
    routes, _ = signs.encounter_rates(seed_store, "snow_leopard", "SAIL", date(2021, 1, 1), date(2022, 12, 31))
    by_year = signs.encounter_rates_by_year(routes)
    assert by_year.select("area_id", "year", "routes", "signs").rows() == [("SAIL", 2021, 3, 4), ("SAIL", 2022, 1, 1)]
    first, second = by_year.rows(named=True)
    assert first["signs_per_km"] == pytest.approx(4 / 12) and first["se"] is not None
    assert second["signs_per_km"] == pytest.approx(1 / 5) and second["se"] is None  # one route: no error across routes


def test_the_surveyed_scopes_are_the_region_then_its_parks_with_their_years(seed_store, tmp_path):
    assert signs.survey_scopes(seed_store).is_empty()
    import_signs(seed_store, write(tmp_path / "signs.csv", ROWS))
    scopes = signs.survey_scopes(seed_store, "ru")
    assert scopes.select("scope_kind", "scope", "first_year", "last_year").rows() == [
        ("region", "altai_sayan", 2021, 2021), ("area", "SAIL", 2021, 2021)]
    assert scopes["label"][1] == seed_store.query("area_names", lang="ru").filter(area_id="SAIL")["name"].item()


def test_the_demo_walks_routes_in_every_altai_park_and_flags_them(demo_reader):
    walked = demo_reader.sql("SELECT area_id, count(*) AS routes, bool_and(synthetic) AS synthetic "
                             "FROM sign_routes GROUP BY area_id ORDER BY area_id").rows(named=True)
    parks = demo_reader.sql("SELECT area_id FROM protected_areas WHERE region_id = 'altai_sayan'")["area_id"].to_list()
    assert walked and {r["area_id"] for r in walked} <= set(parks) and all(r["synthetic"] for r in walked)
    assert demo_reader.sql("SELECT bool_and(synthetic) FROM signs").item()
    assert demo_reader.sql("SELECT bool_and(synthetic) FROM genetic_samples").item()
    # a genotyped demo sample names a catalogue entry of the snow leopard (or none: a cat never photographed)
    wrong = demo_reader.sql("SELECT count(*) FROM genetic_samples g JOIN individuals i "
                            "USING (catalogue_area_id, individual_id) WHERE i.species_id <> 'snow_leopard'").item()
    assert wrong == 0
