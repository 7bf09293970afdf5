"""The DuckDB store: one file, versioned migrations, named queries returning polars frames.

Reads run on their own cursor, so many sessions can share one Store (one connection, as
DuckDB wants a single read-write connection per file); writes go through `transaction()`,
which serialises them and makes each import all-or-nothing.
"""
from __future__ import annotations

import functools
import os
import random
import re
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

import duckdb
import polars as pl

from bigcats import derived, lake, paths, schema, sensitivity
from bigcats.errors import QueryError, StoreError  # noqa: F401 (raised and caught as bigcats.store's)
from bigcats.schema import apply_migrations, migrations, spatial_extension_path  # noqa: F401 (the store's names)

_PARAM = re.compile(r"(?<![\w$])\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")
_STRING = re.compile(r"'(?:[^']|'')*'")
# a statement that needs the spatial extension: a spatial function or the GEOMETRY type
_SPATIAL = re.compile(r"\bst_\w+\s*\(|\bgeometry\b", re.I)
# what is neither code nor identifier: comments and string literals ('GEOMETRY' as a value asks
# nothing of the extension; a comment "a geometry column" neither)
_NOT_CODE = re.compile(r"--[^\n]*|'(?:[^']|'')*'")


_FRAME = re.compile(r"^--\s*frame:\s*([a-z_][a-z0-9_]*)", re.M)


def _needs_spatial(sql: str) -> bool:
    """A statement names a spatial function or the GEOMETRY type in its code (not in a comment or
    a string): the spatial extension must be loaded before it runs."""
    return bool(_SPATIAL.search(_NOT_CODE.sub(" ", sql)))


CONFLICT_ATTEMPTS = 5
_Write = TypeVar("_Write", bound=Callable)


def one_transaction(write: _Write) -> _Write:
    """Marks `write(store, ...)`, a function that is exactly one write transaction of `store`, as
    safe to run again from its start. On a lake, every bigcats writer holds the write token, so
    two of them never conflict; a writer outside it (a notebook's own SQL, another DuckDB tool)
    can, and DuckLake then refuses this commit. The function is run again, up to
    CONFLICT_ATTEMPTS times, after a short random pause (not in step with the other writer). Its
    arguments must be readable twice: values, frames, paths, never an open stream."""
    @functools.wraps(write)
    def retried(store, *args, **kwargs):
        for attempt in range(1, CONFLICT_ATTEMPTS + 1):
            try:
                return write(store, *args, **kwargs)
            except duckdb.TransactionException as exc:
                if not (store.on_lake and lake.is_conflict(exc)) or attempt == CONFLICT_ATTEMPTS:
                    raise
                store._shared.conflicts_retried += 1
                time.sleep(random.uniform(0.01, 0.05 * 2 ** attempt))
    return retried  # type: ignore[return-value]


# A named query's rows are memoised (Store.query) until a write to a table it reads
# (Store.tables_read), unless they change without a write (the clock, chance, the lake's own
# snapshots) or are larger than this: a page's answers are small, and the ten-million-row store's
# detection histories are not kept in every process's memory.
_UNMEMOISED = re.compile(r"\b(now|current_date|current_timestamp|today|random|uuid|gen_random_uuid|snapshots)\b", re.I)
MEMO_BYTES = 16 * 2**20
MEMO_ENTRIES = 4000


class _TooLarge(Exception):
    """A result too large to memoise: handed back to its caller, not kept."""

    def __init__(self, frame: pl.DataFrame):
        super().__init__("too large to memoise")
        self.frame = frame


def _memoisable(sql: str) -> bool:
    return not _UNMEMOISED.search(_NOT_CODE.sub(" ", sql))


def _hashable(value):
    """`value` (a query's parameters) as a key of the memo: lists and dicts become tuples."""
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(_hashable(v) for v in (sorted(value) if isinstance(value, (set, frozenset)) else value))
    return value


def _connection_config() -> dict:
    """DuckDB's settings for every connection: no extension downloaded or loaded by itself (a
    field station is offline, and a store file must not make the program fetch code: spatial
    comes from its wheel); BIGCATS_DUCKDB_THREADS caps the threads of each connection where
    several processes share few cores (the test workers; several app processes on one machine);
    BIGCATS_DUCKDB_MEMORY ("1GB") caps what DuckDB itself holds in memory, spilling the rest of a
    large import to a temporary file (a field station's laptop: importing two million observations
    peaked at 2.9 GB with 1GB against 3.4-3.6 GB without, benchmarks/README.md)."""
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    threads = os.environ.get("BIGCATS_DUCKDB_THREADS", "")
    if threads.isdigit() and int(threads) > 0:
        config["threads"] = int(threads)
    memory = os.environ.get("BIGCATS_DUCKDB_MEMORY", "").strip()
    if re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", memory, re.I):  # a size DuckDB reads, nothing else
        config["memory_limit"] = memory
    return config


def _looks_like_duckdb(p: Path) -> bool:
    """DuckDB files carry 'DUCK' at byte 8 of their first block."""
    with open(p, "rb") as fh:
        head = fh.read(16)
    return len(head) >= 12 and head[8:12] == b"DUCK"


def query_parameters(sql: str) -> set[str]:
    """Named parameters ($name) of a SQL text, ignoring comments and string literals."""
    return set(_PARAM.findall(_STRING.sub("''", _COMMENT.sub("", sql))))


# The tables camera-trap estimates and border crossings are computed from: a write to any other
# table (an expenditure, a publication) leaves those memoised results standing.
MONITORING_TABLES = ("deployments", "observations", "media", "individuals", "individual_links", "protected_areas",
                     "countries", "borders", "regions", "species")


# Tables whose ids the application takes from id_counters (migration 023), and their id column.
APPLICATION_IDS = {"expenditures": "expenditure_id", "imports": "import_id", "audit_log": "audit_id"}


class _Shared:
    """What every handle on one connection shares: the write lock, and estimates memoised until
    a write to a table they were computed from."""

    def __init__(self):
        self.write_lock = threading.RLock()
        self.sql_cache: dict = {}  # query texts, their declarations, the schema's
        self.versions: dict[str, int] = {}  # writes committed per table
        self.everything = 0  # writes whose tables are not known: they invalidate every result
        self.memo: dict = {}  # key -> (tables it depends on or None for all, value)
        self.memo_lock = threading.Lock()
        self.services: dict = {}  # name -> one long-lived helper per connection (Store.service)
        self.spatial = False  # the spatial extension is loaded (Store._spatial)
        self.spatial_lock = threading.Lock()
        self.write_token: lake.WriteToken | None = None  # a lake's writers' token (bigcats.lake)
        self.lake_snapshot = None  # the lake's snapshot the memo was last checked against ...
        self.lake_checked = 0.0  # ... and when (time.monotonic)
        self.conflicts_retried = 0  # writes run again after a lake's conflict (one_transaction)
        self.unchanged: dict[int, set[str]] = {}  # id of an open transaction's cursor -> tables it left as they were
        self.rows_written: dict[int, dict] = {}  # ... -> table -> the rows it wrote (Store.rows_written)

    def stamp(self, deps: frozenset | None) -> tuple:
        tables = sorted(deps) if deps is not None else sorted(self.versions)
        return self.everything, tuple(self.versions.get(t, 0) for t in tables)

    def written(self, tables) -> None:
        """Forget the results computed from `tables` (None: from anything)."""
        with self.memo_lock:
            if tables is None:
                self.everything += 1
                self.memo.clear()
                return
            touched = set(tables)
            for t in touched:
                self.versions[t] = self.versions.get(t, 0) + 1
            self.memo = {k: (deps, v) for k, (deps, v) in self.memo.items()
                         if deps is not None and not (deps & touched)}


class Store:
    """The bigcats store. Open with `Store.open()`; ask with `store.query(name, **params)`."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path | str, read_only: bool, actor=None):
        from bigcats.access import local_actor

        self._con = con
        self.path = path
        self.read_only = read_only
        self.on_lake = lake.is_lake(path)  # a DuckLake (bigcats.lake), not a DuckDB file
        # Who writes through this handle; write functions check it (bigcats.access.require).
        self.actor = actor or local_actor()
        self._shared = _Shared()

    @property
    def _write_lock(self) -> threading.RLock:
        return self._shared.write_lock

    def as_actor(self, actor) -> "Store":
        """A handle on the same connection (and the same write lock and memo) acting as `actor`:
        what a server session uses, so that every write it makes is checked and audited as theirs."""
        other = Store.__new__(Store)
        other._con, other.path, other.read_only, other._shared = self._con, self.path, self.read_only, self._shared
        other.on_lake = self.on_lake
        other.actor = actor
        return other

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path | None = None, read_only: bool = False,
             upto: int | None = None) -> "Store":
        """Open (and create or upgrade) a store.

        path: file, or ':memory:', or a DuckLake address (bigcats.lake); default BIGCATS_DB or
            data/bigcats.duckdb.
        read_only: open for reading only; the file must exist and be up to date.
        upto: apply migrations only up to this version (tests of upgrades).
        """
        if lake.is_lake(path if path is not None else os.environ.get("BIGCATS_DB", "")):
            return cls._open_lake(str(path if path is not None else os.environ["BIGCATS_DB"]), read_only)
        p = Path(path) if path is not None else paths.default_db_path()
        memory = str(p) == ":memory:"
        if read_only and not memory and not p.exists():
            raise StoreError(f"no store at {p}: run `bigcats init --demo` first")
        if not memory:
            p.parent.mkdir(parents=True, exist_ok=True)
        if not memory and p.exists() and p.stat().st_size and not _looks_like_duckdb(p):
            raise StoreError(f"{p} is not a bigcats store (not a DuckDB database file)")
        try:
            con = duckdb.connect(str(p), read_only=read_only, config=_connection_config())
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store {p}: {exc}") from exc
        store = cls(con, p, read_only)
        store._migrate(upto)
        return store

    @classmethod
    def _open_lake(cls, address: str, read_only: bool) -> "Store":
        """Attach the DuckLake at `address`, making it a store when it is empty and adding what a
        newer schema has; the schema's macros are made in the connection's own in-memory database
        (a lake holds none), which every cursor searches after the lake (`_cursor`)."""
        from bigcats import schema

        con = duckdb.connect(":memory:", config=_connection_config())
        try:
            lake.attach(con, address, read_only=read_only)
            have = lake.schema_version(con)
            latest = migrations()[-1][0]
            if have is None or have < latest:
                if read_only:
                    raise StoreError(f"the lake {address} needs its schema made or upgraded; open it once read-write")
                lake.create(con) if have is None else lake.upgrade(con, have)
            for statement in schema.macro_ddl(schema.declared(), "memory.main"):
                con.execute(statement)
            con.execute(lake.SEARCH_PATH)
        except BaseException:
            con.close()
            raise
        store = cls(con, address, read_only)
        store._shared.spatial = True  # loaded by lake.attach
        store._shared.write_token = lake.WriteToken(con)
        return store

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of the store's connection; on a lake, looking in the lake first (a cursor is a
        connection of its own and does not inherit `USE`)."""
        cur = self._con.cursor()
        if self.on_lake:
            cur.execute(lake.SEARCH_PATH)
        return cur

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self, upto: int | None) -> None:
        con = self._con
        # fetchall, never fetchone, on the shared connection: a result left unread keeps its
        # transaction open, and DuckDB then refuses to re-insert any key deleted after it began
        have = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
        ).fetchall()[0][0]
        applied = set()
        if have:
            applied = {r[0] for r in con.execute("SELECT version FROM schema_migrations").fetchall()}
        pending = [m for m in migrations() if m[0] not in applied and (upto is None or m[0] <= upto)]
        if not pending:
            return
        if self.read_only:
            raise StoreError(f"the store {self.path} needs migrations {[m[0] for m in pending]}; "
                             "open it once read-write to upgrade it")
        with self.transaction() as cur:
            apply_migrations(cur, pending, first=not have)

    def _spatial(self) -> None:
        """Load the spatial extension into this connection's database, once, when a statement
        first needs it: loading costs about 0.35 s (GDAL, GEOS, PROJ), and most openings of a store
        (a CLI command, a page's reads of tables) never call a spatial function."""
        shared = self._shared
        if shared.spatial:
            return
        with shared.spatial_lock:
            if not shared.spatial:
                self._con.execute(f"LOAD '{spatial_extension_path()}'")
                shared.spatial = True

    def _run(self, sql: str, params=None, frames: dict[str, pl.DataFrame] | None = None):
        """Execute a read on a cursor of its own (with `frames` registered on it under their
        names); returns (cursor, relation). The spatial extension is loaded first when the text
        names a spatial function or type, or when DuckDB's catalogue misses one (a function reached
        through a view or a macro)."""
        if _needs_spatial(sql):
            self._spatial()

        def cursor():
            cur = self._cursor()
            for name, frame in (frames or {}).items():
                cur.register(name, frame.to_arrow())
            return cur
        cur = cursor()
        try:
            return cur, (cur.execute(sql, params) if params else cur.execute(sql))
        except duckdb.CatalogException:
            cur.close()
            if self._shared.spatial:
                raise
            self._spatial()
            cur = cursor()
            try:
                return cur, (cur.execute(sql, params) if params else cur.execute(sql))
            except BaseException:
                cur.close()
                raise
        except BaseException:
            cur.close()
            raise

    @property
    def schema_version(self) -> int:
        return self._con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchall()[0][0]

    # -- reading ---------------------------------------------------------------------------
    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own for one reader (thread-safe use of the single connection), with the
        spatial extension loaded (what the caller runs on it is not known here)."""
        self._spatial()
        return self._cursor()

    def query_text(self, name: str) -> str:
        if name not in self._shared.sql_cache:
            if not re.fullmatch(r"[a-z0-9_]+", name):
                raise QueryError(f"unknown query {name!r}: names are lower_snake_case files in queries/")
            f = paths.QUERIES / f"{name}.sql"
            if not f.exists():
                known = ", ".join(sorted(p.stem for p in paths.QUERIES.glob("*.sql")))
                raise QueryError(f"unknown query {name!r}; known queries: {known}")
            self._shared.sql_cache[name] = f.read_text()
        return self._shared.sql_cache[name]

    def query(self, name: str, /, frames: dict[str, pl.DataFrame] | None = None, **params) -> pl.DataFrame:
        """Run queries/<name>.sql with its named $parameters; returns a polars DataFrame.

        frames: relations the query reads by name (`-- frame: NAME (columns)` in its header), for
        a batch too large to pass as a list parameter: an import's hundreds of thousands of ids
        (a list of two million took 5 s to bind; a registered frame is read in place)."""
        sql = self.query_text(name)
        wanted = query_parameters(sql)
        missing = wanted - params.keys()
        unknown = params.keys() - wanted
        if missing:
            raise QueryError(f"query {name!r} needs parameter(s) {', '.join(sorted(missing))}")
        if unknown:
            raise QueryError(f"query {name!r} takes no parameter(s) {', '.join(sorted(unknown))}; "
                             f"it takes: {', '.join(sorted(wanted)) or 'none'}")
        declared = set(_FRAME.findall(sql))
        if set(frames or {}) != declared:
            raise QueryError(f"query {name!r} reads the frame(s) {', '.join(sorted(declared)) or 'none'}; "
                             f"given: {', '.join(sorted(frames or {})) or 'none'}")
        if frames or not _memoisable(sql):
            frame = self._read(sql, params, frames)
        else:  # the same rows for every session until a write (pages ask the same questions)
            frame = self.cached(("query", name, _hashable(params)), lambda: self._read(sql, params, None, memo=True),
                                depends_on=self.tables_read(name))
        # Sensitive columns (as the query declares them) leave the library exact only for admins
        # and the owning park's editors; a column the schema declares and the query does not is
        # protected by the schema's declaration (fail closed).
        if not self.actor.is_admin:
            frame = sensitivity.protect(frame, self.declaration(name), self.actor)
        return frame

    def _read(self, sql: str, params: dict, frames, memo: bool = False) -> pl.DataFrame:
        cur, rel = self._run(sql, params, frames)
        try:
            frame = rel.pl()
        finally:
            cur.close()
        if memo and frame.estimated_size() > MEMO_BYTES:
            raise _TooLarge(frame)
        return frame

    def run(self, cur: duckdb.DuckDBPyConnection, name: str, /, **params) -> duckdb.DuckDBPyConnection:
        """Run the named statement queries/<name>.sql on a transaction's cursor `cur`, its
        $parameters checked as `query` checks them (writes, like reads, live in queries/); returns
        the cursor, to fetch what a read inside the transaction or a RETURNING gives."""
        sql = self.query_text(name)
        wanted = query_parameters(sql)
        if wanted != params.keys():
            raise QueryError(f"statement {name!r} takes parameter(s) {', '.join(sorted(wanted)) or 'none'}; "
                             f"given: {', '.join(sorted(params)) or 'none'}")
        if _needs_spatial(sql):
            self._spatial()  # loading on the connection is allowed while `cur` holds a transaction
        return cur.execute(sql, params) if params else cur.execute(sql)

    def declaration(self, name: str) -> "sensitivity.Declaration":
        """The sensitive columns of the named query's result: its header's declaration, plus any
        column of the schema's declaration it returns under the schema's name."""
        key = ("declaration", name)
        if key not in self._shared.sql_cache:
            own = sensitivity.parse_declaration(self.query_text(name), name)
            self._shared.sql_cache[key] = sensitivity.Declaration(
                {**self.schema_sensitivity(), **own.columns}, own.owner, own.declared)
        return self._shared.sql_cache[key]

    def table_shape(self, table: str) -> tuple[list[tuple[str, str]], list[str]]:
        """A table's (column, type) pairs in order and its primary key's columns, read once per
        connection (the schema changes only by migration, when the store is opened)."""
        key = ("shape", table)
        if key not in self._shared.sql_cache:
            rows = self.query("table_shape", table_name=table)
            if rows.is_empty():
                raise QueryError(f"the store has no table {table!r}")
            key_columns = rows.filter(rows["in_key"]).sort("key_position")["column_name"].to_list()
            if self.on_lake or not key_columns:  # a lake holds no keys, and a file not those checked
                # by query (migration 025): the declared schema's
                from bigcats import schema
                key_columns = next((list(c.columns) for c in schema.declared().constraints
                                    if c.table == table and c.kind == "PRIMARY KEY"), [])
            self._shared.sql_cache[key] = (list(zip(rows["column_name"], rows["data_type"])), key_columns)
        return self._shared.sql_cache[key]

    def schema_sensitivity(self) -> dict[str, str]:
        """Column name -> kind, as the schema declares (migration 006's column comments)."""
        if ("schema",) not in self._shared.sql_cache:
            self._shared.sql_cache[("schema",)] = sensitivity.schema_declaration(self._cursor())
        return self._shared.sql_cache[("schema",)]

    def for_computation(self) -> "Store":
        """A reading handle with exact positions, for the library's own estimators (SECR, border
        crossings), whose results (densities, counts, points on the border) are what gets shown."""
        from bigcats.access import COMPUTATION
        return self.as_actor(COMPUTATION)

    def sql(self, text: str, params: list | dict | None = None) -> pl.DataFrame:
        """Ad-hoc SQL for researchers and `bigcats sql` (read it; write through ingest)."""
        cur, rel = self._run(text, params)
        try:
            if rel.description is None:
                return pl.DataFrame()
            frame = rel.pl()
        finally:
            cur.close()
        if not self.actor.is_admin:  # by the schema's declaration; no owning park column: hidden
            frame = sensitivity.protect(frame, sensitivity.Declaration(self.schema_sensitivity()), self.actor)
        return frame

    def read_only_sql(self, text: str) -> pl.DataFrame:
        """One SELECT for `bigcats sql`, read-only in every sense: no write to the store (opened
        read-only), no file written or read outside it (COPY, EXPORT, read_csv('/etc/...')), no
        ATTACH, INSTALL, LOAD or SET: DuckDB's external access is switched off and the setting
        locked before the statement runs, so the connection must not be used for anything else."""
        try:
            statements = duckdb.extract_statements(text)
        except duckdb.Error as exc:
            raise QueryError(f"not valid SQL: {str(exc).splitlines()[0]}") from exc
        if len(statements) != 1:
            raise QueryError(f"give exactly one statement ({len(statements)} given)")
        if statements[0].type != duckdb.StatementType.SELECT:
            raise QueryError(f"only a SELECT (or WITH ... SELECT) is run here, not {statements[0].type.name}")
        if self._con.execute("SELECT current_setting('lock_configuration')").fetchall()[0][0] is not True:
            self._spatial()  # no extension can be loaded once external access is off
            if self.on_lake:  # the lake's own data files stay readable, and nothing else
                self._con.execute("SET allowed_directories = ?", [[lake.stored_data_path(self._con)]])
            self._con.execute("SET enable_external_access = false")
            self._con.execute("SET lock_configuration = true")
        try:
            return self.sql(text)
        except duckdb.Error as exc:
            raise QueryError(str(exc).splitlines()[0]) from exc

    def tables_read(self, name: str) -> frozenset[str] | None:
        """The store's tables the named query `name` reads, directly or through the schema's macros
        (`translated` reads the translations): its memoised rows stay until one of them is
        written, so an expenditure does not make every page ask its questions again. A word of
        the query's code that names a table counts as a read (a superset is safe; a table missed
        would not be: a query naming no table is forgotten on any write, None)."""
        key = ("tables read", name)
        cache = self._shared.sql_cache
        if key not in cache:
            if ("relations",) not in cache:
                tables = set(self.table_names())
                macros = dict(self._con.execute(
                    "SELECT function_name, macro_definition FROM duckdb_functions() "
                    "WHERE function_type = 'macro' AND NOT internal").fetchall())
                cache[("relations",)] = (frozenset(tables), macros)
            tables, macros = cache[("relations",)]

            def reads(code: str, seen: frozenset) -> set[str]:
                words = set(re.findall(r"[a-z_][a-z0-9_]*", _NOT_CODE.sub(" ", code).lower()))
                found = words & tables
                for macro in (words & macros.keys()) - seen:
                    found |= reads(macros[macro] or "", seen | {macro})
                return found
            found = reads(self.query_text(name), frozenset())
            cache[key] = frozenset(found) if found else None
        return cache[key]

    def table_names(self) -> list[str]:
        return [r[0] for r in self._con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
            "AND table_catalog = current_database() "
            "ORDER BY table_name").fetchall()]

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self, touches: list[str] | tuple[str, ...] | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """One all-or-nothing write: commits on success, rolls back on any exception.
        touches: the tables the write may change (results memoised from others stay); None: any."""
        if self.read_only:
            raise StoreError(f"the store {self.path} is open read-only")
        if self._write_needs_spatial(touches):
            # loaded before the write: a spatial function missing mid-way would end the transaction
            self._spatial()
        with self._write_lock, self._token():
            cur = self._cursor()
            cur.execute("BEGIN TRANSACTION")
            self._shared.unchanged[id(cur)] = set()
            self._shared.rows_written[id(cur)] = {}
            try:
                yield cur
                unchanged = self._shared.unchanged.pop(id(cur))
                written = self._shared.rows_written.pop(id(cur))
                if touches is not None and unchanged:  # what the write found nothing to change in
                    touches = [t for t in touches if t not in unchanged]
                # derived tables computed from what was written, in the same transaction
                refreshed = derived.refresh(self, cur, touches)
                versioned = []
                if touches is None or set(touches) & set(MONITORING_TABLES):
                    derived.bump_version(self, cur, "monitoring")
                    versioned = ["data_versions"]
                # a lake checks every constraint here; a file those it does not check itself
                schema.check_constraints(cur, None if touches is None else {*touches, *refreshed},
                                         by_query_only=not self.on_lake, written=written)
            except BaseException:
                self._shared.unchanged.pop(id(cur), None)
                self._shared.rows_written.pop(id(cur), None)
                cur.execute("ROLLBACK")
                cur.close()
                raise
            try:
                cur.execute("COMMIT")  # on a lake: refused when another writer changed the same files
            except BaseException:
                try:
                    cur.execute("ROLLBACK")
                except duckdb.Error:
                    pass  # the failed commit ended the transaction
                raise
            finally:
                cur.close()
            # what the write changed besides its own tables: derived tables, the data version, ids taken
            self._shared.written(None if touches is None else [*touches, *refreshed, *versioned, "id_counters"])

    @contextmanager
    def _token(self) -> Iterator[None]:
        """On a lake, hold its write token for the write (other processes and machines write
        too); on a file, nothing: the one process's write lock serialises its writers."""
        token = self._shared.write_token
        if token is None:
            yield
            return
        token.take()
        try:
            yield
        finally:
            token.give_back()

    def next_id(self, cur: duckdb.DuckDBPyConnection, counter: str, n: int = 1) -> int:
        """The next id of `counter` (a table whose ids the application makes: expenditures, imports,
        audit_log), taken in the writing transaction `cur` (migration 023; a lake has no sequences);
        with n > 1 the first of n consecutive ids."""
        self.run(cur, "take_next_ids", counter=counter, n=n)
        return self.run(cur, "last_id_taken", counter=counter).fetchall()[0][0] - n + 1

    def _write_needs_spatial(self, touches) -> bool:
        """A write to `touches` (None: anything) may compute geometry: it writes a table with a
        geometry column (the audit trail reads it as text), or a derived table it makes stale is
        computed with spatial functions. Other writes (an expenditure, a publication, a camera-trap
        import) skip the extension's 0.3 s load; a named statement that needs it loads it (`run`)."""
        if touches is None or self._shared.spatial:
            return True
        if ("geometry_tables",) not in self._shared.sql_cache:
            self._shared.sql_cache[("geometry_tables",)] = frozenset(self.query("geometry_tables")["table_name"])
        if self._shared.sql_cache[("geometry_tables",)] & set(touches):
            return True
        return any(_needs_spatial(self.query_text(f"derive_{t}")) for t in derived.stale(self, touches))

    # Bulk writes of a frame into a table named by the library (never by a client): the table and
    # column names are identifiers, which SQL parameters cannot carry, so these two are built here.
    def insert_frame(self, cur: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
        """Insert every row of `frame` into `table` (its columns by name) on a transaction's cursor."""
        self._check_identifiers(table, frame.columns)
        made = APPLICATION_IDS.get(table)
        if made and made not in frame.columns and frame.height:  # ids the application makes
            first = self.next_id(cur, table, frame.height)
            frame = frame.with_columns(pl.int_range(first, first + frame.height, dtype=pl.Int64).alias(made))
        cols = ", ".join(frame.columns)
        cur.register("incoming_frame", frame.to_arrow())
        try:
            cur.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM incoming_frame")
        finally:
            cur.unregister("incoming_frame")
        return frame.height

    def left_unchanged(self, cur: duckdb.DuckDBPyConnection, tables) -> None:
        """Tell the open transaction of `cur` that its write changed no row of `tables` (an
        import that brought nothing new, as its audit found): their derived tables are not
        recomputed, their references not checked again, and results memoised from them stay."""
        self._shared.unchanged[id(cur)].update(tables)

    def rows_written(self, cur: duckdb.DuckDBPyConnection, table: str, scope: str, key: list[str],
                     removed: bool) -> None:
        """Tell the open transaction of `cur` which rows of `table` its write added or changed (the
        temporary table `scope` of their `key` values) and whether it removed any, as its audit
        found: the commit's checks then read those rows, not the whole table (on ten million
        observations, a second per reference and per write), and a reference to `table` is
        checked again only if a row of it went away (schema.violation_queries)."""
        self._shared.rows_written[id(cur)][table] = (scope, list(key), removed)

    def rows_to_write(self, cur: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, keys: list[str],
                      compare: list[str]) -> pl.DataFrame:
        """The rows of `frame` that `upsert_frame` would add or change: those whose `keys` are not
        stored with the same `compare` values (the frame itself when that is every row, so a first
        import holds no second copy). A re-import of an unchanged package finds none, and then
        writes, audits and recomputes nothing."""
        self._check_identifiers(table, [*frame.columns, *keys, *compare])
        on = " AND ".join(f"t.{k} = i.{k}" for k in keys)
        cur.register("incoming_rows", frame.select(keys).to_arrow())
        try:  # the keys alone first: a first import's rows (none stored) are not compared column by column
            stored = cur.execute(f"SELECT count(*) FROM incoming_rows i WHERE EXISTS (SELECT 1 FROM {table} t WHERE {on})"
                                 ).fetchone()[0]
        finally:
            cur.unregister("incoming_rows")
        if not stored:
            return frame
        same = " AND ".join([on, *(f"t.{c} IS NOT DISTINCT FROM i.{c}" for c in compare)])
        cur.register("incoming_rows", frame.select([*keys, *compare]).with_row_index("row_index").to_arrow())
        try:
            index = cur.execute(f"SELECT row_index FROM incoming_rows i WHERE NOT EXISTS "
                                f"(SELECT 1 FROM {table} t WHERE {same}) ORDER BY row_index").pl()["row_index"]
        finally:
            cur.unregister("incoming_rows")
        return frame if len(index) == frame.height else frame[index]

    def upsert_frame(self, cur: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, keys: list[str],
                     compare: list[str], also_set: tuple[str, ...] = ()) -> tuple[int, int]:
        """Add the rows of `frame` whose `keys` are new and update those whose `compare` columns
        differ (setting `compare` and `also_set`); rows the same as stored are left alone, so
        importing the same data twice changes nothing. Returns (added, changed)."""
        self._check_identifiers(table, [*frame.columns, *keys, *compare, *also_set])
        on = " AND ".join(f"t.{k} = i.{k}" for k in keys)
        cols = ", ".join(frame.columns)
        # the incoming rows read where they are (an Arrow table, converted once): a copy as a table
        # of the transaction held two million observations twice (1 GB more at the import's peak)
        cur.register("upsert_incoming", frame.to_arrow())
        try:
            changed = 0
            if compare:
                differs = " OR ".join(f"t.{c} IS DISTINCT FROM i.{c}" for c in compare)
                sets = ", ".join(f"{c} = i.{c}" for c in [*compare, *also_set])
                changed = cur.execute(f"UPDATE {table} t SET {sets} FROM upsert_incoming i WHERE {on} AND ({differs})"
                                      ).fetchone()[0]
            # after the update, so that a row it changed is not taken for new
            added = cur.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM upsert_incoming i "
                                f"WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {on})").fetchone()[0]
        finally:
            cur.unregister("upsert_incoming")
        return added, changed

    def delete_keys(self, cur: duckdb.DuckDBPyConnection, table: str, keys: pl.DataFrame) -> int:
        """Delete the rows of `table` whose values in `keys`' columns match a row of `keys` (a
        replaced version of what an import brings again), on a transaction's cursor."""
        self._check_identifiers(table, keys.columns)
        on = " AND ".join(f"t.{k} = i.{k}" for k in keys.columns)
        cur.register("incoming_keys", keys.to_arrow())
        try:
            return cur.execute(f"DELETE FROM {table} t WHERE EXISTS (SELECT 1 FROM incoming_keys i WHERE {on})"
                               ).fetchone()[0]
        finally:
            cur.unregister("incoming_keys")

    @staticmethod
    def _check_identifiers(table: str, columns) -> None:
        for name in (table, *columns):
            if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
                raise StoreError(f"{name!r} is not a table or column name of the store")

    def cached(self, key: tuple, compute, depends_on: tuple[str, ...] | None = None):
        """compute() once per key until a write to a table in `depends_on` (None: any write).
        Estimates are costly and every session of the server asks for the same ones."""
        shared = self._shared
        deps = frozenset(depends_on) if depends_on is not None else None
        if self.on_lake:
            self._follow_lake()
        with shared.memo_lock:
            if key in shared.memo:
                return shared.memo[key][1]
            stamp = shared.stamp(deps)
        try:
            value = compute()
        except _TooLarge as large:
            return large.frame
        with shared.memo_lock:
            if shared.stamp(deps) == stamp:  # nothing it depends on was written meanwhile
                if len(shared.memo) >= MEMO_ENTRIES:  # the oldest tenth goes (a long-running server)
                    for old in list(shared.memo)[:MEMO_ENTRIES // 10]:
                        del shared.memo[old]
                shared.memo[key] = (deps, value)
        return value

    # how often a process asks the lake whether anyone committed (3 ms a question)
    LAKE_CHECK_SECONDS = 1.0

    def _follow_lake(self) -> None:
        """Forget every memoised result when the lake has a new snapshot: another process or
        machine (or this one) committed a write; asked at most once a second."""
        shared = self._shared
        now = time.monotonic()
        if now - shared.lake_checked < self.LAKE_CHECK_SECONDS:
            return
        cur = self._cursor()
        try:
            snapshot = cur.execute(f"SELECT * FROM {lake.LAKE}.current_snapshot()").fetchall()[0][0]
        finally:
            cur.close()
        with shared.memo_lock:
            shared.lake_checked = now
            if snapshot != shared.lake_snapshot:
                shared.lake_snapshot = snapshot
                shared.everything += 1
                shared.memo.clear()

    def service(self, name: str, make):
        """The one `make()` of this connection named `name`: a long-lived helper every session of
        a server shares (the estimate worker), made on first use."""
        with self._shared.memo_lock:
            if name not in self._shared.services:
                self._shared.services[name] = make()
            return self._shared.services[name]

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the write lock across several transactions (an undo that DuckDB's foreign keys
        make take one transaction per level), so that no other write comes between them."""
        if self.read_only:
            raise StoreError(f"the store {self.path} is open read-only")
        with self._write_lock, self._token():
            yield
        self._shared.written(None)
