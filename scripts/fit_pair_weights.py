"""Fit the claim-pair model (AnalysisOptions.pair_weights, pair_bias) on the development data.

    .venv/bin/python scripts/fit_pair_weights.py [../shared]

Reads, at development time only, the annotated stories (shared/gold: every seed and second-story
claim) and the ECB+ development clusters (shared/dev/ecbplus: sentence pairs that mention one
event); nothing of them is copied into the repository. Each candidate pair of passages that
compare() would score is labelled: for a story, whether the two passages cover one gold claim
(half-span rule of the shared evaluator); for ECB+, whether their sentences are a gold pair, on
annotated sentences only. A logistic regression over align.FEATURES is fitted with each source
weighing the same in total (the 33 ECB+ clusters, the seed story and the second story: a third
each), so no one story decides the weights. Prints the weights to paste into options.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.analysis import align, boilerplate, quotes, segment  # noqa: E402
from app.analysis.options import AnalysisOptions  # noqa: E402
from app.analysis.types import Article  # noqa: E402

OPTIONS = AnalysisOptions()


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _covers(gold: tuple[int, int], pred: tuple[int, int]) -> bool:
    o = _overlap(gold, pred)
    return o > 0 and (o >= 0.5 * (gold[1] - gold[0]) or o >= 0.5 * (pred[1] - pred[0]))


def features_of(articles: list[dict]) -> align.PairFeatures:
    docs = [Article(a["id"], a["text"], a.get("outlet")) for a in articles]
    sentences = {d.id: segment.split_sentences(d, boilerplate.find_removed(d.text, OPTIONS), OPTIONS) for d in docs}
    spans = [q for d in docs for q in quotes.extract_quotes(d, sentences[d.id], OPTIONS)]
    return align.pair_features(docs, sentences, OPTIONS, quotes.group_quotes(spans, OPTIONS))


def story_pairs(gold_path: Path, folder: Path) -> tuple[np.ndarray, np.ndarray]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    texts = {a["id"]: (folder / a["file"]).read_text(encoding="utf-8") for a in gold["articles"]}
    spans = []
    for claim in gold["claims"]:
        used: set = set()
        for occ in claim["occurrences"]:
            s = occ.get("start")
            if s is None or texts[occ["article"]][s : s + len(occ["text"])] != occ["text"]:
                s = texts[occ["article"]].find(occ["text"])
            while (occ["article"], s) in used:
                s = texts[occ["article"]].find(occ["text"], s + 1)
            used.add((occ["article"], s))
            spans.append((claim["id"], occ["article"], (s, s + len(occ["text"]))))
    found = features_of([{"id": k, "text": t} for k, t in texts.items()])
    claims = [{c for c, a, span in spans if a == u.article and _covers(span, (u.start, u.end))} for u in found.units]
    labels = np.array([bool(claims[a] & claims[b]) for a, b in zip(found.i.tolist(), found.j.tolist(), strict=True)])
    return found.features, labels


def ecb_pairs(path: Path) -> tuple[np.ndarray, np.ndarray]:
    cluster = json.loads(path.read_text(encoding="utf-8"))
    arts = cluster["articles"]
    gold = {(i, si, j, sj) for i, si, j, sj, _ in cluster["pairs"]}
    index = {a["id"]: n for n, a in enumerate(arts)}
    found = features_of([{"id": a["id"], "text": a["text"], "outlet": a["outlet"]} for a in arts])

    def line_of(u) -> tuple[int, int] | None:
        n = index[u.article]
        for si, s in enumerate(arts[n]["sentences"]):
            shorter = min(u.end - u.start, s["end"] - s["start"])
            if shorter > 0 and _overlap((u.start, u.end), (s["start"], s["end"])) >= 0.5 * shorter:
                return (n, si) if s["annotated"] else None
        return None

    lines = [line_of(u) for u in found.units]
    keep, labels = [], []
    for k, (a, b) in enumerate(zip(found.i.tolist(), found.j.tolist(), strict=True)):
        la, lb = lines[a], lines[b]
        if la is None or lb is None:
            continue
        keep.append(k)
        labels.append((*min(la, lb), *max(la, lb)) in gold)
    return found.features[keep], np.array(labels, dtype=bool)


def fit(sources: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    x = np.concatenate([f for f, _ in sources])
    y = np.concatenate([lab for _, lab in sources]).astype(np.float64)
    weight = np.concatenate([np.full(len(lab), 1.0 / max(1, len(lab))) for _, lab in sources])
    weight *= len(weight) / weight.sum()
    xb = np.c_[x, np.ones(len(x))]
    sign = 2 * y - 1

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = sign * (xb @ w)
        value = float((weight * np.logaddexp(0.0, -z)).mean() + 1e-3 * (w[:-1] ** 2).sum())
        grad = xb.T @ (weight * -sign / (1.0 + np.exp(z))) / len(z)
        grad[:-1] += 2e-3 * w[:-1]
        return value, grad

    return minimize(loss, np.zeros(xb.shape[1]), jac=True, method="L-BFGS-B").x


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    ecb = [ecb_pairs(p) for p in sorted((shared / "dev" / "ecbplus").glob("topic_*.json"))]
    sources = [
        (np.concatenate([f for f, _ in ecb]), np.concatenate([lab for _, lab in ecb])),
        story_pairs(shared / "gold" / "seeds.gold.json", shared / "seeds"),
        story_pairs(shared / "gold" / "farenthold" / "gold.json", shared / "gold" / "farenthold"),
    ]
    for name, (_, lab) in zip(("ecb+", "seeds", "farenthold"), sources, strict=True):
        print(f"{name}: {len(lab)} candidate pairs, {lab.mean():.3f} positive")
    w = fit(sources)
    print("pair_weights =", tuple(round(float(v), 2) for v in w[:-1]), " # ", ", ".join(align.FEATURES))
    print("pair_bias =", round(float(w[-1]), 2))


if __name__ == "__main__":
    main()
