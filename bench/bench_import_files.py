"""Time `parallax import` of generated files, beside a baseline revision run on the same files in the same run.

    .venv/bin/python bench/bench_import_files.py [--files 1000] [--per-story 10] [--baseline main]

The files are real-like articles: each story takes paragraphs of the test stories (tests/data)
recombined with random.Random(story), with its own names and numbers put in, and each of its
articles keeps most of the story's paragraphs plus a few of its own, so several stories share
topics and words. Each revision imports the same folder into a fresh SQLite file through the
real command (`python -m app import FOLDER`, run in that revision's tree), and the figure is
files per second over the whole import, plus how many stories the import formed (the same
grouping should give about files / per-story). The baseline revision is checked out into a
temporary git worktree; '' skips it.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from baseline import baseline_tree  # bench/, beside this script

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
NAMES = (
    "Okafor Lindqvist Moreau Tanaka Haddad Kowalski Ferreira Novak Brennan Castillo Ivanova Mensah Rossi "
    "Varga Nakamura Duarte Sørensen Abiodun Petrov Larsen Quispe Achterberg Mbeki Oyelaran"
).split()
PLACES = (
    "Tarnow Kisumu Bergamo Valparaiso Tromso Aleppo Cebu Tulsa Gdansk Mombasa Rosario Kazan Leeds Osaka Porto "
    "Fresno Durban Lublin Tabriz Cusco Nantes Tartu Ibadan Malmo"
).split()


def paragraphs() -> list[str]:
    files = sorted((DATA / "seeds").glob("*.txt")) + sorted((DATA / "farenthold").glob("*.txt"))
    paras = [p for f in files for p in f.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 12]
    return paras


def write_files(folder: Path, count: int, per_story: int) -> None:
    paras = paragraphs()
    for story in range((count + per_story - 1) // per_story):
        rng = random.Random(story)
        core = rng.sample(paras, 6)
        names = rng.sample(NAMES, 3) + rng.sample(PLACES, 2)
        figure = rng.randint(12, 9000)
        for k in range(min(per_story, count - story * per_story)):
            art = random.Random(story * 1000 + k)
            body = [p for p in core if art.random() < 0.85] + art.sample(paras, 2)
            art.shuffle(body)
            lead = (
                f"{names[0]} and {names[1]} met in {names[3]} on the {figure} affair, "
                f"report {story}-{k} says; {names[2]} of {names[4]} confirmed it."
            )
            text = "\n\n".join([lead, *body])
            (folder / f"s{story:04d}_{k:02d}.txt").write_text(text, encoding="utf-8")


def run_import(tree: Path, folder: Path, database: Path) -> tuple[float, int, int]:
    env = {
        **os.environ,
        "PARALLAX_DATABASE_URL": f"sqlite:///{database}",
        "PARALLAX_DEMO": "0",
        "PYTHONPATH": str(tree),
    }
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "app", "import", "--outlet", "Bench Wire", str(folder)],
        cwd=tree,
        env=env,
        capture_output=True,
    )
    if done.returncode not in (0, 1):  # 1: some file failed, said in its line
        raise SystemExit(done.stderr.decode()[-2000:])
    took = time.perf_counter() - start
    with sqlite3.connect(database) as conn:
        articles = conn.execute("SELECT count(*) FROM article").fetchone()[0]
        stories = conn.execute("SELECT count(DISTINCT story_id) FROM article").fetchone()[0]
    return took, articles, stories


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--per-story", type=int, default=10)
    ap.add_argument("--baseline", default="main", help="git revision to compare with ('' for none)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "files"
        folder.mkdir()
        write_files(folder, args.files, args.per_story)
        trees = {"this tree": ROOT}
        with baseline_tree(args.baseline, Path(tmp)) as base_tree:
            if base_tree is not None:
                trees[args.baseline] = base_tree
            print(f"{'revision':>12} {'files':>6} {'seconds':>8} {'files/s':>8} {'stories':>8}")
            results = {}
            for name, tree in trees.items():
                took, articles, stories = run_import(tree, folder, Path(tmp) / f"{len(results)}.db")
                results[name] = articles / took
                print(f"{name:>12} {articles:6d} {took:8.1f} {articles / took:8.1f} {stories:8d}", flush=True)
            if args.baseline:
                print(f"ratio (this tree / {args.baseline}): {results['this tree'] / results[args.baseline]:.2f}")


if __name__ == "__main__":
    main()
