"""Load test: a bounded mix of reads and uploads against real `parallax serve` processes.

For each database (SQLite, and PostgreSQL when a server URL is given) and each worker count,
it starts `parallax serve --workers N` on a free port with a new temporary database (the
demo story and its comparison loaded), sends --requests requests from --concurrency
keep-alive clients (asyncio + httpx) — home page, a story page, the stored comparison, its
JSON export and article uploads through the API — and prints requests per second and
p50/p95/p99 latency. Servers and temporary databases are removed afterwards.

Usage: .venv/bin/python bench/load.py [--requests 1000] [--concurrency 16] [--workers 1 2]
           [--postgres-url postgresql+psycopg://postgres@127.0.0.1:5432/test]
(The PostgreSQL URL defaults to $PARALLAX_TEST_POSTGRES_URL; the client shares the machine
with the servers, so figures are lower bounds of what the server alone would do.)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from app.db import scratch_database

ROOT = Path(__file__).resolve().parent.parent
# (kind, share of requests): mostly reading, as a shared link gets, with a steady trickle of uploads.
MIX = [("home", 4), ("story", 3), ("comparison", 4), ("json", 3), ("upload", 2)]
WARMUP = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def temporary_database(backend: str, postgres_url: str | None):
    """A new empty database URL: a file in a temp folder, or a database made on the server."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="parallax-load-") as folder:
            yield f"sqlite:///{Path(folder) / 'parallax.db'}"
        return
    with scratch_database(postgres_url, "parallax_load") as url:
        yield url


@contextlib.contextmanager
def server(database_url: str, workers: int):
    """`parallax serve` in its own process group, stopped (with its workers) on exit."""
    port = free_port()
    env = {**os.environ, "PARALLAX_DATABASE_URL": database_url, "PARALLAX_DEMO": "1", "PARALLAX_UPLOAD_TOKEN": ""}
    command = [
        sys.executable,
        "-m",
        "app",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_healthy(base: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited: {process.stderr.read().decode(errors='replace')[-2000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        time.sleep(0.3)
    raise SystemExit("server did not become healthy")


def discover(base: str) -> dict[str, str]:
    """Paths of a story page and the stored comparison the demo load made."""
    home = httpx.get(f"{base}/", timeout=30).text
    story = re.search(r'href="[^"]*(/stories/\d+)"', home)
    slug = re.search(r'href="[^"]*/c/([A-Za-z0-9_-]+)"', home)
    if not story or not slug:
        raise SystemExit("the demo story or its comparison is missing from the home page")
    return {
        "home": "/",
        "story": story.group(1),
        "comparison": f"/c/{slug.group(1)}",
        "json": f"/c/{slug.group(1)}.json",
    }


def upload_body(n: int) -> dict:
    token = secrets.token_hex(4)
    return {
        "outlet": f"Load Outlet {n % 7}",
        "title": f"Load test report {n} {token}",
        "text": f"Report {n} ({token}): the river authority said water levels fell by {n % 40} centimetres "
        f'overnight. "We are watching the dams closely," a spokesperson said on Tuesday.',
    }


async def one_request(client: httpx.AsyncClient, kind: str, paths: dict, n: int) -> tuple[str, float, bool]:
    started = time.perf_counter()
    if kind == "upload":
        response = await client.post("/api/articles", json=upload_body(n))
        ok = response.status_code == 201
    else:
        response = await client.get(paths[kind])
        ok = response.status_code == 200
    return kind, time.perf_counter() - started, ok


async def drive(base: str, paths: dict, total: int, concurrency: int) -> tuple[list, float]:
    kinds = [kind for kind, share in MIX for _ in range(share)]
    counter = iter(range(WARMUP, WARMUP + total))  # shared by the clients: the run is bounded
    results: list[tuple[str, float, bool]] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        for n in range(WARMUP):  # first views fill caches; not counted
            await one_request(client, kinds[n % len(kinds)], paths, n)

        async def worker():
            for n in counter:
                results.append(await one_request(client, kinds[n % len(kinds)], paths, n))

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return results, elapsed


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def report(label: str, results: list, elapsed: float) -> str:
    latencies = [r[1] * 1000 for r in results]
    errors = sum(1 for r in results if not r[2])
    per_kind = "  ".join(
        f"{kind} {statistics.median([r[1] * 1000 for r in results if r[0] == kind]):.0f}"
        for kind, _ in MIX
        if any(r[0] == kind for r in results)
    )
    return (
        f"{label:<22} {len(results):>6} {errors:>4} {len(results) / elapsed:>8.1f} "
        f"{percentile(latencies, 50):>7.1f} {percentile(latencies, 95):>7.1f} {percentile(latencies, 99):>7.1f}"
        f"   p50 by kind (ms): {per_kind}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--postgres-url", default=os.environ.get("PARALLAX_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    backends = ["sqlite"] + (["postgres"] if args.postgres_url else [])
    print(
        f"{args.requests} requests per run, {args.concurrency} concurrent clients, mix "
        + ", ".join(f"{kind} {share}" for kind, share in MIX)
        + f"; {os.cpu_count()} CPUs"
    )
    print(f"{'database / workers':<22} {'reqs':>6} {'errs':>4} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for backend in backends:
        for workers in args.workers:
            with temporary_database(backend, args.postgres_url) as url, server(url, workers) as base:
                paths = discover(base)
                results, elapsed = asyncio.run(drive(base, paths, args.requests, args.concurrency))
                print(report(f"{backend} / {workers}", results, elapsed), flush=True)


if __name__ == "__main__":
    main()
