"""Background jobs: every comparison a server makes is computed outside the web request, once,
and taken up again when the process computing it dies.

Runners (one per web process, started by the web app's lifespan, handed the work to do):

* SQLite (the single-machine default): :class:`ThreadRunner`, one in-process worker thread;
  comparisons still pending when a process starts (a crash, a restart) are queued again.
* PostgreSQL: procrastinate (job_queue.py). Jobs live in PostgreSQL tables (migration 0004) and
  workers take them with ``SELECT … FOR UPDATE SKIP LOCKED``; every web process runs a worker in
  its event loop unless ``PARALLAX_WEB_RUNS_JOBS=0``, and ``parallax worker`` runs a dedicated one.

A runner knows nothing of what a comparison is made of: it is handed a :data:`Compute`
function (comparisons.py runs the analysis in a child process with a time and memory budget).
Whoever delivers a job, :func:`run_comparison` first claims the comparison with one conditional
UPDATE (pending → running, one more attempt, a lease until now + the lease time), so two
workers or processes never compute the same one. While the analysis runs, the worker renews
the lease; the result is stored only while the claim is still its own.

Recovery: a worker that dies stops renewing. Every runner sweeps the table every half lease
(:func:`sweep`): a running comparison whose lease lapsed goes back to pending and is queued
again, or is marked failed once it was started ``max_attempts`` times. So a comparison whose
worker was killed is taken up again within a lease and a half, on either database.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.engine import URL, Engine
from sqlmodel import Session, col

from app.models import Comparison, ComparisonStatus, saved_key, utcnow

log = logging.getLogger("parallax.jobs")

ACTIVE = (ComparisonStatus.PENDING, ComparisonStatus.RUNNING)


@dataclass(frozen=True)
class Policy:
    """How long a claim holds without renewal, and how many starts a comparison gets."""

    lease: timedelta = timedelta(seconds=20)
    max_attempts: int = 3

    @property
    def sweep_seconds(self) -> float:
        return max(0.5, self.lease.total_seconds() / 2)


@dataclass
class Claim:
    """A worker's hold on one running comparison: its attempt number fences every later write.

    While the worker computes, a heartbeat thread renews the lease every third of it (whatever
    the computation is doing: reading rows, waiting for the forkserver, waiting for the child);
    :meth:`renew` is what the computation asks to know whether to go on."""

    engine: Engine
    comparison_id: int
    attempt: int
    lease: timedelta
    stopping: threading.Event = field(default_factory=threading.Event)
    lost: threading.Event = field(default_factory=threading.Event)
    _done: threading.Event = field(default_factory=threading.Event)

    @property
    def beat_seconds(self) -> float:
        """How often to renew: three renewals fit in one lease."""
        return max(0.2, self.lease.total_seconds() / 3)

    def ours(self) -> tuple:
        """The WHERE clause of a write that must only happen while the claim is still this one."""
        return (
            col(Comparison.id) == self.comparison_id,
            col(Comparison.status) == ComparisonStatus.RUNNING,
            col(Comparison.attempts) == self.attempt,
        )

    def renew(self) -> bool:
        """Whether to go on: False when the runner is stopping or the comparison is no longer ours."""
        return not (self.stopping.is_set() or self.lost.is_set())

    def heartbeat(self) -> None:
        """Push the lease on every beat until the computation ends or the claim is lost."""
        while not self._done.wait(self.beat_seconds):
            try:
                if _set_status(self.engine, self.ours(), lease_expires_at=utcnow() + self.lease) != 1:
                    self.lost.set()
                    return
            except Exception:  # a database hiccup: the next beat tries again, the lease has slack
                log.exception("renewing the lease of comparison %s failed", self.comparison_id)

    def end(self) -> None:
        self._done.set()


# What a runner does with a claimed comparison: compute it and store the outcome (conditionally on
# the claim). A top-level function of the session, the row and the claim.
Compute = Callable[[Session, Comparison, Claim], object]

# One runner per database URL in this process; absent (CLI, scripts) means "compute inline".
_runners: dict[str, Runner] = {}


# ---- the work -----------------------------------------------------------------------------


def _set_status(engine: Engine, where, **values) -> int:
    """One conditional UPDATE of the comparison table; how many rows it changed."""
    with engine.begin() as conn:
        return conn.execute(update(Comparison).where(*where).values(**values)).rowcount


def claim(engine: Engine, comparison_id: int, lease: timedelta = Policy.lease) -> int | None:
    """Atomically move a comparison from pending to running; its attempt number, or None if someone else has it."""
    pending = (col(Comparison.id) == comparison_id, col(Comparison.status) == ComparisonStatus.PENDING)
    now = utcnow()
    with engine.begin() as conn:
        changed = conn.execute(
            update(Comparison)
            .where(*pending)
            .values(
                status=ComparisonStatus.RUNNING,
                attempts=col(Comparison.attempts) + 1,
                lease_expires_at=now + lease,
                computed_at=now,
            )
        ).rowcount
        if changed != 1:
            return None
        attempts: int = conn.execute(
            select(col(Comparison.attempts)).where(col(Comparison.id) == comparison_id)
        ).scalar_one()
        return attempts


def release(claim: Claim) -> None:
    """Give a claim back unfinished (the runner is stopping): pending again, the attempt not counted."""
    _set_status(
        claim.engine,
        claim.ours(),
        status=ComparisonStatus.PENDING,
        attempts=claim.attempt - 1,
        lease_expires_at=None,
    )


def run_comparison(
    engine: Engine,
    comparison_id: int,
    compute: Compute,
    lease: timedelta = Policy.lease,
    stopping: threading.Event | None = None,
) -> bool:
    """Claim and compute one comparison; False when it was not ours to compute."""
    attempt = claim(engine, comparison_id, lease)
    if attempt is None:
        return False
    held = Claim(engine, comparison_id, attempt, lease, stopping or threading.Event())
    heartbeat = threading.Thread(target=held.heartbeat, name=f"parallax-lease-{comparison_id}", daemon=True)
    heartbeat.start()
    try:
        with Session(engine) as session:
            comparison = session.get(Comparison, comparison_id)
            if comparison is None:  # deleted while queued
                return False
            try:
                compute(session, comparison, held)
            except Exception:  # a database error mid-compute: say so on the page instead of "running" forever
                log.exception("computing comparison %s failed", comparison_id)
                session.rollback()
                error = "The analysis could not be stored; an admin can retry it."
                _set_status(engine, held.ours(), status=ComparisonStatus.FAILED, error=error, lease_expires_at=None)
    finally:
        held.end()
        heartbeat.join(timeout=30)
    if held.stopping.is_set():
        release(held)  # no-op when the outcome was stored
    return True


def interrupted_message(attempts: int) -> str:
    times = "once" if attempts == 1 else f"{attempts} times"
    return (
        f"The analysis was interrupted {times} (the process computing it stopped), so it was given up; "
        "an admin can retry it."
    )


def sweep(engine: Engine, max_attempts: int) -> list[int]:
    """Running comparisons whose lease lapsed: back to pending (their ids returned, to queue again),
    or failed when they had their last attempt."""
    now = utcnow()
    lapsed = (
        col(Comparison.status) == ComparisonStatus.RUNNING,
        or_(col(Comparison.lease_expires_at).is_(None), col(Comparison.lease_expires_at) < now),
    )
    with engine.begin() as conn:
        rows = conn.execute(select(col(Comparison.id), col(Comparison.attempts)).where(*lapsed)).all()
    requeued: list[int] = []
    for comparison_id, attempts in rows:
        this = (*lapsed, col(Comparison.id) == comparison_id, col(Comparison.attempts) == attempts)
        if attempts >= max_attempts:
            values = {"status": ComparisonStatus.FAILED, "error": interrupted_message(attempts)}
        else:
            values = {"status": ComparisonStatus.PENDING}
        if _set_status(engine, this, lease_expires_at=None, **values) == 1:  # another sweeper may be first
            log.warning("comparison %s: its worker stopped (attempt %s); %s", comparison_id, attempts, values["status"])
            if values["status"] == ComparisonStatus.PENDING:
                requeued.append(saved_key(comparison_id))
    return requeued


def retry(session: Session, comparison: Comparison) -> bool:
    """An admin's retry of a failed comparison: pending again with fresh attempts, and queued (when a
    runner serves this database; else the caller computes it). False if it was not failed."""
    failed = (col(Comparison.id) == comparison.id, col(Comparison.status) == ComparisonStatus.FAILED)
    values = {"status": ComparisonStatus.PENDING, "attempts": 0, "error": None, "lease_expires_at": None}
    changed = session.connection().execute(update(Comparison).where(*failed).values(**values)).rowcount
    session.commit()
    session.refresh(comparison)
    runner = runner_for(session)
    if changed == 1 and runner is not None:
        runner.submit(saved_key(comparison.id))
    return changed == 1


# ---- what the comparisons service calls ------------------------------------------------------


def runner_for(session: Session) -> Runner | None:
    return _runners.get(_key(session.get_bind().engine.url))  # .engine: a bound Connection too


def enqueue(session: Session, comparison: Comparison) -> bool:
    """Hand a new, pending comparison to the background runner; False means no runner serves this
    database here (CLI, scripts): the caller computes it in its own process."""
    runner = runner_for(session)
    if runner is None:
        return False
    if comparison.status == ComparisonStatus.PENDING:
        runner.submit(saved_key(comparison.id))
    return True


def enqueue_recompute(session: Session, comparison: Comparison) -> bool:
    """For a stale comparison: True when a job has it (already, or now); False means compute inline."""
    runner = runner_for(session)
    if runner is None:
        return False
    if comparison.status in ACTIVE:
        return True
    settled = (col(Comparison.id) == comparison.id, col(Comparison.status).not_in(ACTIVE))
    values = {"status": ACTIVE[0], "attempts": 0, "lease_expires_at": None}
    reopened = session.connection().execute(update(Comparison).where(*settled).values(**values)).rowcount
    session.commit()
    session.refresh(comparison)
    if reopened == 1:
        runner.submit(saved_key(comparison.id))
    return True


def pending_ids(engine: Engine) -> list[int]:
    """Comparisons waiting for a worker (queued by a process that stopped before its worker got to them)."""
    with Session(engine) as session:
        query = select(col(Comparison.id)).where(col(Comparison.status) == ComparisonStatus.PENDING)
        return [saved_key(i) for i in session.execute(query).scalars()]


def _key(url: URL) -> str:
    return url.render_as_string(hide_password=True)


# ---- runners ------------------------------------------------------------------------------


class Runner:
    """Delivers comparison ids to :func:`run_comparison` with its compute function, outside the request,
    and sweeps lapsed leases every half lease."""

    def __init__(self, engine: Engine, compute: Compute, policy: Policy | None = None):
        self.engine = engine
        self.compute = compute
        self.policy = policy or Policy()
        self.stopping = threading.Event()

    def submit(self, comparison_id: int) -> None:
        raise NotImplementedError

    def run(self, comparison_id: int) -> bool:
        return run_comparison(self.engine, comparison_id, self.compute, self.policy.lease, self.stopping)

    def sweep(self) -> None:
        """Queue again what dead workers left; never lets an error stop the sweeping."""
        try:
            for comparison_id in sweep(self.engine, self.policy.max_attempts):
                self.submit(comparison_id)
        except Exception:
            log.exception("sweeping lapsed comparison leases failed")

    async def start(self) -> None:
        _runners[_key(self.engine.url)] = self

    async def stop(self) -> None:
        self.stopping.set()
        _runners.pop(_key(self.engine.url), None)


class ThreadRunner(Runner):
    """SQLite: one worker thread per process, and one sweeping thread; the claim keeps processes apart."""

    def __init__(self, engine: Engine, compute: Compute, policy: Policy | None = None):
        super().__init__(engine, compute, policy)
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._thread = threading.Thread(target=self._work, name="parallax-jobs", daemon=True)
        self._sweeper = threading.Thread(target=self._sweep_loop, name="parallax-jobs-sweep", daemon=True)

    def submit(self, comparison_id: int) -> None:
        self._queue.put(comparison_id)

    async def start(self) -> None:
        await super().start()
        self._thread.start()
        self._sweeper.start()
        for comparison_id in pending_ids(self.engine):  # left over from a crash or a restart
            self.submit(comparison_id)

    async def stop(self) -> None:
        await super().stop()  # the job in hand gives its claim back within a renewal
        self._queue.put(None)
        self._thread.join(timeout=30)
        self._sweeper.join(timeout=5)

    def _sweep_loop(self) -> None:
        while not self.stopping.wait(self.policy.sweep_seconds):
            self.sweep()

    def _work(self) -> None:
        while (comparison_id := self._queue.get()) is not None:
            if self.stopping.is_set():
                continue
            try:
                self.run(comparison_id)
            except Exception:  # keep the thread alive for the next job
                log.exception("background job for comparison %s failed", comparison_id)
