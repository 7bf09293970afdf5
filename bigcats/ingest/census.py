"""Winter track census results (Proposal 2, Phase 1, activity 1), from a CSV or the form: all or nothing.

CSV: one row per route and species: `route_id, area, surveyed_on, length_km, species, crossings`,
optional `observer` and the route's ends `start_lon, start_lat, end_lon, end_lat` (drawn on the
map). A route's rows must agree on area, date and length. Refused, with file, row, column and
reason: unknown area or species, a route already in the store, a length not above zero, negative
or fractional crossings, a malformed date, coordinates out of range.
"""
from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from bigcats.ingest.areas import ImportRefused
from bigcats.access import require
from bigcats.audit import recorded
from bigcats.store import Store

REQUIRED = ("route_id", "area", "surveyed_on", "length_km", "species", "crossings")


class CensusRefused(ImportRefused):
    def __init__(self, file: str, problems: list[tuple]):
        self.problems = problems
        lines = [f"{file}, row {r}, column {c!r}: {why}" if c else f"{file}, row {r}: {why}" for r, c, why in problems]
        super().__init__(f"{file}: refused, nothing was imported ({len(problems)} problem"
                         f"{'s' if len(problems) != 1 else ''}): " + "\n".join(lines))


def check_rows(store: Store, rows: list[tuple[int, dict]], problems: list) -> tuple[dict, list]:
    areas = set(store.sql("SELECT area_id FROM protected_areas")["area_id"])
    species = {r[0]: r[0] for r in store.sql("SELECT species_id FROM species").iter_rows()}
    species |= {r[1].lower(): r[0] for r in store.sql("SELECT species_id, scientific_name FROM species").iter_rows()}
    stored = set(store.sql("SELECT route_id FROM census_routes")["route_id"])
    routes: dict[str, dict] = {}
    counts, seen = [], set()
    for i, r in rows:
        rid = r.get("route_id", "")
        if not rid:
            problems.append((i, "route_id", "required value is empty"))
            continue
        if rid in stored:
            problems.append((i, "route_id", f"route {rid!r} is already in the store"))
        if r.get("area") not in areas:
            problems.append((i, "area", f"{r.get('area')!r} is not a protected area of the store"))
        try:
            day = date.fromisoformat(r.get("surveyed_on", ""))
        except ValueError:
            problems.append((i, "surveyed_on", f"{r.get('surveyed_on')!r} is not a date YYYY-MM-DD"))
            day = None
        try:
            length = float(r.get("length_km", ""))
            if not length > 0:
                problems.append((i, "length_km", f"{r['length_km']} must be more than zero"))
        except ValueError:
            problems.append((i, "length_km", f"{r.get('length_km')!r} is not a number"))
            length = None
        sp = species.get((r.get("species") or "").strip()) or species.get((r.get("species") or "").strip().lower())
        if sp is None:
            problems.append((i, "species", f"{r.get('species')!r} is not a species of the store"))
        text = r.get("crossings", "")
        if not text.isdigit():
            problems.append((i, "crossings", f"{text!r} is not a whole number of crossings (0 or more)"))
        ends = [r.get(k, "") for k in ("start_lon", "start_lat", "end_lon", "end_lat")]
        line = None
        if any(ends):
            try:
                lon0, lat0, lon1, lat1 = (float(v) for v in ends)
                if not (-180 <= lon0 <= 180 and -180 <= lon1 <= 180 and -90 <= lat0 <= 90 and -90 <= lat1 <= 90):
                    raise ValueError
                line = f"LINESTRING ({lon0} {lat0}, {lon1} {lat1})"
            except ValueError:
                problems.append((i, "start_lon", "route ends need four numbers in range (lon −180..180, lat −90..90)"))
        if (rid, sp) in seen:
            problems.append((i, "species", f"{sp} counted twice on route {rid}"))
        seen.add((rid, sp))
        route = {"area_id": r.get("area"), "surveyed_on": day, "length_km": length, "observer": r.get("observer") or None,
                 "geom": line}
        if rid in routes and any(routes[rid][k] != route[k] for k in ("area_id", "surveyed_on", "length_km")):
            problems.append((i, "length_km", f"route {rid!r} has another area, date or length on an earlier row"))
        routes.setdefault(rid, route)
        if text.isdigit() and sp:
            counts.append((rid, sp, int(text)))
    return routes, counts


def _write(store: Store, routes: dict, counts: list, source: str, file: str, who: str) -> int:
    areas = sorted({r["area_id"] for r in routes.values()})
    for a in areas:
        require(store, "census", park=a)
    with recorded(store, "import census" if file != "form" else "add census route",
                  ["census_routes", "census_counts", "imports"], target=", ".join(areas), summary=file) as cur:
        for rid, r in routes.items():
            cur.execute("INSERT INTO census_routes (route_id, area_id, surveyed_on, length_km, geom, observer, source) "
                        "VALUES (?, ?, ?, ?, ST_GeomFromText(?), ?, ?)",
                        [rid, r["area_id"], r["surveyed_on"], r["length_km"], r["geom"], r["observer"], source])
        for rid, sp, x in counts:
            cur.execute("INSERT INTO census_counts (route_id, species_id, crossings, source) VALUES (?, ?, ?, ?)",
                        [rid, sp, x, source])
        cur.execute("INSERT INTO imports (kind, file, imported_by, rows_added, rows_changed) VALUES ('census', ?, ?, ?, 0)",
                    [file, who, len(routes) + len(counts)])
    return len(routes)


def import_census(store: Store, path: str | Path, imported_by: str = "bigcats") -> int:
    """Import a census CSV; returns the number of routes added."""
    path = Path(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CensusRefused(str(path), [(raw[:exc.start].count(b"\n") + 1, None, "not UTF-8 text; save the file as UTF-8")]) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise CensusRefused(str(path), [(1, c, "required column missing from the header") for c in missing])
    rows = [(i, {k: (v or "").strip() for k, v in r.items() if k}) for i, r in enumerate(reader, start=2)]
    problems: list[tuple] = []
    routes, counts = check_rows(store, rows, problems)
    if not rows:
        problems.append((2, None, "no census rows"))
    if problems:
        raise CensusRefused(str(path), problems)
    return _write(store, routes, counts, f"census import {path.name}", str(path), imported_by)


def add_route(store: Store, route_id: str, area: str, surveyed_on: str, length_km: str, counts: dict[str, str],
              observer: str = "", entered_by: str = "form") -> int:
    """One route with its counts per species, from the form."""
    rows = [(1, {"route_id": route_id, "area": area, "surveyed_on": surveyed_on, "length_km": str(length_km),
                 "species": sp, "crossings": str(x), "observer": observer}) for sp, x in counts.items()]
    problems: list[tuple] = []
    routes, cnt = check_rows(store, rows, problems)
    if problems:
        raise CensusRefused("form", problems)
    return _write(store, routes, cnt, f"census form ({entered_by})", "form", entered_by)
