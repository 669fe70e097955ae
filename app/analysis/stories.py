"""Which earlier articles read like a new one: the similarity that groups articles into stories.

An article is its title and lead; its words (three letters or more, case folded) minus
function words and the generic words every news report uses ("week", "people", "new")
are weighted by sublinear TF-IDF, with the IDF taken from the candidates themselves (no
background corpus ships with the app), and compared by cosine. The vectors come from
:mod:`app.analysis.similarity`, the same TF-IDF the claims use, with sklearn's smoothed IDF.

Measured on the bundled real stories (demo/, tests/data/farenthold) and tests/story_cases:
every same-event pair from different outlets scores >= 0.29, every different-event pair on
the same topic (other Ukraine events that week, another congressional resignation) <= 0.19,
whether the IDF comes from two documents or fourteen. The threshold sits in that gap.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from app.analysis import similarity
from app.analysis.terms import STOPWORDS

JOIN_THRESHOLD = 0.24
LEAD_WORDS = 1500  # the event is told at the top; long tails add background, not identity

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# Words any report uses whatever its event: dates, counts and "people" say nothing about which one.
_GENERIC_NEWS_WORDS = frozenset("new one two three last first year years week day days time people".split())
_IGNORED = STOPWORDS | _GENERIC_NEWS_WORDS

Document = tuple[str | None, str]  # (title, text)


def story_similarities(article: Document, candidates: Sequence[Document]) -> list[float]:
    """Cosine similarity of ``article`` to each candidate, each a (title, text) pair."""
    if not candidates:
        return []
    documents = [_terms(article), *(_terms(c) for c in candidates)]
    matrix, _, _ = similarity.weighted_term_matrix(documents, range(len(documents)), prior_documents=1.0)
    return [float(x) for x in (matrix[1:] @ matrix[0].T).toarray().ravel()]


def _terms(document: Document) -> list[tuple[str, float]]:
    """Each distinct word of title and lead with its sublinear term frequency, 1 + log(count)."""
    title, text = document
    lead = (title or "") + "\n" + " ".join(text.split()[:LEAD_WORDS])
    counts = Counter(w for w in (m.casefold() for m in _WORD.findall(lead)) if w not in _IGNORED)
    return [(word, 1.0 + math.log(count)) for word, count in counts.items()]
