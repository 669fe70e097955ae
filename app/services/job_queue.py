"""procrastinate wiring for PostgreSQL: the task, deferring from sync code, workers, and recovery.

Kept apart from jobs.py so the SQLite runner never touches procrastinate's PostgreSQL
machinery. Its tables come from migration 0004, so `parallax migrate` prepares them with
everything else. The task runs :func:`jobs.run_comparison` with the compute function the
runner (or `parallax worker`) was handed.

Recovery has two halves. The comparison's own lease (jobs.sweep) puts a comparison whose worker
died back to pending and defers a new job. procrastinate's job row of the dead worker would stay
"doing" for ever: workers send heartbeats (every third of a lease here), and the sweep asks
procrastinate for the jobs of workers whose heartbeat is older than a lease
(``JobManager.get_stalled_jobs``) and retries them; a retried job finds the comparison claimed
or done and returns, so nothing is computed twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from pathlib import Path

import procrastinate
from sqlalchemy.engine import Engine

from app.services import jobs

log = logging.getLogger("parallax.jobs")

QUEUE = "parallax"
TASK_NAME = "parallax.compute_comparison"


def conninfo(engine: Engine) -> str:
    """libpq URL for procrastinate from the SQLAlchemy one (drops the "+psycopg" driver part)."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def build_app(
    engine: Engine, compute: jobs.Compute, connector, policy: jobs.Policy, stopping: threading.Event | None = None
) -> procrastinate.App:
    app = procrastinate.App(connector=connector)

    # retry: a database error escaping the task is retried; a worker killed mid-job is recovered by
    # the sweep (see the module docstring), and a retry finds the comparison claimed and returns.
    @app.task(name=TASK_NAME, queue=QUEUE, retry=2)
    def compute_comparison(comparison_id: int) -> None:
        jobs.run_comparison(engine, comparison_id, compute, policy.lease, stopping)

    return app


def _worker_options(policy: jobs.Policy) -> dict:
    lease = policy.lease.total_seconds()
    return {
        "queues": [QUEUE],
        "wait": True,
        "delete_jobs": "successful",
        "update_heartbeat_interval": max(0.5, lease / 3),
        "stalled_worker_timeout": lease,
    }


async def retry_stalled(app: procrastinate.App, policy: jobs.Policy) -> int:
    """Retry the jobs procrastinate holds as "doing" for workers whose heartbeat stopped; how many."""
    stalled = await app.job_manager.get_stalled_jobs(queue=QUEUE, seconds_since_heartbeat=policy.lease.total_seconds())
    count = 0
    for job in stalled:
        log.warning("retrying job %s of a stalled worker", job.id)
        await app.job_manager.retry_job(job)
        count += 1
    return count


async def sweep_forever(
    engine: Engine, app: procrastinate.App, submit, policy: jobs.Policy, alive_file: Path | None = None
) -> None:
    """Every half lease: the comparisons of dead workers queued again, their stalled jobs retried;
    then ``alive_file`` is touched (the worker container's healthcheck reads its age)."""
    while True:
        try:
            for comparison_id in await asyncio.to_thread(jobs.sweep, engine, policy.max_attempts):
                await asyncio.to_thread(submit, comparison_id)
            await retry_stalled(app, policy)
            if alive_file is not None:
                alive_file.touch()
        except Exception:
            log.exception("sweeping lapsed comparison leases failed")
        await asyncio.sleep(policy.sweep_seconds)


async def _ended_within(task: asyncio.Future, seconds: float, what: str) -> None:
    """Give ``task`` ``seconds`` to end; log and leave it if it does not (its errors are logged too)."""
    done, _ = await asyncio.wait({task}, timeout=seconds)
    if not done:
        log.warning("%s did not stop within %s s; shutting down without it", what, seconds)
    elif not task.cancelled() and task.exception() is not None:
        log.warning("%s ended with %r", what, task.exception())


class ProcrastinateRunner(jobs.Runner):
    """PostgreSQL: procrastinate defers into its job table (from any thread, through a sync pool);
    a worker in this event loop consumes, unless this process only serves pages."""

    def __init__(self, engine: Engine, compute: jobs.Compute, work: bool = True, policy: jobs.Policy | None = None):
        super().__init__(engine, compute, policy)
        connector = procrastinate.SyncPsycopgConnector(conninfo=conninfo(engine), min_size=1, max_size=2)
        self._sync_app = build_app(engine, compute, connector, self.policy)
        self._opened = False
        self._lock = threading.Lock()
        self._work = work
        self._worker: asyncio.Task | None = None
        self._sweeper: asyncio.Task | None = None
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
        self._worker_app = build_app(self.engine, self.compute, connector, self.policy, self.stopping)
        await self._worker_app.open_async()
        work = self._worker_app.run_worker_async(
            concurrency=1, install_signal_handlers=False, **_worker_options(self.policy)
        )
        self._worker = asyncio.create_task(work)
        self._sweeper = asyncio.create_task(sweep_forever(self.engine, self._worker_app, self.submit, self.policy))

    async def stop(self) -> None:
        """Stop sweeping and working, each within a bound: a shutdown never hangs on a task that
        does not end (asyncio.wait, unlike wait_for, does not wait for a cancelled task to finish)."""
        await super().stop()  # the job in hand gives its claim back within a renewal
        if self._sweeper is not None:
            self._sweeper.cancel()
            await _ended_within(self._sweeper, 10, "the lease sweeper")
        if self._worker is not None:
            self._worker.cancel()  # procrastinate finishes the job in hand, then stops
            await _ended_within(self._worker, 60, "the job worker")
        if self._worker_app is not None:
            await _ended_within(asyncio.ensure_future(self._worker_app.close_async()), 10, "closing the job queue")
        with self._lock:
            if self._opened:
                self._sync_app.close()
                self._opened = False


def run_worker(
    engine: Engine, compute: jobs.Compute, policy: jobs.Policy, concurrency: int = 1, alive_file: Path | None = None
) -> None:
    """Blocking dedicated worker for `parallax worker` (stops cleanly on SIGINT/SIGTERM), sweeping as it goes."""
    app = build_app(engine, compute, procrastinate.PsycopgConnector(conninfo=conninfo(engine)), policy)
    deferrer = build_app(engine, compute, procrastinate.SyncPsycopgConnector(conninfo=conninfo(engine)), policy)

    def submit(comparison_id: int) -> None:
        deferrer.tasks[TASK_NAME].defer(comparison_id=comparison_id)

    async def main() -> None:
        async with app.open_async():
            with deferrer.open():
                sweeper = asyncio.create_task(sweep_forever(engine, app, submit, policy, alive_file))
                try:
                    await app.run_worker_async(concurrency=concurrency, **_worker_options(policy))
                finally:
                    sweeper.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await sweeper

    asyncio.run(main())
