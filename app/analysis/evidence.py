"""Alignment evidence that word overlap misses: passages quoting one statement.

Outlets paraphrase the framing around a quotation freely, but quote grouping (rapidfuzz on
the quoted words, speaker-checked) is accurate, so two outlets' sentences that quote the same
statement report the same claim ("X said Y") even when their other words differ.

Headlines and ledes get no evidence of their own (analysis 0.3): in multi-outlet clusters
they often report related but different events, so they are judged on what they state.
"""

from __future__ import annotations

import bisect

import numpy as np

from app.analysis.clauses import Unit
from app.analysis.normalize import words
from app.analysis.similarity import components
from app.analysis.types import Article, ClaimGroup, ClaimSpan, QuoteGroup, QuoteSpan, Sentence


def quote_pairs(
    units: list[Unit], quote_groups: list[QuoteGroup], articles: np.ndarray, min_words: int, window: int
) -> tuple[np.ndarray, np.ndarray]:
    """Cross-article pairs of whole sentences whose quotes render the same words of one statement."""
    whole = {(u.article, u.start): k for k, u in enumerate(units) if u.is_whole}
    starts: dict[str, list[int]] = {}
    for aid, start in sorted(whole):
        starts.setdefault(aid, []).append(start)
    pi, pj = [], []
    for q in quote_groups:
        for a, b in same_words(q.occurrences, min_words, window):
            ka, kb = _holder(whole, starts, a.article, a.start), _holder(whole, starts, b.article, b.start)
            if ka is not None and kb is not None and articles[ka] != articles[kb]:
                pi.append(min(ka, kb))
                pj.append(max(ka, kb))
    return np.array(pi, dtype=np.int64), np.array(pj, dtype=np.int64)


def same_words(occurrences: list[QuoteSpan], min_words: int, window: int) -> list[tuple[QuoteSpan, QuoteSpan]]:
    """Pairs of occurrences from different outlets quoting the same words, not just one statement.

    A group can hold different sentences of a long statement, so two occurrences must share half
    the words of the shorter one. Fragments count: a lede quoting two words of the key statement
    ("would 'move on'") reports that statement. Each occurrence is compared with the next
    `window` ones only: a statement repeated in every paragraph of many articles would otherwise
    cost the square of its repeats, and a chain of matches joins them all the same."""
    seen: dict[str, set[str]] = {}
    keyed = [(o, seen[o.text] if o.text in seen else seen.setdefault(o.text, set(words(o.text)))) for o in occurrences]
    keyed = [(o, w) for o, w in keyed if len(w) >= min_words]
    return [
        (a, b)
        for x, (a, wa) in enumerate(keyed)
        for b, wb in keyed[x + 1 : x + 1 + window]
        if a.article != b.article and len(wa & wb) >= 0.5 * min(len(wa), len(wb))
    ]


def _holder(whole: dict[tuple[str, int], int], starts: dict[str, list[int]], article: str, offset: int) -> int | None:
    """The whole-sentence unit in which a quote starts."""
    s = starts.get(article, [])
    k = bisect.bisect_right(s, offset) - 1
    return whole[(article, s[k])] if k >= 0 else None


def pair_member(i: np.ndarray, j: np.ndarray, pi: np.ndarray, pj: np.ndarray) -> np.ndarray:
    """Which (i, j) pairs (i < j) are among the (pi, pj) pairs."""
    if len(pi) == 0 or len(i) == 0:
        return np.zeros(len(i), dtype=bool)
    width = int(max(i.max(), j.max(), pi.max(), pj.max())) + 1
    lo, hi = np.minimum(pi, pj), np.maximum(pi, pj)
    return np.isin(i * width + j, lo * width + hi)


def quote_claims(
    docs: list[Article],
    sentences: dict[str, list[Sentence]],
    quote_groups: list[QuoteGroup],
    min_words: int,
    window: int,
) -> list[ClaimGroup]:
    """One claim per statement quoted alike by two or more outlets: the sentences carrying it."""
    text_of = {d.id: d.text for d in docs}
    starts = {aid: [s.start for s in sents] for aid, sents in sentences.items()}
    out = []
    for q in quote_groups:
        for part in _components(same_words(q.occurrences, min_words, window)):
            spans = {}
            for o in part:
                span = _enclosing(sentences.get(o.article, []), starts.get(o.article, []), o.start, o.end)
                if span is not None:
                    spans[(o.article, *span)] = ClaimSpan(o.article, *span, text_of[o.article][span[0] : span[1]])
            occ = sorted(spans.values(), key=lambda s: (s.article, s.start))
            if len({s.article for s in occ}) >= 2:
                shown = max(occ, key=lambda s: (len(s.text), s.article))
                out.append(ClaimGroup("", shown.text, occ, text_article=shown.article))
    return out


def _components(pairs: list[tuple[QuoteSpan, QuoteSpan]]) -> list[list[QuoteSpan]]:
    """Connected occurrences, in first-seen order."""
    index: dict[int, int] = {}
    spans: list[QuoteSpan] = []
    for pair in pairs:
        for o in pair:
            if id(o) not in index:
                index[id(o)] = len(spans)
                spans.append(o)
    edges = [(index[id(a)], index[id(b)]) for a, b in pairs]
    return [[spans[x] for x in part] for part in components(len(spans), edges)]


def _enclosing(sents: list[Sentence], starts: list[int], start: int, end: int) -> tuple[int, int] | None:
    """From the start of the sentence holding the quote's first word to the end of the one holding its last."""
    k = bisect.bisect_right(starts, start) - 1
    if k < 0 or sents[k].end <= start:
        return None
    last = k
    while last + 1 < len(sents) and sents[last + 1].start < end:
        last += 1
    return sents[k].start, sents[last].end
