"""Processes that must not outlive the one that started them.

``parallax serve --workers N`` runs N uvicorn worker processes under a supervisor; killed with
SIGKILL, the supervisor cannot stop them, and they went on serving the port. Each worker (and
each analysis child) asks the kernel for a signal when its parent dies: Linux's
``prctl(PR_SET_PDEATHSIG)``, through ctypes; elsewhere nothing happens.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal

PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGKILL, parent: int | None = None) -> bool:
    """Have the kernel send ``sig`` to this process when its parent dies; False where it cannot.

    ``parent`` is the pid the parent had when it started this process: a parent that died before
    this call (this process already handed to init) is noticed too."""
    parent = parent or os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):  # not Linux
        return False
    if os.getppid() != parent:  # the parent died before the call took effect (pid 1 may be a real parent: a container)
        os.kill(os.getpid(), sig)
    return True


def multiprocessing_parent() -> int | None:
    """The pid of the process that started this one through multiprocessing (uvicorn's supervisor,
    with --workers or --reload), or None."""
    parent = multiprocessing.parent_process()
    return parent.pid if parent is not None else None
