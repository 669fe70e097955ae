"""Wire copy: how much of each article is word-for-word the same as another outlet's.

Churnalism-style: texts are normalised (curly quotes to straight, case folded, runs of
whitespace to one space), cut into overlapping 15-character shingles, and each shingle is
hashed with a rolling polynomial hash computed for all positions at once with numpy.
Shingles found in most of the articles (stock phrases, the story's own key words) and
shingles made only of capitalised names ("President Donald Trump") say nothing about
copying, so they are ignored. Coverage of a pair is shared / (len A + len B - shared),
so identical texts give 1.0 and unrelated texts 0.0.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from app.analysis.normalize import fold
from app.analysis.result import WireCopyResult, WirePair, WireShare

SHINGLE = 15
# With three or more articles, a shingle present in at least this share of them is common
# wording rather than copying.
COMMON_SHARE = 0.75
_BASE = np.uint64(1_000_003)
# Up to PAIR_BUDGET pairs (about 60 articles) every pair is measured; beyond, each article's
# PARTNERS_PER_ARTICLE likeliest partners only, so cost stays linear in the articles.
PAIR_BUDGET = 2_000
PARTNERS_PER_ARTICLE = 8

# Per article: its shingle hashes, which of them count, and the distinct ones that count.
Usable = tuple[np.ndarray, np.ndarray, np.ndarray]
_SPACE = re.compile(r"\s+")
# A run of capitalised words (and the spaces between them): names, titles, places.
_NAME_RUN = re.compile(r"[A-Z][\w'.-]*(?: [A-Z][\w'.-]*)*")


@dataclass(frozen=True)
class Normalised:
    text: str  # lower-cased, quotes straightened, whitespace collapsed
    name_mask: np.ndarray  # True where the character is part of a run of capitalised words


@dataclass(frozen=True)
class WireCopy:
    """``shared``: per article, the share of its characters also found in another article.

    ``pairs``: (a, b) -> coverage in [0, 1]; ``partner``: per article, the article it shares most with.
    """

    shared: dict[str, float]
    pairs: dict[tuple[str, str], float]
    partner: dict[str, str | None]

    def as_result(self) -> WireCopyResult:
        return WireCopyResult(
            shingle=SHINGLE,
            articles=[
                WireShare(article=key, shared=round(value, 4), partner=self.partner.get(key))
                for key, value in self.shared.items()
            ],
            pairs=[WirePair(a=a, b=b, coverage=round(c, 4)) for (a, b), c in self.pairs.items()],
        )

    def as_dict(self) -> dict[str, Any]:
        return self.as_result().model_dump(mode="json")


def normalise(text: str) -> Normalised:
    """Straighten quotes and collapse whitespace, remembering which characters are names."""
    straight = _SPACE.sub(" ", fold(text or "")).strip()
    mask = np.zeros(len(straight), dtype=bool)
    for match in _NAME_RUN.finditer(straight):
        mask[match.start() : match.end()] = True
    return Normalised(straight.lower(), mask)


def shingle_hashes(norm: Normalised) -> tuple[np.ndarray, np.ndarray]:
    """Hash of every 15-character window, and whether that window is names only."""
    n = len(norm.text) - SHINGLE + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=bool)
    codes = np.frombuffer(norm.text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    hashes = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):  # arithmetic modulo 2**64 is the point
        for offset in range(SHINGLE):
            hashes = hashes * _BASE + codes[offset : offset + n]
    # Names only: every character of the window lies in a run of capitalised words.
    in_names = np.concatenate(([0], np.cumsum(norm.name_mask, dtype=np.int64)))
    names_only = (in_names[SHINGLE:] - in_names[:n]) == SHINGLE
    return hashes, names_only


def _covered(starts: np.ndarray, length: int) -> int:
    """How many characters the 15-character windows starting at ``starts`` cover."""
    if starts.size == 0:
        return 0
    opened = np.bincount(starts, minlength=length + SHINGLE)
    closed = np.bincount(starts + SHINGLE, minlength=length + SHINGLE)
    return int(np.count_nonzero(np.cumsum(opened - closed)[:length]))


def wire_copy(texts: Mapping[str, str], partners_per_article: int = PARTNERS_PER_ARTICLE) -> WireCopy:
    """Verbatim overlap between pairs of articles, and each article's shared share.

    Work grows linearly with the articles: a character counts as shared when its window's
    hash occurs in another article (one pass over all hashes), and pair coverage is measured
    for every pair up to ``PAIR_BUDGET`` pairs, else only for each article's
    ``partners_per_article`` likeliest partners (by Jaccard of their window sets).
    """
    keys = list(texts)
    norms = {k: normalise(texts[k]) for k in keys}
    shingles = {k: shingle_hashes(norms[k]) for k in keys}
    ignored = _common_hashes(shingles, len(keys))
    usable: dict[str, Usable] = {}
    for key, (hashes, names_only) in shingles.items():
        keep = ~names_only & ~np.isin(hashes, ignored)
        usable[key] = (hashes, keep, np.unique(hashes[keep]))
    in_other = _hashes_in_several(usable)
    shared = {}
    for k in keys:
        hashes, keep, _ = usable[k]
        starts = np.flatnonzero(keep & np.isin(hashes, in_other))
        shared[k] = _covered(starts, len(norms[k].text)) / len(norms[k].text) if norms[k].text else 0.0
    pairs = {
        (a, b): _pair_coverage(a, b, usable, norms) for a, b in _candidate_pairs(keys, usable, partners_per_article)
    }
    return WireCopy(shared, pairs, _partners(keys, pairs))


def _hashes_in_several(usable: dict[str, Usable]) -> np.ndarray:
    """Usable window hashes that occur in at least two articles."""
    if not usable:
        return np.zeros(0, dtype=np.uint64)
    values, seen_in = np.unique(np.concatenate([u for _, _, u in usable.values()]), return_counts=True)
    return values[seen_in >= 2]


def _candidate_pairs(keys: list[str], usable: dict[str, Usable], per_article: int) -> list[tuple[str, str]]:
    """Each article with the others most like it by shared windows, in input order."""
    n = len(keys)
    if n * (n - 1) // 2 <= PAIR_BUDGET:
        return [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :]]
    uniques = [usable[k][2] for k in keys]
    values, column = np.unique(np.concatenate(uniques), return_inverse=True)
    rows = np.repeat(np.arange(n), [u.size for u in uniques])
    member = sp.csr_matrix((np.ones(rows.size, dtype=np.float32), (rows, column)), shape=(n, values.size))
    common = (member @ member.T).toarray()
    sizes = np.array([u.size for u in uniques], dtype=np.float64)
    union = sizes[:, None] + sizes[None, :] - common
    likeness = np.divide(common, union, out=np.zeros_like(common, dtype=np.float64), where=union > 0)
    np.fill_diagonal(likeness, -1.0)
    chosen = set()
    for i in range(n):
        # Jaccard of the window sets approximates coverage; stable sort keeps ties in input order
        for j in np.argsort(-likeness[i], kind="stable")[:per_article]:
            chosen.add((min(i, int(j)), max(i, int(j))))
    return [(keys[i], keys[j]) for i, j in sorted(chosen)]


def _common_hashes(shingles: dict[str, tuple[np.ndarray, np.ndarray]], count: int) -> np.ndarray:
    if count < 3:
        return np.zeros(0, dtype=np.uint64)
    uniques = [np.unique(h) for h, _ in shingles.values()]
    values, seen_in = np.unique(np.concatenate(uniques), return_counts=True)
    threshold = max(3, math.ceil(COMMON_SHARE * count))
    return values[seen_in >= threshold]


def _pair_coverage(a: str, b: str, usable: dict[str, Usable], norms: dict[str, Normalised]) -> float:
    hashes_a, keep_a, set_a = usable[a]
    hashes_b, keep_b, set_b = usable[b]
    common = np.intersect1d(set_a, set_b, assume_unique=True)
    if common.size == 0:
        return 0.0
    in_a = keep_a & np.isin(hashes_a, common)
    in_b = keep_b & np.isin(hashes_b, common)
    len_a, len_b = len(norms[a].text), len(norms[b].text)
    # Characters covered differ slightly between the two sides (repeats); take the mean.
    shared = (_covered(np.flatnonzero(in_a), len_a) + _covered(np.flatnonzero(in_b), len_b)) / 2
    union = len_a + len_b - shared
    return float(shared / union) if union > 0 else 0.0


def _partners(keys: list[str], pairs: dict[tuple[str, str], float]) -> dict[str, str | None]:
    best: dict[str, tuple[float, str | None]] = dict.fromkeys(keys, (0.0, None))
    for (a, b), coverage in pairs.items():
        if coverage > best[a][0]:
            best[a] = (coverage, b)
        if coverage > best[b][0]:
            best[b] = (coverage, a)
    return {k: v[1] for k, v in best.items()}
