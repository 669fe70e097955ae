"""Background jobs: a big comparison is computed outside the web request, and exactly once.

Runners (one per web process, started by the web app's lifespan, handed the work to do):

* SQLite (the single-machine default): :class:`ThreadRunner`, one in-process worker thread;
  comparisons still pending when a process starts (a crash, a restart) are queued again.
* PostgreSQL: procrastinate (job_queue.py). Jobs live in PostgreSQL tables (migration 0004) and
  workers take them with ``SELECT … FOR UPDATE SKIP LOCKED``; every web process runs a worker in
  its event loop unless ``PARALLAX_WEB_RUNS_JOBS=0``, and ``parallax worker`` runs a dedicated one.

A runner knows nothing of what a comparison is made of: it is handed a :data:`Compute`
function, and whoever delivers a job, :func:`run_comparison` first claims the comparison
with one conditional UPDATE (pending → running), so two workers or processes never compute
the same one. Comparisons of at most ``INLINE_MAX_ARTICLES`` articles are computed inside
the request: that takes well under a second, and the common case then needs no waiting page.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.engine import URL, Engine
from sqlmodel import Session, col, select

from app.models import Comparison, ComparisonStatus, saved_key, utcnow

log = logging.getLogger("parallax.jobs")

INLINE_MAX_ARTICLES = 10
ACTIVE = (ComparisonStatus.PENDING, ComparisonStatus.RUNNING)
ABANDONED_AFTER = timedelta(minutes=10)

# What a runner does with a claimed comparison: compute it and store the outcome. A top-level
# function of the session and the row, so it can also be sent to another process later.
Compute = Callable[[Session, Comparison], object]

# One runner per database URL in this process; absent (CLI, scripts) means "compute inline".
_runners: dict[str, Runner] = {}


# ---- the work -----------------------------------------------------------------------------


def _set_status(engine: Engine, where, **values) -> int:
    """One conditional UPDATE of the comparison table; how many rows it changed."""
    with engine.begin() as conn:
        return conn.execute(update(Comparison).where(*where).values(**values)).rowcount


def claim(engine: Engine, comparison_id: int) -> bool:
    """Atomically move a comparison from pending to running; False if someone else has it."""
    pending = (col(Comparison.id) == comparison_id, col(Comparison.status) == ComparisonStatus.PENDING)
    # computed_at doubles as the claim time while running, so abandoned claims can be found.
    return _set_status(engine, pending, status=ComparisonStatus.RUNNING, computed_at=utcnow()) == 1


def run_comparison(engine: Engine, comparison_id: int, compute: Compute) -> bool:
    """Claim and compute one comparison; False when it was not ours to compute."""
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
            error = "The analysis could not be stored; open the page again to retry."
            _set_status(engine, (col(Comparison.id) == comparison_id,), status=ComparisonStatus.FAILED, error=error)
    return True


# ---- what the comparisons service calls ------------------------------------------------------


def runner_for(session: Session) -> Runner | None:
    return _runners.get(_key(session.get_bind().engine.url))  # .engine: a bound Connection too


def enqueue(session: Session, comparison: Comparison) -> bool:
    """Hand a new, pending comparison to the background runner; False means compute it inline."""
    runner = runner_for(session)
    if runner is None or len(comparison.article_ids) <= INLINE_MAX_ARTICLES:
        return False
    if comparison.status != ComparisonStatus.PENDING:
        return False
    runner.submit(saved_key(comparison.id))
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
    settled = (col(Comparison.id) == comparison.id, col(Comparison.status).not_in(ACTIVE))
    reopened = session.connection().execute(update(Comparison).where(*settled).values(status=ACTIVE[0])).rowcount
    session.commit()
    session.refresh(comparison)
    if reopened == 1:
        runner.submit(saved_key(comparison.id))
    return True


def pending_ids(engine: Engine) -> list[int]:
    """Comparisons waiting for a worker, including claims abandoned by a killed process."""
    abandoned = (
        Comparison.status == ComparisonStatus.RUNNING,
        col(Comparison.computed_at) < utcnow() - ABANDONED_AFTER,
    )
    _set_status(engine, abandoned, status=ComparisonStatus.PENDING)
    with Session(engine) as session:
        pending = session.exec(select(col(Comparison.id)).where(Comparison.status == ComparisonStatus.PENDING))
        return [saved_key(i) for i in pending]


def _key(url: URL) -> str:
    return url.render_as_string(hide_password=True)


# ---- runners ------------------------------------------------------------------------------


class Runner:
    """Delivers comparison ids to :func:`run_comparison` with its compute function, outside the request."""

    def __init__(self, engine: Engine, compute: Compute):
        self.engine = engine
        self.compute = compute

    def submit(self, comparison_id: int) -> None:
        raise NotImplementedError

    def run(self, comparison_id: int) -> bool:
        return run_comparison(self.engine, comparison_id, self.compute)

    async def start(self) -> None:
        _runners[_key(self.engine.url)] = self

    async def stop(self) -> None:
        _runners.pop(_key(self.engine.url), None)


class ThreadRunner(Runner):
    """SQLite: one worker thread per process; the claim keeps several processes apart."""

    def __init__(self, engine: Engine, compute: Compute):
        super().__init__(engine, compute)
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
                self.run(comparison_id)
            except Exception:  # keep the thread alive for the next job
                log.exception("background job for comparison %s failed", comparison_id)
