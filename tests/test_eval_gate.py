"""Quality gate: compare() on the annotated stories must not fall below pinned floors.

The scorer follows the shared evaluation's rules (claims as aligned pairs with a
half-coverage span match, an include/omit matrix, and hard discrepancies found by value
spans), re-written here so the test needs nothing outside the repository.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from app.analysis import compare

DATA = Path(__file__).parent / "data"
STORIES = {
    "seeds": (DATA / "seeds.gold.json", DATA / "seeds"),
    "farenthold": (DATA / "farenthold" / "gold.json", DATA / "farenthold"),
}
FLOORS = json.loads((Path(__file__).parent / "eval_floors.json").read_text(encoding="utf-8"))
# The shared development corpora lie beside the checkout (as in CI); they are read, never copied here.
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def _overlap(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _covers(g, p):
    o = _overlap(g, p)
    return o > 0 and (o >= 0.5 * (g[1] - g[0]) or o >= 0.5 * (p[1] - p[0]))


def _start(text: str, occ: dict, used: set, key: str = "text") -> int:
    s = occ.get("start")
    if s is None or text[s : s + len(occ[key])] != occ[key]:
        s = 0
        while (s := text.find(occ[key], s)) >= 0 and (s, s + len(occ[key])) in used:
            s += 1
    used.add((s, s + len(occ[key])))
    return s


def _gold_spans(items, texts):
    spans = []
    for item in items:
        used = {a: set() for a in texts}
        for occ in item.get("occurrences") or item["values"]:
            s = _start(texts[occ["article"]], occ, used[occ["article"]])
            spans.append((item["id"], occ["article"], (s, s + len(occ["text"])), occ))
    return spans


def _claims(gold, texts, result) -> dict:
    g = _gold_spans(gold["claims"], texts)
    pred = [(c["id"], o["article"], (o["start"], o["end"])) for c in result["claims"] for o in c["occurrences"]]
    pred_at = {(a, s): {p for p, pa, ps in pred if pa == a and _covers(s, ps)} for _, a, s, _ in g}
    gold_at = {(pa, ps): {c for c, a, s, _ in g if a == pa and _covers(s, ps)} for _, pa, ps in pred}
    pairs = {
        tuple(sorted([(a1, s1), (a2, s2)]))
        for (c1, a1, s1, _), (c2, a2, s2, _) in itertools.combinations(g, 2)
        if c1 == c2 and a1 != a2
    }
    found = sum(1 for u, v in pairs if pred_at[u] & pred_at[v])
    by_group: dict = {}
    for pid, pa, ps in pred:
        by_group.setdefault(pid, []).append((pa, ps))
    shown = right = 0
    aligned = {a: [] for a in texts}
    for occ in by_group.values():
        for (a1, s1), (a2, s2) in itertools.combinations(sorted(set(occ)), 2):
            if a1 != a2:
                shown += 1
                g1, g2 = gold_at[(a1, s1)], gold_at[(a2, s2)]
                right += bool(g1 & g2)
                aligned[a1].append((g1, g2))
                aligned[a2].append((g2, g1))
    p = right / shown if shown else 0.0
    r = found / len(pairs) if pairs else 1.0
    cells = correct = 0
    for claim in gold["claims"]:
        arts = {a for c, a, _, _ in g if c == claim["id"]}
        if len(arts) < 2:
            continue
        for a in texts:
            c = claim["id"]
            if a in arts:
                got = any(c in mine and c in other for mine, other in aligned[a])
            else:
                got = any(c in other and not (mine & other) for mine, other in aligned[a])
            cells += 1
            correct += got == (a in arts)
    return {"claims.pair_f1": 2 * p * r / (p + r) if p + r else 0.0, "claims.matrix_accuracy": correct / max(cells, 1)}


def _discrepancies(gold, texts, result) -> dict:
    pred = result["discrepancies"]
    hard = [d for d in gold["discrepancies"] if d.get("severity") != "soft"]
    hit, found = set(), 0
    for d in gold["discrepancies"]:
        used = {a: set() for a in texts}
        spans = []
        for v in d["values"]:
            s = _start(texts[v["article"]], v, used[v["article"]])
            i = v["text"].find(v["value"])
            spans.append(
                (
                    v["article"],
                    (s + i, s + i + len(v["value"])) if i >= 0 else (s, s + len(v["text"])),
                    v["value"].lower(),
                )
            )
        ok = False
        for k, pd in enumerate(pred):
            vals = {
                val
                for pv in pd["values"]
                for a, sp, val in spans
                if pv["article"] == a and _overlap(sp, (pv["start"], pv["end"])) > 0
            }
            if len(vals) >= 2:
                ok = True
                hit.add(k)
        found += ok and d in hard
    return {
        "discrepancies.recall": found / len(hard) if hard else 1.0,
        "discrepancies.precision": len(hit) / len(pred) if pred else (1.0 if not hard else 0.0),
    }


@pytest.mark.parametrize("story", [s for s in sorted(FLOORS) if s in STORIES])
def test_quality_does_not_regress(story):
    gold_path, folder = STORIES[story]
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    texts = {a["id"]: (folder / a["file"]).read_text(encoding="utf-8") for a in gold["articles"]}
    result = compare([{"id": a["id"], "text": texts[a["id"]], "outlet": a["id"]} for a in gold["articles"]])
    figures = _claims(gold, texts, result) | _discrepancies(gold, texts, result)
    low = {k: round(figures[k], 3) for k, floor in FLOORS[story].items() if figures[k] < floor}
    assert not low, f"{story}: below floor {low}"


@pytest.mark.slow  # scores compare() on the PolNeAR splits: about 20 s
def test_polnear_quotes_do_not_regress():
    """Direct-quote recall, precision and named-speaker accuracy on PolNeAR train and dev, scored by the
    shared evaluator (each article through compare() alone)."""
    evaluator = SHARED / "tools" / "eval_dev.py"
    data = SHARED / "dev" / "polnear"
    missing = [str(p) for p in (evaluator, data / "direct_quotes.jsonl", data / "text") if not p.exists()]
    if missing:
        pytest.fail(f"the PolNeAR gate needs the shared development data beside the checkout; missing: {missing}")
    import importlib.util

    spec = importlib.util.spec_from_file_location("eval_dev", evaluator)
    eval_dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(eval_dev)
    figures = eval_dev.eval_quotes(compare, SHARED / "dev", 0)
    low = {
        f"{split}.{k}": figures[split][k]
        for split, floors in FLOORS["polnear"].items()
        for k, floor in floors.items()
        if figures[split][k] < floor
    }
    assert not low, f"PolNeAR below floor {low}"
    assert not any(figures[s]["errors"] or figures[s]["span_problems"] for s in figures), "compare() failed on PolNeAR"


def _shared_tool(name: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, SHARED / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow  # all ECB+ development clusters
def test_ecb_sentence_alignment_does_not_regress():
    """Precision and recall of the sentence pairs shown on the 33 ECB+ development clusters, scored by
    the shared evaluator (annotated sentence pairs only, micro-averaged over clusters)."""
    missing = [str(p) for p in (SHARED / "tools" / "eval_dev.py", SHARED / "dev" / "ecbplus") if not p.exists()]
    if missing:
        pytest.fail(f"the ECB+ gate needs the shared development data beside the checkout; missing: {missing}")
    eval_dev = _shared_tool("eval_dev")
    figures = eval_dev.eval_ecb(compare, SHARED / "dev", 0)
    low = {k: figures[k] for k, floor in FLOORS["ecbplus"].items() if figures[k] < floor}
    assert not low, f"ECB+ below floor {low}"
    assert not (figures["errors"] or figures["span_problems"]), "compare() failed on ECB+"
