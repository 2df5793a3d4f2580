"""Interrupted runs: a killed run leaves no complete-looking output, and --resume finishes it.

The SIGKILL test runs the real command on a corpus of many copies of the corpus
articles, kills it part-way, resumes it, and compares the result byte for byte
with an uninterrupted run.

An article that kills its own process (as the OOM killer would) must not kill every
resumed run in turn: the test-only variable `ROTATION_FACTS_TEST_ONLY_KILL` makes the
process extracting one named article SIGKILL itself, and the run, resumed, retries
that article once alone in a process of its own, then records it as `crashed`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.inputs.read import read_articles
from pipeline.execution.resume import ResumeError, load_partial, skip_done
import pipeline.runner as runner_module
from pipeline.execution.job import run

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "corpus" / "articles").glob("*.txt"))
CMD = [sys.executable, "-m", "pipeline.cli", "extract"]


def _corpus(root: Path, copies: int) -> Path:
    root.mkdir()
    for i in range(copies):
        for article in ARTICLES:
            shutil.copy(article, root / f"{i:03d}_{article.name}")
    (root / "zz_bad.jsonl").write_text('{"id": "a", "text": "Huyện đã luân chuyển 3 cán bộ."}\nnot json\n', "utf-8")
    return root


def _articles_in(path: Path) -> int:
    if not path.exists():
        return 0
    return sum(1 for line in path.read_bytes().split(b"\n") if line.startswith(b'{"type": "article"'))


def test_sigkill_then_resume_is_byte_identical(tmp_path):
    corpus = _corpus(tmp_path / "in", copies=8)
    total = len(list(read_articles([str(corpus)])))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    full = tmp_path / "full.jsonl"
    done = subprocess.run([*CMD, str(corpus), "-o", str(full)], cwd=ROOT, env=env, capture_output=True, timeout=600)
    assert done.returncode == 1, done.stderr  # the bad JSONL line
    assert _articles_in(full) == total

    out = tmp_path / "out.jsonl"
    part = tmp_path / "out.jsonl.part"
    proc = subprocess.Popen([*CMD, str(corpus), "-o", str(out)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while _articles_in(part) < total // 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    assert not out.exists()  # nothing that looks complete
    kept = _articles_in(part)
    assert 0 < kept < total
    with open(part, "ab") as fh:  # as if killed in the middle of writing the next article
        fh.write(b'{"type": "article", "doc_id": "half-writ')

    resumed = subprocess.run([*CMD, str(corpus), "-o", str(out), "--resume"], cwd=ROOT, env=env,
                             capture_output=True, timeout=600)
    assert resumed.returncode == 1, resumed.stderr
    assert b"resuming: " in resumed.stderr
    assert out.read_bytes() == full.read_bytes()
    assert not part.exists()
    assert not (tmp_path / "out.jsonl.inflight").exists()
    assert f"articles read {total}".encode() in resumed.stderr  # the summary counts the kept ones too


def _records(doc_id: str, n_facts: int) -> list[str]:
    article = {"type": "article", "doc_id": doc_id, "source": f"{doc_id}.txt", "line": None, "title": None,
               "url": None, "published": None, "n_chars": 10, "n_facts": n_facts, "error": None, "rejected": []}
    fact = {"type": "count", "doc_id": doc_id, "span": [0, 1], "text": "3", "sentence": "3",
            "sentence_span": [0, 1], "value": 3}
    return [json.dumps(article) + "\n"] + [json.dumps(fact) + "\n"] * n_facts


@pytest.mark.parametrize("tail,kept", [
    ("", 2),
    ('{"type": "art', 2),                       # cut inside a line
    ("".join(_records("c", 2)[:2]), 2),          # an article missing one of its facts
    ("".join(_records("c", 0)), 3),
])
def test_partial_file_keeps_only_complete_articles(tmp_path, tail, kept):
    out = tmp_path / "o.jsonl"
    head = "".join(_records("a", 1) + _records("b", 0))
    (tmp_path / "o.jsonl.part").write_text(head + tail, "utf-8")
    partial = load_partial(str(out))
    assert len(partial.done) == kept
    assert partial.size == len((head + ("".join(_records("c", 0)) if kept == 3 else "")).encode())


def test_a_part_file_not_written_by_us_is_refused(tmp_path):
    (tmp_path / "o.jsonl.part").write_text("hello\n", "utf-8")
    with pytest.raises(ResumeError):
        load_partial(str(tmp_path / "o.jsonl"))


def test_changed_inputs_are_refused(tmp_path):
    (tmp_path / "a.txt").write_text("Một.", "utf-8")
    (tmp_path / "b.txt").write_text("Hai.", "utf-8")
    arts = list(read_articles([str(tmp_path)]))
    assert [a.doc_id for a in skip_done(arts, [(arts[0].source, "a", None)])] == ["b"]
    with pytest.raises(ResumeError, match="inputs changed"):
        list(skip_done(arts, [(arts[0].source, "other", None)]))
    with pytest.raises(ResumeError, match="had finished 3"):
        list(skip_done(arts, [(a.source, a.doc_id, a.line) for a in arts] + [("x", "y", None)]))


def test_resume_of_a_finished_run_processes_only_new_inputs(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copy(ARTICLES[0], corpus / "a.txt")
    out = tmp_path / "o.jsonl"
    run([str(corpus)], str(out), progress=None)
    first = out.read_bytes()
    shutil.copy(ARTICLES[1], corpus / "b.txt")
    summary = run([str(corpus)], str(out), progress=None, resume=True)
    assert summary.articles == 2 and out.read_bytes().startswith(first)
    fresh = tmp_path / "fresh.jsonl"
    run([str(corpus)], str(fresh), progress=None)
    assert out.read_bytes() == fresh.read_bytes()


def test_a_second_run_on_the_same_output_is_refused(tmp_path):
    from pipeline.stages.write import OutputBusy, open_output

    out = str(tmp_path / "o.jsonl")
    with open_output(out) as fh:
        fh.write("x\n")
        with pytest.raises(OutputBusy):
            with open_output(out):
                pass
    assert Path(out).read_text() == "x\n"


def test_a_failed_run_keeps_its_part_file_for_resume(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copy(ARTICLES[0], corpus / "a.txt")
    out = tmp_path / "o.jsonl"

    def interrupted():
        yield from read_articles([str(corpus)])
        raise KeyboardInterrupt

    import pipeline.execution.job as job

    original = job.read_articles
    job.read_articles = lambda paths, **options: interrupted()
    try:
        with pytest.raises(KeyboardInterrupt):
            run([str(corpus)], str(out), progress=None, in_process=True)  # workers read ahead
    finally:
        job.read_articles = original
    assert not out.exists() and _articles_in(tmp_path / "o.jsonl.part") == 1
    assert not (tmp_path / "o.jsonl.inflight").exists()  # an interruption is no death: no article to suspect


# --- an article that kills its process ---------------------------------------------------

KILLER = "002_killer"


def _killer_corpus(root: Path) -> Path:
    """The corpus articles, and a copy of one under the name the test-only hook kills on."""
    root.mkdir()
    for article in ARTICLES:
        shutil.copy(article, root / article.name)
    shutil.copy(ARTICLES[3], root / f"{KILLER}.txt")
    return root


def _extract(corpus: Path, out: Path, *options: str, kill: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != runner_module.TEST_KILL_VARIABLE}
    if kill:
        env[runner_module.TEST_KILL_VARIABLE] = f"sigkill-when-extracting:{KILLER}"
    return subprocess.run([*CMD, str(corpus), "-o", str(out), "--no-progress", *options], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def _split(output: bytes) -> dict[str, list[str]]:
    """Output lines by doc_id."""
    grouped: dict[str, list[str]] = {}
    for line in output.decode("utf-8").splitlines():
        grouped.setdefault(json.loads(line)["doc_id"], []).append(line)
    return grouped


def _lines(path: Path) -> dict[str, list[str]]:
    return _split(path.read_bytes())


@pytest.fixture(scope="module")
def killer_run(tmp_path_factory) -> tuple[Path, bytes]:
    """The corpus with the killer article, and the output of a run where nothing kills."""
    root = tmp_path_factory.mktemp("killer")
    corpus = _killer_corpus(root / "in")
    clean = root / "clean.jsonl"
    assert _extract(corpus, clean, kill=False).returncode == 0
    return corpus, clean.read_bytes()


def _died_on_the_killer(corpus: Path, out: Path) -> None:
    died = _extract(corpus, out, "--in-process", kill=True)  # no worker: the run itself dies
    assert died.returncode == -signal.SIGKILL, died.stderr
    note = json.loads(Path(f"{out}.inflight").read_text("utf-8"))
    assert note["doc_id"] == KILLER and note["isolated"] is False
    assert not out.exists() and _articles_in(Path(f"{out}.part")) == 3  # the articles before it


def test_an_article_that_kills_every_process_is_recorded_as_crashed_on_resume(tmp_path, killer_run):
    corpus, clean = killer_run
    out = tmp_path / "o.jsonl"
    _died_on_the_killer(corpus, out)
    resumed = _extract(corpus, out, "--resume", kill=True)  # it kills again, alone
    assert resumed.returncode == 1, resumed.stderr
    assert "crashed: 1" in resumed.stderr and f"{KILLER}: crashed" in resumed.stderr
    got, clean_lines = _lines(out), _split(clean)
    [record] = got.pop(KILLER)
    record = json.loads(record)
    assert record["error"]["code"] == "crashed" and "retried alone" in record["error"]["message"]
    clean_lines.pop(KILLER)
    assert got == clean_lines  # every other article, as in a run where nothing died
    assert not Path(f"{out}.inflight").exists() and not Path(f"{out}.part").exists()


def test_an_article_that_passes_alone_is_resumed_as_if_nothing_happened(tmp_path, killer_run):
    corpus, clean = killer_run
    out = tmp_path / "o.jsonl"
    _died_on_the_killer(corpus, out)
    resumed = _extract(corpus, out, "--resume", kill=False)
    assert resumed.returncode == 0, resumed.stderr
    assert f"died while extracting '{KILLER}': retrying it alone" in resumed.stderr
    assert out.read_bytes() == clean


def test_a_run_that_died_during_the_retry_does_not_try_a_third_time(tmp_path, killer_run):
    corpus, _ = killer_run
    out = tmp_path / "o.jsonl"
    _died_on_the_killer(corpus, out)
    note = Path(f"{out}.inflight")
    # as the note stands when the resumed run itself died while its child retried the article
    note.write_text(note.read_text("utf-8").replace('"isolated": false', '"isolated": true'), "utf-8")
    resumed = _extract(corpus, out, "--resume", kill=False)  # would pass now: it is not tried again
    assert resumed.returncode == 1 and "crashed: 1" in resumed.stderr, resumed.stderr
    assert json.loads(_lines(out)[KILLER][0])["error"]["code"] == "crashed"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_workers_record_an_article_that_kills_them_and_go_on(tmp_path, killer_run, jobs):
    corpus, clean = killer_run
    out = tmp_path / "o.jsonl"
    done = _extract(corpus, out, "--jobs", jobs, kill=True)
    assert done.returncode == 1 and "crashed: 1" in done.stderr, done.stderr
    got, clean_lines = _lines(out), _split(clean)
    assert json.loads(got.pop(KILLER)[0])["error"]["code"] == "crashed"
    clean_lines.pop(KILLER)
    assert got == clean_lines
    if jobs == "2":
        return
    in_process = tmp_path / "in_process.jsonl"
    _died_on_the_killer(corpus, in_process)
    assert _extract(corpus, in_process, "--resume", kill=True).returncode == 1
    assert in_process.read_bytes() == out.read_bytes()  # the same record whichever way it crashed


def test_the_kill_hook_acts_only_on_its_exact_form(monkeypatch):
    from pipeline.inputs.read import RawArticle

    text = "Huyện đã luân chuyển 3 cán bộ về xã."
    for value in (KILLER, f"sigkill:{KILLER}", "sigkill-when-extracting:", "sigkill-when-extracting:other"):
        monkeypatch.setenv(runner_module.TEST_KILL_VARIABLE, value)
        records = runner_module.process_article(RawArticle(doc_id=KILLER, source="-", text=text))
        assert records[0].error is None and records[0].n_facts == 1
