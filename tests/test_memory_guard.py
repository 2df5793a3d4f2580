"""Bounded memory per article: the operating system's limit, an `out_of_memory` record, a run
that goes on; and a folder with one hostile article among normal ones.

The hostile article is a legal index as a scraper hands it over: a document-number
fragment repeated with no sentence end. Before the evidence was bounded, each of its
n citations carried the whole text: 100 kB of it wrote 740 MB, 900 kB took 24 GB.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from pipeline.limits.memory import (
    ArticleOutOfMemory, default_max_memory, format_size, machine_memory, memory_limit, parse_size,
)
from tests.hostile_texts import hostile_text

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "corpus" / "articles").glob("*.txt"))
CMD = [sys.executable, "-m", "pipeline.cli", "extract", "--no-progress"]
MB = 2 ** 20
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS, /proc, fork")


# --- the limit itself ----------------------------------------------------------------


@linux_only
def test_an_allocation_past_the_limit_ends_the_block_and_the_limit_is_restored():
    before = resource.getrlimit(resource.RLIMIT_AS)
    with pytest.raises(ArticleOutOfMemory) as caught:
        with memory_limit(64 * MB):
            bytearray(512 * MB)
    oom = caught.value
    assert oom.limit == 64 * MB and oom.before > 0
    assert "64 MB" in oom.message() and "--max-memory" in oom.message()
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    with memory_limit(64 * MB):  # under the limit: nothing happens
        assert resource.getrlimit(resource.RLIMIT_AS)[0] != before[0]
        bytearray(16 * MB)
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    bytearray(512 * MB)  # and after it, no limit


@linux_only
def test_no_limit_means_none():
    before = resource.getrlimit(resource.RLIMIT_AS)
    for off in (None, 0):
        with memory_limit(off):
            assert resource.getrlimit(resource.RLIMIT_AS) == before


@linux_only
def test_articles_in_flight_in_threads_each_add_their_share():
    before = resource.getrlimit(resource.RLIMIT_AS)
    both_armed, both_read = threading.Barrier(2), threading.Barrier(2)
    alone, together = [], []

    def article():
        with memory_limit(100 * MB):
            alone.append(resource.getrlimit(resource.RLIMIT_AS)[0])
            both_armed.wait(10)
            together.append(resource.getrlimit(resource.RLIMIT_AS)[0])
            both_read.wait(10)

    threads = [threading.Thread(target=article) for _ in range(2)]
    for t in threads:
        t.start()
        t.join(0.5)  # let the first arm alone
    for t in threads:
        t.join(10)
    assert together[0] == together[1] == max(alone) == min(alone) + 100 * MB
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_sizes():
    assert parse_size("2G") == parse_size("2GB") == parse_size("2GiB") == 2 * 1024 ** 3
    assert parse_size("800M") == 800 * MB and parse_size("1.5g") == int(1.5 * 1024 ** 3)
    assert parse_size("0") == 0 and parse_size("123456") == 123456
    for bad in ("2X", "lots", "-1G", ""):
        with pytest.raises(ValueError):
            parse_size(bad)
    assert format_size(2 * 1024 ** 3) == "2.0 GB" and format_size(300 * MB) == "300 MB"
    total = machine_memory()
    for jobs in (1, 2, 8):
        assert default_max_memory(jobs) <= 2 * 1024 ** 3
        assert total is None or default_max_memory(jobs) <= total // (jobs + 1)


@linux_only
def test_an_article_over_the_limit_gets_an_out_of_memory_record():
    # in a process of its own: the limit is process-wide, and this one's allocator keeps free
    # memory from earlier tests mapped, which an article may reuse without new address space
    done = subprocess.run([sys.executable, "-m", "tests.hostile_texts", "300000", "30000",
                           "--shapes", "citation-fragment", "--max-memory", str(24 * MB)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    over, under = map(json.loads, done.stdout.splitlines())
    assert over["error"] == "out_of_memory" and over["facts"] == 0, over
    assert under["error"] is None and under["facts"] == 1666, under


# --- a run with a hostile article among normal ones ------------------------------------


def _folder(root: Path, hostile_chars: int) -> Path:
    root.mkdir()
    for article in ARTICLES:
        shutil.copy(article, root / article.name)
    (root / "002_legal_index.txt").write_text(hostile_text("citation-fragment", hostile_chars), "utf-8")
    return root


def _by_article(path: Path) -> dict[str, list[dict]]:
    """Records by doc_id, without the article's `source` (the folders differ)."""
    grouped: dict[str, list[dict]] = {}
    for line in path.read_text("utf-8").splitlines():
        record = json.loads(line)
        record.pop("source", None)
        grouped.setdefault(record["doc_id"], []).append(record)
    return grouped


@pytest.fixture(scope="module")
def normal_alone(tmp_path_factory) -> dict[str, list[dict]]:
    """The normal articles' records from a run without the hostile one."""
    root = tmp_path_factory.mktemp("normal")
    out = root / "o.jsonl"
    done = subprocess.run([*CMD, *map(str, ARTICLES), "-o", str(out)], cwd=ROOT, capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return _by_article(out)


def test_a_hostile_article_among_normal_ones_with_one_and_two_processes(tmp_path, normal_alone):
    folder = _folder(tmp_path / "in", hostile_chars=100_000)
    outputs = []
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}.jsonl"
        done = subprocess.run([*CMD, str(folder), "-o", str(out), "--jobs", str(jobs)], cwd=ROOT,
                              capture_output=True, timeout=600)
        assert done.returncode == 0, done.stderr
        got = _by_article(out)
        for doc_id, records in normal_alone.items():
            assert got[doc_id] == records, doc_id  # every normal article's facts, as alone
        article, *facts = got["002_legal_index"]
        assert article["error"] is None and article["n_facts"] == len(facts) == 5555
        text = (folder / "002_legal_index.txt").read_text("utf-8")
        assert all(text[f["span"][0]:f["span"][1]] == f["text"] and len(f["sentence"]) <= 600 for f in facts)
        assert out.stat().st_size < 80 * len(text) + 100_000  # linear: was 740 MB
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


@linux_only
def test_over_the_memory_limit_the_article_is_an_error_and_the_run_goes_on(tmp_path, normal_alone):
    folder = _folder(tmp_path / "in", hostile_chars=400_000)
    out = tmp_path / "o.jsonl"
    # one worker or two run the same code (pipeline.execution.parallel): one is enough here
    done = subprocess.run([*CMD, str(folder), "-o", str(out), "--max-memory", "24M"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stderr  # one article failed: its error record is written
    assert "out_of_memory: 1" in done.stderr and "002_legal_index: out of memory:" in done.stderr
    got = _by_article(out)
    [article] = got["002_legal_index"]
    assert article["error"]["code"] == "out_of_memory" and "24 MB" in article["error"]["message"]
    assert {k: v for k, v in got.items() if k != "002_legal_index"} == normal_alone


def test_a_bad_max_memory_is_a_usage_error(tmp_path):
    done = subprocess.run([*CMD, str(ARTICLES[0]), "-o", str(tmp_path / "o.jsonl"), "--max-memory", "2X"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "--max-memory 2X" in done.stderr
