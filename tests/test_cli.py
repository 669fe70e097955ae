"""The `parallax` command run as a user runs it: a real process on a real SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.analysis import compare
from app.migrate import upgrade

DATA = Path(__file__).parent / "data"


def run(args, database_url, timeout=180):
    env = {**os.environ, "PARALLAX_DATABASE_URL": database_url, "PARALLAX_DEMO": "0"}
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env, timeout=timeout
    )


@pytest.mark.slow
def test_import_folder_reports_added_duplicate_failed(tmp_path, database_url, article_analyses):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Flood waters receded on Sunday in the valley.", encoding="utf-8")
    (folder / "b.md").write_text("# Dam holds\n\nEngineers said the dam held overnight.", encoding="utf-8")
    (folder / "c.txt").write_text("", encoding="utf-8")  # empty: fails
    (folder / "ignored.pdf").write_bytes(b"%PDF")  # not an article type: skipped in folders
    upgrade(database_url)
    analysed = article_analyses()
    first = run(["import", str(folder), "--outlet", "Valley Post"], database_url)
    assert first.returncode == 1
    assert "2 added, 0 duplicate, 1 failed" in first.stdout
    if analysed is not None:  # PostgreSQL: the import ran ANALYZE once it had stored the files
        analysed += 1
        assert article_analyses() == analysed
    second = run(["import", str(folder / "a.txt"), str(folder / "b.md"), "--outlet", "Valley Post"], database_url)
    assert second.returncode == 0
    assert "0 added, 2 duplicate, 0 failed" in second.stdout
    assert article_analyses() == analysed  # nothing stored, nothing to analyse


@pytest.mark.slow  # runs the CLI in a new process
def test_compare_json_prints_exactly_what_compare_returns(database_url):
    files = sorted((DATA / "farenthold").glob("*.txt"))
    out = run(["compare", *map(str, files), "--json"], database_url)
    assert out.returncode == 0, out.stderr
    expected = compare([{"id": f.stem, "text": f.read_text(encoding="utf-8"), "outlet": f.stem} for f in files])
    assert json.loads(out.stdout) == expected


@pytest.mark.slow  # runs the CLI in a new process
def test_compare_summary_names_claims_quotes_discrepancies(database_url):
    files = sorted((DATA / "farenthold").glob("*.txt"))
    out = run(["compare", *map(str, files)], database_url)
    assert out.returncode == 0, out.stderr
    for heading in ("Claims:", "Quotes:", "Discrepancies:"):
        assert heading in out.stdout


@pytest.mark.slow
def test_migrate_loads_the_demo_then_leaves_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    env = {**os.environ, "PARALLAX_DATABASE_URL": url, "PARALLAX_DEMO": "1"}
    for _ in range(2):
        done = subprocess.run([sys.executable, "-m", "app", "migrate"], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    import sqlite3

    with sqlite3.connect(tmp_path / "demo.db") as conn:
        assert conn.execute("SELECT count(*) FROM article").fetchone()[0] == 5
        assert conn.execute("SELECT count(*) FROM story").fetchone()[0] == 1
