"""Values that differ between outlets inside aligned claims and quotes.

Values are compared only when they have the same type and role (values.compatible), so a
number describing another fact in one outlet's longer sentence is never flagged.
"""

from __future__ import annotations

import re

from app.analysis import align, relations, values
from app.analysis.clauses import Unit
from app.analysis.options import AnalysisOptions
from app.analysis.similarity import components
from app.analysis.types import Article, ClaimGroup, Discrepancy, DiscrepancyValue, QuoteGroup, Sentence

Passage = tuple[str, int, str]  # article, start offset, text
Node = tuple[Passage, values.Value]  # a value found in a passage
Spans = dict[str, list[tuple[int, int, str]]]  # per article: (start, end, claim id) of shared claims


def find_discrepancies(
    docs: list[Article],
    claims: list[ClaimGroup],
    quote_groups: list[QuoteGroup],
    sentences: dict[str, list[Sentence]],
    options: AnalysisOptions,
    comparison: align.Comparison | None = None,
) -> list[Discrepancy]:
    """Conflicting values inside claim groups, quote groups and closely related passages.

    comparison: the claim stage's passage similarities, reused for the related pairs."""
    comparison = comparison or align.compare_passages(docs, sentences, options, quote_groups)
    spans = _spans_by_article(claims)
    found: list[Discrepancy] = []
    for g in claims:
        if len({o.article for o in g.occurrences}) >= 2:
            found += _conflicts([(o.article, o.start, o.text) for o in g.occurrences], g.id, options)
    for q in quote_groups:
        if len({o.article for o in q.occurrences}) >= 2:
            found += _conflicts([(o.article, o.start, o.text) for o in q.occurrences], None, options)
    found += _related_conflicts(comparison, spans, options)
    found += _reversals(sentences, spans)
    found = _unique(found)
    for n, d in enumerate(found, 1):
        d.id = f"d{n:02d}"
    return found


def _conflicts(
    passages: list[Passage], claim: str | None, options: AnalysisOptions, strict: bool = False
) -> list[Discrepancy]:
    """Connected values of one type and role across outlets that do not all agree.

    strict: the passages are only loosely related, so a pair of counts must also share
    the words around them, not just the counted noun."""
    nodes = [
        (p, v)
        for p in passages[: options.max_passages_per_discrepancy_check]
        for v in values.extract(p[2][: options.max_passage_chars])[: options.max_values_per_passage]
    ]
    edges = [
        (i, j)
        for i, (pa, va) in enumerate(nodes)
        for j in range(i + 1, len(nodes))
        for pb, vb in (nodes[j],)
        if pa[0] != pb[0] and values.compatible(va, vb) and (not strict or _same_context(pa, va, pb, vb))
    ]
    groups = [[nodes[i] for i in c] for c in components(len(nodes), edges)]
    return [_discrepancy(g, claim) for g in groups if _disagree(g)]


def _related_conflicts(comparison: align.Comparison, spans: Spans, options: AnalysisOptions) -> list[Discrepancy]:
    """The same fact worded in passages that were not grouped: compare closely related pairs."""
    units = comparison.units
    checkable: dict[int, bool] = {}

    def ok(k: int) -> bool:
        if k not in checkable:
            checkable[k] = _has_checkable_value(units[k].text[: options.max_passage_chars])
        return checkable[k]

    out = []
    for (a, b), sim in sorted(comparison.lexical.items()):
        if sim < options.weakly_related_similarity or not (ok(a) and ok(b)):
            continue
        ua, ub = units[a], units[b]
        pair = [(ua.article, ua.start, ua.text), (ub.article, ub.start, ub.text)]
        out += _conflicts(pair, _claim_of_span(ua, spans), options, strict=sim < options.related_similarity)
    return out


def _has_checkable_value(text: str) -> bool:
    if not _MAYBE_VALUE.search(text.lower()):
        return False  # most sentences carry no count, day or status: skip the full parse
    return any(v.kind in _RELATED_KINDS for v in values.extract(text))


_RELATED_KINDS = ("number", "weekday", "status-end")
# Matched on lower-cased text: without re.I the scan is about twice as fast.
_MAYBE_VALUE = re.compile(
    r"(?:day|teen|ty)\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|end|over)\b|expir|lapse|\d"
)


def _same_context(pa: Passage, va: values.Value, pb: Passage, vb: values.Value) -> bool:
    return va.kind == "number" and len(values.context(pa[2], va) & values.context(pb[2], vb)) >= 2


def _disagree(nodes: list[Node]) -> bool:
    return len({v.value for _, v in nodes}) >= 2 and len({p[0] for p, _ in nodes}) >= 2


def _discrepancy(nodes: list[Node], claim: str | None) -> Discrepancy:
    shown = [
        DiscrepancyValue(p[0], p[1] + v.start, p[1] + v.end, p[2][v.start : v.end], p[2])
        for p, v in sorted(nodes, key=lambda n: (n[0][0], n[0][1] + n[1].start))
    ]
    return Discrepancy("", nodes[0][1].about, claim, shown)


def _reversals(sentences: dict[str, list[Sentence]], spans: Spans) -> list[Discrepancy]:
    """Swapped actor and target of a directed verb ('X echoed Y' / 'Y echoed X')."""
    out = []
    for a, b in relations.reversals(sentences):
        shown = [
            DiscrepancyValue(r.sentence.article, r.target_start, r.target_end, f"{r.verb}… {r.target}", r.sentence.text)
            for r in (a, b)
        ]
        out.append(Discrepancy("", f"who {a.verb}ed whom (order or actor)", _claim_of_span(a.sentence, spans), shown))
    return out


def _claim_of_span(span: Unit | Sentence, spans: Spans) -> str | None:
    """The shared claim group a passage stands in, if any (spans: from _spans_by_article)."""
    for start, end, gid in spans.get(span.article, []):
        if start < span.end and span.start < end:
            return gid
    return None


def _spans_by_article(claims: list[ClaimGroup]) -> Spans:
    out: Spans = {}
    for g in claims:
        if len(g.occurrences) > 1:
            for o in g.occurrences:
                out.setdefault(o.article, []).append((o.start, o.end, g.id))
    return out


def _unique(found: list[Discrepancy]) -> list[Discrepancy]:
    """Flags that share a value span are one discrepancy seen through several pairs."""
    merged: list[Discrepancy] = []
    owner: dict[tuple[str, int, int], Discrepancy] = {}
    for d in found:
        keys = [(v.article, v.start, v.end) for v in d.values]
        target = next((owner[k] for k in keys if k in owner and owner[k].about == d.about), None)
        if target is None:
            target = Discrepancy("", d.about, d.claim, [])
            merged.append(target)
        for v in d.values:
            if (v.article, v.start, v.end) not in owner:
                target.values.append(v)
                owner[(v.article, v.start, v.end)] = target
    for d in merged:
        d.values.sort(key=lambda v: (v.article, v.start))
    return [d for d in merged if len(d.values) >= 2]
