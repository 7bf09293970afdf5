"""Import protected areas (GeoJSON): official boundaries replacing the schematic polygons of the
store's areas, and new areas (the next phases the proposals name, a partner's site), with the
region they belong to when that is new too."""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

from shapely.geometry import shape

from bigcats.access import require
from bigcats.ingest.problems import ImportRefused, Problem
from bigcats.audit import recorded
from bigcats.store import Store, one_transaction


def _feature(path: Path, i: int, field: str | None, reason: str) -> Problem:
    return Problem(str(path), i, field, reason, "feature", "field")


MAX_GEOJSON_BYTES = 100 * 1024**2
WGS84 = {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "EPSG:4326", "urn:ogc:def:crs:EPSG::4326"}
REGION_MARGIN = 0.5  # degrees around a region's countries a park's boundary may reach
IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
ISO_COUNTRY = re.compile(r"[A-Z]{2}")  # ISO 3166-1 alpha-2
MAX_NAME = 200
KINDS = ("national_park", "nature_reserve", "wildlife_refuge", "survey_site")
STATUSES = ("existing", "planned")
LANGUAGES = ("en", "ru", "zh", "mn")


def polygon_of(path: Path, i: int, feature: dict, problems: list) -> object | None:
    """The Polygon or MultiPolygon of feature `i`, or None with why not appended to `problems`
    (another geometry type, malformed coordinates, empty or not finite)."""
    g = feature.get("geometry") or {}
    if not isinstance(g, dict) or g.get("type") not in ("Polygon", "MultiPolygon"):
        problems.append(_feature(path, i, "geometry", f"expected Polygon or MultiPolygon, got "
                        f"{g.get('type') if isinstance(g, dict) else type(g).__name__!r}"))
        return None
    try:
        geom = shape(g)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        problems.append(_feature(path, i, "geometry", f"malformed coordinates ({exc})"))
        return None
    if geom.is_empty or not all(map(math.isfinite, geom.bounds)):
        problems.append(_feature(path, i, "geometry", "empty or not finite"))
        return None
    return geom


def _new_area(path: Path, i: int, p: dict, regions: set[str], problems: list) -> dict | None:
    """The row of a new protected area from a feature's properties, or None (problems appended)."""
    before = len(problems)
    area_id = p["area_id"]
    if not isinstance(area_id, str) or not IDENTIFIER.fullmatch(area_id):
        problems.append(_feature(path, i, "area_id", f"{str(area_id)[:40]!r} is not an id of letters, digits, '_' "
                                                     "and '-' (at most 40)"))
    for key in ("name_en", "country", "region"):
        if not isinstance(p.get(key), str) or not p[key].strip():
            problems.append(_feature(path, i, key, f"{str(area_id)[:40]!r} is a new area: give its {key} "
                                                   "(name_en, country as ISO 3166 alpha-2, region)"))
    for key in [f"name_{lang}" for lang in LANGUAGES] + [f"region_name_{lang}" for lang in LANGUAGES]:
        if p.get(key) is not None and (not isinstance(p[key], str) or len(p[key]) > MAX_NAME):
            problems.append(_feature(path, i, key, f"must be text of at most {MAX_NAME} characters"))
    country, region = p.get("country"), p.get("region")
    if isinstance(country, str) and country.strip() and not ISO_COUNTRY.fullmatch(country):
        problems.append(_feature(path, i, "country", f"{country[:20]!r} is not an ISO 3166 alpha-2 code (e.g. KZ)"))
    if isinstance(region, str) and region.strip() and not IDENTIFIER.fullmatch(region):
        problems.append(_feature(path, i, "region", f"{region[:40]!r} is not an id of letters, digits, '_' and '-'"))
    kind, status = p.get("kind", "survey_site"), p.get("status", "existing")
    if kind not in KINDS:
        problems.append(_feature(path, i, "kind", f"{str(kind)[:40]!r} is not one of {', '.join(KINDS)}"))
    if status not in STATUSES:
        problems.append(_feature(path, i, "status", f"{str(status)[:40]!r} is not one of {', '.join(STATUSES)}"))
    reported = p.get("area_km2_reported")
    if reported is not None and (isinstance(reported, bool) or not isinstance(reported, (int, float))
                                 or not math.isfinite(reported) or reported <= 0):
        problems.append(_feature(path, i, "area_km2_reported", "must be a number of km² above 0"))
    elif reported is not None and not isinstance(p.get("area_source"), str):
        problems.append(_feature(path, i, "area_source", "a reported area needs the document it is reported in"))
    if len(problems) > before:
        return None
    return {"area_id": area_id, "region_id": region, "country": country, "status": status, "kind": kind,
            **{f"name_{lang}": p.get(f"name_{lang}") for lang in LANGUAGES},
            "area_km2_reported": reported, "area_source": p.get("area_source"), "established": p.get("established"),
            "new_region": region not in regions,
            "region_names": {lang: p.get(f"region_name_{lang}") for lang in LANGUAGES}}


@one_transaction
def import_areas(store: Store, path: str | Path, source: str | None = None) -> int:
    """Add new protected areas and replace the boundary of existing ones, all or nothing; returns
    how many features were imported.

    Each feature needs `properties.area_id` and a Polygon or MultiPolygon geometry in WGS 84
    longitude/latitude (RFC 7946; a `crs` member naming anything else is refused).

    * An `area_id` of the store: its boundary is replaced. It must lie in its park's region (a
      file with latitude and longitude swapped, or moved to another continent, is refused).
    * A new `area_id` adds a protected area, from the properties `name_en` (and `name_ru`,
      `name_zh`, `name_mn` when given), `country` (ISO 3166 alpha-2), `region`, and optionally
      `kind` (national_park, nature_reserve, wildlife_refuge, survey_site: the default), `status`
      (existing, the default, or planned), `area_km2_reported` with `area_source`, `established`.
      A region the store does not know is created, named by `region_name_en` ... (else its id).

    Every problem is reported, by feature. Imported boundaries are not schematic.
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
    regions = set(store.query("region_ids")["region_id"].to_list())
    updates, additions, problems, seen = [], [], [], {}
    for i, f in enumerate(doc["features"], start=1):
        if not isinstance(f, dict):
            problems.append(_feature(path, i, None, "not a GeoJSON Feature object"))
            continue
        area_id = (f.get("properties") or {}).get("area_id") if isinstance(f.get("properties") or {}, dict) else None
        if not area_id:
            problems.append(_feature(path, i, "area_id", "missing"))
            continue
        new = None
        if area_id not in known:
            new = _new_area(path, i, f["properties"], regions, problems)
            if new is None:
                continue
        if area_id in seen:
            problems.append(_feature(path, i, "area_id", f"{area_id} is already feature {seen[area_id]}"))
            continue
        seen[area_id] = i
        geom = polygon_of(path, i, f, problems)
        if geom is None:
            continue
        minx, miny, maxx, maxy = geom.bounds
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
        if new is not None:
            additions.append((new, json.dumps(f["geometry"])))
        else:
            updates.append((area_id, json.dumps(f["geometry"])))
    if problems:
        raise ImportRefused(path, problems)
    if not updates and not additions:
        raise ImportRefused(path, "no features")
    require(store, "areas")
    given, source = source, source or f"imported from {path.name}"
    targets = [a for a, _ in updates] + [a["area_id"] for a, _ in additions]
    with recorded(store, "import areas", ["regions", "protected_areas"], target=", ".join(targets),
                  summary=str(path)) as cur:
        added_regions = set()
        for area, gj in additions:
            if area["new_region"] and area["region_id"] not in added_regions:
                added_regions.add(area["region_id"])
                names = {f"name_{lang}": area["region_names"][lang] or area["region_names"]["en"] or area["region_id"]
                         for lang in LANGUAGES}
                store.run(cur, "add_region", region_id=area["region_id"], source=source, **names)
            store.run(cur, "add_protected_area", geojson=gj, schematic=False, source=source,
                      **{k: v for k, v in area.items() if k not in ("new_region", "region_names")})
        for area_id, gj in updates:
            store.run(cur, "set_area_boundary", geojson=gj, source=given or f"boundary imported from {path.name}",
                      area_id=area_id)
    return len(updates) + len(additions)
