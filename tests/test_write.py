"""Stage 6: JSON Lines with fixed key order, readable UTF-8, atomic output files."""

from __future__ import annotations

import json

import pytest

from pipeline.stages.write import open_output, record_line
from schemas import ArticleRecord, CountRecord


def test_record_line_has_type_then_doc_id_and_no_ascii_escapes():
    record = CountRecord(doc_id="d", span=(0, 11), text="15 đồng chí", sentence="15 đồng chí.",
                         sentence_span=(0, 12), value=15)
    line = record_line(record)
    assert line.endswith("\n") and "\n" not in line[:-1]
    assert "đồng chí" in line
    assert list(json.loads(line))[:2] == ["type", "doc_id"]


def test_article_record_keys_are_fixed():
    line = record_line(ArticleRecord(doc_id="d", source="x.txt", n_chars=3))
    assert list(json.loads(line)) == list(ArticleRecord.model_fields)


def test_output_appears_only_when_complete(tmp_path):
    out = tmp_path / "facts.jsonl"
    with pytest.raises(RuntimeError):
        with open_output(str(out)) as fh:
            fh.write("partial\n")
            raise RuntimeError("killed")
    assert not out.exists()
    assert not list(tmp_path.iterdir())  # no temporary left behind
    with open_output(str(out)) as fh:
        fh.write("done\n")
    assert out.read_text() == "done\n"
