#!/usr/bin/env python3
"""Independent sentence sets: invented sentences, written apart from the rules, scored.

Two writers who never read this project's code or tests wrote sentences of their own the way
Vietnamese news phrases counts of cadres moved and named officials' moves, each with the
output the annotation guideline (docs/ANNOTATION.md) calls right, positives and near misses
side by side. Each kind has two sets: `worked` (the rule writers fixed what failed in it, so
it is no longer a fair measure) and `heldout` (scored before and after the session that made
it, never shown to the rule writers then). Unlike `tests/cases/`, rows are not expected to
pass: the pass rate is the measure.

    python corpus/variants/variants.py moves               # the held-out set of moves
    python corpus/variants/variants.py counts --set worked --fails

A counts row passes when the counts found, in text order, have exactly the expected values and
every field the row gives (a level the row leaves null may be filled in, as the scorer allows). A
moves row passes when every expected official is found by name with the expected `rotated`, a
to_post (and from_post, when given) sharing at least 60% of the expected words (the scorer's rule),
and no other official found is moved. For moves, the fact
tallies are printed too: moves expected and found, false moves, officials found.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from pipeline.results.evaluate import fold, post_matches  # noqa: E402  (the scorer's rules)
from pipeline.runner import extract_text  # noqa: E402  (the project's library API)


def counts_pass(row: dict, records: list) -> bool:
    got = [r for r in records if r.type == "count"]
    want = row["expect"]
    if [g.value for g in got] != [w["value"] for w in want]:
        return False
    # a level the row leaves null is one the text does not state: filling it in is no error (the guideline's
    # rule, and the scorer's); the direction must match either way
    return all(getattr(g, key) == value for g, w in zip(got, want) for key, value in w.items()
               if key != "value" and not (key.endswith("_level") and value is None))


def moves_pass(row: dict, records: list) -> bool:
    by_name = {fold(r.name): r for r in records if r.type == "official"}
    for want in row["expect"]:
        got = by_name.get(fold(want["name"]))
        if got is None or bool(got.rotated) != bool(want.get("rotated")):
            return False
        for post in ("to_post", "from_post"):
            if want.get("rotated") and want.get(post) and not post_matches(want[post], getattr(got, post)):
                return False
    moved = {fold(w["name"]) for w in row["expect"] if w.get("rotated")}
    return not any(r.rotated and name not in moved for name, r in by_name.items())


def move_tally(rows: list[dict], found: list[list]) -> dict[str, int]:
    """Fact-level tallies over all rows of a moves set."""
    tally = dict.fromkeys(("moves expected", "moves found", "with a close to_post", "false moves",
                           "officials expected", "officials found", "officials not expected"), 0)
    for row, records in zip(rows, found):
        by_name = {fold(r.name): r for r in records if r.type == "official"}
        moved = {fold(w["name"]) for w in row["expect"] if w.get("rotated")}
        for want in row["expect"]:
            got = by_name.get(fold(want["name"]))
            tally["officials expected"] += 1
            tally["officials found"] += got is not None
            if want.get("rotated"):
                tally["moves expected"] += 1
                if got is not None and got.rotated:
                    tally["moves found"] += 1
                    tally["with a close to_post"] += not want.get("to_post") or post_matches(want["to_post"], got.to_post)
        tally["false moves"] += sum(1 for name, r in by_name.items() if r.rotated and name not in moved)
        expected = {fold(w["name"]) for w in row["expect"]}
        tally["officials not expected"] += sum(1 for name in by_name if name not in expected)
    return tally


def is_positive(kind: str, row: dict) -> bool:
    if kind == "moves":
        return any(w.get("rotated") for w in row["expect"])
    return bool(row["expect"])


def what_was_found(kind: str, records: list) -> list[dict]:
    if kind == "counts":
        return [{"value": r.value, "from_level": r.from_level, "to_level": r.to_level,
                 "direction": r.direction, "planned": r.planned} for r in records if r.type == "count"]
    return [{"name": r.name, "rotated": r.rotated, "to_post": r.to_post, "from_post": r.from_post}
            for r in records if r.type == "official"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("counts", "moves", "officials"))
    sets = sorted({path.name.split(".")[1] for path in HERE.glob("*.jsonl")})  # "heldout", "worked7", ...
    parser.add_argument("--set", choices=sets, default="heldout")
    parser.add_argument("--fails", action="store_true", help="print each failing row and what was found")
    args = parser.parse_args()
    path = HERE / f"{args.kind}.{args.set}.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    found = [extract_text(row["text"]) for row in rows]
    passes = counts_pass if args.kind == "counts" else moves_pass
    totals = {True: [0, 0], False: [0, 0]}
    for row, records in zip(rows, found):
        ok = passes(row, records)
        totals[is_positive(args.kind, row)][0] += ok
        totals[is_positive(args.kind, row)][1] += 1
        if args.fails and not ok:
            print(json.dumps({"id": row["id"], "text": row["text"], "expect": row["expect"],
                              "found": what_was_found(args.kind, records)}, ensure_ascii=False))
    print(f"{path.name}: positives {totals[True][0]}/{totals[True][1]} pass, "
          f"near misses {totals[False][0]}/{totals[False][1]} pass")
    if args.kind in ("moves", "officials"):
        print("  " + ", ".join(f"{key} {value}" for key, value in move_tally(rows, found).items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
