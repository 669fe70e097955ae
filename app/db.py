"""Database engine and sessions: one place that knows SQLite's and PostgreSQL's quirks."""

from __future__ import annotations

import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool, StaticPool
from sqlmodel import create_engine

SQLITE_BUSY_TIMEOUT_MS = 30_000
LOOP_BUSY_TIMEOUT_MS = 200


class UnstorableText(ValueError):
    """A statement would send text with NUL in it: PostgreSQL cannot store or even compare it, so
    no database gets it (the same input must answer the same on both). The web answers 422."""


def _refuse_nul(_conn, _cursor, _statement, parameters, _context, executemany) -> None:
    # The last guard, whatever door the text came through (forms, JSON, ?q=, CLI): the doors
    # refuse NUL themselves with a message naming the field; this keeps a missed one from a 500.
    for row in parameters if executemany else (parameters,):
        values = row.values() if isinstance(row, dict) else row if isinstance(row, list | tuple) else ()
        if any(isinstance(value, str) and "\x00" in value for value in values):
            raise UnstorableText("Text with NUL characters (\\x00) cannot be stored or searched for: remove them.")


def make_engine(url: str, *, single_connection: bool = False, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout and foreign keys; neither gets NUL in text.

    ``single_connection`` gives SQLite one connection of its own (no pool to wait on), for
    short reads made from the event loop thread only.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        engine = create_engine(url, pool_pre_ping=True)
        event.listen(engine, "before_cursor_execute", _refuse_nul)
        return engine
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
        **({"poolclass": StaticPool} if single_connection else {}),
    )
    event.listen(engine, "connect", lambda conn, _record: _sqlite_pragmas(conn, busy_timeout_ms))
    event.listen(engine, "before_cursor_execute", _refuse_nul)
    return engine


def _sqlite_pragmas(dbapi_connection, busy_timeout_ms: int) -> None:
    # WAL lets readers go on while one writer writes; the busy timeout makes writers queue
    # instead of failing with "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_loop_engine(url: str) -> Engine | None:
    """SQLite only: a second engine, with one connection of its own, for reads made in the event loop thread.

    The comparison page's cache check runs in the event loop on SQLite, where a hop to a worker
    thread costs more than the read. It must not wait on the shared pool: worker threads hold
    its connections until the loop answers for them, so the loop would deadlock. A busy file
    answers within 200 ms (OperationalError) and the caller reads from a thread instead.
    PostgreSQL reads go over a socket and never run in the loop: there is no loop engine.
    """
    if make_url(url).get_backend_name() != "sqlite":
        return None
    return make_engine(url, single_connection=True, busy_timeout_ms=LOOP_BUSY_TIMEOUT_MS)


# What a bulk import writes: the articles (search) and the story index (matching).
BULK_WRITTEN = ("article", "article_term", "article_vector", "term_count")


def refresh_statistics(engine: Engine) -> None:
    """After a bulk write: give the query planner statistics on the articles.

    PostgreSQL: ``VACUUM (ANALYZE)`` of the tables a bulk import writes (0.35 s at 10,000
    articles). Without it, a freshly filled archive has no statistics and no visibility map until
    autovacuum comes round (never, where it is off): the planner may keep scanning every row
    instead of using the search index, and index-only look-ups visit the table for every row. Not while the
    table is empty: "no rows" would outlive the first articles, and the foreign-key checks
    against article planned from it read the whole table. SQLite: ``PRAGMA optimize``, bounded
    by ``analysis_limit``; from SQLite 3.46 it looks at every table, earlier versions only at
    those the connection has queried (its FTS5 search needs no statistics either way).
    """
    if engine.dialect.name == "postgresql":
        # VACUUM runs outside a transaction; it also marks the pages all-visible, so the story
        # index's key look-ups are answered from the index (weight included) without visiting
        # the table: 5.7 -> 3.6 ms a look-up at 10,000 articles where autovacuum had not run.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            if conn.execute(text("SELECT EXISTS (SELECT 1 FROM article)")).scalar():
                conn.execute(text(f"VACUUM (ANALYZE) {', '.join(BULK_WRITTEN)}"))
        return
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA analysis_limit=1000")
            conn.exec_driver_sql("PRAGMA optimize=0x10002")


class ArchiveVersion:
    """A value that changes whenever anything is committed to the database, by any process: the
    cheap test of whether a page rendered earlier may still be served (web/render_cache.py).

    SQLite: ``PRAGMA data_version`` on a connection of its own that never writes (a few µs, so
    it is read in the event loop). PostgreSQL: the current transaction snapshot (xmin:xmax:the
    ones in progress), which moves when a transaction that wrote commits; it is the server's,
    so writes to its other databases count too: a cache miss, never a stale page. Asking the
    server costs a round trip (and a thread) per request, which capped cached pages at a seventh
    of what the framework serves; so a snapshot read is used for ``REUSE_SECONDS``, and any
    commit made by this process starts a fresh read at once (its own writes show on its next
    page). Another process's commit is seen within ``REUSE_SECONDS``.
    """

    REUSE_SECONDS = 0.1
    COMMIT_MARGIN = 0.05

    def __init__(self, url: str, engine: Engine):
        parsed = make_url(url)
        self.engine = engine
        self._path = parsed.database if parsed.get_backend_name() == "sqlite" else None
        self._sqlite: sqlite3.Connection | None = None
        self._opened = 0  # data_version counts per connection: a new one must not match an old value
        self._snapshot: str | None = None
        self._read_at = 0.0
        if self._path is None:
            event.listen(engine, "commit", self._committed)

    @property
    def in_loop(self) -> bool:
        """Cheap enough to read in the event loop: SQLite's local file, or a snapshot still fresh."""
        return self._path is not None or self._fresh() is not None

    def read_now(self) -> str | None:
        """The version if it can be had without waiting on the network (SQLite's file, a fresh
        snapshot), else None: one step, so a snapshot lapsing meanwhile never blocks the caller."""
        if self._path is None:
            return self._fresh()
        if self._sqlite is None:  # opened on first use (again after close, as a restarted app does)
            self._sqlite = sqlite3.connect(self._path, check_same_thread=False, isolation_level=None)
            self._opened += 1
        return f"{self._opened}:{self._sqlite.execute('PRAGMA data_version').fetchone()[0]}"

    def read(self) -> str:
        now = self.read_now()
        if now is not None:
            return now
        asked_at = time.monotonic()
        with self.engine.connect() as conn:
            snapshot = str(conn.execute(text("SELECT txid_current_snapshot()::text")).scalar_one())
        if self._read_at <= asked_at:  # no commit of ours since we asked: the answer may be reused
            self._snapshot, self._read_at = snapshot, asked_at
        return snapshot

    def _fresh(self) -> str | None:
        snapshot = self._snapshot
        return snapshot if snapshot is not None and time.monotonic() - self._read_at < self.REUSE_SECONDS else None

    def _committed(self, _connection: object) -> None:
        # The event comes just before the commit itself: a snapshot read in the next moment may
        # not show it yet, so none is kept until COMMIT_MARGIN has passed.
        self._snapshot, self._read_at = None, time.monotonic() + self.COMMIT_MARGIN

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
            self._sqlite = None
        if self._path is None and event.contains(self.engine, "commit", self._committed):
            event.remove(self.engine, "commit", self._committed)


def archive_version(url: str, engine: Engine) -> ArchiveVersion | None:
    """The version probe for this database, or None where there is none (an in-memory SQLite
    database is private to each connection: nothing there can be cached across requests)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and (not parsed.database or parsed.database == ":memory:"):
        return None
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        return None
    return ArchiveVersion(url, engine)


@contextmanager
def scratch_database(server_url: str, prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database on the server of ``server_url``, dropped on exit.

    For tests and benchmarks: each run gets its own, so runs sharing one server never collide.
    """
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
