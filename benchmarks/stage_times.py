"""Seconds per pipeline stage, in one process, over the articles under PATH.

    .venv/bin/python benchmarks/stage_times.py PATH [PATH ...]

Runs each article through normalise, sentence splitting, each registered extractor
and record validation, as `process_article` does, and prints the time each took:
where to look before making the pipeline faster. Words are segmented when an
extractor first asks for a sentence's words, so that time is inside the extractor's;
it is also shown apart (underthesea's CRF, and the syllables and word windows around it).
(`run_benchmark.py --workdir DIR` keeps its generated corpus in DIR/corpus_1x.)
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractors import registry  # noqa: E402
from pipeline.stages import segment  # noqa: E402
from pipeline.stages.normalize import normalize  # noqa: E402
from pipeline.inputs.read import read_articles  # noqa: E402
from pipeline.stages.validate import to_records  # noqa: E402
from pipeline.runner import find_in  # noqa: E402

CRF = "  of which word segmentation (CRF)"
WORDS = "  of which words of sentences asked"


def main(paths: list[str]) -> None:
    raws = [r for r in read_articles(paths) if r.text]
    extractors = registry.load_all()
    windows = partial(registry.word_windows, finders=registry.window_finders())
    seconds: dict[str, float] = defaultdict(float)
    _time_calls(segment, "word_tokens", seconds, CRF)
    _time_calls(segment, "_sentence_tokens", seconds, WORDS)
    find_in(normalize(raws[0].text).text)  # load models outside the timing
    seconds.clear()
    started = time.perf_counter()
    for raw in raws:
        t = time.perf_counter()
        normalized = normalize(raw.text)
        seconds["normalise"] += time.perf_counter() - t
        t = time.perf_counter()
        segmented = segment.segment(normalized.text, windows)
        seconds["sentences"] += time.perf_counter() - t
        facts = []
        for name, extractor in extractors.items():
            t = time.perf_counter()
            facts += extractor.find(segmented)
            seconds[name] += time.perf_counter() - t
        t = time.perf_counter()
        to_records(raw.doc_id, normalized, facts)
        seconds["records"] += time.perf_counter() - t
    total = time.perf_counter() - started
    size = sum(len(r.text.encode("utf-8")) for r in raws)
    for name in ["normalise", "sentences", *extractors, WORDS, CRF, "records"]:
        print(f"{name:36s} {seconds[name]:7.2f} s {100 * seconds[name] / total:5.1f}%")
    print(f"{len(raws)} articles, {size / 1e6:.2f} MB in {total:.2f} s: {size / 1e6 / total:.3f} MB/s")


def _time_calls(module, name: str, seconds: dict[str, float], label: str) -> None:
    """Replace module.name with a wrapper adding its run time to seconds[label]."""
    real = getattr(module, name)

    def timed(*args):
        started = time.perf_counter()
        try:
            return real(*args)
        finally:
            seconds[label] += time.perf_counter() - started

    setattr(module, name, timed)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    main(sys.argv[1:])
