"""What hostile bodies cost before they are refused: POST /api/comparisons with 60,000 ids and with
as many as the body limit lets through (about 700,000), against a 2-id request in the same run.

Through the real app (TestClient) on a temporary SQLite file, and on PostgreSQL too when
PARALLAX_TEST_POSTGRES_URL names a server (a scratch database, dropped after).
Usage: [PARALLAX_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test] .venv/bin/python bench/bench_big_bodies.py
"""

from __future__ import annotations

import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(client, body: bytes, runs: int = 3) -> tuple[float, int]:
    times, status = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        status = client.post("/api/comparisons", content=body, headers={"content-type": "application/json"}).status_code
        times.append(time.perf_counter() - start)
    return statistics.median(times), status


def run(url: str, name: str) -> None:
    from fastapi.testclient import TestClient

    from app.migrate import upgrade
    from app.settings import Settings
    from app.web.main import create_app

    upgrade(url)
    app = create_app(Settings(database_url=url, demo=False, _env_file=None))
    bodies = {
        "2 ids (baseline)": b'{"article_ids": [1, 2]}',
        "60,000 ids": ('{"article_ids": [' + ",".join(map(str, range(1, 60_001))) + "]}").encode(),
        "700,000 ids (body limit)": b'{"article_ids": [' + b"1," * 699_999 + b"1]}",
        "ids 3000000000": b'{"article_ids": [3000000000, 1]}',
    }
    with TestClient(app) as client:
        baseline = None
        for label, body in bodies.items():
            seconds, status = timed(client, body)
            baseline = baseline or seconds
            print(
                f"{name:10} {label:26} {len(body):>9,} B  {status}  {seconds * 1000:8.1f} ms  x{seconds / baseline:6.1f}"
            )
    app.state.engine.dispose()


def main() -> None:
    from app.db import scratch_database

    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{Path(tmp) / 'bench.db'}", "sqlite")
    server = os.environ.get("PARALLAX_TEST_POSTGRES_URL")
    if server:
        with contextlib.ExitStack() as stack:
            run(stack.enter_context(scratch_database(server, "parallax_bench_bodies")), "postgresql")


if __name__ == "__main__":
    main()
