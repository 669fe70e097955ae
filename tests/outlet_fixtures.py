"""Comparisons bigger than the demo, for the page tests and the page benchmark.

Ten outlets on the demo story: the five real seed articles, and five invented rewrites that
each run one seed's opening, then mix in paragraphs of another seed and drop some, as
outlets re-editing agency copy do. A 50,000-word article is paragraphs of the test stories
recombined (random.Random(7)), each copy numbered so no two paragraphs are identical.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo"
DATA = ROOT / "tests" / "data"
REWRITERS = ("Harbour Gazette", "Northern Ledger", "Valley Courier", "Civic Times", "Coastal Herald")


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def demo_articles() -> list[dict]:
    """The demo's five articles as {"outlet", "title", "text", "published"}."""
    manifest = json.loads((DEMO / "manifest.json").read_text(encoding="utf-8"))
    return [
        {
            "outlet": entry["outlet"],
            "title": entry.get("title"),
            "published": entry.get("published"),
            "text": (DEMO / entry["file"]).read_text(encoding="utf-8"),
        }
        for entry in manifest["articles"]
    ]


def ten_articles() -> list[dict]:
    seeds = demo_articles()
    out = list(seeds)
    for k, outlet in enumerate(REWRITERS):
        own, other = _paragraphs(seeds[k]["text"]), _paragraphs(seeds[(k + 2) % 5]["text"])
        rng = random.Random(k)
        body = own[:3] + [p for i, p in enumerate(other + own[3:]) if rng.random() < 0.6 or i % 4 == 0]
        out.append({"outlet": outlet, "title": None, "published": "2025-04-18", "text": "\n\n".join(body)})
    return out


def long_article(words: int = 50_000) -> str:
    files = sorted((DATA / "seeds").glob("*.txt")) + sorted((DATA / "farenthold").glob("*.txt"))
    pool = [p for f in files for p in _paragraphs(f.read_text(encoding="utf-8"))]
    rng = random.Random(7)
    body, count, n = [], 0, 0
    while count < words:
        n += 1
        paragraph = f"{rng.choice(pool)} (Update {n}.)"
        body.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(body)
