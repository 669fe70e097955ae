"""compare()'s searches stay bounded as a comparison grows: counted operations, not seconds.

Quote grouping compares each span with a bounded number of wordings of a bounded number of
candidate groups (app.analysis.quote_groups), so 200 articles' quotes cost at most
spans × quote_candidate_groups × quote_group_wordings fuzzy comparisons, and twice the articles
about twice the comparisons. The discrepancy check reads the words around a value once,
however many passages it is compared with.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from app.analysis import quote_groups, values
from app.analysis.options import AnalysisOptions
from tests.analysis._quotes import quotes

SEEDS = sorted((Path(__file__).resolve().parent.parent / "data" / "seeds").glob("*.txt"))
OPTS = AnalysisOptions()


def _base():
    return [q for n, path in enumerate(SEEDS) for q in quotes(path.read_text(encoding="utf-8"), aid=f"s{n}")]


def _spans(articles: int):
    """The seeds' real quotes spread over ``articles`` articles, some with their first words cut (wire copy)."""
    base = _base()
    rng = random.Random(7)
    spans = []
    for a in range(articles):
        for q in rng.sample(base, min(len(base), 12)):
            ws = q.text.split()
            cut = rng.randint(0, max(0, len(ws) // 4))
            spans.append(replace(q, article=f"a{a}", text=" ".join(ws[cut:] if rng.random() < 0.5 else ws)))
    return spans


def _fuzzy_calls(monkeypatch, spans) -> int:
    calls = 0
    real = quote_groups._fuzzy

    def counted(a: str, b: str, fewest: int) -> float:
        nonlocal calls
        calls += 1
        return real(a, b, fewest)

    monkeypatch.setattr(quote_groups, "_fuzzy", counted)
    quote_groups.group_quotes(spans, OPTS)
    monkeypatch.setattr(quote_groups, "_fuzzy", real)
    return calls


def test_quote_grouping_of_200_articles_makes_a_bounded_number_of_comparisons(monkeypatch):
    hundred, two_hundred = _spans(100), _spans(200)
    few, many = _fuzzy_calls(monkeypatch, hundred), _fuzzy_calls(monkeypatch, two_hundred)
    assert many <= len(two_hundred) * OPTS.quote_candidate_groups * OPTS.quote_group_wordings
    assert many <= 2.5 * few  # linear in the spans, not their square
    groups = quote_groups.group_quotes(two_hundred, OPTS)
    # the same statements found again across the 200 articles: no more groups than the seeds' own quotes
    assert len(groups) <= len(quote_groups.group_quotes(_base(), OPTS)) + 2  # a cut fragment may stand alone


def test_the_words_around_a_value_are_read_once(monkeypatch):
    text = "The storm killed 12 people in the coastal town of Riverton on Monday, officials said."
    value = next(v for v in values.extract(text, "en") if v.kind == "number")
    values._context_words.cache_clear()
    reads = 0
    real = values._tokens

    def counted(t: str):
        nonlocal reads
        reads += 1
        return real(t)

    monkeypatch.setattr(values, "_tokens", counted)
    first = values.context(text, value)
    assert all(values.context(text, value) == first for _ in range(50))
    assert reads == 1 and "peopl" in first
