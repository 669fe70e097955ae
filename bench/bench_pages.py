"""Serve stored comparisons from a real uvicorn and print latency and throughput.

Builds a temporary SQLite database with 10 articles (the demo seeds and the test seeds,
plus variants when fewer), stores a 10-article and a 5-article comparison, starts
`uvicorn` on 127.0.0.1 with one worker, then:
  * times N sequential GETs of each page (p50/p95/p99 latency; first view included apart),
  * runs M requests from C concurrent keep-alive clients on the 5-article page (req/s).
Usage: .venv/bin/python bench/bench_pages.py [--requests 2000] [--clients 16]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def seed_texts() -> list[tuple[str, str]]:
    files = sorted((ROOT / "demo" / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "data" / "seeds").glob("*.txt"))
    texts = [(f"Outlet {i}", f.read_text(encoding="utf-8")) for i, f in enumerate(files)]
    seen, unique = set(), []
    for outlet, text in texts:
        if text not in seen:
            seen.add(text)
            unique.append((outlet, text))
    while len(unique) < 10:  # pad with altered copies (distinct content hashes)
        outlet, text = unique[len(unique) % 5]
        unique.append((f"Copy {len(unique)}", text + f"\n\nUpdated {len(unique)}."))
    return unique[:10]


def prepare(db_url: str) -> tuple[str, str]:
    from sqlmodel import Session

    from app.db import make_engine
    from app.migrate import upgrade
    from app.models import ArticleCreate
    from app.services.comparisons import create_comparison
    from app.services.ingest import ingest
    from app.settings import Settings

    upgrade(db_url)
    settings = Settings(database_url=db_url, demo=False, _env_file=None)
    engine = make_engine(db_url)
    with Session(engine) as session:
        ids = [ingest(session, settings, ArticleCreate(text=t, outlet=o)).id for o, t in seed_texts()]
        started = time.perf_counter()
        ten = create_comparison(session, settings, ids).slug
        print(f"compute 10 articles: {time.perf_counter() - started:.2f} s")
        five = create_comparison(session, settings, ids[:5]).slug
    engine.dispose()
    return ten, five


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(base: str, proc: subprocess.Popen) -> None:
    for _ in range(200):
        if proc.poll() is not None:
            raise SystemExit("uvicorn exited early")
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.05)
    raise SystemExit("uvicorn did not start")


def percentiles(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    pick = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]  # noqa: E731
    return (
        f"p50 {pick(0.5):.2f} ms  p95 {pick(0.95):.2f} ms  p99 {pick(0.99):.2f} ms  mean {statistics.mean(ms):.2f} ms"
    )


def sequential(base: str, path: str, count: int) -> None:
    with httpx.Client(base_url=base) as client:
        started = time.perf_counter()
        first = client.get(path)
        first_ms = (time.perf_counter() - started) * 1000
        assert first.status_code == 200, first.status_code
        times = []
        for _ in range(count):
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200
        etag = first.headers["etag"]
        not_modified = []
        for _ in range(min(count, 500)):
            started = time.perf_counter()
            assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
            not_modified.append(time.perf_counter() - started)
    print(f"{path}: {len(first.content) / 1024:.0f} KiB, first view {first_ms:.1f} ms")
    print(f"  200 x{count}: {percentiles(times)}")
    print(f"  304 x{len(not_modified)}: {percentiles(not_modified)}")


def concurrent(base: str, path: str, total: int, clients: int) -> None:
    per_client = total // clients
    errors: list[str] = []
    latencies: list[float] = []
    lock = threading.Lock()

    def worker():
        local = []
        with httpx.Client(base_url=base) as client:
            for _ in range(per_client):
                started = time.perf_counter()
                response = client.get(path)
                local.append(time.perf_counter() - started)
                if response.status_code != 200:
                    errors.append(str(response.status_code))
        with lock:
            latencies.extend(local)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    done = per_client * clients
    print(
        f"{path}: {done} requests, {clients} clients: {done / elapsed:.0f} req/s  {percentiles(latencies)}"
        f"  errors {len(errors)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{tmp}/bench.db"
        ten, five = prepare(db_url)
        port = free_port()
        env = {**os.environ, "PARALLAX_DATABASE_URL": db_url, "PARALLAX_DEMO": "0"}
        cmd = [
            sys.executable,
            "-m",
            "uvicorn",
            "app.web.main:app_factory",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--log-level",
            "warning",
            "--no-access-log",
        ]
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_up(base, proc)
            sequential(base, f"/c/{ten}", min(args.requests, 500))
            sequential(base, f"/c/{five}", min(args.requests, 500))
            sequential(base, f"/c/{five}.json", min(args.requests, 200))
            print(f"load average before the throughput runs: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
            concurrent(base, "/healthz", args.requests, args.clients)  # the stack's own ceiling, for scale
            concurrent(base, f"/c/{five}", args.requests, args.clients)
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
