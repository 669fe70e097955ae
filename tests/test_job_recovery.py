"""Real `parallax serve` processes: the analysis runs in a child within its budget while the server
keeps answering, a worker killed mid-job leaves a comparison that is finished after a restart,
and a killed supervisor leaves no worker serving its port."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from tests.heavy_articles import heavy_articles
from tests.servers import free_port

pytestmark = pytest.mark.slow  # real servers, analyses of several seconds

ROOT = Path(__file__).resolve().parent.parent


class Server:
    """`python -m app serve` on a free port with the given PARALLAX_ settings."""

    def __init__(self, database_url: str, workers: int = 1, **settings: object):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PARALLAX_DATABASE_URL": database_url, "PARALLAX_DEMO": "0"}
        env.update({f"PARALLAX_{k.upper()}": str(v) for k, v in settings.items()})
        command = [sys.executable, "-m", "app", "serve", "--port", str(self.port), "--workers", str(workers)]
        # The log goes to a file: a pipe nobody reads fills up and then blocks the server's logging.
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed by stop()
        self.process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.tail()
            try:
                if httpx.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        raise AssertionError("the server did not start within 90 s")

    def tail(self) -> str:
        self.log.seek(0)
        return self.log.read()[-3000:]

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (from /proc), e.g. a server's workers, forkserver and analysis children."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _add_heavy(client: httpx.Client, count: int, size: int) -> list[int]:
    ids = []
    for n, text in enumerate(heavy_articles(count, size)):
        response = client.post("/api/articles", json={"text": text, "outlet": f"Outlet {n}", "language": "en"})
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids


def _status(client: httpx.Client, slug: str) -> dict:
    return client.get(f"/api/comparisons/{slug}", timeout=30).json()["comparison"]


def _wait_status(client: httpx.Client, slug: str, wanted: set[str], seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        comparison = _status(client, slug)
        if comparison["status"] in wanted:
            return comparison
        time.sleep(0.3)
    raise AssertionError(f"{slug} is still {comparison['status']} after {seconds} s")


@pytest.mark.sqlite_only
def test_an_analysis_over_its_time_budget_fails_while_the_server_keeps_answering(settings):
    server = Server(settings.database_url, analysis_timeout_seconds=1, analysis_wait_seconds=0)
    try:
        with httpx.Client(base_url=server.base, timeout=30) as client:
            ids = _add_heavy(client, 6, 6000)  # several seconds of analysis on this machine, idle or not
            created = client.post("/api/comparisons", json={"article_ids": ids})
            assert created.status_code == 201 and created.json()["status"] in {"pending", "running"}
            slug = created.json()["slug"]
            answered = 0
            while _status(client, slug)["status"] in {"pending", "running"}:
                # The analysis runs in another process: the event loop answers at once.
                assert httpx.get(server.base + "/healthz", timeout=0.1).status_code == 200
                answered += 1
                time.sleep(0.05)
            comparison = _status(client, slug)
            assert answered > 5
            assert comparison["status"] == "failed"
            assert "took longer than 1 s" in comparison["error"]
            page = client.get(f"/c/{slug}")
            assert "took longer than 1 s" in page.text and 'http-equiv="refresh"' not in page.text
    finally:
        server.stop()


@pytest.mark.sqlite_only
def test_an_analysis_over_its_memory_budget_fails_with_the_reason(settings):
    server = Server(settings.database_url, analysis_memory_mb=16, analysis_wait_seconds=0)
    try:
        with httpx.Client(base_url=server.base, timeout=30) as client:
            ids = _add_heavy(client, 6, 12_000)
            slug = client.post("/api/comparisons", json={"article_ids": ids}).json()["slug"]
            comparison = _wait_status(client, slug, {"ready", "failed"}, seconds=240)
            assert comparison["status"] == "failed"
            assert "needed more than 16 MB" in comparison["error"]
            assert httpx.get(server.base + "/healthz", timeout=0.1).status_code == 200
    finally:
        server.stop()


def test_a_worker_killed_mid_job_leaves_a_comparison_that_is_ready_after_a_restart(settings):
    lease = {"job_lease_seconds": 2, "analysis_wait_seconds": 0}
    server = Server(settings.database_url, **lease)
    try:
        with httpx.Client(base_url=server.base, timeout=30) as client:
            ids = _add_heavy(client, 4, 6000)
            slug = client.post("/api/comparisons", json={"article_ids": ids}).json()["slug"]
            _wait_status(client, slug, {"running"}, seconds=60)
            deadline = time.monotonic() + 30
            while len(below := _descendants(server.process.pid)) < 3 and time.monotonic() < deadline:
                time.sleep(0.1)  # the resource tracker, the forkserver and the analysis child
            assert len(below) >= 3, "no analysis process was started"
            server.kill()
            deadline = time.monotonic() + 5
            while _alive(below) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not _alive(below), "the analysis outlived the server"
    finally:
        server.stop()
    killed_at = time.monotonic()
    restarted = Server(settings.database_url, **lease)
    try:
        with httpx.Client(base_url=restarted.base, timeout=30) as client:
            comparison = _wait_status(client, slug, {"ready", "failed"}, seconds=120)
            recovered = time.monotonic() - killed_at
            assert comparison["status"] == "ready", comparison["error"]
            body = client.get(f"/c/{slug}.json").json()
            assert {a["id"] for a in body["articles"]} == {str(i) for i in ids} and body["claims"]
            print(f"recovered {recovered:.1f} s after the kill (restart included)")
        if settings.database_url.startswith("postgresql"):
            _no_job_left_doing(settings.database_url, restarted)
    finally:
        restarted.stop()


def _no_job_left_doing(database_url: str, server: Server) -> None:
    """procrastinate's row of the killed worker's job is retried (stalled worker), not "doing" for ever."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        deadline = time.monotonic() + 30
        while True:
            with engine.connect() as conn:
                doing = conn.execute(text("SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing'")).scalar()
            if doing == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert doing == 0
    finally:
        engine.dispose()


@pytest.mark.sqlite_only
def test_killing_the_supervisor_leaves_no_worker_serving_the_port(settings):
    server = Server(settings.database_url, workers=2)
    try:
        below = _descendants(server.process.pid)
        assert len(below) >= 2
        server.kill()
        deadline = time.monotonic() + 10
        serving = True
        while time.monotonic() < deadline:
            try:
                httpx.get(server.base + "/healthz", timeout=0.5)
            except httpx.TransportError:
                serving = False
                break
            time.sleep(0.2)
        assert not serving, "a worker still answers on the port after its supervisor was killed"
        while _alive(below) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(below), f"processes outlived the supervisor: {_alive(below)}"
    finally:
        server.stop()
