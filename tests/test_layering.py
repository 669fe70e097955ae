"""The analysis package stays pure: no web, database, file or network access."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ANALYSIS = Path(__file__).resolve().parent.parent / "app" / "analysis"
FORBIDDEN = (
    "fastapi",
    "starlette",
    "sqlmodel",
    "sqlalchemy",
    "jinja2",
    "app.web",
    "app.services",
    "app.store",
    "socket",
    "urllib",
    "requests",
    "httpx",
    "http",
    "aiohttp",
    "ftplib",
    "smtplib",
    "subprocess",
    "shutil",
)
FORBIDDEN_CALLS = {"open", "exec", "eval", "__import__"}
# The one file read allowed: the meaning table shipped inside the package (app/analysis/data),
# read once per process and used only when its sha256 is the pinned one. No user data, no writes.
ALLOWED_READS = {"embeddings.py": {"read_bytes"}}


def _imports(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
    return names


def _calls(tree: ast.AST) -> list[str]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            out.append(f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else "")
    return out


MODULES = sorted(ANALYSIS.glob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[p.name for p in MODULES])
def test_no_io_imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = [n for n in _imports(tree) if any(n == f or n.startswith(f + ".") for f in FORBIDDEN)]
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", MODULES, ids=[p.name for p in MODULES])
def test_no_file_access(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed = ALLOWED_READS.get(path.name, set())
    bad = [
        c
        for c in _calls(tree)
        if c not in allowed and (c in FORBIDDEN_CALLS or c in ("read_text", "write_text", "read_bytes", "write_bytes"))
    ]
    assert not bad, f"{path.name} calls {bad}"


def test_the_walk_sees_the_package():
    assert {"align.py", "discrepancies.py", "__init__.py"} <= {p.name for p in MODULES}
