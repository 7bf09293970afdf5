"""Patrols from SMART (Spatial Monitoring and Reporting Tool): a park's patrol export, the XML of
SMART's patrol schema 1.3 (namespace `http://www.smartconservationsoftware.org/xml/1.3/patrol`).

    patrol   id, patrolType, startDate, endDate, isArmed; objective/description, team, station, comment
      legs   id, startDate, endDate; transportType, members (employeeId, givenName, familyName,
             isLeader, isPilot), mandate
        days date, startTime, endTime, restMinutes; track (distance, geometry: hex WKB, WGS 84)
          waypoints  id, x (longitude), y (latitude), time
            groups/observations  categoryKey
              attributes  attributeKey and one of itemKey, dValue, sValue, bValue

One file holds one patrol; several files or a folder of them import in one transaction, all or
nothing, every problem located by file, element and attribute. A patrol is kept under its park and
SMART's id: the same patrol again changes nothing, a changed one replaces its earlier version.
The track of each day is measured on the ellipsoid and cut into the cells of the unified grid
(`patrol_effort_cells`), so that the effort per cell and month is a sum when a page asks.

Personal data (migration 019): rangers' names and ids, the patrol's comment, every free-text
value and every value of an attribute that `data/seed/smart_personal_attributes.csv` names are
stored in columns declared personal, which only the park's editors and the admins read.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from pathlib import Path

import numpy as np
import polars as pl
import shapely
from pyproj import Geod

from bigcats import geo, paths
from bigcats.access import require
from bigcats.audit import recorded
from bigcats.ingest import checks
from bigcats.ingest.imports import record_import
from bigcats.ingest.problems import ImportRefused, Problem
from bigcats.store import Store, one_transaction

NS = "http://www.smartconservationsoftware.org/xml/1.3/patrol"
MAX_XML_BYTES = 50 * 1024**2        # a patrol of weeks with a dense track is a few MB
MAX_FILES = 2000
EFFORT_CELL_KM = 5.0                # the unified grid's cell (bigcats.corridors.DEFAULT_CELL_KM)
NEAR_PARK_DEGREES = 0.5             # a patrol's positions lie in or near its park (about 40-55 km)
OWN_COUNTRY_KM = 3.0                # ... and in its park's country: the region's outlines are schematic
SEGMENT_M = 100.0                   # tracks are cut into pieces this long to share them among cells
PATROL_TABLES = ["patrols", "patrol_legs", "patrol_members", "patrol_days", "patrol_waypoints",
                 "patrol_observations", "patrol_observation_values", "patrol_effort_cells"]
_GEOD = Geod(ellps="WGS84")


class PatrolsRefused(ImportRefused):
    """A SMART patrol export refused: problems located as file, element and attribute."""


def personal_attribute_words() -> tuple[str, ...]:
    """What an attribute key containing which makes its values personal (the seed's list)."""
    with open(paths.SEED / "smart_personal_attributes.csv", encoding="utf-8") as f:
        return tuple(r["key_contains"].strip().lower() for r in csv.DictReader(f))


def is_personal(attribute_key: str, words: tuple[str, ...]) -> bool:
    key = re.sub(r"[^a-z0-9]", "", attribute_key.lower())
    return any(w in key for w in words)


@dataclass
class Patrol:
    """One patrol as read from its file: rows of each table, keyed by '<park>/<SMART id>'."""
    file: str
    rows: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in PATROL_TABLES})
    tracks: list[tuple[str, date, object]] = field(default_factory=list)   # (leg, day, line in lon/lat)

    @property
    def key(self) -> str:
        return self.rows["patrols"][0]["patrol_key"]

    def content_hash(self) -> str:
        """What the patrol says, independent of layout and of when it was imported."""
        body = {t: [{k: v for k, v in r.items() if k not in ("source", "imported_at", "content_hash")} for r in rows]
                for t, rows in self.rows.items() if t != "patrol_effort_cells"}
        return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


class _Reader:
    """Reads one file, collecting every problem as (element, attribute, reason)."""

    def __init__(self, path: Path, park: str, envelope, words: tuple[str, ...]):
        self.path, self.park, self.envelope, self.words = path, park, envelope, words
        self.problems: list[Problem] = []

    def problem(self, where: str | None, attribute: str | None, reason: str) -> None:
        self.problems.append(Problem(self.path.name, where, attribute, reason, "element", "attribute"))

    # -- values --
    def day(self, el, attr: str, where: str, required: bool = True) -> date | None:
        v = (el.get(attr) or "").strip()
        if not v:
            if required:
                self.problem(where, attr, "required value is empty")
            return None
        out: list = []
        d = checks.day(v[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}(T.*)?", v) else v, where, attr, out,
                       earliest=date(1990, 1, 1), latest=date.today())
        for _, a, why in out:
            self.problem(where, a, why)
        return d

    def clock(self, el, attr: str, where: str) -> time | None:
        v = (el.get(attr) or "").strip()
        if not v:
            return None
        try:
            return time.fromisoformat(v[:8])
        except ValueError:
            self.problem(where, attr, f"{v[:30]!r} is not a time of day HH:MM:SS")
            return None

    def boolean(self, el, attr: str, where: str, default=None):
        v = (el.get(attr) or "").strip().lower()
        if not v:
            return default
        if v not in ("true", "false"):
            self.problem(where, attr, f"{v[:20]!r} is not true or false")
            return default
        return v == "true"

    def text(self, value: str | None, where: str, attr: str, max_chars: int = 500) -> str | None:
        out: list = []
        t = checks.text(value or "", where, attr, out, max_chars=max_chars)
        for _, a, why in out:
            self.problem(where, a, why)
        return t

    def number(self, text: str | None, where: str, attr: str, **limits) -> float | None:
        out: list = []
        v = checks.number((text or "").strip(), where, attr, out, **limits)
        for _, a, why in out:
            self.problem(where, a, why)
        return v

    def near_park(self, lon: float, lat: float, where: str, attr: str) -> bool:
        e, m = self.envelope, NEAR_PARK_DEGREES
        if e is None or (e[0] - m <= lon <= e[2] + m and e[1] - m <= lat <= e[3] + m):
            return True
        self.problem(where, attr, f"({lat:.5f}, {lon:.5f}) is not in or near {self.park} (lat {e[1]:.2f}–{e[3]:.2f}, "
                                  f"lon {e[0]:.2f}–{e[2]:.2f}): a patrol of another park, or x and y swapped?")
        return False

    def in_own_country(self, p: Patrol, region: str, iso: str, outline) -> None:
        """A park's rangers patrol their own country: a patrol whose positions (waypoints and
        track vertices) lie mostly more than OWN_COUNTRY_KM outside it is another park's export."""
        lonlat = [(r["longitude"], r["latitude"]) for r in p.rows["patrol_waypoints"]]
        for _, _, line in p.tracks:
            lonlat += [tuple(v) for v in shapely.get_coordinates(line)]
        if not lonlat:
            return
        lon, lat = np.array(lonlat).T
        x, y = geo.to_metric_xy(region, lon, lat)
        own = geo.to_metric(region, outline)
        away = shapely.distance(own, shapely.points(x, y)) > OWN_COUNTRY_KM * 1000
        if away.sum() * 2 > len(away):
            self.problem("patrol", None, f"{int(away.sum())} of its {len(away)} positions lie more than "
                                         f"{OWN_COUNTRY_KM:g} km outside {iso}, where {self.park} is: the export "
                                         "of a park of another country?")

    # -- the document --
    def read(self) -> Patrol | None:
        size = self.path.stat().st_size
        if size > MAX_XML_BYTES:
            self.problem(None, None, f"{size / 2**20:.0f} MB is larger than the {MAX_XML_BYTES // 2**20} MB a patrol "
                                     "export may have")
            return None
        raw = self.path.read_bytes()
        head = raw[:4096].decode("utf-8", "replace")
        if "<!DOCTYPE" in head or "<!ENTITY" in raw.decode("utf-8", "replace"):
            # SMART writes none; a document type can define entities that expand without bound
            self.problem(None, None, "the file declares a DOCTYPE or ENTITY, which a SMART export never has")
            return None
        try:
            root = ET.fromstring(raw)
        except ET.ParseError as exc:
            line, column = exc.position
            self.problem(f"line {line}", None, f"not well-formed XML at column {column + 1} ({exc.msg if hasattr(exc, 'msg') else exc})"
                                               ": is this a SMART patrol export?")
            return None
        if root.tag != f"{{{NS}}}patrol":
            self.problem(f"<{root.tag.split('}')[-1]}>", None,
                         f"the document is not a SMART patrol (root <patrol> in namespace {NS})")
            return None
        return self.patrol(root)

    def patrol(self, root) -> Patrol | None:
        q = lambda name: f"{{{NS}}}{name}"  # noqa: E731 - the namespace of every element
        smart_id = (root.get("id") or "").strip()
        where = "patrol"
        if not smart_id:
            self.problem(where, "id", "required value is empty")
        elif not checks.IDENTIFIER.fullmatch(smart_id):
            self.problem(where, "id", f"{smart_id[:70]!r}: a patrol id is 1 to 64 letters, digits, '-', '_', '.', '/'")
        start, end = self.day(root, "startDate", where), self.day(root, "endDate", where)
        if start and end and end < start:
            self.problem(where, "endDate", f"{end} is before the start date {start}")
        key = f"{self.park}/{smart_id}"
        p = Patrol(self.path.name)
        objective = root.find(f"{q('objective')}/{q('description')}")
        team, station, comment = root.find(q("team")), root.find(q("station")), root.find(q("comment"))
        p.rows["patrols"].append({
            "patrol_key": key, "area_id": self.park, "smart_id": smart_id,
            "patrol_type": self.text(root.get("patrolType"), where, "patrolType", 40),
            "start_date": start, "end_date": end, "is_armed": self.boolean(root, "isArmed", where),
            "objective": self.text(objective.text if objective is not None else None, "objective", "description"),
            "team": self.text(team.get("value") if team is not None else None, "team", "value", 120),
            "station": self.text(station.get("value") if station is not None else None, "station", "value", 120),
            "patrol_comment": self.text(comment.text if comment is not None else None, "comment", "text", 4000),
        })
        legs = root.findall(q("legs"))
        if not legs:
            self.problem(where, None, "a patrol without legs: SMART exports at least one")
        waypoint_ids: set[tuple[str, str]] = set()
        for leg_no, leg in enumerate(legs, start=1):
            leg_id = (leg.get("id") or str(leg_no)).strip()
            lw = f"legs[id={leg_id}]"
            if any(r["leg_id"] == leg_id for r in p.rows["patrol_legs"]):
                self.problem(lw, "id", "a second leg with this id")
                continue
            leg_start, leg_end = self.day(leg, "startDate", lw, required=False), self.day(leg, "endDate", lw, required=False)
            for d, attr in ((leg_start, "startDate"), (leg_end, "endDate")):
                if d and start and end and not start <= d <= end:
                    self.problem(lw, attr, f"{d} is outside the patrol's dates {start} – {end}")
            transport, mandate = leg.find(q("transportType")), leg.find(q("mandate"))
            p.rows["patrol_legs"].append({
                "patrol_key": key, "leg_id": leg_id, "start_date": leg_start, "end_date": leg_end,
                "transport_type": self.text(transport.get("value") if transport is not None else None, lw, "transportType", 60),
                "mandate": self.text(mandate.get("value") if mandate is not None else None, lw, "mandate", 120)})
            for m_no, member in enumerate(leg.findall(q("members")), start=1):
                mw = f"{lw}/members[{m_no}]"
                p.rows["patrol_members"].append({
                    "patrol_key": key, "leg_id": leg_id, "member_no": m_no,
                    "employee_id": self.text(member.get("employeeId"), mw, "employeeId", 64),
                    "given_name": self.text(member.get("givenName"), mw, "givenName", 120),
                    "family_name": self.text(member.get("familyName"), mw, "familyName", 120),
                    "is_leader": self.boolean(member, "isLeader", mw, False),
                    "is_pilot": self.boolean(member, "isPilot", mw, False)})
            days_seen: set[date] = set()
            for day_el in leg.findall(q("days")):
                d = self.day(day_el, "date", lw + "/days")
                dw = f"{lw}/days[{d or day_el.get('date', '?')}]"
                if d is None:
                    continue
                if d in days_seen:
                    self.problem(dw, "date", "a second day with this date in the leg")
                    continue
                days_seen.add(d)
                if start and end and not start <= d <= end:
                    self.problem(dw, "date", f"{d} is outside the patrol's dates {start} – {end}")
                rest = day_el.get("restMinutes")
                km, stated, wkb = self.track(day_el.find(q("track")), dw, key, leg_id, d, p)
                p.rows["patrol_days"].append({
                    "patrol_key": key, "leg_id": leg_id, "patrol_day": d,
                    "start_time": self.clock(day_el, "startTime", dw), "end_time": self.clock(day_el, "endTime", dw),
                    "rest_minutes": int(v) if rest and (v := self.number(rest, dw, "restMinutes", minimum=0, maximum=1440,
                                                                          decimals=0)) is not None else None,
                    "track_km": km, "stated_km": stated, "track_wkb": wkb})
                for wp in day_el.findall(q("waypoints")):
                    self.waypoint(wp, q, dw, key, leg_id, d, waypoint_ids, p)
        return p

    def track(self, el, where: str, key: str, leg_id: str, d: date, p: Patrol):
        """(km on the ellipsoid, SMART's stated km, WKB) of a day's track; zeros without one."""
        if el is None:
            return 0.0, None, None
        tw = where + "/track"
        geom_el = el.find(f"{{{NS}}}geometry")
        hex_text = (geom_el.text if geom_el is not None else el.get("geometry")) or ""
        hex_text = hex_text.strip()
        distance = el.get("distance")
        stated = self.number(distance, tw, "distance", minimum=0) if distance else None
        if not hex_text:
            return 0.0, stated / 1000 if stated is not None else None, None
        try:
            line = shapely.from_wkb(bytes.fromhex(hex_text))
        except (ValueError, shapely.errors.GEOSException):
            self.problem(tw, "geometry", "not hex-encoded WKB geometry")
            return 0.0, None, None
        if line.geom_type not in ("LineString", "MultiLineString") or line.is_empty:
            self.problem(tw, "geometry", f"a {line.geom_type}, not a line")
            return 0.0, None, None
        xy = shapely.get_coordinates(line)
        if not (np.all(np.abs(xy[:, 0]) <= 180) and np.all(np.abs(xy[:, 1]) <= 90)):
            self.problem(tw, "geometry", "coordinates out of range: the track must be longitude, latitude (WGS 84)")
            return 0.0, None, None
        if not all(self.near_park(float(x), float(y), tw, "geometry") for x, y in (xy.min(axis=0), xy.max(axis=0))):
            return 0.0, None, None
        km = _GEOD.geometry_length(line) / 1000.0
        if km > 500:
            self.problem(tw, "geometry", f"{km:,.0f} km in one day is not a patrol's track")
            return 0.0, None, None
        p.tracks.append((leg_id, d, line))
        return km, stated / 1000 if stated is not None else None, shapely.to_wkb(line)

    def waypoint(self, wp, q, where: str, key: str, leg_id: str, d: date, ids: set, p: Patrol) -> None:
        wp_id = (wp.get("id") or "").strip()
        ww = f"{where}/waypoints[id={wp_id}]"
        if not wp_id:
            self.problem(where + "/waypoints", "id", "required value is empty")
            return
        if (leg_id, wp_id) in ids:
            self.problem(ww, "id", "a second waypoint with this id in the leg")
            return
        ids.add((leg_id, wp_id))
        lon = self.number(wp.get("x"), ww, "x", minimum=-180, maximum=180)
        lat = self.number(wp.get("y"), ww, "y", minimum=-90, maximum=90)
        if lon is None or lat is None or not self.near_park(lon, lat, ww, "x"):
            return
        at = self.clock(wp, "time", ww)
        p.rows["patrol_waypoints"].append({
            "patrol_key": key, "leg_id": leg_id, "waypoint_id": wp_id, "patrol_day": d,
            "observed_at": datetime.combine(d, at) if at else None, "latitude": lat, "longitude": lon})
        obs_no = 0
        for group in wp.findall(q("groups")):
            for obs in group.findall(q("observations")):
                obs_no += 1
                ow = f"{ww}/observations[{obs_no}]"
                category = (obs.get("categoryKey") or "").strip()
                if not re.fullmatch(r"[\w.\-]{1,120}", category):
                    self.problem(ow, "categoryKey", f"{category[:70]!r} is not a SMART category key"
                                 if category else "required value is empty")
                    continue
                p.rows["patrol_observations"].append({"patrol_key": key, "leg_id": leg_id, "waypoint_id": wp_id,
                                                      "observation_no": obs_no, "category_key": category})
                seen = set()
                for attr in obs.findall(q("attributes")):
                    self.attribute(attr, q, ow, key, leg_id, wp_id, obs_no, seen, p)

    def attribute(self, attr, q, where: str, key, leg_id, wp_id, obs_no, seen: set, p: Patrol) -> None:
        name = (attr.get("attributeKey") or "").strip()
        if not re.fullmatch(r"[\w.\-]{1,120}", name):
            self.problem(where, "attributeKey", f"{name[:70]!r} is not a SMART attribute key" if name
                         else "required value is empty")
            return
        if name in seen:
            self.problem(where, name, "a second value of this attribute in the observation")
            return
        seen.add(name)
        aw = f"{where}/attributes[{name}]"
        values = [(tag, el.text or "") for tag in ("itemKey", "dValue", "sValue", "bValue")
                  if (el := attr.find(q(tag))) is not None]
        if len(values) != 1:
            self.problem(aw, None, "an attribute has exactly one of itemKey, dValue, sValue, bValue")
            return
        tag, value = values[0]
        row = {"patrol_key": key, "leg_id": leg_id, "waypoint_id": wp_id, "observation_no": obs_no,
               "attribute_key": name, "item_key": None, "number_value": None, "bool_value": None,
               "text_value": None, "personal_value": None}
        if tag == "dValue":
            v = self.number(value, aw, "dValue")
            if v is None:
                return
            shown = v
        elif tag == "bValue":
            if value.strip().lower() not in ("true", "false"):
                self.problem(aw, "bValue", f"{value.strip()[:20]!r} is not true or false")
                return
            shown = value.strip().lower() == "true"
        else:
            shown = self.text(value, aw, tag, 1000)
            if shown is None:
                return
        if is_personal(name, self.words):
            row["personal_value"] = str(shown)
        elif tag == "dValue":
            row["number_value"] = shown
        elif tag == "bValue":
            row["bool_value"] = shown
        elif tag == "sValue":
            row["text_value"] = shown    # free text may name people: personal by its column
        else:
            row["item_key"] = shown
        p.rows["patrol_observation_values"].append(row)


def effort_cells(region: str, tracks: list[tuple[str, date, object]], key: str, cell_km: float = EFFORT_CELL_KM
                 ) -> list[dict]:
    """km of each day's track in each cell of the region's unified grid (cells of `cell_km` in
    the region's metric projection, indexed as `bigcats.corridors.grid_cells` indexes them): the
    line cut into pieces of at most 100 m, each piece counted in the cell of its midpoint, the
    cell's share scaled so that a day's cells add up to its length on the ellipsoid."""
    cell_m = cell_km * 1000.0
    out = []
    for leg_id, d, line in tracks:
        metric = shapely.segmentize(geo.to_metric(region, line), SEGMENT_M)
        parts = metric.geoms if metric.geom_type == "MultiLineString" else [metric]
        lengths, ix, iy = [], [], []
        for part in parts:
            xy = shapely.get_coordinates(part)
            mid = (xy[1:] + xy[:-1]) / 2
            lengths.append(np.hypot(*(xy[1:] - xy[:-1]).T))
            ix.append(np.floor(mid[:, 0] / cell_m).astype(int))
            iy.append(np.floor(mid[:, 1] / cell_m).astype(int))
        length, ix, iy = np.concatenate(lengths), np.concatenate(ix), np.concatenate(iy)
        if not length.sum():
            continue
        scale = _GEOD.geometry_length(line) / 1000.0 / length.sum()
        # km per cell: numpy rather than a frame per day (the demo simulates thousands of days)
        cells, piece_cell = np.unique(np.column_stack([ix, iy]), axis=0, return_inverse=True)
        km = np.bincount(piece_cell.ravel(), weights=length * scale, minlength=len(cells))
        out += [{"patrol_key": key, "leg_id": leg_id, "patrol_day": d, "region_id": region, "cell_km": cell_km,
                 "ix": int(cx), "iy": int(cy), "km": float(k)} for (cx, cy), k in zip(cells, km)]
    return out


def _files(path_or_paths) -> list[Path]:
    """The XML files named: files, or every *.xml in a folder and below it (an unpacked upload)."""
    items = path_or_paths if isinstance(path_or_paths, (list, tuple)) else [path_or_paths]
    files: list[Path] = []
    for item in map(Path, items):
        files += sorted(f for f in item.rglob("*") if f.suffix.lower() == ".xml" and f.is_file()) if item.is_dir() else [item]
    return files


@one_transaction
def import_patrols(store: Store, path_or_paths, park: str | None, imported_by: str = "bigcats") -> dict:
    """Import SMART patrol exports of `park`: one file, several, or a folder of them, in one
    transaction. Returns counts: patrols, waypoints, observations, km (of track) in the files;
    added, replaced, unchanged patrols."""
    files = _files(path_or_paths)
    shown = ", ".join(f.name for f in files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
    if not park:
        raise PatrolsRefused("--park", "import patrols needs --park: the park whose patrols the files hold")
    envelope = store.query("area_envelope", area_id=park)
    if envelope.is_empty():
        known = ", ".join(store.query("area_names", lang="en")["area_id"].to_list())
        raise PatrolsRefused("--park", f"{park!r} is not a protected area of the store (known: {known})")
    if not files:
        raise PatrolsRefused(str(path_or_paths), "no SMART patrol files (.xml) there")
    if len(files) > MAX_FILES:
        raise PatrolsRefused(str(path_or_paths), f"{len(files)} files; import at most {MAX_FILES} at once")
    e = envelope.row(0, named=True)
    region = e["region_id"]
    words = personal_attribute_words()
    outline = store.query("area_country_outline", area_id=park)
    country = (outline["country"][0], shapely.from_wkb(bytes(outline["wkb"][0]))) if outline.height else None
    patrols, problems, first_file = [], [], {}
    for f in files:
        reader = _Reader(f, park, (e["x0"], e["y0"], e["x1"], e["y1"]), words)
        p = reader.read()
        if p is not None and not reader.problems and country is not None:
            reader.in_own_country(p, region, *country)
        problems += reader.problems
        if p is None or reader.problems:
            continue
        if p.key in first_file:
            problems.append(Problem(f.name, "patrol", "id", f"patrol {p.key.split('/', 1)[1]} is also in "
                                                             f"{first_file[p.key]}", "element", "attribute"))
            continue
        first_file[p.key] = f.name
        patrols.append(p)
    if problems:
        raise PatrolsRefused(shown, problems)
    require(store, "patrols", park=park)
    stored = dict(store.query("patrol_versions", area_id=park).select("patrol_key", "content_hash").iter_rows())
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    added = replaced = unchanged = 0
    with recorded(store, "import SMART patrols", PATROL_TABLES, target=park, summary=shown,
                  batch={t: pl.DataFrame({"patrol_key": [p.key for p in patrols]}) for t in PATROL_TABLES}) as cur:
        for p in patrols:
            digest = p.content_hash()
            if stored.get(p.key) == digest:
                unchanged += 1
                continue
            if p.key in stored:
                for table in reversed(PATROL_TABLES):
                    store.delete_keys(cur, table, pl.DataFrame({"patrol_key": [p.key]}))
                replaced += 1
            else:
                added += 1
            p.rows["patrols"][0].update(content_hash=digest, source=f"SMART patrol export {p.file}", imported_at=now)
            p.rows["patrol_effort_cells"] = effort_cells(region, p.tracks, p.key)
            for table in PATROL_TABLES:
                if p.rows[table]:
                    store.insert_frame(cur, table, pl.DataFrame(p.rows[table], infer_schema_length=None))
        record_import(store, cur, "patrols", shown, imported_by, added, replaced, area_id=park,
                      summary={"added": added, "replaced": replaced, "unchanged": unchanged})
    return {"park": park, "files": len(files), "patrols": len(patrols),
            "waypoints": sum(len(p.rows["patrol_waypoints"]) for p in patrols),
            "observations": sum(len(p.rows["patrol_observations"]) for p in patrols),
            "km": sum(r["track_km"] for p in patrols for r in p.rows["patrol_days"]),
            "added": added, "replaced": replaced, "unchanged": unchanged}


def report(out: dict, shown: str) -> str:
    """The line `bigcats import patrols` prints and the upload shows."""
    return (f"{out['patrols']} patrols, {out['waypoints']} waypoints, {out['observations']} observations, "
            f"{out['km']:,.1f} km of track from {shown} into {out['park']} "
            f"({out['added']} added, {out['replaced']} replaced, {out['unchanged']} unchanged)")
