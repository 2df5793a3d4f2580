"""Seconds per pipeline stage, in one process, over the articles under PATH.

    .venv/bin/python benchmarks/stage_times.py PATH [PATH ...]

Runs each article through normalise, the tokenizer (word segmentation timed apart),
each extractor component and record validation, as `process_article` does, and
prints the time each took: where to look before making the pipeline faster.
(`run_benchmark.py --workdir DIR` keeps its generated corpus in DIR/corpus_1x.)
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import segment  # noqa: E402
from pipeline.nlp import build_nlp  # noqa: E402
from pipeline.normalize import normalize  # noqa: E402
from pipeline.read import read_articles  # noqa: E402
from pipeline.validate import to_records  # noqa: E402


def main(paths: list[str]) -> None:
    raws = [r for r in read_articles(paths) if r.text]
    nlp = build_nlp()
    seconds: dict[str, float] = defaultdict(float)
    word_tokens = segment.word_tokens

    def timed_word_tokens(*args):
        started = time.perf_counter()
        try:
            return word_tokens(*args)
        finally:
            seconds["  of which word segmentation"] += time.perf_counter() - started

    segment.word_tokens = timed_word_tokens
    nlp(normalize(raws[0].text).text)  # load models outside the timing
    seconds.clear()
    started = time.perf_counter()
    for raw in raws:
        t = time.perf_counter()
        normalized = normalize(raw.text)
        seconds["normalise"] += time.perf_counter() - t
        t = time.perf_counter()
        doc = nlp.make_doc(normalized.text)
        seconds["tokenizer"] += time.perf_counter() - t
        for name, component in nlp.pipeline:
            t = time.perf_counter()
            doc = component(doc)
            seconds[name] += time.perf_counter() - t
        t = time.perf_counter()
        to_records(raw.doc_id, normalized, doc._.rotation_facts or [])
        seconds["records"] += time.perf_counter() - t
    total = time.perf_counter() - started
    size = sum(len(r.text.encode("utf-8")) for r in raws)
    for name in ["normalise", "tokenizer", "  of which word segmentation",
                 *[n for n, _ in nlp.pipeline], "records"]:
        print(f"{name:30s} {seconds[name]:7.2f} s {100 * seconds[name] / total:5.1f}%")
    print(f"{len(raws)} articles, {size / 1e6:.2f} MB in {total:.2f} s: {size / 1e6 / total:.3f} MB/s")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    main(sys.argv[1:])
