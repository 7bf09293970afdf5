"""Sign surveys (Proposal 3: snow leopard routes and transects), from the field app's export as
CSV or GeoJSON: all or nothing, every problem located by file, row (or feature) and column.

CSV, one row per sign found (and one row with no sign for a route where none was):

| column | required | meaning |
|---|---|---|
| `route_id` | yes | the route or transect (letters, digits, `-_./`, ≤ 64) |
| `area` | yes | the protected area it lies in (an `area_id` of the store) |
| `surveyed_on` | yes | the day it was walked, YYYY-MM-DD |
| `route_km` | yes | its length walked, km (above 0, at most 100) |
| `observer` | no | who walked it (personal: shown only to the park's editors and admins) |
| `sign_id` | for a sign | the sign's id (unique in the store) |
| `sign_type` | for a sign | scrape, scat, track, kill, sighting, urine, hair or rub |
| `species` | for a sign | a species id or scientific name of the store (snow_leopard, Panthera uncia) |
| `latitude`, `longitude` | no | where the sign was (WGS 84), within 0.1° of the area |
| `age` | no | fresh, old or unknown |
| `sample_id` | no | the scat or hair sample collected from it for DNA |

A route's rows must agree on its area, date, length and observer.

GeoJSON: a FeatureCollection of LineString features (the routes: properties `route_id`, `area`,
`surveyed_on`, optional `observer` and `route_km`, else the line's length) and Point features (the
signs: `sign_id`, `route_id`, `sign_type`, `species`, optional `age`, `sample_id`; the point is
where the sign was): the same checks, by feature.
"""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from bigcats.access import require
from bigcats.audit import recorded
from bigcats.ingest import checks
from bigcats.ingest.census import ENVELOPE_MARGIN, _km_between
from bigcats.ingest.imports import record_import
from bigcats.ingest.problems import ImportRefused, Problem
from bigcats.store import Store, one_transaction

REQUIRED = ("route_id", "area", "surveyed_on", "route_km")
SIGN_TYPES = ("scrape", "scat", "track", "kill", "sighting", "urine", "hair", "rub")
AGES = ("fresh", "old", "unknown")
ID = re.compile(r"[\w.\-/ ]{1,64}")
EARLIEST = date(2000, 1, 1)
MAX_ROUTE_KM = 100.0


class SignsRefused(ImportRefused):
    """Sign-survey rows refused; every problem located by row (or feature) and column."""

    def __init__(self, file: str, problems: list[tuple], row_word: str = "row"):
        field_word = "field" if row_word == "feature" else "column"
        super().__init__(file, [Problem(file, r, c, why, row_word, field_word) for r, c, why in problems])


def check_rows(store: Store, rows: list[tuple[int, dict]], problems: list) -> tuple[dict, list]:
    """(routes by id, signs) from located rows of text; problems appended as (row, column, reason)."""
    areas = {r[0]: r[1:] for r in store.query("area_envelopes").iter_rows()}
    species = checks.species_by_name(store)
    stored = store.query("sign_survey_ids")
    stored_routes = set(stored.filter(stored["kind"] == "route")["id"])
    stored_signs = set(stored.filter(stored["kind"] == "sign")["id"])
    routes: dict[str, dict] = {}
    signs, seen = [], {}
    for i, r in rows:
        rid = r.get("route_id", "")
        if not checks.identifier(rid, i, "route_id", "a route id", problems):
            continue
        if rid in stored_routes:
            problems.append((i, "route_id", f"route {rid!r} is already in the store"))
        area = r.get("area", "")
        if area not in areas:
            problems.append((i, "area", f"{area[:40]!r} is not a protected area of the store"))
        day = checks.day(r.get("surveyed_on", ""), i, "surveyed_on", problems, earliest=EARLIEST, latest=date.today())
        km = checks.number(r.get("route_km", ""), i, "route_km", problems, above=0, maximum=MAX_ROUTE_KM)
        route = {"area_id": area, "surveyed_on": day, "length_km": km, "observer": r.get("observer") or None,
                 "wkt": r.get("wkt")}
        if rid in routes and any(routes[rid][k] != route[k] for k in ("area_id", "surveyed_on", "length_km", "observer")):
            problems.append((i, "route_km", f"route {rid!r} has another area, date, length or observer on an earlier row"))
        routes.setdefault(rid, route)
        sid = r.get("sign_id", "")
        if not sid:
            for k in ("sign_type", "species", "latitude", "longitude", "age", "sample_id"):
                if r.get(k):
                    problems.append((i, "sign_id", f"a row with a {k} needs the sign's id"))
                    break
            continue
        if not ID.fullmatch(sid):
            problems.append((i, "sign_id", f"{sid[:70]!r}: a sign id is 1 to 64 letters, digits, '-', '_', '.', '/'"))
            continue
        if sid in stored_signs:
            problems.append((i, "sign_id", f"sign {sid!r} is already in the store"))
        if sid in seen:
            problems.append((i, "sign_id", f"sign {sid!r} is already on row {seen[sid]}"))
        seen.setdefault(sid, i)
        kind = (r.get("sign_type") or "").strip().lower()
        if kind not in SIGN_TYPES:
            problems.append((i, "sign_type", f"{kind[:40]!r} is not one of {', '.join(SIGN_TYPES)}"))
        name = (r.get("species") or "").strip()
        sp = species.get(name) or species.get(name.lower())
        if sp is None:
            problems.append((i, "species", f"{name[:60]!r} is not a species of the store" if name else "required for a sign"))
        age = (r.get("age") or "").strip().lower() or None
        if age is not None and age not in AGES:
            problems.append((i, "age", f"{age[:20]!r} is not one of {', '.join(AGES)}"))
        lat, lon = checks.place_near(r, i, areas.get(area), area, ENVELOPE_MARGIN, problems)
        sample = (r.get("sample_id") or "").strip() or None
        if sample is not None and not ID.fullmatch(sample):
            problems.append((i, "sample_id", f"{sample[:70]!r}: a sample id is 1 to 64 letters, digits, '-', '_', '.', '/'"))
        signs.append({"sign_id": sid, "route_id": rid, "sign_type": kind, "species_id": sp, "latitude": lat,
                      "longitude": lon, "age": age, "sample_id": sample})
    return routes, signs


def _rows_of_geojson(path: Path, problems: list) -> list[tuple[int, dict]]:
    """The GeoJSON export as the CSV's rows (each located by its feature's number)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        problems.append((None, None, f"not UTF-8 text ({exc.reason})"))
        return []
    except json.JSONDecodeError as exc:
        problems.append((exc.lineno, None, f"not valid JSON ({exc.msg})"))
        return []
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        problems.append((None, None, "not a GeoJSON FeatureCollection"))
        return []
    routes, points = {}, []
    for i, f in enumerate(doc["features"], start=1):
        g = (f.get("geometry") or {}) if isinstance(f, dict) else {}
        p = {k: "" if v is None else str(v) for k, v in ((f.get("properties") or {}) if isinstance(f, dict) else {}).items()}
        coords = g.get("coordinates") if isinstance(g, dict) else None
        if g.get("type") == "LineString" and isinstance(coords, list) and len(coords) >= 2:
            try:
                line = [(float(x), float(y)) for x, y, *_ in coords]
            except (TypeError, ValueError):
                problems.append((i, "geometry", "malformed coordinates"))
                continue
            if not all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in line):
                problems.append((i, "geometry", "coordinates out of range for EPSG:4326 lon/lat"))
                continue
            if not p.get("route_km"):
                p["route_km"] = f"{sum(_km_between(*a, *b) for a, b in zip(line, line[1:])):.3f}"
            p["wkt"] = "LINESTRING (" + ", ".join(f"{x} {y}" for x, y in line) + ")"
            routes[p.get("route_id", "")] = (i, p)
        elif g.get("type") == "Point" and isinstance(coords, list) and len(coords) >= 2:
            p["longitude"], p["latitude"] = str(coords[0]), str(coords[1])
            points.append((i, p))
        else:
            problems.append((i, "geometry", f"expected a LineString (a route) or a Point (a sign), got {g.get('type')!r}"))
    rows = []
    for i, p in points:
        if p.get("route_id", "") not in routes:
            problems.append((i, "route_id", f"{p.get('route_id', '')[:64]!r} is not a route (LineString) of the file"))
            continue
        rows.append((i, {**routes[p["route_id"]][1], **{k: p.get(k, "") for k in (
            "sign_id", "sign_type", "species", "latitude", "longitude", "age", "sample_id")}}))
    with_signs = {r["route_id"] for _, r in rows}
    rows += [(i, p) for rid, (i, p) in routes.items() if rid not in with_signs]
    return sorted(rows, key=lambda x: x[0])


@one_transaction
def import_signs(store: Store, path: str | Path, imported_by: str = "bigcats") -> dict:
    """Import a sign-survey export (CSV or GeoJSON); returns the routes and signs added."""
    path = Path(path)
    problems: list[tuple] = []
    geojson = path.suffix.lower() in (".geojson", ".json")
    if geojson:
        if path.stat().st_size > checks.MAX_CSV_BYTES:
            raise SignsRefused(str(path), [(None, None, "larger than the limit of an import file")], "feature")
        rows = _rows_of_geojson(path, problems)
    else:
        rows = checks.read_csv(path, REQUIRED, problems)
    if problems:
        raise SignsRefused(str(path), problems, "feature" if geojson else "row")
    if not rows:
        raise SignsRefused(str(path), [(None, None, "no routes")], "feature" if geojson else "row")
    routes, signs = check_rows(store, rows, problems)
    if problems:
        raise SignsRefused(str(path), problems, "feature" if geojson else "row")
    areas = sorted({r["area_id"] for r in routes.values()})
    for a in areas:
        require(store, "census", park=a)
    source = f"sign survey import {path.name}"
    with recorded(store, "import signs", ["sign_routes", "signs", "imports"], target=", ".join(areas),
                  summary=str(path)) as cur:
        for rid, r in routes.items():
            store.run(cur, "add_sign_route", route_id=rid, area_id=r["area_id"], surveyed_on=r["surveyed_on"],
                      length_km=r["length_km"], wkt=r["wkt"], observer=r["observer"], source=source)
        for s in signs:
            store.run(cur, "add_sign", source=source, **s)
        record_import(store, cur, "signs", str(path), imported_by, len(routes) + len(signs))
    return {"routes": len(routes), "signs": len(signs)}
