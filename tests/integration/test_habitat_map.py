"""A park's own habitat map: imported from GeoJSON or a classified GeoTIFF, refused (by feature,
or with the raster's reason) when it is not a habitat map of that park, and used by SECR (no mask cell in the park outside its habitat; the park's E(N)
over its habitat the mask covers)."""
import json
import shutil

import numpy as np
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


# A classified raster as a land-cover map comes: 1 km cells in UTM zone 52N over the west of LLNP,
# class 1 forest, 2 shrub, 3 farmland, 0 no data
UTM52 = "EPSG:32652"
CLASSES = np.array([[1, 1, 2, 3, 3, 0],
                    [1, 1, 2, 3, 0, 0],
                    [1, 2, 2, 3, 0, 0],
                    [1, 1, 1, 1, 1, 3]], dtype=np.uint8)


def write_raster(path, crs: str | None = UTM52, lonlat=(131.0, 43.2), cell_m: float = 1000.0, values=CLASSES):
    """A GeoTIFF of `values` whose top-left corner is at `lonlat` (in the raster's own CRS)."""
    import rasterio
    from pyproj import Transformer
    from rasterio.transform import from_origin
    x, y = Transformer.from_crs("EPSG:4326", crs or UTM52, always_xy=True).transform(*lonlat)
    with rasterio.open(path, "w", driver="GTiff", height=values.shape[0], width=values.shape[1], count=1,
                       dtype=values.dtype, crs=crs, transform=from_origin(x, y, cell_m, cell_m), nodata=0) as dst:
        dst.write(values, 1)
    return from_origin(x, y, cell_m, cell_m)


def cell_centre_lonlat(transform, row: int, col: int) -> tuple[float, float]:
    from pyproj import Transformer
    x, y = transform * (col + 0.5, row + 0.5)
    return Transformer.from_crs(UTM52, "EPSG:4326", always_xy=True).transform(x, y)


def test_a_classified_geotiff_gives_the_cells_of_the_habitat_classes(seed_store, tmp_path):
    f = tmp_path / "landcover.tif"
    transform = write_raster(f)
    out = import_habitat(seed_store, f, "LLNP", classes="1,2")
    wanted = int(np.isin(CLASSES, [1, 2]).sum())  # 14 cells of 1 km²
    assert out["cells"] == wanted
    # UTM's scale within 0.1% of true here: the map's area is the cells' area
    assert out["area_km2"] == pytest.approx(wanted, rel=0.01)
    habitat = wkb.loads(bytes(seed_store.sql("SELECT ST_AsWKB(geom) FROM habitat_maps WHERE area_id = 'LLNP'").item()))
    for row in range(CLASSES.shape[0]):
        for col in range(CLASSES.shape[1]):
            inside = habitat.contains(shapely.Point(cell_centre_lonlat(transform, row, col)))
            assert inside == (CLASSES[row, col] in (1, 2)), (row, col, CLASSES[row, col])
    source = seed_store.sql("SELECT source FROM habitat_maps WHERE area_id = 'LLNP'").item()
    assert "landcover.tif" in source and "classes 1,2" in source


@pytest.mark.parametrize("write, classes, message", [
    (lambda f: write_raster(f), None, "a raster needs --classes"),
    (lambda f: write_raster(f), "1,7", "class 7 does not occur in band 1 (its classes: 1, 2, 3)"),
    (lambda f: write_raster(f), "forest", "'forest' is not a whole-number class value"),
    (lambda f: write_raster(f, crs=None), "1", "no coordinate reference system"),
    (lambda f: write_raster(f, lonlat=(10.0, 50.0), crs="EPSG:32632"), "1", "not within 0.5° of LLNP"),
    (lambda f: f.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64)), "1", "not a GeoTIFF"),
], ids=["no classes", "absent class", "class not a number", "no crs", "elsewhere", "not a tiff"])
def test_a_raster_that_is_not_the_parks_classified_habitat_is_refused(seed_store, tmp_path, write, classes, message):
    f = tmp_path / "landcover.tif"
    write(f)
    with pytest.raises(ImportRefused) as exc:
        import_habitat(seed_store, f, "LLNP", classes=classes)
    assert message in str(exc.value) and "landcover.tif" in str(exc.value), str(exc.value)
    assert seed_store.sql("SELECT count(*) FROM habitat_maps").item() == 0


def test_cli_imports_a_raster_with_its_classes(seed_db, tmp_path):
    db = tmp_path / "s.duckdb"
    shutil.copy(seed_db, db)
    f = tmp_path / "landcover.tif"
    write_raster(f)
    r = bigcats("import", "habitat", str(f), "--area", "LLNP", "--classes", "1", "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert f"{int((CLASSES == 1).sum())} habitat cell(s)" in r.stdout
