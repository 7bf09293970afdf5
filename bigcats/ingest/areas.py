"""Import official protected-area boundaries (GeoJSON) to replace the schematic polygons."""
from __future__ import annotations

import json
from pathlib import Path

from shapely.geometry import shape

from bigcats.access import require
from bigcats.audit import recorded
from bigcats.store import Store


class ImportRefused(ValueError):
    """An import was refused; the message names the file, the place and the reason."""


def import_areas(store: Store, path: str | Path, source: str | None = None) -> int:
    """Replace the geometry of existing areas (matched on `area_id`), all or nothing.

    Each feature needs `properties.area_id` naming an area of the store and a Polygon or
    MultiPolygon geometry in EPSG:4326. The imported boundaries are no longer schematic.
    """
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ImportRefused(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise ImportRefused(f"{path}: line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})") from exc
    if doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise ImportRefused(f"{path}: not a GeoJSON FeatureCollection")
    known = set(store.sql("SELECT area_id FROM protected_areas")["area_id"].to_list())
    updates = []
    for i, f in enumerate(doc["features"], start=1):
        where = f"{path}: feature {i}"
        area_id = (f.get("properties") or {}).get("area_id")
        if not area_id:
            raise ImportRefused(f"{where}: field area_id: missing")
        if area_id not in known:
            raise ImportRefused(f"{where}: field area_id: unknown area {area_id!r}; known: {', '.join(sorted(known))}")
        g = f.get("geometry") or {}
        if g.get("type") not in ("Polygon", "MultiPolygon"):
            raise ImportRefused(f"{where}: field geometry: expected Polygon or MultiPolygon, got {g.get('type')!r}")
        try:
            geom = shape(g)
        except Exception as exc:  # shapely raises several types for malformed coordinates
            raise ImportRefused(f"{where}: field geometry: malformed coordinates ({exc})") from exc
        minx, miny, maxx, maxy = geom.bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise ImportRefused(f"{where}: field geometry: coordinates out of range for EPSG:4326 lon/lat")
        if not geom.is_valid:
            raise ImportRefused(f"{where}: field geometry: invalid polygon (self-intersection or bad ring)")
        updates.append((area_id, json.dumps(g)))
    require(store, "areas")
    with recorded(store, "import areas", ["protected_areas"], target=", ".join(a for a, _ in updates),
                  summary=str(path)) as cur:
        for area_id, gj in updates:
            cur.execute("UPDATE protected_areas SET geom = ST_GeomFromGeoJSON(?), schematic = false, source = ? "
                        "WHERE area_id = ?", [gj, source or f"boundary imported from {path.name}", area_id])
    return len(updates)
