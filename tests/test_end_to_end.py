"""`rotation-facts extract` on the bundled corpus honours the output contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from schemas import AnyRecord
from tests.conftest import CORPUS

ARTICLES = CORPUS / "articles"
CLI = [sys.executable, "-m", "pipeline.cli"]


def _extract(out: Path, *paths: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, "extract", *paths, "-o", str(out)], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def corpus_output(tmp_path_factory) -> tuple[Path, list[dict]]:
    out = tmp_path_factory.mktemp("e2e") / "facts.jsonl"
    done = _extract(out, str(ARTICLES))
    assert done.returncode == 0, done.stderr
    assert "articles read 5" in done.stderr  # the summary line
    return out, [json.loads(line) for line in out.read_text("utf-8").splitlines()]


def test_every_record_validates_against_the_schema(corpus_output):
    adapter = TypeAdapter(AnyRecord)
    for record in corpus_output[1]:
        adapter.validate_python(record)


def test_keys_type_first_doc_id_second(corpus_output):
    for record in corpus_output[1]:
        assert list(record)[:2] == ["type", "doc_id"]


def test_spans_slice_the_original_text(corpus_output):
    texts = {p.stem: p.read_text("utf-8") for p in ARTICLES.glob("*.txt")}
    facts = [r for r in corpus_output[1] if r["type"] != "article"]
    assert facts
    for r in facts:
        start, end = r["span"]
        assert texts[r["doc_id"]][start:end] == r["text"]
        assert r["text"] in r["sentence"] or r["sentence"] in texts[r["doc_id"]]
        assert r["sentence"] in texts[r["doc_id"]]


def test_articles_in_input_order_each_followed_by_its_facts_in_text_order(corpus_output):
    records = corpus_output[1]
    article_ids = [r["doc_id"] for r in records if r["type"] == "article"]
    assert article_ids == sorted(p.stem for p in ARTICLES.glob("*.txt"))
    current, last_start = None, -1
    for r in records:
        if r["type"] == "article":
            current, last_start = r["doc_id"], -1
            assert r["error"] is None and r["n_chars"] > 0
            continue
        assert r["doc_id"] == current
        assert r["span"][0] >= last_start
        last_start = r["span"][0]


def test_n_facts_matches_the_records_written(corpus_output):
    records = corpus_output[1]
    for i, r in enumerate(records):
        if r["type"] == "article":
            following = [x for x in records[i + 1:]]
            n = next((j for j, x in enumerate(following) if x["type"] == "article"), len(following))
            assert r["n_facts"] == n


def test_second_run_is_byte_identical(corpus_output, tmp_path):
    again = tmp_path / "again.jsonl"
    assert _extract(again, str(ARTICLES)).returncode == 0
    assert again.read_bytes() == corpus_output[0].read_bytes()


def test_all_three_fact_types_are_found(corpus_output):
    types = {r["type"] for r in corpus_output[1]}
    assert {"article", "citation", "count", "official"} <= types


def test_jsonl_and_stdin_inputs(tmp_path):
    text = (ARTICLES / "002_4ec387c38eb67db5.txt").read_text("utf-8")
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text(json.dumps({"id": "x1", "content": text, "url": "http://example.invalid/a",
                                 "title": "T", "published": "2023-07-12T08:57:00+07:00"}, ensure_ascii=False) + "\n")
    out = tmp_path / "o.jsonl"
    assert _extract(out, str(jsonl)).returncode == 0
    article = json.loads(out.read_text("utf-8").splitlines()[0])
    assert article["doc_id"] == "x1" and article["published"] == "2023-07-12" and article["line"] == 1
    done = subprocess.run([*CLI, "extract", "-"], input=text, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0
    assert json.loads(done.stdout.splitlines()[0])["doc_id"] == "stdin"


def test_html_input_yields_article_text_without_navigation(tmp_path):
    body = "".join(f"<p>Câu số {i} về công tác cán bộ của huyện trong nhiệm kỳ qua.</p>" for i in range(8))
    html = (f"<html><head><title>Luân chuyển cán bộ</title></head><body><nav><a href='/'>Trang chủ</a> | "
            f"<a href='/tin'>Tin tức</a></nav><article><h1>Luân chuyển cán bộ</h1>{body}"
            "<p>Từ đầu nhiệm kỳ, huyện đã điều động, luân chuyển 15 đồng chí.</p></article>"
            "<footer>Bản quyền thuộc về cổng thông tin</footer></body></html>")
    page = tmp_path / "a.html"
    page.write_text(html, "utf-8")
    out = tmp_path / "o.jsonl"
    assert _extract(out, str(page)).returncode == 0
    records = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert records[0]["title"] == "Luân chuyển cán bộ"
    assert any(r["type"] == "count" and r["value"] == 15 for r in records)


def test_schema_command_prints_the_json_schema():
    done = subprocess.run([*CLI, "schema"], capture_output=True, text=True, timeout=120)
    schema = json.loads(done.stdout)
    names = json.dumps(schema)
    for model in ("ArticleRecord", "CitationRecord", "CountRecord", "OfficialRecord"):
        assert model in names


def test_eval_command_prints_scores(corpus_output):
    done = subprocess.run([*CLI, "eval", str(CORPUS / "gold.jsonl"), str(corpus_output[0])],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    for fact_type in ("citation", "count", "official", "move"):
        assert fact_type in done.stdout


def test_usage_errors_exit_2(tmp_path):
    done = subprocess.run([*CLI, "extract", str(tmp_path / "missing.txt")], capture_output=True, text=True)
    assert done.returncode == 2 and "no such file" in done.stderr
    done = subprocess.run([*CLI, "extract", str(ARTICLES), "-o", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 2 and "directory" in done.stderr
