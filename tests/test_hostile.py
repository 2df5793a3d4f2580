"""Hostile text: time grows linearly with the input, and a per-article time limit.

Each hostile text is run at two sizes, ten times apart; the larger must take
under twenty times as long (a ratio measured in the test, so a slow machine
does not fail it; each size is timed more than once and the best taken, so a
busy one does not either). A catastrophic-backtracking regex or a loop that
rescans the sentence per match shows as a ratio near 100. The default sizes
(10 kB and 100 kB) keep the suite fast; `ROTATION_FACTS_SLOW=1` runs the same
check at 100 kB and 1 MB, as the issue states it.
"""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

import pytest

from pipeline.inputs.read import RawArticle
from pipeline.runner import extract_text, process_article, run
from schemas import ErrorCode
from tests.conftest import best_seconds

ROOT = Path(__file__).resolve().parent.parent
SLOW = bool(os.environ.get("ROTATION_FACTS_SLOW"))
SMALL, LARGE = (100_000, 1_000_000) if SLOW else (10_000, 100_000)


def _one_unbroken_line() -> str:
    """The corpus as one line with no sentence end: a single 'sentence' of the whole size."""
    text = " ".join(p.read_text("utf-8") for p in sorted((ROOT / "corpus" / "articles").glob("*.txt")))
    return re.sub(r"[\n.!?;:…]+", " ", text)


HOSTILE = {
    "digits": "1234567890",
    "hyphens": "-",
    "slashes": "/",
    "dots": ".",
    "spaces": " ",
    "punctuation-mix": "-/.,-",
    "quotes-and-dots": "“.”'",
    "capitalised-syllables": "Nguyễn Văn Thành Long Hà Nội ",
    "capitalised-glued": "NguyễnVănThành",
    "dong-chi-repeated": "đồng chí ",
    "dong-chi-dots": "đồng chí. ",
    "unbroken-word": "luânchuyểncánbộ",
    "one-unbroken-line": None,
    "one-sentence-repeated": "Huyện đã luân chuyển 3 cán bộ về xã.\n",  # thousands of sentences with facts
}


def _text(kind: str, size: int) -> str:
    unit = HOSTILE[kind] if HOSTILE[kind] is not None else _one_unbroken_line()
    return (unit * (size // len(unit) + 1))[:size]


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


def test_a_fast_article_is_not_cut_and_no_limit_means_none():
    text = "Huyện đã luân chuyển 3 cán bộ về xã."
    assert process_article(RawArticle("a", "-", text=text), timeout=30)[0].error is None
    assert process_article(RawArticle("a", "-", text="-" * 20_000), timeout=0)[0].error is None


def test_over_a_million_characters_is_read_whole():
    """No library's length guard (spaCy's is 1,000,000 characters) stands in the way: --max-chars decides."""
    # each line a different count (one count told again is one fact)
    records = extract_text("".join(f"Huyện đã luân chuyển {i} cán bộ về xã.\n" for i in range(1, 28_001)))
    assert records[0].error is None and records[0].n_chars > 1_000_000 and records[0].n_facts == 28_000


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
