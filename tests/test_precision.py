"""`rotation-facts precision`: Wilson's interval, Cohen's kappa, the stratified estimator, recall,
field accuracy, and reading judgments files strictly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.results.facts_file import load_run, run_identity
from pipeline.results.judgments import JudgmentsError, read_judgments, write_judgments
from pipeline.results.precision import cohen_kappa, estimate, report, wilson
from schemas.judgments import CheckedArticle, FactJudgment, MissedFact

RECORDS = Path(__file__).resolve().parent / "fixtures" / "records"
STAMP = "2026-11-30T10:00:00.000Z"


# ---- the formulas against published values ---------------------------------------------------------

@pytest.mark.parametrize("successes, n, low, high", [
    # Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion: comparison of
    # seven methods. Statistics in Medicine 17(8), 857-872; Table I, method 3 (Wilson's score
    # interval without continuity correction), its worked examples.
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_interval_matches_newcombe_1998(successes, n, low, high):
    got = wilson(successes, n)
    assert got == pytest.approx((low, high), abs=5e-5)


def test_wilson_interval_is_symmetric_and_within_bounds():
    low, high = wilson(29, 29)
    assert high == 1.0 and low == pytest.approx(1 - wilson(0, 29)[1])
    assert wilson(0, 0) == (0.0, 1.0)


def test_cohen_kappa_matches_cohen_1960():
    # Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and Psychological
    # Measurement 20(1), 37-46; Table 1: two judges, 200 items, three categories, joint proportions
    # .44 .07 .09 / .05 .20 .05 / .01 .03 .06: p_o = .70, p_c = .41, kappa = .29 / .59 = .492.
    table = {("1", "1"): 88, ("1", "2"): 14, ("1", "3"): 18, ("2", "1"): 10, ("2", "2"): 40, ("2", "3"): 10,
             ("3", "1"): 2, ("3", "2"): 6, ("3", "3"): 12}
    pairs = [cell for cell, count in table.items() for _ in range(count)]
    kappa, observed, expected = cohen_kappa(pairs)
    assert (round(observed, 3), round(expected, 3), round(kappa, 3)) == (0.70, 0.41, 0.492)


def test_cohen_kappa_two_categories_and_degenerate_cases():
    # The 2x2 example most textbooks open with: 50 items, yes/yes 20, yes/no 5, no/yes 10, no/no 15:
    # p_o = .70, p_e = .5 * .6 + .5 * .4 = .50, kappa = .40.
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert cohen_kappa(pairs) == pytest.approx((0.4, 0.7, 0.5))
    assert cohen_kappa([("a", "a")] * 5) == (None, 1.0, 1.0)  # chance agreement is 1: kappa undefined
    assert cohen_kappa([("a", "b"), ("b", "a")])[0] == pytest.approx(-1.0)


def test_weighted_estimate_uses_kish_effective_n():
    items = [(25.0, True)] * 3 + [(25.0, False)] + [(2.5, True)] * 2 + [(2.5, False)] * 2
    got = estimate(items)
    assert got["p"] == pytest.approx(80 / 110)
    assert got["n_eff"] == pytest.approx(110 ** 2 / (4 * 25 ** 2 + 4 * 2.5 ** 2))
    assert (got["low"], got["high"]) == pytest.approx(wilson(80 / 110 * got["n_eff"], got["n_eff"]))
    same = estimate([(1.0, True)] * 3 + [(1.0, False)])  # equal weights: Wilson's interval on n
    assert same["n_eff"] == pytest.approx(4) and (same["low"], same["high"]) == pytest.approx(wilson(3, 4))


# ---- judgments -----------------------------------------------------------------------------------

def sample(stratum: str, size: int, drawn: int, in_sample: bool = True) -> dict:
    return {"seed": 1, "stratified_by": ["type"], "allocation": "equal", "stratum": stratum,
            "stratum_size": size, "stratum_drawn": drawn, "frame_size": 110, "in_sample": in_sample}


def judgment(doc: str, kind: str, start: int, verdict: str, reviewer: str = "an", stamp: str = STAMP,
             corrected: dict | None = None, info: dict | None = None, run: str = "r1") -> FactJudgment:
    fields = {"count": {"value": start + 1}, "citation": {"kind": "quy_dinh", "number": str(start)},
              "official": {"name": "Lê Văn Tám", "rotated": True}}[kind]
    return FactJudgment(doc_id=doc, fact_type=kind, span=(start, start + 3), text="abc", fields=fields,
                        verdict=verdict, corrected=corrected, reviewer=reviewer, judged_at=stamp, run=run,
                        sample=info)


def stratified_set() -> list:
    """Counts: 100 in the run, 4 judged (3 correct); citations: 10, 4 judged (2 correct) and one unsure."""
    lines = [judgment("d1", "count", s, v, info=sample("type=count", 100, 4))
             for s, v in ((0, "correct"), (10, "correct"), (20, "correct"), (30, "wrong"))]
    lines[1] = judgment("d1", "count", 10, "correct", corrected={"direction": "up"}, info=sample("type=count", 100, 4))
    lines += [judgment("d2", "citation", s, v, info=sample("type=citation", 10, 5))
              for s, v in ((0, "correct"), (10, "correct"), (20, "wrong"), (30, "wrong"), (40, "unsure"))]
    lines.append(judgment("d2", "citation", 50, "wrong", info=sample("type=citation", 10, 5, in_sample=False)))
    return lines


def test_stratified_precision_by_hand(tmp_path):
    path = tmp_path / "j.jsonl"
    write_judgments(stratified_set(), path)
    r = report(read_judgments([path]))
    count, citation, everything = (r["precision"][k] for k in ("count", "citation", "all"))
    assert (count["correct"], count["wrong"], count["p"], count["n_eff"]) == (3, 1, 0.75, pytest.approx(4))
    assert (citation["correct"], citation["wrong"], citation["unsure"]) == (2, 2, 1)
    assert citation["p"] == 0.5 and (citation["low"], citation["high"]) == pytest.approx(wilson(2, 4))
    # strata weights N_h / n_h: 100 / 4 = 25 for counts, 10 / 4 = 2.5 for citations (the unsure one left out)
    assert everything["p"] == pytest.approx((25 * 3 + 2.5 * 2) / (25 * 4 + 2.5 * 4))
    assert everything["n_eff"] == pytest.approx(110 ** 2 / (4 * 25 ** 2 + 4 * 2.5 ** 2))
    assert r["outside_sample"] == 1 and r["sample"]["coverage"] == 1.0
    direction = r["fields"]["count.direction"]
    assert (direction["n"], direction["wrong"], direction["p"]) == (3, 1, pytest.approx(2 / 3))
    assert r["fields"]["count.value"]["p"] == 1.0


def test_unsampled_judgments_weigh_one_each(tmp_path):
    lines = [judgment("d1", "count", s, v) for s, v in ((0, "correct"), (10, "wrong"), (20, "unsure"))]
    path = tmp_path / "j.jsonl"
    write_judgments(lines, path)
    r = report(read_judgments([path]))
    assert r["sample"] is None
    assert (r["precision"]["count"]["p"], r["precision"]["count"]["n_eff"]) == (0.5, 2.0)


def test_recall_counts_only_articles_checked_whole(tmp_path):
    lines = [judgment("d1", "count", 0, "correct"), judgment("d1", "count", 10, "wrong"),
             judgment("d1", "official", 20, "unsure"),
             MissedFact(doc_id="d1", fact_type="count", span=(40, 42), text="12", fields={"value": 12},
                        reviewer="an", judged_at=STAMP, run="r1"),
             CheckedArticle(doc_id="d1", n_facts=3, reviewer="an", judged_at=STAMP, run="r1"),
             judgment("d2", "count", 0, "correct"),
             CheckedArticle(doc_id="d2", n_facts=2, reviewer="an", judged_at=STAMP, run="r1")]  # one fact unjudged
    path = tmp_path / "j.jsonl"
    write_judgments(lines, path)
    r = report(read_judgments([path]))["recall"]
    assert r["articles"] == 1 and r["left_out"] == {"d2": "1 of its 2 facts judged"}
    assert (r["by_type"]["count"]["correct"], r["by_type"]["count"]["missed"], r["by_type"]["count"]["r"]) == (1, 1, 0.5)
    assert r["by_type"]["all"]["unsure"] == 1 and r["by_type"]["all"]["n"] == 2  # the unsure one left out


def test_two_reviewers_agreement_and_settled_verdicts(tmp_path):
    a = [judgment("d1", "count", s, v, "an") for s, v in ((0, "correct"), (10, "correct"), (20, "wrong"), (30, "correct"))]
    b = [judgment("d1", "count", s, v, "binh") for s, v in ((0, "correct"), (10, "wrong"), (20, "wrong"), (30, "unsure"))]
    write_judgments(a, tmp_path / "an.jsonl")
    write_judgments(b, tmp_path / "binh.jsonl")
    r = report(read_judgments([tmp_path / "an.jsonl", tmp_path / "binh.jsonl"]))
    row = r["precision"]["count"]
    assert (row["correct"], row["wrong"], row["disputed"], row["unsure"]) == (2, 1, 1, 0)  # unsure defers to correct
    (pair,) = r["agreement"]
    expected = cohen_kappa([("correct", "correct"), ("correct", "wrong"), ("wrong", "wrong"), ("correct", "unsure")])
    assert pair["reviewers"] == ["an", "binh"] and pair["shared"] == 4 and pair["kappa"] == pytest.approx(expected[0])


def test_a_reviewers_latest_judgment_counts(tmp_path):
    lines = [judgment("d1", "count", 0, "wrong", stamp="2026-11-30T10:00:00Z"),
             judgment("d1", "count", 0, "correct", stamp="2026-11-30T11:00:00+01:00"),  # the same instant: later line wins
             judgment("d1", "count", 10, "correct", stamp="2026-11-30T12:00:00Z"),
             judgment("d1", "count", 10, "wrong", stamp="2026-11-30T09:00:00Z")]
    write_judgments(lines, tmp_path / "j.jsonl")
    facts = read_judgments([tmp_path / "j.jsonl"]).facts
    assert [f.verdict for f in facts.values()] == ["correct", "correct"]


@pytest.mark.parametrize("line, message", [
    ("{not json", "not JSON"),
    ('{"type": "judgment"}', "doc_id: Field required"),
    (json.dumps({**judgment("d", "count", 0, "correct").model_dump(mode="json"), "verdict": "maybe"}), "verdict"),
    (json.dumps({**judgment("d", "count", 0, "correct").model_dump(mode="json"), "corrected": {"direction": "sideways"}}),
     "direction='sideways'"),
    (json.dumps({**judgment("d", "count", 0, "correct").model_dump(mode="json"), "corrected": {"colour": 1}}),
     "not a judged field"),
    (json.dumps({**judgment("d", "count", 0, "correct").model_dump(mode="json"), "span": [0, 9]}), "span [0, 9]"),
    (json.dumps({**judgment("d", "count", 0, "correct").model_dump(mode="json"), "judged_at": "yesterday"}),
     "ISO 8601"),
    ('{"type": "missed", "doc_id": "d", "fact_type": "count", "span": [0, 2], "text": "ab", "fields": {}, '
     '"reviewer": "an", "judged_at": "2026-11-30T10:00:00Z", "run": "r1"}', "needs value"),
    ('{"type": "verdict", "doc_id": "d"}', "does not match any of the expected tags"),
])
def test_a_malformed_line_is_an_error_with_its_line_number(tmp_path, line, message):
    good = json.dumps(judgment("d", "count", 0, "correct").model_dump(mode="json"))
    path = tmp_path / "j.jsonl"
    path.write_text(f"{good}\n\n{line}\n{good}\n", "utf-8")
    with pytest.raises(JudgmentsError, match=r"j\.jsonl:3: ") as err:
        read_judgments([path])
    assert message in str(err.value)


def test_judgments_of_two_runs_or_two_samples_are_refused(tmp_path):
    write_judgments([judgment("d1", "count", 0, "correct")], tmp_path / "a.jsonl")
    write_judgments([judgment("d1", "count", 0, "correct", run="r2")], tmp_path / "b.jsonl")
    with pytest.raises(JudgmentsError, match="b.jsonl:1: a judgment of run r2, but .*a.jsonl:1 is of run r1"):
        read_judgments([tmp_path / "a.jsonl", tmp_path / "b.jsonl"])
    other = {**sample("type=count", 100, 4), "seed": 2}
    write_judgments([judgment("d1", "count", 0, "correct", info=sample("type=count", 100, 4)),
                     judgment("d1", "count", 10, "correct", info=other)], tmp_path / "c.jsonl")
    with pytest.raises(JudgmentsError, match="c.jsonl:2: sample .* differs"):
        read_judgments([tmp_path / "c.jsonl"])


# ---- the command ---------------------------------------------------------------------------------

def run_judgments(tmp_path: Path, verdicts: dict[int, str]) -> Path:
    """Judgments of tests/fixtures/records/run_new.jsonl's facts, by index in file order."""
    from schemas.judgments import JUDGED_FIELDS

    run_path = RECORDS / "run_new.jsonl"
    run_id = run_identity(run_path)
    facts = [f for e in load_run(run_path).values() for f in e.facts]
    lines = [FactJudgment(doc_id=f["doc_id"], fact_type=f["type"], span=tuple(f["span"]), text=f["text"],
                          fields={n: f.get(n) for n in JUDGED_FIELDS[f["type"]]}, verdict=verdicts[i],
                          reviewer="an", judged_at=STAMP, run=run_id) for i, f in enumerate(facts) if i in verdicts]
    path = tmp_path / "judgments.jsonl"
    write_judgments(lines, path)
    return path


def test_cli_prints_the_table_and_json(tmp_path, capsys):
    path = run_judgments(tmp_path, {0: "correct", 1: "correct", 2: "wrong", 3: "correct", 5: "unsure"})
    assert main(["precision", str(path), "--facts", str(RECORDS / "run_new.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "not a fact sample" in out
    rows = [line.split() for line in out.splitlines()]
    assert ["all", "3", "1", "1", "0", "0.750", "[0.301,", "0.954]", "4.0"] in rows  # Wilson(3, 4)
    assert ["citation", "1", "1", "0", "0", "0.500", "[0.095,", "0.905]", "2.0"] in rows
    assert main(["precision", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["precision"]["citation"]["wrong"] == 1 and result["reviewers"] == ["an"]


def test_cli_refuses_judgments_of_another_run_and_bad_files(tmp_path, capsys):
    path = run_judgments(tmp_path, {0: "correct"})
    assert main(["precision", str(path), "--facts", str(RECORDS / "run_old.jsonl")]) == 2
    assert "the judgments are of run" in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "judgment"}\n', "utf-8")
    assert main(["precision", str(bad)]) == 2
    assert "bad.jsonl:1:" in capsys.readouterr().err
    assert main(["precision", str(tmp_path / "missing.jsonl")]) == 2
    (tmp_path / "empty.jsonl").write_text("\n", "utf-8")
    assert main(["precision", str(tmp_path / "empty.jsonl")]) == 2
    assert "no judgments in" in capsys.readouterr().err


def test_cli_checks_each_judged_fact_is_in_the_run(tmp_path, capsys):
    path = run_judgments(tmp_path, {0: "correct"})
    line = json.loads(path.read_text("utf-8"))
    line["span"], line["text"] = [11, 31], "uy định số 98-QĐ/TW,"[:20]
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", "utf-8")
    assert main(["precision", str(path), "--facts", str(RECORDS / "run_new.jsonl")]) == 2
    assert "is not a fact of the run" in capsys.readouterr().err


def test_cli_schema_of_judgments(capsys):
    assert main(["schema", "--judgments"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert set(schema["discriminator"]["mapping"]) == {"judgment", "missed", "checked_article"}


def test_usage_doc_shows_what_precision_prints(monkeypatch, capsys):
    root = RECORDS.parent.parent.parent
    monkeypatch.chdir(root)
    command = ".venv/bin/rotation-facts precision docs/judging/judgments.jsonl"
    after = (root / "docs" / "USAGE.md").read_text("utf-8").split(f"$ {command}\n", 1)[1]
    shown = after.split("\n```", 1)[0]
    assert main(["precision", "docs/judging/judgments.jsonl"]) == 0
    assert capsys.readouterr().out.rstrip("\n") == shown, "update the precision example in docs/USAGE.md"
