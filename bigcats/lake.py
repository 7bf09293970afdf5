"""The store on DuckLake with a PostgreSQL catalogue: many processes on many machines, one store.

A DuckDB file admits one read-write process. A DuckLake (DuckDB's lakehouse format: a catalogue
in PostgreSQL, the data in Parquet files under a shared folder) admits many, each a DuckDB
process attached to it (https://ducklake.select/docs). Its address is what `--db`/BIGCATS_DB
takes: `ducklake:postgres:dbname=NAME host=HOST port=PORT user=USER`, with the data files' folder
in BIGCATS_LAKE_DATA (needed when the lake is made; the catalogue remembers it after that).

DuckLake checks no key, reference or CHECK. The write path keeps them: a writer first takes the
write token (one row of `write_token`, taken by an UPDATE that DuckLake commits only for one of
two writers at a time), then writes, then runs the schema's constraints as queries over the tables
it touched (`bigcats.schema.violation_queries`), and commits or rolls back; so two writers never
pass the same check at once, and a duplicate key from two of them is refused in the second.
"""
from __future__ import annotations

import glob
import os
import re
import socket
import time
import uuid
from contextlib import contextmanager
from typing import Iterator

import duckdb

from bigcats import schema as declared_schema
from bigcats.schema import spatial_extension_path

PREFIX = "ducklake:"
LAKE = "lake"  # the name the lake is attached under in every connection
# every cursor looks in the lake, then in the connection's own database (the schema's macros)
SEARCH_PATH = f"SET search_path = '{LAKE}.main,memory.main'"
# a writer that died holding the token loses it after this long (an import of two million
# observations writes in about a minute; a lease renews each time the token is taken)
LEASE_SECONDS = 600
_ADDRESS = re.compile(r"^ducklake:postgres:(?:\s*[a-z_]+=[A-Za-z0-9_.\-/]+)+\s*$")


class LakeError(RuntimeError):
    """The lake cannot be reached, made or written as asked."""


def is_lake(address) -> bool:
    return str(address).startswith(PREFIX)


def check_address(address: str) -> str:
    """The address as given, when it is a DuckLake on PostgreSQL written as key=value words (no
    quote, no semicolon: it is spliced into an ATTACH statement)."""
    if not _ADDRESS.match(address):
        raise LakeError(f"{address!r} is not a lake address: write ducklake:postgres:dbname=NAME host=HOST "
                        "port=PORT user=USER (the password from PGPASSWORD or ~/.pgpass)")
    return address


def data_path() -> str | None:
    """The folder of the lake's Parquet files (BIGCATS_LAKE_DATA), a local path or a shared one."""
    value = os.environ.get("BIGCATS_LAKE_DATA", "").strip()
    if value and ("'" in value or "\n" in value):
        raise LakeError("BIGCATS_LAKE_DATA must be a folder's path (no quote or line break)")
    return value or None


def extension_path(name: str) -> str:
    """A DuckDB extension shipped as a wheel (duckdb-ext-ducklake, duckdb-ext-postgres: the
    latter's file is named postgres_scanner), for this DuckDB: nothing is downloaded."""
    import duckdb_ext

    for root in duckdb_ext.__path__:
        found = glob.glob(f"{root}/extensions/v{duckdb.__version__}/*/{name}.duckdb_extension")
        if found:
            return found[0]
    raise LakeError(f"the DuckDB extension {name} for DuckDB {duckdb.__version__} is not installed; "
                    "install the project (pip install -e .) so that duckdb-ext-ducklake and duckdb-ext-postgres "
                    "match duckdb")


def attach(con: duckdb.DuckDBPyConnection, address: str, read_only: bool = False) -> None:
    """Load DuckLake and PostgreSQL from their wheels and attach the lake at `address` as `lake`,
    the default database of `con` (each cursor says `USE lake` again: see Store._cursor)."""
    check_address(address)
    for name in ("ducklake", "postgres_scanner"):
        con.execute(f"LOAD '{extension_path(name)}'")
    con.execute(f"LOAD '{spatial_extension_path()}'")  # geometry columns are read and written
    options = []
    folder = data_path()
    if folder:
        os.makedirs(folder, exist_ok=True)
        options.append(f"DATA_PATH '{folder}'")
    if read_only:
        options.append("READ_ONLY")
    try:
        con.execute(f"ATTACH '{address}' AS {LAKE}" + (f" ({', '.join(options)})" if options else ""))
    except duckdb.Error as exc:
        raise LakeError(f"cannot attach the lake {address}: {str(exc).splitlines()[0]}") from exc
    con.execute(SEARCH_PATH)


def stored_data_path(con: duckdb.DuckDBPyConnection) -> str:
    """The folder of the lake's data files, as its catalogue records it."""
    return con.execute(f"SELECT value FROM ducklake_options('{LAKE}') WHERE option_name = 'data_path'").fetchall()[0][0]


def schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The lake's schema version; None for an empty lake."""
    have = con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND table_name = "
                       "'schema_migrations'", [LAKE]).fetchall()[0][0]
    if not have:
        return None
    return con.execute(f"SELECT coalesce(max(version), 0) FROM {LAKE}.main.schema_migrations").fetchall()[0][0]


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One all-or-nothing change of the lake itself (its schema, a store copied in), on a cursor
    of its own, before any Store handles the connection."""
    cur = con.cursor()
    cur.execute(SEARCH_PATH)
    cur.execute("BEGIN TRANSACTION")
    try:
        yield cur
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    finally:
        cur.close()


def create(con: duckdb.DuckDBPyConnection) -> None:
    """Make an empty lake a store: the declared schema's tables without constraints, and the rows
    the migrations put in an empty store (translations, counters, the write token), in one
    transaction."""
    schema = declared_schema.declared()
    empty = declared_schema.empty_store()
    try:
        rows = {t.name: empty.execute(f'SELECT * FROM "{t.name}"').fetch_arrow_table() for t in schema.tables}
    finally:
        empty.close()
    with transaction(con) as cur:
        for statement in declared_schema.lake_ddl(schema):
            cur.execute(statement)
        for table, arrow in rows.items():
            if arrow.num_rows:
                cur.register("migration_rows", arrow)
                cur.execute(f'INSERT INTO "{table}" SELECT * FROM migration_rows')
                cur.unregister("migration_rows")


def upgrade(con: duckdb.DuckDBPyConnection, have: int) -> None:
    """Bring a lake made by an older bigcats to the declared schema: the tables and columns it lacks
    are added (what every migration since the first lake has been: new tables and columns). A
    change of a column's type or a table removed needs the lake exported and imported again."""
    schema = declared_schema.declared()
    present: dict[str, set[str]] = {}
    for table, column in con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = ?",
                                     [LAKE]).fetchall():
        present.setdefault(table, set()).add(column)
    with transaction(con) as cur:
        for statement in declared_schema.lake_ddl(schema, [t.name for t in schema.tables if t.name not in present]):
            cur.execute(statement)
        for t in schema.tables:
            for c in t.columns:
                if t.name in present and c.name not in present[t.name]:
                    cur.execute(f'ALTER TABLE "{t.name}" ADD COLUMN "{c.name}" {c.data_type}'
                                + (f" DEFAULT {c.default}" if c.default is not None else ""))
        for version, name, _ in declared_schema.migrations():
            if version > have:
                cur.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, current_timestamp)",
                            [version, name])


def is_conflict(exc: BaseException) -> bool:
    """DuckLake refused a commit because another transaction changed the same data files since
    this one began (DuckLake retries a commit that only raced for the next snapshot id itself)."""
    return isinstance(exc, duckdb.TransactionException) and "Transaction conflict" in str(exc)


class WriteToken:
    """The lake's write token (`write_token`, migration 023): held by one writer at a time, across
    processes and machines. Taken by an UPDATE committed on its own: when two writers take it at
    once DuckLake commits one and refuses the other's commit as a conflict, and the other waits."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self._con = con
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
        self.depth = 0  # taken again by the same holder (an undo's several transactions)

    def _try(self) -> bool:
        cur = self._con.cursor()
        try:
            cur.execute(SEARCH_PATH)
            cur.execute("BEGIN TRANSACTION")
            cur.execute("UPDATE write_token SET holder = ?, taken_at = now()::TIMESTAMP "
                        "WHERE token = 1 AND (holder IS NULL OR holder = ? OR taken_at < now()::TIMESTAMP - "
                        f"INTERVAL {LEASE_SECONDS} SECOND)", [self.holder, self.holder])
            mine = cur.execute("SELECT holder FROM write_token WHERE token = 1").fetchall()[0][0] == self.holder
            if not mine:
                cur.execute("ROLLBACK")
                return False
            cur.execute("COMMIT")
            return True
        except duckdb.TransactionException:
            return False  # another writer's claim committed first
        finally:
            cur.close()

    def take(self, timeout: float = LEASE_SECONDS) -> None:
        if self.depth:
            self.depth += 1
            return
        deadline = time.monotonic() + timeout
        pause = 0.02
        while not self._try():
            if time.monotonic() > deadline:
                raise LakeError(f"another writer has held the lake's write token for over {timeout:.0f} s")
            time.sleep(pause)  # another writer is committing: wait for it, a little longer each time
            pause = min(pause * 2, 0.5)
        self.depth = 1

    def give_back(self) -> None:
        self.depth -= 1
        if self.depth:
            return
        for _ in range(20):  # a conflict here is another writer's failed claim: try again
            cur = self._con.cursor()
            try:
                cur.execute(SEARCH_PATH)
                cur.execute("UPDATE write_token SET holder = NULL, taken_at = NULL WHERE token = 1 AND holder = ?",
                            [self.holder])
                return
            except duckdb.TransactionException:
                time.sleep(0.05)
            finally:
                cur.close()


def file_literal(file) -> str:
    """A store file's name as it goes into an ATTACH statement."""
    if "'" in str(file):
        raise LakeError(f"{file!r}: a store's file name may not hold a quote")
    return str(file)
