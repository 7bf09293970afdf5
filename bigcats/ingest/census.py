"""Winter track census results (Proposal 2, Phase 1, activity 1), from a CSV or the form: all or nothing.

CSV: one row per route and species: `route_id, area, surveyed_on, length_km, species, crossings`,
optional `observer` and the route's ends `start_lon, start_lat, end_lon, end_lat` (drawn on the
map). A route's rows must agree on area, date and length. Refused, with file, row, column and
reason: unknown area or species, a route already in the store, a length not above zero, negative
or fractional crossings, a malformed date, coordinates out of range.
"""
from __future__ import annotations

import math
import re
from datetime import date
from pathlib import Path

from bigcats.ingest import checks
from bigcats.ingest.imports import record_import
from bigcats.ingest.problems import ImportRefused, Problem
from bigcats.access import require
from bigcats.audit import recorded
from bigcats.store import Store, one_transaction

REQUIRED = ("route_id", "area", "surveyed_on", "length_km", "species", "crossings")
EARLIEST = date(2000, 1, 1)   # the programme's census records start long after this
MAX_ROUTE_KM = 100.0          # a census route is walked or skied in a day
ENVELOPE_MARGIN = 0.1         # degrees around a park's bounding box a route end may stand


def _km_between(lon0, lat0, lon1, lat1) -> float:
    """Great-circle distance (km, haversine on a 6371 km sphere)."""
    p0, p1, dl = math.radians(lat0), math.radians(lat1), math.radians(lon1 - lon0)
    h = math.sin((p1 - p0) / 2) ** 2 + math.cos(p0) * math.cos(p1) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


class CensusRefused(ImportRefused):
    """Census rows refused; every problem located by row and column."""

    def __init__(self, file: str, problems: list[tuple]):
        super().__init__(file, [Problem(file, r, c, why) for r, c, why in problems])


def check_rows(store: Store, rows: list[tuple[int, dict]], problems: list) -> tuple[dict, list]:
    areas = set(store.query("protected_area_ids")["area_id"])
    names = store.query("species_names", lang="en")
    species = {r["species_id"]: r["species_id"] for r in names.iter_rows(named=True)}
    species |= {r["scientific_name"].lower(): r["species_id"] for r in names.iter_rows(named=True)}
    stored = set(store.query("census_route_ids")["route_id"])
    envelopes = {r[0]: r[1:] for r in store.query("area_envelopes").iter_rows()}
    routes: dict[str, dict] = {}
    counts, seen = [], set()
    for i, r in rows:
        rid = r.get("route_id", "")
        if not rid:
            problems.append((i, "route_id", "required value is empty"))
            continue
        if not re.fullmatch(r"[\w.\-/ ]{1,64}", rid):
            problems.append((i, "route_id", f"{rid[:70]!r}: a route id is up to 64 letters, digits, '-', '_', '.', '/'"))
            continue
        if rid in stored:
            problems.append((i, "route_id", f"route {rid!r} is already in the store"))
        if r.get("area") not in areas:
            problems.append((i, "area", f"{r.get('area')!r} is not a protected area of the store"))
        day = checks.day(r.get("surveyed_on", ""), i, "surveyed_on", problems, earliest=EARLIEST, latest=date.today())
        length = checks.number(r.get("length_km", ""), i, "length_km", problems, above=0, maximum=MAX_ROUTE_KM)
        sp = species.get((r.get("species") or "").strip()) or species.get((r.get("species") or "").strip().lower())
        if sp is None:
            problems.append((i, "species", f"{r.get('species')!r} is not a species of the store"))
        text = r.get("crossings", "")
        if not re.fullmatch(r"\d{1,5}", text):
            problems.append((i, "crossings", f"{text!r} is not a whole number of crossings (0 to 99999)"))
        ends = [r.get(k, "") for k in ("start_lon", "start_lat", "end_lon", "end_lat")]
        line = None
        if any(ends):
            before = len(problems)
            lon0, lat0, lon1, lat1 = (checks.number(v, i, k, problems, minimum=lo, maximum=hi) for v, k, lo, hi in zip(
                ends, ("start_lon", "start_lat", "end_lon", "end_lat"), (-180, -90, -180, -90), (180, 90, 180, 90)))
            if len(problems) == before:
                env = envelopes.get(r.get("area"))
                for (x, y), k in (((lon0, lat0), "start_lon"), ((lon1, lat1), "end_lon")):
                    if env and not (env[0] - ENVELOPE_MARGIN <= x <= env[2] + ENVELOPE_MARGIN
                                    and env[1] - ENVELOPE_MARGIN <= y <= env[3] + ENVELOPE_MARGIN):
                        problems.append((i, k, f"({x}, {y}) is not in or near {r.get('area')} "
                                               f"(lon {env[0]:.2f}–{env[2]:.2f}, lat {env[1]:.2f}–{env[3]:.2f})"))
                apart = _km_between(lon0, lat0, lon1, lat1)
                if length is not None and apart > length * 1.05 + 0.1:
                    problems.append((i, "length_km", f"the route's ends are {apart:.1f} km apart, more than its "
                                                     f"length {length:g} km"))
                line = f"LINESTRING ({lon0} {lat0}, {lon1} {lat1})"
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


@one_transaction
def _write(store: Store, routes: dict, counts: list, source: str, file: str, who: str) -> int:
    areas = sorted({r["area_id"] for r in routes.values()})
    for a in areas:
        require(store, "census", park=a)
    with recorded(store, "import census" if file != "form" else "add census route",
                  ["census_routes", "census_counts", "imports"], target=", ".join(areas), summary=file) as cur:
        for rid, r in routes.items():
            store.run(cur, "add_census_route", route_id=rid, area_id=r["area_id"], surveyed_on=r["surveyed_on"],
                      length_km=r["length_km"], wkt=r["geom"], observer=r["observer"], source=source)
        for rid, sp, x in counts:
            store.run(cur, "add_census_count", route_id=rid, species_id=sp, crossings=x, source=source)
        record_import(store, cur, "census", file, who, len(routes) + len(counts))
    return len(routes)


def import_census(store: Store, path: str | Path, imported_by: str = "bigcats") -> int:
    """Import a census CSV; returns the number of routes added."""
    path = Path(path)
    problems: list[tuple] = []
    rows = checks.read_csv(path, REQUIRED, problems)
    if problems:
        raise CensusRefused(str(path), problems)
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
