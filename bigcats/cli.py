"""The `bigcats` command: init, serve, sql, import."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from bigcats import paths
from bigcats.demo import build_store
from bigcats.i18n import LANGUAGES


class CliError(Exception):
    pass


def cmd_init(args) -> None:
    db = Path(args.db) if args.db else paths.default_db_path()
    out = build_store(db, args.demo, args.force)
    extra = "".join(f", {v} {k}" for k, v in out.items() if k != "seconds")
    print(f"store ready at {db} in {out['seconds']:.1f} s{extra}")


def cmd_serve(args) -> None:
    db = Path(args.db) if args.db else paths.default_db_path()
    if not db.exists():
        print(f"no store at {db}: building the demo store first", file=sys.stderr)
        build_store(db, demo=True)
    env = dict(os.environ, BIGCATS_DB=str(db), BIGCATS_LANG=args.lang)
    cmd = [sys.executable, "-m", "panel", "serve", str(paths.APP), "--port", str(args.port),
           "--address", args.address, "--index", "app", "--num-procs", "1"]
    if args.address not in ("127.0.0.1", "localhost"):
        cmd += ["--allow-websocket-origin", "*"]
    if args.show:
        cmd.append("--show")
    print(f"serving http://{args.address}:{args.port}/app (store {db})", file=sys.stderr)
    raise SystemExit(subprocess.call(cmd, env=env))


def cmd_sql(args) -> None:
    import polars as pl

    from bigcats.store import Store

    with Store.open(args.db, read_only=True) as store:
        df = store.sql(args.statement)
    with pl.Config(tbl_rows=args.limit, tbl_cols=-1, fmt_str_lengths=60, tbl_width_chars=200):
        print(df)


def cmd_import(args) -> None:
    from bigcats.ingest.areas import import_areas
    from bigcats.store import Store

    if args.kind == "expenditures":
        from bigcats.ingest.expenditures import import_expenditures
        with Store.open(args.db or paths.default_db_path()) as store:
            n = import_expenditures(store, args.file, args.proposal, args.tolerance, args.confirm_over_budget,
                                    imported_by=os.environ.get("USER", "bigcats"))
        print(f"imported {n} expenditure(s) from {args.file}")
        return
    if args.kind == "census":
        from bigcats.ingest.census import import_census
        from bigcats.store import Store
        with Store.open(args.db or paths.default_db_path()) as store:
            n = import_census(store, args.file, imported_by=os.environ.get("USER", "bigcats"))
        print(f"imported {n} census route(s) from {args.file}")
        return
    if args.kind == "publications":
        from bigcats.ingest.publications import import_publications
        from bigcats.store import Store
        with Store.open(args.db or paths.default_db_path()) as store:
            out = import_publications(store, args.file, args.park, args.on_duplicate,
                                      imported_by=os.environ.get("USER", "bigcats"))
        print(f"imported {args.file}: {out['added']} added, {out['merged']} merged, {out['skipped']} skipped")
        return
    if args.kind == "camtrap-dp" and not args.park:
        raise CliError("import camtrap-dp needs --park: the park whose catalogue the package holds, e.g. --park LLNP")
    with Store.open(args.db or paths.default_db_path()) as store:
        if args.kind == "areas":
            n = import_areas(store, args.file)
            print(f"replaced the boundaries of {n} protected area(s) from {args.file}")
        elif args.kind == "camtrap-dp":
            from bigcats.ingest.camtrapdp import import_package
            out = import_package(store, args.file, args.park, imported_by=os.environ.get("USER", "bigcats"))
            parts = ", ".join(f"{t}: {c['added']} added, {c['changed']} changed" for t, c in out["tables"].items())
            print(f"imported {args.file} into {args.park}: {parts}")
            if out["links_waiting"]:
                print(f"{out['links_waiting']} individual link(s) name entries of a park not in this store yet; "
                      "they are made when that park's package is imported")
            if out["not_animal"]:
                print("not stored (not animal records): " + ", ".join(f"{k} {v}" for k, v in out["not_animal"].items()))


def cmd_export(args) -> None:
    from bigcats.ingest.camtrapdp import export_package
    from bigcats.store import Store

    with Store.open(args.db or paths.default_db_path(), read_only=True) as store:
        out = export_package(store, args.out, args.park, args.date_from, args.date_to)
    print(f"wrote a Camtrap DP package of {args.park} {args.date_from} – {args.date_to} to {args.out}: "
          + ", ".join(f"{v} {k}" for k, v in out.items()))


SPECIES_ALIASES = {"snow-leopard": "snow_leopard", "amur-leopard": "leopard", "amur-tiger": "tiger"}


def cmd_estimate(args) -> None:
    import polars as pl

    from bigcats import population
    from bigcats.store import Store

    species = SPECIES_ALIASES.get(args.species, args.species)
    with Store.open(args.db or paths.default_db_path(), read_only=True) as store:
        known = store.sql("SELECT species_id FROM species")["species_id"].to_list()
        if species not in known:
            raise CliError(f"unknown species {args.species!r}; known: {', '.join(known)}")
        scopes = store.query("survey_scopes", species=species, lang="en")["scope"].to_list()
        if args.area not in scopes:
            raise CliError(f"no identified {species} at the cameras of {args.area!r}; areas with them: {', '.join(scopes)}")
        table = population.estimate(store, species, args.area, args.date_from, args.date_to, args.method, args.occasion)
    cols = ["method", "quantity", "region", "estimate", "se", "lcl", "ucl", "detected", "occasions",
            "occasion_days", "period_start", "period_end", "model"]
    if args.method == "secr":
        cols += ["g0", "sigma_km", "mask"]
    table = table.select(cols)
    if table["estimate"].is_not_null().any():
        table = table.with_columns(pl.col("estimate", "se", "lcl", "ucl").round(3))
    if args.csv:
        sys.stdout.write(table.write_csv())
    else:
        with pl.Config(tbl_rows=-1, tbl_cols=-1, fmt_str_lengths=80, tbl_width_chars=250, tbl_hide_dataframe_shape=True):
            print(table)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="bigcats", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("init", help="create the store: seed facts, and with --demo the simulated data")
    s.add_argument("--demo", action="store_true", help="add the seeded demo simulation")
    s.add_argument("--db", help="store file (default: BIGCATS_DB or data/bigcats.duckdb)")
    s.add_argument("--force", action="store_true", help="rebuild an existing store")
    s.set_defaults(func=cmd_init)
    s = sub.add_parser("serve", help="serve the dashboard (builds the demo store on first run)")
    s.add_argument("--port", type=int, default=5006)
    s.add_argument("--address", default="127.0.0.1")
    s.add_argument("--db")
    s.add_argument("--lang", default="en", choices=sorted(LANGUAGES))
    s.add_argument("--show", action="store_true", help="open a browser")
    s.set_defaults(func=cmd_serve)
    s = sub.add_parser("sql", help="run a read-only SQL statement and print the table")
    s.add_argument("statement")
    s.add_argument("--db")
    s.add_argument("--limit", type=int, default=50, help="rows to print")
    s.set_defaults(func=cmd_sql)
    s = sub.add_parser("estimate", help="estimate a population: MNA, M0, Mt, Mh (Chao) or SECR")
    s.add_argument("--species", required=True, help="leopard, tiger or snow_leopard")
    s.add_argument("--area", required=True, help="a park (LLNP), a region (tumen) or one side of it (tumen:CN)")
    s.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
    s.add_argument("--to", dest="date_to", required=True, help="last day, YYYY-MM-DD")
    s.add_argument("--method", required=True, choices=["secr", "chao", "mh", "m0", "mt", "mna"])
    s.add_argument("--occasion", default="1d", help="occasion length for closed models: 1d, 7d, 2w")
    s.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    s.add_argument("--db")
    s.set_defaults(func=cmd_estimate)
    s = sub.add_parser("import", help="import data into the store, all or nothing")
    s.add_argument("kind", choices=["areas", "camtrap-dp", "expenditures", "census", "publications"])
    s.add_argument("file", help="the file, or for camtrap-dp the package folder (or its datapackage.json)")
    s.add_argument("--park", help="camtrap-dp: the park whose catalogue the package holds; "
                                   "publications: the park of records that do not name one")
    s.add_argument("--on-duplicate", choices=["refuse", "merge", "skip"], default="refuse",
                   help="publications: what to do with a record already in the register (same DOI, or title and year)")
    s.add_argument("--proposal", type=int, help="expenditures: the proposal of every row (else a 'proposal' column)")
    s.add_argument("--tolerance", type=float, default=0.10,
                   help="expenditures: share of an activity's budget it may be exceeded by without confirmation")
    s.add_argument("--confirm-over-budget", action="store_true",
                   help="expenditures: import rows that take an activity past its budget and tolerance")
    s.add_argument("--db")
    s.set_defaults(func=cmd_import)
    s = sub.add_parser("export", help="export a park's camera-trap data as a Camtrap DP package")
    s.add_argument("kind", choices=["camtrap-dp"])
    s.add_argument("out", help="folder to write the package to")
    s.add_argument("--park", required=True)
    s.add_argument("--from", dest="date_from", required=True)
    s.add_argument("--to", dest="date_to", required=True)
    s.add_argument("--db")
    s.set_defaults(func=cmd_export)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        args.func(args)
    except SystemExit:
        raise
    except Exception as exc:  # one clear line for every refusal; the traceback helps nobody here
        lines = str(exc).strip().splitlines() or [type(exc).__name__]
        print(f"bigcats: error: {lines[0]}", file=sys.stderr)
        if getattr(exc, "problems", None):  # a refused import lists every located problem
            for line in lines[1:]:
                print(f"  {line}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
