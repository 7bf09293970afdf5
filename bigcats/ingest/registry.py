"""Every importer the product has, in one registry that the command line (`bigcats import KIND`)
and the pages' upload component both dispatch from: a new format is one module in
`bigcats/ingest/` and one entry here.

An importer takes (store, path, **its options, imported_by=...) and either returns what it did
or raises `ImportRefused` with every located `Problem`; `report` turns what it did into the line
the command prints and the page shows.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable


@dataclass(frozen=True)
class Option:
    """A command-line option of an importer (the page passes the same names)."""
    flag: str
    dest: str
    help: str
    type: type | None = str
    default: Any = None
    choices: tuple | None = None
    switch: bool = False  # a flag without a value (store_true)


@dataclass(frozen=True)
class Importer:
    kind: str
    what: str                                 # one line for --help
    extensions: tuple[str, ...]               # file types accepted (an upload's extension is checked)
    run: Callable[..., Any]                   # (store, path, **options, imported_by=...) -> result
    report: Callable[[Any, str], str]         # (result, the file as shown) -> what was imported
    folder: bool = False                      # reads a folder (an uploaded .zip is unpacked first)
    many: bool = False                        # takes several files at once (one transaction)
    options: tuple[Option, ...] = ()


def _areas(store, path, imported_by="bigcats"):
    from bigcats.ingest.areas import import_areas
    return import_areas(store, path)


def _habitat(store, path, area=None, classes=None, imported_by="bigcats"):
    from bigcats.ingest.habitat import import_habitat
    return import_habitat(store, path, area, imported_by=imported_by, classes=classes)


def _signs(store, path, imported_by="bigcats"):
    from bigcats.ingest.signs import import_signs
    return import_signs(store, path, imported_by=imported_by)


def _alerts(store, path, imported_by="bigcats"):
    from bigcats.ingest.alerts import import_alerts
    return import_alerts(store, path, imported_by=imported_by)


def _hotspots(store, path, imported_by="bigcats"):
    from bigcats.ingest.hotspots import import_hotspots
    return import_hotspots(store, path, imported_by=imported_by)


def _samples(store, path, imported_by="bigcats"):
    from bigcats.ingest.samples import import_samples
    return import_samples(store, path, imported_by=imported_by)


def _patrols(store, path, park=None, imported_by="bigcats"):
    from bigcats.ingest.patrols import import_patrols
    return import_patrols(store, path, park, imported_by=imported_by)


def _patrols_report(out, shown: str) -> str:
    from bigcats.ingest.patrols import report
    return report(out, shown)


def _camtrap(store, path, park=None, imported_by="bigcats"):
    from bigcats.ingest.camtrapdp import import_package
    out = import_package(store, path, park, imported_by=imported_by)
    return {**out, "park": park}


def _camtrap_report(out, shown: str) -> str:
    parts = ", ".join(f"{t}: {c['added']} added, {c['changed']} changed" for t, c in out["tables"].items())
    lines = [f"{shown} into {out['park']}: {parts}"]
    if out["links_waiting"]:
        lines.append(f"{out['links_waiting']} individual link(s) name entries of a park not in this store yet; "
                     "they are made when that park's package is imported")
    if out["observation_types"]:
        lines.append("observations by type: " + ", ".join(f"{k} {v}" for k, v in sorted(out["observation_types"].items())))
    return "\n".join(lines)


def _expenditures(store, path, proposal=None, tolerance=None, confirm_over_budget=False, imported_by="bigcats"):
    from bigcats.ingest.expenditures import DEFAULT_TOLERANCE, import_expenditures
    return import_expenditures(store, path, proposal, DEFAULT_TOLERANCE if tolerance is None else tolerance,
                               confirm_over_budget, imported_by=imported_by)


def _census(store, path, imported_by="bigcats"):
    from bigcats.ingest.census import import_census
    return import_census(store, path, imported_by=imported_by)


def _publications(store, path, park=None, on_duplicate="refuse", imported_by="bigcats"):
    from bigcats.ingest.publications import import_publications
    return import_publications(store, path, park, on_duplicate, imported_by=imported_by)


PARK = Option("--park", "park", "camtrap-dp: the park whose catalogue the package holds (required); "
                                "patrols: the park whose SMART patrols the files hold (required); "
                                "publications: the park of records that do not name one")
IMPORTERS: dict[str, Importer] = {i.kind: i for i in (
    Importer("areas", "official protected-area boundaries (GeoJSON) replacing the schematic ones", (".geojson", ".json"),
             _areas, lambda n, f: f"the boundaries of {n} protected area(s) from {f}"),
    Importer("camtrap-dp", "a Camtrap DP 1.x package (folder, its datapackage.json, or a .zip upload)", (".zip",),
             _camtrap, _camtrap_report, folder=True, options=(PARK,)),
    Importer("habitat", "a park's habitat map (GeoJSON polygons, or a classified GeoTIFF with --classes), the "
             "SECR mask inside that park", (".geojson", ".json", ".tif", ".tiff"),
             _habitat, lambda o, f: f"the habitat map of {o['area']} from {f}: "
                                    + (f"{o['cells']:,} habitat cell(s)" if o.get("cells") else f"{o['features']} polygon(s)")
                                    + f", {o['area_km2']:,.0f} km²",
             options=(Option("--area", "area", "habitat: the park the map is of (required)"),
                      Option("--classes", "classes", "habitat: for a GeoTIFF, the class values that count as habitat "
                                                     "(1,2,5)"))),
    Importer("signs", "sign surveys: routes and the scrapes, scats, tracks, kills and sightings on them "
                      "(the field app's CSV or GeoJSON)", (".csv", ".geojson", ".json"), _signs,
             lambda o, f: f"{o['routes']} route(s) and {o['signs']} sign(s) from {f}"),
    Importer("alerts", "a park's alert log (CSV or GeoJSON points: kind, park, raised_at, place, answers)",
             (".csv", ".geojson", ".json"), _alerts, lambda o, f: f"{o['added']} new alert(s) of {o['alerts']} in {f}"),
    Importer("hotspots", "satellite fire hotspots (NASA FIRMS active-fire CSV of VIIRS or MODIS, or GeoJSON points)",
             (".csv", ".geojson", ".json"), _hotspots,
             lambda o, f: f"{o['added']} new fire hotspot(s) of {o['hotspots']} in {f}"),
    Importer("patrols", "SMART patrol exports (patrol XML 1.3): one or several files, or a folder of them",
             (".xml", ".zip"), _patrols, _patrols_report, folder=True, many=True, options=(PARK,)),
    Importer("samples", "the register of genetic samples (CSV: collection, lab, status, genotype, individual)",
             (".csv",), _samples, lambda o, f: f"{o['samples']} sample(s) added or brought up to date from {f}"),
    Importer("expenditures", "expenditures (CSV: date, proposal, activity, amount, currency, rate_to_usd, description)",
             (".csv",), _expenditures, lambda n, f: f"{n} expenditure(s) from {f}", options=(
                 Option("--proposal", "proposal", "expenditures: the proposal of every row (else a 'proposal' column)", int),
                 Option("--tolerance", "tolerance", "expenditures: share of an activity's budget it may be exceeded by "
                                                     "without confirmation (default 0.10)", float),
                 Option("--confirm-over-budget", "confirm_over_budget", "expenditures: import rows that take an activity "
                                                                         "past its budget and tolerance", None, False,
                        switch=True))),
    Importer("census", "winter track census routes and counts (CSV)", (".csv",), _census,
             lambda n, f: f"{n} census route(s) from {f}"),
    Importer("publications", "publications (BibTeX .bib or RIS .ris)", (".bib", ".ris"), _publications,
             lambda o, f: f"{f}: {o['added']} added, {o['merged']} merged, {o['skipped']} skipped", options=(
                 PARK,
                 Option("--on-duplicate", "on_duplicate", "publications: what to do with a record already in the register "
                                                           "(same DOI, or title and year)", str, "refuse",
                        ("refuse", "merge", "skip")))),
)}
REQUIRED = {("camtrap-dp", "park"), ("patrols", "park"), ("habitat", "area")}  # options an importer cannot do without


def importer(kind: str) -> Importer:
    """The importer of `kind`; KeyError naming the known kinds."""
    try:
        return IMPORTERS[kind]
    except KeyError:
        raise KeyError(f"no importer {kind!r}; importers: {', '.join(IMPORTERS)}") from None


def run(kind: str, store, path: str | Path | list, imported_by: str = "bigcats", **options) -> tuple[Any, str]:
    """Import `path` with the importer of `kind`; (result, report line). `path` may be a list
    of files for an importer that takes several at once (`many`)."""
    imp = importer(kind)
    if isinstance(path, (list, tuple)):
        if len(path) == 1:
            path = path[0]
        elif not imp.many:
            from bigcats.ingest.problems import ImportRefused
            raise ImportRefused(", ".join(map(str, path)), f"import {kind} takes one file at a time")
    missing = [f"--{dest.replace('_', '-')}" for k, dest in REQUIRED if k == kind and not options.get(dest)]
    if missing:
        from bigcats.ingest.problems import ImportRefused
        raise ImportRefused(", ".join(missing), f"import {kind} needs {', '.join(missing)} (e.g. --park LLNP)")
    known = {o.dest for o in imp.options}
    result = imp.run(store, path, imported_by=imported_by, **{k: v for k, v in options.items() if k in known})
    shown = ", ".join(Path(p).name for p in path) if isinstance(path, (list, tuple)) else str(path)
    return result, imp.report(result, shown)
