"""Import a park's habitat map: the polygons of what is habitat for the cats inside the park
(forest, not farmland, sea or towns), used by SECR as the mask there and for the park's E(N)
(`queries/scope_habitat.sql`, `bigcats.population`).

`bigcats import habitat FILE.geojson --area LLNP`: a FeatureCollection of Polygon or MultiPolygon
features in WGS 84 longitude/latitude (RFC 7946); their union is the park's habitat, replacing
the map it had. Every feature is checked (type, coordinates, validity, place: within 0.5° of the
park), and every problem reported by feature; nothing is written then.

`bigcats import habitat FILE.tif --area LLNP --classes 1,2`: a classified raster (GeoTIFF, as a
land-cover map or a habitat model thresholded into classes comes), its first band read with
rasterio: the cells whose class is one of `--classes` are habitat, polygonised cell edge by cell
edge (rasterio.features.shapes), their union reprojected from the raster's own coordinate
reference system to WGS 84, then checked and stored as a GeoJSON map is. A file that is not a
GeoTIFF, a raster without a coordinate reference system, a class that does not occur in it, or
no habitat cell at all is refused with the reason.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import mapping

from bigcats import geo
from bigcats.access import require
from bigcats.audit import recorded
from bigcats.ingest.areas import MAX_GEOJSON_BYTES, REGION_MARGIN, WGS84, polygon_of
from bigcats.ingest.problems import ImportRefused, Problem
from bigcats.store import Store, one_transaction


def _feature(path: Path, i: int | None, field: str | None, reason: str) -> Problem:
    return Problem(str(path), i, field, reason, "feature", "field")


# a raster larger than this many cells is refused (resample it first): polygonising a 25-million
# cell land-cover map already takes minutes and the habitat of one park needs no finer grain
MAX_RASTER_CELLS = 25_000_000
_TIFF_MAGIC = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")  # TIFF and BigTIFF, either byte order


@one_transaction
def import_habitat(store: Store, path: str | Path, area: str | None = None, imported_by: str = "bigcats",
                   classes: str | None = None) -> dict:
    """Replace the habitat map of `area` with the union of the file's polygons (GeoJSON) or of its
    cells of `classes` (GeoTIFF, "1,2": the class values that count as habitat); all or nothing.
    Returns {"area": ..., "features": polygons, "cells": habitat cells of a raster (else None),
    "area_km2": habitat km²}."""
    path = Path(path)
    env = store.query("area_envelope", area_id=area or "")
    if env.is_empty():
        known = ", ".join(store.query("protected_area_ids")["area_id"])
        raise ImportRefused(str(path), [Problem("--area", None, None, f"unknown area {area!r}; known: {known}")])
    e = env.row(0, named=True)
    with open(path, "rb") as f:
        raster = f.read(4) in _TIFF_MAGIC
    cells = None
    if raster:
        shapes, cells = _in_place(path, area, e, _raster_habitat(path, classes))
        features = len(getattr(shapes[0], "geoms", shapes))
    elif path.suffix.lower() in (".tif", ".tiff"):
        raise _raster_problem(path, None, "not a GeoTIFF: the file does not begin with a TIFF header")
    elif classes:
        raise ImportRefused(str(path), [Problem("--classes", None, None, "classes are for a GeoTIFF raster; "
                                                "this file is not one (a GeoJSON map is habitat throughout)")])
    else:
        shapes = _geojson_habitat(path, area, e)
        features = len(shapes)
    habitat = shapely.union_all(shapes)
    km2 = geo.area_km2_where_it_is(habitat)
    require(store, "habitat", park=area)
    with recorded(store, "import habitat", ["habitat_maps"], target=area, summary=str(path)) as cur:
        store.run(cur, "set_habitat_map", area_id=area, geojson=json.dumps(mapping(habitat)), area_km2=km2,
                  source=f"habitat map imported from {path.name} by {imported_by}"
                         + (f" (raster classes {classes})" if raster else ""))
    return {"area": area, "features": features, "cells": cells, "area_km2": km2}


def _geojson_habitat(path: Path, area: str, e: dict) -> list:
    """The polygons of a GeoJSON habitat map, each checked; refused with every problem."""
    if path.stat().st_size > MAX_GEOJSON_BYTES:
        raise ImportRefused(str(path), f"larger than {MAX_GEOJSON_BYTES // 2**20} MB; simplify the habitat map first")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ImportRefused(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise ImportRefused(str(path), [Problem(str(path), exc.lineno, None, f"column {exc.colno}: not valid JSON "
                                                                            f"({exc.msg})", "line")]) from exc
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise ImportRefused(str(path), "not a GeoJSON FeatureCollection")
    crs = doc.get("crs")
    if crs is not None:
        name = ((crs.get("properties") or {}).get("name") if isinstance(crs, dict) else None) or repr(crs)
        if name not in WGS84:
            raise ImportRefused(str(path), [_feature(path, None, "crs", f"{name} is not WGS 84 longitude/latitude: "
                                                                        "reproject the file first")])
    m = REGION_MARGIN
    shapes, problems = [], []
    for i, f in enumerate(doc["features"], start=1):
        s = polygon_of(path, i, f if isinstance(f, dict) else {}, problems)
        if s is None:
            continue
        x0, y0, x1, y1 = s.bounds
        if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
            problems.append(_feature(path, i, "geometry", "coordinates out of range for EPSG:4326 lon/lat"))
            continue
        if not s.is_valid:
            problems.append(_feature(path, i, "geometry", "invalid polygon (self-intersection or bad ring)"))
            continue
        if not (e["x0"] - m <= x0 and x1 <= e["x1"] + m and e["y0"] - m <= y0 and y1 <= e["y1"] + m):
            c = s.centroid
            problems.append(_feature(path, i, "geometry", f"centred at lon {c.x:.2f}, lat {c.y:.2f}, not within "
                                                          f"{m}° of {area} (lon {e['x0']:.1f}–{e['x1']:.1f}, "
                                                          f"lat {e['y0']:.1f}–{e['y1']:.1f})"))
            continue
        shapes.append(s)
    if problems:
        raise ImportRefused(str(path), problems)
    if not shapes:
        raise ImportRefused(str(path), "no features")
    return shapes


def _raster_problem(path: Path, field: str | None, reason: str) -> ImportRefused:
    return ImportRefused(str(path), [Problem(str(path), None, field, reason, "band", "field")])


def _raster_habitat(path: Path, classes: str | None) -> tuple[list, int]:
    """The habitat cells of a classified GeoTIFF (first band; cells whose value is one of
    `classes`) as polygons in WGS 84 lon/lat, and how many cells they are."""
    import rasterio
    import rasterio.features
    from pyproj import CRS, Transformer

    wanted: list[int] = []
    for part in (classes or "").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            wanted.append(int(part))
        except ValueError:
            raise ImportRefused(str(path), [Problem("--classes", None, None, f"{part!r} is not a whole-number "
                                                    "class value (give them as 1,2,5)")]) from None
    if not wanted:
        raise ImportRefused(str(path), [Problem("--classes", None, None, "a raster needs --classes: the class "
                                                "values that count as habitat, e.g. --classes 1,2")])
    try:
        # GeoTIFF only: GDAL reads hundreds of formats, a client's upload opens none of the others
        dataset = rasterio.open(path, driver="GTiff")
    except rasterio.errors.RasterioIOError as exc:
        raise _raster_problem(path, None, f"not a GeoTIFF that can be read ({exc})") from exc
    with dataset:
        if dataset.crs is None:
            raise _raster_problem(path, "crs", "the raster has no coordinate reference system: georeference it "
                                               "(e.g. gdal_translate -a_srs EPSG:4326) first")
        if dataset.width * dataset.height > MAX_RASTER_CELLS:
            raise _raster_problem(path, None, f"{dataset.width} x {dataset.height} cells, more than "
                                              f"{MAX_RASTER_CELLS:,}: resample it to a coarser grid first")
        band = dataset.read(1)
        valid = dataset.read_masks(1) > 0  # cells of no data are not habitat
        present = set(np.unique(band[valid]).tolist())
        absent = [c for c in wanted if c not in present]
        if absent:
            shown = ", ".join(str(v) for v in sorted(present)[:20]) + (" …" if len(present) > 20 else "")
            raise _raster_problem(path, "--classes", f"class {', '.join(map(str, absent))} does not occur in band 1 "
                                                     f"(its classes: {shown})")
        habitat = np.isin(band, wanted) & valid
        polygons = [shapely.geometry.shape(g) for g, v in rasterio.features.shapes(
            habitat.astype(np.uint8), mask=habitat, transform=dataset.transform, connectivity=4) if v == 1]
        crs = CRS.from_wkt(dataset.crs.to_wkt())
    if not polygons:
        raise _raster_problem(path, "--classes", "no cell of these classes: no habitat")
    union = shapely.union_all(polygons)
    if not crs.equals(CRS.from_epsg(4326)):
        to_lonlat = Transformer.from_crs(crs, CRS.from_epsg(4326), always_xy=True)
        # cell edges are straight in the raster's grid and slightly curved in lon/lat: a point
        # every fraction of a cell keeps the outline true after reprojection
        edge = min(abs(dataset.transform.a), abs(dataset.transform.e))
        union = shapely.transform(shapely.segmentize(union, edge / 4),
                                  lambda xy: np.column_stack(to_lonlat.transform(xy[:, 0], xy[:, 1])))
    return [shapely.make_valid(union)], int(habitat.sum())


def _in_place(path: Path, area: str, e: dict, found: tuple[list, int]) -> tuple[list, int]:
    """A raster's habitat checked as a GeoJSON feature is: lon/lat in range, within the margin of
    the area."""
    shapes, cells = found
    m = REGION_MARGIN
    x0, y0, x1, y1 = shapely.union_all(shapes).bounds
    if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
        raise _raster_problem(path, "crs", "the habitat falls outside lon/lat once reprojected: is the raster's "
                                           "coordinate reference system right?")
    if not (e["x0"] - m <= x0 and x1 <= e["x1"] + m and e["y0"] - m <= y0 and y1 <= e["y1"] + m):
        raise _raster_problem(path, None, f"its habitat spans lon {x0:.2f}–{x1:.2f}, lat {y0:.2f}–{y1:.2f}, not "
                                          f"within {m}° of {area} (lon {e['x0']:.1f}–{e['x1']:.1f}, "
                                          f"lat {e['y0']:.1f}–{e['y1']:.1f})")
    return shapes, cells
