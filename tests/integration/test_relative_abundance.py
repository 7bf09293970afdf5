"""RAI and naive occupancy from an imported package, checked by hand: the small LLNP package of
tests/camtrap_package.py (two cameras, 2014-01-10 to 2014-05-10: 120 days each; a leopard
photographed three times, a tiger once) with one more leopard photograph 10 minutes after the
first."""
import csv
import shutil
from datetime import date, timedelta

import pytest

from bigcats import Store, abundance
from bigcats.ingest import camtrapdp
from tests.camtrap_package import make_package, write_csv
from tests.cli import bigcats

PERIOD = (date(2014, 1, 1), date(2014, 12, 31))


@pytest.fixture
def package(tmp_path):
    pkg = make_package(tmp_path / "pkg")
    with open(pkg / "observations.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    again = {**rows[0], "observationID": "O1b", "mediaID": "", "eventStart": "2014-02-01T22:20:00+10:00",
             "eventEnd": "2014-02-01T22:20:00+10:00"}
    write_csv(pkg / "observations.csv", rows + [again])
    return pkg


@pytest.fixture
def store(seed_store, package):
    camtrapdp.import_package(seed_store, package, "LLNP")
    return seed_store


def test_leopard_and_tiger_by_hand(store):
    # leopard: 22:10 and 22:20 at camera 1 are one event at 30 min; with camera 1's 1 March and
    # camera 2's 9 February, 3 events in 240 camera-days; both sites (camera 1's grid cell,
    # camera 2's station) have one
    leo = abundance.relative_abundance(store, "leopard", "LLNP", *PERIOD, by="scope").row(0, named=True)
    assert leo == {"cameras": 2, "camera_days": 240.0, "events": 3, "rai": pytest.approx(1.25),
                   "sites_surveyed": 2, "sites_detected": 2, "naive_occupancy": 1.0}
    tiger = abundance.relative_abundance(store, "tiger", "LLNP", *PERIOD, by="scope").row(0, named=True)
    assert tiger["events"] == 1 and tiger["rai"] == pytest.approx(100 / 240) and tiger["naive_occupancy"] == 0.5
    # at 5 minutes the two photographs of 1 February are two events
    five = abundance.relative_abundance(store, "leopard", "LLNP", *PERIOD, by="scope", independence_minutes=5)
    assert five["events"].item() == 4


def test_by_camera_park_and_year(store):
    cams = abundance.relative_abundance(store, "tiger", "LLNP", *PERIOD, by="camera")
    assert cams.select("deployment_id", "events", "camera_days").rows() == [("T-CAM-1", 0, 120.0), ("T-CAM-2", 1, 120.0)]
    assert cams["rai"].to_list() == [0.0, pytest.approx(100 / 120)]
    years = abundance.relative_abundance(store, "leopard", "tumen", date(2013, 6, 1), date(2014, 2, 28), by="year")
    # the cameras start in 2014: no 2013 row; to 28 February: 50 days each, the two February events
    assert years.select("year", "camera_days", "events").rows() == [(2014, 100.0, 2)]
    park = abundance.relative_abundance(store, "leopard", "LLNP", *PERIOD, by="park")
    assert park.select("owner_area_id", "year", "events").rows() == [("LLNP", 2014, 3)]


def test_no_camera_in_the_scope_is_said(store):
    with pytest.raises(ValueError, match="no camera ran"):
        abundance.relative_abundance(store, "leopard", "LLNP", date(2020, 1, 1), date(2020, 12, 31))


def test_cli_prints_the_index(seed_db, package, tmp_path):
    db = tmp_path / "s.duckdb"
    shutil.copy(seed_db, db)
    with Store.open(db) as s:
        camtrapdp.import_package(s, package, "LLNP")
    r = bigcats("estimate", "--method", "rai", "--species", "tiger", "--area", "LLNP", "--from", "2014-01-01",
                "--to", "2014-12-31", "--by", "scope", "--csv", "--db", str(db))
    assert r.returncode == 0, r.stderr
    row = next(csv.DictReader(r.stdout.splitlines()))
    assert row["events"] == "1" and float(row["rai"]) == pytest.approx(0.417) and row["naive_occupancy"] == "0.5"


@pytest.mark.slow  # a calibration against the simulation's truth
def test_the_demos_prey_index_recovers_the_simulated_rates(demo_reader):
    """The demo simulates each prey's independent events at a declared rate per camera-day (gamma
    heterogeneity of mean 1, one photograph per event) at the Far East cameras of its last survey
    years: over those years the index is that rate × 100, within the sampling error of about
    100,000 camera-days (a few events closer than 30 minutes merge: the index only a little under)."""
    from bigcats.simulate import BACKGROUND, PREY_SURVEY_YEARS
    last = demo_reader.sql("SELECT max(year(start_at)) AS y FROM deployments")["y"][0]
    period = (date(last - PREY_SURVEY_YEARS + 1, 1, 1), date(last, 12, 31))
    for species, rate, _ in BACKGROUND:
        for region in ("tumen", "khingan"):
            row = abundance.relative_abundance(demo_reader, species, region, *period, "scope").row(0, named=True)
            assert row["rai"] == pytest.approx(100 * rate, rel=0.06), (species, region, row)
    # and none in the years before (the demo's cameras photographed the cats only then)
    before = abundance.relative_abundance(demo_reader, "roe_deer", "tumen", date(2013, 1, 1), period[0] - timedelta(days=1))
    assert before["events"].sum() == 0


def test_the_detection_map_is_the_cameras_by_grid_cell_by_hand(store):
    from bigcats import geo
    # 1 km cells: the cameras (3.8 km apart) in two cells; the tiger photographed at camera 2 only
    fine = abundance.detection_map(store, "tiger", "LLNP", *PERIOD, cell_km=1.0)
    cells = {(r["ix"], r["iy"]): r for r in fine.cells.iter_rows(named=True)}
    one = tuple(int(v[0]) for v in geo.cell_of("tumen", 1.0, [130.583894], [42.465722]))
    two = tuple(int(v[0]) for v in geo.cell_of("tumen", 1.0, [130.630532], [42.462084]))
    assert set(cells) == {one, two}
    assert (cells[one]["events"], cells[two]["events"]) == (0, 1)
    assert cells[two]["camera_days"] == 120.0 and cells[two]["rai"] == pytest.approx(100 / 120)
    assert (fine.surveyed, fine.detected, fine.naive_occupancy) == (2, 1, 0.5)
    # 50 km cells: both cameras in one cell, their days and events summed
    coarse = abundance.detection_map(store, "leopard", "LLNP", *PERIOD, cell_km=50.0)
    assert coarse.cells.select("cameras", "camera_days", "events").rows() == [(2, 240.0, 3)]
    assert coarse.naive_occupancy == 1.0 and coarse.region == "tumen"
    with pytest.raises(ValueError, match="no camera"):
        abundance.detection_map(store, "tiger", "LLNP", date(2020, 1, 1), date(2020, 12, 31))


def test_the_section_says_a_species_never_photographed_there_is_absent(demo_reader):
    """The Population page's section, built as the page builds it, for the cat beside a species
    the demo's cameras never photographed in the scope: an alert naming it, and its map all white."""
    import panel as pn

    from bigcats import population
    from dashboards.abundance import RelativeAbundance
    scope = demo_reader.query("survey_scopes", species="leopard", lang="ru")["scope"][0]
    years = population.survey_years(demo_reader, scope)
    period = (date(years[0], 1, 1), date(years[-1], 12, 31))
    names = dict(demo_reader.query("species_names", lang="ru").select("species_id", "name").iter_rows())
    absent = next(s for s in names
                  if abundance.relative_abundance(demo_reader, s, scope, *period, "scope")["events"][0] == 0)
    section = RelativeAbundance(demo_reader, names, species="leopard", scope=scope, years=(years[0], years[-1]),
                                lang="ru", shown=True)
    section.versus = absent
    view = section._view()
    alerts = [o for o in view.select(pn.pane.Alert) if "rai-none" in o.css_classes]
    assert alerts and names[absent] in alerts[0].object
    assert abundance.detection_map(demo_reader, absent, scope, *period).detected == 0
