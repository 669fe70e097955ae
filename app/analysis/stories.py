"""Which stored articles read like a new one: the similarity that groups articles into stories.

An article is its title and lead; its words (three letters or more, case folded) minus
function words and the generic words every news report uses ("week", "people", "new")
are weighted by sublinear TF-IDF and compared by cosine, as the claims are
(:mod:`app.analysis.similarity`, with scikit-learn's smoothed IDF). No background corpus
ships with the app: to find candidates the IDF comes from the articles stored, counted as
they are added; to score them, from the candidates themselves.

Each article's terms are computed once, when it is stored (:func:`story_terms`); the
database keeps them with the number of articles using each term, and the matcher reads
them back: the rarest, most telling words of a new article say which stored articles to
look at (:func:`lookup_terms`), and the best of those are scored (:func:`similarities`) with the
IDF of the candidates themselves, as when all articles were compared at once.

Measured on the bundled real stories (demo/, tests/data/farenthold) and tests/story_cases:
every same-event pair from different outlets scores >= 0.29, every different-event pair on
the same topic (other Ukraine events that week, another congressional resignation) <= 0.19,
whether the IDF comes from two documents or fourteen. The threshold sits in that gap.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from app.analysis.terms import STOPWORDS

JOIN_THRESHOLD = 0.24
LEAD_WORDS = 1500  # the event is told at the top; long tails add background, not identity
MAX_TERM = 64  # letters kept of a word: a longer one is as well named by its first 64
# Looking up a new article's candidates: its most telling terms, each read at most so many times.
LOOKUP_TERMS = 32
# A term used by more than half of a large archive ("said") names no event; left out of the look-up
# (never of the score) unless too few rarer ones remain.
COMMON_SHARE = 0.5
COMMON_FLOOR = 200  # below this many articles every term is telling enough to look up
MIN_LOOKUP_TERMS = 8

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# Words any report uses whatever its event: dates, counts and "people" say nothing about which one.
_GENERIC_NEWS_WORDS = frozenset("new one two three last first year years week day days time people".split())
_IGNORED = STOPWORDS | _GENERIC_NEWS_WORDS

Terms = list[tuple[str, float]]  # (term, sublinear term frequency), each term once
Vector = dict[str, float]


def story_terms(title: str | None, text: str) -> Terms:
    """Each distinct word of title and lead with its sublinear term frequency, 1 + log(count)."""
    lead = (title or "") + "\n" + " ".join(text.split()[:LEAD_WORDS])
    counts = Counter(w[:MAX_TERM] for w in (m.casefold() for m in _WORD.findall(lead)) if w not in _IGNORED)
    return [(word, 1.0 + math.log(count)) for word, count in counts.items()]


def tf_norm(terms: Terms) -> float:
    """Length of the term-frequency vector: stored once, it ranks candidates before the exact score."""
    return math.sqrt(sum(w * w for _, w in terms)) or 1.0


def idf(articles_with_term: int, articles: int) -> float:
    """Smoothed IDF, log((n + 1) / (df + 1)) + 1: scikit-learn's, and similarity.weighted_term_matrix's."""
    return math.log((articles + 1.0) / (articles_with_term + 1.0)) + 1.0


def vector(
    terms: Iterable[tuple[str, float]], df: Mapping[str, int], articles: int, idfs: dict[str, float] | None = None
) -> Vector:
    """L2-normalised TF-IDF of an article's terms; a term missing from ``df`` counts as used by one article.

    ``idfs``: the IDF of terms seen before with the same ``df``, filled as it goes (many vectors, one df)."""
    idfs = {} if idfs is None else idfs
    weighted = {}
    for t, w in terms:
        weight = idfs.get(t)
        if weight is None:
            weight = idfs[t] = idf(df.get(t, 1), articles)
        weighted[t] = w * weight
    norm = math.sqrt(sum(v * v for v in weighted.values())) or 1.0
    return {t: v / norm for t, v in weighted.items()}


def cosine(a: Vector, b: Vector) -> float:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(v * large.get(t, 0.0) for t, v in small.items())


def similarities(article: Terms, candidates: Sequence[Terms]) -> list[float]:
    """Cosine of ``article`` to each candidate, the IDF taken from these documents alone.

    The candidates are the few best articles of the stories the index found, a handful per story:
    a story of thousands of articles weighs its words no more than a story of five, so its own
    words stay telling of it."""
    if not candidates:
        return []
    documents = [article, *candidates]
    df = Counter(t for terms in documents for t, _ in terms)
    idfs: dict[str, float] = {}
    query = vector(article, df, len(documents), idfs)
    return [cosine(query, vector(c, df, len(documents), idfs)) for c in candidates]


def lookup_terms(query: Vector, df: Mapping[str, int], articles: int) -> list[str]:
    """The terms whose stored postings are read to find candidates: the query's heaviest ones.

    The heaviest TF-IDF terms are the rare words the article repeats: the names and places of
    its event. Terms most of a large archive uses are skipped while enough others remain,
    and a term only the article itself uses has nothing to find."""
    ranked = [t for t in sorted(query, key=lambda t: (-query[t], t)) if df.get(t, 1) > 1]
    if articles >= COMMON_FLOOR:
        rare = [t for t in ranked if df.get(t, 1) <= COMMON_SHARE * articles]
        if len(rare) >= MIN_LOOKUP_TERMS:
            ranked = rare
    return ranked[:LOOKUP_TERMS]


def story_similarities(article: tuple[str | None, str], candidates: Sequence[tuple[str | None, str]]) -> list[float]:
    """Cosine similarity of ``article`` to each candidate, each a (title, text) pair, the IDF from these alone."""
    return similarities(story_terms(*article), [story_terms(*c) for c in candidates])
