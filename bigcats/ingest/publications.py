"""The publication exchange register (Proposal 1, 4.1: the parks exchange their publications with
a bibliographic reference and an abstract in English): import from BibTeX and RIS, export as
BibTeX and CSV, a form for one record; duplicates refused or merged by the officer's choice.

Fields beyond the standard ones, in BibTeX as extra fields and in RIS as custom tags:
`title_en` (RIS TT, the translated title), `language` (LA), `park` (C1), `abstract` in English
(AB), `exchanged_on` (C2) and `exchanged_to` (C3).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import bibtexparser
import polars as pl
import rispy
from bibtexparser.model import Entry, Field

from bigcats import spreadsheet
from bigcats.ingest import checks
from bigcats.ingest.imports import record_import
from bigcats.ingest.problems import ImportRefused, Problem
from bigcats.access import require
from bigcats.audit import recorded
from bigcats.store import Store, one_transaction

LANGUAGES = {"ru": "ru", "rus": "ru", "russian": "ru", "русский": "ru", "zh": "zh", "chi": "zh", "zho": "zh",
             "chinese": "zh", "中文": "zh", "en": "en", "eng": "en", "english": "en", "mn": "mn", "mon": "mn",
             "mongolian": "mn"}
ON_DUPLICATE = ("refuse", "merge", "skip")


class PublicationsRefused(ImportRefused):
    """Bibliography records refused; each problem located by record (number and key) and field."""

    def __init__(self, file: str, problems: list[tuple]):
        super().__init__(file, [Problem(file, f"{r} ({key})" if r else None, f, why, "record", "field")
                                for r, key, f, why in problems])


@dataclass
class Publication:
    title_original: str
    title_en: str
    authors: str
    year: int
    language: str
    area_id: str
    abstract_en: str | None = None
    doi: str | None = None
    url: str | None = None
    exchanged_on: date | None = None
    exchanged_to: str | None = None
    key: str = field(default="", compare=False)

    def publication_id(self) -> str:
        if self.doi:
            return "DOI:" + self.doi.lower()
        slug = re.sub(r"[^\w]+", "-", self.title_en.lower()).strip("-")[:60]
        return f"{self.area_id}-{self.year}-{slug}"


def _norm_doi(doi: str | None) -> str | None:
    if not doi:
        return None
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi.strip(), flags=re.I).lower()


def _records_from_bibtex(text: str) -> list[dict]:
    lib = bibtexparser.parse_string(text)
    out = []
    for e in lib.entries:
        f = {k.lower(): v.strip() for k, v in ((x.key, str(x.value)) for x in e.fields)}
        out.append({"key": e.key, "title": f.get("title"), "title_en": f.get("title_en"),
                    "authors": "; ".join(a.strip() for a in f.get("author", "").split(" and ") if a.strip()),
                    "year": f.get("year"), "language": f.get("language"), "park": f.get("park"),
                    "abstract": f.get("abstract_en") or f.get("abstract"), "doi": f.get("doi"), "url": f.get("url"),
                    "exchanged_on": f.get("exchanged_on"), "exchanged_to": f.get("exchanged_to")})
    for b in lib.failed_blocks:
        out.append({"key": "?", "_error": f"not a valid BibTeX entry: {str(b.raw)[:60]!r}"})
    return out


def _ris_structure(text: str) -> list[tuple]:
    """Problems with the record structure of a RIS file (every record 'TY  - ' ... 'ER  - '),
    located by line: rispy itself reports only 'no records'."""
    problems, open_at, n = [], None, 0
    for i, line in enumerate(text.splitlines(), start=1):
        tag = line[:6]
        if not line.strip() or (open_at is None and re.fullmatch(r"\d+\.\s*", line)):
            continue  # blank, or the record number some writers (rispy) put before 'TY  - '
        if re.match(r"^TY  -", tag):
            if open_at is not None:
                problems.append((n, "line", None, f"line {i}: a new record starts before the record of line {open_at} "
                                                  "ended ('ER  - ' missing)"))
            n += 1
            open_at = i
        elif re.match(r"^ER  -", tag):
            if open_at is None:
                problems.append((n, "line", None, f"line {i}: 'ER  - ' ends no record"))
            open_at = None
        elif open_at is None:
            problems.append((n + 1, "line", None, f"line {i}: outside a record; a RIS record starts with 'TY  - '"))
            break
    if open_at is not None:
        problems.append((n, "line", None, f"line {open_at}: this record has no end ('ER  - ' missing)"))
    return problems


def _records_from_ris(text: str) -> list[dict]:
    out = []
    for i, r in enumerate(rispy.loads(text), start=1):
        out.append({"key": r.get("id") or f"#{i}", "title": r.get("title") or r.get("primary_title"),
                    "title_en": r.get("translated_title"), "authors": "; ".join(r.get("authors", []) or r.get("first_authors", [])),
                    "year": (r.get("year") or r.get("publication_year") or "").split("/")[0], "language": r.get("language"),
                    "park": r.get("custom1"), "abstract": r.get("abstract"), "doi": r.get("doi"),
                    "url": (r.get("urls") or [None])[0], "exchanged_on": r.get("custom2"), "exchanged_to": r.get("custom3")})
    return out


def check_record(store: Store, n: int, r: dict, default_park: str | None, problems: list) -> Publication | None:
    """A raw record (from a file or the form) as a Publication; problems appended."""
    key = r.get("key") or "?"
    if "_error" in r:
        problems.append((n, key, None, r["_error"]))
        return None
    areas = set(store.query("protected_area_ids")["area_id"])
    before = len(problems)
    title = (r.get("title") or "").strip("{} ")
    if not title:
        problems.append((n, key, "title", "missing"))
    authors = (r.get("authors") or "").strip()
    if not authors:
        problems.append((n, key, "author", "missing"))
    for name, limit in (("title", 1000), ("title_en", 1000), ("authors", 2000), ("abstract", checks.MAX_FIELD_CHARS),
                        ("doi", 200), ("url", 500), ("exchanged_to", 20), ("park", 20), ("language", 30)):
        value = r.get(name)
        if value is None:
            continue
        value = str(value)
        if len(value) > limit:
            problems.append((n, key, name, f"{len(value)} characters; at most {limit}"))
        elif re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", value):
            problems.append((n, key, name, "contains control characters"))
    if len(problems) > before:
        return None
    year = None
    latest = date.today().year + 1  # in press
    text_year = str(r.get("year") or "").strip()
    if re.fullmatch(r"\d{4}", text_year) and checks.EARLIEST.year <= int(text_year) <= latest:
        year = int(text_year)
    else:
        problems.append((n, key, "year", f"{r.get('year')!r} is not a year from {checks.EARLIEST.year} to {latest}"))
    doi = _norm_doi(r.get("doi"))
    if doi and not re.fullmatch(r"10\.\d{4,9}/\S+", doi):
        problems.append((n, key, "doi", f"{r.get('doi')!r} is not a DOI (10.NNNN/...)"))
    url = (r.get("url") or "").strip() or None
    if url and not re.fullmatch(r"https?://[^\s<>\"']+", url, flags=re.I):
        problems.append((n, key, "url", f"{url[:60]!r}: only http:// and https:// links are accepted"))
    lang = LANGUAGES.get(str(r.get("language") or "").strip().lower())
    if lang is None:
        problems.append((n, key, "language", f"{r.get('language')!r}: give Russian, Chinese, English or Mongolian (ru, zh, en, mn)"))
    title_en = (r.get("title_en") or "").strip("{} ") or (title if lang == "en" else "")
    if lang and lang != "en" and not title_en:
        problems.append((n, key, "title_en", "a publication in Russian, Chinese or Mongolian needs its English title"))
    park = (r.get("park") or default_park or "").strip()
    if park not in areas:
        problems.append((n, key, "park", f"{park!r} is not a protected area of the store" if park else "missing: which park published it"))
    exchanged_on, exchanged_to = None, (r.get("exchanged_to") or "").strip() or None
    if r.get("exchanged_on"):
        found: list = []
        exchanged_on = checks.day(str(r["exchanged_on"]), n, "exchanged_on", found, latest=date.today())
        problems += [(n, key, f, why) for _, f, why in found]
    if (exchanged_on is None) != (exchanged_to is None):
        problems.append((n, key, "exchanged_to", "the date and the park it was exchanged to go together"))
    if exchanged_to and exchanged_to not in areas:
        problems.append((n, key, "exchanged_to", f"{exchanged_to!r} is not a protected area of the store"))
    if len(problems) > before:
        return None
    return Publication(title, title_en, authors, year, lang, park, (r.get("abstract") or "").strip() or None,
                       doi, url, exchanged_on, exchanged_to, key)


def find_duplicate(existing: pl.DataFrame, p: Publication) -> str | None:
    """The stored publication this one repeats: same DOI, or same English title and year."""
    if p.doi:
        hit = existing.filter(pl.col("doi") == p.doi)
        if hit.height:
            return hit["publication_id"][0]
    hit = existing.filter((pl.col("title") == p.title_en.strip().lower()) & (pl.col("year") == p.year))
    return hit["publication_id"][0] if hit.height else None


@one_transaction
def _write(store: Store, items: list[Publication], on_duplicate: str, source: str, file: str,
           imported_by: str, problems: list, labels: list[tuple[int, str]]) -> dict:
    added = merged = skipped = 0
    parks = sorted({p.area_id for p in items})
    for park in parks:
        require(store, "publications", park=park)
    with recorded(store, "import publications" if file != "form" else "add publication", ["publications", "imports"],
                  target=", ".join(parks), summary=file) as cur:
        existing = store.run(cur, "publication_keys").pl()
        seen: dict[str, int] = {}
        for (n, key), p in zip(labels, items):
            dup = find_duplicate(existing, p)
            pid = dup or p.publication_id()
            if pid in seen:
                problems.append((n, key, "title", f"repeats record {seen[pid]} of the same file"))
                continue
            seen[pid] = n
            if dup and on_duplicate == "refuse":
                problems.append((n, key, "doi" if p.doi else "title",
                                 f"already in the register as {dup}; choose merge or skip to import the rest"))
                continue
            if dup and on_duplicate == "skip":
                skipped += 1
                continue
            values = {k: v for k, v in asdict(p).items() if k != "key"}
            if dup:  # merge: fill what the register lacks, keep what it has (the record's own park decides)
                require(store, "publications", park=existing.filter(pl.col("publication_id") == dup)["area_id"][0])
                store.run(cur, "merge_publication", publication_id=dup, **values)
                merged += 1
            else:
                store.run(cur, "add_publication", publication_id=pid, source=source, **values)
                added += 1
        if problems:
            raise PublicationsRefused(file, problems)
        record_import(store, cur, "publications", file, imported_by, added, merged, summary=f"skipped {skipped}")
    return {"added": added, "merged": merged, "skipped": skipped}


def import_publications(store: Store, path: str | Path, park: str | None = None, on_duplicate: str = "refuse",
                        imported_by: str = "bigcats") -> dict:
    """Import a .bib or .ris file into the register, all or nothing."""
    path = Path(path)
    if on_duplicate not in ON_DUPLICATE:
        raise ValueError(f"on_duplicate must be one of {ON_DUPLICATE}")
    size = path.stat().st_size
    if size > checks.MAX_CSV_BYTES:
        raise PublicationsRefused(str(path), [(0, "-", None, f"{size / 2**20:.0f} MB is larger than the "
                                                             f"{checks.MAX_CSV_BYTES // 2**20} MB a register file may have")])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PublicationsRefused(str(path), [(raw[:exc.start].count(b"\n") + 1, "line", None,
                                               "not UTF-8 text; save the file as UTF-8")]) from exc
    if "\x00" in text:
        raise PublicationsRefused(str(path), [(text[:text.index("\x00")].count("\n") + 1, "line", None,
                                               "a NUL byte: this is not a text file")])
    suffix = path.suffix.lower()
    if suffix == ".bib":
        records = _records_from_bibtex(text)
    elif suffix in (".ris", ".txt"):
        structure = _ris_structure(text)
        if structure:
            raise PublicationsRefused(str(path), structure)
        try:
            records = _records_from_ris(text)
        except Exception as exc:  # rispy raises plain IOError/ValueError on a malformed file
            raise PublicationsRefused(str(path), [(1, "?", None, f"not a valid RIS file ({exc})")]) from exc
    else:
        raise PublicationsRefused(str(path), [(0, "-", None, "give a .bib (BibTeX) or .ris (RIS) file")])
    if not records:
        raise PublicationsRefused(str(path), [(0, "-", None, "no records")])
    problems: list[tuple] = []
    items, labels = [], []
    for n, r in enumerate(records, start=1):
        p = check_record(store, n, r, park, problems)
        if p is not None:
            items.append(p)
            labels.append((n, r.get("key") or "?"))
    if problems:
        raise PublicationsRefused(str(path), problems)
    return _write(store, items, on_duplicate, f"publication import {path.name}", str(path), imported_by, problems, labels)


def add_publication(store: Store, record: dict, on_duplicate: str = "refuse", entered_by: str = "form") -> dict:
    """One publication from the form (the same checks as a file record)."""
    problems: list[tuple] = []
    p = check_record(store, 1, {"key": "form", **record}, None, problems)
    if problems:
        raise PublicationsRefused("form", problems)
    return _write(store, [p], on_duplicate, f"publication form ({entered_by})", "form", entered_by, problems, [(1, "form")])


def to_bibtex(pubs: pl.DataFrame) -> str:
    """The register as BibTeX (with the extra fields above), readable back by `import_publications`."""
    lib = bibtexparser.Library()
    for r in pubs.iter_rows(named=True):
        key = re.sub(r"[^\w:-]+", "_", r["publication_id"])
        fields = [Field("title", r["title_original"]), Field("title_en", r["title_en"]),
                  Field("author", " and ".join(a.strip() for a in r["authors"].split(";"))),
                  Field("year", str(r["year"])), Field("language", r["language"]), Field("park", r["area_id"])]
        for name, col in (("abstract", "abstract_en"), ("doi", "doi"), ("url", "url"), ("exchanged_on", "exchanged_on"),
                          ("exchanged_to", "exchanged_to")):
            if r.get(col) is not None:
                fields.append(Field(name, str(r[col])))
        lib.add(Entry("article", key, fields))
    return bibtexparser.write_string(lib)


def to_ris(pubs: pl.DataFrame) -> str:
    entries = []
    for r in pubs.iter_rows(named=True):
        e = {"type_of_reference": "JOUR", "id": r["publication_id"], "title": r["title_original"],
             "translated_title": r["title_en"], "authors": [a.strip() for a in r["authors"].split(";")],
             "year": str(r["year"]), "language": r["language"], "custom1": r["area_id"]}
        for tag, col in (("abstract", "abstract_en"), ("doi", "doi"), ("custom2", "exchanged_on"), ("custom3", "exchanged_to")):
            if r.get(col) is not None:
                e[tag] = str(r[col])
        if r.get("url"):
            e["urls"] = [r["url"]]
        entries.append(e)
    return rispy.dumps(entries)


def to_csv(pubs: pl.DataFrame) -> str:
    return spreadsheet.to_csv(pubs)
