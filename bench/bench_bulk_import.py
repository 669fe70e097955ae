"""Time a bulk import of 50 URLs against a local page server, and print the figures.

A temporary SQLite database per run; the pages come from tests/fetch_server.py on 127.0.0.1
(reached as "localhost", allowed like an intranet host). Three ways of storing the same 50
articles, each on a fresh database:
  * baseline: the 50 pages' HTML handed to ingest directly (no fetching), one after another;
  * the import job with one URL at a time, and with its default concurrency;
each with the server answering at once and 100 ms late (a site further away). Prints seconds,
URLs per second and the ratio to the baseline of the same run.
Usage: .venv/bin/python bench/bench_bulk_import.py [--urls 50] [--delay 0.1]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import Session  # noqa: E402

from app.db import make_engine  # noqa: E402
from app.migrate import upgrade  # noqa: E402
from app.models import ArticleCreate  # noqa: E402
from app.services.imports import CONCURRENCY, create_import, progress, run_import  # noqa: E402
from app.services.ingest import ingest  # noqa: E402
from app.settings import Settings  # noqa: E402
from tests.fetch_server import article_html, serve  # noqa: E402


def fresh_settings(folder: Path, name: str) -> Settings:
    url = f"sqlite:///{folder / name}.db"
    upgrade(url)
    return Settings(database_url=url, demo=False, fetch_allow_hosts=["localhost"], _env_file=None)


def baseline(folder: Path, count: int) -> float:
    settings = fresh_settings(folder, "baseline")
    engine = make_engine(settings.database_url)
    pages = [article_html(f"page-{i}") for i in range(count)]
    start = time.perf_counter()
    for i, html in enumerate(pages):
        with Session(engine) as session:
            ingest(session, settings, ArticleCreate(text=html, url=f"http://localhost/article/page-{i}"))
    took = time.perf_counter() - start
    engine.dispose()
    return took


def bulk(folder: Path, base: str, count: int, concurrency: int, delay: float) -> tuple[float, dict]:
    settings = fresh_settings(folder, f"bulk_{concurrency}_{delay}")
    engine = make_engine(settings.database_url)
    urls = [f"{base}/article/page-{i}?delay={delay}" for i in range(count)]
    with Session(engine) as session:
        job_id = create_import(session, urls).id
    start = time.perf_counter()
    run_import(engine, settings, job_id, concurrency=concurrency)
    took = time.perf_counter() - start
    with Session(engine) as session:
        from app.models import ImportJob

        counts = progress(session, session.get(ImportJob, job_id)).counts
    engine.dispose()
    return took, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=50)
    parser.add_argument("--delay", type=float, default=0.1, help="seconds the slow server waits before answering")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, serve() as server:
        folder, base = Path(tmp), server.replace("127.0.0.1", "localhost")
        reference = baseline(folder, args.urls)
        print(f"{args.urls} articles, SQLite; the server on this machine")
        print(f"{'run':44} {'seconds':>8} {'URLs/s':>8} {'× baseline':>11}")
        print(f"{'baseline: ingest the HTML, no fetch':44} {reference:8.2f} {args.urls / reference:8.1f} {1:11.2f}")
        for delay in (0.0, args.delay):
            for concurrency in (1, CONCURRENCY):
                took, counts = bulk(folder, base, args.urls, concurrency, delay)
                label = f"import job, {concurrency} at a time, server +{delay * 1000:.0f} ms"
                print(f"{label:44} {took:8.2f} {args.urls / took:8.1f} {took / reference:11.2f}")
                if counts["added"] != args.urls:
                    print(f"  (not all added: {counts})")


if __name__ == "__main__":
    main()
