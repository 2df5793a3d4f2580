#!/usr/bin/env python3
"""Write a corpus of varied articles built from `corpus/articles`, to try the tools on a run of some size.

    .venv/bin/python benchmarks/varied_corpus.py out/varied --articles 40 --seed 1

Each article is a seed article with its people's names, numbers, dates and place names
replaced at random and two paragraphs swapped (the benchmark's `Varier`), written as
JSONL shards of 500 articles. The same seed writes the same files. docs/USAGE.md builds
the run its judging example samples from this way.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run_benchmark import build_corpus  # noqa: E402  (the benchmark's own builder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    n, size = build_corpus(args.folder, args.articles, args.seed)
    print(f"{args.folder}: {n} articles, {size / 1e6:.2f} MB of text", file=sys.stderr)


if __name__ == "__main__":
    main()
