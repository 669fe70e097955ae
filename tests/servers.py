"""Real server processes for the tests that need one: a free port, waiting for /healthz, a clean stop.

The server's output goes to a temporary file rather than a pipe nobody reads (a chatty server
would block once the pipe's buffer is full); it is shown when the server fails to start."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: IO[str] | None = None, seconds: float = 60) -> None:
    """Until ``url``/healthz answers; fails with the server's output if it exits or stays silent."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}: {_output(process, log)}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer at {url} within {seconds}s: {_output(process, log)}")


def _output(process: subprocess.Popen, log: IO[str] | None) -> str:
    if log is not None:
        log.seek(0)
        return log.read()[-4000:]
    return process.stdout.read() if process.stdout else ""


@contextmanager
def serving(args: list[str], env: dict[str, str], port: int, stop_seconds: float = 20) -> Iterator[str]:
    """``python ARGS...`` (a server listening on ``port``) from the project's root; its base URL while it runs."""
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, *args], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, process, log)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=stop_seconds)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
