"""Worker processes: same records in the same order as one process, bounded memory, crash-safe."""

from __future__ import annotations

import io
import json
import multiprocessing
import os

import pytest

import pipeline.execution.parallel as parallel
from conftest import CORPUS
from pipeline.cli import main
from pipeline.execution.parallel import chunked, process_stream
from pipeline.execution.progress import progress_bar, wants_bar
from pipeline.inputs.read import RawArticle, read_articles
from pipeline.execution.job import run
from pipeline.stages.write import record_line
from schemas import ErrorCode

ARTICLES = str(CORPUS / "articles")
needs_fork = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="the crash test injects a fault into forked workers")


def _jsonl(records_stream) -> str:
    return "".join(record_line(r) for records in records_stream for r in records)


@pytest.fixture(scope="module")
def mixed_input(tmp_path_factory):
    """Corpus articles as JSONL lines, interleaved with lines that fail to read."""
    path = tmp_path_factory.mktemp("mixed") / "mixed.jsonl"
    lines = []
    for i, raw in enumerate(read_articles([ARTICLES])):
        lines.append(json.dumps({"id": raw.doc_id, "text": raw.text}, ensure_ascii=False))
        lines.append("not json" if i % 2 else json.dumps({"id": f"empty-{i}", "text": ""}))
    lines.append(json.dumps({"id": "short", "text": "Huyện đã luân chuyển 3 cán bộ về xã."}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def one_process(mixed_input):
    return _jsonl(process_stream(read_articles([mixed_input]), jobs=1, in_process=True))


def test_one_and_two_workers_byte_identical_to_one_process(mixed_input, one_process):
    assert one_process.count('"type": "article"') == 11
    assert _jsonl(process_stream(read_articles([mixed_input]), jobs=1)) == one_process
    assert _jsonl(process_stream(read_articles([mixed_input]), jobs=2)) == one_process


def test_many_small_chunks_and_a_narrow_window_keep_the_order(mixed_input, one_process):
    stream = process_stream(read_articles([mixed_input]), jobs=2, chunk_chars=1, window=2)
    assert _jsonl(stream) == one_process


def test_cli_jobs_2_equals_jobs_1(tmp_path, capsys):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["extract", ARTICLES, "-o", str(one), "--jobs", "1"]) == 0
    assert main(["extract", ARTICLES, "-o", str(two), "--jobs", "2"]) == 0
    assert one.read_bytes() == two.read_bytes()
    summary = capsys.readouterr().err.strip().splitlines()[-1]
    assert summary.startswith("articles read 5, written 5, failed 0; citations ")
    assert summary.endswith(" s")


def test_input_is_pulled_lazily_within_the_window():
    pulled = []

    def articles():
        for i in range(1000):
            pulled.append(i)
            yield RawArticle(doc_id=f"d{i}", source="-", text="Công tác cán bộ.")

    stream = process_stream(articles(), jobs=2, chunk_chars=1, window=4)
    first = next(stream)
    assert first[0].doc_id == "d0"
    assert len(pulled) <= 4 + 1  # the window, plus the one chunk refilled after the first result
    stream.close()


def test_chunks_group_consecutive_articles():
    arts = [RawArticle(doc_id=str(i), source="-", text="x" * 10) for i in range(7)]
    groups = list(chunked(arts, chunk_chars=25, chunk_articles=100))
    assert [[a.doc_id for a in g] for g in groups] == [["0", "1", "2"], ["3", "4", "5"], ["6"]]
    assert [len(g) for g in chunked(arts, chunk_chars=10**6, chunk_articles=2)] == [2, 2, 2, 1]


def _dies_on_boom(raw, segment_all=False, **limits):
    if raw.doc_id == "boom":
        os._exit(3)  # what a segfault or the OOM killer looks like from the parent
    return _real_process_article(raw, segment_all, **limits)


_real_process_article = parallel.process_article


@needs_fork
def test_a_worker_that_dies_costs_only_its_article(monkeypatch):
    monkeypatch.setattr(parallel, "process_article", _dies_on_boom)
    ids = ["a", "b", "boom", "c", "d", "e"]
    arts = [RawArticle(doc_id=i, source="-", text="Huyện đã luân chuyển 3 cán bộ về xã.") for i in ids]
    out = list(process_stream(arts, jobs=2, chunk_chars=10**6, chunk_articles=2))
    assert [r[0].doc_id for r in out] == ids
    failed = [r[0].doc_id for r in out if r[0].error]
    assert failed == ["boom"]
    assert out[2][0].error.code == ErrorCode.crashed
    assert all(len(r) == 2 for r in out if not r[0].error)  # the others still have their count


def test_bad_arguments():
    with pytest.raises(ValueError):
        list(process_stream([], jobs=0))
    with pytest.raises(ValueError):
        list(process_stream([], engine="spark"))


def test_cli_usage_errors(capsys):
    assert main(["extract", ARTICLES, "--jobs", "-1"]) == 2
    assert main(["extract", ARTICLES, "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert "--engine dask" in capsys.readouterr().err


def test_progress_bar_only_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    assert not wants_bar(io.StringIO())
    assert wants_bar(Tty())
    assert not wants_bar(Tty(), enabled=False)
    assert wants_bar(io.StringIO(), enabled=True)
    assert not wants_bar(None, enabled=True)


def test_run_draws_the_bar_on_the_progress_stream_only_when_asked(tmp_path):
    err = io.StringIO()
    run([ARTICLES], str(tmp_path / "a.jsonl"), progress=err)
    assert err.getvalue() == ""  # not a terminal: nothing but the summary, which the CLI prints
    run([ARTICLES], str(tmp_path / "b.jsonl"), progress=err, show_progress=True)
    assert "articles" in err.getvalue()
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_progress_bar_counts_articles():
    from schemas import ArticleRecord

    err = io.StringIO()
    with progress_bar(err, enabled=True) as bar:
        bar.update(ArticleRecord(doc_id="d", source="-", n_chars=1_000_000))
        bar.update(ArticleRecord(doc_id="e", source="-", n_chars=0, error={"code": "empty", "message": "-"}))
        assert (bar.articles, bar.chars, bar.failed) == (2, 1_000_000, 1)
    assert err.getvalue().startswith("\r")  # drawn in place, then cleared (leave=False)


def test_workers_end_when_the_run_is_killed(tmp_path):
    """A run killed by a signal (no clean-up in the parent) leaves no worker processes behind."""
    import signal
    import subprocess
    import sys
    import time

    psutil = pytest.importorskip("psutil")
    if not sys.platform.startswith("linux"):
        pytest.skip("uses Linux's parent-death signal")
    raws = list(read_articles([ARTICLES]))
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": f"{r.doc_id}-{i}", "text": r.text}, ensure_ascii=False) + "\n"
                            for i in range(100) for r in raws), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", str(path), "--jobs", "2",
                             "-o", str(tmp_path / "out.jsonl")], cwd=str(CORPUS.parent),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        parent = psutil.Process(proc.pid)
        deadline = time.monotonic() + 60
        while len(workers := parent.children()) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = [w for w in parent.children() if "resource_tracker" not in " ".join(w.cmdline())]
        assert len(workers) >= 2
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    gone, alive = psutil.wait_procs(workers, timeout=20)
    for w in alive:
        w.kill()
    assert not alive
