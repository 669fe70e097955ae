"""Online backup and restore of the SQLite database, safe while the server is writing.

sqlite3's backup API copies pages under SQLite's own locking, so the copy is one consistent
snapshot even when another process commits meanwhile (a plain file copy of a WAL database
is not). PostgreSQL has its own tools (pg_dump / pg_restore), which we point to instead.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from app.db import SQLITE_BUSY_TIMEOUT_MS

PAGES_PER_STEP = 1024


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


def sqlite_path(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError("backup and restore handle SQLite only; for PostgreSQL use pg_dump and pg_restore")
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory database cannot be backed up")
    return Path(url.database).expanduser()


def integrity_problems(path: Path) -> list[str]:
    """What `PRAGMA integrity_check` reports; empty when the file is a sound database."""
    if not path.is_file():
        return [f"{path} does not exist"]
    try:
        with _connect(path, readonly=True) as conn:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        return [f"{path} is not a readable SQLite database ({exc})"]
    return [] if rows == ["ok"] else rows


def backup(database_url: str, destination: Path, *, force: bool = False) -> Path:
    """Copy the live database to `destination` (written beside it, then renamed into place)."""
    source = sqlite_path(database_url)
    if not source.is_file():
        raise BackupError(f"there is no database at {source}")
    destination = destination.expanduser()
    if destination.is_dir():
        destination = destination / f"{source.stem}-backup.db"
    if destination.exists() and not force:
        raise BackupError(f"{destination} exists; pass --force to overwrite it")
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    with _connect(source, readonly=True) as src, _connect(partial) as dst:
        src.backup(dst, pages=PAGES_PER_STEP)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    problems = integrity_problems(partial)
    if problems:
        partial.unlink(missing_ok=True)
        raise BackupError("the copy failed its integrity check: " + "; ".join(problems[:3]))
    os.replace(partial, destination)
    return destination


def restore(database_url: str, backup_file: Path, *, force: bool = False) -> Path:
    """Replace the database's contents with a checked backup, through SQLite so open readers stay sane."""
    target = sqlite_path(database_url)
    backup_file = backup_file.expanduser()
    problems = integrity_problems(backup_file)
    if problems:
        raise BackupError("the backup is damaged, nothing was changed: " + "; ".join(problems[:3]))
    if target.exists() and target.stat().st_size > 0 and not force:
        raise BackupError(f"{target} already holds a database; pass --force to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    with _connect(backup_file, readonly=True) as src, _connect(target) as dst:
        src.backup(dst, pages=PAGES_PER_STEP)
    return target


def _connect(path: Path, *, readonly: bool = False) -> _Closing:
    uri = path.resolve().as_uri() + ("?mode=ro" if readonly else "")
    conn = sqlite3.connect(uri, uri=True, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    return _Closing(conn)


class _Closing:
    """sqlite3's own context manager commits but does not close; this one closes."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        return self.conn

    def __exit__(self, *exc) -> None:
        self.conn.close()
