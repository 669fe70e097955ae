"""The meaning signal: static word vectors distilled from the sentence-embedding model
all-MiniLM-L6-v2, so paraphrases ("troops" / "soldiers", "truce" / "ceasefire") score as
related even when they share no word.

A full transformer pass over every passage costs about 0.3 ms per token here, some seconds
per comparison, so the model is distilled once, by ``scripts/distill_static_embeddings.py``,
into one vector per word piece of its vocabulary (the model's output for that piece alone,
reduced by PCA, as in Model2Vec). A passage's vector is then the weighted mean of its content
words' vectors, with the comparison's own TF-IDF weights: a sparse-by-dense product, no model
run at analysis time.

The table is read once per process and only when its bytes hash to the pinned sha256; the
distilling script reads the model's weights only when they hash to the sha256 its official
release publishes. Either check refuses altered bytes with IntegrityError. Model licence:
Apache-2.0 (``app/analysis/data/MINILM_NOTICE.txt``).
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp

DATA = Path(__file__).resolve().parent / "data"
TABLE = DATA / "minilm_static.npz"
# sha256 of the committed table (written by scripts/distill_static_embeddings.py)
TABLE_SHA256 = "0eb6281058fcecb6a86c9504113966568b3c3ce86580d117fec2dc6c5a6c5546"
# The official release the table is derived from: sentence-transformers/all-MiniLM-L6-v2 at
# revision 1110a243fdf4706b3f48f1d95db1a4f5529b4d41, file model.safetensors.
SOURCE_REVISION = "1110a243fdf4706b3f48f1d95db1a4f5529b4d41"
SOURCE_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


class IntegrityError(RuntimeError):
    """Model bytes that are not the pinned ones: never used."""


def verified_bytes(data: bytes, expected_sha256: str, what: str) -> bytes:
    """data itself when its sha256 is the pinned one; IntegrityError otherwise."""
    got = hashlib.sha256(data).hexdigest()
    if got != expected_sha256:
        raise IntegrityError(f"{what}: sha256 {got} is not the pinned {expected_sha256}; refusing to use these bytes")
    return data


class StaticVectors:
    """Vectors of word pieces, and of the English words the model splits (by term), kept as the
    table stores them (int8 and a scale per row: 18 MB, not 74 MB of floats in every worker) and
    turned into unit float vectors one word at a time, as words are met."""

    def __init__(
        self,
        pieces: list[str],
        vectors: np.ndarray,
        scales: np.ndarray,
        terms: list[str] | None = None,
        term_vectors: np.ndarray | None = None,
        term_scales: np.ndarray | None = None,
    ):
        self.vectors, self.scales = vectors, scales.astype(np.float32)
        self.dim = vectors.shape[1]
        self.row = {p: k for k, p in enumerate(pieces)}
        self.term_row = {t: k for k, t in enumerate(terms or [])}
        self.term_vectors = term_vectors if term_vectors is not None else vectors[:0]
        self.term_scales = (term_scales if term_scales is not None else scales[:0]).astype(np.float32)
        self._zero = np.zeros(self.dim, dtype=np.float32)

    @classmethod
    def load(cls, raw: bytes) -> StaticVectors:
        with np.load(io.BytesIO(raw), allow_pickle=False) as z:
            return cls(
                z["pieces"].tolist(),
                z["vectors"],
                z["scales"],
                z["terms"].tolist(),
                z["term_vectors"],
                z["term_scales"],
            )

    @classmethod
    def from_pieces(cls, pieces: list[str]) -> StaticVectors:
        """A table that only splits words (all vectors zero): what the distilling script needs."""
        return cls(pieces, np.zeros((len(pieces), 1), dtype=np.int8), np.zeros(len(pieces)))

    @lru_cache(maxsize=100_000)  # noqa: B019 - one table per process, terms repeat across calls
    def term(self, term: str, word: str) -> np.ndarray:
        """The unit vector of an English term (a terms.stem form) when the table has the word
        whole, else the mean of the word's pieces."""
        k = self.term_row.get(term)
        if k is None:
            return self.word(word)
        return _unit(self.term_vectors[k].astype(np.float32) * self.term_scales[k], self._zero)

    @lru_cache(maxsize=100_000)  # noqa: B019 - one table per process, words repeat across calls
    def word(self, word: str) -> np.ndarray:
        """The mean of the word's WordPiece vectors (zero when none is known), unit length."""
        rows = [self.row[p] for p in self.pieces(word)]
        if not rows:
            return self._zero
        pieces = self.vectors[rows].astype(np.float32) * self.scales[rows, None]
        return _unit(np.mean([_unit(v, self._zero) for v in pieces], axis=0), self._zero)

    def pieces(self, word: str) -> list[str]:
        """BERT's uncased WordPiece split: accents stripped, punctuation dropped, then the longest
        known piece first ("reimburse" -> "rei", "##mb", "##urse"); unknown words give none."""
        out: list[str] = []
        for chunk in _basic_split(word):
            if not unicodedata.category(chunk[0]).startswith("P"):  # "rubio's": rubio and s, no "'"
                out.extend(self._wordpiece(chunk))
        return out

    def _wordpiece(self, chunk: str) -> list[str]:
        if len(chunk) > 100:
            return []
        found, start = [], 0
        while start < len(chunk):
            end = len(chunk)
            while end > start:
                piece = chunk[start:end] if start == 0 else "##" + chunk[start:end]
                if piece in self.row:
                    found.append(piece)
                    break
                end -= 1
            if end == start:
                return []  # BERT maps the whole chunk to [UNK]: no meaning to add
            start = end
        return found


def _basic_split(word: str) -> list[str]:
    text = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if unicodedata.category(c) != "Mn")
    chunks: list[str] = []
    current: list[str] = []
    for c in text:
        if unicodedata.category(c).startswith("P") or c.isspace():
            if current:
                chunks.append("".join(current))
                current = []
            if not c.isspace():
                chunks.append(c)
        else:
            current.append(c)
    if current:
        chunks.append("".join(current))
    return chunks


def _unit(v: np.ndarray, zero: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return (v / n).astype(np.float32) if n > 0 else zero


def passage_vectors(
    weights: sp.csr_matrix, terms: list[str], words: list[str], table: StaticVectors | None = None
) -> np.ndarray:
    """Unit vectors of passages: their TF-IDF weights (a sparse passages x terms matrix) times
    the vectors of the terms, so a passage means what its weighted content words mean."""
    table = table or static_vectors()
    vectors = [table.term(t, w) for t, w in zip(terms, words, strict=True)]
    term_vectors = np.stack(vectors) if vectors else np.zeros((0, table.dim), np.float32)
    out = np.asarray(weights @ term_vectors, dtype=np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1.0, norms)


@cache
def static_vectors(path: Path = TABLE, sha256: str = TABLE_SHA256) -> StaticVectors:
    """The table, read and checked once per process."""
    return StaticVectors.load(verified_bytes(path.read_bytes(), sha256, str(path)))
