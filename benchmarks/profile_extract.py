#!/usr/bin/env python3
"""Where one process spends its time extracting: the top of a cProfile of the articles under PATH.

    .venv/bin/python benchmarks/profile_extract.py PATH [PATH ...] [--top 25] [--sort tottime]

The first article is extracted first (models and lexicons loaded, as in a long run); then
all of them, timed in CPU seconds (`time.process_time`: other processes on a shared machine
weigh little on it); then all of them again under cProfile, counting CPU time, with the word
segmenter's caches emptied first, so that they fill as in a run over new text. Prints the
CPU seconds of the plain pass (the profiler slows Python code, not C), then the top functions. `run_benchmark.py --workdir DIR` keeps its corpora in DIR
(`corpus_1x`, `corpus_dense`): profile the dense one to see the officials path on
rotation news.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.inputs.read import read_articles  # noqa: E402
from pipeline.runner import written_article  # noqa: E402
from pipeline.stages import segment  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="tottime", help="a pstats sort key: tottime (default), cumulative, ...")
    args = parser.parse_args()
    raws = [raw for raw in read_articles(args.paths) if raw.text]
    size = sum(len(raw.text.encode("utf-8")) for raw in raws)
    written_article(raws[0])  # models and lexicons loaded
    started = time.process_time()
    for raw in raws:
        written_article(raw)
    plain = time.process_time() - started
    model = segment._word_model()
    for cache in getattr(getattr(model, "features", None), "caches", {}).values():
        cache.clear()  # the profiled pass meets the text as new, like the plain one
    if getattr(model, "numeric", None) is not None:
        model.numeric._reset()  # the numeric tagger's n-gram rows too
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    for raw in raws:
        written_article(raw)
    profile.disable()
    print(f"{len(raws)} articles, {size / 1e6:.2f} MB: {plain:.2f} CPU seconds without the profiler "
          f"({size / 1e6 / plain:.3f} MB/s)")
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats(args.sort).print_stats(args.top)
    root = str(Path(__file__).resolve().parent.parent) + "/"
    print(out.getvalue().replace(root, ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
