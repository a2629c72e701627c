"""The dependency rules of ARCHITECTURE.md, enforced on the source text.

- nothing under planner/ imports streamlit (pages are thin; the library does the work);
- rules, milestones and validate do not import ortools (the oracle is solver-agnostic);
- the scheduler does not import the store;
- models sits at the bottom and imports nothing else from planner.
"""

import ast
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
