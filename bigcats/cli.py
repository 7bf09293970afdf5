"""The `bigcats` command: init, serve, sql, import."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
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

    with Store.open(args.db) as store:
        if args.kind == "areas":
            n = import_areas(store, args.file)
            print(f"replaced the boundaries of {n} protected area(s) from {args.file}")


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
    s = sub.add_parser("import", help="import data into the store, all or nothing")
    s.add_argument("kind", choices=["areas"])
    s.add_argument("file")
    s.add_argument("--db")
    s.set_defaults(func=cmd_import)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        args.func(args)
    except SystemExit:
        raise
    except Exception as exc:  # one clear line for every refusal; the traceback helps nobody here
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        print(f"bigcats: error: {first}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
