"""Time and memory of compare() on the seed story and on 50 / 200 generated articles.

Generated articles recombine paragraphs of the test stories with random.Random(42), so
the figures are repeatable. Each size runs in a subprocess to read its own peak memory.
"""

from __future__ import annotations

import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def paragraphs() -> list[str]:
    files = sorted((DATA / "seeds").glob("*.txt")) + sorted((DATA / "farenthold").glob("*.txt"))
    return [p for f in files for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def generated(n: int) -> list[dict]:
    rng = random.Random(42)
    paras = paragraphs()
    return [{"id": f"g{k}", "text": "\n\n".join(rng.sample(paras, rng.randint(8, 25)))} for k in range(n)]


def seeds() -> list[dict]:
    return [{"id": f.stem, "text": f.read_text(encoding="utf-8")} for f in sorted((DATA / "seeds").glob("*.txt"))]


def measure(size: str) -> dict:
    sys.path.insert(0, str(ROOT))
    from app.analysis import compare

    articles = seeds() if size == "seeds" else generated(int(size))
    compare(articles)  # warm: imports, caches
    runs = []
    for _ in range(5 if size == "seeds" else 1):
        t0 = time.perf_counter()
        compare(articles)
        runs.append(time.perf_counter() - t0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"articles": len(articles), "seconds": statistics.median(runs), "peak_mb": round(peak_mb, 1)}


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(measure(sys.argv[2])))
        return
    results = {}
    for size in ("seeds", "50", "200"):
        out = subprocess.run([sys.executable, __file__, "--one", size], capture_output=True, text=True, check=True)
        results[size] = json.loads(out.stdout.strip().splitlines()[-1])
        r = results[size]
        print(f"{size:>6}: {r['articles']:4d} articles  {r['seconds']:.3f} s  peak {r['peak_mb']:.0f} MB")
    growth = results["200"]["seconds"] / max(results["50"]["seconds"], 1e-9)
    print(f"time 200/50 articles: x{growth:.2f} (x4 would be linear)")


if __name__ == "__main__":
    main()
