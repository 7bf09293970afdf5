"""A park's own habitat map: imported from GeoJSON, refused by feature when it is not a habitat
map of that park, and used by SECR (no mask cell in the park outside its habitat; the park's E(N)
over its habitat the mask covers)."""
import json
import shutil

import pytest
import shapely
from shapely import wkb
from shapely.geometry import mapping

from bigcats import population
from bigcats.ingest.habitat import import_habitat
from bigcats.ingest.problems import ImportRefused
from tests.cli import bigcats


def west_half(store, area: str) -> dict:
    """The western half of the park's boundary, as a GeoJSON geometry."""
    g = wkb.loads(bytes(store.sql(f"SELECT ST_AsWKB(geom) AS g FROM protected_areas WHERE area_id = '{area}'")["g"][0]))
    x0, y0, x1, y1 = g.bounds
    return mapping(g.intersection(shapely.box(x0, y0, (x0 + x1) / 2, y1)))


def collection(*geometries) -> str:
    return json.dumps({"type": "FeatureCollection",
                       "features": [{"type": "Feature", "properties": {}, "geometry": g} for g in geometries]})


@pytest.mark.parametrize("geometries,message", [
    ([{"type": "Point", "coordinates": [131.2, 43.0]}], "feature 1, field 'geometry': expected Polygon or MultiPolygon"),
    ([{"type": "Polygon", "coordinates": [[[10, 50], [11, 50], [11, 51], [10, 50]]]}], "not within 0.5° of LLNP"),
    ([{"type": "Polygon", "coordinates": [[[131.2, 43.0], [131.3, 43.1], [131.3, 43.0], [131.2, 43.1], [131.2, 43.0]]]}],
     "invalid polygon"),
])
def test_a_map_that_is_not_the_parks_habitat_is_refused(seed_store, tmp_path, geometries, message):
    f = tmp_path / "habitat.geojson"
    f.write_text(collection(*geometries))
    with pytest.raises(ImportRefused) as exc:
        import_habitat(seed_store, f, "LLNP")
    assert message in str(exc.value) and "habitat.geojson" in str(exc.value)
    assert seed_store.sql("SELECT count(*) FROM habitat_maps").item() == 0


def test_cli_needs_the_area(seed_db, tmp_path):
    db = tmp_path / "s.duckdb"
    shutil.copy(seed_db, db)
    f = tmp_path / "habitat.geojson"
    f.write_text(collection({"type": "Polygon", "coordinates": [[[131.2, 43.0], [131.3, 43.0], [131.3, 43.1], [131.2, 43.0]]]}))
    r = bigcats("import", "habitat", str(f), "--db", str(db))
    assert r.returncode == 1 and "--area" in r.stderr


def test_secr_keeps_to_the_parks_habitat(demo_store, tmp_path):
    """The habitat an SECR mask is laid on: inside LLNP only its mapped west half; the region's
    land elsewhere (a fit on it: tests/integration/test_population.py)."""
    region, before, parks = population.secr_habitat(demo_store, "LLNP")
    f = tmp_path / "llnp-habitat.geojson"
    f.write_text(collection(west_half(demo_store, "LLNP")))
    out = import_habitat(demo_store, f, "LLNP")
    assert out["features"] == 1 and out["area_km2"] > 0
    _, after, _ = population.secr_habitat(demo_store, "LLNP")
    park = parks["LLNP"]
    x0, y0, x1, y1 = park.bounds
    east = park.intersection(shapely.box((x0 + x1) / 2 + 1000, y0, x1, y1))  # 1 km clear of the cut
    assert east.intersection(before).area > 0.9 * east.area      # land before
    assert east.intersection(after).area < 1e-6 * east.area       # not habitat now
    assert before.difference(park).symmetric_difference(after.difference(park)).area < 1e-6 * before.area
    # the park's habitat as the mask sees it is the map's area (a second projection: 1% apart at most)
    assert park.intersection(after).area / 1e6 == pytest.approx(out["area_km2"], rel=0.01)
    # a second import replaces the map
    f.write_text(collection(west_half(demo_store, "LLNP"),
                            {"type": "Polygon", "coordinates": [[[131.2, 43.0], [131.3, 43.0], [131.3, 43.1], [131.2, 43.0]]]}))
    assert import_habitat(demo_store, f, "LLNP")["features"] == 2
    assert demo_store.sql("SELECT count(*) FROM habitat_maps").item() == 1
