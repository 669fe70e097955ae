"""API uploads per second with concurrent clients, beside a baseline revision in the same run.

    .venv/bin/python bench/bench_upload.py [--articles 300] [--clients 8] [--baseline main]

Each revision serves a fresh SQLite file with one uvicorn worker (its own tree, `python -m uvicorn`),
and ``--clients`` keep-alive clients post the articles of bench/bench_import_files.py's generator
(real-like reports, ten per story) through POST /api/articles. Prints articles per second and the
p50/p99 latency of an upload. The baseline revision is checked out into a temporary git worktree.
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
from baseline import baseline_tree  # bench/, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_import_files import write_files  # noqa: E402


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(tree: Path, texts: list[str], clients: int, database: Path) -> tuple[float, float, float]:
    subprocess.run(
        [sys.executable, "-m", "app", "migrate"],
        cwd=tree,
        env={**os.environ, "PARALLAX_DATABASE_URL": f"sqlite:///{database}", "PYTHONPATH": str(tree)},
        check=True,
        capture_output=True,
    )
    port = _port()
    env = {
        **os.environ,
        "PARALLAX_DATABASE_URL": f"sqlite:///{database}",
        "PARALLAX_DEMO": "0",
        "PYTHONPATH": str(tree),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "app.web.main:app_factory", "--factory", "--port", str(port)],
        cwd=tree,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        with httpx.Client(base_url=base, timeout=120) as warm:  # first upload loads the language model
            warm.post("/api/articles", json={"text": "Warm-up report on the council vote.", "outlet": "Warm"})
        latencies: list[float] = []
        todo = list(enumerate(texts))
        lock = threading.Lock()

        def client() -> None:
            with httpx.Client(base_url=base, timeout=120) as http:
                while True:
                    with lock:
                        if not todo:
                            return
                        n, body = todo.pop(0)
                    t0 = time.perf_counter()
                    response = http.post("/api/articles", json={"text": body, "outlet": f"Outlet {n % 7}"})
                    assert response.status_code == 201, response.text
                    latencies.append(time.perf_counter() - t0)

        start = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies.sort()
    return len(texts) / took, statistics.median(latencies), latencies[int(0.99 * (len(latencies) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--baseline", default="main", help="git revision to compare with ('' for none)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "files"
        folder.mkdir()
        write_files(folder, args.articles, 10)
        texts = [p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())]
        trees = {"this tree": ROOT}
        with baseline_tree(args.baseline, Path(tmp)) as base_tree:
            if base_tree is not None:
                trees[args.baseline] = base_tree
            print(f"{'revision':>12} {'articles':>8} {'clients':>7} {'articles/s':>10} {'p50 s':>7} {'p99 s':>7}")
            rates = {}
            for name, tree in trees.items():
                rate, p50, p99 = run(tree, texts, args.clients, Path(tmp) / f"{len(rates)}.db")
                rates[name] = rate
                print(f"{name:>12} {len(texts):8d} {args.clients:7d} {rate:10.1f} {p50:7.3f} {p99:7.3f}", flush=True)
            if args.baseline:
                print(f"ratio (this tree / {args.baseline}): {rates['this tree'] / rates[args.baseline]:.2f}")


if __name__ == "__main__":
    main()
