"""Import a park's habitat map (GeoJSON): the polygons of what is habitat for the cats inside the
park (forest, not farmland, sea or towns), used by SECR as the mask there and for the park's E(N)
(`queries/scope_habitat.sql`, `bigcats.population`).

`bigcats import habitat FILE.geojson --area LLNP`: a FeatureCollection of Polygon or MultiPolygon
features in WGS 84 longitude/latitude (RFC 7946); their union is the park's habitat, replacing
the map it had. Every feature is checked (type, coordinates, validity, place: within 0.5° of the
park), and every problem reported by feature; nothing is written then.

Classified rasters (GeoTIFF with `--classes`) are not read yet: polygonise them first (GDAL's
`gdal_polygonize.py`, or QGIS), keeping the classes that count as habitat.
"""
from __future__ import annotations

import json
from pathlib import Path

import shapely
from shapely.geometry import mapping

from bigcats import geo
from bigcats.access import require
from bigcats.audit import recorded
from bigcats.ingest.areas import MAX_GEOJSON_BYTES, REGION_MARGIN, WGS84, polygon_of
from bigcats.ingest.problems import ImportRefused, Problem
from bigcats.store import Store


def _feature(path: Path, i: int | None, field: str | None, reason: str) -> Problem:
    return Problem(str(path), i, field, reason, "feature", "field")


def import_habitat(store: Store, path: str | Path, area: str | None = None, imported_by: str = "bigcats") -> dict:
    """Replace the habitat map of `area` with the union of the file's polygons; all or nothing.
    Returns {"area": ..., "features": n, "area_km2": habitat km²}."""
    path = Path(path)
    env = store.query("area_envelope", area_id=area or "")
    if env.is_empty():
        known = ", ".join(store.query("protected_area_ids")["area_id"])
        raise ImportRefused(str(path), [Problem("--area", None, None, f"unknown area {area!r}; known: {known}")])
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
    e = env.row(0, named=True)
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
    habitat = shapely.union_all(shapes)
    km2 = geo.area_km2_where_it_is(habitat)
    require(store, "habitat", park=area)
    with recorded(store, "import habitat", ["habitat_maps"], target=area, summary=str(path)) as cur:
        store.run(cur, "set_habitat_map", area_id=area, geojson=json.dumps(mapping(habitat)), area_km2=km2,
                  source=f"habitat map imported from {path.name} by {imported_by}")
    return {"area": area, "features": len(shapes), "area_km2": km2}
