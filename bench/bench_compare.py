"""Time and memory of compare(), each figure beside a baseline revision measured in the same run.

    .venv/bin/python bench/bench_compare.py [--baseline REV] [--sizes seeds,2,50,200,near8,templated8]

Cases: the five seed articles (warm: median of 5 runs after one warm-up call); 2, 50 and 200
generated real-like articles (paragraphs of the test stories recombined with random.Random(42));
8 near-identical 15 KB articles (one article, a word in fifty changed per copy); 8 templated
15 KB articles (many near-identical paragraphs: the same sentences with names, numbers and days
varied). Model loading (the meaning table) is timed apart, once per process. Each case runs in
its own subprocess, so peak memory is its own; the baseline revision (default: main) is checked
out into a temporary git worktree and run the same way, with a time limit per case; the two
revisions alternate, twice, and each keeps its faster run (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from baseline import baseline_tree  # bench/, beside this script

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
BASELINE_LIMIT_S = 120


def paragraphs() -> list[str]:
    files = sorted((DATA / "seeds").glob("*.txt")) + sorted((DATA / "farenthold").glob("*.txt"))
    return [p for f in files for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def generated(n: int) -> list[dict]:
    rng = random.Random(42)
    paras = paragraphs()
    return [{"id": f"g{k}", "text": "\n\n".join(rng.sample(paras, rng.randint(8, 25)))} for k in range(n)]


def seeds() -> list[dict]:
    return [{"id": f.stem, "text": f.read_text(encoding="utf-8")} for f in sorted((DATA / "seeds").glob("*.txt"))]


def _vary(text: str, rng: random.Random, every: int) -> str:
    words = text.split(" ")
    for _ in range(max(1, len(words) // every)):
        words[rng.randrange(len(words))] = rng.choice(["officials", "Monday", "the", "said", "five", "reported"])
    return " ".join(words)


def near_identical(n: int, size: int = 15_000) -> list[dict]:
    base = "\n\n".join(paragraphs())[:size]
    return [{"id": f"n{k}", "text": _vary(base, random.Random(k), 50)} for k in range(n)]


TEMPLATES = (
    "In {c}, {n} people were reported dead on {d} after the storm, officials said.",
    "“We are doing everything we can,” said {p}, the mayor of {c}, on {d}.",
    "Rescue teams in {c} searched for {n} missing residents, according to {p}.",
    "The death toll in {c} rose to {n} by {d}, the regional agency said in a statement.",
)
PLACES = ("Springfield", "Riverton", "Lakeside", "Hillview", "Oakdale", "Pinecrest", "Brookhaven")
PEOPLE = ("Anna Lee", "John Park", "Maria Gomez", "Tom Brown", "Sara Kim")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def templated(n: int, size: int = 15_000) -> list[dict]:
    out = []
    for k in range(n):
        rng, paras = random.Random(k), []
        while sum(len(p) + 2 for p in paras) < size:
            fields = {"c": rng.choice(PLACES), "n": rng.randint(2, 40), "d": rng.choice(DAYS), "p": rng.choice(PEOPLE)}
            paras.append(rng.choice(TEMPLATES).format(**fields))
        out.append({"id": f"t{k}", "text": "\n\n".join(paras)})
    return out


def articles_for(case: str) -> list[dict]:
    if case == "seeds":
        return seeds()
    if case.startswith("near"):
        return near_identical(int(case[4:]))
    if case.startswith("templated"):
        return templated(int(case[9:]))
    return generated(int(case))


def measure(case: str) -> dict:
    sys.path.insert(0, str(Path.cwd()))
    t0 = time.perf_counter()
    from app.analysis import compare

    try:  # the meaning table, loaded once per process (absent in revisions before it)
        from app.analysis.embeddings import static_vectors

        static_vectors()
    except ImportError:
        pass
    load_s = time.perf_counter() - t0
    articles = articles_for(case)
    compare(articles if case == "seeds" else articles[:1])  # warm: imports, caches of word-level work
    runs = []
    for _ in range(5 if case == "seeds" else 1):
        t0 = time.perf_counter()
        compare(articles)
        runs.append(time.perf_counter() - t0)
    chars = sum(len(a["text"]) for a in articles)
    return {
        "articles": len(articles),
        "chars": chars,
        "seconds": statistics.median(runs),
        "load_s": load_s,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


ROUNDS = 2


def _faster(a: dict | None, b: dict | None) -> dict | None:
    return b if a is None or (b is not None and b["seconds"] < a["seconds"]) else a


def run_case(tree: Path, case: str, limit: float | None) -> dict | None:
    try:
        out = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--one", case],
            cwd=tree,
            capture_output=True,
            text=True,
            check=True,
            timeout=limit,
        )
    except subprocess.TimeoutExpired:
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(measure(sys.argv[2])))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline", default="main", help="git revision to compare with ('' for none)")
    ap.add_argument("--sizes", default="seeds,2,50,200,near8,templated8")
    args = ap.parse_args()
    cases = args.sizes.split(",")
    with tempfile.TemporaryDirectory() as tmp, baseline_tree(args.baseline, Path(tmp)) as base_tree:
        print(f"{'case':>10} {'articles':>8} {'KB':>6} {'seconds':>8} {'s/MB':>7} {'peak MB':>8}  baseline")
        for case in cases:
            # alternate the two revisions and keep each one's faster run: the machine is shared
            now = base = None
            for _ in range(ROUNDS):
                now = _faster(now, run_case(ROOT, case, None))
                if base_tree is not None:
                    base = _faster(base, run_case(base_tree, case, BASELINE_LIMIT_S))
            per_mb = now["seconds"] / (now["chars"] / 1e6)
            if base_tree is None:
                versus = ""
            elif base is None:
                versus = f"> {BASELINE_LIMIT_S} s (ratio < {now['seconds'] / BASELINE_LIMIT_S:.3f})"
            else:
                versus = (
                    f"{base['seconds']:.3f} s, {base['peak_mb']:.0f} MB (ratio {now['seconds'] / base['seconds']:.2f})"
                )
            print(
                f"{case:>10} {now['articles']:8d} {now['chars'] / 1000:6.0f} {now['seconds']:8.3f} "
                f"{per_mb:7.2f} {now['peak_mb']:8.0f}  {versus}",
                flush=True,
            )
        print(f"model load (once per process): {now['load_s']:.2f} s")


if __name__ == "__main__":
    main()
