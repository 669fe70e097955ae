"""Background jobs: a big comparison is computed outside the web request, and exactly once.

Runners (one per web process, started by the app's lifespan):

* PostgreSQL: procrastinate. Jobs live in PostgreSQL tables (migration 0004) and workers
  take them with ``SELECT … FOR UPDATE SKIP LOCKED``; every web process runs a worker in its
  event loop unless ``PARALLAX_WEB_RUNS_JOBS=0``, and ``parallax worker`` runs a dedicated one.
* SQLite (the single-machine default): one in-process worker thread; comparisons still
  pending when a process starts (a crash, a restart) are queued again.

Whoever delivers a job, :func:`run_comparison` first claims the comparison with one
conditional UPDATE (pending → running), so two workers or processes never compute the same
one. Comparisons of at most ``INLINE_MAX_ARTICLES`` articles are computed inside the request:
that takes well under a second, and the common case then needs no waiting page.
"""

from __future__ import annotations

import logging
import queue
import threading
from contextlib import asynccontextmanager
from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import Comparison, utcnow

log = logging.getLogger("parallax.jobs")

INLINE_MAX_ARTICLES = 10
QUEUE = "parallax"
TASK_NAME = "parallax.compute_comparison"
ACTIVE = ("pending", "running")

# computed_at doubles as the claim time while running, so abandoned claims can be found.
_CLAIM = text("UPDATE comparison SET status = 'running', computed_at = :now WHERE id = :id AND status = 'pending'")
_ABANDONED = text("UPDATE comparison SET status = 'pending' WHERE status = 'running' AND computed_at < :cutoff")
ABANDONED_AFTER = timedelta(minutes=10)
_REOPEN = text("UPDATE comparison SET status = 'pending' WHERE id = :id AND status NOT IN ('pending', 'running')")

# One runner per database URL in this process; absent (CLI, scripts) means "compute inline".
_runners: dict[str, Runner] = {}


# ---- the work -----------------------------------------------------------------------------


def claim(engine: Engine, comparison_id: int) -> bool:
    """Atomically move a comparison from pending to running; False if someone else has it."""
    with engine.begin() as conn:
        return conn.execute(_CLAIM, {"id": comparison_id, "now": utcnow()}).rowcount == 1


def run_comparison(engine: Engine, comparison_id: int) -> bool:
    """Claim and compute one comparison; False when it was not ours to compute."""
    from app.services.comparisons import compute  # late: comparisons calls back into this module

    if not claim(engine, comparison_id):
        return False
    with Session(engine) as session:
        comparison = session.get(Comparison, comparison_id)
        if comparison is None:  # deleted while queued
            return False
        try:
            compute(session, comparison)
        except Exception:  # a database error mid-compute: say so on the page instead of "running" forever
            log.exception("computing comparison %s failed", comparison_id)
            session.rollback()
            _mark_failed(engine, comparison_id)
    return True


def _mark_failed(engine: Engine, comparison_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE comparison SET status = 'failed', error = :error WHERE id = :id"),
            {"id": comparison_id, "error": "The analysis could not be stored; open the page again to retry."},
        )


# ---- what the comparisons service calls ------------------------------------------------------


def runner_for(session: Session) -> Runner | None:
    return _runners.get(_key(session.get_bind().url))


def enqueue(session: Session, comparison: Comparison) -> bool:
    """Hand a new, pending comparison to the background runner; False means compute it inline."""
    runner = runner_for(session)
    if runner is None or len(comparison.article_ids) <= INLINE_MAX_ARTICLES or comparison.status != "pending":
        return False
    runner.submit(comparison.id)
    return True


def enqueue_recompute(session: Session, comparison: Comparison) -> bool:
    """For a stale comparison: True when a job has it (already, or now); False means compute inline."""
    runner = runner_for(session)
    if runner is None:
        return False
    if comparison.status in ACTIVE:
        return True
    if len(comparison.article_ids) <= INLINE_MAX_ARTICLES:
        return False
    reopened = session.connection().execute(_REOPEN, {"id": comparison.id}).rowcount == 1
    session.commit()
    session.refresh(comparison)
    if reopened:
        runner.submit(comparison.id)
    return True


def pending_ids(engine: Engine) -> list[int]:
    """Comparisons waiting for a worker, including claims abandoned by a killed process."""
    with engine.begin() as conn:
        conn.execute(_ABANDONED, {"cutoff": utcnow() - ABANDONED_AFTER})
    with Session(engine) as session:
        return list(session.exec(select(Comparison.id).where(Comparison.status == "pending")))


def _key(url) -> str:
    return url.render_as_string(hide_password=True)


# ---- runners ------------------------------------------------------------------------------


class Runner:
    """Delivers comparison ids to :func:`run_comparison`, somewhere other than the request."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def submit(self, comparison_id: int) -> None:
        raise NotImplementedError

    async def start(self) -> None:
        _runners[_key(self.engine.url)] = self

    async def stop(self) -> None:
        _runners.pop(_key(self.engine.url), None)


class ThreadRunner(Runner):
    """SQLite: one worker thread per process; the claim keeps several processes apart."""

    def __init__(self, engine: Engine):
        super().__init__(engine)
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._thread = threading.Thread(target=self._work, name="parallax-jobs", daemon=True)

    def submit(self, comparison_id: int) -> None:
        self._queue.put(comparison_id)

    async def start(self) -> None:
        await super().start()
        self._thread.start()
        for comparison_id in pending_ids(self.engine):  # left over from a crash or a restart
            self.submit(comparison_id)

    async def stop(self) -> None:
        await super().stop()
        self._queue.put(None)
        self._thread.join(timeout=30)

    def _work(self) -> None:
        while (comparison_id := self._queue.get()) is not None:
            try:
                run_comparison(self.engine, comparison_id)
            except Exception:  # keep the thread alive for the next job
                log.exception("background job for comparison %s failed", comparison_id)


class ProcrastinateRunner(Runner):
    """PostgreSQL: procrastinate defers into its job table; a worker in this event loop consumes."""

    def __init__(self, engine: Engine, work: bool = True):
        super().__init__(engine)
        from app.services import job_queue

        self._queue = job_queue.JobQueue(engine)
        self._work = work

    def submit(self, comparison_id: int) -> None:
        self._queue.defer(comparison_id)

    async def start(self) -> None:
        await super().start()
        if self._work:
            await self._queue.start_worker()
        for comparison_id in pending_ids(self.engine):  # a duplicate job finds it claimed and returns
            self.submit(comparison_id)

    async def stop(self) -> None:
        await super().stop()
        await self._queue.close()


def make_runner(engine: Engine, web_runs_jobs: bool = True) -> Runner:
    if engine.dialect.name == "postgresql":
        return ProcrastinateRunner(engine, work=web_runs_jobs)
    return ThreadRunner(engine)


@asynccontextmanager
async def lifespan(application):
    """FastAPI lifespan: start this process's runner, stop it (finishing the current job) on exit."""
    settings = application.state.settings
    runner = make_runner(application.state.engine, getattr(settings, "web_runs_jobs", True))
    await runner.start()
    try:
        yield
    finally:
        await runner.stop()
