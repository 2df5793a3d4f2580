"""Hostile text: time, memory and output grow linearly with the input; per-article limits.

Each hostile text (`tests/hostile_texts.py`: a legal index of document numbers with no
sentence end, a page of capitalised names, a million short lines, ...) is run at two
sizes, ten times apart.

* Time: the larger must take under twenty times as long (a ratio measured in the test,
  so a slow machine does not fail it; each size is timed more than once and the best
  taken, so a busy one does not either). A catastrophic-backtracking regex or a loop
  that rescans the sentence per match shows as a ratio near 100.
* Memory and output: each article is extracted in a child process forked from one with
  the models loaded; its peak resident memory above where it started, and the bytes of
  JSON Lines it writes, may grow about ten times, not a hundred. Before the evidence
  was bounded, 100 kB of a repeated citation fragment wrote 740 MB.

The default sizes (10 kB and 100 kB) keep the suite fast; `ROTATION_FACTS_SLOW=1` runs
the same checks at 100 kB and 1 MB. benchmarks/hostile.py measures 100 kB, 1 MB and 5 MB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.inputs.read import RawArticle
from pipeline.execution.job import run
from pipeline.runner import extract_text, process_article
from schemas import ErrorCode
from tests.conftest import best_seconds
from tests.hostile_texts import SHAPES, hostile_text

ROOT = Path(__file__).resolve().parent.parent
SLOW = bool(os.environ.get("ROTATION_FACTS_SLOW"))
SMALL, LARGE = (100_000, 1_000_000) if SLOW else (10_000, 100_000)
HOSTILE = list(SHAPES)


def _text(kind: str, size: int) -> str:
    return hostile_text(kind, size)


def _seconds(text: str, repeats: int = 1) -> float:
    def run() -> None:
        records = extract_text(text)
        assert records[0].error is None, records[0].error

    return best_seconds(run, tries=repeats)


@pytest.mark.parametrize("kind", HOSTILE)
def test_time_grows_linearly(kind):
    small, large = _text(kind, SMALL), _text(kind, LARGE)
    _seconds(small)  # warm up: models, caches
    for attempt in range(2):  # a busy machine can stall one measurement: measure again before failing
        t_small = _seconds(small, repeats=3)
        t_large = _seconds(large, repeats=1 if SLOW else 2)
        if t_large < 20 * t_small + 0.05:
            return
    pytest.fail(f"{kind}: {LARGE} chars took {t_large:.2f} s, {SMALL} took {t_small:.3f} s (over 20 times)")


@pytest.fixture(scope="module")
def measured() -> dict[tuple[str, int], dict]:
    """Every shape at both sizes, each extracted in a fresh child of one warmed-up process."""
    done = subprocess.run([sys.executable, "-m", "tests.hostile_texts", str(SMALL), str(LARGE)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    return {(row["shape"], row["chars"]): row for row in rows}


MB = 2 ** 20
FLOOR_MB = 8


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and forks")
@pytest.mark.parametrize("kind", HOSTILE)
def test_memory_and_output_grow_linearly(kind, measured):
    small, large = measured[(kind, SMALL)], measured[(kind, LARGE)]
    assert small["error"] is None and large["error"] is None, (small, large)
    # resident memory the article added: about ten times for ten times the text (a forked child
    # first reuses the few MB its parent freed, so a small article's figure is floored), and a few
    # hundred bytes per character at most (the quadratic evidence took ~2,600 at 100 kB)
    assert large["added_mb"] <= 15 * max(small["added_mb"], FLOOR_MB) + 8, (small, large)
    assert large["added_mb"] * MB <= 300 * LARGE + 16 * MB, large
    # output: about ten times, and at most ~80 bytes a character (a fact every 18 characters,
    # each with its 600-character evidence window, is the densest shape)
    assert large["output_bytes"] <= 12 * small["output_bytes"] + 4096, (small, large)
    assert large["output_bytes"] <= 80 * LARGE + 4096, large


# A million characters of named people: every sentence is cut into words (seconds of work).
SLOW_TEXT = "Ông Nguyễn Văn An về xã. " * 40_000


def _slow_article() -> RawArticle:
    return RawArticle(doc_id="slow", source="<test>", text=SLOW_TEXT)


def test_time_limit_turns_a_slow_article_into_an_error_record():
    extract_text("Huyện đã luân chuyển 3 cán bộ về xã.")  # load the models outside the limit
    started = time.perf_counter()
    [record] = process_article(_slow_article(), timeout=0.3)
    assert record.error.code == ErrorCode.timeout and "0.3 s" in record.error.message
    assert time.perf_counter() - started < 3
    # the thread is clean afterwards: the next article runs normally, with no stray exception
    records = process_article(RawArticle(doc_id="ok", source="<test>", text="Huyện đã luân chuyển 3 cán bộ về xã."),
                              timeout=0.3)
    assert records[0].error is None and records[0].n_facts == 1
    time.sleep(0.5)
    assert extract_text("Một câu.")[0].error is None


def test_time_limit_works_off_the_main_thread():
    extract_text("Một câu.")
    results = {}

    def work(name):
        results[name] = process_article(_slow_article(), timeout=0.3)[0].error.code

    threads = [threading.Thread(target=work, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results == {"a": ErrorCode.timeout, "b": ErrorCode.timeout}


def test_a_short_limit_fires_while_the_watchdog_sleeps_until_a_long_one():
    """Arming wakes the watchdog only for a deadline earlier than the one it sleeps until: after
    articles under an hour's limit, and with one still armed in another thread, a 0.3 s limit fires."""
    from pipeline.limits.timeout import time_limit

    text = "Huyện đã luân chuyển 3 cán bộ về xã."
    for _ in range(3):
        assert process_article(RawArticle("a", "-", text=text), timeout=3600)[0].error is None
    release = threading.Event()

    def hold_a_long_limit():
        with time_limit(3600):
            release.wait(30)

    holder = threading.Thread(target=hold_a_long_limit)
    holder.start()
    try:
        started = time.perf_counter()
        [record] = process_article(_slow_article(), timeout=0.3)
        assert record.error.code == ErrorCode.timeout and time.perf_counter() - started < 3
    finally:
        release.set()
        holder.join(30)


def test_a_fast_article_is_not_cut_and_no_limit_means_none():
    text = "Huyện đã luân chuyển 3 cán bộ về xã."
    assert process_article(RawArticle("a", "-", text=text), timeout=30)[0].error is None
    assert process_article(RawArticle("a", "-", text="-" * 20_000), timeout=0)[0].error is None


def test_over_a_million_characters_is_read_whole():
    """No library's length guard (spaCy's is 1,000,000 characters) stands in the way: --max-chars decides."""
    # a count at the start, a million characters of weather, and a count past the millionth character
    # (ordinary sentences keep the test quick: 28,000 counts took half a minute and showed no more)
    filler = "Buổi sáng trời mưa nhỏ và gió nhẹ ở khắp vùng đồng bằng ven biển.\n"
    text = "Huyện đã luân chuyển 3 cán bộ về xã.\n" + filler * (1_000_000 // len(filler) + 1) \
        + "Tỉnh đã điều động 7 cán bộ về huyện.\n"
    records = extract_text(text)
    assert records[0].error is None and records[0].n_chars > 1_000_000 and records[0].n_facts == 2
    assert [r.value for r in records[1:]] == [3, 7] and records[-1].span[0] > 1_000_000


@pytest.mark.parametrize("jobs", [1, 2])
def test_run_records_the_timeout_and_goes_on(tmp_path, jobs):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a_slow.txt").write_text(SLOW_TEXT, "utf-8")
    (corpus / "b_good.txt").write_text("Huyện đã luân chuyển 3 cán bộ về xã.", "utf-8")
    out = tmp_path / "o.jsonl"
    summary = run([str(corpus)], str(out), progress=None, timeout=0.5, jobs=jobs)
    assert summary.articles == 2 and summary.failed == 1 and summary.errors == {"timeout": 1}
    assert summary.facts["count"] == 1
