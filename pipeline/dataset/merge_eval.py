"""Pairwise merge precision and recall of a dataset's people and moves against a gold.

The gold gives, for each (doc_id, official name), a `person_key` shared by every
article that names the same real person, and for rotated officials a `move_key`
shared by every article that reports the same move (the dev-set format: one line
per article, `{"doc_id", "officials": [{"name", "person_key", "move_key"?, ...}]}`;
items under `optional.officials` count too).

Only gold officials the dataset has (an official fact of that name in that
article) are scored, so the scores measure linking, not extraction; how many
were found is reported beside them. Two mentions form a gold pair when they share
a key, a predicted pair when they share a person_id (move_id). Precision is the
share of predicted pairs that are gold pairs, recall the share of gold pairs
predicted. Pairs are counted from the contingency table of keys and ids, not
listed, so the cost is linear.

Entry point: `score_links(dataset, gold_path) -> dict`.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from pipeline.dataset.facts import name_key


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def read_gold(path: str | Path) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    """(doc_id, name key) -> person_key, and -> move_key for rotated officials with one."""
    persons, moves = {}, {}
    for line in Path(path).read_text("utf-8").splitlines():
        if not line.strip():
            continue
        page = json.loads(line)
        officials = list(page.get("officials") or []) + list((page.get("optional") or {}).get("officials") or [])
        for official in officials:
            mention = (page["doc_id"], name_key(official["name"]))
            if official.get("person_key"):
                persons[mention] = official["person_key"]
            if official.get("move_key"):
                moves[mention] = official["move_key"]
    return persons, moves


def predicted(dataset) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    """(doc_id, name key) -> person_id, and -> move_id, from a dataset's rows."""
    persons, moves = {}, {}
    for row in dataset.rows("people"):
        for source in row["sources"]:
            persons[(source["doc_id"], row["name_key"])] = row["person_id"]
    for row in dataset.rows("moves"):
        key = name_key(row["name"])
        for source in row["sources"]:
            moves[(source["doc_id"], key)] = row["move_id"]
    return persons, moves


def pairwise(gold: dict, pred: dict) -> dict:
    """Pairwise precision and recall over the mentions both have."""
    both = [m for m in gold if m in pred]
    cells = Counter((gold[m], pred[m]) for m in both)
    true_pairs = sum(_pairs(n) for n in cells.values())
    gold_pairs = sum(_pairs(n) for n in Counter(gold[m] for m in both).values())
    pred_pairs = sum(_pairs(n) for n in Counter(pred[m] for m in both).values())
    wrong = defaultdict(set)  # predicted ids that join mentions of several gold keys
    for (key, ident), _ in cells.items():
        wrong[ident].add(key)
    return {
        "gold_mentions": len(gold), "found": len(both),
        "gold_pairs": gold_pairs, "predicted_pairs": pred_pairs, "true_pairs": true_pairs,
        "precision": true_pairs / pred_pairs if pred_pairs else None,
        "recall": true_pairs / gold_pairs if gold_pairs else None,
        "wrong_merges": sorted([ident, sorted(keys)] for ident, keys in wrong.items() if len(keys) > 1),
    }


def score_links(dataset, gold_path: str | Path) -> dict:
    gold_persons, gold_moves = read_gold(gold_path)
    pred_persons, pred_moves = predicted(dataset)
    return {"people": pairwise(gold_persons, pred_persons), "moves": pairwise(gold_moves, pred_moves)}
