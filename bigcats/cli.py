"""The `bigcats` command: init, serve, sql, import."""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from bigcats import lake, lake_admin, paths
from bigcats.demo import build_store
from bigcats.i18n import LANGUAGES


class CliError(Exception):
    pass


def store_location(args) -> Path | str:
    """--db, else BIGCATS_DB, else the default file: a file's path, or a DuckLake's address."""
    given = getattr(args, "db", None) or os.environ.get("BIGCATS_DB")
    if given and lake.is_lake(given):
        return lake.check_address(given)
    return Path(args.db) if getattr(args, "db", None) else paths.default_db_path()


def store_path(args, *, build_demo: bool = False) -> Path | str:
    """The store a command works on. Only `bigcats init` creates a store (and `bigcats serve` the
    demo store at the default place, as the README promises): a --db that does not exist is an
    error, so a typo never creates an empty store. A lake is there when its catalogue answers
    (an empty one is made a store by `bigcats init`)."""
    db = store_location(args)
    if lake.is_lake(db):
        if build_demo and not lake_admin.holds_store(db):
            print(f"the lake {db} holds no store: building the demo store first", file=sys.stderr)
            build_store(db, demo=True)
        return db
    if not db.exists():
        if build_demo and not getattr(args, "db", None):  # the configured place (BIGCATS_DB or data/)
            print(f"no store at {db}: building the demo store first", file=sys.stderr)
            build_store(db, demo=True)
        else:
            raise CliError(f"no store at {db}: create one with `bigcats init --db {db}` (add --demo for the demo data)")
    return db


def open_store(args, read_only: bool = False):
    """Open the command's store, saying in one line when the server holds it."""
    from bigcats.store import Store, StoreError
    db = store_path(args)
    try:
        return Store.open(db, read_only=read_only)
    except StoreError as exc:
        m = re.search(r"Conflicting lock is held in (.*?) \(PID (\d+)\)", str(exc))
        if m:
            raise CliError(f"the store {db} is in use by another process ({m.group(1)}, PID {m.group(2)}), "
                           "most likely `bigcats serve`: stop it first, or make this change through the app "
                           "(DuckDB lets one process at a time open a store file)") from None
        raise


def cmd_init(args) -> None:
    db = store_location(args)
    if args.scale != 1 and not args.demo:
        raise CliError("--scale sizes the demo simulation: use it with --demo")
    out = build_store(db, args.demo, args.force, args.scale)
    extra = "".join(f", {v} {k}" for k, v in out.items() if k != "seconds")
    print(f"store ready at {db} in {out['seconds']:.1f} s{extra}")


def cmd_serve(args) -> None:
    if args.auth and args.public:
        raise CliError("choose --auth (a login for everyone) or --public (read-only, no login), not both")
    serve_mode = "auth" if args.auth else "public" if args.public else "local"
    if serve_mode == "local" and args.address not in ("127.0.0.1", "localhost"):
        raise CliError(f"serving on {args.address} without --auth would give everyone on the network the local "
                       "administrator's rights; add --auth (logins) or --public (read-only)")
    db = store_path(args, build_demo=True)
    if args.processes > 1 and not lake.is_lake(db):
        raise CliError(f"--processes {args.processes}: a store file admits one process; put the store on a lake "
                       "(bigcats lake import, docs/operations.md) to serve it from several")
    env = dict(os.environ, BIGCATS_DB=db if lake.is_lake(db) else str(db.resolve()), BIGCATS_LANG=args.lang)
    # dashboards.server runs Panel with our login provider; the library never imports Panel.
    # exec, not a child: SIGTERM and SIGINT reach the server itself, which stops and frees the store.
    cmd = [sys.executable, "-m", "dashboards.server", "--port", str(args.port), "--address", args.address,
           "--mode", serve_mode, "--processes", str(args.processes)]
    if args.show:
        cmd.append("--show")
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, cmd, env)


def cmd_lake(args) -> None:
    """Moving a store between a file and a lake, and the lake's nightly upkeep (bigcats.lake)."""
    address = store_location(args)
    if not lake.is_lake(address):
        raise CliError("bigcats lake works on a DuckLake: give its address with --db or BIGCATS_DB "
                       "(ducklake:postgres:dbname=NAME host=HOST port=PORT user=USER)")
    if args.action in ("import", "export") and not args.file:
        raise CliError(f"bigcats lake {args.action} needs the store file")
    if args.action == "import":
        if not Path(args.file).is_file():
            raise CliError(f"no store at {args.file}")
        copied = lake_admin.import_file(args.file, address)
        print(f"copied {sum(copied.values())} rows of {len(copied)} tables from {args.file} into {address}")
    elif args.action == "export":
        copied = lake_admin.export_file(address, args.file)
        print(f"copied {sum(copied.values())} rows of {len(copied)} tables from {address} into {args.file}")
    else:
        out = lake_admin.maintain(address)
        print(f"lake maintained: {out['snapshots_before']} snapshots before, {out['snapshots_after']} after; "
              "small files merged, files no snapshot needs deleted")


def cmd_report(args) -> None:
    db = store_path(args)
    with open_store(args, read_only=True) as store:  # refused here, before Panel is imported
        known = store.query("proposal_overview", lang="en")["proposal_id"].to_list()
    if args.proposal not in known:
        raise CliError(f"unknown proposal {args.proposal!r}; the store holds {sorted(known)}")
    # the report reuses the pages' figures (Panel, HoloViews); the library never imports Panel
    cmd = [sys.executable, "-m", "dashboards.report", str(Path(args.out).resolve()), "--proposal", str(args.proposal),
           "--lang", args.lang, "--db", db if lake.is_lake(db) else str(db.resolve())] + (["--pdf"] if args.pdf else [])
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, cmd)  # exec, not a child: a signal to the command reaches the report itself


def _password(args) -> str:
    """The password from standard input when it is not a terminal (scripts), else asked twice."""
    import getpass
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"password for {args.name}: ")
    if getpass.getpass("again: ") != first:
        raise CliError("the two passwords differ")
    return first


def cmd_users(args) -> None:
    import polars as pl

    from bigcats import accounts

    with open_store(args) as store:
        if args.action == "add":
            accounts.check_user_name(args.name)  # before asking for a password
            actor = accounts.add_user(store, args.name, args.role, _password(args), args.park)
            print(f"added {actor.name} ({actor.role}{': ' + ', '.join(sorted(actor.parks)) if actor.parks else ''})")
        elif args.action == "passwd":
            accounts.set_password(store, args.name, _password(args))
            print(f"password of {args.name} changed")
        elif args.action == "remove":
            accounts.remove_user(store, args.name)
            print(f"removed {args.name}")
        elif args.action == "unlock":
            from bigcats import logins
            logins.unlock(store, args.name)
            print(f"unlocked {args.name}")
        else:
            users = store.query("user_accounts")
            with pl.Config(tbl_rows=-1, tbl_hide_dataframe_shape=True):
                print(users)


def cmd_audit(args) -> None:
    import datetime as dt

    import polars as pl


    with open_store(args, read_only=True) as store:
        rows = store.query("audit_entries", user_name=args.user or "", action=args.action or "",
                           date_from=dt.date.fromisoformat(args.date_from), date_to=dt.date.fromisoformat(args.date_to))
    with pl.Config(tbl_rows=args.limit, tbl_cols=-1, fmt_str_lengths=50, tbl_width_chars=220):
        print(rows.head(args.limit))


def cmd_undo(args) -> None:
    from bigcats import audit

    with open_store(args) as store:
        first = audit.undo(store, args.entry)
    print(f"entry #{args.entry} undone (the undo is entry #{first} onwards)")


def cmd_sql(args) -> None:
    import polars as pl


    with open_store(args, read_only=True) as store:
        df = store.read_only_sql(args.statement)
    with pl.Config(tbl_rows=args.limit, tbl_cols=-1, fmt_str_lengths=60, tbl_width_chars=200):
        print(df)


def cmd_import(args) -> None:
    from bigcats.ingest import registry

    imp = registry.importer(args.kind)
    options = {o.dest: getattr(args, o.dest) for o in imp.options}
    with open_store(args) as store:
        _, line = registry.run(args.kind, store, args.file, imported_by=os.environ.get("USER", "bigcats"), **options)
    print(f"imported {line}")


def cmd_export(args) -> None:
    from bigcats.ingest.camtrapdp import export_package

    with open_store(args, read_only=True) as store:
        out = export_package(store, args.out, args.park, args.date_from, args.date_to)
    print(f"wrote a Camtrap DP package of {args.park} {args.date_from} – {args.date_to} to {args.out}: "
          + ", ".join(f"{v} {k}" for k, v in out.items()))


SPECIES_ALIASES = {"snow-leopard": "snow_leopard", "amur-leopard": "leopard", "amur-tiger": "tiger"}


def _print_table(table, csv: bool) -> None:
    import polars as pl
    if csv:
        from bigcats.spreadsheet import to_csv
        sys.stdout.write(to_csv(table))
    else:
        with pl.Config(tbl_rows=-1, tbl_cols=-1, fmt_str_lengths=80, tbl_width_chars=250, tbl_hide_dataframe_shape=True):
            print(table)


def cmd_estimate(args) -> None:
    import polars as pl

    from bigcats import population

    species = SPECIES_ALIASES.get(args.species, args.species)
    with open_store(args, read_only=True) as store:
        known = store.query("species_names", lang="en")["species_id"].to_list()
        if species not in known:
            raise CliError(f"unknown species {args.species!r}; known: {', '.join(known)}")
        if args.method == "rai":
            from datetime import date

            from bigcats import abundance
            try:
                period = date.fromisoformat(args.date_from), date.fromisoformat(args.date_to)
                table = abundance.relative_abundance(store, species, args.area, *period, args.by, args.independence)
            except ValueError as exc:
                raise CliError(str(exc)) from exc
            _print_table(table.with_columns(pl.col("camera_days", "rai", "naive_occupancy").round(3)), args.csv)
            return
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
        from bigcats.spreadsheet import to_csv
        sys.stdout.write(to_csv(table))
    else:
        with pl.Config(tbl_rows=-1, tbl_cols=-1, fmt_str_lengths=80, tbl_width_chars=250, tbl_hide_dataframe_shape=True):
            print(table)


def cmd_alerts(args) -> None:
    from datetime import date, datetime

    from bigcats import alerts

    if args.action == "list":
        with open_store(args, read_only=True) as store:
            rows = alerts.alerts(store, date.fromisoformat(args.date_from) if args.date_from else None)
        _print_table(rows.drop("photo", "file_mediatype"), args.csv)
        return
    with open_store(args) as store:
        if args.action == "add":
            photo = Path(args.photo).read_bytes() if args.photo else None
            raised = datetime.fromisoformat(args.at) if args.at else None
            alert_id = alerts.raise_alert(store, alerts.Alert(
                args.kind, args.park, args.lat, args.lon, args.severity, args.description or "", raised,
                args.partner, photo), source="command line")
            partner = store.query("alert", alert_id=alert_id)["partner_area_id"][0]
            print(f"raised {alert_id}" + (f" (shared with {partner})" if partner else ""))
        else:
            at = datetime.fromisoformat(args.at) if args.at else None
            for alert_id in args.ids:
                (alerts.acknowledge if args.action == "ack" else alerts.resolve)(store, alert_id, at)
                print(f"{alert_id} {'acknowledged' if args.action == 'ack' else 'resolved'}")


def cmd_encounter_rates(args) -> None:
    from datetime import date

    from bigcats import signs

    species = SPECIES_ALIASES.get(args.species, args.species)
    with open_store(args, read_only=True) as store:
        known = store.query("species_names", lang="en")["species_id"].to_list()
        if species not in known:
            raise CliError(f"unknown species {args.species!r}; known: {', '.join(known)}")
        try:
            routes, summary = signs.encounter_rates(store, species, args.area, date.fromisoformat(args.date_from),
                                                    date.fromisoformat(args.date_to), tuple(args.type or ()))
        except ValueError as exc:
            raise CliError(str(exc)) from exc
    _print_table(summary if args.by == "area" else routes, args.csv)


def cmd_activity(args) -> None:
    import polars as pl

    from bigcats import activity

    species = SPECIES_ALIASES.get(args.species, args.species)
    versus = SPECIES_ALIASES.get(args.versus, args.versus)
    with open_store(args, read_only=True) as store:
        known = store.query("species_names", lang="en")["species_id"].to_list()
        for name in (species, versus):
            if name not in known:
                raise CliError(f"unknown species {name!r}; known: {', '.join(known)}")
        try:
            result = activity.activity_overlap(store, species, versus, args.area, args.date_from, args.date_to,
                                               args.time, args.independence, args.resamples)
        except ValueError as exc:
            raise CliError(str(exc)) from exc
    table = result.estimates.with_columns(
        pl.lit(species).alias("species"), pl.lit(versus).alias("versus"), pl.lit(args.area).alias("area"),
        pl.lit(result.n_species).alias(f"n_{species}"), pl.lit(result.n_versus).alias(f"n_{versus}"),
        pl.lit(result.time).alias("time"), pl.lit(result.independence_minutes).alias("independence_minutes"),
        pl.col("estimate", "lcl", "ucl").round(3))
    if args.csv:
        from bigcats.spreadsheet import to_csv
        sys.stdout.write(to_csv(table))
        return
    print(f"Activity overlap of {species} ({result.n_species} independent detections) and {versus} "
          f"({result.n_versus}) in {args.area}, {args.date_from} to {args.date_to}, {result.time} time; "
          f"detections {result.independence_minutes} min apart at a camera are independent; "
          f"95% intervals: smoothed bootstrap, {args.resamples} resamples, bias-adjusted percentiles")
    with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_hide_dataframe_shape=True):
        print(table.select("estimator", "estimate", "lcl", "ucl", "recommended"))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("bigcats")
    except PackageNotFoundError:  # a clone run without installing
        return "unknown (not installed)"


def _minutes(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of minutes")
    return int(text)


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="bigcats", description=__doc__)
    p.add_argument("--version", action="version", version=f"bigcats {_version()}")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("init", help="create the store: seed facts, and with --demo the simulated data")
    s.add_argument("--demo", action="store_true", help="add the seeded demo simulation")
    s.add_argument("--db", help="store file or lake address (default: BIGCATS_DB or data/bigcats.duckdb)")
    s.add_argument("--force", action="store_true", help="rebuild an existing store")
    s.add_argument("--scale", type=_positive_int, default=1, metavar="N",
                   help="with --demo, a store for benchmarks: N times the cameras, and the prey photographs "
                        "every camera takes beside the cats (N=4: about 10 million observations)")
    s.set_defaults(func=cmd_init)
    s = sub.add_parser("serve", help="serve the dashboard (builds the demo store on first run)")
    s.add_argument("--port", type=int, default=5006)
    s.add_argument("--address", default="127.0.0.1")
    s.add_argument("--db")
    s.add_argument("--lang", default="en", choices=sorted(LANGUAGES))
    s.add_argument("--show", action="store_true", help="open a browser")
    s.add_argument("--auth", action="store_true", help="every page and request needs a login (accounts: bigcats users)")
    s.add_argument("--public", action="store_true", help="read-only view with no login, camera positions generalised")
    s.add_argument("--processes", type=_positive_int, default=1, metavar="N",
                   help="N server processes sharing the sessions (a store on a lake only: one process holds a file)")
    s.set_defaults(func=cmd_serve)
    s = sub.add_parser("lake", help="a store on DuckLake with a PostgreSQL catalogue (docs/operations.md): "
                                    "import a store file into an empty lake, export the lake into a new file, "
                                    "maintain it (nightly: merge small files, expire week-old snapshots)")
    s.add_argument("action", choices=["import", "export", "maintain"])
    s.add_argument("file", nargs="?", help="import: the store file to copy in; export: the new file to write")
    s.add_argument("--db", help="the lake: ducklake:postgres:dbname=NAME host=HOST port=PORT user=USER "
                                "(default BIGCATS_DB; its data folder in BIGCATS_LAKE_DATA)")
    s.set_defaults(func=cmd_lake)
    s = sub.add_parser("users", help="accounts: add, passwd, remove, unlock (after failed logins), list (the password is read from stdin "
                                     "when it is not a terminal)")
    s.add_argument("action", choices=["add", "passwd", "remove", "unlock", "list"])
    s.add_argument("name", nargs="?")
    s.add_argument("--role", choices=["viewer", "editor", "admin"], default="viewer")
    s.add_argument("--park", action="append", help="a park the editor edits (repeat for several)")
    s.add_argument("--db")
    s.set_defaults(func=cmd_users)
    s = sub.add_parser("audit", help="list the audit trail")
    s.add_argument("--user")
    s.add_argument("--action", help="e.g. 'import camtrap-dp', 'add expenditure', 'undo'")
    s.add_argument("--from", dest="date_from", default="2000-01-01")
    s.add_argument("--to", dest="date_to", default="2100-01-01")
    s.add_argument("--limit", type=int, default=50)
    s.add_argument("--db")
    s.set_defaults(func=cmd_audit)
    s = sub.add_parser("undo", help="undo one audit entry (an import as a whole), if nothing since depends on it")
    s.add_argument("entry", type=int)
    s.add_argument("--db")
    s.set_defaults(func=cmd_undo)
    s = sub.add_parser("report", help="the steering-meeting report of a proposal: one self-contained HTML file "
                                      "(and with --pdf a PDF, printed by Chromium)")
    s.add_argument("out", help="the HTML file to write, e.g. report_p1_ru.html")
    s.add_argument("--proposal", type=int, required=True)
    s.add_argument("--lang", default="en", choices=sorted(LANGUAGES))
    s.add_argument("--pdf", action="store_true", help="also write OUT.pdf next to it")
    s.add_argument("--db")
    s.set_defaults(func=cmd_report)
    s = sub.add_parser("sql", help="run a read-only SQL statement and print the table")
    s.add_argument("statement")
    s.add_argument("--db")
    s.add_argument("--limit", type=int, default=50, help="rows to print")
    s.set_defaults(func=cmd_sql)
    s = sub.add_parser("estimate", help="estimate a population: MNA, M0, Mt, Mh (Chao) or SECR; "
                                        "or a relative abundance index (RAI)")
    s.add_argument("--species", required=True, help="leopard, tiger or snow_leopard (rai: any species id)")
    s.add_argument("--area", required=True, help="a park (LLNP), a region (tumen) or one side of it (tumen:CN)")
    s.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
    s.add_argument("--to", dest="date_to", required=True, help="last day, YYYY-MM-DD")
    s.add_argument("--method", required=True, choices=["secr", "chao", "mh", "m0", "mt", "mna", "rai"],
                   help="rai: independent events per 100 camera-days and naive occupancy, of any species")
    s.add_argument("--occasion", default="1d", help="occasion length for closed models: 1d, 7d, 2w")
    s.add_argument("--by", default="year", choices=["scope", "year", "park", "camera"], help="rai: rows by")
    s.add_argument("--independence", type=_minutes, default=30,
                   help="rai: minutes between two photographs of one event (default 30)")
    s.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    s.add_argument("--db")
    s.set_defaults(func=cmd_estimate)
    s = sub.add_parser("alerts", help="fire, poaching and smuggling alerts between the parks: add (raise), ack, "
                                      "resolve, list")
    s.add_argument("action", choices=["add", "ack", "resolve", "list"])
    s.add_argument("ids", nargs="*", help="ack/resolve: the alert ids")
    from bigcats.alerts import KINDS as ALERT_KINDS, SEVERITIES
    s.add_argument("--kind", choices=ALERT_KINDS, help="add: what was seen")
    s.add_argument("--park", help="add: the park raising it")
    s.add_argument("--lat", type=float, help="add: latitude (WGS 84)")
    s.add_argument("--lon", type=float, help="add: longitude (WGS 84)")
    s.add_argument("--severity", choices=SEVERITIES, default="medium")
    s.add_argument("--description")
    s.add_argument("--photo", help="add: a JPEG or PNG photograph")
    s.add_argument("--partner", help="add: the park across the border it concerns (default: the nearest within 30 km)")
    s.add_argument("--at", help="when (UTC, YYYY-MM-DDTHH:MM); default now")
    s.add_argument("--from", dest="date_from", help="list: raised on or after this day")
    s.add_argument("--csv", action="store_true", help="list: print CSV")
    s.add_argument("--db")
    s.set_defaults(func=cmd_alerts)
    s = sub.add_parser("encounter-rates", help="sign surveys: signs of a species per km walked, by route or by park "
                                                "with standard errors (Fewster et al. 2009)")
    s.add_argument("--species", required=True, help="snow_leopard, leopard, tiger or another species id")
    s.add_argument("--area", required=True, help="a park (SNP) or a region (altai_sayan)")
    s.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
    s.add_argument("--to", dest="date_to", required=True, help="last day, YYYY-MM-DD")
    s.add_argument("--type", action="append", choices=["scrape", "scat", "track", "kill", "sighting", "urine", "hair", "rub"],
                   help="only signs of this type (repeat for several; default every type)")
    s.add_argument("--by", default="area", choices=["area", "route"], help="a row per park (and 'all') or per route")
    s.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    s.add_argument("--db")
    s.set_defaults(func=cmd_encounter_rates)
    s = sub.add_parser("activity", help="overlap of two species' activity patterns (Ridout & Linkie 2009: Dhat1, Dhat4)")
    s.add_argument("--species", required=True, help="a species id (tiger, leopard, snow_leopard, wild_boar, ...)")
    s.add_argument("--versus", required=True, help="the other species")
    s.add_argument("--area", required=True, help="a park (LLNP), a region (tumen) or one side of it (tumen:CN)")
    s.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
    s.add_argument("--to", dest="date_to", required=True, help="last day, YYYY-MM-DD")
    s.add_argument("--time", choices=["clock", "sun"], default="clock",
                   help="clock time, or sun time (sunrise at 06:00 and sunset at 18:00 each day)")
    s.add_argument("--independence", type=int, default=30, help="minutes between independent detections at a camera")
    s.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples for the intervals")
    s.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    s.add_argument("--db")
    s.set_defaults(func=cmd_activity)
    from bigcats.ingest.registry import IMPORTERS
    s = sub.add_parser("import", help="import data into the store, all or nothing: "
                                      + "; ".join(f"{k}: {i.what}" for k, i in IMPORTERS.items()))
    s.add_argument("kind", choices=list(IMPORTERS))
    s.add_argument("file", nargs="+", help="the file, or for camtrap-dp the package folder (or its datapackage.json); "
                                           "patrols: one or several files, or a folder of them")
    seen = set()
    for imp in IMPORTERS.values():  # each importer's options, once each
        for o in imp.options:
            if o.flag in seen:
                continue
            seen.add(o.flag)
            if o.switch:
                s.add_argument(o.flag, dest=o.dest, action="store_true", help=o.help)
            else:
                s.add_argument(o.flag, dest=o.dest, type=o.type, default=o.default, choices=o.choices, help=o.help)
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
    if getattr(args, "func", None) is cmd_users and args.action != "list" and not args.name:
        parser().error(f"users {args.action} needs a NAME")
    if getattr(args, "func", None) is cmd_alerts:
        if args.action == "add" and None in (args.kind, args.park, args.lat, args.lon):
            parser().error("alerts add needs --kind, --park, --lat and --lon")
        if args.action in ("ack", "resolve") and not args.ids:
            parser().error(f"alerts {args.action} needs the id of an alert")
    try:
        args.func(args)
    except SystemExit:
        raise
    except FileNotFoundError as exc:
        print(f"bigcats: error: {exc.filename}: no such file or folder", file=sys.stderr)
        return 1
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
