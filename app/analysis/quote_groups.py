"""Group quote spans that render the same statement, across outlets.

Outlets trim, reword and re-punctuate quotes, so spans are compared on their words with
rapidfuzz. Longest spans are placed first, each span joining the group it matches best; a short
fragment ("move on") joins the statement that most outlets carry it in. Candidates come from an
index of each span's rarest words, so the work stays near-linear in the number of spans.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rapidfuzz import fuzz

from app.analysis.normalize import words
from app.analysis.options import AnalysisOptions
from app.analysis.types import QuoteGroup, QuoteSpan
from app.analysis.worddiff import quote_diff


def group_quotes(spans: list[QuoteSpan], options: AnalysisOptions) -> list[QuoteGroup]:
    """One group per statement; group ids follow the first occurrence in article order."""
    keyed = [(s, words(s.text)) for s in spans]
    df = Counter(w for _, ws in keyed for w in set(ws))
    order = sorted(range(len(keyed)), key=lambda i: (-len(keyed[i][1]), i))
    members: list[list[int]] = []
    index: dict[str, list[int]] = {}
    memo: dict[tuple[str, str], float] = {}  # this call's fuzzy scores: wire copy repeats quotes verbatim
    for i in order:
        _, ws = keyed[i]
        cands = _candidates(ws, df, index, options)
        best = _best_group(i, keyed, cands, members, memo, options)
        if best is None:
            best = len(members)
            members.append([])
        members[best].append(i)
        for w in sorted(set(ws)):
            bucket = index.setdefault(w, [])
            if best not in bucket and len(bucket) < options.quote_bucket_limit:
                bucket.append(best)
    return _finish(spans, members)


def _candidates(ws: list[str], df: Counter[str], index: dict[str, list[int]], options: AnalysisOptions) -> list[int]:
    seen: dict[int, int] = {}
    for w in sorted(set(ws), key=lambda w: (df[w], w))[: options.quote_index_words]:
        for g in index.get(w, ()):
            seen[g] = seen.get(g, 0) + 1
    return sorted(seen, key=lambda g: (-seen[g], g))[: options.quote_candidate_groups]


def _best_group(
    i: int,
    keyed: list[tuple[QuoteSpan, list[str]]],
    cands: list[int],
    members: list[list[int]],
    memo: dict[tuple[str, str], float],
    options: AnalysisOptions,
) -> int | None:
    span, ws = keyed[i]
    scored = []
    for g in cands:
        score = _fragment_support(span, ws, keyed, members[g]) if len(ws) <= options.fragment_max_words else None
        if score is None:
            score = max(_similarity(span, ws, *keyed[m], memo) for m in members[g]) / 100.0
            if score < options.quote_group_threshold:
                continue
        elif score <= 0:
            continue
        tie = _neighbour_bonus(span, keyed, members[g])
        scored.append((score, tie, -g, g))
    return max(scored)[3] if scored else None


def _same_speaker(a: QuoteSpan, b: QuoteSpan) -> bool:
    return not (a.speaker and b.speaker and a.speaker.split()[-1] != b.speaker.split()[-1])


def _similarity(
    span: QuoteSpan, ws: list[str], other: QuoteSpan, ows: list[str], memo: dict[tuple[str, str], float]
) -> float:
    if not _same_speaker(span, other):
        return 0.0
    a, b = " ".join(ws), " ".join(ows)
    if (a, b) not in memo:
        memo[(a, b)] = _fuzzy(a, b, min(len(ws), len(ows)))
    return memo[(a, b)]


def _fuzzy(a: str, b: str, fewest_words: int) -> float:
    if fewest_words >= 5:
        return max(fuzz.partial_ratio(a, b), fuzz.token_set_ratio(a, b))
    return fuzz.partial_ratio(a, b) if min(len(a), len(b)) >= 12 else fuzz.ratio(a, b)


def _fragment_support(
    span: QuoteSpan, ws: list[str], keyed: list[tuple[QuoteSpan, list[str]]], group: list[int]
) -> float:
    """How many outlets' renderings of a statement (by the same speaker) contain every word of a short fragment."""
    need = set(ws)
    same = [m for m in group if _same_speaker(span, keyed[m][0])]
    arts = {keyed[m][0].article for m in same if need.issubset(keyed[m][1])}
    exact = any(_contains(keyed[m][1], ws) for m in same)
    return len(arts) + (0.5 if exact else 0.0)


def _neighbour_bonus(span: QuoteSpan, keyed: list[tuple[QuoteSpan, list[str]]], group: list[int]) -> int:
    """Prefer the group already holding another fragment of the same sentence."""
    return int(
        any(keyed[m][0].article == span.article and keyed[m][0].sentence_index == span.sentence_index for m in group)
    )


def _contains(haystack: list[str], needle: list[str]) -> bool:
    """needle occurs as a run of whole words in haystack (words hold no spaces)."""
    return bool(needle) and f" {' '.join(needle)} " in f" {' '.join(haystack)} "


def _finish(spans: list[QuoteSpan], members: list[list[int]]) -> list[QuoteGroup]:
    ordered = sorted((sorted(m) for m in members if m), key=lambda m: m[0])
    groups = []
    for n, m in enumerate(ordered, 1):
        occ = [spans[i] for i in m]
        groups.append(QuoteGroup(f"q{n:03d}", _group_speaker(occ), occ))
    return groups


def _group_speaker(occ: list[QuoteSpan]) -> str | None:
    """The speaker most occurrences name, the fullest form of it."""
    named = [o.speaker for o in occ if o.speaker]
    if not named:
        return None
    votes = Counter(s.split()[-1].lower() for s in named)
    top = max(votes, key=lambda k: (votes[k], k))
    return max((s for s in named if s.split()[-1].lower() == top), key=lambda s: (len(s), s))


def group_to_dict(group: QuoteGroup) -> dict[str, Any]:
    """Schema dict; each occurrence carries a word diff against the group's fullest wording."""
    fullest = max(group.occurrences, key=lambda o: (len(o.text), o.article, -o.start)).text if group.occurrences else ""
    diffs: dict[str, list[list[str]]] = {}  # outlets carrying one wording verbatim share its diff
    for o in group.occurrences:
        if o.text not in diffs:
            diffs[o.text] = [[op, text] for op, text in quote_diff(fullest, o.text)]
    return {
        "id": group.id,
        "speaker": group.speaker,
        "occurrences": [
            {
                "article": o.article,
                "start": o.start,
                "end": o.end,
                "text": o.text,
                "speaker": o.speaker,
                "diff": [list(d) for d in diffs[o.text]],
            }
            for o in group.occurrences
        ],
    }
