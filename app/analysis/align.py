"""Group passages that state the same fact across outlets.

Passages (sentences and their clauses) found by blocking are scored by a logistic model over
lexical, meaning (embeddings.py) and quote evidence, then joined by sparse average-linkage
clustering: a passage joins a group only when it matches the group's members on average, so
A~B and B~C never drag an unrelated C into A's group. Strong links a clustered sentence has
elsewhere become claims too, and every sentence not wholly covered is a claim of its own.
"""

from __future__ import annotations

import bisect
import heapq
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from app.analysis import embeddings, evidence, lang, similarity
from app.analysis.clauses import Unit, sentence_units
from app.analysis.options import AnalysisOptions
from app.analysis.terms import content_terms_at as terms_at
from app.analysis.terms import is_title_term, written_terms
from app.analysis.types import Article, ClaimGroup, ClaimSpan, QuoteGroup, Sentence


@dataclass
class Comparison:
    """Passages with their pairwise similarities, shared with discrepancy detection."""

    units: list[Unit]
    pairs: dict[tuple[int, int], float]  # evidence-weighted similarity, pairs worth clustering
    idf: dict[str, float]
    lexical: dict[tuple[int, int], float] = field(default_factory=dict)  # word/char similarity of weaker pairs too
    neighbours: dict[int, list[int]] = field(default_factory=dict)  # unit -> units it has a pair with
    words: sp.csr_matrix | None = None  # the units' term matrix (scipy CSR), read for "why matched"
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
    articles: Counter[str]
    sentences: set[tuple[str, int]]
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
    clusters += _uncovered_links(comparison, clusters, options)
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

    A pair's similarity is a logistic score over its features (pair_features), with weights
    fitted on the development data as a whole (scripts/fit_pair_weights.py)."""
    found = pair_features(docs, sentences, options, quote_groups)
    if found.features is None:
        return Comparison(found.units, {}, {})
    score = np.where(found.fact >= options.min_fact_similarity, pair_score(found.features, options), 0.0)
    pairs = _pairs_at_least(found.i, found.j, score, options.min_edge_similarity)
    lex = _related(found.i, found.j, found.lexical, options)
    return Comparison(found.units, pairs, found.idf, lex, words=found.words, names=found.names, language=found.language)


FEATURES = ("fact", "char", "meaning", "contain", "quote", "short")


@dataclass
class PairFeatures:
    """Candidate pairs of passages (i < j, different articles) and what is known about each."""

    units: list[Unit]
    i: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    j: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    features: np.ndarray | None = None  # one row per pair, one column per FEATURES name
    lexical: np.ndarray = field(default_factory=lambda: np.zeros(0))  # word/char mix, for discrepancies
    fact: np.ndarray = field(default_factory=lambda: np.zeros(0))  # cosine over fact words only
    words: sp.csr_matrix | None = None
    names: list[str] = field(default_factory=list)
    idf: dict[str, float] = field(default_factory=dict)
    language: dict[str, str] = field(default_factory=dict)


def pair_features(
    docs: list[Article],
    sentences: dict[str, list[Sentence]],
    options: AnalysisOptions,
    quote_groups: list[QuoteGroup] | None = None,
) -> PairFeatures:
    """Candidates from blocking on shared rare terms (plus the pairs quoting the same words),
    with FEATURES: the cosine over fact words only (names, titles and numbers left out), the
    character n-gram and meaning cosines, the share of the shorter one's terms the other has,
    whether both quote the same words, and how short the shorter one is."""
    units = passages(docs, sentences, options)
    if len(units) < 2:
        return PairFeatures(units)
    texts = [u.text[: options.max_passage_chars] for u in units]
    art_index = {d.id: i for i, d in enumerate(docs)}
    articles = np.array([art_index[u.article] for u in units])
    doc_of = [hash((u.article, u.sentence)) for u in units]
    language = {d.id: d.language for d in docs}
    surface: dict[str, str] = {}
    capitals: Counter[str] = Counter()
    terms = _unit_terms(units, options.max_passage_chars, language, surface, capitals)
    words, names, idf = similarity.term_matrix(texts, doc_of, terms)
    i, j, _ = similarity.candidate_pairs(
        words, articles, options.candidates_per_passage, options.min_candidate_similarity
    )
    qi, qj = evidence.quote_pairs(
        units, quote_groups or [], articles, options.quote_evidence_min_words, options.candidates_per_passage
    )
    i, j = similarity.unique_pairs(np.r_[i, qi], np.r_[j, qj])
    uniq, inv, counts = similarity.distinct(texts)
    chars = similarity.char_matrix(uniq, counts=counts)
    word_cos = similarity.pair_cosines(words, i, j)
    char_cos = similarity.pair_cosines(chars, inv[i], inv[j])
    lexical = options.word_weight * word_cos + (1 - options.word_weight) * char_cos
    is_name = np.array([capitals.get(t, 0) > 0 for t in names], dtype=bool)
    fact = similarity.pair_cosines(_fact_columns(words, names, is_name), i, j)
    contain = _containment(words, idf, i, j)
    meaning = _meaning(words, names, surface, units, language, i, j)
    n_terms = np.diff(words.indptr)
    shortest = np.minimum(n_terms[i], n_terms[j])
    features = np.column_stack(
        [
            fact,
            char_cos,
            meaning,
            contain,
            evidence.pair_member(i, j, qi, qj).astype(np.float64),
            1.0 / (1.0 + shortest),
        ]
    )
    idf_of = dict(zip(names, idf.tolist(), strict=True))
    return PairFeatures(units, i, j, features, lexical, fact, words, names, idf_of, language)


def pair_score(features: np.ndarray, options: AnalysisOptions) -> np.ndarray:
    """The probability that a pair states one fact: a logistic model over FEATURES, rounded so
    that scores, and the groups built on them, are the same on every machine."""
    logit = features @ np.asarray(options.pair_weights, dtype=np.float64) + options.pair_bias
    return np.round(1.0 / (1.0 + np.exp(-logit)), 4)


def _containment(words: sp.csr_matrix, idf: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """IDF-weighted share of the shorter passage's terms that the other one has: a clause
    restating part of a long sentence is contained in it."""
    present = words.copy()
    present.data = np.sqrt(idf[present.indices])
    total = np.asarray(present.multiply(present).sum(axis=1)).ravel()
    shared = similarity.pair_cosines(present, i, j)
    return np.asarray(np.clip(shared / np.maximum(np.minimum(total[i], total[j]), 1e-9), 0.0, 1.0))


def _fact_columns(words: sp.csr_matrix, names: list[str], is_name: np.ndarray) -> sp.csr_matrix:
    """The term matrix with names (terms mostly written capitalised inside sentences), title
    words and numbers left out, rows L2-normalised: what a pair shares besides who and how many."""
    keep = np.array(
        [not (t.startswith("#") or is_name[k] or is_title_term(t)) for k, t in enumerate(names)], dtype=np.float64
    )
    m = similarity.scale_columns(words, keep)
    m.eliminate_zeros()
    return similarity.l2_rows(m)


def _evidence_groups(
    docs: list[Article],
    sentences: dict[str, list[Sentence]],
    comparison: Comparison,
    quote_groups: list[QuoteGroup],
    options: AnalysisOptions,
) -> list[ClaimGroup]:
    """Claims that structure shows even when wording differs: quoted statements."""
    if not options.quote_claims:
        return []
    return evidence.quote_claims(
        docs, sentences, quote_groups, options.quote_evidence_min_words, options.candidates_per_passage
    )


# A text's content terms: their starts, their ends, and (term, weight) pairs.
_Terms = tuple[list[int], list[int], list[tuple[str, float]]]
# A candidate merge: (-mean link, cluster a, cluster b, versions of a and b when queued).
_Link = tuple[float, int, int, int, int]


def _unit_terms(
    units: list[Unit], max_chars: int, language: dict[str, str], surface: dict[str, str], capitals: Counter[str]
) -> list[list[tuple[str, float]]]:
    """Each passage's content terms, read once per sentence: a clause takes its sentence's share
    (a slice, since a sentence's words are in order and never overlap). surface receives each
    term's first written form (lower-cased), the word its meaning vector is read for; capitals
    counts, per term, its capitalised occurrences past the first word of a body sentence minus
    its lower-case ones (above 0: a name)."""
    by_sentence: dict[tuple[str, int], tuple[int, _Terms]] = {}
    by_text: dict[str, _Terms] = {}  # wire copy repeats sentences verbatim across outlets
    out = []
    for u in units:
        key = (u.article, u.sentence)
        if key not in by_sentence or u.is_whole:
            if u.text not in by_text:
                found = terms_at(u.text, language.get(u.article, lang.DEFAULT))
                for n, (start, end, term, _) in enumerate(found):
                    surface.setdefault(term, u.text[start:end].lower())
                    if n and u.is_whole and not u.is_heading:
                        capitals[term] += 1 if u.text[start].isupper() else -1
                by_text[u.text] = ([f[0] for f in found], [f[1] for f in found], [(t, w) for _, _, t, w in found])
            by_sentence[key] = (u.start, by_text[u.text])
        base, (starts, ends, pairs) = by_sentence[key]
        a, b = u.start - base, min(u.end, u.start + max_chars) - base
        out.append(pairs[bisect.bisect_left(starts, a) : bisect.bisect_right(ends, b)])
    return out


def _meaning(
    words: sp.csr_matrix,
    names: list[str],
    surface: dict[str, str],
    units: list[Unit],
    language: dict[str, str],
    i: np.ndarray,
    j: np.ndarray,
) -> np.ndarray:
    """Cosine of the two passages' static embeddings (English passages only, as the model is;
    0 for others)."""
    if len(i) == 0:
        return np.zeros(0)
    english = np.array([language.get(u.article, lang.DEFAULT) == "en" for u in units])
    vectors = embeddings.passage_vectors(words, names, [surface.get(t, t) for t in names])
    vectors[~english] = 0.0
    return np.asarray(np.einsum("ij,ij->i", vectors[i], vectors[j]), dtype=np.float64)


def _related(
    i: np.ndarray, j: np.ndarray, lexical: np.ndarray, options: AnalysisOptions
) -> dict[tuple[int, int], float]:
    """The lexical similarity of the pairs discrepancy detection checks: at least
    weakly_related_similarity, and each passage's related_per_passage best only, so repetitive
    text (one template in every paragraph) cannot multiply the pairs it compares value by value."""
    keep = lexical >= options.weakly_related_similarity
    i, j, s = i[keep], j[keep], lexical[keep]
    ri, rj, rs = similarity.top_k_per_row(np.r_[i, j], np.r_[j, i], np.r_[s, s], options.related_per_passage)
    lo, hi = np.minimum(ri, rj), np.maximum(ri, rj)
    return dict(zip(zip(lo.tolist(), hi.tolist(), strict=True), rs.tolist(), strict=True))


def _pairs_at_least(i: np.ndarray, j: np.ndarray, score: np.ndarray, floor: float) -> dict[tuple[int, int], float]:
    keep = score >= floor
    return dict(zip(zip(i[keep].tolist(), j[keep].tolist(), strict=True), score[keep].tolist(), strict=True))


def _lexical(
    words: sp.csr_matrix, chars: sp.csr_matrix, i: np.ndarray, j: np.ndarray, row_of: np.ndarray, w: float
) -> np.ndarray:
    """Word and character cosines mixed; chars has a row per distinct text (row_of maps passages)."""
    return w * similarity.pair_cosines(words, i, j) + (1 - w) * similarity.pair_cosines(chars, row_of[i], row_of[j])


def passages(docs: list[Article], sentences: dict[str, list[Sentence]], options: AnalysisOptions) -> list[Unit]:
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
    heap: list[_Link] = [
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
            c.members.append(k)
            c.articles.update((u.article,))
            c.sentences.add((u.article, u.sentence))
        rep.append(c.members[0])
    return clusters, rep


def _uncovered_links(comparison: Comparison, clusters: list[_Cluster], options: AnalysisOptions) -> list[_Cluster]:
    """Strong links that no claim shows yet, strongest first: each joins a claim of one of its
    passages when it matches that claim's members on average, else becomes a claim of its own.

    Clustering gives every passage one claim, but a sentence stating several facts links to
    different sentences for each; without this, all but one of those links would be lost."""
    units = comparison.units
    holder: dict[tuple[str, int], list[_Cluster]] = {}  # sentence -> claims with a passage of it
    for c in clusters:
        for k in c.members:
            holder.setdefault((units[k].article, units[k].sentence), []).append(c)
    added: list[_Cluster] = []
    for (a, b), s in sorted(comparison.pairs.items(), key=lambda kv: (-kv[1], kv[0])):
        if s < options.link_threshold:
            break
        sa, sb = (units[a].article, units[a].sentence), (units[b].article, units[b].sentence)
        if {id(c) for c in holder.get(sa, [])} & {id(c) for c in holder.get(sb, [])}:
            continue
        target = _joinable(comparison, holder.get(sa, []), b, options) or _joinable(
            comparison, holder.get(sb, []), a, options
        )
        if target is None:
            target = _Cluster([a], Counter([units[a].article]), {sa}, link=s)
            added.append(target)
            holder.setdefault(sa, []).append(target)
            k = b
        else:
            k = b if sa in target.sentences else a
        target.members.append(k)
        target.articles[units[k].article] += 1
        target.sentences.add((units[k].article, units[k].sentence))
        holder.setdefault((units[k].article, units[k].sentence), []).append(target)
    return added


def _joinable(comparison: Comparison, candidates: list[_Cluster], k: int, options: AnalysisOptions) -> _Cluster | None:
    """The claim among candidates that passage k matches best on average (at least at the claim
    threshold), from an outlet the claim does not have yet."""
    art = comparison.units[k].article
    best, best_mean = None, options.claim_threshold
    for c in candidates:
        if art in c.articles:
            continue
        mean = sum(comparison.pairs.get((min(k, m), max(k, m)), 0.0) for m in c.members) / len(c.members)
        if mean >= best_mean:
            best, best_mean = c, mean
    return best


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
    clusters: dict[int, _Cluster], a: int, b: int, link: float, heap: list[_Link], threshold: float, limit: int
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
    shown = comparison.units[_representative(comparison, members)]
    return ClaimGroup(
        "", shown.text, spans, cluster.link, _shared_terms(comparison, members), text_article=shown.article
    )


def _representative(comparison: Comparison, members: list[int]) -> int:
    """The passage most similar to the others: the group's most typical wording."""
    inside = set(members)
    total = dict.fromkeys(members, 0.0)
    for k in members:
        for m in comparison.neighbours.get(k, ()):
            if m in inside:
                total[k] += comparison.pairs[(min(k, m), max(k, m))]
    return max(members, key=lambda k: (total[k], -k))


def _shared_terms(comparison: Comparison, members: list[int], limit: int = 8) -> list[str]:
    """Words found in passages of at least two outlets, rarest first: why they were matched."""
    seen: dict[str, set[str]] = {}
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


def _uncovered(docs: list[Article], sentences: dict[str, list[Sentence]], groups: list[ClaimGroup]) -> list[ClaimGroup]:
    """One-outlet groups for the sentences that shared claims do not cover whole: every word of
    an article stands in some claim (or in a removed span), even the words around a quote or
    beside a clause that another outlet also carries."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for g in groups:
        for o in g.occurrences:
            spans.setdefault(o.article, []).append((o.start, o.end))
    out = []
    for d in docs:
        merged = _union(spans.get(d.id, []))
        starts = [a for a, _ in merged]
        for s in sentences.get(d.id, []):
            if _has_uncovered_text(d.text, s.start, s.end, merged, starts):
                out.append(ClaimGroup("", s.text, [ClaimSpan(d.id, s.start, s.end, s.text)], text_article=d.id))
    return out


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint spans covering the same characters."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _has_uncovered_text(text: str, start: int, end: int, merged: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether text[start:end] has a non-blank character outside the merged spans."""
    k = max(0, bisect.bisect_right(starts, start) - 1)
    pos = start
    while pos < end:
        while k < len(merged) and merged[k][1] <= pos:
            k += 1
        if k < len(merged) and merged[k][0] <= pos:
            pos = merged[k][1]  # inside a claim's span: skip to its end
            continue
        nxt = min(end, merged[k][0]) if k < len(merged) else end
        if text[pos:nxt].strip():
            return True
        pos = nxt
    return False
