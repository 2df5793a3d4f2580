"""Judge, export, convert, eval: judgments of a run become gold the next run is scored against."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.results.evaluate import score
from pipeline.results.facts_file import load_run, run_identity
from pipeline.results.judgments import JudgmentsError, read_judgments, write_judgments
from pipeline.results.to_gold import to_gold
from schemas.judgments import JUDGED_FIELDS, CheckedArticle, FactJudgment, MissedFact

RECORDS = Path(__file__).resolve().parent / "fixtures" / "records"
RUN = RECORDS / "run_new.jsonl"
TEXTS = {json.loads(line)["id"]: json.loads(line)["text"]
         for line in (RECORDS / "articles.jsonl").read_text("utf-8").splitlines()}
STAMP = "2026-11-30T10:00:00Z"
CHECKED = ("a1", "c3", "d4", "e5")  # f6 failed in extraction: no text to check


def judge(verdicts: dict[tuple[str, str], str] | None = None, corrections: dict | None = None,
          missed: list[tuple[str, str, str, dict]] = (), checked=CHECKED) -> list:
    """Every fact of the run judged (correct unless `verdicts[(doc_id, text)]` says otherwise), the
    `missed` facts added at their phrase's first place in the article, the `checked` articles marked."""
    run_id = run_identity(RUN)
    lines = []
    for entry in load_run(RUN).values():
        for f in entry.facts:
            who = (f["doc_id"], f["text"])
            lines.append(FactJudgment(
                doc_id=f["doc_id"], fact_type=f["type"], span=tuple(f["span"]), text=f["text"],
                fields={n: f.get(n) for n in JUDGED_FIELDS[f["type"]]}, verdict=(verdicts or {}).get(who, "correct"),
                corrected=(corrections or {}).get(who), reviewer="an", judged_at=STAMP, run=run_id))
    for doc_id, kind, phrase, fields in missed:
        start = TEXTS[doc_id].index(phrase)
        lines.append(MissedFact(doc_id=doc_id, fact_type=kind, span=(start, start + len(phrase)), text=phrase,
                                fields=fields, reviewer="an", judged_at=STAMP, run=run_id))
    n_facts = {e.doc_id: len(e.facts) for e in load_run(RUN).values()}
    lines += [CheckedArticle(doc_id=d, n_facts=n_facts[d], reviewer="an", judged_at=STAMP, run=run_id) for d in checked]
    return lines


def convert(tmp_path: Path, lines: list) -> Path:
    judgments, gold = tmp_path / "judgments.jsonl", tmp_path / "gold.jsonl"
    write_judgments(lines, judgments)
    assert main(["judgments-to-gold", str(judgments), "--facts", str(RUN), "-o", str(gold)]) == 0
    return gold


def test_a_run_judged_all_correct_scores_perfectly_against_its_own_gold(tmp_path):
    result = score(str(convert(tmp_path, judge())), str(RUN))
    for kind in ("citation", "count", "official", "move"):
        assert (result[kind]["p"], result[kind]["r"]) == (1.0, 1.0), kind
    assert result["docs"] == 4 and result["macro_f1"] == 1.0
    assert all(v["acc"] == 1.0 for k, v in result.items() if "." in k)


def test_wrong_missed_unsure_and_corrected_facts_show_in_eval(tmp_path):
    lines = judge(verdicts={("e5", "20 đồng chí"): "wrong", ("a1", "Lê Thị Bình"): "unsure"},
                  corrections={("a1", "15 đồng chí"): {"direction": "up"},
                               ("a1", "Nguyễn Văn An"): {"to_post": "Chủ tịch UBND huyện"}},
                  missed=[("a1", "count", "7 cán bộ", {"value": 7, "direction": None})])
    gold = convert(tmp_path, lines)
    result = score(str(gold), str(RUN))
    assert {k: result["count"][k] for k in ("tp", "fp", "fn")} == {"tp": 2, "fp": 1, "fn": 1}  # 20 wrong, 7 missed
    assert result["per_doc"]["e5"]["count"]["fp"] == [20] and result["per_doc"]["a1"]["count"]["fn"] == [7]
    assert {k: result["official"][k] for k in ("tp", "fp", "fn")} == {"tp": 2, "fp": 0, "fn": 0}  # Bình optional
    assert result["count.direction"] == {"n": 1, "acc": 0.0}
    assert result["move.to_post"] == {"n": 2, "acc": 0.5}
    a1 = json.loads(gold.read_text("utf-8").splitlines()[0])
    assert a1 == {
        "doc_id": "a1",
        "citations": [{"kind": "quy_dinh", "number": "98", "code": "98-QĐ/TW", "issued": "2017-10-07"}],
        "counts": [{"value": 15, "from_level": "district", "to_level": "commune", "direction": "up"},
                   {"value": 7, "from_level": None, "to_level": None, "direction": None}],
        "officials": [{"name": "Nguyễn Văn An", "rotated": True, "to_post": "Chủ tịch UBND huyện"}],
        "optional": {"citations": [], "counts": [], "officials": [{"name": "Lê Thị Bình", "rotated": False}]},
    }


def test_only_articles_checked_whole_become_gold(tmp_path, capsys):
    lines = [line for line in judge(checked=("a1", "d4"))
             if not (getattr(line, "doc_id", "") == "d4" and line.type == "judgment")]
    gold = convert(tmp_path, lines)
    assert [json.loads(line)["doc_id"] for line in gold.read_text("utf-8").splitlines()] == ["a1"]
    assert "left out d4: marked checked but 0 of its 1 facts judged" in capsys.readouterr().err


def test_judgments_of_another_run_are_refused(tmp_path, capsys):
    judgments = tmp_path / "judgments.jsonl"
    write_judgments(judge(), judgments)
    assert main(["judgments-to-gold", str(judgments), "--facts", str(RECORDS / "run_old.jsonl"),
                 "-o", str(tmp_path / "gold.jsonl")]) == 2
    assert "the judgments are of run" in capsys.readouterr().err
    assert not (tmp_path / "gold.jsonl").exists()


def test_a_doc_id_twice_in_the_run_cannot_become_gold(tmp_path):
    twice = tmp_path / "run.jsonl"
    lines = RUN.read_text("utf-8").splitlines()
    twice.write_text("\n".join(lines + [line for line in lines if '"doc_id": "d4"' in line]) + "\n", "utf-8")
    judgments = judge()
    write_judgments(judgments, tmp_path / "j.jsonl")
    with pytest.raises(JudgmentsError, match="doc_id d4 names 2 articles"):
        to_gold(read_judgments([tmp_path / "j.jsonl"]), load_run(twice))
