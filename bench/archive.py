"""Archive benchmark: ingest, story assignment and page serving at 1,000 / 10,000 / 100,000 articles.

For each size, on a new database (a SQLite file, or a scratch PostgreSQL database):
  1. fill: the archive is built in-process through the ingest service (app.services.ingest.ingest_batch,
     the path `parallax import` uses: parsing, language, duplicate check, outlet, full-text index,
     100 articles a transaction) from
     bench/corpus.py's synthetic stories — one large story (a tenth of the archive, at most 3,000
     articles) and many of 2 to 12. The fill names each article's story (``story_id``): the
     generator knows it, and automatic matching is timed apart (steps 2-4) on new articles,
     against the full archive. One stored comparison of 5 articles of the large story is computed.
  2. story assignment per article: in-process ingest of new articles with and without a story
     given; the difference of the medians is the matching's cost.
  3. API uploads: --uploads new articles POSTed to /api/articles by 8 clients against a real
     `parallax serve` process (uvicorn, one worker): p50/p99 latency and articles/s.
  4. `parallax import`: --imports new .txt files imported by the real command (a process of its
     own); files/s over the whole run, and the marginal rate with the start-up (one file) taken off.
  5. pages, against the same server: home, a search, the large story's page, the stored comparison
     page and its JSON: the first view (rendered: nothing is cached after the uploads; "1st ms"), then
     each for --duration seconds from 16 keep-alive clients (wrk when installed,
     else an asyncio+httpx load generator), and a minimal FastAPI app serving a cached 65 KB page
     (bench/ceiling.py) with the same uvicorn settings in the same run: req/s, p50/p99, ratio.
  6. memory: the server's peak RSS (VmHWM) after every page above and the deepest pages of each
     list (last page of the large story, of the home page and of the search), 16 clients each.

Usage: .venv/bin/python bench/archive.py [--sizes 1000,10000] [--backend sqlite|postgres]
           [--postgres-url URL] [--uploads 200] [--imports 1000] [--duration 8]
The load generator shares the machine's cores with the server, so figures are lower bounds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import Corpus, story_sizes  # noqa: E402
from load import free_port, temporary_database, wait_healthy  # noqa: E402

CLIENTS_UPLOAD = 8
CLIENTS_PAGES = 16
FILL_BATCH = 100  # fill articles stored per transaction
OUTLETS = 40
SEARCH_WORDS = "ceasefire talks"


# ---- building the archive -------------------------------------------------------------------


def fill(url: str, size: int, corpus: Corpus) -> dict:
    """The archive of ``size`` articles, through the ingest service; returns what later steps use."""
    from sqlmodel import Session

    from app.db import make_engine, refresh_statistics
    from app.migrate import upgrade
    from app.models import Article, ArticleCreate, saved_key
    from app.services.comparisons import create_comparison
    from app.services.ingest import ingest_batch
    from app.services.stories import create_story
    from app.settings import Settings

    upgrade(url)
    settings = Settings(database_url=url, demo=False, _env_file=None)
    engine = make_engine(url)
    rng = random.Random(size)
    large = min(size // 10, 3000)
    sizes = story_sizes(size, large, rng)
    started = time.perf_counter()
    stored = 0
    large_ids: list[int] = []
    story_ids: list[int] = []  # by the generator's story key
    with Session(engine) as session:
        for key, count in enumerate(sizes):
            plan = corpus.story(key)
            story = create_story(session, plan.title)
            for first in range(0, count, FILL_BATCH):  # as `parallax import` stores: a batch a transaction
                given = [
                    (
                        ArticleCreate(
                            **corpus.article(plan, f"Outlet {(key * 7 + n) % OUTLETS:02d}"), story_id=story.id
                        ),
                        None,
                    )
                    for n in range(first, min(count, first + FILL_BATCH))
                ]
                for article in ingest_batch(session, settings, given):
                    if not isinstance(article, Article):
                        raise SystemExit(f"the generator made an article the ingest refused: {article}")
                    if key == 0:
                        large_ids.append(saved_key(article.id))
                    stored += 1
                    if stored % 5000 == 0:
                        rate = stored / (time.perf_counter() - started)
                        print(f"    filled {stored:,} articles ({rate:.0f}/s)", flush=True)
            story_ids.append(saved_key(story.id))
        refresh_statistics(engine)  # as `parallax import` does after its files
        fill_seconds = time.perf_counter() - started
        comparison_started = time.perf_counter()
        slug = create_comparison(session, settings, large_ids[:5]).slug
        comparison_seconds = time.perf_counter() - comparison_started
    engine.dispose()
    return {
        "stories": len(sizes),
        "large_story": story_ids[0],  # the generator's story 0 is the large one
        "story_ids": story_ids,
        "large_size": large,
        "slug": slug,
        "fill_per_s": stored / fill_seconds,
        "comparison_s": comparison_seconds,
    }


def assignment_cost(url: str, corpus: Corpus, story_ids: list[int], samples: int = 30) -> dict:
    """In-process ingest of new articles on stories the archive holds: the median time (s) without a
    story given, the matching's share of it, and how many joined the story they belong to."""
    from sqlmodel import Session

    from app.db import make_engine
    from app.models import ArticleCreate
    from app.services.ingest import ingest
    from app.services.stories import create_story
    from app.settings import Settings

    settings = Settings(database_url=url, demo=False, _env_file=None)
    engine = make_engine(url)
    matched, given, joined = [], [], 0
    with Session(engine) as session:
        for n in range(samples):
            key = 1 + n  # stories the archive holds
            plan = corpus.story(key)
            started = time.perf_counter()
            article = ingest(session, settings, ArticleCreate(**corpus.article(plan, "Sample Outlet")))
            matched.append(time.perf_counter() - started)
            joined += article.story_id == story_ids[key]
            story = create_story(session, plan.title)
            started = time.perf_counter()
            ingest(session, settings, ArticleCreate(**corpus.article(plan, "Sample Outlet"), story_id=story.id))
            given.append(time.perf_counter() - started)
    engine.dispose()
    ingest_s = statistics.median(matched)
    return {
        "ingest_s": ingest_s,
        "matching_s": ingest_s - statistics.median(given),
        "joined": joined,
        "samples": samples,
    }


# ---- servers --------------------------------------------------------------------------------


@contextlib.contextmanager
def serve(command: list[str], env: dict) -> Iterator[tuple[str, int]]:
    port = free_port()
    process = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process)
        yield base, process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def parallax_server(url: str):
    env = {**os.environ, "PARALLAX_DATABASE_URL": url, "PARALLAX_DEMO": "0", "PARALLAX_UPLOAD_TOKEN": ""}
    return serve([sys.executable, "-m", "app", "serve", "--workers", "1"], env)


def ceiling_server():
    # The same uvicorn defaults `parallax serve` uses (uvicorn.run with one worker).
    return serve([sys.executable, "-m", "uvicorn", "bench.ceiling:app", "--workers", "1"], dict(os.environ))


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(found.group(1)) / 1024 if found else float("nan")


# ---- load -----------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def uploads(base: str, corpus: Corpus, count: int, stories: int) -> dict:
    bodies = [corpus.article(corpus.story(1 + n % max(1, stories - 1)), f"Upload Outlet {n % 9}") for n in range(count)]

    async def run() -> tuple[list[float], int, float]:
        latencies: list[float] = []
        errors = 0
        queue = iter(bodies)
        async with httpx.AsyncClient(base_url=base, timeout=120) as client:

            async def worker() -> None:
                nonlocal errors
                for body in queue:
                    started = time.perf_counter()
                    response = await client.post("/api/articles", json=body)
                    latencies.append(time.perf_counter() - started)
                    errors += response.status_code != 201

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(CLIENTS_UPLOAD)))
            return latencies, errors, time.perf_counter() - started

    latencies, errors, elapsed = asyncio.run(run())
    return {
        "p50": percentile(latencies, 50) * 1000,
        "p99": percentile(latencies, 99) * 1000,
        "per_s": count / elapsed,
        "errors": errors,
    }


def imports(url: str, corpus: Corpus, count: int, stories: int) -> dict:
    """`parallax import` of ``count`` files, and of one file (the process's start-up)."""
    env = {**os.environ, "PARALLAX_DATABASE_URL": url, "PARALLAX_DEMO": "0"}
    timings = {}
    with tempfile.TemporaryDirectory(prefix="parallax-import-") as folder:
        for label, many in (("one", 1), ("all", count)):
            target = Path(folder) / label
            target.mkdir()
            for n in range(many):
                article = corpus.article(corpus.story(2 + n % max(1, stories - 2)), "Import Outlet")
                (target / f"{label}-{n:05d}.txt").write_text(article["title"] + "\n\n" + article["text"])
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "app", "import", str(target), "--outlet", "Import Outlet"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            timings[label] = time.perf_counter() - started
            if done.returncode != 0:
                raise SystemExit(f"parallax import failed: {done.stderr[-2000:]}")
    extra = timings["all"] - timings["one"]
    marginal = (count - 1) / extra if extra > 0.05 * timings["all"] else float("nan")  # nan: too few files to tell
    return {"per_s": count / timings["all"], "marginal_per_s": marginal, "startup_s": timings["one"]}


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def _wrk_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def hammer(base: str, path: str, seconds: float, clients: int = CLIENTS_PAGES) -> dict:
    """req/s, p50/p99 (ms) and errors of GET ``path`` from ``clients`` keep-alive clients."""
    if shutil.which("wrk"):
        done = subprocess.run(
            ["wrk", "-t2", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--latency", base + path],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", done)
        timeouts = re.search(r"timeout (\d+)", done)  # wrk gives up on a request after 2 s
        return {
            "per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", done).group(1)),  # type: ignore[union-attr]
            "p50": _wrk_ms(re.search(r"\s50%\s+(\S+)", done).group(1)),  # type: ignore[union-attr]
            "p99": _wrk_ms(re.search(r"\s99%\s+(\S+)", done).group(1)),  # type: ignore[union-attr]
            "errors": (int(errors.group(1)) if errors else 0) + (int(timeouts.group(1)) if timeouts else 0),
        }
    return asyncio.run(_hammer_httpx(base, path, seconds, clients))


async def _hammer_httpx(base: str, path: str, seconds: float, clients: int) -> dict:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                response = await client.get(path)
                latencies.append(time.perf_counter() - started)
                errors += response.status_code != 200

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return {
        "per_s": len(latencies) / elapsed,
        "p50": percentile(latencies, 50) * 1000,
        "p99": percentile(latencies, 99) * 1000,
        "errors": errors,
    }


def last_page_link(base: str, path: str, rel: str = "last") -> str:
    """The path of a list's last page, read off its own pager (the rel="last" link)."""
    html = httpx.get(base + path, timeout=60).text
    found = re.search(rf'<a[^>]*rel="{rel}"[^>]*href="([^"]+)"', html) or re.search(
        rf'<a[^>]*href="([^"]+)"[^>]*rel="{rel}"', html
    )
    if not found:
        return path
    href = found.group(1).replace("&amp;", "&")
    return href.removeprefix(base)


# ---- one size -------------------------------------------------------------------------------


def run_size(size: int, backend: str, postgres_url: str | None, args) -> None:
    """Build an archive of ``size`` articles and print its figures as each is measured."""
    corpus = Corpus(seed=size)
    lines: list[str] = []
    with temporary_database(backend, postgres_url) as url:
        started = time.perf_counter()
        built = fill(url, size, corpus)
        print(
            f"  built {size:,} articles in {built['stories']:,} stories ({time.perf_counter() - started:.0f} s, "
            f"{built['fill_per_s']:.0f} articles/s in-process with the story given; the large story has "
            f"{built['large_size']:,}; its 5-article comparison computed in {built['comparison_s']:.1f} s)",
            flush=True,
        )
        cost = assignment_cost(url, corpus, built["story_ids"])
        lines.append(
            f"  story assignment: {cost['matching_s'] * 1000:.1f} ms per article "
            f"(in-process ingest without a story {cost['ingest_s'] * 1000:.1f} ms, median of {cost['samples']}); "
            f"{cost['joined']} of {cost['samples']} joined the story they are about"
        )
        print(lines[-1], flush=True)
        with parallax_server(url) as (base, pid):
            up = uploads(base, corpus, args.uploads, built["stories"])
            lines.append(
                f"  API upload, {CLIENTS_UPLOAD} clients, {args.uploads} articles: p50 {up['p50']:.0f} ms, "
                f"p99 {up['p99']:.0f} ms, {up['per_s']:.1f} articles/s ({up['errors']} errors)"
            )
            print(lines[-1], flush=True)
            imp = imports(url, corpus, args.imports, built["stories"])
            lines.append(
                f"  parallax import, {args.imports} files: {imp['per_s']:.1f} files/s "
                f"({imp['marginal_per_s']:.1f} files/s without the {imp['startup_s']:.1f} s start-up)"
            )
            print(lines[-1], flush=True)
            story = f"/stories/{built['large_story']}"
            slug = built["slug"]
            q = "/search?q=" + SEARCH_WORDS.replace(" ", "+")
            pages = [
                ("home", "/"),
                ("search", q),
                (f"story ({built['large_size']} articles)", story),
                ("comparison", f"/c/{slug}"),
                ("comparison JSON", f"/c/{slug}.json"),
            ]
            sizes_kb, first_ms = {}, {}
            for _, path in pages:  # first views render (nothing cached since the uploads) and fill the caches
                started = time.perf_counter()
                sizes_kb[path] = len(httpx.get(base + path, timeout=120).content) / 1024
                first_ms[path] = (time.perf_counter() - started) * 1000
            measured = [(name, path, hammer(base, path, args.duration)) for name, path in pages]
            deep = [last_page_link(base, p) for p in (story, "/", q)]
            for path in deep:
                hammer(base, path, max(2.0, args.duration / 2))
            rss = peak_rss_mb(pid)
        with ceiling_server() as (ceiling_base, _):
            httpx.get(ceiling_base + "/", timeout=30)
            ceiling = hammer(ceiling_base, "/", args.duration)
    lines.append(
        f"  ceiling (minimal FastAPI app, cached 65 KB page): {ceiling['per_s']:.0f} req/s, "
        f"p50 {ceiling['p50']:.1f} ms, p99 {ceiling['p99']:.1f} ms"
    )
    lines.append(
        f"  {'page':<28} {'KB':>5} {'1st ms':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6} {'errors':>6}"
    )
    for name, path, figures in measured:
        lines.append(
            f"  {name:<28} {sizes_kb[path]:>5.0f} {first_ms[path]:>7.0f} {figures['per_s']:>8.0f} {figures['p50']:>8.1f} "
            f"{figures['p99']:>8.1f} {figures['per_s'] / ceiling['per_s']:>6.2f} {figures['errors']:>6}"
        )
    lines.append(f"  server peak RSS (VmHWM) after every page and the deepest pages ({', '.join(deep)}): {rss:.0f} MB")
    print("\n".join(lines[3:]), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated archive sizes")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default=os.environ.get("PARALLAX_TEST_POSTGRES_URL"))
    parser.add_argument("--uploads", type=int, default=200)
    parser.add_argument("--imports", type=int, default=1000, help="files in the `parallax import` run")
    parser.add_argument("--duration", type=float, default=8.0, help="seconds of load per page")
    args = parser.parse_args()
    if args.backend == "postgres" and not args.postgres_url:
        raise SystemExit("--backend postgres needs --postgres-url or PARALLAX_TEST_POSTGRES_URL")
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    tool = "wrk" if shutil.which("wrk") else "asyncio+httpx"
    print(f"archive benchmark on {args.backend}; load from {tool}; {os.cpu_count()} CPUs", flush=True)
    for size in sizes:
        print(f"{size:,} articles", flush=True)
        run_size(size, args.backend, args.postgres_url, args)


if __name__ == "__main__":
    main()
