"""`rotation-facts diff`: facts paired by identity, changes field by field, totals, exit status."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.results.diff import diff_files, diff_json, format_diff, pair_facts, MATCHERS

RECORDS = Path(__file__).resolve().parent / "fixtures" / "records"
OLD, NEW = RECORDS / "run_old.jsonl", RECORDS / "run_new.jsonl"


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def test_the_fixture_runs_differ_as_designed():
    diff = diff_files(OLD, NEW)
    assert diff.totals() == {
        "citation": {"added": 0, "removed": 1, "changed": 2, "unchanged": 1},
        "count": {"added": 0, "removed": 1, "changed": 2, "unchanged": 1},
        "official": {"added": 2, "removed": 0, "changed": 1, "unchanged": 0},
    }
    by_doc = {a.doc_id: a for a in diff.articles}
    assert by_doc["b2"].status == "removed" and by_doc["c3"].status == "added"
    assert not by_doc["d4"].differs and not by_doc["f6"].differs


def test_report_lists_added_removed_and_changed_fields_then_totals():
    report = format_diff(diff_files(OLD, NEW), "old", "new")
    assert report.splitlines()[:2] == ["--- old", "+++ new"]
    assert '  + official [242, 253) "Lê Thị Bình" name="Lê Thị Bình"' in report
    assert '  - count [132, 140) "7 cán bộ" value=7' in report
    assert '      direction: null -> "down"' in report
    assert '      value: 2 -> 20' in report  # count paired by its span when the value changed
    assert '      ref: "nghi_quyet:02-NQ/ThU" -> "nghi_quyet:02-NQ/ThU:2021-12-30"' in report  # paired by number
    assert "+ article c3 (added, 1 fact)" in report and "- article b2 (removed, 1 fact)" in report
    assert "article d4" not in report  # unchanged articles are not listed
    assert report.splitlines()[-1].split() == ["total", "2", "2", "5", "2"]


def test_second_mention_of_a_document_pairs_with_its_own_counterpart():
    a1 = [r for r in _lines(OLD) if r["doc_id"] == "a1" and r["type"] == "citation"]
    b1 = [r for r in _lines(NEW) if r["doc_id"] == "a1" and r["type"] == "citation"]
    pairs, removed, added = pair_facts(a1, b1, MATCHERS["citation"])
    assert not removed and not added
    assert [(a["span"], b["span"]) for a, b in pairs] == [(a["span"], a["span"]) for a in a1]


def test_line_order_does_not_matter(tmp_path):
    records = _lines(NEW)
    shuffled = records[:1] + random.Random(3).sample(records[1:6], 5) + records[6:]
    diff = diff_files(NEW, _write(tmp_path / "shuffled.jsonl", shuffled))
    assert not diff.differs


def test_article_field_changes_are_reported(tmp_path):
    records = _lines(NEW)
    for r in records:
        if r["doc_id"] == "f6":
            r["error"] = {"code": "decode_failed", "message": "bytes"}
    diff = diff_files(NEW, _write(tmp_path / "new.jsonl", records))
    (article,) = [a for a in diff.articles if a.differs]
    assert article.doc_id == "f6" and [c.field for c in article.article_changes] == ["error"]


def test_json_output_carries_the_same_totals():
    data = diff_json(diff_files(OLD, NEW))
    assert data["differs"] is True
    assert {a["doc_id"] for a in data["articles"]} == {"a1", "b2", "c3", "e5"}
    json.dumps(data)  # JSON-ready


def test_cli_exit_status_like_diff(tmp_path, capsys):
    assert main(["diff", str(NEW), str(NEW)]) == 0
    assert main(["diff", str(OLD), str(NEW)]) == 1
    assert "Lê Thị Bình" in capsys.readouterr().out
    assert main(["diff", "--stat", str(OLD), str(NEW)]) == 1
    assert "Lê Thị Bình" not in capsys.readouterr().out


@pytest.mark.parametrize("content, message", [
    ("not json\n", "not JSON"),
    ('{"type": "count", "doc_id": "x"}\n', "needs 'span'"),
    ('{"type": "nonsense", "doc_id": "x"}\n', "unknown record type"),
])
def test_cli_usage_errors_exit_2(tmp_path, capsys, content, message):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, "utf-8")
    assert main(["diff", str(OLD), str(bad)]) == 2
    assert message in capsys.readouterr().err
    assert main(["diff", str(OLD), str(tmp_path / "missing.jsonl")]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["diff", str(OLD)])
    assert exc.value.code == 2


def _usage_block(command: str) -> str:
    """The output docs/USAGE.md shows after `$ command`, up to the next `$` line or the block's end."""
    usage = (RECORDS.parent.parent.parent / "docs" / "USAGE.md").read_text("utf-8")
    after = usage.split(f"$ {command}\n", 1)[1]
    lines = []
    for line in after.splitlines():
        if line.startswith("$ ") or line.startswith("```"):
            break
        lines.append(line)
    return "\n".join(lines)


def test_usage_doc_shows_what_diff_prints(monkeypatch):
    monkeypatch.chdir(RECORDS.parent.parent.parent)
    old, new = "tests/fixtures/records/run_old.jsonl", "tests/fixtures/records/run_new.jsonl"
    shown = _usage_block(f".venv/bin/rotation-facts diff {old} {new}")
    assert shown == format_diff(diff_files(old, new), old, new), "update the diff example in docs/USAGE.md"


def test_runs_over_a_moved_corpus_compare_equal(tmp_path):
    """`source` and `line` say where an article was read from, not what it says."""
    from pipeline.results.diff import diff_files

    old = tmp_path / "old.jsonl"
    new = tmp_path / "new.jsonl"
    article = ('{"type": "article", "doc_id": "d", "source": "%s", "line": %s, "title": null, "url": null, '
               '"published": null, "n_chars": 5, "n_facts": 0, "notes": [], "error": null, "rejected": []}\n')
    old.write_text(article % ("a/d.txt", "null"), "utf-8")
    new.write_text(article % ("b/batch.jsonl", "3"), "utf-8")
    assert not diff_files(old, new).differs


def test_a_run_from_before_sentence_span_compares_equal(tmp_path):
    """`sentence_span` is where the evidence lies, not a finding: a run written before the field
    existed differs from today's only in it, and the diff says the runs are the same."""
    older = tmp_path / "older.jsonl"
    lines = [json.loads(line) for line in NEW.read_text("utf-8").splitlines()]
    older.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "sentence_span"}, ensure_ascii=False) + "\n"
                             for r in lines), "utf-8")
    assert not diff_files(older, NEW).differs
