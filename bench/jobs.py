"""Analysis budgets and job recovery, measured on real `parallax serve` processes.

1. ``budget``: eight similar 15 KB articles (tests/heavy_articles.py) compared by a server with
   two workers: how fast the creating request answers, how long the analysis takes and how it ends
   (under the default budgets, or the ones given as NAME=VALUE settings), and /healthz latency
   (a new connection each time) before and during the analysis.
2. ``recovery``: a server killed with SIGKILL mid-analysis and started again: when the comparison
   is taken up again (its attempt count rises) and when it is ready, counted from the kill.

Usage: .venv/bin/python bench/jobs.py budget|recovery [--database-url URL] [NAME=VALUE ...]
(default database: a new SQLite file; settings without the PARALLAX_ prefix, e.g.
analysis_timeout_seconds=10). The machine's other load shows in every figure.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.migrate import upgrade  # noqa: E402
from tests.test_job_recovery import Server, _add_heavy, _status, _wait_status  # noqa: E402


def healthz_ms(port: int) -> float:
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", "/healthz")
    response = conn.getresponse()
    response.read()
    conn.close()
    assert response.status == 200
    return (time.monotonic() - started) * 1000


def summary(values: list[float]) -> str:
    values = sorted(values)
    return f"n={len(values)} p50={statistics.median(values):.1f} ms max={values[-1]:.1f} ms"


def budget(database_url: str, settings: dict[str, str]) -> None:
    server = Server(database_url, workers=2, **settings)
    try:
        with httpx.Client(base_url=server.base, timeout=60) as client:
            ids = _add_heavy(client, 8, 15_000)
            idle = [healthz_ms(server.port) for _ in range(30) if time.sleep(0.1) is None]
            started = time.monotonic()
            created = client.post("/api/comparisons", json={"article_ids": ids})
            answered = time.monotonic() - started
            slug, during = created.json()["slug"], []
            while _status(client, slug)["status"] in {"pending", "running"}:
                during.append(healthz_ms(server.port))
                time.sleep(0.1)
            took, outcome = time.monotonic() - started, _status(client, slug)
        print(f"create: {created.status_code} {created.json()['status']!r} after {answered:.2f} s")
        print(f"outcome: {outcome['status']} {took:.1f} s after the request; error: {outcome['error']}")
        print(f"/healthz idle: {summary(idle)}; during the analysis: {summary(during)}")
    finally:
        server.stop()


def recovery(database_url: str, settings: dict[str, str]) -> None:
    settings = {"analysis_wait_seconds": "0", **settings}
    server = Server(database_url, **settings)
    with httpx.Client(base_url=server.base, timeout=60) as client:
        ids = _add_heavy(client, 4, 6000)
        slug = client.post("/api/comparisons", json={"article_ids": ids}).json()["slug"]
        _wait_status(client, slug, {"running"}, 60)
    time.sleep(1)
    server.kill()
    server.stop()
    killed = time.monotonic()
    restarted = Server(database_url, **settings)
    up, taken, engine = time.monotonic() - killed, None, create_engine(database_url)
    try:
        with httpx.Client(base_url=restarted.base, timeout=60) as client:
            while (state := _status(client, slug))["status"] != "ready":
                assert state["status"] != "failed", state
                with engine.connect() as conn:
                    attempts = conn.execute(text("SELECT attempts FROM comparison WHERE slug = :s"), {"s": slug})
                    if attempts.scalar() >= 2 and taken is None:
                        taken = time.monotonic() - killed
                time.sleep(0.2)
        ready = time.monotonic() - killed
        print(
            f"restarted {up:.1f} s after the kill; taken up again after {taken or 0:.1f} s; ready after {ready:.1f} s"
        )
    finally:
        engine.dispose()
        restarted.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("probe", choices=["budget", "recovery"])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("settings", nargs="*", help="NAME=VALUE server settings")
    args = parser.parse_args()
    settings = dict(item.split("=", 1) for item in args.settings)
    with tempfile.TemporaryDirectory() as folder:
        database_url = args.database_url or f"sqlite:///{folder}/parallax.db"
        upgrade(database_url)
        (budget if args.probe == "budget" else recovery)(database_url, settings)


if __name__ == "__main__":
    main()
