"""Values that differ between outlets inside aligned claims and quotes.

Two passages that state one fact are compared value by value (values.compatible: same type,
unit and role), so a number describing another fact in one outlet's longer sentence is never
flagged. A value is flagged only when neither side has a partner that agrees with it
(values.relation: "about 30" agrees with 32), and each flag says whether the values conflict
or whether a count grew ("at least 10" against 24: an update). Flags that share a value join
one discrepancy. Passages in a language without value data yield no values: the check did
not run there, which compare() reports. Values are compared only between articles in the same
language: matching across languages is out of scope.
"""

from __future__ import annotations

import re

from app.analysis import align, relations, values
from app.analysis.clauses import Unit
from app.analysis.options import AnalysisOptions
from app.analysis.similarity import components
from app.analysis.types import Article, ClaimGroup, Discrepancy, DiscrepancyValue, QuoteGroup, Sentence

Passage = tuple[str, int, str]  # article, start offset, text
Node = tuple[Passage, values.Value]
Flag = tuple[Node, Node, str]  # two values and their relation ("conflict" or "update")
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
    language = {d.id: d.language for d in docs}
    spans = _spans_by_article(claims)
    flags: list[tuple[Flag, str | None]] = []
    for g in claims:
        if len({o.article for o in g.occurrences}) >= 2:
            passages = [(o.article, o.start, o.text) for o in g.occurrences]
            flags += [(f, g.id) for f in _group_flags(passages, language, options)]
    for q in quote_groups:
        if len({o.article for o in q.occurrences}) >= 2:
            passages = [(o.article, o.start, o.text) for o in q.occurrences]
            flags += [(f, None) for f in _group_flags(passages, language, options)]
    flags += _related_flags(comparison, spans, language, options)
    found = _join(flags) + _reversals(sentences, spans)
    for n, d in enumerate(found, 1):
        d.id = f"d{n:02d}"
    return found


def _values(p: Passage, language: dict[str, str], options: AnalysisOptions) -> tuple[values.Value, ...]:
    return values.extract(p[2][: options.max_passage_chars], language.get(p[0]))[: options.max_values_per_passage]


def _group_flags(passages: list[Passage], language: dict[str, str], options: AnalysisOptions) -> list[Flag]:
    """Flags between every two passages of one group that come from different outlets."""
    passages = passages[: options.max_passages_per_discrepancy_check]
    read = [(p, _values(p, language, options)) for p in passages]
    read = [(p, vs) for p, vs in read if vs]
    out: list[Flag] = []
    for i, (pa, va) in enumerate(read):
        for pb, vb in read[i + 1 :]:
            if pa[0] != pb[0] and language.get(pa[0]) == language.get(pb[0]):
                out += _pair_flags(pa, va, pb, vb)
    return out


def _pair_flags(
    pa: Passage, va: tuple[values.Value, ...], pb: Passage, vb: tuple[values.Value, ...], strict: bool = False
) -> list[Flag]:
    """Values of one passage that no value of the other agrees with, paired with their one counterpart.

    strict: the passages are only loosely related, so a pair of numbers must also share the
    words around them, not just the counted noun."""
    pairs = [(a, b) for a in va for b in vb if values.compatible(a, b) and _same_context(pa, a, pb, b, strict)]
    if not pairs:
        return []
    relation = {(a, b): values.relation(a, b) for a, b in pairs}
    agreed = {a for (a, _), r in relation.items() if r is None} | {b for (_, b), r in relation.items() if r is None}
    partners: dict[values.Value, list[values.Value]] = {}
    for a, b in pairs:
        partners.setdefault(a, []).append(b)
        partners.setdefault(b, []).append(a)
    out: list[Flag] = []
    for (a, b), r in relation.items():
        # Only an unambiguous pair: each is the other's one counterpart, and neither agrees with anything.
        if r is None or a in agreed or b in agreed or len(partners[a]) > 1 or len(partners[b]) > 1:
            continue
        out.append(((pa, a), (pb, b), r))
    return out


def _related_flags(
    comparison: align.Comparison, spans: Spans, language: dict[str, str], options: AnalysisOptions
) -> list[tuple[Flag, str | None]]:
    """The same fact worded in passages that were not grouped: compare closely related pairs."""
    units = comparison.units
    checkable: dict[int, bool] = {}

    def ok(k: int) -> bool:
        if k not in checkable:
            u = units[k]
            checkable[k] = _has_checkable_value((u.article, u.start, u.text), language, options)
        return checkable[k]

    out: list[tuple[Flag, str | None]] = []
    for (a, b), sim in sorted(comparison.lexical.items()):
        if sim < options.weakly_related_similarity or not (ok(a) and ok(b)):
            continue
        ua, ub = units[a], units[b]
        if ua.article == ub.article or language.get(ua.article) != language.get(ub.article):
            continue
        pa, pb = (ua.article, ua.start, ua.text), (ub.article, ub.start, ub.text)
        strict = sim < options.related_similarity
        claim = _claim_of_span(ua, spans)
        out += [
            (f, claim)
            for f in _pair_flags(pa, _values(pa, language, options), pb, _values(pb, language, options), strict)
        ]
    return out


def _has_checkable_value(p: Passage, language: dict[str, str], options: AnalysisOptions) -> bool:
    if not _MAYBE_VALUE.search(p[2].lower()):
        return False  # most sentences carry no count, day or status: skip the full parse
    return any(v.kind in _RELATED_KINDS for v in _values(p, language, options))


_RELATED_KINDS = ("number", "weekday", "date", "status-end")
_CONTEXT_WORDS = 2  # shared words around two numbers for them to be one fact (see README on how it was chosen)
# Matched on lower-cased text: digits, or a letter run long enough to be a day or number word.
_MAYBE_VALUE = re.compile(r"\d|[^\W\d_]{3,}")


def _same_context(pa: Passage, va: values.Value, pb: Passage, vb: values.Value, strict: bool) -> bool:
    """Numbers (and, in loosely related passages, dates) must also share the words around them:
    "home to 120,000 people" and "killing 10 people" count people in two different facts."""
    if va.kind not in ("number", "date") or (va.kind == "date" and not strict):
        return not strict or va.kind not in _RELATED_KINDS
    return len(values.context(pa[2], va) & values.context(pb[2], vb)) >= _CONTEXT_WORDS


def _join(flags: list[tuple[Flag, str | None]]) -> list[Discrepancy]:
    """Flags sharing a value (the same span of one article) form one discrepancy."""
    index: dict[tuple[str, int, int, str], int] = {}
    nodes: list[Node] = []
    claims: list[str | None] = []

    def node(n: Node) -> int:
        (article, offset, _), v = n
        key = (article, offset + v.start, offset + v.end, v.kind)
        if key not in index:
            index[key] = len(nodes)
            nodes.append(n)
            claims.append(None)
        return index[key]

    edges = [(node(a), node(b), r, claim) for (a, b, r), claim in flags]
    if not edges:
        return []
    members = components(len(nodes), [(a, b) for a, b, _, _ in edges])
    label = {i: c for c, ids in enumerate(members) for i in ids}
    conflict: dict[int, bool] = {}
    claim_of: dict[int, str | None] = {}
    for a, _, r, claim in edges:
        c = label[a]
        conflict[c] = conflict.get(c, False) or r == "conflict"
        claim_of[c] = claim_of.get(c) or claim
    out = []
    for c, ids in enumerate(members):
        if c not in conflict:
            continue
        group = [nodes[i] for i in ids]
        out.append(_discrepancy(group, claim_of[c], "conflict" if conflict[c] else "update"))
    return sorted(out, key=lambda d: (d.values[0].article, d.values[0].start))


def _discrepancy(group: list[Node], claim: str | None, kind: str) -> Discrepancy:
    shown = [
        DiscrepancyValue(p[0], p[1] + v.start, p[1] + v.end, p[2][v.start : v.end], p[2])
        for p, v in sorted(group, key=lambda n: (n[0][0], n[0][1] + n[1].start))
    ]
    return Discrepancy("", group[0][1].about, claim, shown, kind)


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
