"""Alerts between the parks: raised by a park, shared with the park across the border, answered
by either, seen exactly only by those two parks' editors and the admins; refusals change nothing."""
import shutil
from datetime import datetime, timedelta

import polars as pl
import pytest

from bigcats import alerts
from bigcats.access import PUBLIC, AccessDenied, Actor
from bigcats.cli import main
from bigcats.ingest.alerts import import_alerts
from bigcats.ingest.problems import ImportRefused
from bigcats.store import Store
from tests.places import near_the_border
from tests.store_state import fingerprint

OLGA = Actor("olga", "editor", frozenset({"LLNP"}))
WANG = Actor("wang", "editor", frozenset({"TLNP"}))
KP_EDITOR = Actor("kp", "editor", frozenset({"KP"}))
VIEWER = Actor("vera", "viewer")


def test_an_alert_near_the_border_is_shared_and_seen_exactly_only_by_the_two_parks(seed_store):
    lat, lon = near_the_border(seed_store)
    alerts.raise_alert(seed_store.as_actor(OLGA), alerts.Alert(
        "forest_fire", "LLNP", lat, lon, "high", "smoke over the ridge, call N. Petrova +7 900 000 00 00"))
    stored = seed_store.sql("SELECT * FROM alerts").row(0, named=True)
    assert stored["partner_area_id"] == "TLNP" and stored["raised_by"] == "olga" and stored["status"] == "open"
    for who in (OLGA, WANG, Actor("boss", "admin")):
        seen = alerts.alerts(seed_store.as_actor(who)).row(0, named=True)
        assert (seen["latitude"], seen["longitude"]) == (lat, lon), who
        assert "N. Petrova" in seen["description"] and seen["raised_by"] == "olga"
    for who in (KP_EDITOR, VIEWER):
        seen = alerts.alerts(seed_store.as_actor(who)).row(0, named=True)
        assert seen["coordinates_generalised_km"] == 5.0
        assert (seen["latitude"], seen["longitude"]) != (lat, lon)
        assert abs(seen["latitude"] - lat) < 0.05 and abs(seen["longitude"] - lon) < 0.07  # the cell, not the point
        assert seen["description"] is None and seen["raised_by"] is None


def test_an_alert_far_from_any_border_concerns_its_own_park_only(seed_store):
    c = seed_store.sql("SELECT ST_Y(ST_PointOnSurface(geom)) AS lat, ST_X(ST_PointOnSurface(geom)) AS lon "
                       "FROM protected_areas WHERE area_id = 'SAIL'").row(0)
    partners = seed_store.query("alert_partner_parks", area_id="SAIL", latitude=c[0], longitude=c[1])
    alert_id = alerts.raise_alert(seed_store, alerts.Alert("carcass", "SAIL", *c, "low"))
    partner = seed_store.query("alert", alert_id=alert_id)["partner_area_id"][0]
    nearest = partners.row(0, named=True) if partners.height else None
    if nearest is None or nearest["km"] > alerts.NEAR_BORDER_KM:
        assert partner is None
    else:
        assert partner == nearest["area_id"]


def test_the_partner_acknowledges_then_either_resolves_and_others_may_not(seed_store):
    lat, lon = near_the_border(seed_store)
    raised = datetime(2026, 1, 10, 6, 0)
    alert_id = alerts.raise_alert(seed_store.as_actor(OLGA), alerts.Alert("poacher_seen", "LLNP", lat, lon,
                                                                          raised_at=raised))
    before = fingerprint(seed_store)
    with pytest.raises(AccessDenied, match="only the editors of LLNP or TLNP"):
        alerts.acknowledge(seed_store.as_actor(KP_EDITOR), alert_id)
    with pytest.raises(AccessDenied):
        alerts.acknowledge(seed_store.as_actor(VIEWER), alert_id)
    with pytest.raises(alerts.AlertRefused, match="before the alert was raised"):
        alerts.acknowledge(seed_store.as_actor(WANG), alert_id, at=raised - timedelta(hours=1))
    assert fingerprint(seed_store) == before
    alerts.acknowledge(seed_store.as_actor(WANG), alert_id, at=raised + timedelta(hours=3))
    with pytest.raises(alerts.AlertRefused, match="acknowledged already"):
        alerts.acknowledge(seed_store.as_actor(OLGA), alert_id)
    alerts.resolve(seed_store.as_actor(OLGA), alert_id, at=raised + timedelta(hours=30))
    row = seed_store.sql("SELECT status, acknowledged_by, acknowledged_area_id, resolved_by FROM alerts").row(0)
    assert row == ("resolved", "wang", "TLNP", "olga")
    trail = seed_store.sql("SELECT user_name, action FROM audit_log ORDER BY audit_id").rows()
    assert trail == [("olga", "raise alert"), ("wang", "acknowledge alert"), ("olga", "resolve alert")]
    times = alerts.response_times(alerts.alerts(seed_store), datetime(2026, 2, 1)).row(0, named=True)
    assert times["median_hours_to_acknowledge"] == 3.0 and times["median_hours_to_resolve"] == 30.0


def test_the_public_view_shows_poaching_only_once_resolved(seed_store):
    lat, lon = near_the_border(seed_store)
    fire = alerts.raise_alert(seed_store, alerts.Alert("forest_fire", "LLNP", lat, lon))
    snare = alerts.raise_alert(seed_store, alerts.Alert("snare_found", "LLNP", lat, lon))
    public = seed_store.as_actor(PUBLIC)
    assert set(alerts.alerts(public)["alert_id"]) == {fire}
    alerts.resolve(seed_store, snare)
    assert set(alerts.alerts(public)["alert_id"]) == {fire, snare}


@pytest.fixture(scope="module")
def refusals(seed_db, tmp_path_factory):
    """One store for every refusal (a refusal changes nothing, which each checks), a place near
    the border, and the store's fingerprint as built."""
    db = tmp_path_factory.mktemp("alert-refusals") / "store.duckdb"
    shutil.copy(seed_db, db)
    with Store.open(db) as store:
        yield store, near_the_border(store), fingerprint(store)


@pytest.mark.parametrize("change, field", [
    ({"kind": "wildfire"}, "kind"), ({"severity": "extreme"}, "severity"), ({"area_id": "NOPE"}, "park"),
    ({"latitude": 95.0}, "latitude"), ({"latitude": 10.0}, "latitude"), ({"longitude": float("nan")}, "longitude"),
    ({"partner_area_id": "LLNP"}, "partner"), ({"description": "x" * 2001}, "description"),
    ({"raised_at": datetime(2100, 1, 1)}, "raised_at"), ({"photo": b"GIF89a not a photo"}, "photo"),
])
def test_a_bad_alert_is_refused_by_field_and_changes_nothing(refusals, change, field):
    store, (lat, lon), before = refusals
    alert = alerts.Alert(**{"kind": "forest_fire", "area_id": "LLNP", "latitude": lat, "longitude": lon, **change})
    with pytest.raises(alerts.AlertRefused, match=f"field '{field}'"):
        alerts.raise_alert(store, alert)
    assert fingerprint(store) == before


def test_the_command_line_raises_lists_and_answers(seed_db, tmp_path, capsys):
    db = tmp_path / "store.duckdb"
    shutil.copy(seed_db, db)
    with Store.open(db) as s:
        lat, lon = near_the_border(s)
    assert main(["alerts", "add", "--kind", "smuggling", "--park", "LLNP", "--lat", str(lat), "--lon", str(lon),
                 "--severity", "high", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("raised LLNP-") and "(shared with TLNP)" in out
    alert_id = out.split()[1]
    assert main(["alerts", "ack", alert_id, "--db", str(db)]) == 0
    assert main(["alerts", "list", "--csv", "--db", str(db)]) == 0
    listed = capsys.readouterr().out
    assert alert_id in listed and ",acknowledged," in listed
    assert main(["alerts", "resolve", "NOPE", "--db", str(db)]) == 1
    assert "no alert 'NOPE'" in capsys.readouterr().err


def test_a_park_log_goes_in_once_with_its_answers_and_a_broken_one_changes_nothing(seed_store, tmp_path):
    lat, lon = near_the_border(seed_store)
    log = tmp_path / "llnp-alerts.csv"
    log.write_text(
        "kind,park,raised_at,latitude,longitude,severity,acknowledged_at,resolved_at,raised_by\n"
        f"forest_fire,LLNP,2025-04-12T06:40+10:00,{lat},{lon},high,2025-04-12T08:10+10:00,2025-04-13T18:00+10:00,I. Ivanov\n"
        f"snare_found,LLNP,2025-12-01T09:00Z,{lat},{lon},,,,\n", encoding="utf-8")
    olga = seed_store.as_actor(OLGA)
    assert import_alerts(olga, log) == {"alerts": 2, "added": 2}
    assert import_alerts(olga, log) == {"alerts": 2, "added": 0}
    rows = seed_store.sql("SELECT kind, raised_at, status, partner_area_id, raised_by FROM alerts ORDER BY raised_at").rows()
    assert rows == [("forest_fire", datetime(2025, 4, 11, 20, 40), "resolved", "TLNP", "I. Ivanov"),
                    ("snare_found", datetime(2025, 12, 1, 9, 0), "open", "TLNP", "olga")]
    times = alerts.response_times(alerts.alerts(seed_store).filter(pl.col("kind") == "forest_fire"),
                                  datetime(2026, 1, 1)).row(0, named=True)
    assert times["median_hours_to_acknowledge"] == 1.5 and times["median_hours_to_resolve"] == 35 + 1 / 3
    before = fingerprint(seed_store)
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,park,raised_at,latitude,longitude,resolved_at\n"
                   f"wildfire,LLNP,2025-04-12T06:40,{lat},{lon},\n"
                   f"forest_fire,LLNP,2025-04-12T06:40Z,{lat},{lon},2025-04-12T05:00Z\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as err:
        import_alerts(olga, bad)
    text = str(err.value)
    assert "bad.csv, row 2, column 'raised_at'" in text and "UTC offset" in text
    assert "row 3, column 'resolved_at'" in text
    with pytest.raises(AccessDenied):
        import_alerts(seed_store.as_actor(WANG), _moved(log, tmp_path))
    assert fingerprint(seed_store) == before


def _moved(log, tmp_path):
    """The same log under another name, with new times (so not stored yet)."""
    other = tmp_path / "other.csv"
    other.write_text(log.read_text(encoding="utf-8").replace("2025-", "2024-"), encoding="utf-8")
    return other


class Page:
    """Stands for an open Alerts page: counts how often it was told."""
    def __init__(self):
        self.told = 0

    def tell(self):
        self.told += 1


def test_open_pages_of_the_process_are_told_of_each_step_and_a_closed_page_is_forgotten(seed_store):
    lat, lon = near_the_border(seed_store)
    olga, wang = seed_store.as_actor(OLGA), seed_store.as_actor(WANG)
    open_page, closed_page = Page(), Page()
    alerts.listeners(olga).add(open_page.tell)  # every handle of the connection shares the listeners
    alerts.listeners(wang).add(closed_page.tell)
    alert_id = alerts.raise_alert(olga, alerts.Alert("forest_fire", "LLNP", lat, lon))
    assert (open_page.told, closed_page.told) == (1, 1)
    del closed_page  # its session ended: held weakly, so not kept alive nor called
    alerts.acknowledge(wang, alert_id)
    alerts.resolve(wang, alert_id)
    assert open_page.told == 3
    with pytest.raises(alerts.AlertRefused):  # a refused step changes nothing and tells no one
        alerts.resolve(wang, alert_id)
    assert open_page.told == 3
    assert alerts.listeners(seed_store).notify() == 1


def test_an_alert_about_an_area_keeps_its_polygon_for_the_two_parks_only(seed_store, tmp_path):
    """A GeoJSON log whose fire is an area: stored with a point inside it; the two parks' editors
    see the area exactly (and on the map), everyone else neither the area nor the exact point; a
    polygon that is no area is refused by feature and property, and nothing is written."""
    import json

    import shapely
    from bokeh.models import ColumnDataSource

    from dashboards.figures.alerts import alert_map
    lat, lon = near_the_border(seed_store)
    square = [[lon - 0.01, lat - 0.01], [lon + 0.01, lat - 0.01], [lon + 0.01, lat + 0.01], [lon - 0.01, lat + 0.01],
              [lon - 0.01, lat - 0.01]]
    log = tmp_path / "llnp-fires.geojson"
    log.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Polygon", "coordinates": [square]},
        "properties": {"kind": "forest_fire", "park": "LLNP", "raised_at": "2025-05-02T04:00Z", "severity": "high"}}]}),
        encoding="utf-8")
    assert import_alerts(seed_store.as_actor(OLGA), log) == {"alerts": 1, "added": 1}
    stored = seed_store.sql("SELECT latitude, longitude, area_geojson, partner_area_id FROM alerts").row(0, named=True)
    area = shapely.geometry.shape(json.loads(stored["area_geojson"]))
    assert area.contains(shapely.Point(stored["longitude"], stored["latitude"])) and stored["partner_area_id"] == "TLNP"
    layers = seed_store.query("region_map_layers", region="tumen", lang="en")
    for who in (OLGA, WANG):
        seen = alerts.alerts(seed_store.as_actor(who))
        assert seen["area_geojson"][0] == stored["area_geojson"]
        drawn = [s.data for s in alert_map(seen, layers, "en").select({"type": ColumnDataSource}) if "what" in s.data
                 and "xs" in s.data]
        assert drawn and len(drawn[0]["xs"]) == 1  # the area's outline
    for who in (KP_EDITOR, VIEWER, PUBLIC):
        seen = alerts.alerts(seed_store.as_actor(who))
        assert seen["area_geojson"][0] is None and (seen["latitude"][0], seen["longitude"][0]) != \
            (stored["latitude"], stored["longitude"])
    before = fingerprint(seed_store)
    bowtie = [[lon - 0.01, lat - 0.01], [lon + 0.01, lat + 0.01], [lon + 0.01, lat - 0.01], [lon - 0.01, lat + 0.01],
              [lon - 0.01, lat - 0.01]]
    bad = tmp_path / "bad-fires.geojson"
    bad.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Polygon", "coordinates": [bowtie]},
        "properties": {"kind": "forest_fire", "park": "LLNP", "raised_at": "2025-05-03T04:00Z"}}]}), encoding="utf-8")
    with pytest.raises(ImportRefused) as err:
        import_alerts(seed_store.as_actor(OLGA), bad)
    assert "bad-fires.geojson, feature 1, property 'geometry'" in str(err.value) and "not a valid polygon" in str(err.value)
    assert fingerprint(seed_store) == before
