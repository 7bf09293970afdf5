"""Checks every importer of small registers shares (expenditures, census, publications): reading a
CSV safely and reading numbers, dates and text strictly, each problem located as
(row, column, reason) so the importer can name file, row, column and reason.

Strict on purpose: '1,5' (a decimal comma or a thousands separator?) and '1.000,50' are refused
rather than guessed; 'inf', 'nan' and '1e13' are not amounts; a date must fall within the
programme's sources and plans; a file is read only up to a size, and with no NUL byte.
"""
from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

MAX_CSV_BYTES = 20 * 1024**2      # a register file (expenditures, census, publications); split larger ones
MAX_FIELD_CHARS = 4000            # one value; abstracts are the longest
EARLIEST = date(1950, 1, 1)       # the oldest literature the parks exchange
_NUMBER = re.compile(r"^[+-]?(\d+)(?:\.(\d+))?$")


def plan_horizon() -> date:
    """The latest date a plan or record may carry: five years from today."""
    return date.today() + timedelta(days=5 * 366)


def read_csv(path: Path, required: tuple[str, ...], problems: list, max_bytes: int = MAX_CSV_BYTES
             ) -> list[tuple[int, dict]]:
    """Rows of a CSV file as (spreadsheet row, {column: stripped text}); problems appended as
    (row, column, reason). Refuses, located: too large, not UTF-8, NUL bytes, a broken quote,
    a value over MAX_FIELD_CHARS, empty or repeated column names, missing required columns,
    rows with more or fewer values than the header."""
    size = path.stat().st_size
    if size > max_bytes:
        problems.append((None, None, f"{size / 2**20:.0f} MB is larger than the {max_bytes // 2**20} MB a register "
                                     "file may have; split it"))
        return []
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = raw[:exc.start].count(b"\n") + 1
        problems.append((row, None, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                                    "save the file as UTF-8"))
        return []
    if "\x00" in text:
        problems.append((text[:text.index("\x00")].count("\n") + 1, None, "a NUL byte: this is not a text CSV file"))
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        problems.append((1, None, "the file is empty: a header row is required"))
        return []
    except csv.Error as exc:
        problems.append((1, None, f"the header cannot be read as CSV ({exc})"))
        return []
    bad_header = False
    for n, h in enumerate(header, start=1):
        if not h:
            problems.append((1, None, f"column {n} of the header has no name"))
            bad_header = True
    for h, c in Counter(header).items():
        if h and c > 1:
            problems.append((1, h, f"column appears {c} times in the header"))
            bad_header = True
    for c in required:
        if c not in header:
            problems.append((1, c, "required column missing from the header"))
            bad_header = True
    if bad_header:
        return []
    rows = []
    i = 1
    try:
        for values in reader:
            i = reader.line_num
            if not any(v.strip() for v in values):
                continue  # a blank line
            if len(values) != len(header):
                problems.append((i, None, f"{len(values)} values for {len(header)} columns"))
                continue
            row = {}
            for h, v in zip(header, values):
                if len(v) > MAX_FIELD_CHARS:
                    problems.append((i, h, f"{len(v)} characters; at most {MAX_FIELD_CHARS} are accepted"))
                row[h] = v.strip()
            rows.append((i, row))
    except csv.Error as exc:
        problems.append((reader.line_num, None, f"cannot be read as CSV ({exc}); check the quotes"))
    return rows


def number(text: str, row, column: str, problems: list, *, minimum: float | None = None,
           maximum: float | None = None, above: float | None = None, decimals: int | None = None) -> float | None:
    """A plain decimal number ('1234.5'); None (and a problem) for anything else."""
    t = (text or "").strip()
    m = _NUMBER.match(t)
    if not m:
        if "," in t:
            why = (f"{t!r}: write numbers with a point as the decimal separator and no thousands separator "
                   "(e.g. 1500.50); a comma is ambiguous")
        elif t.lower().lstrip("+-") in ("inf", "infinity", "nan"):
            why = f"{t!r} is not a finite number"
        elif not t:
            why = "required value is empty"
        else:
            why = f"{t!r} is not a number (write e.g. 1500.50)"
        problems.append((row, column, why))
        return None
    value = float(t)
    if not math.isfinite(value):
        problems.append((row, column, f"{t!r} is not a finite number"))
        return None
    if decimals is not None and m.group(2) and len(m.group(2).rstrip("0")) > decimals:
        problems.append((row, column, f"{t} has more than {decimals} decimal places"))
        return None
    if above is not None and not value > above:
        problems.append((row, column, f"{t} must be more than {'zero' if above == 0 else f'{above:g}'}"))
        return None
    if minimum is not None and value < minimum or maximum is not None and value > maximum:
        lo = f"{minimum:g}" if minimum is not None else "−∞"
        hi = f"{maximum:g}" if maximum is not None else "∞"
        problems.append((row, column, f"{t} is out of range: must be between {lo} and {hi}"))
        return None
    return value


def day(text: str, row, column: str, problems: list, earliest: date = EARLIEST, latest: date | None = None
        ) -> date | None:
    """A date YYYY-MM-DD within [earliest, latest]; None (and a problem) otherwise."""
    t = (text or "").strip()
    latest = latest or plan_horizon()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
        problems.append((row, column, f"{t!r} is not a date YYYY-MM-DD" if t else "required value is empty"))
        return None
    try:
        value = date.fromisoformat(t)
    except ValueError as exc:
        problems.append((row, column, f"{t!r} is not a date of the calendar ({exc})"))
        return None
    if not earliest <= value <= latest:
        problems.append((row, column, f"{t} is outside the dates this register accepts ({earliest} – {latest})"))
        return None
    return value


def text(value: str, row, column: str, problems: list, max_chars: int = 500) -> str | None:
    """Plain text: no control characters, at most `max_chars`; None when empty."""
    v = (value or "").strip()
    if not v:
        return None
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", v):
        problems.append((row, column, "contains control characters"))
        return None
    if len(v) > max_chars:
        problems.append((row, column, f"{len(v)} characters; at most {max_chars}"))
        return None
    return v


IDENTIFIER = re.compile(r"[\w.\-/ ]{1,64}")


def identifier(text: str, row, column: str, what: str, problems: list) -> bool:
    """Whether `text` is an id of 1 to 64 letters, digits, '-', '_', '.', '/' (a problem if not)."""
    if IDENTIFIER.fullmatch(text or ""):
        return True
    problems.append((row, column, f"{text[:70]!r}: {what} is 1 to 64 letters, digits, '-', '_', '.', '/'"
                     if text else "required value is empty"))
    return False


def species_by_name(store) -> dict[str, str]:
    """The store's species by id and by lower-case scientific name (what a field file may write)."""
    names = store.query("species_names", lang="en")
    return {**dict(zip(names["species_id"], names["species_id"])),
            **dict(zip(names["scientific_name"].str.to_lowercase(), names["species_id"]))}


def place_near(r: dict, row, envelope, area: str, margin: float, problems: list) -> tuple[float | None, float | None]:
    """(latitude, longitude) of a row's optional `latitude` and `longitude` columns: numbers in
    range, within `margin` degrees of the area's bounding box `envelope` (x0, y0, x1, y1); (None,
    None) when both are empty."""
    if not (r.get("latitude") or r.get("longitude")):
        return None, None
    before = len(problems)
    lat = number(r.get("latitude", ""), row, "latitude", problems, minimum=-90, maximum=90)
    lon = number(r.get("longitude", ""), row, "longitude", problems, minimum=-180, maximum=180)
    if len(problems) == before and envelope and not (envelope[0] - margin <= lon <= envelope[2] + margin
                                                     and envelope[1] - margin <= lat <= envelope[3] + margin):
        problems.append((row, "latitude", f"({lat}, {lon}) is not in or near {area} (lat {envelope[1]:.2f}–"
                                          f"{envelope[3]:.2f}, lon {envelope[0]:.2f}–{envelope[2]:.2f})"))
    return lat, lon


MAX_AREA_KM2 = 50_000.0  # larger than any park of the programme's regions: a mistyped ring, not a place


def area_point(geometry: dict, row, problems: list) -> tuple[float, float] | None:
    """A point inside a GeoJSON Polygon or MultiPolygon (lon, lat), once it is a valid area in
    WGS 84 degrees of at most MAX_AREA_KM2; None with the reason in `problems`."""
    import shapely
    from pyproj import Geod
    try:
        shape = shapely.geometry.shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError) as exc:
        problems.append((row, "geometry", f"not a polygon ({exc})"))
        return None
    if shape.is_empty or not shape.is_valid:
        problems.append((row, "geometry", f"not a valid polygon ({shapely.is_valid_reason(shape)})"))
        return None
    lon0, lat0, lon1, lat1 = shape.bounds
    if not (-180 <= lon0 <= lon1 <= 180 and -90 <= lat0 <= lat1 <= 90):
        problems.append((row, "geometry", "coordinates outside longitude -180..180 and latitude -90..90"))
        return None
    km2 = abs(Geod(ellps="WGS84").geometry_area_perimeter(shape)[0]) / 1e6
    if km2 > MAX_AREA_KM2:
        problems.append((row, "geometry", f"an area of {km2:,.0f} km², more than {MAX_AREA_KM2:,.0f} km²"))
        return None
    inside = shape.representative_point()
    return inside.x, inside.y


def read_points(path: Path, required: tuple[str, ...], problems: list,
                areas: bool = False) -> tuple[list[tuple[int, dict]], str, str]:
    """The rows of a register of places: a CSV with `latitude` and `longitude` columns, or a
    GeoJSON FeatureCollection of Points whose properties are the CSV's other columns (the point
    becomes `latitude` and `longitude`). With `areas`, a feature may be a Polygon or MultiPolygon
    too: a point inside it becomes `latitude` and `longitude`, its geometry `area_geojson`.
    Returns (rows as (number, {column: text}), the word for a row, the word for a column) -
    'row'/'column' in a CSV, 'feature'/'property' in GeoJSON."""
    if path.suffix.lower() not in (".geojson", ".json"):
        return read_csv(path, required, problems), "row", "column"
    try:
        doc = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        problems.append((None, None, "not UTF-8 text; save the file as UTF-8"))
        return [], "feature", "property"
    except json.JSONDecodeError as exc:
        problems.append((exc.lineno, None, f"not valid JSON ({exc.msg})"))
        return [], "line", "property"
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        problems.append((None, None, "not a GeoJSON FeatureCollection"))
        return [], "feature", "property"
    rows = []
    for i, f in enumerate(doc["features"], start=1):
        g = (f.get("geometry") or {}) if isinstance(f, dict) else {}
        props = {k: "" if v is None else str(v) for k, v in dict(f.get("properties") or {}).items()}
        if areas and g.get("type") in ("Polygon", "MultiPolygon"):
            point = area_point(g, i, problems)
            if point is None:
                continue
            props["longitude"], props["latitude"] = (str(v) for v in point)
            props["area_geojson"] = json.dumps(g, separators=(",", ":"))
        elif g.get("type") != "Point" or not isinstance(g.get("coordinates"), list) or len(g["coordinates"]) < 2:
            problems.append((i, "geometry", "expected a Point" + (", a Polygon or a MultiPolygon" if areas else "")))
            continue
        else:
            props["longitude"], props["latitude"] = (str(v) for v in g["coordinates"][:2])
        missing = [c for c in required if c not in props]
        if missing:
            problems.append((i, missing[0], "required property missing"))
            continue
        rows.append((i, props))
    return rows, "feature", "property"
