"""`rotation-facts judgments-to-gold`: the articles checked whole, as a gold file for `eval`.

One line per article in the annotation format of `corpus/gold.jsonl`
(`doc_id`, `citations`, `counts`, `officials`, `optional`), in run order, from
the articles marked checked whole whose facts all have a judgment:

* facts judged correct, with the reviewer's corrections applied;
* facts judged wrong are dropped;
* facts the reviewer added as missed are added;
* facts judged unsure, or disputed between reviewers, go under `optional`
  (they neither reward nor penalise a run scored against the gold).

The gold keeps what `eval` matches on: a citation's kind, number, code and issue
date (one per document: the first mention of each (kind, number)); a count's
value, levels and direction; an official's name, whether rotated and the post
moved to (one per person).

Entry point: `to_gold(judgments, run) -> (gold lines, articles left out with why)`,
`write_gold(lines, path)`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pipeline.results.evaluate import fold
from pipeline.results.facts_file import ArticleFacts
from pipeline.results.judgments import JudgmentSet, JudgmentsError, fact_key

GOLD_FIELDS = {
    "citation": ("kind", "number", "code", "issued"),
    "count": ("value", "from_level", "to_level", "direction"),
    "official": ("name", "rotated", "to_post"),
}
LIST_OF = {"citation": "citations", "count": "counts", "official": "officials"}


def to_gold(judgments: JudgmentSet, run: dict[str, ArticleFacts]) -> tuple[list[dict], dict[str, str]]:
    """The gold lines of the checked articles, and the articles marked checked that could not be used."""
    by_doc: dict[str, list[ArticleFacts]] = {}
    for entry in run.values():
        by_doc.setdefault(entry.doc_id, []).append(entry)
    for doc_id in judgments.checked:
        if len(by_doc.get(doc_id, ())) > 1:
            raise JudgmentsError(f"doc_id {doc_id} names {len(by_doc[doc_id])} articles of the run: a gold file "
                                 "needs one article per doc_id")
    n_facts = {d: sum(len(e.facts) for e in entries) for d, entries in by_doc.items()}
    complete, left_out = judgments.complete_articles(n_facts)
    complete = set(complete)
    lines = [article_gold(doc_id, entries[0], judgments) for doc_id, entries in by_doc.items() if doc_id in complete]
    return lines, left_out


def article_gold(doc_id: str, entry: ArticleFacts, judgments: JudgmentSet) -> dict:
    """One article's gold line from its judged facts and the facts added as missed."""
    kept: dict[str, list[dict]] = {t: [] for t in LIST_OF}
    optional: dict[str, list[dict]] = {t: [] for t in LIST_OF}
    for fact in entry.facts:
        judged = judgments.facts.get(fact_key(fact))
        if judged is None:
            raise JudgmentsError(f"{doc_id}: {fact['type']} {fact['span']} has no judgment")
        if judged.verdict == "wrong":
            continue
        values = {**{n: fact.get(n) for n in GOLD_FIELDS[fact["type"]]}, **judged.corrected}
        target = kept if judged.verdict == "correct" else optional
        target[fact["type"]].append(_gold_item(fact["type"], values))
    for key, missed in judgments.missed.items():
        if key[0] == doc_id:
            kept[missed.fact_type].append(_gold_item(missed.fact_type, missed.fields))
    line = {"doc_id": doc_id}
    for kind, name in LIST_OF.items():
        line[name] = _one_each(kind, kept[kind])
    line["optional"] = {name: _one_each(kind, optional[kind]) for kind, name in LIST_OF.items()}
    return line


def _gold_item(kind: str, values: dict) -> dict:
    item = {n: values.get(n) for n in GOLD_FIELDS[kind]}
    if kind == "official":
        item["rotated"] = bool(item["rotated"])
        if not item["rotated"]:
            item.pop("to_post")
    return item


def _one_each(kind: str, items: list[dict]) -> list[dict]:
    """One citation per (kind, number) and one official per name, as the guideline counts them."""
    if kind == "count":
        return items
    seen, out = set(), []
    for item in items:
        key = (item["kind"], str(item["number"]).lstrip("0")) if kind == "citation" else fold(item["name"])
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def write_gold(lines: list[dict], path: str | Path) -> None:
    """JSON Lines, UTF-8, written beside the target and renamed (complete or not at all)."""
    part = Path(f"{path}.part")
    part.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    os.replace(part, path)
