"""The register of genetic samples (scat, hair ...), from a CSV: all or nothing, every problem
located by file, row and column. A row adds a sample or brings a stored one up to date (the lab's
answer: status, genotype, the catalogue entry it was assigned to), so the same file can be
imported again as the lab reports.

| column | required | meaning |
|---|---|---|
| `sample_id` | yes | the sample's id (letters, digits, `-_./`, ≤ 64) |
| `kind` | yes | scat, hair, tissue, urine or saliva |
| `area` | yes | the protected area it was collected in |
| `collected_on` | yes | YYYY-MM-DD |
| `latitude`, `longitude` | no | where (WGS 84), within 0.1° of the area |
| `collector` | no | who collected it (personal: shown only to the park's editors and admins) |
| `lab` | no | the laboratory it was sent to |
| `status` | yes | collected, sent, genotyped or failed |
| `genotype` | no | the lab's genotype id (a genotyped sample only) |
| `species` | no | a species id or scientific name of the store |
| `individual` | no | the catalogue entry it was assigned to, `PARK:ID` (a genotyped sample only; the entry must exist and be of the species) |
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from bigcats.access import require
from bigcats.audit import recorded
from bigcats.ingest import checks
from bigcats.ingest.census import ENVELOPE_MARGIN
from bigcats.ingest.imports import record_import
from bigcats.ingest.problems import ImportRefused, Problem
from bigcats.store import Store, one_transaction

REQUIRED = ("sample_id", "kind", "area", "collected_on", "status")
KINDS = ("scat", "hair", "tissue", "urine", "saliva")
STATUSES = ("collected", "sent", "genotyped", "failed")
TEXT = 200


class SamplesRefused(ImportRefused):
    """Sample rows refused; every problem located by row and column."""

    def __init__(self, file: str, problems: list[tuple]):
        super().__init__(file, [Problem(file, r, c, why) for r, c, why in problems])


def check_rows(store: Store, rows: list[tuple[int, dict]], problems: list) -> list[dict]:
    areas = {r[0]: r[1:] for r in store.query("area_envelopes").iter_rows()}
    species = checks.species_by_name(store)
    entries = {(a, i): sp for a, i, sp in store.query("catalogue_keys_with_species").iter_rows()}
    stored = dict(store.query("genetic_sample_keys").iter_rows())
    out, seen = [], {}
    for i, r in rows:
        sid = r.get("sample_id", "")
        if not checks.identifier(sid, i, "sample_id", "a sample id", problems):
            continue
        if sid in seen:
            problems.append((i, "sample_id", f"sample {sid!r} is already on row {seen[sid]}"))
        seen.setdefault(sid, i)
        area = r.get("area", "")
        if area not in areas:
            problems.append((i, "area", f"{area[:40]!r} is not a protected area of the store"))
        elif stored.get(sid, area) != area:
            problems.append((i, "area", f"sample {sid!r} is {stored[sid]}'s in the register"))
        kind = (r.get("kind") or "").lower()
        if kind not in KINDS:
            problems.append((i, "kind", f"{kind[:40]!r} is not one of {', '.join(KINDS)}"))
        status = (r.get("status") or "").lower()
        if status not in STATUSES:
            problems.append((i, "status", f"{status[:40]!r} is not one of {', '.join(STATUSES)}"))
        day = checks.day(r.get("collected_on", ""), i, "collected_on", problems, earliest=date(2000, 1, 1),
                         latest=date.today())
        for col in ("collector", "lab", "genotype"):
            if len(r.get(col) or "") > TEXT:
                problems.append((i, col, f"longer than {TEXT} characters"))
        lat, lon = checks.place_near(r, i, areas.get(area), area, ENVELOPE_MARGIN, problems)
        name = (r.get("species") or "").strip()
        sp = (species.get(name) or species.get(name.lower())) if name else None
        if name and sp is None:
            problems.append((i, "species", f"{name[:60]!r} is not a species of the store"))
        genotype = (r.get("genotype") or "").strip() or None
        if genotype and status != "genotyped":
            problems.append((i, "genotype", f"a genotype for a sample whose status is {status!r}, not genotyped"))
        park = ind = None
        if r.get("individual"):
            park, _, ind = r["individual"].partition(":")
            if not ind:
                problems.append((i, "individual", f"{r['individual'][:70]!r} is not PARK:ID (e.g. SAIL:Ui 3M)"))
            elif (park, ind) not in entries:
                problems.append((i, "individual", f"{r['individual'][:70]!r} is not a catalogue entry of the store"))
            elif status != "genotyped":
                problems.append((i, "individual", "only a genotyped sample is assigned to an individual"))
            elif sp is not None and entries[(park, ind)] != sp:
                problems.append((i, "individual", f"{r['individual']!r} is a {entries[(park, ind)]}, not a {sp}"))
            sp = sp or entries.get((park, ind))
            if not ind:
                park = None
        out.append({"sample_id": sid, "kind": kind, "area_id": area, "collected_on": day, "latitude": lat,
                    "longitude": lon, "collector": r.get("collector") or None, "lab": r.get("lab") or None,
                    "status": status, "genotype": genotype, "species_id": sp, "catalogue_area_id": park,
                    "individual_id": ind})
    return out


@one_transaction
def _write(store: Store, samples: list[dict], source: str, action: str, summary: str, kind_of_entry: str,
           entered_by: str, rows: int) -> None:
    """Add or replace `samples` in one audited transaction (the import's and the form's)."""
    areas = sorted({s["area_id"] for s in samples})
    for a in areas:
        require(store, "census", park=a)
    with recorded(store, action, ["genetic_samples", "imports"], target=", ".join(areas), summary=summary) as cur:
        for s in samples:
            store.run(cur, "remove_genetic_sample", sample_id=s["sample_id"])
            store.run(cur, "add_genetic_sample", source=source, **s)
        record_import(store, cur, kind_of_entry, summary, entered_by, rows)


def save_sample(store: Store, record: dict, entered_by: str = "dashboard form") -> dict:
    """Add a sample to the register, or bring one up to date, from a form: `record` holds the
    columns of the CSV (values as text; empty for none), checked as an imported row is, refused
    whole with every problem named by field (SamplesRefused, as 'form'). Returns the saved row."""
    problems: list[tuple] = []
    row = {k: ("" if v is None else str(v)).strip() for k, v in record.items()}
    missing = [c for c in REQUIRED if not row.get(c)]
    for c in missing:
        problems.append((None, c, "required"))
    samples = [] if missing else check_rows(store, [(1, row)], problems)
    if problems:
        raise SamplesRefused("form", [(None, c, why) for _, c, why in problems])
    _write(store, samples, "sample register form", "save sample", f"sample {samples[0]['sample_id']}", "samples",
           entered_by, 1)
    return samples[0]


def import_samples(store: Store, path: str | Path, imported_by: str = "bigcats") -> dict:
    """Add or update the register's samples from a CSV; returns {'samples': rows imported}."""
    path = Path(path)
    problems: list[tuple] = []
    rows = checks.read_csv(path, REQUIRED, problems)
    if problems:
        raise SamplesRefused(str(path), problems)
    samples = check_rows(store, rows, problems)
    if not rows:
        problems.append((2, None, "no samples"))
    if problems:
        raise SamplesRefused(str(path), problems)
    _write(store, samples, f"sample register import {path.name}", "import samples", str(path), "samples",
           imported_by, len(samples))
    return {"samples": len(samples)}
