"""Group quote spans that render the same statement, across outlets.

Outlets trim, reword and re-punctuate quotes, so spans are compared on their words with
rapidfuzz. Longest spans are placed first, each span joining the group it matches best; a short
fragment ("move on") joins the statement that most outlets carry it in. Candidates come from an
index of each span's rarest words, so the work stays near-linear in the number of spans.
"""

from __future__ import annotations

import heapq
from collections import Counter
from functools import lru_cache

from rapidfuzz import fuzz

from app.analysis.normalize import words
from app.analysis.options import AnalysisOptions
from app.analysis.result import DiffOp, QuoteOccurrence, QuoteResult, fullest_key
from app.analysis.speaker_names import identity, normalize_speakers
from app.analysis.types import QuoteGroup, QuoteSpan
from app.analysis.worddiff import quote_diff


def group_quotes(spans: list[QuoteSpan], options: AnalysisOptions) -> list[QuoteGroup]:
    """One group per statement; group ids follow the first occurrence in article order.

    Each span is scored against at most ``quote_candidate_groups`` groups (found through its
    rarest words, each index bucket capped at ``quote_bucket_limit``) and, in each, against at most
    ``quote_group_wordings`` distinct wordings (the longest, placed first). So a span costs a bounded
    number of comparisons whatever the number of quotes, and the search grows linearly with them:
    wire copy repeating one quote in a hundred outlets adds members, not comparisons.
    """
    spans = normalize_speakers(spans)
    keyed = [(s, words(s.text)) for s in spans]
    df = Counter(w for _, ws in keyed for w in set(ws))
    order = sorted(range(len(keyed)), key=lambda i: (-len(keyed[i][1]), i))
    groups: list[_Group] = []
    index: dict[str, list[int]] = {}
    memo: dict[tuple[str, str], float] = {}  # this call's fuzzy scores: wire copy repeats quotes verbatim
    for i in order:
        span, ws = keyed[i]
        cands = _candidates(ws, df, index, options)
        best = _best_group(span, ws, cands, groups, memo, options)
        if best is None:
            best = len(groups)
            groups.append(_Group())
        groups[best].add(i, span, ws, options.quote_group_wordings)
        for w in sorted(set(ws)):
            bucket = index.setdefault(w, [])
            if best not in bucket and len(bucket) < options.quote_bucket_limit:
                bucket.append(best)
    return _finish(spans, [g.members for g in groups])


class _Group:
    """A statement being built: its members, and a bounded sample of its wordings to compare against."""

    __slots__ = ("members", "places", "wordings")

    def __init__(self) -> None:
        self.members: list[int] = []
        self.wordings: dict[str, tuple[QuoteSpan, list[str], set[str]]] = {}  # text -> span, words, articles
        self.places: set[tuple[str, int | None]] = set()

    def add(self, i: int, span: QuoteSpan, ws: list[str], limit: int) -> None:
        self.members.append(i)
        self.places.add((span.article, span.sentence_index))
        key = " ".join(ws)
        if key in self.wordings:
            self.wordings[key][2].add(span.article)
        elif len(self.wordings) < limit:
            self.wordings[key] = (span, ws, {span.article})


def _candidates(ws: list[str], df: Counter[str], index: dict[str, list[int]], options: AnalysisOptions) -> list[int]:
    seen: dict[int, int] = {}
    for w in sorted(set(ws), key=lambda w: (df[w], w))[: options.quote_index_words]:
        for g in index.get(w, ()):
            seen[g] = seen.get(g, 0) + 1
    return heapq.nsmallest(options.quote_candidate_groups, seen, key=lambda g: (-seen[g], g))


def _best_group(
    span: QuoteSpan,
    ws: list[str],
    cands: list[int],
    groups: list[_Group],
    memo: dict[tuple[str, str], float],
    options: AnalysisOptions,
) -> int | None:
    scored = []
    for g in cands:
        group = groups[g]
        score = _fragment_support(span, ws, group) if len(ws) <= options.fragment_max_words else None
        if score is None:
            score = max(_similarity(span, ws, other, ows, memo) for other, ows, _ in group.wordings.values()) / 100.0
            if score < options.quote_group_threshold:
                continue
        elif score <= 0:
            continue
        tie = int((span.article, span.sentence_index) in group.places)  # another fragment of the same sentence
        scored.append((score, tie, -g, g))
    return max(scored)[3] if scored else None


def _same_speaker(a: QuoteSpan, b: QuoteSpan) -> bool:
    """Different named speakers never share a statement; a description or no speaker matches anyone."""
    x, y = _surname_key(a.speaker), _surname_key(b.speaker)
    return not (x and y and x != y)


@lru_cache(maxsize=4096)
def _surname_key(speaker: str | None) -> str | None:
    who = identity(speaker)
    return who.split()[-1].lower() if who else None


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
    short, long = sorted((a.split(), b.split()), key=len)
    if len(long) > 2 * len(short) and 4 * len(set(short) - set(long)) > len(short):
        return 0.0  # a few words matched by letters somewhere in a long statement ("immigration" ~ "migration")
    return fuzz.partial_ratio(a, b) if min(len(a), len(b)) >= 12 else fuzz.ratio(a, b)


def _fragment_support(span: QuoteSpan, ws: list[str], group: _Group) -> float:
    """How many outlets' renderings of a statement (by the same speaker) contain every word of a short fragment."""
    need = set(ws)
    same = [(ows, arts) for other, ows, arts in group.wordings.values() if _same_speaker(span, other)]
    covered = {a for ows, arts in same if need.issubset(ows) for a in arts}
    exact = any(_contains(ows, ws) for ows, _ in same)
    return len(covered) + (0.5 if exact else 0.0)


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
    """The person most occurrences name, in the fullest form; a description only when none names anyone."""
    named = [(identity(o.speaker), o.speaker) for o in occ if o.speaker]
    people = [(who, said) for who, said in named if who]
    if not people:
        return Counter(said for _, said in named).most_common(1)[0][0] if named else None
    votes = Counter(who.split()[-1].lower() for who, _ in people)
    top = max(votes, key=lambda k: (votes[k], k))
    forms = [who for who, _ in people if who.split()[-1].lower() == top]
    plain = [said for _, said in people if said in forms]
    return max(plain or forms, key=lambda s: (len(s), s))


def quote_result(group: QuoteGroup) -> QuoteResult:
    """The group as compare() returns it: each wording diffed against the fullest, with its similarity."""
    fullest = max(group.occurrences, key=fullest_key).text if group.occurrences else ""
    wordings: dict[
        str, tuple[list[tuple[DiffOp, str]], int]
    ] = {}  # outlets carrying one wording verbatim share its diff
    for o in group.occurrences:
        if o.text not in wordings:
            ops = quote_diff(fullest, o.text)
            quoted_passage = "".join(part for op, part in ops if op in ("equal", "delete"))  # a fragment's window
            wordings[o.text] = (ops, round(fuzz.ratio(quoted_passage, o.text)))
    occurrences = [
        QuoteOccurrence(
            article=o.article,
            start=o.start,
            end=o.end,
            text=o.text,
            speaker=o.speaker,
            diff=wordings[o.text][0],
            similarity=wordings[o.text][1],
        )
        for o in group.occurrences
    ]
    return QuoteResult(id=group.id, speaker=group.speaker, occurrences=occurrences)
