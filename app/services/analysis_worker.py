"""The analysis of one comparison in a child process, with a wall-time and a memory budget.

A server never runs :func:`app.analysis.compare` in its own process: a big comparison would
hold the GIL for seconds (uvicorn's supervisor then kills the worker as unresponsive) and keep
hundreds of MB after it. :func:`run` forks a child from a forkserver that has imported and warmed
the analysis once (so a small comparison starts in milliseconds), sends it the articles, and waits:

* the child limits its own address space (``RLIMIT_AS``) to what it had at the fork plus the
  memory budget, so an allocation beyond the budget raises MemoryError in the child alone;
* the parent kills the child when the wall time is spent;
* the forkserver gets SIGKILL when the process that started it dies, and each child when the
  forkserver dies (``PR_SET_PDEATHSIG``), so no analysis outlives the server;
* while it waits, the parent calls ``keep_going`` every ``beat_seconds`` (the job runner renews
  its lease there); False means the comparison is no longer ours and the child is killed.

The CLI's `parallax compare` and the demo load still call the analysis in their own process.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import resource
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection

from app.services.processes import die_with_parent

log = logging.getLogger("parallax.jobs")

MEMORY_EXIT = 86  # the child's exit code when it ran out of its memory budget and could not say so
PARENT_ENV = "PARALLAX_ANALYSIS_PARENT"  # tells the forkserver which process it must not outlive
_lock = threading.Lock()
_context: multiprocessing.context.BaseContext | None = None


@dataclass(frozen=True)
class Budget:
    """What one comparison's analysis may spend."""

    seconds: float
    memory_mb: int


class OverBudget(Exception):
    """The analysis needed more time or memory than its budget: ``reason`` says which, in words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class AnalysisCrashed(Exception):
    """The child failed for another reason (an exception in the analysis, a signal)."""


class Abandoned(Exception):
    """``keep_going`` said no: someone else has the comparison now; nothing is to be stored."""


def _vm_size_bytes() -> int:
    """This process's address space now (Linux /proc), 0 when unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def limit_memory(memory_mb: int) -> None:
    """Cap this process's address space at what it has now plus ``memory_mb``."""
    limit = _vm_size_bytes() + memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):  # a platform without RLIMIT_AS: the wall time still holds
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def warm() -> None:
    """Load the analysis's lazily read tables and models once, in the forkserver, so every child
    forked from it starts with them (copy-on-write) instead of loading them again."""
    from app.analysis import compare

    texts = (
        'Officials said on Tuesday that 3 shelters had reopened. "We expect power by Friday," the mayor said.',
        "Officials said Tuesday that four shelters reopened after the storm, according to the mayor.",
    )
    try:
        compare([{"id": str(n), "text": t, "outlet": f"O{n}", "language": None} for n, t in enumerate(texts)])
    except Exception:  # warming is an optimisation: a child loads what it needs anyway
        log.exception("warming the analysis failed")


def _child(conn: Connection, articles: list[dict], memory_mb: int) -> None:
    """Entry of the child process: the analysis under the memory limit, the outcome sent back."""
    die_with_parent()
    limit_memory(memory_mb)
    from app.analysis import compare

    try:
        result = compare(articles)
    except MemoryError:
        with contextlib.suppress(BaseException):
            conn.send(("memory", None))
        os._exit(MEMORY_EXIT)
    except Exception:
        conn.send(("error", traceback.format_exc(limit=8)))
        return
    try:
        conn.send(("ok", result))
    except MemoryError:  # pickling a huge result counts too
        os._exit(MEMORY_EXIT)


def _get_context() -> multiprocessing.context.BaseContext:
    global _context
    with _lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            # The forkserver imports (and so warms, see analysis_preload) the analysis once.
            context.set_forkserver_preload(["app.services.analysis_preload"])
            _context = context
        return _context


def start_forkserver() -> None:
    """Start the forkserver now (it loads the analysis), so the first comparison need not wait for it."""
    from multiprocessing import forkserver

    _get_context()
    with _lock:
        os.environ[PARENT_ENV] = str(os.getpid())  # read by analysis_preload in the forkserver
        forkserver.ensure_running()


def run(
    articles: list[dict],
    budget: Budget,
    keep_going: Callable[[], bool] = lambda: True,
    beat_seconds: float = 5.0,
) -> dict:
    """``compare(articles)`` in a child process within ``budget``; raises OverBudget, AnalysisCrashed or Abandoned."""
    start_forkserver()  # a no-op when it runs; else started with this process as its parent
    context = _get_context()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(  # type: ignore[attr-defined]
        target=_child, args=(sender, articles, budget.memory_mb), name="parallax-analysis", daemon=True
    )
    started = time.monotonic()
    child.start()
    sender.close()
    deadline, next_beat = started + budget.seconds, started + beat_seconds
    try:
        while True:
            now = time.monotonic()
            if now >= deadline:
                raise OverBudget(_too_slow(budget))
            if receiver.poll(max(0.0, min(deadline, next_beat) - now)):
                try:
                    kind, value = receiver.recv()
                except EOFError:  # the child died without a word
                    break
                if kind == "ok":
                    result: dict = value
                    return result
                if kind == "memory":
                    raise OverBudget(_too_big(budget))
                raise AnalysisCrashed(value)
            if time.monotonic() >= next_beat:
                if not keep_going():
                    raise Abandoned()
                next_beat = time.monotonic() + beat_seconds
        child.join(5)
        if child.exitcode == MEMORY_EXIT:
            raise OverBudget(_too_big(budget))
        raise AnalysisCrashed(f"the analysis process stopped with exit code {child.exitcode}")
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receiver.close()
        with contextlib.suppress(ValueError):
            child.close()


def _too_slow(budget: Budget) -> str:
    return (
        f"The analysis took longer than {budget.seconds:g} s, this server's limit for one comparison "
        "(PARALLAX_ANALYSIS_TIMEOUT_SECONDS)."
    )


def _too_big(budget: Budget) -> str:
    return (
        f"The analysis needed more than {budget.memory_mb} MB of memory, this server's limit for one "
        "comparison (PARALLAX_ANALYSIS_MEMORY_MB)."
    )
