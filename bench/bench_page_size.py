"""The comparison page's weight and build time as articles grow.

Stores, in a temporary SQLite database, the demo's 5 articles, a 10-outlet comparison of the
same story (tests/outlet_fixtures.py) and a comparison of one 50,000-word article with two
seed articles, then prints for each page its HTML size (raw and gzipped), and the time to
compute the comparison and to render its page the first time (no render cache), with the
50,000-word figures as ratios to the 5-article page in the same run.
Usage: .venv/bin/python bench/bench_page_size.py
"""

from __future__ import annotations

import gzip
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def store(db_url: str) -> dict[str, tuple[str, float]]:
    """name -> (slug, seconds to compute)."""
    from sqlmodel import Session

    from app.db import make_engine
    from app.migrate import upgrade
    from app.models import ArticleCreate
    from app.services.comparisons import create_comparison
    from app.services.ingest import ingest
    from app.settings import Settings
    from tests.outlet_fixtures import long_article, ten_articles

    upgrade(db_url)
    settings = Settings(database_url=db_url, demo=False, _env_file=None)
    engine = make_engine(db_url)
    slugs = {}
    with Session(engine) as session:
        ids = [
            ingest(session, settings, ArticleCreate(text=a["text"], outlet=a["outlet"], title=a["title"])).id
            for a in ten_articles()
        ]
        long_id = ingest(session, settings, ArticleCreate(text=long_article(), outlet="Long Read Weekly")).id
        for name, chosen in (("5 articles", ids[:5]), ("10 articles", ids), ("50,000 words", [long_id, *ids[:2]])):
            started = time.perf_counter()
            slugs[name] = (create_comparison(session, settings, chosen).slug, time.perf_counter() - started)
    engine.dispose()
    return slugs


def main() -> None:
    from fastapi.testclient import TestClient

    from app.settings import Settings
    from app.web.main import create_app

    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{tmp}/bench.db"
        slugs = store(db_url)
        client = TestClient(create_app(Settings(database_url=db_url, demo=False, _env_file=None)))
        client.get(f"/c/{slugs['5 articles'][0]}?sort=coverage")  # warm: templates compiled, caches filled
        rendered = {}
        for name, (slug, compute_s) in slugs.items():
            started = time.perf_counter()
            response = client.get(f"/c/{slug}", headers={"accept-encoding": "identity"})
            render_s = time.perf_counter() - started
            assert response.status_code == 200, response.status_code
            body = response.content
            rendered[name] = (compute_s, render_s)
            print(
                f"{name:>13}: HTML {len(body) / 1000:7.0f} kB  gzipped {len(gzip.compress(body, 6)) / 1000:5.0f} kB"
                f"  compute {compute_s:6.2f} s  first render {render_s:5.2f} s"
            )
        base_compute, base_render = rendered["5 articles"]
        long_compute, long_render = rendered["50,000 words"]
        print(
            f"50,000-word page / 5-article page: compute x{long_compute / base_compute:.1f}, "
            f"first render x{long_render / base_render:.1f}, opening {long_compute + long_render:.1f} s in all"
        )


if __name__ == "__main__":
    main()
