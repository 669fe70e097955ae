"""Database engine and sessions: one place that knows SQLite's and PostgreSQL's quirks."""

from __future__ import annotations

import secrets
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
