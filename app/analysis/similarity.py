"""Vectorised similarity between short passages: TF-IDF over stemmed content words and
over character n-grams, with candidate pairs found by sparse matrix products.

Estimating IDF from the comparison's own sentences (smoothed) keeps the statistics
meaningful for two short articles as well as for fifty long ones; no pair loop in Python.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from app.analysis.terms import content_terms


def term_matrix(
    texts: Sequence[str], doc_of: Sequence[int], terms: Sequence[list[tuple[str, float]]] | None = None
) -> tuple[sp.csr_matrix, list[str], np.ndarray]:
    """Rows: L2-normalised TF-IDF of each text; IDF counts each doc (sentence) once.

    terms: each text's (term, weight) list when the caller has it (clauses share their sentence's)."""
    found: dict[str, list[tuple[str, float]]] = {}  # this call's texts: wire copy repeats sentences verbatim
    rows = []
    for r, text in enumerate(texts):
        if text not in found:
            found[text] = content_terms(text) if terms is None else terms[r]
        rows.append(found[text])
    return weighted_term_matrix(rows, doc_of)


def weighted_term_matrix(
    rows: Sequence[list[tuple[str, float]]], doc_of: Sequence[int], prior_documents: float = 5.0
) -> tuple[sp.csr_matrix, list[str], np.ndarray]:
    """L2-normalised TF-IDF of rows of (term, weight); a term's TF is its largest weight in the row.

    IDF is log((docs + prior_documents) / (df + 1)) + 1: a prior of a few documents keeps tiny
    stories sane; 1 is scikit-learn's smoothed IDF. A row object given twice is weighed once."""
    vocab: dict[str, int] = {}
    row_of: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    seen: dict[int, dict[int, float]] = {}
    for r, row in enumerate(rows):
        weights = seen.get(id(row))
        if weights is None:
            weights = seen[id(row)] = _weights(row, vocab)
        row_of.extend([r] * len(weights))
        cols.extend(weights)
        vals.extend(weights.values())
    shape = (len(rows), max(1, len(vocab)))
    tf = sp.csr_matrix((np.asarray(vals, dtype=np.float64), (row_of, cols)), shape=shape)
    idf = _idf(tf, doc_of, prior_documents)
    names = [""] * shape[1]
    for term, j in vocab.items():
        names[j] = term
    return l2_rows(scale_columns(tf, idf)), names, idf


def _weights(found: list[tuple[str, float]], vocab: dict[str, int]) -> dict[int, float]:
    """Column -> weight of a text's content terms, adding new terms to vocab."""
    weights: dict[int, float] = {}
    for term, w in found:
        j = vocab.setdefault(term, len(vocab))
        weights[j] = max(weights.get(j, 0.0), w)
    return weights


def _idf(tf: sp.csr_matrix, doc_of: Sequence[int], prior_documents: float) -> np.ndarray:
    """Smoothed IDF over distinct docs."""
    if tf.shape[0] == 0:
        return np.ones(tf.shape[1])
    _, docs = np.unique(np.asarray(doc_of), return_inverse=True)
    docs = docs.ravel().astype(np.int64)
    coo = tf.tocoo()
    # (doc, term) pairs as one integer each: np.unique over columns of a 2-row array is far slower
    keys = _sorted_unique(docs[coo.row] * tf.shape[1] + coo.col)
    df = np.bincount(keys % tf.shape[1], minlength=tf.shape[1]).astype(np.float64)
    n = float(docs.max() + 1)
    return np.log((n + prior_documents) / (df + 1.0)) + 1.0


def char_matrix(
    texts: Sequence[str], n: int = 4, max_chars: int = 600, counts: np.ndarray | None = None
) -> sp.csr_matrix:
    """L2-normalised TF-IDF of hashed character n-grams, robust to spelling and inflection.

    All texts are hashed in one vectorised pass; columns are only the n-grams present.
    counts: how many passages each (distinct) text stands for, so IDF is as if all were given."""
    r_idx, grams = _char_grams(texts, n, max_chars)
    if len(grams) == 0:
        return sp.csr_matrix((len(texts), 1))
    uniq, cols = np.unique(grams, return_inverse=True)  # one sort, no binary search per gram
    shape = (len(texts), len(uniq))
    # keys come sorted by (row, gram), so the CSR arrays can be written directly
    indptr = np.r_[0, np.cumsum(np.bincount(r_idx, minlength=shape[0]))]
    tf = sp.csr_matrix((np.ones(len(r_idx)), cols.ravel(), indptr), shape=shape)
    counts = np.ones(shape[0]) if counts is None else np.asarray(counts, dtype=np.float64)
    df = np.bincount(tf.indices, weights=counts[r_idx], minlength=shape[1])
    idf = np.log((counts.sum() + 1.0) / (df + 1.0)) + 1.0
    return l2_rows(scale_columns(tf, idf))


def _char_grams(texts: Sequence[str], n: int, max_chars: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, hash) of each distinct n-gram of each text (whitespace collapsed, padded)."""
    padded = [" " + " ".join(t.lower().replace("’", "'")[:max_chars].split()) + " " for t in texts]
    lengths = np.array([len(p) for p in padded], dtype=np.int64)
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    if len(codes) < n:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    h = np.zeros(len(codes) - n + 1, dtype=np.int64)
    for k in range(n):
        h = (h * 1_000_003 + codes[k : len(codes) - n + 1 + k]) % 2_147_483_647
    row = np.repeat(np.arange(len(texts)), lengths)[: len(h)]
    ends = np.cumsum(lengths)
    inside = np.arange(len(h)) + n <= ends[row]  # the gram lies within its own text
    keys = _sorted_unique(row[inside] * (1 << 20) + h[inside] % (1 << 20))
    return keys >> 20, keys & ((1 << 20) - 1)


def _sorted_unique(a: np.ndarray) -> np.ndarray:
    """np.unique by sorting (its hash path is slower on millions of int64 keys)."""
    a = np.sort(a)
    return a[np.r_[True, a[1:] != a[:-1]]] if len(a) else a


def scale_columns(m: sp.csr_matrix, w: np.ndarray) -> sp.csr_matrix:
    """m with column j multiplied by w[j], without building a diagonal matrix."""
    m = sp.csr_matrix(m, copy=True)
    m.data = m.data * w[m.indices]
    return m


def l2_rows(m: sp.csr_matrix) -> sp.csr_matrix:
    m = sp.csr_matrix(m, copy=True)
    row_of = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    norms = np.sqrt(np.bincount(row_of, weights=m.data**2, minlength=m.shape[0]))
    norms[norms == 0] = 1.0
    m.data = m.data / norms[row_of]
    return m


def candidate_pairs(
    m: sp.csr_matrix, group_of: np.ndarray, top_k: int, min_sim: float, block: int = 512
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, cosine) with i < j from different groups, each row's top_k best, by blocks.

    Terms found in very many rows are left out of the search (not of the score): they
    would make the product dense, and a pair sharing only them is no candidate anyway."""
    df = np.bincount(m.indices, minlength=m.shape[1])
    common = df > max(200, 0.02 * m.shape[0])
    mt = scale_columns(m, (~common).astype(np.float64)).T.tocsc()
    mt.eliminate_zeros()
    out_i, out_j, out_s = [], [], []
    for lo in range(0, m.shape[0], block):
        prod = (m[lo : lo + block] @ mt).tocoo()
        prod.data = prod.data.astype(np.float64)
        i, j, s = prod.row + lo, prod.col, prod.data
        keep = (s >= min_sim) & (group_of[i] != group_of[j])
        i, j, s = top_k_per_row(i[keep], j[keep], s[keep], top_k)
        out_i.append(i)
        out_j.append(j)
        out_s.append(s)
    i, j, s = (np.concatenate(x) if x else np.zeros(0) for x in (out_i, out_j, out_s))
    return _symmetric_unique(i.astype(np.int64), j.astype(np.int64), s)


def top_k_per_row(i: np.ndarray, j: np.ndarray, s: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    order = np.lexsort((-s, i))
    i, j, s = i[order], j[order], s[order]
    if len(i) == 0:
        return i, j, s
    starts = np.r_[0, np.flatnonzero(np.diff(i)) + 1]
    rank = np.arange(len(i)) - np.repeat(starts, np.diff(np.r_[starts, len(i)]))
    keep = rank < k
    return i[keep], j[keep], s[keep]


def _symmetric_unique(i: np.ndarray, j: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    if len(lo) == 0:
        return lo, hi, s
    _, first = np.unique(lo * (int(hi.max()) + 1) + hi, return_index=True)
    return lo[first], hi[first], s[first]


def unique_pairs(i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(i, j) pairs with i < j, each once."""
    lo, hi = np.minimum(i, j).astype(np.int64), np.maximum(i, j).astype(np.int64)
    if len(lo) == 0:
        return lo, hi
    _, first = np.unique(lo * (int(hi.max()) + 1) + hi, return_index=True)
    return lo[first], hi[first]


def pair_cosines(
    m: sp.csr_matrix, i: np.ndarray, j: np.ndarray, chunk: int = 20000, dense_rows: int = 2000
) -> np.ndarray:
    """Cosine of given row pairs of an L2-normalised matrix.

    A few thousand rows: one product read densely (fast, small). More: row pairs multiplied in chunks."""
    if m.shape[0] <= dense_rows and len(i):
        cosines: np.ndarray = (m @ m.T).toarray()[i, j]  # numpy types fancy indexing as Any
        return cosines
    out = [
        np.asarray(m[i[a : a + chunk]].multiply(m[j[a : a + chunk]]).sum(axis=1)).ravel()
        for a in range(0, len(i), chunk)
    ]
    return np.concatenate(out) if out else np.zeros(0)


def distinct(texts: Sequence[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The distinct texts, each text's index among them, and how often each occurs:
    wire copy repeats passages verbatim, and a text's n-grams need hashing only once."""
    index: dict[str, int] = {}
    inv = np.fromiter((index.setdefault(t, len(index)) for t in texts), dtype=np.int64, count=len(texts))
    return list(index), inv, np.bincount(inv, minlength=len(index)).astype(np.float64)


def components(count: int, edges: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Nodes 0..count-1 grouped by connection (singletons too): each group in increasing order,
    groups ordered by their smallest node, so callers see a stable first-seen order."""
    if count == 0:
        return []
    ends = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    graph = sp.coo_matrix((np.ones(len(ends)), (ends[:, 0], ends[:, 1])), shape=(count, count))
    _, labels = connected_components(graph, directed=False)
    groups: dict[int, list[int]] = {}
    for node, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(node)
    return list(groups.values())
