#!/usr/bin/env python3
"""Hostile articles at 100 kB, 1 MB and 5 MB: time, peak memory and output of a real run (issue 14).

    .venv/bin/python benchmarks/hostile.py                     # every shape, 100k 1M 5M (about 15 minutes)
    .venv/bin/python benchmarks/hostile.py --sizes 100k,1M --shapes citation-fragment,digits

Each shape (`tests/hostile_texts.py`: a legal index of document numbers with no sentence
end, a page of capitalised names, a million short lines, ...) is written to a file of
the given size and extracted by `rotation-facts extract FILE -o OUT` with the default
settings (one worker process, --max-memory 2G, --timeout 300), in a fresh process
tree. Reported per run: wall seconds, the peak resident memory of the largest process
of the run (the main one or its worker; from the operating system's accounting of the
finished processes), the bytes of output and their ratio to the input's bytes, the facts
written, and the article's error code if it got one.

Targets (issue 14): under 1 GB for a 1 MB article and under 2 GB for a 5 MB one; output
a small constant times the input; time and memory linear in the input (compare the rows
of a shape: 10x the text, about 10x the time).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile_texts import hostile_text  # noqa: E402

# The shapes the issue names, and one of ordinary sentences for comparison.
SHAPES = ["citation-fragment", "bi-thu-le-van", "one-unbroken-line", "digits", "short-lines",
          "capitalised-syllables", "nested-brackets", "names-with-posts", "counts-list",
          "punctuation-only", "one-long-word", "one-sentence-repeated"]

# Runs the command given and prints the largest peak RSS (kB) among the processes it waited for:
# a process of its own per run, so that one run's peak cannot show in the next.
_PEAK = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
         "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def _size(text: str) -> int:
    units = {"k": 1_000, "m": 1_000_000}
    text = text.strip().lower()
    return int(float(text[:-1]) * units[text[-1]]) if text[-1] in units else int(text)


def run_one(shape: str, size: int, workdir: Path) -> dict:
    text = hostile_text(shape, size)
    source = workdir / f"{shape}.txt"
    out = workdir / f"{shape}.jsonl"
    source.write_text(text, "utf-8")
    command = [sys.executable, "-m", "pipeline.cli", "extract", str(source), "-o", str(out), "--no-progress"]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK, *command], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    returncode, peak_kb = map(int, done.stdout.split()[-2:])
    article = json.loads(out.open(encoding="utf-8").readline()) if out.exists() else {}
    error = (article.get("error") or {}).get("code") if out.exists() else f"exit {returncode}"
    row = {"shape": shape, "chars": len(text), "input_bytes": source.stat().st_size, "seconds": round(seconds, 1),
           "peak_mb": round(peak_kb / 1024), "output_bytes": out.stat().st_size if out.exists() else 0,
           "facts": article.get("n_facts", 0), "error": error}
    row["output_ratio"] = round(row["output_bytes"] / row["input_bytes"], 1)
    for path in (source, out):
        path.unlink(missing_ok=True)
    return row


def _label(chars: int) -> str:
    return f"{chars // 1_000_000} MB" if chars >= 1_000_000 else f"{chars // 1_000} kB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1M,5M", help="comma-separated, in characters (default 100k,1M,5M)")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated (tests/hostile_texts.py)")
    parser.add_argument("--json", metavar="PATH", help="also write the rows as JSON Lines here")
    args = parser.parse_args()
    sizes = [_size(s) for s in args.sizes.split(",")]
    print(f"machine: {platform.system()} {platform.release()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"load average at start {os.getloadavg()[0]:.2f}", flush=True)
    print("| shape | size | seconds | peak RSS MB | output MB | output / input | facts | error |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for shape in args.shapes.split(","):
            for size in sizes:
                row = run_one(shape, size, Path(tmp))
                rows.append(row)
                print(f"| {shape} | {_label(size)} | {row['seconds']} | {row['peak_mb']} | "
                      f"{row['output_bytes'] / 1e6:.1f} | {row['output_ratio']} | {row['facts']} | "
                      f"{row['error'] or ''} |", flush=True)
    if args.json:
        Path(args.json).write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")


if __name__ == "__main__":
    main()
