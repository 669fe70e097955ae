"""procrastinate wiring for PostgreSQL: the task, deferring from sync code, and workers.

Kept apart from jobs.py so the SQLite runner never touches procrastinate's PostgreSQL
machinery. Its tables come from migration 0004, so `parallax migrate` prepares them with
everything else. The task runs :func:`jobs.run_comparison` with the compute function the
runner (or `parallax worker`) was handed.
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

QUEUE = "parallax"
TASK_NAME = "parallax.compute_comparison"


def conninfo(engine: Engine) -> str:
    """libpq URL for procrastinate from the SQLAlchemy one (drops the "+psycopg" driver part)."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def build_app(engine: Engine, compute: jobs.Compute, connector) -> procrastinate.App:
    app = procrastinate.App(connector=connector)

    # retry: a worker killed mid-job leaves the comparison "running"; the retry finds it
    # claimed and returns, so retries never compute twice.
    @app.task(name=TASK_NAME, queue=QUEUE, retry=2)
    def compute_comparison(comparison_id: int) -> None:
        jobs.run_comparison(engine, comparison_id, compute)

    return app


class ProcrastinateRunner(jobs.Runner):
    """PostgreSQL: procrastinate defers into its job table (from any thread, through a sync pool);
    a worker in this event loop consumes, unless this process only serves pages."""

    def __init__(self, engine: Engine, compute: jobs.Compute, work: bool = True):
        super().__init__(engine, compute)
        connector = procrastinate.SyncPsycopgConnector(conninfo=conninfo(engine), min_size=1, max_size=2)
        self._sync_app = build_app(engine, compute, connector)
        self._opened = False
        self._lock = threading.Lock()
        self._work = work
        self._worker: asyncio.Task | None = None
        self._worker_app: procrastinate.App | None = None

    def submit(self, comparison_id: int) -> None:
        with self._lock:
            if not self._opened:
                self._sync_app.open()
                self._opened = True
        self._sync_app.tasks[TASK_NAME].defer(comparison_id=comparison_id)

    async def start(self) -> None:
        await super().start()
        if self._work:
            await self._start_worker()
        for comparison_id in jobs.pending_ids(self.engine):  # a duplicate job finds it claimed and returns
            self.submit(comparison_id)

    async def _start_worker(self) -> None:
        connector = procrastinate.PsycopgConnector(conninfo=conninfo(self.engine), min_size=1, max_size=3)
        self._worker_app = build_app(self.engine, self.compute, connector)
        await self._worker_app.open_async()
        work = self._worker_app.run_worker_async(
            queues=[QUEUE], concurrency=1, install_signal_handlers=False, wait=True, delete_jobs="successful"
        )
        self._worker = asyncio.create_task(work)

    async def stop(self) -> None:
        await super().stop()
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


def run_worker(engine: Engine, compute: jobs.Compute, concurrency: int = 1) -> None:
    """Blocking dedicated worker for `parallax worker` (stops cleanly on SIGINT/SIGTERM)."""
    app = build_app(engine, compute, procrastinate.PsycopgConnector(conninfo=conninfo(engine)))
    app.run_worker(queues=[QUEUE], concurrency=concurrency, wait=True, delete_jobs="successful")
