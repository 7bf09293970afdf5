"""Satellite fire hotspots (NASA FIRMS VIIRS and MODIS downloads): imported once however often
the download overlaps, refused by row and column when broken, counted by the park they fell in."""
import shutil
from datetime import date

import pytest

from bigcats import fires
from bigcats.access import AccessDenied, Actor
from bigcats.cli import main
from bigcats.ingest.hotspots import HotspotsRefused, confidence_class, import_hotspots
from tests.conftest import ROOT
from tests.store_state import fingerprint

DATA = ROOT / "tests" / "data"


def test_firms_confidence_classes():
    assert [confidence_class(c) for c in ("l", "n", "h", "0", "29", "30", "79", "80", "100")] == \
        ["low", "nominal", "high", "low", "low", "nominal", "nominal", "high", "high"]
    assert confidence_class("101") is None and confidence_class("x") is None


def test_viirs_and_modis_go_in_once_and_are_counted_by_park(seed_store):
    out = import_hotspots(seed_store, DATA / "firms_viirs_sample.csv")
    assert out == {"hotspots": 4, "added": 4}
    assert import_hotspots(seed_store, DATA / "firms_viirs_sample.csv") == {"hotspots": 4, "added": 0}
    assert import_hotspots(seed_store, DATA / "firms_modis_sample.csv")["added"] == 2
    stored = seed_store.sql("SELECT confidence, count(*) AS n FROM fire_hotspots GROUP BY ALL ORDER BY 1").rows()
    assert stored == [("high", 1), ("low", 2), ("nominal", 3)]
    frame = fires.hotspots(seed_store, "tumen", date(2025, 1, 1))
    # each detection's park, by the store's own polygons (point in polygon, asked one by one here)
    for r in frame.iter_rows(named=True):
        inside = seed_store.sql("SELECT area_id FROM protected_areas WHERE region_id = 'tumen' AND "
                                "ST_Contains(geom, ST_Point(?, ?)) ORDER BY area_id LIMIT 1",
                                [r["longitude"], r["latitude"]])
        assert r["area_id"] == (inside["area_id"][0] if inside.height else None)
    per_park = fires.by_park(frame)
    assert per_park["hotspots"].sum() == frame.height == 6
    assert fires.hotspots(seed_store, "tumen", date(2025, 4, 13)).height == 1  # only the one of the 13th


@pytest.mark.parametrize("line, where", [
    ("95.1,130.9,330,0.4,0.4,2025-04-12,0412,N,VIIRS,n,2.0NRT,285,4.3,D", "row 2, column 'latitude'"),
    ("42.8,130.9,330,0.4,0.4,12/04/2025,0412,N,VIIRS,n,2.0NRT,285,4.3,D", "row 2, column 'acq_date'"),
    ("42.8,130.9,330,0.4,0.4,2025-04-12,2575,N,VIIRS,n,2.0NRT,285,4.3,D", "row 2, column 'acq_time'"),
    ("42.8,130.9,330,0.4,0.4,2025-04-12,0412,N,VIIRS,maybe,2.0NRT,285,4.3,D", "row 2, column 'confidence'"),
    ("42.8,130.9,330,0.4,0.4,2025-04-12,0412,N,VIIRS,n,2.0NRT,285,-4,D", "row 2, column 'frp'"),
    ("42.8,130.9,330,0.4,0.4,2099-04-12,0412,N,VIIRS,n,2.0NRT,285,4.3,D", "row 2, column 'acq_date'"),
])
def test_a_broken_download_is_refused_where_it_stands_and_changes_nothing(seed_store, tmp_path, line, where):
    header = (DATA / "firms_viirs_sample.csv").read_text().splitlines()[0]
    f = tmp_path / "fire.csv"
    f.write_text(header + "\n" + line + "\n", encoding="utf-8")
    before = fingerprint(seed_store)
    with pytest.raises(HotspotsRefused) as err:
        import_hotspots(seed_store, f)
    assert where in str(err.value) and "fire.csv" in str(err.value)
    assert fingerprint(seed_store) == before


def test_a_viewer_may_not_import_and_the_command_line_reports(seed_db, seed_store, tmp_path, capsys):
    with pytest.raises(AccessDenied):
        import_hotspots(seed_store.as_actor(Actor("v", "viewer")), DATA / "firms_viirs_sample.csv")
    import_hotspots(seed_store.as_actor(Actor("e", "editor", frozenset({"TLNP"}))), DATA / "firms_modis_sample.csv")
    db = tmp_path / "cli.duckdb"
    shutil.copy(seed_db, db)
    assert main(["import", "hotspots", str(DATA / "firms_viirs_sample.csv"), "--db", str(db)]) == 0
    assert "4 new fire hotspot(s) of 4" in capsys.readouterr().out


def test_geojson_points_go_in_like_the_csv_and_a_line_is_refused_by_feature(seed_store, tmp_path):
    import json
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [130.9512, 42.81234]},
                 "properties": {"acq_date": "2025-04-12", "acq_time": "0412", "confidence": "h", "frp": 9.8,
                                "satellite": "N", "instrument": "VIIRS"}}]
    f = tmp_path / "fire.geojson"
    f.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    assert import_hotspots(seed_store, f) == {"hotspots": 1, "added": 1}
    assert seed_store.sql("SELECT latitude, longitude, confidence FROM fire_hotspots").row(0) == (42.81234, 130.9512, "high")
    before = fingerprint(seed_store)
    line = {**features[0], "geometry": {"type": "LineString", "coordinates": [[130.9, 42.8], [131.0, 42.9]]}}
    f.write_text(json.dumps({"type": "FeatureCollection", "features": [features[0], line]}), encoding="utf-8")
    with pytest.raises(HotspotsRefused, match=r"feature 2, property 'geometry': expected a Point"):
        import_hotspots(seed_store, f)
    assert fingerprint(seed_store) == before
