"""Hostile but plausible texts, and how to measure one article's time, peak memory and output.

Shared by tests/test_hostile.py (10 kB vs 100 kB in CI) and benchmarks/hostile.py
(100 kB, 1 MB, 5 MB). Each shape is what a scraper can hand the tool: a legal index
listing thousands of document numbers with no sentence end, a page of capitalised
names, a million short lines, a text of only punctuation. None holds a real page's
sentence.

Run as a script, it measures shapes one after another, each in a child forked from a
process with the models loaded, and prints one JSON line per measurement (Linux):

    python -m tests.hostile_texts SIZE [SIZE ...] [--shapes a,b] [--max-memory BYTES]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent

_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
             "Hồ", "Ngô", "Dương", "Lý"]
_MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Ngọc"]
_GIVEN = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn",
          "Thắng", "Tuấn", "Việt", "Xuân", "Hòa", "Lâm", "Trung", "Thành"]
_POSTS = ["Bí thư Huyện ủy", "Chủ tịch UBND xã", "Phó Bí thư Đảng ủy xã", "Trưởng Ban Tổ chức Huyện ủy",
          "Phó Chủ tịch UBND huyện"]


def _repeated(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def _names_with_posts(size: int) -> str:
    """`ông A, <post>, ông B, <post>, ...`: 51,200 different four-syllable names, each with a post."""
    names = (f"{s} {m} {g} {h}" for s, m, g, h in itertools.product(_SURNAMES, _MIDDLE, _GIVEN, _GIVEN))
    parts, total = [], 0
    for i, name in enumerate(itertools.cycle(names)):
        part = f"ông {name}, {_POSTS[i % len(_POSTS)]}, "
        parts.append(part)
        total += len(part)
        if total >= size:
            break
    return "".join(parts)[:size]


def _one_unbroken_line(size: int) -> str:
    """The corpus as one line with no sentence end: a single 'sentence' of the whole size."""
    text = " ".join(p.read_text("utf-8") for p in sorted((ROOT / "corpus" / "articles").glob("*.txt")))
    return _repeated(re.sub(r"[\n.!?;:…]+", " ", text))(size)


def _nested_brackets(size: int) -> str:
    return "(" * (size // 2) + ")" * (size - size // 2)


SHAPES: dict[str, Callable[[int], str]] = {
    # the issue's own: a legal index of document numbers, a run of capitalised names
    "citation-fragment": _repeated("Quy định số 98-QĐ/"),
    "bi-thu-le-van": _repeated("Bí Thư Lê Văn "),
    "names-with-posts": _names_with_posts,
    "counts-list": _repeated("5 cán bộ, "),
    "one-unbroken-line": _one_unbroken_line,
    "short-lines": _repeated("Xã\n"),
    "nested-brackets": _nested_brackets,
    "nested-brackets-with-counts": _repeated("(5 cán bộ "),  # brackets a count's parts would be read from
    "punctuation-only": _repeated(".,;:!?-/()\"'“”…"),
    "digits": _repeated("1234567890"),
    "hyphens": _repeated("-"),
    "slashes": _repeated("/"),
    "dots": _repeated("."),
    "spaces": _repeated(" "),
    "punctuation-mix": _repeated("-/.,-"),
    "quotes-and-dots": _repeated("“.”'"),
    "capitalised-syllables": _repeated("Nguyễn Văn Thành Long Hà Nội "),
    "capitalised-glued": _repeated("NguyễnVănThành"),
    "dong-chi-repeated": _repeated("đồng chí "),
    "dong-chi-dots": _repeated("đồng chí. "),
    "one-long-word": _repeated("luânchuyểncánbộ"),
    "one-sentence-repeated": _repeated("Huyện đã luân chuyển 3 cán bộ về xã.\n"),  # thousands of facts
}


def hostile_text(shape: str, size: int) -> str:
    """`size` characters of the shape."""
    return SHAPES[shape](size)


# --- measuring ----------------------------------------------------------------------


def _status(field: str) -> int:
    """A /proc/self/status figure in bytes (VmHWM: the peak resident size)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise KeyError(field)


def reset_peak() -> bool:
    """Start VmHWM again from the current resident size (Linux); False where not allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def measure(shape: str, size: int, max_memory: int | None = None) -> dict:
    """Extract one hostile article in a child forked from this process (load the models first):
    seconds, the child's peak resident memory and how much above what it started with, bytes of
    JSON Lines output, facts, and the article's error code ("died" if the child died).

    Each article gets a fresh copy of the process, so memory freed by the one before cannot
    hide its peak, and an article that kills its process does not kill this one.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: measure, report, leave without running the parent's clean-up
        try:
            os.close(read_end)
            os.write(write_end, json.dumps(_measure_here(shape, size, max_memory)).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        report = fh.read()
    _, status = os.waitpid(pid, 0)
    if not report:
        return {"shape": shape, "chars": size, "error": "died", "status": status}
    return json.loads(report)


def _measure_here(shape: str, size: int, max_memory: int | None) -> dict:
    from pipeline.inputs.read import RawArticle
    from pipeline.runner import process_article
    from pipeline.stages.write import record_line

    text = hostile_text(shape, size)
    resettable = reset_peak()
    before = _status("VmRSS")
    started = time.perf_counter()
    records = process_article(RawArticle(doc_id=shape, source="<hostile>", text=text), max_memory=max_memory)
    seconds = time.perf_counter() - started
    output = sum(len(record_line(r).encode("utf-8")) for r in records)
    peak = _status("VmHWM")
    error = records[0].error
    return {"shape": shape, "chars": len(text), "seconds": round(seconds, 3),
            "peak_mb": round(peak / 2 ** 20, 1), "added_mb": round((peak - before) / 2 ** 20, 1),
            "peak_is_own": resettable, "output_bytes": output, "facts": len(records) - 1,
            "error": error.code.value if error else None}


def warm_up() -> None:
    """Load everything an extraction loads, so that the measured children share it."""
    from pipeline.runner import extract_text

    extract_text("Ông Nguyễn Văn An, Bí thư Huyện ủy, được luân chuyển về xã theo Quy định số 98-QĐ/TW.")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="+", type=lambda s: int(float(s)))
    parser.add_argument("--shapes", help="comma-separated (default: all)")
    parser.add_argument("--max-memory", type=int, default=None)
    args = parser.parse_args(argv)
    warm_up()
    for shape in (args.shapes.split(",") if args.shapes else SHAPES):
        for size in args.sizes:
            print(json.dumps(measure(shape, size, args.max_memory)), flush=True)


if __name__ == "__main__":
    sys.exit(main())
