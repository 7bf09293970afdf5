"""The architecture's rules, checked: the library never imports Panel, pages hold no SQL, and
the library's modules import each other without cycles (counting imports inside functions too:
a cycle hidden in a function is still a cycle)."""
import ast
import re
from pathlib import Path

from tests.conftest import ROOT


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def library_modules() -> dict[str, Path]:
    return {module_name(p): p for p in (ROOT / "bigcats").rglob("*.py") if "shipped" not in p.parts}


def test_the_library_never_imports_panel_or_the_dashboards():
    for name, path in library_modules().items():
        bad = {i for i in imports(path) if i.split(".")[0] in ("panel", "dashboards", "holoviews", "bokeh")}
        assert not bad, f"{name} imports {bad}"


def test_pages_hold_no_sql():
    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b\s+[\w*(]", re.I)
    for path in (ROOT / "dashboards").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and sql.search(node.value) \
                    and re.search(r"\bFROM\b|\bINTO\b|\bSET\b", node.value):
                raise AssertionError(f"{path.name}:{node.lineno} holds SQL: {node.value[:60]!r}")


# The store's machinery, which builds statements over table and column names (identifiers cannot be
# SQL parameters): the store itself (migrations, bulk writes of frames), the audit trail (change
# capture and undo over any table), derived tables and the schema's sensitivity comments.
# The schema and the lake build theirs from the catalogue (the lake's tables, keys and checks as
# queries), on connections opened before any Store exists.
SQL_BUILDERS = {"bigcats.store", "bigcats.audit", "bigcats.derived", "bigcats.sensitivity", "bigcats.schema",
                "bigcats.lake", "bigcats.lake_admin"}


def test_library_sql_lives_in_queries():
    """Every other library module runs named queries (queries/*.sql) and holds no SQL text."""
    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b\s+[\w*(]", re.I)
    for name, path in library_modules().items():
        if name in SQL_BUILDERS:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            text = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            if text and sql.search(text) and re.search(r"\bFROM\b|\bINTO\b|\bSET\b", text) \
                    and not (isinstance(node, ast.Constant) and _is_docstring(path, node)):
                raise AssertionError(f"{name}:{node.lineno} holds SQL: {text[:60]!r}")


def _is_docstring(path: Path, node) -> bool:
    for owner in ast.walk(ast.parse(path.read_text())):
        if isinstance(owner, (ast.Module, ast.FunctionDef, ast.ClassDef)) and owner.body \
                and isinstance(owner.body[0], ast.Expr) and isinstance(owner.body[0].value, ast.Constant) \
                and owner.body[0].value.lineno == node.lineno:
            return True
    return False


def test_library_modules_import_each_other_without_cycles():
    modules = library_modules()
    graph = {}
    for name, path in modules.items():
        deps = set()
        for i in imports(path):
            while i and i not in modules:
                i = i.rpartition(".")[0]
            if i and i != name and i != "bigcats":
                deps.add(i)
        graph[name] = deps
    state, stack = {}, []

    def visit(n):
        state[n] = "open"
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == "open":
                raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(m):] + [m]))
            if m not in state:
                visit(m)
        stack.pop()
        state[n] = "done"
    for n in sorted(graph):
        if n not in state:
            visit(n)


def test_every_csv_download_goes_through_the_spreadsheet_writer():
    """Formula cells are defused in one place (bigcats/spreadsheet.py); a table written as CSV
    anywhere else (a page's download, the command line) would skip it. Camtrap DP packages are
    data exchange, written by the csv module with the standard's own fields."""
    for path in [*(ROOT / "bigcats").rglob("*.py"), *(ROOT / "dashboards").glob("*.py")]:
        if path.name == "spreadsheet.py" or "shipped" in path.parts:
            continue
        assert ".write_csv(" not in path.read_text(), f"{path.relative_to(ROOT)} writes CSV past bigcats.spreadsheet"


def test_unit_tests_build_no_store():
    """Unit tests are pure functions on small frames; anything that opens a store is an
    integration test (tests/integration), so the fast unit loop stays fast."""
    store_use = re.compile(r"\b(seed_store|seed_db|demo_store|demo_reader|demo_db|Store\.open|build_store)\b")
    offenders = [p.name for p in sorted((ROOT / "tests" / "unit").glob("test_*.py"))
                 if p.name != "test_structure.py" and store_use.search(p.read_text())]
    assert not offenders, offenders


def test_the_report_draws_through_the_figure_modules_not_the_pages():
    """One path from store to screen: the report uses the library's services and
    dashboards.figures, never a page's Viewer or its private methods."""
    pages = {p.stem for p in (ROOT / "dashboards").glob("*.py")} - {"__init__", "common", "palette", "report", "app",
                                                                    "entry", "server", "shell", "upload"}
    tree = ast.parse((ROOT / "dashboards" / "report.py").read_text())
    imported = {n.module.split(".")[1] for n in ast.walk(tree)
                if isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("dashboards.")}
    assert not imported & pages, imported & pages
    assert not re.search(r"\bpage\._", (ROOT / "dashboards" / "report.py").read_text())


def test_every_kind_of_write_the_library_records_has_a_name_in_every_language():
    """The audit trail shows what was done ('import camtrap-dp') in the reader's language: each
    kind `recorded(...)` writes has its message `audit_do_...` (dashboards.audit.action_name)."""
    from bigcats.i18n import LANGUAGES, catalogue
    kinds = set()
    for path in (ROOT / "bigcats").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for call in re.findall(r"recorded\(\s*store,\s*([^\[]+?),\s*\[", text):
            # both of `"import x" if file != "form" else "add x"`
            kinds |= set(re.findall(r'"([^"]+)"', call.replace('if file != "form"', "")))
        kinds |= set(re.findall(r'_step\(store, \w+, "\w+", "([^"]+)"', text))  # an alert's answer
    assert {"import camtrap-dp", "add expenditure", "acknowledge alert", "undo"} <= kinds, kinds
    messages = catalogue()
    missing = {k for k in kinds if "audit_do_" + k.lower().replace(" ", "_").replace("-", "_") not in messages}
    assert not missing, missing
    for k in kinds:
        row = messages["audit_do_" + k.lower().replace(" ", "_").replace("-", "_")]
        assert all(row.get(lang) for lang in LANGUAGES), k
