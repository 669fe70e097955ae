"""`parallax backup` copies a live database consistently; `parallax restore` refuses what is unsafe."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.backup import BackupError, backup, integrity_problems, restore

ROOT = Path(__file__).resolve().parent.parent
# Backup and restore copy a SQLite file; PostgreSQL is backed up with pg_dump.
pytestmark = pytest.mark.sqlite_only

# Another process adds articles through the service as fast as it can until told to stop.
WRITER = """
import sys, time
from pathlib import Path
from sqlmodel import Session
from app.db import make_engine
from app.models import ArticleCreate
from app.services.ingest import ingest
from app.settings import Settings
settings = Settings(database_url=sys.argv[1], demo=False, _env_file=None)
engine = make_engine(settings.database_url)
stop = Path(sys.argv[2])
i = 0
while not stop.exists():
    with Session(engine) as session:
        ingest(session, settings, ArticleCreate(outlet=f"Outlet {i % 7}", text=f"Report number {i}. " * 200))
    i += 1
    if i == 5:
        Path(sys.argv[3]).write_text("started")
print(i)
"""


def _cli(args: list[str], database_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PARALLAX_DATABASE_URL": database_url, "PARALLAX_DEMO": "0"}
    return subprocess.run(
        [sys.executable, "-m", "app", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def _count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM article").fetchone()[0]


@pytest.mark.slow
def test_backup_while_another_process_writes_is_consistent(settings, tmp_path: Path):
    stop, started = tmp_path / "stop", tmp_path / "started"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, settings.database_url, str(stop), str(started)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not started.exists():
            assert writer.poll() is None and time.monotonic() < deadline, "the writer did not start"
            time.sleep(0.05)
        copies = []
        for n in range(3):
            result = _cli(["backup", str(tmp_path / f"copy{n}.db")], settings.database_url)
            assert result.returncode == 0, result.stderr
            copies.append(tmp_path / f"copy{n}.db")
    finally:
        stop.write_text("stop")
        written = int(writer.communicate(timeout=60)[0].strip())
    counts = [_count(copy) for copy in copies]
    for copy in copies:
        assert integrity_problems(copy) == []
        assert not Path(str(copy) + "-wal").exists(), "a backup must be one self-contained file"
    assert counts == sorted(counts) and counts[0] >= 5 and counts[-1] <= written
    with sqlite3.connect(copies[-1]) as conn:  # every stored row is whole: outlet exists, text intact
        orphans = conn.execute(
            "SELECT count(*) FROM article a LEFT JOIN outlet o ON o.id = a.outlet_id WHERE o.id IS NULL"
        )
        assert orphans.fetchone()[0] == 0
        assert {len(t) for (t,) in conn.execute("SELECT text FROM article")} <= {
            len(f"Report number {i}. " * 200) for i in range(written)
        }


def test_backup_refuses_to_overwrite_without_force(settings, tmp_path: Path):
    target = tmp_path / "copy.db"
    target.write_text("precious")
    with pytest.raises(BackupError, match="--force"):
        backup(settings.database_url, target)
    assert target.read_text() == "precious"
    backup(settings.database_url, target, force=True)
    assert integrity_problems(target) == []


@pytest.mark.slow
def test_restore_checks_the_backup_and_refuses_to_overwrite(client, settings, tmp_path: Path):
    assert client.post("/api/articles", json={"text": "Kept in the backup.", "outlet": "A"}).status_code == 201
    copy = backup(settings.database_url, tmp_path / "copy.db")
    assert client.post("/api/articles", json={"text": "Added after the backup.", "outlet": "A"}).status_code == 201

    refused = _cli(["restore", str(copy)], settings.database_url)
    assert refused.returncode == 1 and "--force" in refused.stderr
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(copy.read_bytes()[:4096] + b"\x00garbage" * 512)
    broken = _cli(["restore", str(damaged), "--force"], settings.database_url)
    assert broken.returncode == 1 and "damaged" in broken.stderr
    assert client.get("/api/articles").json()["total"] == 2

    restored = _cli(["restore", str(copy), "--force"], settings.database_url)
    assert restored.returncode == 0, restored.stderr
    titles = [a["title"] for a in client.get("/api/articles").json()["items"]]
    assert titles == ["Kept in the backup."]


def test_restore_into_a_new_place(settings, tmp_path: Path):
    copy = backup(settings.database_url, tmp_path)
    fresh = f"sqlite:///{tmp_path / 'new' / 'parallax.db'}"
    assert restore(fresh, copy) == tmp_path / "new" / "parallax.db"
    assert integrity_problems(tmp_path / "new" / "parallax.db") == []


def test_postgres_urls_are_pointed_to_pg_dump(tmp_path: Path):
    with pytest.raises(BackupError, match="pg_dump"):
        backup("postgresql+psycopg://postgres@127.0.0.1/test", tmp_path / "x.db")
