"""The store's schema, declared once, and what each kind of store makes of it.

The declaration is the migrations (`bigcats/migrations/*.sql`): a DuckDB file applies them as they
are, with their keys, references and checks. A DuckLake store (issue 16) cannot hold those
constraints (DuckLake has no PRIMARY KEY, UNIQUE, FOREIGN KEY or CHECK, no sequences, macros or
non-literal defaults), so its schema is read back from the catalogue of the migrations applied to
an empty in-memory database: the same tables and columns, without the constraints
(`lake_ddl`), and the constraints as data (`Schema.constraints`), which the lake's write path
checks with queries before each commit (`violation_queries`). A few references are declared as
rows of `checked_references` instead of DuckDB foreign keys (migration 024: on observations a
per-row foreign key was half the cost of a large import), and the observations' key as a row of
`checked_keys` instead of a DuckDB primary key (migration 025: its index was a sixth); every
store, a file too, checks those with the same queries (`check_constraints(..., by_query_only=True)`
on a file). Nothing here is written twice: a new migration changes both stores.
"""
from __future__ import annotations

import glob
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb

from bigcats import paths
from bigcats.errors import StoreError


def migrations() -> list[tuple[int, str, Path]]:
    """The declaration: (version, name, file) of every migration, in order."""
    out = []
    for p in sorted(paths.MIGRATIONS.glob("*.sql")):
        version, _, name = p.stem.partition("_")
        out.append((int(version), name, p))
    return out


def apply_migrations(cur: duckdb.DuckDBPyConnection, pending, first: bool) -> None:
    """Run `pending` migrations on a transaction's cursor of a DuckDB file (or an in-memory
    database), recording each in schema_migrations (made first when `first`)."""
    if first:
        cur.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                    "name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
    for version, name, p in pending:
        cur.execute(p.read_text())
        cur.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, current_timestamp)",
                    [version, name])


def spatial_extension_path() -> str:
    """The spatial extension shipped by the duckdb-ext-spatial wheel (no download at run time)."""
    import duckdb_ext  # namespace package installed by duckdb-ext-spatial

    found = []
    for root in duckdb_ext.__path__:
        found += glob.glob(f"{root}/extensions/v{duckdb.__version__}/*/spatial.duckdb_extension")
    if not found:
        raise StoreError(
            f"the DuckDB spatial extension for DuckDB {duckdb.__version__} is not installed; "
            "install the project (pip install -e .) so that duckdb-ext-spatial matches duckdb")
    return found[0]


def empty_store() -> duckdb.DuckDBPyConnection:
    """An in-memory database with every migration applied: the declared schema, and the rows the
    migrations put in a new store (translations, id counters, the write token)."""
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                             "autoload_known_extensions": False})
    con.execute(f"LOAD '{spatial_extension_path()}'")
    con.execute("BEGIN TRANSACTION")
    apply_migrations(con, migrations(), first=True)
    con.execute("COMMIT")
    return con


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    not_null: bool
    default: str | None  # a literal DuckLake accepts, or None
    comment: str | None


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    comment: str | None


@dataclass(frozen=True)
class Constraint:
    table: str
    kind: str  # PRIMARY KEY, UNIQUE, FOREIGN KEY or CHECK
    columns: tuple[str, ...]
    expression: str | None = None  # a CHECK's condition
    references: str | None = None  # a FOREIGN KEY's table ...
    referenced_columns: tuple[str, ...] = ()  # ... and its columns there
    by_query: bool = False  # checked by a query at commit on every store (checked_references and
    # checked_keys, migrations 024 and 025)

    def describe(self) -> str:
        if self.kind == "CHECK":
            return f"CHECK {self.expression}"
        if self.kind == "FOREIGN KEY":
            return f"({', '.join(self.columns)}) REFERENCES {self.references} ({', '.join(self.referenced_columns)})"
        return f"{self.kind} ({', '.join(self.columns)})"


@dataclass(frozen=True)
class Macro:
    name: str
    parameters: tuple[str, ...]
    body: str


@dataclass(frozen=True)
class Schema:
    version: int
    tables: tuple[Table, ...]
    constraints: tuple[Constraint, ...]
    macros: tuple[Macro, ...]

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)

    def parents_first(self) -> list[str]:
        """The tables in an order where every table comes after those its foreign keys reference
        (the order to copy rows into a store that checks references as they are inserted)."""
        refs = {t.name: {c.references for c in self.constraints
                         if c.kind == "FOREIGN KEY" and c.table == t.name and c.references != t.name}
                for t in self.tables}
        done: list[str] = []
        while len(done) < len(refs):
            ready = sorted(t for t, r in refs.items() if t not in done and r <= set(done))
            if not ready:
                raise RuntimeError(f"foreign keys form a cycle among {sorted(set(refs) - set(done))}")
            done += ready
        return done


_LITERAL = re.compile(r"^(?:-?\d+(?:\.\d+)?|'(?:[^']|'')*')$")
# DuckLake takes a boolean default as a quoted literal only
_BOOLEAN = {"CAST('f' AS BOOLEAN)": "'false'", "CAST('t' AS BOOLEAN)": "'true'"}


def _literal_default(default: str | None) -> str | None:
    """A column's default as a literal DuckLake accepts; None for a default computed when a row is
    written (a sequence, the current time): the write path gives those values itself."""
    if default is None:
        return None
    if default in _BOOLEAN:
        return _BOOLEAN[default]
    return default if _LITERAL.match(default) else None


def read_catalogue(con: duckdb.DuckDBPyConnection, database: str = "memory") -> Schema:
    """The schema of the `main` schema of `database` as DuckDB's catalogue holds it."""
    where = "database_name = ? AND schema_name = 'main'"
    columns: dict[str, list[Column]] = {}
    for table, name, data_type, nullable, default, comment in con.execute(
            f"SELECT table_name, column_name, data_type, is_nullable, column_default, comment "
            f"FROM duckdb_columns() WHERE {where} AND NOT internal ORDER BY table_name, column_index",
            [database]).fetchall():
        columns.setdefault(table, []).append(Column(name, data_type, not nullable, _literal_default(default), comment))
    comments = dict(con.execute(f"SELECT table_name, comment FROM duckdb_tables() WHERE {where}", [database]).fetchall())
    tables = tuple(Table(t, tuple(cols), comments.get(t)) for t, cols in sorted(columns.items()))
    constraints = tuple(
        Constraint(table, kind, tuple(cols), expression if kind == "CHECK" else None, ref, tuple(ref_cols or ()))
        for table, kind, cols, expression, ref, ref_cols in con.execute(
            f"SELECT table_name, constraint_type, constraint_column_names, expression, referenced_table, "
            f"referenced_column_names FROM duckdb_constraints() WHERE {where} "
            f"AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY', 'CHECK') "
            f"ORDER BY table_name, constraint_index", [database]).fetchall())
    if any(t.name == "checked_keys" for t in tables):
        constraints += tuple(
            Constraint(table, "PRIMARY KEY", tuple(cols.split(",")), by_query=True)
            for table, cols in con.execute(
                f'SELECT table_name, columns FROM "{database}".main.checked_keys ORDER BY table_name').fetchall())
    if any(t.name == "checked_references" for t in tables):
        constraints += tuple(
            Constraint(table, "FOREIGN KEY", tuple(cols.split(",")), None, ref, tuple(ref_cols.split(",")), by_query=True)
            for table, cols, ref, ref_cols in con.execute(
                f'SELECT table_name, columns, referenced_table, referenced_columns FROM "{database}".main.checked_references '
                "ORDER BY table_name, columns").fetchall())
    macros = tuple(Macro(name, tuple(params), body) for name, params, body in con.execute(
        f"SELECT function_name, parameters, macro_definition FROM duckdb_functions() "
        f"WHERE {where} AND function_type = 'macro' AND NOT internal ORDER BY function_name", [database]).fetchall())
    has_versions = any(t.name == "schema_migrations" for t in tables)
    version = con.execute(f"SELECT coalesce(max(version), 0) FROM \"{database}\".main.schema_migrations"
                          ).fetchall()[0][0] if has_versions else 0
    return Schema(version, tables, constraints, macros)


@lru_cache(maxsize=1)
def declared() -> Schema:
    """The schema every migration makes, read from an empty in-memory store (once per process)."""
    con = empty_store()
    try:
        return read_catalogue(con, "memory")
    finally:
        con.close()


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def lake_ddl(schema: Schema, tables: list[str] | None = None) -> list[str]:
    """CREATE TABLE statements for a DuckLake: every column with its type, NOT NULL and literal
    default, and the columns' comments (the sensitivity declarations of migration 006); no key,
    reference or check (DuckLake has none: `violation_queries` checks them)."""
    out = []
    for t in schema.tables:
        if tables is not None and t.name not in tables:
            continue
        cols = ", ".join(f'"{c.name}" {c.data_type}{" NOT NULL" if c.not_null else ""}'
                         f'{f" DEFAULT {c.default}" if c.default is not None else ""}' for c in t.columns)
        out.append(f'CREATE TABLE "{t.name}" ({cols})')
        if t.comment:
            out.append(f'COMMENT ON TABLE "{t.name}" IS {_quote(t.comment)}')
        out += [f'COMMENT ON COLUMN "{t.name}"."{c.name}" IS {_quote(c.comment)}' for c in t.columns if c.comment]
    return out


def macro_ddl(schema: Schema, into: str) -> list[str]:
    """The schema's macros, made in the database schema `into` (a lake holds no macros: they are
    made in each connection's own in-memory database)."""
    return [f"CREATE OR REPLACE MACRO {into}.{m.name}({', '.join(m.parameters)}) AS {m.body}" for m in schema.macros]


def violation_queries(schema: Schema, touched: set[str] | None, by_query_only: bool = False,
                      written: dict[str, tuple[str, list[str], bool]] | None = None) -> list[tuple[Constraint, str]]:
    """For each constraint a write to `touched` (None: any table) may break, a query returning
    one violating row, or none: keys and checks of the touched tables, their references to other
    tables, and the references of other tables to them (a parent row deleted). `by_query_only`:
    only the references no DuckDB file checks itself (a file's own constraints did the rest).

    `written`: for a table whose written rows are known (the audit's diff), (a temporary table of
    their key values, the key's columns, whether any row was removed). Its references and checks
    are then asked of those rows only, and a reference to it only when a row of it went away (its
    other rows kept their keys): on ten million observations a whole-table check took a second
    per reference and per write."""
    written = written or {}
    out = []
    for c in schema.constraints:
        if by_query_only and not c.by_query:
            continue
        mine = touched is None or c.table in touched
        theirs = c.kind == "FOREIGN KEY" and (touched is None or c.references in touched)
        # no row of the referenced table went away: no reference to it can have broken
        parent_kept = not theirs or (c.references in written and not written[c.references][2])
        if theirs and parent_kept and not mine:
            continue
        if not (mine or theirs):
            continue
        cols = ", ".join(f'"{x}"' for x in c.columns)
        source = f'"{c.table}"'
        if c.kind in ("FOREIGN KEY", "CHECK") and mine and c.table in written and parent_kept:
            scope, key, _ = written[c.table]
            on = " AND ".join(f'w."{k}" = s."{k}"' for k in key)
            source = f'(SELECT w.* FROM "{c.table}" w SEMI JOIN {scope} s ON {on})'
        if c.kind in ("PRIMARY KEY", "UNIQUE"):
            present = " AND ".join(f'k."{x}" IS NOT NULL' for x in c.columns)
            values = f'"{c.table}" k'
            if mine and c.table in written:
                # only the values the write wrote can have come twice (10.9M keys grouped: 1.6 s;
                # those of 182,000 rows written: 0.35 s)
                scope, key, _ = written[c.table]
                on = " AND ".join(f'w."{k}" = s."{k}"' for k in key)
                same = " AND ".join(f'k."{x}" = n."{x}"' for x in c.columns)
                values += (f' SEMI JOIN (SELECT {", ".join(f"w.{x}" for x in c.columns)} FROM "{c.table}" w '
                           f'SEMI JOIN {scope} s ON {on}) n ON {same}')
            sql = (f'SELECT {", ".join(f"k.{x}" for x in c.columns)}, count(*) AS copies FROM {values} '
                   f"WHERE {present} GROUP BY ALL HAVING count(*) > 1 LIMIT 1")
        elif c.kind == "FOREIGN KEY":
            present = " AND ".join(f't."{x}" IS NOT NULL' for x in c.columns)
            match = " AND ".join(f'p."{r}" = t."{x}"' for x, r in zip(c.columns, c.referenced_columns))
            sql = (f'SELECT {", ".join(f"t.{x}" for x in c.columns)} FROM {source} t WHERE {present} '
                   f'AND NOT EXISTS (SELECT 1 FROM "{c.references}" p WHERE {match}) LIMIT 1')
        else:
            sql = f'SELECT {cols} FROM {source} t WHERE NOT ({c.expression}) LIMIT 1'
        out.append((c, sql))
    return out


def check_constraints(cur: duckdb.DuckDBPyConnection, touched, by_query_only: bool = False,
                      written: dict | None = None) -> None:
    """Run, on the writing transaction `cur`, every key, reference and check a write to `touched`
    (None: any table) may break (`by_query_only`: those a DuckDB file does not check itself;
    `written`: the rows the write is known to have written, as `violation_queries` takes them);
    raise DuckDB's ConstraintException naming the first broken, as a DuckDB file would have at the
    statement (so callers handle both stores alike)."""
    for constraint, sql in violation_queries(declared(), None if touched is None else set(touched), by_query_only,
                                             written):
        row = cur.execute(sql).fetchall()
        if row:
            raise duckdb.ConstraintException("Constraint Error: " + violation_message(constraint, row[0]))


def violation_message(c: Constraint, row: tuple) -> str:
    """What DuckDB would say of the violation, so that callers read the same words from both stores."""
    values = ", ".join(f"{k}: {v}" for k, v in zip(c.columns, row))
    if c.kind == "PRIMARY KEY":
        return f'Duplicate key "{values}" violates primary key constraint (table {c.table})'
    if c.kind == "UNIQUE":
        return f'Duplicate key "{values}" violates unique constraint (table {c.table})'
    if c.kind == "FOREIGN KEY":
        return (f'Violates foreign key constraint because key "{values}" does not exist in the referenced table '
                f"{c.references} (table {c.table})")
    return f"CHECK constraint failed on table {c.table}: {c.expression} ({values})"
