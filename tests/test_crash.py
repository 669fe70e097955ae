"""A bulk import killed with SIGKILL leaves a sound database that a rerun completes without duplicates."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
FILES = 300
KILL_AFTER = 40  # "added" lines seen before the kill
ADDED = re.compile(r"^added\s+(?P<path>.+?)\s+→ article (?P<id>\d+)$")
SUMMARY = re.compile(r"(\d+) added, (\d+) duplicate, (\d+) failed")


def _make_files(folder: Path) -> dict[str, str]:
    folder.mkdir()
    texts = {}
    for n in range(FILES):
        text = (
            f"Dispatch {n}: the regional council met on day {n % 28 + 1} to discuss budget line {n * 7}.\n\n"
            f'"We approved {n % 11} proposals," said councillor number {n}. Opponents disagreed.\n'
        )
        name = f"{n:03d}_dispatch.{'md' if n % 3 == 0 else 'txt'}"
        (folder / name).write_text(text, encoding="utf-8")
        texts[name] = text
    return texts


def _env(database_url: str) -> dict[str, str]:
    return {**os.environ, "PARALLAX_DATABASE_URL": database_url, "PARALLAX_DEMO": "0", "PYTHONUNBUFFERED": "1"}


def _kill_mid_import(folder: Path, database_url: str) -> dict[str, int]:
    """Run the import, SIGKILL it after KILL_AFTER reported additions; return {file name: article id}."""
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "import", str(folder), "--outlet", "Regional Wire"],
        env=_env(database_url),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    reported: dict[str, int] = {}
    deadline = time.monotonic() + 120
    try:
        for line in process.stderr:
            match = ADDED.match(line.strip())
            if match:
                reported[Path(match["path"]).name] = int(match["id"])
            if len(reported) >= KILL_AFTER or time.monotonic() > deadline:
                break
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL, "the import finished before it could be killed"
    return reported


@pytest.mark.slow
def test_sigkill_mid_import_keeps_reported_articles_and_rerun_completes(tmp_path: Path):
    database = tmp_path / "parallax.db"
    database_url = f"sqlite:///{database}"
    upgrade(database_url)
    texts = _make_files(tmp_path / "articles")

    reported = _kill_mid_import(tmp_path / "articles", database_url)
    assert len(reported) >= KILL_AFTER

    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = dict(conn.execute("SELECT id, text FROM article").fetchall())
    for name, article_id in reported.items():
        assert stored.get(article_id) == texts[name], f"{name} was reported added but is not stored"
    before = len(stored)

    rerun = subprocess.run(
        [sys.executable, "-m", "app", "import", str(tmp_path / "articles"), "--outlet", "Regional Wire"],
        env=_env(database_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    added, duplicate, failed = map(int, SUMMARY.search(rerun.stdout).groups())
    assert (added, duplicate, failed) == (FILES - before, before, 0)

    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        texts_stored = [t for (t,) in conn.execute("SELECT text FROM article")]
    assert len(texts_stored) == FILES and sorted(texts_stored) == sorted(texts.values())
