#!/usr/bin/env python3
"""Write docs/judging/judgments.jsonl: the judgments of docs/USAGE.md's worked example.

The run: `benchmarks/varied_corpus.py out/varied --articles 40 --seed 1`, then
`rotation-facts extract out/varied -o out/facts.jsonl`; the sample: `rotation-facts review
out/facts.jsonl --articles out/varied --sample 200 --seed 7 --stratify type`.

The 200 drawn facts were judged by the developer who wrote the example, reading each fact's
text, fields and the article around it (from a listing of the drawn facts with their context,
not by clicking through the page), and four articles were read whole for recall. This script
writes those verdicts in the page's export format, with the sample information the page
would attach. Every fact not listed below was judged correct as extracted.

    .venv/bin/python docs/judging/write_example.py out/facts.jsonl out/varied docs/judging/judgments.jsonl
"""

from __future__ import annotations

import sys

from pipeline.results.facts_file import load_run, run_identity
from pipeline.results.judgments import write_judgments
from pipeline.results.review import read_texts
from pipeline.results.sampling import draw_sample
from schemas.judgments import JUDGED_FIELDS, CheckedArticle, FactJudgment, MissedFact

REVIEWER = "example"
WHEN = "2026-12-06T09:00:00Z"
GARBLED = ("the varier replaced 'Hồ' of the district's name and part of the person's name: "
           "the text no longer tells who this is")
# (article, fact index) -> verdict, corrected fields, note; articles are bench-1-0000NN.
NOT_PLAIN_CORRECT = {
    **{(a, i): ("unsure", None, GARBLED) for a, i in (("04", 5), ("04", 7), ("14", 10), ("19", 5), ("24", 6))},
    ("29", 0): ("unsure", None, "garbled by the varier: 'Trưởng ban Tổ chức Thành ủy Giáp Quang Minh Thân Bảo'"),
    **{(a, i): ("correct", {"code": code}, f"the text writes the symbol {code}")
       for a, i, code in (("00", 14, "68-QĐ"), ("10", 14, "60-QĐ"), ("15", 5, "98-QĐ"), ("20", 14, "99-QĐ"),
                          ("25", 14, "21-QĐ"), ("30", 14, "60-QĐ"))},
}
CHECKED_WHOLE = ("01", "04", "06", "08")
MISSED = [  # (article, type, phrase, fields, note)
    ("04", "citation", "Chương trình số 3", {"kind": "chuong_trinh", "number": "3", "code": None, "issued": None},
     "the Thành ủy's programme no. 3"),
    ("04", "official", "Bạch Xuân Đức Trung Bảo", {"name": "Bạch Xuân Đức Trung Bảo", "rotated": False},
     "Trưởng ban Tổ chức Thành ủy; the name as the (varied) text gives it"),
]


def main(facts: str, articles: str, out: str) -> None:
    run = load_run(facts)
    run_id = run_identity(facts)
    sample = draw_sample(run, 200, 7, ["type"], "proportional")
    lines = []
    checked = {f"bench-1-0000{a}" for a in CHECKED_WHOLE}
    for key, entry in run.items():
        for i, f in enumerate(entry.facts):
            if (key, i) not in sample.drawn and key not in checked:
                continue
            verdict, corrected, note = NOT_PLAIN_CORRECT.get((key[-2:], i), ("correct", None, ""))
            lines.append(FactJudgment(
                doc_id=entry.doc_id, fact_type=f["type"], span=tuple(f["span"]), text=f["text"],
                fields={n: f.get(n) for n in JUDGED_FIELDS[f["type"]]}, verdict=verdict, corrected=corrected,
                note=note, reviewer=REVIEWER, judged_at=WHEN, run=run_id, sample=sample.info((key, i))))
        if key in checked:
            text = read_texts([articles], {key})[key]
            for a, kind, phrase, fields, note in MISSED:
                if key.endswith(a):
                    start = text.index(phrase)
                    lines.append(MissedFact(doc_id=entry.doc_id, fact_type=kind, span=(start, start + len(phrase)),
                                            text=phrase, fields=fields, note=note, reviewer=REVIEWER,
                                            judged_at=WHEN, run=run_id))
            lines.append(CheckedArticle(doc_id=entry.doc_id, n_facts=len(entry.facts), reviewer=REVIEWER,
                                        judged_at=WHEN, run=run_id))
    print(f"{out}: {write_judgments(lines, out)} lines", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:4])
