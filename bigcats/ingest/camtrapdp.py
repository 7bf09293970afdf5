"""Camtrap DP 1.0: the camera-trap data exchange between the parks.

A Camera Trap Data Package (TDWG, Bubnicki et al. 2023, Remote Sensing in Ecology and
Conservation 10:283–295) is a folder with `datapackage.json`, `deployments.csv`, `media.csv` and
`observations.csv`. The field definitions below are transcribed from the standard's 1.0 table
schemas (required fields, types, ranges, enumerations); the two custom resources follow the
standard's own example of extending a package:

* `individuals` (individuals.csv): each catalogue entry of the exporting park: ID, species, sex
  in the catalogue, aliases, the entries of other parks it is linked to ('PARK:ID|PARK:ID'), its
  first detection (date, deployment, country) and the sexes its photographs show (Camtrap DP
  sexes each observation, so sightings can disagree; the disagreement travels with the data).
* `individual-links` (individual-links.csv): who matched which entries, when and on what evidence.

`deploymentGroups` carries 'country:XX | park:AREA'. Times are written with the park's UTC
offset and stored as the park's local time.

Every observation of a package is stored, whatever it saw: a taxon the store does not know joins
its taxonomy (`species`, kind 'other') with the rank, checklist id and vernacular names the
package's `taxonomic` block gives; blank, unknown, unclassified, human and vehicle observations
are kept as such, event-based ones (no media file) as well as media-based ones. The programme's
pages read the cats and their prey; the rest travels on with the data.

Import is all or nothing: every problem found is reported with file, row (the spreadsheet row,
header = 1), field and reason, and the store is left exactly as it was. Importing the same
package twice changes nothing.
"""
from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb
import polars as pl

from bigcats import paths
from bigcats.ingest.imports import record_import
from bigcats.ingest.problems import ImportRefused, Problem
from bigcats.access import require
from bigcats.audit import recorded
from bigcats.store import Store, one_transaction

PROFILE = "https://raw.githubusercontent.com/tdwg/camtrap-dp/1.0/camtrap-dp-profile.json"
SCHEMA = "https://raw.githubusercontent.com/tdwg/camtrap-dp/1.0/{}-table-schema.json"
STANDARD_RESOURCES = ("deployments", "media", "observations")
REQUIRED_METADATA = ("profile", "created", "contributors", "project", "spatial", "temporal", "taxonomic")
REQUIRED_PROJECT = ("title", "samplingDesign", "captureMethod", "individualAnimals", "observationLevel")
MAX_MEDIA_BYTES = 50 * 1024**2  # one stored image or clip
MAX_RESOURCE_BYTES = 512 * 1024**2  # one CSV resource (its typed columns are held whole)
# Camtrap DP 1.x profiles (1.0, 1.0.1, 1.0.2 ...); 0.x and 2.x differ in required fields.
PROFILE_VERSION = re.compile(r"/camtrap-dp/(1\.\d+(?:\.\d+)?)/camtrap-dp-profile\.json$")

@lru_cache(maxsize=1)
def utc_offsets() -> dict[tuple[str, str], int]:
    """Local time of the parks, hours from UTC, by (region, country): the shipped seed file
    data/seed/time_zones.csv (Primorye and the Jewish AO +10, China +8, Altai, Tuva, Khovd +7)."""
    rows = pl.read_csv(paths.SEED / "time_zones.csv")
    return {(r["region_id"], r["country"]): int(r["utc_offset_hours"]) for r in rows.iter_rows(named=True)}


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "string"          # string, number, integer, datetime, date, boolean
    required: bool = False
    unique: bool = False
    minimum: float | None = None
    maximum: float | None = None
    enum: tuple[str, ...] | None = None
    pattern: str | None = None


DEPLOYMENT_FIELDS = (
    Field("deploymentID", required=True, unique=True), Field("locationID"), Field("locationName"),
    Field("latitude", "number", True, minimum=-90, maximum=90),
    Field("longitude", "number", True, minimum=-180, maximum=180),
    Field("coordinateUncertainty", "integer", minimum=1),
    Field("deploymentStart", "datetime", True), Field("deploymentEnd", "datetime", True),
    Field("setupBy"), Field("cameraID"), Field("cameraModel"), Field("cameraDelay", "integer", minimum=0),
    Field("cameraHeight", "number", minimum=0), Field("cameraDepth", "number", minimum=0),
    Field("cameraTilt", "integer", minimum=-90, maximum=90), Field("cameraHeading", "integer", minimum=0, maximum=360),
    Field("detectionDistance", "number", minimum=0), Field("timestampIssues", "boolean"), Field("baitUse", "boolean"),
    Field("featureType", enum=("roadPaved", "roadDirt", "trailHiking", "trailGame", "roadUnderpass", "roadOverpass",
                               "roadBridge", "culvert", "burrow", "nestSite", "carcass", "waterSource", "fruitingTree")),
    Field("habitat"), Field("deploymentGroups"), Field("deploymentTags"), Field("deploymentComments"),
)
MEDIA_FIELDS = (
    Field("mediaID", required=True, unique=True), Field("deploymentID", required=True),
    Field("captureMethod", enum=("activityDetection", "timeLapse")), Field("timestamp", "datetime", True),
    Field("filePath", required=True, pattern=r"^(?=^[^./~])(^((?!\.{2}).)*$).*$"),
    Field("filePublic", "boolean", True), Field("fileName"),
    Field("fileMediatype", required=True, pattern=r"^(image|video|audio)/.*$"),
    Field("exifData"), Field("favorite", "boolean"), Field("mediaComments"),
)
OBSERVATION_FIELDS = (
    Field("observationID", required=True, unique=True), Field("deploymentID", required=True), Field("mediaID"),
    Field("eventID"), Field("eventStart", "datetime", True), Field("eventEnd", "datetime", True),
    Field("observationLevel", required=True, enum=("media", "event")),
    Field("observationType", required=True, enum=("animal", "human", "vehicle", "blank", "unknown", "unclassified")),
    Field("cameraSetupType", enum=("setup", "calibration")), Field("scientificName"),
    Field("count", "integer", minimum=1), Field("lifeStage", enum=("adult", "subadult", "juvenile")),
    Field("sex", enum=("female", "male")), Field("behavior"), Field("individualID"),
    Field("individualPositionRadius", "number", minimum=0), Field("individualPositionAngle", "number", minimum=-90, maximum=90),
    Field("individualSpeed", "number", minimum=0), Field("bboxX", "number", minimum=0, maximum=1),
    Field("bboxY", "number", minimum=0, maximum=1), Field("bboxWidth", "number", minimum=1e-15, maximum=1),
    Field("bboxHeight", "number", minimum=1e-15, maximum=1), Field("classificationMethod", enum=("human", "machine")),
    Field("classifiedBy"), Field("classificationTimestamp", "datetime"),
    Field("classificationProbability", "number", minimum=0, maximum=1), Field("observationTags"),
    Field("observationComments"),
)
INDIVIDUAL_FIELDS = (
    Field("individualID", required=True, unique=True), Field("scientificName", required=True),
    Field("sex", enum=("female", "male", "unknown")), Field("aliases"), Field("catalogueIDs"),
    Field("firstDetectionDate", "date"), Field("firstDetectionDeploymentID"), Field("firstDetectionCountry"),
    Field("sexesPhotographed"),
)
LINK_FIELDS = (
    Field("parkA", required=True), Field("individualA", required=True), Field("parkB", required=True),
    Field("individualB", required=True), Field("evidence", required=True), Field("matchedBy", required=True),
    Field("matchedOn", "date", True),
)
FIELDS = {"deployments": DEPLOYMENT_FIELDS, "media": MEDIA_FIELDS, "observations": OBSERVATION_FIELDS,
          "individuals": INDIVIDUAL_FIELDS, "individual-links": LINK_FIELDS}


# vernacularNames keys of a package's taxonomic block (ISO 639-3, as Camtrap DP writes them, or
# ISO 639-1) for each language of the store
VERNACULAR_KEYS = {"en": ("eng", "en"), "ru": ("rus", "ru"), "zh": ("zho", "chi", "cmn", "zh"), "mn": ("mon", "khk", "mn")}
# what a store language's names are exported as
EXPORT_LANGUAGE = {"en": "eng", "ru": "rus", "zh": "zho", "mn": "mon"}
MAX_NAME = 200
TAXON_RANKS = ("kingdom", "phylum", "class", "order", "family", "genus", "species", "subspecies")


def read_taxonomic(desc: dict, problems: list) -> dict[str, dict]:
    """The package's `taxonomic` block by scientific name: rank, checklist id and the vernacular
    names in the store's four languages (those it gives)."""
    block = desc.get("taxonomic")
    taxa: dict[str, dict] = {}
    if not isinstance(block, list):
        problems.append(("datapackage.json", None, "taxonomic", "must be a list of taxa"))
        return taxa
    for k, t in enumerate(block):
        where = f"taxonomic[{k}]"
        name = t.get("scientificName") if isinstance(t, dict) else None
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
            problems.append(("datapackage.json", None, f"{where}.scientificName",
                             f"must be a name of 1 to {MAX_NAME} characters"))
            continue
        names = t.get("vernacularNames") or {}
        if not isinstance(names, dict):
            problems.append(("datapackage.json", None, f"{where}.vernacularNames", "must be an object of language: name"))
            names = {}
        entry = {"taxon_rank": t.get("taxonRank"), "taxon_id": t.get("taxonID"), "names": {}}
        for field in ("taxon_rank", "taxon_id"):
            if entry[field] is not None and (not isinstance(entry[field], str) or len(entry[field]) > MAX_NAME):
                problems.append(("datapackage.json", None, f"{where}.{'taxonRank' if field == 'taxon_rank' else 'taxonID'}",
                                 f"must be text of at most {MAX_NAME} characters"))
                entry[field] = None
        if entry["taxon_rank"] is not None and entry["taxon_rank"] not in TAXON_RANKS:
            problems.append(("datapackage.json", None, f"{where}.taxonRank",
                             f"{entry['taxon_rank']!r} is not one of {', '.join(TAXON_RANKS)}"))
        for lang, keys in VERNACULAR_KEYS.items():
            given = next((names[key] for key in keys if isinstance(names.get(key), str) and names[key].strip()), None)
            if given is not None and len(given) > MAX_NAME:
                problems.append(("datapackage.json", None, f"{where}.vernacularNames",
                                 f"a name longer than {MAX_NAME} characters"))
                given = None
            if given:
                entry["names"][lang] = given.strip()
        taxa[name.strip()] = entry
    return taxa


def species_id_for(name: str, taken: set[str]) -> str:
    """A species id made from a scientific name ('Anas platyrhynchos' -> 'anas_platyrhynchos'),
    not one of `taken`."""
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:60] or "taxon"
    sid, n = base, 1
    while sid in taken:
        n += 1
        sid = f"{base}_{n}"
    return sid


class PackageRefused(ImportRefused):
    """A Camtrap DP package was refused; `problems` lists every (file, row, field, reason)."""

    def __init__(self, package: Path, problems: list[tuple]):
        self.package = package
        super().__init__(str(package), [Problem(f, r, c, why, "row", "field") for f, r, c, why in problems])


# -- reading and validating -----------------------------------------------------------------------
def _parse_datetime(text: str) -> datetime:
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError("no UTC offset")
    return value


def _convert(f: Field, text: str):
    if f.type == "string":
        value = text
    elif f.type == "number":
        value = float(text)
    elif f.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", text.strip()):
            raise ValueError("not a whole number")
        value = int(text)
    elif f.type == "boolean":
        low = text.strip().lower()
        if low not in ("true", "false", "1", "0"):
            raise ValueError("not true or false")
        value = low in ("true", "1")
    elif f.type == "datetime":
        value = _parse_datetime(text)
    elif f.type == "date":
        value = date.fromisoformat(text.strip())
    else:  # pragma: no cover - a field definition error
        raise AssertionError(f.type)
    return value


def _expect(f: Field) -> str:
    return {"number": "a number", "integer": "a whole number", "boolean": "true or false",
            "datetime": "a date and time with UTC offset, e.g. 2014-02-03T22:15:00+10:00",
            "date": "a date YYYY-MM-DD"}.get(f.type, "text")


POLARS_TYPES = {"string": pl.Utf8, "number": pl.Float64, "integer": pl.Int64, "boolean": pl.Boolean,
                "datetime": pl.Datetime("us"), "date": pl.Date}


def _utc(value: datetime) -> datetime:
    """An aware date and time as UTC without its zone (how a table column holds it)."""
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def _where(mask: pl.Series, values: pl.Series, dtype) -> pl.Series:
    """`values` where `mask` is true, None elsewhere."""
    return pl.select(pl.when(mask).then(values.cast(dtype))).to_series().alias(values.name)


def _typed_column(f: Field, text: pl.Series, rows: pl.Series, name: str, problems: list) -> pl.Series:
    """One column of a resource checked and converted as the standard's table schema says, a
    whole column at a time: `text` the cells as read (None where a short row had none), `rows`
    their row numbers; a located problem per bad cell, and None in its place."""
    if not f.required and text.null_count() == len(text):  # left empty throughout: nothing to check
        return pl.repeat(None, len(text), dtype=POLARS_TYPES[f.type], eager=True).alias(f.name)
    if f.type == "string":
        value = text.fill_null("")
        blank = value.str.strip_chars() == ""
    else:
        value = text.fill_null("").str.strip_chars()
        blank = value == ""
    if f.required:
        for i in rows.filter(blank):
            problems.append((name, i, f.name, "required value is empty"))
    present = ~blank
    if f.type == "string":
        out = _where(present, value, pl.Utf8)
    else:
        # the cells vectorised where polars agrees with Python's parsing; the rest (and every date
        # and time: Python's ISO 8601 reading is the reference) through Python, once per distinct value
        if f.type == "number":
            fast = value.cast(pl.Float64, strict=False)
        elif f.type == "integer":
            fast = value.cast(pl.Int64, strict=False)
        elif f.type == "boolean":
            low = value.str.to_lowercase()
            fast = _where(low.is_in(["true", "false", "1", "0"]), low.is_in(["true", "1"]), pl.Boolean)
        elif f.type == "datetime":  # the standard's usual form; any other ISO 8601 form through Python
            fast = (value.str.to_datetime("%Y-%m-%dT%H:%M:%S%:z", strict=False, time_zone="UTC", time_unit="us")
                    .dt.replace_time_zone(None))
        else:
            fast = pl.Series(f.name, [None] * len(value), dtype=POLARS_TYPES[f.type])
        slow = present & fast.is_null()
        converted: dict[str, object] = {}
        for cell in value.filter(slow).unique().to_list():
            try:
                v = _convert(f, cell)
                converted[cell] = _utc(v) if f.type == "datetime" else v
            except ValueError:
                converted[cell] = None
        if converted:
            looked_up = value.replace_strict(list(converted), list(converted.values()), default=None,
                                             return_dtype=POLARS_TYPES[f.type])
            fast = fast.zip_with(~slow, looked_up)
        out = _where(present, fast, POLARS_TYPES[f.type])
        for i, cell in zip(rows.filter(slow & out.is_null()), value.filter(slow & out.is_null())):
            problems.append((name, i, f.name, f"{cell!r} is not {_expect(f)}"))
    ok = out.is_not_null()
    if f.minimum is not None or f.maximum is not None:
        low = out < f.minimum if f.minimum is not None else pl.Series([False] * len(out))
        high = out > f.maximum if f.maximum is not None else pl.Series([False] * len(out))
        bad = ok & (low.fill_null(False) | high.fill_null(False))
        rng = f"between {f.minimum:g} and {f.maximum:g}" if f.maximum is not None else f"at least {f.minimum:g}"
        for i, cell in zip(rows.filter(bad), value.filter(bad)):
            problems.append((name, i, f.name, f"{cell} is out of range: must be {rng}"))
    if f.enum:
        bad = ok & ~out.is_in(list(f.enum))
        for i, cell in zip(rows.filter(bad), value.filter(bad)):
            problems.append((name, i, f.name, f"{cell!r} is not one of {', '.join(f.enum)}"))
    if f.pattern:
        pattern = re.compile(f.pattern)
        matches = {v: bool(pattern.match(v)) for v in out.filter(ok).unique().to_list()}
        bad = ok & ~out.replace_strict(list(matches), list(matches.values()), default=True, return_dtype=pl.Boolean)
        for i, cell in zip(rows.filter(bad), out.filter(bad)):
            problems.append((name, i, f.name, f"{cell!r} does not match the standard's pattern {f.pattern}"))
    if f.unique:
        _duplicates(f, out, rows, name, problems)
    return out.alias(f.name)


def _duplicates(f: Field, values: pl.Series, rows: pl.Series, name: str, problems: list) -> None:
    """A located problem for each repeat of a value of a unique field, naming its first row."""
    if not values.drop_nulls().is_duplicated().any():  # the usual case, in one pass
        return
    frame = pl.DataFrame({"v": values, "row": rows}).filter(pl.col("v").is_not_null())
    first = frame.group_by("v").agg(pl.col("row").min().alias("first"))
    again = frame.join(first, on="v").filter(pl.col("row") > pl.col("first")).sort("row")
    for v, i, at in again.select("v", "row", "first").iter_rows():
        problems.append((name, i, f.name, f"duplicate {f.name} {v!r} (first on row {at})"))


# columns typed at once: polars lets go of Python while it parses, so two columns take about the
# time of one on two cores (a 2M-row observations file: 2.8 -> 1.6 s)
TYPING_THREADS = 2


def _typed_columns(cells: dict[str, pl.Series], header: list[str], resource: str, name: str,
                   found: list) -> list[pl.Series]:
    """The text columns of `cells` (with their row numbers, `_row`) checked and typed, in the
    header's order, row numbers last; each column's text let go once it is typed."""
    fields = {f.name: f for f in FIELDS[resource]}
    rows = cells.pop("_row")

    def typed(col: str) -> pl.Series:
        f = fields.get(col)
        text_cells = cells.pop(col)
        if f is None:  # a column the standard does not define: kept as text
            stripped = text_cells.str.strip_chars()
            return _where(stripped != "", stripped, pl.Utf8)
        return _typed_column(f, text_cells, rows, name, found)

    with ThreadPoolExecutor(max_workers=TYPING_THREADS) as pool:
        out = list(pool.map(typed, header))
    return [*out, rows]


def _read_fast(path: Path, header: list[str]) -> dict[str, pl.Series] | None:
    """The cells of a CSV as text columns read by polars from the file (mapped, not a copy of its
    bytes), with their row numbers (`_row`), when polars reads it as Python's csv module does;
    else None: when a row has more values than the header (polars refuses the file; the csv
    module's reading names the row) and when a row has no value at all (a blank line, which the
    csv module skips and polars reads as a row of empty cells). Read in batches of rows, the
    import's peak was no lower and its time longer (benchmarks/README.md)."""
    try:
        frame = pl.read_csv(path, infer_schema=False, has_header=True)
    except pl.exceptions.PolarsError:
        return None
    if frame.columns != header or (frame.height and frame.select(pl.all_horizontal(pl.all().is_null()).any()).item()):
        return None
    return {**{c: frame[c] for c in header}, "_row": pl.int_range(2, frame.height + 2, eager=True, dtype=pl.Int64).alias("_row")}


def _cells(reader, header: list[str], name: str, found: list) -> dict[str, pl.Series]:
    """The cells of the rest of a CSV as text columns, read by Python's csv module (a blank line is
    no row, as csv.DictReader reads; a short row's missing cells are empty; a row with more values
    than the header is a problem and left out), with their row numbers (`_row`)."""
    width = len(header)
    cells: list[list] = []
    numbers: list[int] = []
    for i, values in enumerate((v for v in reader if v), start=2):
        if len(values) > width:
            found.append((name, i, None, f"{len(values)} values for {width} columns"))
            continue
        if len(values) < width:
            values = values + [None] * (width - len(values))
        cells.append(values)
        numbers.append(i)
    columns = list(zip(*cells)) if cells else [()] * width
    return {**{c: pl.Series(c, v, dtype=pl.Utf8) for c, v in zip(header, columns)},
            "_row": pl.Series("_row", numbers, dtype=pl.Int64)}


def _header(text: str) -> list[str]:
    """The header row of a CSV's text, read by the csv module from the text's first 64 KiB (a
    StringIO of the whole file would hold it again at four bytes a character); the whole text
    when the header could be longer than that."""
    head = text[:1 << 16]
    header = next(csv.reader(io.StringIO(head, newline="")), None) or []
    if len(head) < len(text) and sum(len(h) + 3 for h in header) > 1 << 15:
        header = next(csv.reader(io.StringIO(text, newline="")), None) or []
    return header


def read_table(path: Path, resource: str, problems: list) -> pl.DataFrame:
    """One CSV resource as a frame of typed columns (None when empty), its row numbers in `_row`
    (the header is row 1), every column of the standard's schema present; problems appended,
    each located by file, row and column, in the order of the rows. Read by polars where it reads
    the file as Python's csv module does (`_read_fast`), and checked a column at a time: a
    package holds hundreds of thousands of observations."""
    name = path.name
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = raw[:exc.start].count(b"\n") + 1
        problems.append((name, row, None, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                                          "save the file as UTF-8"))
        return pl.DataFrame()
    header = _header(text)
    if not header:
        problems.append((name, 1, None, "the file is empty: a header row is required"))
        return pl.DataFrame()
    missing = [f.name for f in FIELDS[resource] if f.required and f.name not in header]
    for m in missing:
        problems.append((name, 1, m, "required column missing from the header"))
    dupes = [h for h, c in Counter(header).items() if c > 1]
    for d in dupes:
        problems.append((name, 1, d, "column appears twice in the header"))
    if missing or dupes:
        return pl.DataFrame()
    del raw, text  # polars reads the file itself; the csv module's reading decodes it again
    found: list[tuple] = []
    cells = _read_fast(path, header)
    if cells is None:
        reader = csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""))
        next(reader)
        cells = _cells(reader, header, name, found)
        del reader
    frame = pl.DataFrame(_typed_columns(cells, header, resource, name, found))
    absent = [pl.lit(None, dtype=POLARS_TYPES[f.type]).alias(f.name) for f in FIELDS[resource] if f.name not in frame.columns]
    # row by row and left to right, as a person reads the file (columns are typed two at a time)
    position = {c: i for i, c in enumerate(header)}
    problems.extend(sorted(found, key=lambda p: (p[1], position.get(p[2], -1))))
    return frame.with_columns(absent) if absent else frame


def _read_descriptor(pkg: Path, problems: list) -> dict | None:
    p = pkg / "datapackage.json" if pkg.is_dir() else pkg
    if not p.exists():
        problems.append(("datapackage.json", None, None, f"not found in {pkg}: a Camtrap DP package is a folder "
                                                        "with datapackage.json, deployments.csv, media.csv and observations.csv"))
        return None
    if p.is_symlink():
        problems.append(("datapackage.json", None, None, "is a link; links are not read"))
        return None
    try:
        desc = json.loads(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        problems.append(("datapackage.json", None, None, f"not UTF-8 text ({exc.reason})"))
        return None
    except json.JSONDecodeError as exc:
        problems.append(("datapackage.json", exc.lineno, None, f"not valid JSON at column {exc.colno} ({exc.msg})"))
        return None
    if not isinstance(desc, dict):
        problems.append(("datapackage.json", None, None, "must be a JSON object"))
        return None
    for key in REQUIRED_METADATA:
        if key not in desc:
            problems.append(("datapackage.json", None, key, "required property missing (Camtrap DP 1.0 profile)"))
    if isinstance(desc.get("project"), dict):
        for key in REQUIRED_PROJECT:
            if key not in desc["project"]:
                problems.append(("datapackage.json", None, f"project.{key}", "required property missing"))
    profile = str(desc.get("profile", ""))
    if profile and "camtrap-dp" not in profile:
        problems.append(("datapackage.json", None, "profile", f"{profile!r} is not a Camtrap DP profile"))
    elif profile and not PROFILE_VERSION.search(profile):
        problems.append(("datapackage.json", None, "profile",
                         f"{profile!r} is not Camtrap DP 1.x; this store reads version 1.0 and its 1.x revisions"))
    names = {r.get("name"): r for r in desc.get("resources", []) if isinstance(r, dict)}
    for res in STANDARD_RESOURCES:
        if res not in names:
            problems.append(("datapackage.json", None, "resources", f"the {res!r} resource is missing"))
    return desc


def inside_package(pkg: Path, relative: str) -> tuple[Path | None, str | None]:
    """The file `relative` names inside the package folder, or (None, why not): a package may
    name only its own files, by a relative path, with no link anywhere on the way (a link to
    /etc/shadow would otherwise be read, stored and exported again)."""
    if not isinstance(relative, str) or not relative.strip():
        return None, "must be a relative path to a file of the package"
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", relative):
        return None, f"{relative!r} is a URL; only files inside the package are read"
    rel = Path(relative)
    if rel.is_absolute() or relative.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", relative):
        return None, f"{relative!r} is an absolute path; only files inside the package are read"
    if ".." in rel.parts:
        return None, f"{relative!r} leaves the package ('..')"
    root = pkg.resolve()
    step = pkg
    for part in rel.parts:
        step = step / part
        if step.is_symlink():
            return None, f"{relative!r} is a link; links are not read"
    target = (pkg / rel).resolve()
    if root not in target.parents:
        return None, f"{relative!r} is outside the package"
    return target, None


def _custom_resource_is_ours(pkg: Path, resource: dict, name: str) -> bool:
    """Whether a package's custom resource `individuals` or `individual-links` is this store's (a
    CSV file with the columns `export_package` writes, by its schema or else by its header line),
    not another tool's resource of the same name (the TDWG example has an inline `individuals`
    table of its own), which is left alone."""
    required = {f.name for f in FIELDS[name] if f.required}
    if not isinstance(resource.get("path"), str):
        return False
    schema = resource.get("schema")
    if isinstance(schema, dict) and isinstance(schema.get("fields"), list):
        return required <= {f.get("name") for f in schema["fields"] if isinstance(f, dict)}
    target, why = inside_package(pkg, resource["path"])
    if why or not target.is_file():
        return True  # named like ours: read, so that the problem is reported
    with open(target, encoding="utf-8-sig", errors="replace", newline="") as fh:
        header = next(csv.reader([fh.readline()]), [])
    return required <= set(header)


def _resource_path(pkg: Path, desc: dict, name: str, problems: list) -> Path | None:
    for r in desc.get("resources", []):
        if isinstance(r, dict) and r.get("name") == name:
            if name not in STANDARD_RESOURCES and not _custom_resource_is_ours(pkg, r, name):
                return None
            path = r.get("path")
            if isinstance(path, list):
                problems.append(("datapackage.json", None, f"resources.{name}.path",
                                 "a list of files is not accepted; give one CSV file per resource"))
                return None
            target, why = inside_package(pkg, path)
            if why:
                problems.append(("datapackage.json", None, f"resources.{name}.path", why))
            return target
    return None


# -- import -----------------------------------------------------------------------------------------
def import_package(store: Store, package: str | Path, park: str, imported_by: str = "bigcats") -> dict:
    """Import a Camtrap DP package into `park`'s catalogue: all or nothing; returns counts."""
    pkg = Path(package)
    problems: list[tuple] = []
    if not pkg.exists():
        raise PackageRefused(pkg, [(str(pkg), None, None, "no such file or folder")])
    if pkg.is_file() and pkg.name == "datapackage.json":
        pkg = pkg.parent
    area = store.query("protected_area", area_id=park)
    if area.is_empty():
        known = ", ".join(store.query("protected_area_ids")["area_id"])
        raise PackageRefused(pkg, [("--park", None, None, f"unknown park {park!r}; known: {known}")])
    region, country = area["region_id"][0], area["country"][0]
    offset = timezone(timedelta(hours=utc_offsets().get((region, country), 0)))
    desc = _read_descriptor(pkg, problems)
    if desc is None:
        raise PackageRefused(pkg, problems)
    tables: dict[str, pl.DataFrame] = {}
    for res in ("deployments", "media", "observations", "individuals", "individual-links"):
        p = _resource_path(pkg, desc, res, problems)
        if p is None:
            tables[res] = _empty(res)
            continue
        if not p.exists():
            problems.append((p.name, None, None, f"listed in datapackage.json as the {res!r} resource but not found"))
            tables[res] = _empty(res)
            continue
        if p.stat().st_size > MAX_RESOURCE_BYTES:
            problems.append((p.name, None, None, f"{p.stat().st_size / 2**20:.0f} MB is larger than the "
                                                 f"{MAX_RESOURCE_BYTES // 2**20} MB one resource may have; "
                                                 "split the package by period"))
            tables[res] = _empty(res)
            continue
        tables[res] = read_table(p, res, problems)
    if problems:
        raise PackageRefused(pkg, problems)

    taxonomic = read_taxonomic(desc, problems)
    if problems:
        raise PackageRefused(pkg, problems)
    synthetic = bool(desc.get("bigcats:synthetic", False))
    source = f"Camtrap DP package {desc.get('name') or pkg.name} ({desc.get('id', 'no id')}), imported into {park}"
    rows = _check_and_map(store, pkg, park, region, offset, tables, taxonomic, problems, source, synthetic)
    if problems:
        raise PackageRefused(pkg, problems)
    return _write(store, pkg, park, rows, imported_by)


def _empty(resource: str) -> pl.DataFrame:
    """A resource the package does not have: no rows, the standard's columns."""
    return pl.DataFrame(schema={**{f.name: POLARS_TYPES[f.type] for f in FIELDS[resource]}, "_row": pl.Int64})


def _local(dt: datetime, offset: timezone) -> datetime:
    """A UTC time (as `read_table` gives it) in the park's local time, without its zone."""
    return dt + offset.utcoffset(None)


def _check_and_map(store, pkg, park, region, offset, tables, taxonomic, problems, source, synthetic) -> dict:
    stored = store.query("species_names", lang="en")
    species = dict(zip(stored["scientific_name"], stored["species_id"]))
    taken = set(stored["species_id"])
    new_species: list[dict] = []

    def species_of(name: str) -> str:
        """The store's species of a scientific name; a taxon the store does not know yet is added
        (kind 'other'), named as the package's taxonomic block names it."""
        name = name.strip()
        if name not in species:
            taxon = taxonomic.get(name, {"taxon_rank": None, "taxon_id": None, "names": {}})
            sid = species_id_for(name, taken)
            taken.add(sid)
            species[name] = sid
            named = ", ".join(sorted(taxon["names"])) or "none"
            new_species.append({
                "species_id": sid, "kind": "other", "scientific_name": name, "taxon_rank": taxon["taxon_rank"],
                "taxon_id": taxon["taxon_id"],
                **{f"name_{lang}": taxon["names"].get(lang, name) for lang in VERNACULAR_KEYS},
                "source": f"{source}; vernacular names from its taxonomic block ({named}), "
                          "the scientific name where it gives none", "synthetic": synthetic})
        return species[name]
    owners = dict(store.query("deployment_owners").iter_rows())
    stored_periods = {r[0]: (r[1], r[2]) for r in store.query("park_deployment_periods", park=park).iter_rows()}
    obs_owner = dict(store.query("observations_owned_elsewhere", park=park, frames={
        "package_observations": tables["observations"].select(pl.col("observationID").alias("observation_id"))}
    ).iter_rows())
    media_owner = dict(store.query("media_owners", frames={"package_media": tables["media"].select(
        pl.col("mediaID").alias("media_id"))},
                                   park=park).iter_rows())
    land = store.query("park_land", park=park)["g"][0]
    from shapely import contains_xy, wkb
    land = wkb.loads(bytes(land)) if land is not None else None

    deployments, periods = [], dict(stored_periods)
    for r in tables["deployments"].iter_rows(named=True):
        dep, i = r["deploymentID"], r["_row"]
        if owners.get(dep, park) != park:
            problems.append(("deployments.csv", i, "deploymentID", f"{dep!r} already belongs to park {owners[dep]} in this store"))
        groups = dict(g.split(":", 1) for g in re.split(r"\s*\|\s*", r.get("deploymentGroups") or "") if ":" in g)
        if groups.get("park") and groups["park"].strip() != park:
            problems.append(("deployments.csv", i, "deploymentGroups",
                             f"says park:{groups['park'].strip()} but the package is being imported as {park}'s data"))
        if r["deploymentEnd"] < r["deploymentStart"]:
            problems.append(("deployments.csv", i, "deploymentEnd", "is before deploymentStart"))
        if land is not None and not contains_xy(land, r["longitude"], r["latitude"]):
            problems.append(("deployments.csv", i, "latitude",
                             f"({r['latitude']}, {r['longitude']}) is outside the {region} region of park {park}"
                             " (or, for a park in a country the region's shapes do not cover, 0.5° around it)"))
        tags = dict(t.split(":", 1) for t in re.split(r"\s*\|\s*", r.get("deploymentTags") or "") if ":" in t)
        start, end = _local(r["deploymentStart"], offset), _local(r["deploymentEnd"], offset)
        periods[dep] = (start, end)
        deployments.append({"deployment_id": dep, "owner_area_id": park, "location_id": r.get("locationID"),
                            "latitude": r["latitude"], "longitude": r["longitude"], "start_at": start, "end_at": end,
                            "grid_cell": tags.get("gridCell"), "source": source, "synthetic": synthetic})

    media = []
    media_ids = set()
    for r in tables["media"].iter_rows(named=True):
        m, i = r["mediaID"], r["_row"]
        if r["deploymentID"] not in periods:
            problems.append(("media.csv", i, "deploymentID", f"unknown deployment {r['deploymentID']!r}: not in deployments.csv "
                                                              f"nor among {park}'s deployments"))
        if media_owner.get(m, park) != park:
            problems.append(("media.csv", i, "mediaID", f"{m!r} already belongs to park {media_owner[m]}"))
        content = None
        if not r["filePath"].startswith(("http://", "https://")):
            f, why = inside_package(pkg, r["filePath"])
            if why:
                problems.append(("media.csv", i, "filePath", why))
            elif f.is_file():
                if f.stat().st_size > MAX_MEDIA_BYTES:
                    problems.append(("media.csv", i, "filePath", f"{r['filePath']!r} is larger than "
                                                                 f"{MAX_MEDIA_BYTES // 2**20} MB, the limit for one media file"))
                else:
                    content = f.read_bytes()
        media_ids.add(m)
        media.append({"media_id": m, "deployment_id": r["deploymentID"], "captured_at": _local(r["timestamp"], offset),
                      "capture_method": r.get("captureMethod"), "file_path": r["filePath"], "file_public": r["filePublic"],
                      "file_name": r.get("fileName"), "file_mediatype": r["fileMediatype"], "content": content,
                      "source": source, "synthetic": synthetic})
    stored_media = {m for m, owner in media_owner.items() if owner == park}

    # handed over, not kept: the package's observations as read are the largest frame of an import
    observations, types, entries = _observations(tables.pop("observations"), park, offset, periods,
                                                 media_ids | stored_media, obs_owner, species_of, problems,
                                                 source, synthetic)

    described = {r["individualID"]: r for r in tables["individuals"].iter_rows(named=True)}
    stored_ind = dict(store.query("catalogue_species", park=park).iter_rows())
    individuals = []
    for ind, r in described.items():
        sp = species_of(r["scientificName"])
        if ind in entries and entries[ind]["species"] != sp:
            problems.append(("individuals.csv", r["_row"], "scientificName",
                             f"{ind!r} is a {sp} here but a {entries[ind]['species']} in observations.csv"))
    for ind in sorted(set(entries) | set(described)):
        d = described.get(ind)
        sp = entries[ind]["species"] if ind in entries else species_of(d["scientificName"])
        if stored_ind.get(ind, sp) != sp:
            problems.append(("observations.csv", entries.get(ind, {}).get("row"), "individualID",
                             f"{ind!r} is a {stored_ind[ind]} in {park}'s catalogue, not a {sp}"))
        if d and d.get("sex"):
            sex = d["sex"]
        else:
            sexes = Counter({k: v for k, v in entries[ind]["sexes"].items() if k != "unknown"}) if ind in entries else Counter()
            sex = sexes.most_common(1)[0][0] if sexes else "unknown"
        individuals.append({"catalogue_area_id": park, "individual_id": ind, "species_id": sp, "sex": sex,
                            "alias": (d or {}).get("aliases"), "source": source, "synthetic": synthetic})

    known = set(store.query("catalogue_keys").iter_rows())
    known |= {(park, i["individual_id"]) for i in individuals}
    links, unmatched = [], 0
    for r in tables["individual-links"].iter_rows(named=True):
        a, b = (r["parkA"], r["individualA"]), (r["parkB"], r["individualB"])
        if park not in (a[0], b[0]):
            problems.append(("individual-links.csv", r["_row"], "parkA", f"neither side of the link is {park}"))
            continue
        if a[0] == b[0]:
            problems.append(("individual-links.csv", r["_row"], "parkB", "a link joins entries of two different parks"))
            continue
        if a not in known or b not in known:
            unmatched += 1   # the partner's catalogue is not in this store yet; its own import will link them
            continue
        links.append({"area_a": a[0], "individual_a": a[1], "area_b": b[0], "individual_b": b[1], "evidence": r["evidence"],
                      "matched_by": r["matchedBy"], "matched_on": r["matchedOn"], "source": source, "synthetic": synthetic})
    return {"species": new_species, "deployments": deployments, "media": media, "observations": observations,
            "individuals": individuals, "individual_links": links, "types": dict(types), "links_waiting": unmatched}


def _observations(obs: pl.DataFrame, park: str, offset: timezone, periods: dict, media_ids: set, obs_owner: dict,
                  species_of, problems: list, source: str, synthetic: bool) -> tuple[pl.DataFrame, dict, dict]:
    """The package's observations checked against its deployments, media and the store, a column
    at a time, and mapped to the store's rows: (observations, count of each observation type,
    each individual's species, first row and sexes photographed). A row whose deployment is
    unknown, whose scientific name is too long, or that names an individual without a species is
    left out after its problem; the others' problems are all reported."""
    file = "observations.csv"
    found: list[tuple] = []  # (row, order of the check in a row, problem)

    def report(rows: pl.DataFrame, k: int, column: str, why) -> None:
        for r in rows.iter_rows(named=True):
            found.append((r["_row"], k, (file, r["_row"], column, why(r))))

    shift = pl.duration(seconds=int(offset.utcoffset(None).total_seconds()))
    deps = pl.DataFrame({"deploymentID": list(periods), "_start": [p[0] for p in periods.values()],
                         "_end": [p[1] for p in periods.values()]},
                        schema={"deploymentID": pl.Utf8, "_start": pl.Datetime("us"), "_end": pl.Datetime("us")})
    owners = pl.DataFrame({"observationID": list(obs_owner), "_owner": list(obs_owner.values())},
                          schema={"observationID": pl.Utf8, "_owner": pl.Utf8})
    obs = obs.join(deps, on="deploymentID", how="left").join(owners, on="observationID", how="left").sort("_row")
    report(obs.filter(pl.col("_start").is_null()), 0, "deploymentID",
           lambda r: f"unknown deployment {r['deploymentID']!r}: not in deployments.csv nor among {park}'s deployments")
    obs = obs.filter(pl.col("_start").is_not_null())
    report(obs.filter(pl.col("mediaID").is_not_null() & ~pl.col("mediaID").is_in(list(media_ids))), 1, "mediaID",
           lambda r: f"unknown media {r['mediaID']!r}: not in media.csv")
    report(obs.filter(pl.col("_owner").is_not_null() & (pl.col("_owner") != park)), 2, "observationID",
           lambda r: f"{r['observationID']!r} already belongs to park {r['_owner']}")
    report(obs.filter(pl.col("eventEnd") < pl.col("eventStart")), 3, "eventEnd", lambda r: "is before eventStart")
    report(obs.filter((pl.col("observationLevel") == "media") & pl.col("mediaID").is_null()), 4, "mediaID",
           lambda r: "a media-based observation (observationLevel media) names the media file it classifies")
    types = dict(obs.group_by("observationType", maintain_order=True).len().iter_rows())
    too_long = pl.col("scientificName").str.len_chars() > MAX_NAME
    report(obs.filter(too_long.fill_null(False)), 5, "scientificName", lambda r: f"longer than {MAX_NAME} characters")
    obs = obs.filter(~too_long.fill_null(False))
    # the species of each distinct name, in the order the rows first name them (new taxa added so)
    names = obs["scientificName"].drop_nulls().unique(maintain_order=True).to_list()
    ids = [species_of(n) if n.strip() else None for n in names]
    obs = obs.with_columns(pl.col("scientificName").replace_strict(names, ids, default=None, return_dtype=pl.Utf8)
                           .alias("_species"), (pl.col("eventStart") + shift).alias("_at"))
    outside = ~((pl.col("_start") <= pl.col("_at")) & (pl.col("_at") <= pl.col("_end") + pl.duration(days=1)))
    report(obs.filter(outside), 6, "eventStart",
           lambda r: f"{r['_at']:%Y-%m-%d %H:%M} (park time) is outside deployment {r['deploymentID']}'s "
                     f"{r['_start']:%Y-%m-%d} – {r['_end']:%Y-%m-%d}")
    nameless = pl.col("individualID").is_not_null() & pl.col("_species").is_null()
    report(obs.filter(nameless), 7, "individualID", lambda r: "an individual needs a scientificName")
    obs = obs.filter(~nameless)
    # an individual is one species: the one of its first row
    first = (obs.filter(pl.col("individualID").is_not_null()).group_by("individualID", maintain_order=True)
             .agg(pl.col("_species").first().alias("_first_species"), pl.col("_row").first().alias("_first_row")))
    obs = obs.join(first, on="individualID", how="left").sort("_row")
    report(obs.filter(pl.col("_first_species").is_not_null() & (pl.col("_species") != pl.col("_first_species"))), 8,
           "individualID", lambda r: f"{r['individualID']!r} is a {r['_species']} here but a {r['_first_species']} "
                                     f"on row {r['_first_row']}")
    sexes = (obs.filter(pl.col("individualID").is_not_null())
             .group_by("individualID", pl.col("sex").fill_null("unknown")).len())
    entries = {ind: {"species": sp, "row": row, "sexes": Counter()} for ind, sp, row in first.iter_rows()}
    for ind, sex, n in sexes.iter_rows():
        entries[ind]["sexes"][sex] = n
    problems.extend(p for *_, p in sorted(found, key=lambda f: (f[0], f[1])))
    individual = pl.col("individualID").is_not_null()
    out = obs.select(
        pl.col("observationID").alias("observation_id"), pl.col("deploymentID").alias("deployment_id"),
        pl.col("_at").alias("observed_at"),
        # an event of one instant ends when it starts: stored as none (the schema's reading)
        pl.when(pl.col("eventEnd") == pl.col("eventStart")).then(None).otherwise(pl.col("eventEnd") + shift)
        .alias("event_end"),
        pl.col("eventID").alias("event_id"), pl.col("observationLevel").alias("observation_level"),
        pl.col("observationType").alias("observation_type"), pl.col("_species").alias("species_id"),
        pl.col("count").cast(pl.Int32), pl.when(individual).then(pl.lit(park)).alias("catalogue_area_id"),
        pl.col("individualID").alias("individual_id"), pl.col("sex").fill_null("unknown"),
        pl.col("lifeStage").fill_null("unknown").alias("life_stage"), pl.col("behavior"),
        pl.col("classificationMethod").alias("classification_method"),
        pl.col("classifiedBy").alias("classified_by"),
        pl.col("classificationProbability").alias("classification_probability"),
        pl.lit(source).alias("source"), pl.lit(synthetic).alias("synthetic"), pl.col("mediaID").alias("media_id"))
    return out, types, entries


SCHEMAS = {
    "species": {"species_id": pl.Utf8, "kind": pl.Utf8, "scientific_name": pl.Utf8, "taxon_rank": pl.Utf8,
                "taxon_id": pl.Utf8, "name_en": pl.Utf8, "name_ru": pl.Utf8, "name_zh": pl.Utf8, "name_mn": pl.Utf8,
                "source": pl.Utf8, "synthetic": pl.Boolean},
    "deployments": {"deployment_id": pl.Utf8, "owner_area_id": pl.Utf8, "location_id": pl.Utf8, "latitude": pl.Float64,
                    "longitude": pl.Float64, "start_at": pl.Datetime("us"), "end_at": pl.Datetime("us"),
                    "grid_cell": pl.Utf8, "source": pl.Utf8, "synthetic": pl.Boolean},
    "media": {"media_id": pl.Utf8, "deployment_id": pl.Utf8, "captured_at": pl.Datetime("us"), "capture_method": pl.Utf8,
              "file_path": pl.Utf8, "file_public": pl.Boolean, "file_name": pl.Utf8, "file_mediatype": pl.Utf8,
              "content": pl.Binary, "source": pl.Utf8, "synthetic": pl.Boolean},
    "individuals": {"catalogue_area_id": pl.Utf8, "individual_id": pl.Utf8, "species_id": pl.Utf8, "sex": pl.Utf8,
                    "alias": pl.Utf8, "source": pl.Utf8, "synthetic": pl.Boolean},
    "observations": {"observation_id": pl.Utf8, "deployment_id": pl.Utf8, "observed_at": pl.Datetime("us"),
                     "event_end": pl.Datetime("us"), "event_id": pl.Utf8, "observation_level": pl.Utf8,
                     "observation_type": pl.Utf8, "species_id": pl.Utf8, "count": pl.Int32,
                     "catalogue_area_id": pl.Utf8, "individual_id": pl.Utf8, "sex": pl.Utf8, "life_stage": pl.Utf8,
                     "behavior": pl.Utf8, "classification_method": pl.Utf8, "classified_by": pl.Utf8,
                     "classification_probability": pl.Float64, "source": pl.Utf8, "synthetic": pl.Boolean,
                     "media_id": pl.Utf8},
    "individual_links": {"area_a": pl.Utf8, "individual_a": pl.Utf8, "area_b": pl.Utf8, "individual_b": pl.Utf8,
                         "evidence": pl.Utf8, "matched_by": pl.Utf8, "matched_on": pl.Date, "source": pl.Utf8,
                         "synthetic": pl.Boolean},
}
KEYS = {"species": ["species_id"], "deployments": ["deployment_id"], "media": ["media_id"], "individuals": ["catalogue_area_id", "individual_id"],
        "observations": ["observation_id"], "individual_links": ["area_a", "individual_a", "area_b", "individual_b"]}
# Provenance columns do not make a row different: re-importing under another file name changes nothing.
IGNORED = {"source"}


FILE_OF = {"species": "datapackage.json", "deployments": "deployments.csv", "media": "media.csv", "individuals": "individuals.csv",
           "observations": "observations.csv", "individual_links": "individual-links.csv"}


def _write(store: Store, pkg: Path, park: str, rows: dict, imported_by: str) -> dict:
    """Write the checked rows in one transaction; a constraint the checks did not foresee is
    still refused as a located problem, never as a raw database error."""
    try:
        return _write_rows(store, pkg, park, rows, imported_by)
    except duckdb.ConstraintException as exc:
        text = str(exc).split("\n")[0].replace("Constraint Error: ", "")
        table = getattr(exc, "_bigcats_table", None)
        reason = text
        if "still referenced by a foreign key" in text:
            key = re.search(r'key "([^"]+)"', text)
            reason = (f"{key.group(1) if key else 'a stored row'} is stored with other values and other rows refer to "
                      "it; this store cannot change such a row in place: export, correct and re-import the park's "
                      "data, or ask an admin")
        raise PackageRefused(pkg, [(FILE_OF.get(table, "package"), None, None, reason)]) from None


def _as_frame(rows: list[dict] | pl.DataFrame, table: str) -> pl.DataFrame:
    """Checked rows (a list of dicts, or a frame) with the table's columns and types."""
    if isinstance(rows, pl.DataFrame):
        return rows.select([pl.col(c).cast(t) for c, t in SCHEMAS[table].items()])
    return pl.DataFrame(rows, schema=SCHEMAS[table])


@one_transaction
def _write_rows(store: Store, pkg: Path, park: str, rows: dict, imported_by: str) -> dict:
    added = changed = 0
    counts = {}
    require(store, "catalogue", park=park)
    written = ("species", "deployments", "media", "individuals", "observations", "individual_links")
    # a taxon is only ever added: a package does not rename the store's species
    compare = {table: [] if table == "species" else [c for c in SCHEMAS[table] if c not in KEYS[table] and c not in IGNORED]
               for table in written}
    frames = {table: _as_frame(rows[table], table) for table in written}

    def to_write(cur) -> dict[str, pl.DataFrame]:
        """Only the package's rows that are new or differ from the store's are written and
        audited (every write below is an upsert by these keys): an unchanged package, none."""
        for table in written:
            frame = frames[table]
            if table == "individual_links":  # either direction of a stored link is the same link
                frame = frame.join(store.run(cur, "individual_links_reversed").pl(), on=KEYS[table], how="anti")
            frames[table] = store.rows_to_write(cur, table, frame, KEYS[table], compare[table])
        return {table: frames[table].select(KEYS[table]) for table in written}

    with recorded(store, "import camtrap-dp", [*written, "imports"], target=park, summary=str(pkg),
                  batch=to_write) as cur:
        for table in written:
            try:
                n_new, n_changed = store.upsert_frame(cur, table, frames[table], KEYS[table], compare[table],
                                                      also_set=() if table == "species" else ("source",))
            except duckdb.ConstraintException as exc:
                exc._bigcats_table = table
                raise
            counts[table] = {"added": n_new, "changed": n_changed}
            added += n_new
            changed += n_changed
        summary = json.dumps({"counts": counts, "observation_types": rows["types"], "links_waiting": rows["links_waiting"]})
        if added or changed:
            record_import(store, cur, "camtrap-dp", str(pkg), imported_by, added, changed, summary=summary, area_id=park)
    return {"added": added, "changed": changed, "tables": counts, "observation_types": rows["types"],
            "links_waiting": rows["links_waiting"]}


# -- export -----------------------------------------------------------------------------------------
_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "video/mp4": ".mp4"}


def _media_file_name(media_id: str, mediatype: str | None) -> str:
    """A file name made from the media ID alone (the original name may encode the place)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", media_id)[:100] or "media"
    return safe + _EXTENSIONS.get(mediatype or "", "")


def _with_offset(dt: datetime, offset: timezone) -> str:
    return dt.replace(tzinfo=offset).isoformat(timespec="seconds")


def export_package(store: Store, out: str | Path, park: str, date_from, date_to) -> dict:
    """Write `park`'s deployments, media, observations, catalogue and links of a period as a
    Camtrap DP 1.0 package in the folder `out`; returns the counts written."""
    out = Path(out)
    area = store.query("protected_area", area_id=park)
    if area.is_empty():
        raise ValueError(f"unknown park {park!r}")
    region, country, park_name = area["region_id"][0], area["country"][0], area["name_en"][0]
    offset = timezone(timedelta(hours=utc_offsets().get((region, country), 0)))
    p = {"park": park, "date_from": date_from, "date_to": date_to}
    deps = store.query("park_deployments", **p)
    obs = store.query("park_observations", **p)
    media = store.query("park_media", **p)
    inds = store.query("catalogue_entries", **p)
    links = store.query("park_links", park=park)
    out.mkdir(parents=True, exist_ok=True)

    def write(name: str, fields: tuple[Field, ...], rows: list[dict]) -> None:
        with open(out / name, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=[f.name for f in fields], extrasaction="ignore")
            w.writeheader()
            for r in rows:
                w.writerow({k: ("" if v is None else ("true" if v is True else "false" if v is False else v)) for k, v in r.items()})

    write("deployments.csv", DEPLOYMENT_FIELDS, [{
        "deploymentID": r["deployment_id"], "locationID": r["location_id"], "latitude": r["latitude"],
        "longitude": r["longitude"],
        # a generalised position is the centre of its cell: the uncertainty is the half diagonal
        "coordinateUncertainty": round(r["coordinates_generalised_km"] * 1000 * 2 ** 0.5 / 2)
        if r.get("coordinates_generalised_km") else None,
        "deploymentStart": _with_offset(r["start_at"], offset),
        "deploymentEnd": _with_offset(r["end_at"], offset), "baitUse": False,
        "deploymentGroups": (f"country:{r['country']} | " if r["country"] else "") + f"park:{park}",
        "deploymentTags": f"gridCell:{r['grid_cell']}" if r["grid_cell"] else None} for r in deps.iter_rows(named=True)])
    media_dir = out / "media"
    media_rows = []
    for r in media.iter_rows(named=True):
        # a reader who gets generalised positions gets no file path or name (they may encode the
        # place) and images without location metadata (bigcats.sensitivity)
        path, public = r["file_path"], r["file_public"]
        if r["content"] is not None:
            media_dir.mkdir(exist_ok=True)
            name = Path(r["file_path"]).name if r["file_path"] else _media_file_name(r["media_id"], r["file_mediatype"])
            path = f"media/{name}"
            (out / path).write_bytes(r["content"])
        elif path is None:  # withheld: neither a path nor a cleanable file may be given
            path, public = f"withheld/{_media_file_name(r['media_id'], r['file_mediatype'])}", False
        media_rows.append({"mediaID": r["media_id"], "deploymentID": r["deployment_id"], "captureMethod": r["capture_method"],
                           "timestamp": _with_offset(r["captured_at"], offset), "filePath": path,
                           "filePublic": public, "fileName": r["file_name"], "fileMediatype": r["file_mediatype"]})
    write("media.csv", MEDIA_FIELDS, media_rows)
    write("observations.csv", OBSERVATION_FIELDS, [{
        "observationID": r["observation_id"], "deploymentID": r["deployment_id"], "mediaID": r["media_id"],
        "eventID": r["event_id"], "eventStart": _with_offset(r["observed_at"], offset),
        "eventEnd": _with_offset(r["event_end"] or r["observed_at"], offset),
        "observationLevel": r["observation_level"], "observationType": r["observation_type"],
        "scientificName": r["scientific_name"], "count": r["count"],
        "lifeStage": None if r["life_stage"] in (None, "unknown") else r["life_stage"],
        "sex": None if r["sex"] in (None, "unknown") else r["sex"], "behavior": r["behavior"],
        "individualID": r["individual_id"], "classificationMethod": r["classification_method"],
        "classifiedBy": r["classified_by"], "classificationProbability": r["classification_probability"]}
        for r in obs.iter_rows(named=True)])
    write("individuals.csv", INDIVIDUAL_FIELDS, [{
        "individualID": r["individual_id"], "scientificName": r["scientific_name"], "sex": r["sex"],
        "aliases": r["alias"], "catalogueIDs": "|".join([f"{park}:{r['individual_id']}"] + (r["linked_entries"] or "").split("|")).strip("|"),
        "firstDetectionDate": r["first_seen"].date().isoformat(), "firstDetectionDeploymentID": r["first_deployment"],
        "firstDetectionCountry": r["first_country"], "sexesPhotographed": r["sexes_photographed"]} for r in inds.iter_rows(named=True)])
    write("individual-links.csv", LINK_FIELDS, [{
        "parkA": r["area_a"], "individualA": r["individual_a"], "parkB": r["area_b"], "individualB": r["individual_b"],
        "evidence": r["evidence"], "matchedBy": r["matched_by"], "matchedOn": r["matched_on"].isoformat()}
        for r in links.iter_rows(named=True)])

    synthetic = bool(deps["synthetic"].any() or obs["synthetic"].any())
    lat, lon = deps["latitude"], deps["longitude"]
    bbox = [[lon.min(), lat.min()], [lon.max(), lat.min()], [lon.max(), lat.max()], [lon.min(), lat.max()], [lon.min(), lat.min()]] \
        if deps.height else []
    taxa = store.query("park_taxa", **p)
    descriptor = {
        "profile": PROFILE,
        "name": f"bigcats-{park.lower()}-{date_from}-{date_to}".replace("_", "-"),
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"bigcats:{park}:{date_from}:{date_to}")),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "title": f"{park_name}: camera-trap data {date_from} – {date_to}",
        "contributors": [{"title": park_name, "role": "rightsHolder"}],
        "description": "Exported by bigcats for the transboundary exchange of camera-trap data between the parks (NEASPEC).",
        "version": "1.0",
        "licenses": [{"name": "CC-BY-4.0", "scope": "data"}],
        "project": {"id": park, "title": f"{park_name} camera-trap monitoring", "samplingDesign": "systematicRandom",
                    "captureMethod": sorted(set(media["capture_method"].drop_nulls())) or ["activityDetection"],
                    "individualAnimals": bool(obs["individual_id"].is_not_null().any()),
                    "observationLevel": sorted(set(obs["observation_level"])) or ["event"]},
        "coordinatePrecision": 0.000001,
        "spatial": {"type": "Polygon", "coordinates": [bbox]} if bbox else {"type": "Polygon", "coordinates": []},
        "temporal": {"start": str(date_from), "end": str(date_to)},
        "taxonomic": [{"scientificName": t["scientific_name"],
                       **({"taxonID": t["taxon_id"]} if t["taxon_id"] else {}),
                       **({"taxonRank": t["taxon_rank"]} if t["taxon_rank"] else {}),
                       # a name that is the scientific name again is no vernacular name
                       "vernacularNames": {EXPORT_LANGUAGE[lang]: t[f"name_{lang}"] for lang in EXPORT_LANGUAGE
                                           if t[f"name_{lang}"] != t["scientific_name"]}}
                      for t in taxa.iter_rows(named=True)],
        "bigcats:synthetic": synthetic,
        "resources": [
            {"name": "deployments", "path": "deployments.csv", "profile": "tabular-data-resource", "format": "csv",
             "mediatype": "text/csv", "encoding": "utf-8", "schema": SCHEMA.format("deployments")},
            {"name": "media", "path": "media.csv", "profile": "tabular-data-resource", "format": "csv",
             "mediatype": "text/csv", "encoding": "utf-8", "schema": SCHEMA.format("media")},
            {"name": "observations", "path": "observations.csv", "profile": "tabular-data-resource", "format": "csv",
             "mediatype": "text/csv", "encoding": "utf-8", "schema": SCHEMA.format("observations")},
            {"name": "individuals", "path": "individuals.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
             "description": "Custom resource (not part of Camtrap DP): the park's catalogue entries, their IDs in the "
                            "partner parks' catalogues, sex, aliases and first detection.",
             "schema": {"fields": [{"name": f.name, "type": f.type} for f in INDIVIDUAL_FIELDS], "primaryKey": "individualID"}},
            {"name": "individual-links", "path": "individual-links.csv", "format": "csv", "mediatype": "text/csv",
             "encoding": "utf-8",
             "description": "Custom resource (not part of Camtrap DP): which catalogue entries of two parks are one animal, "
                            "who matched them, when and on what evidence.",
             "schema": {"fields": [{"name": f.name, "type": f.type} for f in LINK_FIELDS]}},
        ],
    }
    (out / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    return {"deployments": deps.height, "media": media.height, "observations": obs.height,
            "individuals": inds.height, "individual_links": links.height}
