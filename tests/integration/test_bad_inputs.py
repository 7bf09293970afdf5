"""The corpus of bad input: every importer (and `bigcats sql`, `bigcats users`) refuses each case
with a non-zero exit, a message naming the file (or the option), the row or record and the field,
and leaves every table of the store exactly as it was.

Grouped by importer: a new importer adds its cases as one more table below. Each case is
(name, files to write, the command's arguments, fragments the message must hold); `{dir}` in an
argument is the case's folder.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from bigcats import Store
from bigcats.cli import main
from bigcats.demo import build_store
from tests.store_state import fingerprint as store_fingerprint
from tests.camtrap_package import make_package

# -- expenditures ---------------------------------------------------------------------------------
EXP_HEADER = "date,proposal,activity,amount,currency,rate_to_usd,description\n"
EXP_GOOD = "2020-02-10,1,1.1,100,USD,,legal review\n"


def exp(row: str, where: str, why: str, name: str):
    return (name, {"spend.csv": EXP_HEADER + row + "\n"}, ["import", "expenditures", "{dir}/spend.csv"],
            ["spend.csv", where, why])


EXPENDITURES = [
    exp("2020-02-10,1,1.1,\"1,5\",USD,,x", "row 2, column 'amount'", "comma is ambiguous", "decimal comma"),
    exp("2020-02-10,1,1.1,\"1.000,50\",USD,,x", "row 2, column 'amount'", "comma is ambiguous", "thousands point"),
    exp("2020-02-10,1,1.1,inf,USD,,x", "row 2, column 'amount'", "not a finite number", "infinite amount"),
    exp("2020-02-10,1,1.1,nan,USD,,x", "row 2, column 'amount'", "not a finite number", "nan amount"),
    exp("2020-02-10,1,1.1,1e13,USD,,x", "row 2, column 'amount'", "not a number", "exponent amount"),
    exp("2020-02-10,1,1.1,0.001,USD,,x", "row 2, column 'amount'", "decimal places", "a tenth of a cent"),
    exp("2020-02-10,1,1.1,-5,USD,,x", "row 2, column 'amount'", "more than zero", "negative amount"),
    exp("2020-02-10,1,1.1,0,USD,,x", "row 2, column 'amount'", "more than zero", "zero amount"),
    exp("2020-02-10,1,1.1,,USD,,x", "row 2, column 'amount'", "empty", "empty amount"),
    exp("2020-02-10,1,1.1,99999999,USD,,x", "row 2, column 'amount'", "more than any expenditure", "huge amount"),
    exp("2020-02-10,1,1.1,100,RUB,inf,x", "row 2, column 'rate_to_usd'", "not a finite number", "infinite rate"),
    exp("2020-02-10,1,1.1,100,RUB,,x", "row 2, column 'rate_to_usd'", "needs its rate", "missing rate"),
    exp("2020-02-10,1,1.1,100,RUB,0,x", "row 2, column 'rate_to_usd'", "more than zero", "zero rate"),
    exp("2020-02-10,1,1.1,100,RUB,abc,x", "row 2, column 'rate_to_usd'", "not a number", "text rate"),
    exp("2020-02-10,1,1.1,100,RUB,5000,x", "row 2, column 'rate_to_usd'", "out of range", "implausible rate"),
    exp("2020-02-10,1,1.1,100,USD,2,x", "row 2, column 'rate_to_usd'", "rate 1", "USD with another rate"),
    exp("2020-02-10,1,1.1,100,RUBLE,1,x", "row 2, column 'currency'", "three-letter", "currency name"),
    exp("2020-02-10,1,9.9,100,USD,,x", "row 2, column 'activity'", "unknown activity", "unknown activity"),
    exp("2020-02-10,7,1.1,100,USD,,x", "row 2, column 'proposal'", "no proposal 7", "unknown proposal"),
    exp("2020-02-10,x,1.1,100,USD,,x", "row 2, column 'proposal'", "not a proposal number", "proposal not a number"),
    exp("2020-13-01,1,1.1,100,USD,,x", "row 2, column 'date'", "not a date of the calendar", "month 13"),
    exp("0001-01-01,1,1.1,100,USD,,x", "row 2, column 'date'", "outside the dates", "year 1"),
    exp("2099-01-01,1,1.1,100,USD,,x", "row 2, column 'date'", "outside the dates", "year 2099"),
    exp("10/02/2020,1,1.1,100,USD,,x", "row 2, column 'date'", "YYYY-MM-DD", "date with slashes"),
    exp("2019-06-01,1,1.1,100,USD,,x", "row 2, column 'date'", "outside proposal 1's period", "before the proposal"),
    exp("2020-02-10,1,1.1,100,USD,,x\x07", "row 2, column 'description'", "control characters", "bell in text"),
    exp("2020-02-10,1,1.1,100,USD,,x,extra", "row 2", "8 values for 7 columns", "ragged row"),
    exp("2020-02-10,1,1.1,100,USD,," + "x" * 5000, "row 2, column 'description'", "at most", "long description"),
    exp("2020-02-10,1,1.1,100,USD,," + "x" * 200_000, "row 2", "cannot be read as CSV", "128 KB field"),
    ("same row twice", {"spend.csv": EXP_HEADER + EXP_GOOD + EXP_GOOD}, ["import", "expenditures", "{dir}/spend.csv"],
     ["spend.csv", "row 3, column 'amount'", "same expenditure as row 2"]),
    ("two amount columns", {"spend.csv": "date,proposal,activity,amount,amount,currency,rate_to_usd,description\n"
                                         "2020-02-10,1,1.1,1,2,USD,,x\n"},
     ["import", "expenditures", "{dir}/spend.csv"], ["spend.csv", "row 1, column 'amount'", "2 times"]),
    ("missing column", {"spend.csv": "date,proposal,amount,currency\n2020-02-10,1,100,USD\n"},
     ["import", "expenditures", "{dir}/spend.csv"], ["spend.csv", "row 1, column 'activity'", "missing"]),
    ("unnamed column", {"spend.csv": "date,proposal,activity,amount,currency,\n2020-02-10,1,1.1,100,USD,\n"},
     ["import", "expenditures", "{dir}/spend.csv"], ["spend.csv", "row 1", "has no name"]),
    ("NUL byte", {"spend.csv": EXP_HEADER + "2020-02-10,1,1.1,100,USD,,x\x00y\n"},
     ["import", "expenditures", "{dir}/spend.csv"], ["spend.csv", "row 2", "NUL byte"]),
    ("cp1251", {"spend.csv": (EXP_HEADER + "2020-02-10,1,1.1,100,USD,,юрист\n").encode("cp1251")},
     ["import", "expenditures", "{dir}/spend.csv"], ["spend.csv", "row 2", "not UTF-8"]),
    ("empty file", {"spend.csv": ""}, ["import", "expenditures", "{dir}/spend.csv"], ["spend.csv", "row 1", "empty"]),
    ("header only", {"spend.csv": EXP_HEADER}, ["import", "expenditures", "{dir}/spend.csv"],
     ["spend.csv", "no expenditure rows"]),
    ("too large", {"spend.csv": 21 * 1024**2}, ["import", "expenditures", "{dir}/spend.csv"], ["spend.csv", "split it"]),
    ("tolerance nan", {"spend.csv": EXP_HEADER + EXP_GOOD},
     ["import", "expenditures", "{dir}/spend.csv", "--tolerance", "nan"], ["--tolerance", "share between 0 and 10"]),
    ("tolerance negative", {"spend.csv": EXP_HEADER + EXP_GOOD},
     ["import", "expenditures", "{dir}/spend.csv", "--tolerance", "-1"], ["--tolerance", "share between 0 and 10"]),
    ("no such file", {}, ["import", "expenditures", "{dir}/nothing.csv"], ["nothing.csv", "no such file"]),
]

# -- census ---------------------------------------------------------------------------------------
CEN_HEADER = "route_id,area,surveyed_on,length_km,species,crossings\n"
CEN_ENDS = "route_id,area,surveyed_on,length_km,species,crossings,start_lon,start_lat,end_lon,end_lat\n"


def cen(row: str, where: str, why: str, name: str, header: str = CEN_HEADER):
    return (name, {"census.csv": header + row + "\n"}, ["import", "census", "{dir}/census.csv"],
            ["census.csv", where, why])


CENSUS = [
    cen("T-1,POMP,2022-01-25,0,roe_deer,3", "row 2, column 'length_km'", "more than zero", "zero length"),
    cen("T-1,POMP,2022-01-25,inf,roe_deer,3", "row 2, column 'length_km'", "finite", "infinite length"),
    cen("T-1,POMP,2022-01-25,40000,roe_deer,3", "row 2, column 'length_km'", "out of range", "40,000 km route"),
    cen("T-1,POMP,2022-01-25,\"1,5\",roe_deer,3", "row 2, column 'length_km'", "comma", "decimal comma"),
    cen("T-1,POMP,2022-01-25,5,roe_deer,-1", "row 2, column 'crossings'", "whole number", "negative crossings"),
    cen("T-1,POMP,2022-01-25,5,roe_deer,1.5", "row 2, column 'crossings'", "whole number", "fractional crossings"),
    cen("T-1,POMP,2022-01-25,5,roe_deer,999999", "row 2, column 'crossings'", "whole number", "a million crossings"),
    cen("T-1,POMP,0001-01-25,5,roe_deer,3", "row 2, column 'surveyed_on'", "outside the dates", "year 1"),
    cen("T-1,POMP,2099-01-25,5,roe_deer,3", "row 2, column 'surveyed_on'", "outside the dates", "in the future"),
    cen("T-1,POMP,25.01.2022,5,roe_deer,3", "row 2, column 'surveyed_on'", "YYYY-MM-DD", "dotted date"),
    cen("T-1,NOPE,2022-01-25,5,roe_deer,3", "row 2, column 'area'", "not a protected area", "unknown area"),
    cen("T-1,POMP,2022-01-25,5,unicorn,3", "row 2, column 'species'", "not a species", "unknown species"),
    cen("T-1,POMP,2022-01-25,5,roe_deer,3,20.0,0.5,20.01,0.5", "row 2, column 'start_lon'", "not in or near POMP",
        "route in Africa", CEN_ENDS),
    cen("T-1,POMP,2022-01-25,5,roe_deer,3,130.6,48.6,130.6,48.9", "row 2, column 'length_km'", "km apart",
        "ends further apart than the length", CEN_ENDS),
    cen("T-1,POMP,2022-01-25,5,roe_deer,3,130,95,131,48", "row 2, column 'start_lat'", "out of range",
        "latitude 95", CEN_ENDS),
    cen("T-1,POMP,2022-01-25,5,roe_deer,3,x,48,131,48", "row 2, column 'start_lon'", "not a number",
        "text longitude", CEN_ENDS),
    cen(",POMP,2022-01-25,5,roe_deer,3", "row 2, column 'route_id'", "empty", "no route id"),
    cen("T-1;DROP TABLE x,POMP,2022-01-25,5,roe_deer,3", "row 2, column 'route_id'", "route id is up to 64",
        "route id with a semicolon"),
    ("species twice", {"census.csv": CEN_HEADER + "T-1,POMP,2022-01-25,5,roe_deer,3\nT-1,POMP,2022-01-25,5,roe_deer,4\n"},
     ["import", "census", "{dir}/census.csv"], ["census.csv", "row 3, column 'species'", "counted twice"]),
    ("route rows disagree", {"census.csv": CEN_HEADER + "T-1,POMP,2022-01-25,5,roe_deer,3\nT-1,POMP,2022-01-25,6,wild_boar,1\n"},
     ["import", "census", "{dir}/census.csv"], ["census.csv", "row 3, column 'length_km'", "earlier row"]),
    ("missing crossings column", {"census.csv": "route_id,area,surveyed_on,length_km,species\nT-1,POMP,2022-01-25,5,roe_deer\n"},
     ["import", "census", "{dir}/census.csv"], ["census.csv", "row 1, column 'crossings'", "missing"]),
    ("duplicate column", {"census.csv": "route_id,area,area,surveyed_on,length_km,species,crossings\n"},
     ["import", "census", "{dir}/census.csv"], ["census.csv", "row 1, column 'area'", "2 times"]),
    ("NUL byte", {"census.csv": CEN_HEADER + "T-1,POMP,2022-01-25,5,roe\x00_deer,3\n"},
     ["import", "census", "{dir}/census.csv"], ["census.csv", "row 2", "NUL byte"]),
    ("cp1251", {"census.csv": (CEN_HEADER + "Т-1,POMP,2022-01-25,5,roe_deer,3\n").encode("cp1251")},
     ["import", "census", "{dir}/census.csv"], ["census.csv", "row 2", "not UTF-8"]),
    ("ragged row", {"census.csv": CEN_HEADER + "T-1,POMP,2022-01-25,5\n"},
     ["import", "census", "{dir}/census.csv"], ["census.csv", "row 2", "4 values for 6 columns"]),
]

# -- publications ---------------------------------------------------------------------------------


def bib(fields: str, where: str, why: str, name: str):
    entry = "@article{k1, " + fields + "}\n"
    return (name, {"pubs.bib": entry}, ["import", "publications", "{dir}/pubs.bib"], ["pubs.bib", where, why])


OK = "title = {Tigers}, author = {Ivanov, I.}, language = {en}, park = {LLNP}"
PUBLICATIONS = [
    bib(OK + ", year = {2099}", "record 1 (k1), field 'year'", "not a year", "year 2099"),
    bib(OK + ", year = {1800}", "record 1 (k1), field 'year'", "not a year", "year 1800"),
    bib(OK + ", year = {twenty}", "record 1 (k1), field 'year'", "not a year", "year in words"),
    bib(OK + ", year = {2020}, url = {javascript:alert(1)}", "record 1 (k1), field 'url'", "http", "javascript link"),
    bib(OK + ", year = {2020}, doi = {not-a-doi}", "record 1 (k1), field 'doi'", "not a DOI", "bad DOI"),
    bib("title = {T}, author = {A}, language = {fr}, park = {LLNP}, year = {2020}", "record 1 (k1), field 'language'",
        "ru, zh, en, mn", "French"),
    bib("title = {T}, author = {A}, language = {en}, park = {NOPE}, year = {2020}", "record 1 (k1), field 'park'",
        "not a protected area", "unknown park"),
    bib("author = {A}, language = {en}, park = {LLNP}, year = {2020}", "record 1 (k1), field 'title'", "missing",
        "no title"),
    bib("title = {T}, language = {en}, park = {LLNP}, year = {2020}", "record 1 (k1), field 'author'", "missing",
        "no author"),
    bib("title = {Тигры}, author = {A}, language = {ru}, park = {LLNP}, year = {2020}", "record 1 (k1), field 'title_en'",
        "English title", "Russian without English title"),
    bib(OK + ", year = {2020}, exchanged_on = {2099-01-01}, exchanged_to = {NCTLNP}",
        "record 1 (k1), field 'exchanged_on'", "outside the dates", "exchanged in 2099"),
    bib(OK + ", year = {2020}, exchanged_on = {2021-01-01}", "record 1 (k1), field 'exchanged_to'", "go together",
        "exchanged to nobody"),
    bib(OK + ", year = {2020}, abstract = {" + "a" * 5000 + "}", "record 1 (k1), field 'abstract'", "at most",
        "long abstract"),
    ("same record twice", {"pubs.bib": "@article{a1, " + OK + ", year = {2020}}\n@article{a2, " + OK + ", year = {2020}}\n"},
     ["import", "publications", "{dir}/pubs.bib"], ["pubs.bib", "record 2 (a2), field 'title'", "repeats record 1"]),
    ("RIS without TY", {"pubs.ris": "TI  - Tigers\nAU  - Ivanov\nER  - \n"}, ["import", "publications", "{dir}/pubs.ris"],
     ["pubs.ris", "line 1", "starts with 'TY  - '"]),
    ("RIS without ER", {"pubs.ris": "TY  - JOUR\nTI  - Tigers\nAU  - Ivanov\nPY  - 2020\n"},
     ["import", "publications", "{dir}/pubs.ris"], ["pubs.ris", "line 1", "no end"]),
    ("empty RIS", {"pubs.ris": "\n"}, ["import", "publications", "{dir}/pubs.ris"], ["pubs.ris", "no records"]),
    ("not a bibliography", {"pubs.pdf": "%PDF-1.4"}, ["import", "publications", "{dir}/pubs.pdf"],
     ["pubs.pdf", ".bib (BibTeX) or .ris"]),
    ("cp1251", {"pubs.bib": ("@article{k1, title = {Тигры}, " + OK[21:] + ", year = {2020}}\n").encode("cp1251")},
     ["import", "publications", "{dir}/pubs.bib"], ["pubs.bib", "record 1", "not UTF-8"]),
    ("NUL byte", {"pubs.bib": "@article{k1, " + OK + ", year = {2020\x00}}\n"},
     ["import", "publications", "{dir}/pubs.bib"], ["pubs.bib", "record 1", "NUL byte"]),
    ("control character", {"pubs.bib": "@article{k1, title = {Ti\x07gers}, author = {A}, language = {en}, park = {LLNP},"
                                       " year = {2020}}\n"},
     ["import", "publications", "{dir}/pubs.bib"], ["pubs.bib", "record 1 (k1), field 'title'", "control characters"]),
]

# -- protected-area boundaries --------------------------------------------------------------------
SQUARE = [[[131.2, 43.0], [131.3, 43.0], [131.3, 43.1], [131.2, 43.1], [131.2, 43.0]]]


def feature(area_id="LLNP", coords=SQUARE, kind="Polygon", **properties):
    return {"type": "Feature", "properties": {"area_id": area_id, **properties},
            "geometry": {"type": kind, "coordinates": coords}}


def areas(doc, why: list[str], name: str):
    text = doc if isinstance(doc, str) else json.dumps(doc)
    return (name, {"areas.geojson": text}, ["import", "areas", "{dir}/areas.geojson"], ["areas.geojson", *why])


def fc(*features, **extra):
    return {"type": "FeatureCollection", "features": list(features), **extra}


AREAS = [
    areas([feature()], ["not a GeoJSON FeatureCollection", "list"], "top-level array"),
    areas(fc(feature(), crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}),
          ["field 'crs'", "not WGS 84"], "web mercator crs"),
    areas(fc(feature(coords=[[[y, x] for x, y in SQUARE[0]]])), ["feature 1", "field 'geometry'", "swapped"],
          "latitude and longitude swapped"),
    areas(fc(feature(coords=[[[x - 150, y - 80] for x, y in SQUARE[0]]])), ["feature 1", "field 'geometry'", "outside"],
          "moved to Antarctica"),
    areas(fc(feature(area_id="NOPE")), ["feature 1", "field 'name_en'", "'NOPE' is a new area"], "new area without its names"),
    areas(fc(feature(area_id="../etc", name_en="X", country="RU", region="tumen")),
          ["feature 1", "field 'area_id'", "not an id"], "area id not an id"),
    areas(fc(feature(area_id="KZ1", name_en="X", country="Kazakhstan", region="altai_sayan")),
          ["feature 1", "field 'country'", "ISO 3166"], "country not a code"),
    areas(fc({"type": "Feature", "properties": {}, "geometry": feature()["geometry"]}),
          ["feature 1", "field 'area_id'", "missing"], "no area id"),
    areas(fc(feature(coords=[131.2, 43.0], kind="Point")), ["feature 1", "field 'geometry'", "Polygon or MultiPolygon"],
          "a point"),
    areas(fc(feature(coords=[[[131.2, 43.0], [231.3, 43.0], [131.3, 43.1], [131.2, 43.0]]])),
          ["feature 1", "field 'geometry'", "out of range"], "longitude 231"),
    areas(fc(feature(coords=[[[131.2, 43.0], [131.3, 43.1], [131.3, 43.0], [131.2, 43.1], [131.2, 43.0]]])),
          ["feature 1", "field 'geometry'", "invalid polygon"], "bow tie"),
    areas(fc(feature(area_id="../x", name_en="X", country="RU", region="tumen"), feature(kind="Point", coords=[1, 2]),
             feature(area_id="X2", name_en="X", country="Russia", region="tumen")),
          ["feature 1", "feature 2", "feature 3", "3 problems"], "three bad features, all reported"),
    areas(fc(feature(), feature()), ["feature 2", "field 'area_id'", "already feature 1"], "the same park twice"),
    areas('{"type": "FeatureCollection", "features": [', ["line 1", "not valid JSON"], "cut-off JSON"),
    ("cp1251", {"areas.geojson": '{"name": "Кедровая падь"}'.encode("cp1251")}, ["import", "areas", "{dir}/areas.geojson"],
     ["areas.geojson", "not UTF-8"]),
]

# -- Camtrap DP: where a package may read from, and which version ---------------------------------


def pkg_case(name, change, why):
    return (name, change, ["import", "camtrap-dp", "{dir}/pkg", "--park", "LLNP"], why)


def _resource(name, path):
    def change(pkg: Path):
        desc = json.loads((pkg / "datapackage.json").read_text())
        for r in desc["resources"]:
            if r["name"] == name:
                r["path"] = path
        (pkg / "datapackage.json").write_text(json.dumps(desc))
    return change


def _profile(url):
    def change(pkg: Path):
        desc = json.loads((pkg / "datapackage.json").read_text())
        desc["profile"] = url
        (pkg / "datapackage.json").write_text(json.dumps(desc))
    return change


def _symlinked_media(pkg: Path):
    (pkg / "media" / "leo-1.png").unlink()
    (pkg / "media" / "leo-1.png").symlink_to("/etc/hostname")


def _symlinked_descriptor(pkg: Path):
    real = pkg.parent / "elsewhere.json"
    (pkg / "datapackage.json").rename(real)
    (pkg / "datapackage.json").symlink_to(real)


def _outside_file(pkg: Path):
    (pkg.parent / "outside.csv").write_text((pkg / "deployments.csv").read_text())
    _resource("deployments", "../outside.csv")(pkg)


CAMTRAP = [
    pkg_case("symlinked media file", _symlinked_media, ["media.csv", "row 2", "filePath", "is a link"]),
    pkg_case("symlinked descriptor", _symlinked_descriptor, ["datapackage.json", "is a link"]),
    pkg_case("resource outside the package", _outside_file, ["datapackage.json", "resources.deployments.path", "'..'"]),
    pkg_case("absolute resource path", _resource("deployments", "/etc/passwd"),
             ["datapackage.json", "resources.deployments.path", "absolute path"]),
    pkg_case("resource path as a list", _resource("observations", ["observations.csv", "more.csv"]),
             ["datapackage.json", "resources.observations.path", "list of files"]),
    pkg_case("resource path a URL", _resource("media", "https://example.org/media.csv"),
             ["datapackage.json", "resources.media.path", "URL"]),
    pkg_case("profile 0.4", _profile("https://raw.githubusercontent.com/tdwg/camtrap-dp/0.4/camtrap-dp-profile.json"),
             ["datapackage.json", "profile", "not Camtrap DP 1.x"]),
    pkg_case("profile 2.0", _profile("https://raw.githubusercontent.com/tdwg/camtrap-dp/2.0/camtrap-dp-profile.json"),
             ["datapackage.json", "profile", "not Camtrap DP 1.x"]),
]

# -- bigcats sql and users ------------------------------------------------------------------------
OTHER = [
    ("sql COPY TO", {}, ["sql", "COPY (SELECT 1) TO '{dir}/out.csv'"], ["only a SELECT", "COPY"]),
    ("sql INSTALL", {}, ["sql", "INSTALL httpfs"], ["only a SELECT"]),
    ("sql ATTACH", {}, ["sql", "ATTACH '{dir}/other.duckdb'"], ["only a SELECT", "ATTACH"]),
    ("sql SET", {}, ["sql", "SET enable_external_access = true"], ["only a SELECT", "SET"]),
    ("sql reads a file", {}, ["sql", "SELECT * FROM read_csv('/etc/passwd')"], ["/etc/passwd", "disabled"]),
    ("sql two statements", {}, ["sql", "SELECT 1; DROP TABLE expenditures"], ["exactly one statement"]),
    ("sql EXPORT", {}, ["sql", "EXPORT DATABASE '{dir}/dump'"], ["only a SELECT", "EXPORT"]),
    ("user name with a space", {}, ["users", "add", "bad name", "--role", "viewer"], ["user name", "2 to 64"]),
]

CASES = [("expenditures", *c) for c in EXPENDITURES] + [("census", *c) for c in CENSUS] + \
    [("publications", *c) for c in PUBLICATIONS] + [("areas", *c) for c in AREAS] + \
    [("camtrap-dp", *c) for c in CAMTRAP] + [("cli", *c) for c in OTHER]


def fingerprint(db: Path) -> dict[str, tuple[int, str]]:
    with Store.open(db, read_only=True) as store:
        return store_fingerprint(store)


def file_digest(db: Path) -> str:
    """The store file's bytes, hashed: the same bytes are the same store (a few milliseconds, where
    opening the store and hashing every table's rows takes a tenth of a second per case)."""
    return hashlib.sha256(db.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("bad") / "seed.duckdb"
    build_store(db, demo=False)
    return db


@pytest.fixture(scope="module")
def as_built(seed_db) -> tuple[dict, str]:
    """The store's fingerprint and file digest as built: every refusal must leave it so (a case
    that changed it fails, and so does every case after it, which then names the first)."""
    return fingerprint(seed_db), file_digest(seed_db)


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 80, len(CASES)
    assert len({(g, c[0]) for g, *c in CASES}) == len(CASES), "case names repeat"


@pytest.mark.parametrize("group, name, files, args, fragments", CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_bad_input_is_refused_where_it_stands_and_changes_nothing(group, name, files, args, fragments, seed_db,
                                                                  as_built, tmp_path, capsys):
    if group == "camtrap-dp":
        make_package(tmp_path / "pkg")
        files(tmp_path / "pkg")  # here: the change that breaks the valid package
    else:
        for fname, content in files.items():
            p = tmp_path / fname
            if isinstance(content, int):  # a file of that many bytes
                with open(p, "wb") as fh:
                    fh.truncate(content)
            else:
                p.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    listing = sorted(p.name for p in tmp_path.rglob("*"))
    code = main([a.replace("{dir}", str(tmp_path)) for a in args] + ["--db", str(seed_db)])
    err = capsys.readouterr().err
    assert code != 0, f"{name}: accepted"
    assert err.startswith("bigcats: error:"), err
    for fragment in fragments:
        assert fragment in err, f"{name}: {fragment!r} not in the message:\n{err}"
    assert "Traceback" not in err and "duckdb." not in err and "_duckdb" not in err, err
    rows, digest = as_built
    if file_digest(seed_db) != digest:  # other bytes may still hold the same rows (a rewritten header)
        assert fingerprint(seed_db) == rows, f"{name}: the store changed"
    assert sorted(p.name for p in tmp_path.rglob("*")) == listing, f"{name}: a file was written"


def test_the_same_expenditure_file_twice_is_refused_the_second_time(seed_db, tmp_path, capsys):
    db = tmp_path / "own.duckdb"
    shutil.copy(seed_db, db)
    f = tmp_path / "spend.csv"
    f.write_text(EXP_HEADER + EXP_GOOD, encoding="utf-8")
    assert main(["import", "expenditures", str(f), "--db", str(db)]) == 0
    before = fingerprint(db)
    capsys.readouterr()
    assert main(["import", "expenditures", str(f), "--db", str(db)]) == 1
    assert "imported already" in capsys.readouterr().err
    assert fingerprint(db) == before
    # the same rows under another name: refused row by row
    g = tmp_path / "again.csv"
    g.write_text(EXP_HEADER + EXP_GOOD.replace("\n", "\r\n"), encoding="utf-8")
    assert main(["import", "expenditures", str(g), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "again.csv, row 2, column 'amount'" in err and "already stored" in err
    assert fingerprint(db) == before
