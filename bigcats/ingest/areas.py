"""Import official protected-area boundaries (GeoJSON) to replace the schematic polygons."""
from __future__ import annotations

import json
import math
from pathlib import Path

from shapely.geometry import shape

from bigcats.access import require
from bigcats.ingest.problems import ImportRefused, Problem
from bigcats.audit import recorded
from bigcats.store import Store


def _feature(path: Path, i: int, field: str | None, reason: str) -> Problem:
    return Problem(str(path), i, field, reason, "feature", "field")


MAX_GEOJSON_BYTES = 100 * 1024**2
WGS84 = {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "EPSG:4326", "urn:ogc:def:crs:EPSG::4326"}
REGION_MARGIN = 0.5  # degrees around a region's countries a park's boundary may reach


def import_areas(store: Store, path: str | Path, source: str | None = None) -> int:
    """Replace the geometry of existing areas (matched on `area_id`), all or nothing.

    Each feature needs `properties.area_id` naming an area of the store and a Polygon or
    MultiPolygon geometry in WGS 84 longitude/latitude (RFC 7946; a `crs` member naming anything
    else is refused). A boundary must lie in its park's region (a file with latitude and longitude
    swapped, or moved to another continent, is refused). Every problem is reported, by feature.
    The imported boundaries are no longer schematic.
    """
    path = Path(path)
    if path.stat().st_size > MAX_GEOJSON_BYTES:
        raise ImportRefused(path, f"larger than {MAX_GEOJSON_BYTES // 2**20} MB; simplify the boundaries first")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ImportRefused(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise ImportRefused(path, [Problem(str(path), exc.lineno, None, f"column {exc.colno}: not valid JSON ({exc.msg})",
                                           "line")]) from exc
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        kind = type(doc).__name__ if not isinstance(doc, dict) else repr(doc.get("type"))
        raise ImportRefused(path, f"not a GeoJSON FeatureCollection (the top level is {kind})")
    crs = doc.get("crs")
    if crs is not None:
        name = ((crs.get("properties") or {}).get("name") if isinstance(crs, dict) else None) or repr(crs)
        if name not in WGS84:
            raise ImportRefused(path, [Problem(str(path), None, "crs", f"{name} is not WGS 84 longitude/latitude; GeoJSON "
                                               "(RFC 7946) boundaries must be in EPSG:4326 / CRS84: reproject the file first",
                                               field_word="field")])
    areas = {r[0]: r[1:] for r in store.query("area_region_envelopes").iter_rows()}
    known = set(store.query("protected_area_ids")["area_id"].to_list())
    updates, problems, seen = [], [], {}
    for i, f in enumerate(doc["features"], start=1):
        if not isinstance(f, dict):
            problems.append(_feature(path, i, None, "not a GeoJSON Feature object"))
            continue
        area_id = (f.get("properties") or {}).get("area_id") if isinstance(f.get("properties") or {}, dict) else None
        if not area_id:
            problems.append(_feature(path, i, "area_id", "missing"))
            continue
        if area_id not in known:
            problems.append(_feature(path, i, "area_id", f"unknown area {str(area_id)[:40]!r}; known: {', '.join(sorted(known))}"))
            continue
        if area_id in seen:
            problems.append(_feature(path, i, "area_id", f"{area_id} is already feature {seen[area_id]}"))
            continue
        seen[area_id] = i
        g = f.get("geometry") or {}
        if not isinstance(g, dict) or g.get("type") not in ("Polygon", "MultiPolygon"):
            problems.append(_feature(path, i, "geometry", f"expected Polygon or MultiPolygon, got "
                            f"{g.get('type') if isinstance(g, dict) else type(g).__name__!r}"))
            continue
        try:
            geom = shape(g)
        except Exception as exc:  # shapely raises several types for malformed coordinates
            problems.append(_feature(path, i, "geometry", f"malformed coordinates ({exc})"))
            continue
        minx, miny, maxx, maxy = geom.bounds
        if geom.is_empty or not all(map(math.isfinite, geom.bounds)):
            problems.append(_feature(path, i, "geometry", "empty or not finite"))
            continue
        env = areas.get(area_id)
        m = REGION_MARGIN
        swapped = bool(env and None not in env and env[0] - m <= miny and maxy <= env[2] + m
                       and env[1] - m <= minx and maxx <= env[3] + m)
        hint = " (latitude and longitude swapped?)" if swapped else ""
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            problems.append(_feature(path, i, "geometry", f"coordinates out of range for EPSG:4326 lon/lat{hint}"))
            continue
        if not geom.is_valid:
            problems.append(_feature(path, i, "geometry", "invalid polygon (self-intersection or bad ring)"))
            continue
        if env and None not in env:
            x0, y0, x1, y1 = env
            if not (x0 - m <= minx and maxx <= x1 + m and y0 - m <= miny and maxy <= y1 + m):
                c = geom.centroid
                problems.append(_feature(path, i, "geometry", f"centred at lon {c.x:.2f}, lat {c.y:.2f}, outside {area_id}'s "
                                f"region (lon {x0:.1f}–{x1:.1f}, lat {y0:.1f}–{y1:.1f}){hint}"))
                continue
        updates.append((area_id, json.dumps(g)))
    if problems:
        raise ImportRefused(path, problems)
    if not updates:
        raise ImportRefused(path, "no features")
    require(store, "areas")
    with recorded(store, "import areas", ["protected_areas"], target=", ".join(a for a, _ in updates),
                  summary=str(path)) as cur:
        for area_id, gj in updates:
            store.run(cur, "set_area_boundary", geojson=gj, source=source or f"boundary imported from {path.name}",
                      area_id=area_id)
    return len(updates)
