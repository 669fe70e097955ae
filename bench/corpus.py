"""Realistic synthetic articles for the archive benchmark, made from the project's own seed texts.

The paragraphs of demo/seeds and tests/data (the demo story and the Farenthold fixtures) are the
raw material: each story draws its own handful of them, renames their people and places with
made-up names of its own and shifts their numbers, and each of its articles recombines that
story's paragraphs in another order with its own lead. Deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "demo" / "seeds", ROOT / "tests" / "data" / "seeds", ROOT / "tests" / "data" / "farenthold"]
# Capitalised words not at a sentence start: the people, places and bodies a story is about.
_PROPER = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{3,}\b")
_NUMBER = re.compile(r"\b\d{1,4}\b")
_SYLLABLES = "ka ro vi len dor sa mi tur bel an es ol ia gor ven ush pra lo ni ter mak zel".split()
_ROLES = ["minister", "spokesperson", "governor", "mayor", "analyst", "official", "envoy", "director"]
_VERBS = ["warns", "says", "rejects", "backs", "questions", "confirms", "denies", "announces"]
_TOPICS = ["talks", "budget", "flooding", "strike", "election", "inquiry", "ceasefire", "tariffs", "outbreak"]


def source_paragraphs() -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")):
            for block in path.read_text(encoding="utf-8").split("\n\n"):
                paragraph = " ".join(block.split())
                if len(paragraph.split()) >= 8 and not paragraph.startswith("date ") and paragraph not in seen:
                    seen.add(paragraph)
                    out.append(paragraph)
    return out


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


@dataclass
class StoryPlan:
    key: int
    title: str
    day: datetime
    paragraphs: list[str]
    people: list[str]
    place: str


class Corpus:
    """Stories and their articles, drawn on demand (an article's text differs from every other's)."""

    def __init__(self, seed: int = 17):
        self.rng = random.Random(seed)
        self.pool = source_paragraphs()
        self.start = datetime(2023, 1, 1, tzinfo=UTC)
        self.serial = 0

    def story(self, key: int) -> StoryPlan:
        rng = random.Random(f"story-{key}")
        picked = rng.sample(self.pool, k=min(len(self.pool), rng.randint(6, 10)))
        renames: dict[str, str] = {}

        def rename(match: re.Match) -> str:
            return renames.setdefault(match.group(0), _name(rng))

        shift = rng.randint(2, 9)
        paragraphs = [
            _NUMBER.sub(lambda m: str(int(m.group(0)) * shift % 997 + 1), _PROPER.sub(rename, p)) for p in picked
        ]
        people = [f"{_name(rng)} {_name(rng)}" for _ in range(3)]
        place = _name(rng)
        title = f"{place} {rng.choice(_TOPICS)}: {people[0]} {rng.choice(_VERBS)} {rng.choice(_TOPICS)} plan"
        day = self.start + timedelta(days=rng.randint(0, 3 * 365), hours=rng.randint(0, 23))
        return StoryPlan(key, title, day, paragraphs, people, place)

    def article(self, plan: StoryPlan, outlet: str) -> dict:
        """One outlet's article on the story: its own lead, the story's paragraphs recombined."""
        self.serial += 1
        rng = random.Random(f"article-{plan.key}-{self.serial}")
        body = rng.sample(plan.paragraphs, k=max(3, len(plan.paragraphs) - rng.randint(0, 3)))
        person = rng.choice(plan.people)
        lead = (
            f"{person}, the {rng.choice(_ROLES)} in {plan.place}, said on day {self.serial % 28 + 1} that "
            f"{rng.randint(2, 900)} people were affected and {rng.randint(2, 60)} percent more were expected "
            f"(report {self.serial})."
        )
        published = plan.day + timedelta(hours=rng.randint(0, 60))
        return {
            "outlet": outlet,
            "title": f"{plan.title} ({rng.choice(_VERBS)} {person.split()[-1]})",
            "text": "\n\n".join([lead, *body]),
            "published": published.isoformat(),
        }


def story_sizes(total: int, large: int, rng: random.Random) -> list[int]:
    """How many articles each story gets: one large story, then many small ones (2 to 12)."""
    sizes = [large]
    left = total - large
    while left > 0:
        size = min(left, rng.choice([2, 2, 3, 3, 4, 5, 6, 8, 12]))
        sizes.append(size)
        left -= size
    return sizes
