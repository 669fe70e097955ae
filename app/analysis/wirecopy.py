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

import numpy as np

from app.analysis.result import WireCopyResult, WirePair, WireShare

SHINGLE = 15
# With three or more articles, a shingle present in at least this share of them is common
# wording rather than copying.
COMMON_SHARE = 0.75
_BASE = np.uint64(1_000_003)

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
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

    def as_dict(self) -> dict:
        return self.as_result().model_dump(mode="json")


def normalise(text: str) -> Normalised:
    """Straighten quotes and collapse whitespace, remembering which characters are names."""
    straight = _SPACE.sub(" ", (text or "").translate(_QUOTES)).strip()
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
    marks = np.zeros(length + 1, dtype=np.int32)
    np.add.at(marks, starts, 1)
    np.add.at(marks, starts + SHINGLE, -1)
    return int(np.count_nonzero(np.cumsum(marks)[:length]))


def wire_copy(texts: Mapping[str, str]) -> WireCopy:
    """Verbatim overlap between every pair of articles, and each article's shared share."""
    keys = list(texts)
    norms = {k: normalise(texts[k]) for k in keys}
    shingles = {k: shingle_hashes(norms[k]) for k in keys}
    ignored = _common_hashes(shingles, len(keys))
    usable = {}
    for key, (hashes, names_only) in shingles.items():
        keep = ~names_only & ~np.isin(hashes, ignored)
        usable[key] = (hashes, keep, np.unique(hashes[keep]))
    pairs: dict[tuple[str, str], float] = {}
    shared_any = {k: np.zeros(len(usable[k][0]), dtype=bool) for k in keys}
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            pairs[(a, b)] = _pair_coverage(a, b, usable, norms, shared_any)
    shared = {
        k: (_covered(np.flatnonzero(shared_any[k]), len(norms[k].text)) / len(norms[k].text)) if norms[k].text else 0.0
        for k in keys
    }
    return WireCopy(shared, pairs, _partners(keys, pairs))


def _common_hashes(shingles: dict, count: int) -> np.ndarray:
    if count < 3:
        return np.zeros(0, dtype=np.uint64)
    uniques = [np.unique(h) for h, _ in shingles.values()]
    values, seen_in = np.unique(np.concatenate(uniques), return_counts=True)
    threshold = max(3, math.ceil(COMMON_SHARE * count))
    return values[seen_in >= threshold]


def _pair_coverage(a: str, b: str, usable: dict, norms: dict, shared_any: dict) -> float:
    hashes_a, keep_a, set_a = usable[a]
    hashes_b, keep_b, set_b = usable[b]
    common = np.intersect1d(set_a, set_b, assume_unique=True)
    if common.size == 0:
        return 0.0
    in_a = keep_a & np.isin(hashes_a, common)
    in_b = keep_b & np.isin(hashes_b, common)
    shared_any[a] |= in_a
    shared_any[b] |= in_b
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
