"""Imports point one way: web/cli -> services -> analysis and storage, with no circles.

Every module under app/ is parsed with ast; relative imports are resolved and imports inside
functions count, because a late import is still a dependency (and hides circles). The checker
works on a map of path -> source text, so the tests below can plant a violation in memory
and prove that it is reported.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

ROOT = Path(__file__).resolve().parent.parent

ANALYSIS = "app.analysis"
STORAGE = ("app.models", "app.db", "app.settings", "app.migrate", "app.backup")
SERVICES = "app.services"
WEB = "app.web"
CLI = ("app.cli", "app.__main__", "app.report")  # report renders the CLI's terminal tables

# What each layer must not import (module name prefixes). Analysis is pure: nothing of app
# outside itself, and no web, database, network, process or file-system library.
ANALYSIS_FORBIDDEN_LIBRARIES = (
    "fastapi",
    "starlette",
    "jinja2",
    "uvicorn",
    "multipart",
    "sqlmodel",
    "sqlalchemy",
    "alembic",
    "sqlite3",
    "psycopg",
    "psycopg2",
    "procrastinate",
    "pydantic_settings",
    "socket",
    "urllib",
    "requests",
    "httpx",
    "http",
    "aiohttp",
    "ftplib",
    "smtplib",
    "trafilatura",
    "subprocess",
    "shutil",
)
FORBIDDEN_CALLS = {"open", "exec", "eval", "__import__"}
FILE_METHODS = ("read_text", "write_text", "read_bytes", "write_bytes")
# The one file read allowed: the meaning table shipped inside the package (app/analysis/data),
# read once per process and used only when its sha256 is the pinned one. No user data, no writes.
ALLOWED_READS = {"app/analysis/embeddings.py": {"read_bytes"}}
FORBIDDEN_BY_LAYER = {
    SERVICES: (WEB, *CLI),
    **dict.fromkeys(STORAGE, (SERVICES, WEB, *CLI)),
}


class Import(NamedTuple):
    path: str  # the importing file, relative to the repository root
    module: str  # the importing module's dotted name
    target: str  # the imported module's dotted name, relative imports resolved
    line: int


def read_tree(root: Path = ROOT) -> dict[str, str]:
    """path (relative, with /) -> source of every module under app/."""
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted((root / "app").rglob("*.py"))}


def module_name(path: str) -> str:
    parts = path.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(sources: dict[str, str]) -> list[Import]:
    """Every import of every module, at any depth (functions, conditionals, try blocks)."""
    modules = {module_name(p) for p in sources}
    found = []
    for path, source in sources.items():
        name = module_name(path)
        package = name if path.endswith("__init__.py") else name.rpartition(".")[0]
        for node in _import_nodes(path, source):
            if isinstance(node, ast.Import):
                found += [Import(path, name, alias.name, node.lineno) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(node, package)
                for alias in node.names:
                    sub = f"{base}.{alias.name}" if base else alias.name
                    found.append(Import(path, name, sub if sub in modules else base, node.lineno))
    return found


@cache
def _import_nodes(path: str, source: str) -> list[ast.Import | ast.ImportFrom]:
    """A module's import statements, parsed once per text (the planted trees share the rest)."""
    return [n for n in ast.walk(ast.parse(source, filename=path)) if isinstance(n, ast.Import | ast.ImportFrom)]


def _absolute(node: ast.ImportFrom, package: str) -> str:
    """The module a `from ... import` names, `from ..db` read from inside its package."""
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    anchor = parts[: len(parts) - (node.level - 1)]
    return ".".join(anchor + ([node.module] if node.module else []))


def _under(name: str, prefixes: str | tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in ((prefixes,) if isinstance(prefixes, str) else prefixes))


def violations(sources: dict[str, str]) -> list[str]:
    """Imports that point the wrong way between layers, one message each."""
    out = []
    for imp in imports(sources):
        where = f"{imp.path}:{imp.line} imports {imp.target}"
        if _under(imp.module, ANALYSIS):
            if _under(imp.target, "app") and not _under(imp.target, ANALYSIS):
                out.append(f"{where}: analysis imports nothing of app outside app.analysis")
            elif _under(imp.target, ANALYSIS_FORBIDDEN_LIBRARIES):
                out.append(f"{where}: analysis does no web, database, network or file I/O")
        for layer, forbidden in FORBIDDEN_BY_LAYER.items():
            if _under(imp.module, layer) and _under(imp.target, forbidden):
                out.append(f"{where}: {layer} must not import {', '.join(forbidden)}")
    return out


def circles(sources: dict[str, str]) -> list[list[str]]:
    """Groups of app modules that import each other, directly or round a loop (strong components)."""
    names = sorted({module_name(p) for p in sources})
    index = {n: i for i, n in enumerate(names)}
    edges = {(index[i.module], index[i.target]) for i in imports(sources) if i.target in index}
    edges -= {(a, a) for a in range(len(names))}
    rows, cols = zip(*edges, strict=True) if edges else ((), ())
    graph = sp.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(names), len(names)))
    _, labels = connected_components(graph, directed=True, connection="strong")
    groups = [[n for n, label in zip(names, labels, strict=True) if label == k] for k in set(labels.tolist())]
    return sorted(g for g in groups if len(g) > 1)


TREE = read_tree()
ANALYSIS_PATHS = sorted(p for p in TREE if _under(module_name(p), ANALYSIS))


def test_the_walk_sees_every_layer():
    names = {module_name(p) for p in TREE}
    assert {"app.analysis", "app.analysis.align", "app.analysis.lang.en", "app.db", "app.models", "app.cli"} <= names
    assert any(_under(n, SERVICES) for n in names) and any(_under(n, WEB) for n in names)


def test_imports_point_one_way():
    assert violations(TREE) == []


def test_no_import_circles():
    assert circles(TREE) == []


@pytest.mark.parametrize("path", ANALYSIS_PATHS)
def test_analysis_does_no_file_access(path: str):
    calls = [n.func for n in ast.walk(ast.parse(TREE[path])) if isinstance(n, ast.Call)]
    names = [f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else "" for f in calls]
    allowed = ALLOWED_READS.get(path, set())
    bad = [c for c in names if c not in allowed and (c in FORBIDDEN_CALLS or c in FILE_METHODS)]
    assert not bad, f"{path} calls {bad}"


# The checker itself: plant a violation in the real tree, in memory, and see it reported.


def _planted(path: str, line: str) -> dict[str, str]:
    return {**TREE, path: TREE.get(path, "") + f"\n\ndef _planted():\n    {line}\n"}


@pytest.mark.parametrize(
    ("path", "line", "target"),
    [
        ("app/analysis/options.py", "from ..db import make_engine", "app.db"),
        ("app/analysis/options.py", "from .. import models", "app.models"),
        ("app/analysis/options.py", "from app.settings import Settings", "app.settings"),
        ("app/analysis/options.py", "import app.cli", "app.cli"),
        ("app/analysis/lang/en/__init__.py", "from ....services import comparisons", "app.services.comparisons"),
        ("app/analysis/align.py", "from app.web.main import create_app", "app.web.main"),
        ("app/analysis/align.py", "import sqlalchemy.orm", "sqlalchemy.orm"),
        ("app/analysis/align.py", "from urllib.request import urlopen", "urllib.request"),
        ("app/analysis/align.py", "import sqlite3", "sqlite3"),
        ("app/analysis/align.py", "from psycopg import connect", "psycopg"),
        ("app/analysis/align.py", "import jinja2", "jinja2"),
        ("app/services/stories.py", "from ..web import templating", "app.web.templating"),
        ("app/services/stories.py", "from app.web.deps import get_session", "app.web.deps"),
        ("app/services/stories.py", "from app import cli", "app.cli"),
        ("app/models.py", "from app.services import stories", "app.services.stories"),
        ("app/db.py", "from .web import main", "app.web.main"),
        ("app/settings.py", "import app.cli", "app.cli"),
    ],
)
def test_a_planted_wrong_way_import_is_reported(path: str, line: str, target: str):
    assert violations(TREE) == []
    found = violations(_planted(path, line))
    assert len(found) == 1 and found[0].startswith(f"{path}:") and f" imports {target}: " in found[0]


def test_a_planted_circle_is_reported_even_through_a_late_import():
    # Any real import between two services, answered by a late import back.
    a, b = next(
        (i.module, i.target) for i in imports(TREE) if _under(i.module, SERVICES) and _under(i.target, SERVICES)
    )
    path = next(p for p in TREE if module_name(p) == b)
    found = circles(_planted(path, f"import {a}"))
    assert len(found) == 1 and {a, b} <= set(found[0]), found


def test_a_planted_circle_of_relative_imports_is_reported():
    tree = {
        "app/__init__.py": "",
        "app/services/__init__.py": "",
        "app/services/a.py": "from . import b\n",
        "app/services/b.py": "from .c import thing\n",
        "app/services/c.py": "def f():\n    from .a import other\n",
        "app/services/d.py": "from .a import other\n",
    }
    assert circles(tree) == [["app.services.a", "app.services.b", "app.services.c"]]
    assert violations(tree) == []
