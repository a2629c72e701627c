"""The dependency rules of ARCHITECTURE.md, enforced on the source text.

- nothing under planner/ imports streamlit (pages are thin; the library does the work);
- rules, milestones and validate do not import ortools (the oracle is solver-agnostic);
- the scheduler does not import the store;
- models sits at the bottom and imports nothing else from planner.
"""

import ast
import re
from pathlib import Path

import pytest

PLANNER = Path(__file__).resolve().parent.parent / "planner"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def sources(pattern: str = "**/*.py"):
    return sorted(PLANNER.glob(pattern))


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(PLANNER)))
def test_library_never_imports_streamlit(path):
    assert not any(m == "streamlit" or m.startswith("streamlit.") for m in imported_modules(path))


ORACLE = ["milestones.py", "validate.py", "schoolyear.py", *(str(p.relative_to(PLANNER)) for p in sources("rules/*.py"))]


@pytest.mark.parametrize("name", ORACLE)
def test_oracle_modules_do_not_import_ortools(name):
    assert not any(m.startswith("ortools") for m in imported_modules(PLANNER / name))


def test_scheduler_does_not_import_the_store():
    for path in sources("scheduler/*.py"):
        assert "planner.store" not in imported_modules(path), path


def test_models_import_nothing_else_from_planner():
    assert not any(m.startswith("planner") for m in imported_modules(PLANNER / "models.py"))


# --- the house: no cycles, no SQL outside the store, modules of a readable size ----------------

ROOT = PLANNER.parent
MAX_LINES = 450  # past ~400 lines a module usually holds two nouns: split it


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    """planner module -> the planner modules it imports (anywhere in the file, so an import
    inside a function counts: it would only hide a cycle, not remove it)."""
    modules = {module_name(p): p for p in sources()}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps = set()
        for imported in imported_modules(path):
            # `from planner.x import y` names planner.x.y when y is a module, else planner.x
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                deps.add(imported)
        graph[name] = deps
    return graph


def test_no_import_cycles():
    import networkx as nx

    g = nx.DiGraph()
    for name, deps in import_graph().items():
        g.add_node(name)
        g.add_edges_from((name, d) for d in deps
                         # a package's __init__ re-exporting its own modules is its one way in,
                         # not a cycle: Python runs it before any of them
                         if not d.startswith(name + "."))
    cycles = list(nx.simple_cycles(g))
    assert not cycles, f"import cycles: {cycles[:5]}"


SQL = re.compile(r"\s*(SELECT\b|INSERT INTO\b|UPDATE \w+ SET\b|DELETE FROM\b|PRAGMA\b|CREATE (TABLE|INDEX|TRIGGER)\b"
                 r"|DROP\b|ALTER TABLE\b|WITH \w+ AS\b)")
DB_CALLS = {"execute", "executemany", "executescript", "query"}


def sql_outside_the_store() -> list[str]:
    found = []
    files = [p for p in sources() if "store" not in p.relative_to(PLANNER).parts]
    files += sorted((ROOT / "pages").glob("*.py")) + [ROOT / "app.py"]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                receiver = node.func.value
                if node.func.attr in DB_CALLS or (node.func.attr == "table" and not (
                        isinstance(receiver, ast.Name) and receiver.id == "st")):
                    found.append(f"{where} .{node.func.attr}()")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                if SQL.match(node.value):
                    found.append(f"{where} {node.value.strip()[:40]!r}")
    return found


def test_no_sql_outside_the_store():
    assert not sql_outside_the_store()


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(PLANNER)))
def test_modules_stay_readable(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it by glossary noun"


# --- pages have one way in -----------------------------------------------------------------------

PAGES = sorted(p for p in (ROOT / "pages").glob("*.py") if not p.stem.startswith("_"))
# Plain wording (dates, plurals, labels) is not a way in to the records, so every page may use it.
WORDING = "planner.views.words"


def planner_imports(path: Path) -> set[str]:
    return {m for m in imported_modules(path) if m == "planner" or m.startswith("planner.")}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_each_page_asks_only_its_own_view(page):
    """pages/<name>.py reaches the library only through planner.views.pages.<name> (what it
    shows and what it changes, audited there), plus plain wording."""
    own = f"planner.views.pages.{page.stem}"
    allowed = {"planner.views.pages", own}
    stray = {m for m in planner_imports(page)
             if m not in allowed and not m.startswith((own + ".", WORDING))}
    assert not stray, f"{page.name} imports {sorted(stray)}: ask {own} instead"
    assert (PLANNER / "views" / "pages" / f"{page.stem}.py").exists(), f"{page.name} has no view module"


@pytest.mark.parametrize("path", [ROOT / "app.py", ROOT / "pages" / "_frame.py"], ids=lambda p: p.name)
def test_the_frame_uses_only_the_session_view(path):
    allowed = {"planner.views.pages", "planner.views.pages.session"}
    assert {m.rpartition(".")[0] if m.rpartition(".")[0] in allowed else m for m in planner_imports(path)} <= allowed


def test_every_view_module_has_a_page():
    views = {p.stem for p in (PLANNER / "views" / "pages").glob("*.py")} - {"__init__", "session"}
    assert views == {p.stem for p in PAGES}
