"""Group passages that state the same fact across outlets.

Passages (sentences and their clauses) are compared by vectorised TF-IDF similarity, then
joined by sparse average-linkage clustering: a passage joins a group only when it matches
the group's members on average, so A~B and B~C never drag an unrelated C into A's group.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from app.analysis import embeddings, evidence, lang, similarity
from app.analysis.clauses import Unit, sentence_units
from app.analysis.options import AnalysisOptions
from app.analysis.terms import content_terms_at as terms_at
from app.analysis.terms import written_terms
from app.analysis.types import Article, ClaimGroup, ClaimSpan, QuoteGroup, Sentence


@dataclass
class Comparison:
    """Passages with their pairwise similarities, shared with discrepancy detection."""

    units: list[Unit]
    pairs: dict[tuple[int, int], float]  # evidence-weighted similarity, pairs worth clustering
    idf: dict[str, float]
    lexical: dict[tuple[int, int], float] = field(default_factory=dict)  # word/char similarity of weaker pairs too
    neighbours: dict[int, list[int]] = field(default_factory=dict)  # unit -> units it has a pair with
    words: object = None  # the units' term matrix (scipy CSR), read for "why matched"
    names: list[str] = field(default_factory=list)  # its column names: the terms
    language: dict[str, str] = field(default_factory=dict)  # article -> language code

    def terms_of(self, k: int) -> list[str]:
        """Unit k's content terms."""
        w = self.words
        return [self.names[c] for c in w.indices[w.indptr[k] : w.indptr[k + 1]]] if w is not None else []

    def __post_init__(self) -> None:
        for a, b in self.pairs:
            self.neighbours.setdefault(a, []).append(b)
            self.neighbours.setdefault(b, []).append(a)


@dataclass
class _Cluster:
    members: list[int]
    articles: Counter
    sentences: set
    link: float = 0.0
    version: int = 0
    adj: dict[int, float] = field(default_factory=dict)


def group_claims(
    docs: list[Article],
    sentences: dict[str, list[Sentence]],
    options: AnalysisOptions,
    quote_groups: list[QuoteGroup] | None = None,
    comparison: Comparison | None = None,
) -> list[ClaimGroup]:
    """Claim groups: each fact stated by several outlets, plus every other sentence alone.

    comparison: the passages' similarities when the caller has them already (compare() shares
    them with discrepancy detection, so nothing is computed twice)."""
    comparison = comparison or compare_passages(docs, sentences, options, quote_groups)
    clusters = _average_linkage(comparison, options)
    if options.attach_missing_outlets:
        for c in clusters:
            _attach(comparison, c, options.claim_threshold)
    groups = [_group(comparison, c) for c in clusters]
    groups += _evidence_groups(docs, sentences, comparison, quote_groups or [], options)
    groups = _drop_nested(groups)
    groups += _uncovered(docs, sentences, groups)
    order = {d.id: i for i, d in enumerate(docs)}
    groups.sort(key=lambda g: min((order.get(o.article, 0), o.start) for o in g.occurrences))
    for n, g in enumerate(groups, 1):
        g.id = f"c{n:03d}"
    return groups


def compare_passages(
    docs: list[Article],
    sentences: dict[str, list[Sentence]],
    options: AnalysisOptions,
    quote_groups: list[QuoteGroup] | None = None,
) -> Comparison:
    """All passages and the similarity of candidate pairs from different articles.

    Word and character TF-IDF cosines, plus structural evidence: headline and lede pairs get
    a bonus, and sentences quoting one statement count as at least quote_evidence_similarity."""
    units = passages(docs, sentences, options)
    if len(units) < 2:
        return Comparison(units, {}, {})
    texts = [u.text[: options.max_passage_chars] for u in units]
    art_index = {d.id: i for i, d in enumerate(docs)}
    articles = np.array([art_index[u.article] for u in units])
    doc_of = [hash((u.article, u.sentence)) for u in units]
    language = {d.id: d.language for d in docs}
    surface: dict[str, str] = {}
    terms = _unit_terms(units, options.max_passage_chars, language, surface)
    words, names, idf = similarity.term_matrix(texts, doc_of, terms)
    i, j, _ = similarity.candidate_pairs(
        words, articles, options.candidates_per_passage, options.min_candidate_similarity
    )
    lead = evidence.lead_mask(units, sentences, options.lead_sentences)
    qi, qj = evidence.quote_pairs(units, quote_groups or [], articles, options.quote_evidence_min_words)
    li, lj = (
        evidence.mask_pairs(lead, articles, words, options.min_candidate_similarity)
        if options.lead_bonus > 0
        else (qi[:0], qj[:0])
    )
    i, j = similarity.unique_pairs(np.r_[i, li, qi], np.r_[j, lj, qj])
    uniq, inv, counts = similarity.distinct(texts)
    chars = similarity.char_matrix(uniq, counts=counts)
    lexical = _lexical(words, chars, i, j, inv, options.word_weight)
    meaning = _meaning(words, names, surface, units, language, i, j, options)
    score = lexical + meaning + options.lead_bonus * (lead[i] & lead[j])
    quoted = evidence.pair_member(i, j, qi, qj)
    score[quoted] = np.maximum(score[quoted], options.quote_evidence_similarity)
    pairs = _pairs_at_least(i, j, score, options.min_edge_similarity)
    lex = _pairs_at_least(i, j, lexical, options.weakly_related_similarity)
    idf_of = dict(zip(names, idf.tolist(), strict=True))
    return Comparison(units, pairs, idf_of, lex, words=words, names=names, language=language)


def _evidence_groups(
    docs, sentences, comparison: Comparison, quote_groups, options: AnalysisOptions
) -> list[ClaimGroup]:
    """Claims that structure shows even when wording differs: quoted statements and the lead."""
    quoted = (
        evidence.quote_claims(docs, sentences, quote_groups, options.quote_evidence_min_words)
        if options.quote_claims
        else []
    )
    if not (options.lead_claim and comparison.units):
        return quoted
    lead = evidence.lead_mask(comparison.units, sentences, options.lead_sentences)
    g = evidence.lead_claim(comparison.units, lead, comparison.pairs, options.claim_threshold)
    return quoted + ([g] if g else [])


def _unit_terms(
    units: list[Unit], max_chars: int, language: dict[str, str], surface: dict[str, str]
) -> list[list[tuple[str, float]]]:
    """Each passage's content terms, read once per sentence: a clause takes its sentence's share
    (a slice, since a sentence's words are in order and never overlap). surface receives each
    term's first written form (lower-cased), the word its meaning vector is read for."""
    by_sentence: dict[tuple[str, int], tuple[int, tuple]] = {}
    by_text: dict[str, tuple] = {}  # wire copy repeats sentences verbatim across outlets
    out = []
    for u in units:
        key = (u.article, u.sentence)
        if key not in by_sentence or u.is_whole:
            if u.text not in by_text:
                found = terms_at(u.text, language.get(u.article, lang.DEFAULT))
                for start, end, term, _ in found:
                    surface.setdefault(term, u.text[start:end].lower())
                by_text[u.text] = ([f[0] for f in found], [f[1] for f in found], [(t, w) for _, _, t, w in found])
            by_sentence[key] = (u.start, by_text[u.text])
        base, (starts, ends, pairs) = by_sentence[key]
        a, b = u.start - base, min(u.end, u.start + max_chars) - base
        out.append(pairs[bisect.bisect_left(starts, a) : bisect.bisect_right(ends, b)])
    return out


def _meaning(words, names, surface, units, language, i, j, options: AnalysisOptions) -> np.ndarray:
    """The meaning signal's share of a pair's score: how far the cosine of the two passages'
    static embeddings rises above options.meaning_floor (English passages only: the model is)."""
    if options.meaning_weight <= 0 or len(i) == 0:
        return np.zeros(len(i))
    english = np.array([language.get(u.article, lang.DEFAULT) == "en" for u in units])
    vectors = embeddings.passage_vectors(words, [surface.get(t, t) for t in names])
    vectors[~english] = 0.0
    cos = np.einsum("ij,ij->i", vectors[i], vectors[j])
    return options.meaning_weight * np.maximum(0.0, cos - options.meaning_floor)


def _pairs_at_least(i: np.ndarray, j: np.ndarray, score: np.ndarray, floor: float) -> dict[tuple[int, int], float]:
    keep = score >= floor
    return dict(zip(zip(i[keep].tolist(), j[keep].tolist(), strict=True), score[keep].tolist(), strict=True))


def _lexical(words, chars, i: np.ndarray, j: np.ndarray, row_of: np.ndarray, w: float) -> np.ndarray:
    """Word and character cosines mixed; chars has a row per distinct text (row_of maps passages)."""
    return w * similarity.pair_cosines(words, i, j) + (1 - w) * similarity.pair_cosines(chars, row_of[i], row_of[j])


def passages(docs, sentences, options) -> list[Unit]:
    """Sentences and clauses, up to a bound; sentences past it stay one-outlet groups."""
    units: list[Unit] = []
    for d in docs:
        for s in sentences.get(d.id, []):
            if len(units) >= options.max_passages:
                return units
            clauses = 0 if len(units) > options.max_passages // 2 else options.max_clauses_per_sentence
            units.extend(sentence_units(s, options.min_clause_words, clauses))
    return units


def _average_linkage(comparison: Comparison, options: AnalysisOptions) -> list[_Cluster]:
    """Merge the best-linked pair of clusters while their mean cross-outlet similarity is high.

    Verbatim copies (wire copy) start as one cluster: they would be merged first anyway."""
    clusters, rep = _copy_clusters(comparison.units)
    for (a, b), s in comparison.pairs.items():
        ra, rb = rep[a], rep[b]
        if ra != rb:
            clusters[ra].adj[rb] = clusters[ra].adj.get(rb, 0.0) + s
            clusters[rb].adj[ra] = clusters[rb].adj.get(ra, 0.0) + s
        else:  # copies: the weakest of their links is the one shown, as when merged one by one
            c = clusters[ra]
            c.link = min(c.link, s) if c.link else s
    heap = [
        (-t / n, a, b, 0, 0)
        for a, c in clusters.items()
        for b, t in c.adj.items()
        if a < b
        and t >= options.claim_threshold
        and (n := _pair_count(c, clusters[b]))
        and t / n >= options.claim_threshold
    ]
    heapq.heapify(heap)
    limit = options.max_passages_per_article_in_claim
    while heap:
        neg, a, b, va, vb = heapq.heappop(heap)
        if -neg < options.claim_threshold:
            break
        ca, cb = clusters.get(a), clusters.get(b)
        if ca is None or cb is None or ca.version != va or cb.version != vb or not _can_merge(ca, cb, options):
            continue
        _merge(clusters, a, b, -neg, heap, options.claim_threshold, limit)
    return [c for c in clusters.values() if len(c.articles) >= 2]


def _copy_clusters(units: list[Unit]) -> tuple[dict[int, _Cluster], list[int]]:
    """One cluster per passage, except that the first copy of a text in each other outlet joins
    the cluster of the text's first passage; rep maps each passage to its cluster."""
    first: dict[tuple[str, bool], _Cluster] = {}
    clusters: dict[int, _Cluster] = {}
    rep = []
    for k, u in enumerate(units):
        key = (u.text, u.is_whole)
        c = first.get(key)
        if c is None or u.article in c.articles:
            c = clusters[k] = _Cluster([k], Counter([u.article]), {(u.article, u.sentence)})
            first.setdefault(key, c)
        else:
            c.members.append(k), c.articles.update((u.article,)), c.sentences.add((u.article, u.sentence))
        rep.append(c.members[0])
    return clusters, rep


def _attach(comparison: Comparison, cluster: _Cluster, threshold: float) -> None:
    """Add, for each outlet the claim lacks, its passage that matches the members on average.

    Clustering gives each passage one group, but one sentence may state several facts: a
    passage already used elsewhere can still carry this claim for an outlet that has no other."""
    best: dict[str, tuple[float, int]] = {}
    members = set(cluster.members)
    for k in sorted({m for n in cluster.members for m in comparison.neighbours.get(n, ())} - members):
        art = comparison.units[k].article
        if art in cluster.articles:
            continue
        mean = sum(comparison.pairs.get((min(k, m), max(k, m)), 0.0) for m in members) / len(members)
        if mean >= threshold and mean > best.get(art, (0.0, -1))[0]:
            best[art] = (mean, k)
    for art, (_, k) in sorted(best.items()):
        cluster.members.append(k)
        cluster.articles[art] += 1


def _pair_count(ca: _Cluster, cb: _Cluster) -> int:
    """Cross-outlet pairs of two clusters; two single passages with a link are one."""
    return 1 if len(ca.members) == 1 == len(cb.members) else _cross_pairs(ca, cb)


def _cross_pairs(ca: _Cluster, cb: _Cluster) -> int:
    small, big = (ca.articles, cb.articles) if len(ca.articles) <= len(cb.articles) else (cb.articles, ca.articles)
    same = sum(n * big.get(art, 0) for art, n in small.items())
    return len(ca.members) * len(cb.members) - same


def _can_merge(ca: _Cluster, cb: _Cluster, options: AnalysisOptions) -> bool:
    if ca.sentences & cb.sentences:
        return False  # one sentence and its own clause never stand in one group
    limit = options.max_passages_per_article_in_claim
    return all(n + cb.articles.get(art, 0) <= limit for art, n in ca.articles.items())


def _fewest_cross_pairs(la: int, lb: int, limit: int) -> int:
    """A lower bound on cross-outlet pairs of two clusters: each outlet has at most limit passages
    in a cluster, so at most limit * min(la, lb) of the la * lb pairs are same-outlet ones."""
    return max(1, la * lb - limit * min(la, lb))


def _merge(
    clusters: dict[int, _Cluster], a: int, b: int, link: float, heap: list, threshold: float, limit: int
) -> None:
    """Join b into a; re-queue a's links, leaving out those too weak ever to be merged."""
    ca, cb = clusters[a], clusters.pop(b)
    ca.members += cb.members
    ca.articles.update(cb.articles)
    ca.sentences |= cb.sentences
    ca.link = link
    ca.version += 1
    for k, s in cb.adj.items():
        if k != a:
            ca.adj[k] = ca.adj.get(k, 0.0) + s
    ca.adj.pop(b, None)
    size = len(ca.members)
    for k, total in ca.adj.items():
        other = clusters[k]
        other.adj.pop(b, None)
        other.adj[a] = total
        if total < threshold * _fewest_cross_pairs(size, len(other.members), limit):
            continue  # even the fewest possible cross-outlet pairs leave the mean below the threshold
        n = _cross_pairs(ca, other)
        if n and total / n >= threshold:
            heapq.heappush(
                heap,
                (-total / n, a, k, ca.version, other.version)
                if a < k
                else (-total / n, k, a, other.version, ca.version),
            )


def _group(comparison: Comparison, cluster: _Cluster) -> ClaimGroup:
    members = sorted(cluster.members)
    spans = [ClaimSpan(u.article, u.start, u.end, u.text) for u in (comparison.units[k] for k in members)]
    text = _representative(comparison, members)
    return ClaimGroup("", text, spans, score=cluster.link, shared_terms=_shared_terms(comparison, members))


def _representative(comparison: Comparison, members: list[int]) -> str:
    """The passage most similar to the others: the group's most typical wording."""
    inside = set(members)
    total = dict.fromkeys(members, 0.0)
    for k in members:
        for m in comparison.neighbours.get(k, ()):
            if m in inside:
                total[k] += comparison.pairs[(min(k, m), max(k, m))]
    return comparison.units[max(members, key=lambda k: (total[k], -k))].text


def _shared_terms(comparison: Comparison, members: list[int], limit: int = 8) -> list[str]:
    """Words found in passages of at least two outlets, rarest first: why they were matched."""
    seen: dict[str, set] = {}
    for k in members:
        for term in comparison.terms_of(k):
            seen.setdefault(term, set()).add(comparison.units[k].article)
    shared = sorted((t for t, arts in seen.items() if len(arts) >= 2), key=lambda t: (-comparison.idf.get(t, 0.0), t))
    surface = _surfaces(comparison, members, set(shared[:limit]))
    return [surface.get(t, t) for t in shared[:limit]]


def _surfaces(comparison: Comparison, members: list[int], wanted: set[str]) -> dict[str, str]:
    """Each wanted term as first written in the group (a stem is no word to show)."""
    found: dict[str, str] = {}
    for k in members:
        u = comparison.units[k]
        for term, word in written_terms(u.text[:1000], comparison.language.get(u.article, lang.DEFAULT)):
            if term in wanted and term not in found:
                found[term] = word
                if len(found) == len(wanted):
                    return found
    return found


def _drop_nested(groups: list[ClaimGroup]) -> list[ClaimGroup]:
    """A group whose passages all lie inside a bigger group's passages repeats it."""
    groups = sorted(groups, key=lambda g: -len(g.occurrences))
    kept: list[ClaimGroup] = []
    spans_of: dict[str, list[tuple[int, int, int]]] = {}  # article -> (start, end, kept group)
    for g in groups:
        first = g.occurrences[0]
        cands = {k for a, b, k in spans_of.get(first.article, []) if a <= first.start and first.end <= b}
        if not any(all(_held(o, kept[k]) for o in g.occurrences) for k in sorted(cands)):
            for o in g.occurrences:
                spans_of.setdefault(o.article, []).append((o.start, o.end, len(kept)))
            kept.append(g)
    return kept


def _held(o: ClaimSpan, big: ClaimGroup) -> bool:
    return any(o.article == p.article and p.start <= o.start and o.end <= p.end for p in big.occurrences)


def _uncovered(docs, sentences, groups: list[ClaimGroup]) -> list[ClaimGroup]:
    """One-outlet groups for the sentences no shared claim touches: unique coverage."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for g in groups:
        for o in g.occurrences:
            spans.setdefault(o.article, []).append((o.start, o.end))
    out = []
    for d in docs:
        taken = sorted(spans.get(d.id, []))
        starts = [a for a, _ in taken]
        reach = list(itertools.accumulate((b for _, b in taken), max))
        for s in sentences.get(d.id, []):
            k = bisect.bisect_left(starts, s.end) - 1
            if k < 0 or reach[k] <= s.start:
                out.append(ClaimGroup("", s.text, [ClaimSpan(d.id, s.start, s.end, s.text)]))
    return out
