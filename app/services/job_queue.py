"""procrastinate wiring for PostgreSQL: the task, deferring from sync code, and workers.

Kept apart from jobs.py so SQLite installs never import procrastinate's PostgreSQL machinery.
Its tables come from migration 0004, so `parallax migrate` prepares them with everything else.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading

import procrastinate
from sqlalchemy.engine import Engine

from app.services import jobs

log = logging.getLogger("parallax.jobs")


def conninfo(engine: Engine) -> str:
    """libpq URL for procrastinate from the SQLAlchemy one (drops the "+psycopg" driver part)."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def build_app(engine: Engine, connector) -> procrastinate.App:
    app = procrastinate.App(connector=connector)

    # retry: a worker killed mid-job leaves the comparison "running"; the retry finds it
    # claimed and returns, so retries never compute twice.
    @app.task(name=jobs.TASK_NAME, queue=jobs.QUEUE, retry=2)
    def compute_comparison(comparison_id: int) -> None:
        jobs.run_comparison(engine, comparison_id)

    return app


class JobQueue:
    """Defers from any thread (a sync pool) and runs a worker in the current event loop."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._sync_app = build_app(
            engine, procrastinate.SyncPsycopgConnector(conninfo=conninfo(engine), min_size=1, max_size=2)
        )
        self._opened = False
        self._lock = threading.Lock()
        self._worker: asyncio.Task | None = None
        self._worker_app: procrastinate.App | None = None

    def defer(self, comparison_id: int) -> None:
        with self._lock:
            if not self._opened:
                self._sync_app.open()
                self._opened = True
        self._sync_app.tasks[jobs.TASK_NAME].defer(comparison_id=comparison_id)

    async def start_worker(self) -> None:
        self._worker_app = build_app(
            self.engine, procrastinate.PsycopgConnector(conninfo=conninfo(self.engine), min_size=1, max_size=3)
        )
        await self._worker_app.open_async()
        self._worker = asyncio.create_task(
            self._worker_app.run_worker_async(
                queues=[jobs.QUEUE],
                concurrency=1,
                install_signal_handlers=False,
                wait=True,
                delete_jobs="successful",
            )
        )

    async def close(self) -> None:
        if self._worker is not None:
            self._worker.cancel()  # procrastinate finishes the job in hand, then stops
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(self._worker, timeout=60)
        if self._worker_app is not None:
            await self._worker_app.close_async()
        with self._lock:
            if self._opened:
                self._sync_app.close()
                self._opened = False


def run_worker(engine: Engine, concurrency: int = 1) -> None:
    """Blocking dedicated worker for `parallax worker` (stops cleanly on SIGINT/SIGTERM)."""
    app = build_app(engine, procrastinate.PsycopgConnector(conninfo=conninfo(engine)))
    app.run_worker(queues=[jobs.QUEUE], concurrency=concurrency, wait=True, delete_jobs="successful")
