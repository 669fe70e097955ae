"""The revision a benchmark compares with, checked out beside this tree for the length of a run."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def baseline_tree(revision: str, parent: Path) -> Iterator[Path | None]:
    """``revision`` in a temporary git worktree under ``parent``, removed afterwards; None for ''."""
    if not revision:
        yield None
        return
    tree = parent / "baseline"
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(tree), revision], cwd=ROOT, check=True, capture_output=True
    )
    try:
        yield tree
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
