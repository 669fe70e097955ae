"""Search on PostgreSQL: a freshly filled archive, then the same after ANALYZE.

Fills a scratch PostgreSQL database with --articles articles through the ingest service (as
bench/archive.py does: bench/corpus.py's synthetic stories, each article's story given), then
for a few queries times app.services.search.search_articles (median of --repeat calls) and runs
EXPLAIN ANALYZE on each statement it sends, reporting the execution time and whether a GIN
index or a sequential scan read the article table. Twice: straight after the fill (no planner
statistics, as after a bulk fill with autovacuum off or not yet run) and after ``ANALYZE``.
"then" is the median of the repeated calls: psycopg prepares a statement it has run 5 times,
and PostgreSQL may then use a generic plan (made without the query's words), so it can differ
from the first call's plan, which is the one EXPLAIN shows.

Usage: .venv/bin/python bench/bench_search.py [--postgres-url URL] [--articles 2000] [--repeat 5]
(the URL defaults to PARALLAX_TEST_POSTGRES_URL; the scratch database is dropped at the end).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import Corpus, story_sizes  # noqa: E402

# A word of every article's lead, a topic of many titles, and a pair that few articles share.
QUERIES = ["percent expected", "ceasefire", "minister flooding"]


def fill(url: str, size: int) -> None:
    from sqlmodel import Session

    from app.db import make_engine
    from app.migrate import upgrade
    from app.models import ArticleCreate
    from app.services.ingest import ingest
    from app.services.stories import create_story
    from app.settings import Settings

    upgrade(url)
    settings = Settings(database_url=url, demo=False, _env_file=None)
    engine = make_engine(url)
    corpus = Corpus()
    started = time.perf_counter()
    with Session(engine) as session:
        for key, count in enumerate(story_sizes(size, size // 10, random.Random(size))):
            plan = corpus.story(key)
            story = create_story(session, plan.title)
            for n in range(count):
                given = ArticleCreate(**corpus.article(plan, f"Outlet {(key * 7 + n) % 40:02d}"), story_id=story.id)
                ingest(session, settings, given)
    engine.dispose()
    print(f"filled {size:,} articles in {time.perf_counter() - started:.0f} s")


def measure(url: str, repeat: int) -> None:
    from sqlalchemy import event
    from sqlmodel import Session

    from app.db import make_engine
    from app.services.search import search_articles

    engine = make_engine(url)
    sent: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:
        sent.append((statement, parameters))

    with Session(engine) as session:
        for q in QUERIES:
            started = time.perf_counter()
            search_articles(session, q)  # the first call also warms the cache
            first = (time.perf_counter() - started) * 1000
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                page = search_articles(session, q)
                times.append((time.perf_counter() - started) * 1000)
            sent.clear()
            event.listen(engine, "before_cursor_execute", record)
            search_articles(session, q)
            event.remove(engine, "before_cursor_execute", record)
            plans = []
            for statement, parameters in sent:
                lines = [r[0] for r in session.connection().exec_driver_sql("EXPLAIN ANALYZE " + statement, parameters)]
                plan = "\n".join(lines)
                ms = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
                scan = "seq scan" if "Seq Scan on article" in plan else "index" if "ix_article_search" in plan else "?"
                plans.append(f"{ms:.2f} ms ({scan})")
            median = statistics.median(times)
            print(
                f"  {q!r}: {page.total} matches; search_articles first {first:.1f} ms, then {median:.1f} ms; "
                f"EXPLAIN ANALYZE count {plans[0]}, page {plans[1]}"
            )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres-url", default=os.environ.get("PARALLAX_TEST_POSTGRES_URL"))
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not args.postgres_url:
        parser.error("give --postgres-url or set PARALLAX_TEST_POSTGRES_URL")
    from sqlalchemy import create_engine, text

    from app.db import scratch_database

    with scratch_database(args.postgres_url, "parallax_search") as url:
        fill(url, args.articles)
        print("straight after the fill:")
        measure(url, args.repeat)
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("ANALYZE article"))
        engine.dispose()
        print("after ANALYZE article:")
        measure(url, args.repeat)


if __name__ == "__main__":
    main()
