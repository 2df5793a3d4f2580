#!/usr/bin/env python3
"""Train and test a learned count decision (`count_candidates.py`); the outcome is in LEARNED_COUNTS.md.

    python corpus/devset/learn_counts.py temporal --old DIR   # the three temporal hold-out tests
    python corpus/devset/learn_counts.py ordinary             # false counts on ordinary pages
    python corpus/devset/learn_counts.py train --out FILE     # weights from every read split

Candidates are read from each page's normalised text; a candidate is labelled a count when its
value is one of the page's gold counts, left out when it is only an optional one, and labelled no
count otherwise (every candidate of an ordinary page, and of the sweep, is no count). The model is
an L2-regularised logistic regression over the candidate's feature strings, fitted by full-batch
gradient descent in numpy from zero weights for a fixed number of steps: the same data give the
same weights, bit for bit. Its regularisation and threshold are chosen by five-fold
cross-validation over the pages of the training splits only (folds by page, fixed by doc_id).

The temporal test for a slice trains on the splits collected before it, with the rules' word lists
as they stood when the slice was scored (`git show COMMIT:extractors/data/...`), and adds the
accepted counts whose value the rules of that time did not report to the rules' output of that
time (`--old DIR`: h4.at-6228924.jsonl, h5.at-260fe9b.jsonl, h6.at-0e574d8.jsonl); both are scored
with the project's own scorer. Only `dev` and the read held-out slices and the sweep are read:
never the slice held out now. `ordinary` counts the false counts on ordinary pages; `train` writes
the weights of all read splits (a JSON file, sorted: the same bytes on every run). The model was
not integrated into the extractor: it did not pass the temporal tests (LEARNED_COUNTS.md).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zlib
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from count_candidates import Lexicon, Model, candidates, features  # noqa: E402
from devset import GOLD_FILES, READ_SPLITS, load_jsonl  # noqa: E402
from extractors.counts.levels import direction_of  # noqa: E402
from extractors.counts.vantage import article_vantage  # noqa: E402
from pipeline.results.evaluate import score  # noqa: E402
from pipeline.stages.normalize import normalize  # noqa: E402
from pipeline.stages.segment import split_sentences  # noqa: E402

SPLITS, GOLD = READ_SPLITS, GOLD_FILES  # every split read so far, as devset.py lists them
# slice -> (old output file, the commit it was scored at)
TEMPORAL = {"heldout4": ("h4.at-6228924.jsonl", "6228924"), "heldout5": ("h5.at-260fe9b.jsonl", "260fe9b"),
            "heldout6": ("h6.at-0e574d8.jsonl", "0e574d8")}
LAMBDAS = (0.003, 0.01, 0.03, 0.1)
STEPS = 600


@lru_cache(maxsize=None)
def pages() -> dict[str, dict]:
    out = {p["doc_id"]: p for p in load_jsonl(HERE / "pages.jsonl") if p["split"] in SPLITS}
    for p in load_jsonl(HERE / "sweep.jsonl"):
        out[p["doc_id"]] = {**p, "split": "sweep", "kind": "ordinary"}
    return out


@lru_cache(maxsize=None)
def gold() -> dict[str, dict]:
    out = {}
    for split in SPLITS:
        for g in load_jsonl(HERE / GOLD[split]):
            out[g["doc_id"]] = g
    return out


@lru_cache(maxsize=None)
def article(doc_id: str) -> tuple[str, list[tuple[int, int]]]:
    text = normalize((HERE / "texts" / f"{doc_id}.txt").read_text(encoding="utf-8")).text
    return text, split_sentences(text)


GUARDS = False  # True (`--guards`): the rules' exclusion lists as features too (the second try)


def lexicon_at(commit: str | None) -> Lexicon:
    if commit is None:
        return Lexicon.read(guards=GUARDS)

    def read(name: str) -> list[str]:
        text = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:extractors/data/{name}"],
                              capture_output=True, text=True, check=True).stdout
        return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    return Lexicon.read(read, guards=GUARDS)


def examples(doc_ids: list[str], lexicon: Lexicon, labelled: bool = True) -> list[dict]:
    """Every candidate of the pages, with features and (when `labelled`) label 1/0; optional-only
    values are left out of labelled data."""
    rows = []
    for doc_id in doc_ids:
        text, sentences = article(doc_id)
        g = gold().get(doc_id, {"counts": [], "optional": {}})
        values = {c["value"] for c in g["counts"]}
        optional = {c["value"] for c in g.get("optional", {}).get("counts", [])} - values
        for cand, verbs in candidates(text, sentences, lexicon):
            v = cand.number.value
            if labelled and v in optional:
                continue
            rows.append({"doc": doc_id, "cand": cand, "value": v, "y": int(v in values),
                         "x": features(text, cand, verbs, lexicon)})
    return rows


# --- the model -------------------------------------------------------------------------------

def fit(rows: list[dict], lam: float, min_count: int = 2) -> dict[str, float]:
    counts = Counter(f for r in rows for f in r["x"])
    vocab = sorted(f for f, n in counts.items() if n >= min_count or f == "bias")
    index = {f: i for i, f in enumerate(vocab)}
    cols = [np.array([index[f] for f in r["x"] if f in index], dtype=np.int64) for r in rows]
    lengths = np.array([len(c) for c in cols])
    flat = np.concatenate(cols)
    row_of = np.repeat(np.arange(len(rows)), lengths)
    y = np.array([r["y"] for r in rows], dtype=np.float64)
    w = np.zeros(len(vocab))
    penal = np.ones(len(vocab))
    penal[index["bias"]] = 0.0
    # step 1/L with L a bound on the Hessian's norm: 0.25 * max nnz per row + lam
    step = 1.0 / (0.25 * lengths.max() + lam)
    n = len(rows)
    velocity = np.zeros_like(w)
    for _ in range(STEPS):  # Nesterov's accelerated gradient, a fixed number of steps
        ahead = w + 0.9 * velocity
        z = np.bincount(row_of, weights=ahead[flat], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        grad = np.bincount(flat, weights=(p - y)[row_of], minlength=len(vocab)) / n + lam * penal * ahead
        velocity = 0.9 * velocity - step * grad
        w = w + velocity
    return {f: round(float(w[i]), 6) for i, f in enumerate(vocab) if abs(w[i]) >= 1e-6 or f == "bias"}


def probability(weights: dict[str, float], x: list[str]) -> float:
    return Model(weights, 0.5).probability(x)


def fold_of(doc_id: str, k: int = 5) -> int:
    return zlib.crc32(doc_id.encode()) % k


def choose(rows: list[dict]) -> tuple[float, float, dict]:
    """Regularisation by out-of-fold log loss; threshold: the lowest at which no ordinary page of
    the training splits gets a count out of fold and out-of-fold precision (one decision per page
    and value) is at least 0.9, never under 0.5."""
    best = None
    for lam in LAMBDAS:
        oof = [0.0] * len(rows)
        for k in range(5):
            train = [r for r in rows if fold_of(r["doc"]) != k]
            w = fit(train, lam)
            for i, r in enumerate(rows):
                if fold_of(r["doc"]) == k:
                    oof[i] = probability(w, r["x"])
        loss = -sum(np.log(max(1e-12, p if r["y"] else 1 - p)) for p, r in zip(oof, rows)) / len(rows)
        if best is None or loss < best[0]:
            best = (loss, lam, oof)
    loss, lam, oof = best
    decisions: dict[tuple[str, int], tuple[float, int]] = {}
    for p, r in zip(oof, rows):
        key = (r["doc"], r["value"])
        decisions[key] = (max(p, decisions.get(key, (0.0, 0))[0]), r["y"])
    ordinary = max([p for (doc, _), (p, _) in decisions.items() if pages()[doc]["kind"] == "ordinary"], default=0.0)
    threshold = None
    for t in [x / 100 for x in range(50, 100)]:
        accepted = [y for p, y in decisions.values() if p >= t]
        if t > ordinary and accepted and sum(accepted) / len(accepted) >= 0.9:
            threshold = t
            break
    threshold = threshold if threshold is not None else 0.99
    report = {"lambda": lam, "oof_logloss": round(loss, 4), "max_ordinary_oof": round(ordinary, 3),
              "threshold": threshold,
              "oof_accepted": sum(p >= threshold for p, _ in decisions.values()),
              "oof_accepted_right": sum(p >= threshold and y for p, y in decisions.values()),
              "positives": sum(y for _, y in decisions.values())}
    return lam, threshold, report


def train(splits: list[str], lexicon: Lexicon) -> tuple[Model, dict]:
    docs = sorted(d for d, p in pages().items() if p["split"] in splits)
    rows = examples(docs, lexicon)
    lam, threshold, report = choose(rows)
    report.update(n_rows=len(rows), n_docs=len(docs))
    return Model(fit(rows, lam), threshold), report


def accepted(doc_id: str, model: Model, lexicon: Lexicon, rule_values: set[int]) -> list[dict]:
    """The counts the model adds to a page: one per value the rules did not report."""
    text, sentences = article(doc_id)
    added: dict[int, dict] = {}
    for cand, verbs in candidates(text, sentences, lexicon):
        v = cand.number.value
        if v in rule_values or v in added:
            continue
        p = model.probability(features(text, cand, verbs, lexicon))
        if p >= model.threshold:
            s, e = cand.sentence
            clause_end = min([i for i in (text.find(";", cand.unit_span[1], e),) if i >= 0] + [e])
            levels = direction_of(text, (cand.number.start, clause_end), article_vantage(text), False)
            added[v] = {"type": "count", "doc_id": doc_id, "value": v, "text": text[cand.number.start:cand.unit_span[1]],
                        "sentence": text[s:e], "from_level": levels.get("from_level"),
                        "to_level": levels.get("to_level"), "direction": levels.get("direction"),
                        "decided_by": "model", "p": round(p, 3)}
    return list(added.values())


# --- the commands ----------------------------------------------------------------------------

def _eval(gold_file: Path, records: list[dict]) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    result = score(str(gold_file), fh.name)
    Path(fh.name).unlink()
    return result


def temporal(old_dir: Path) -> None:
    for split, (old_file, commit) in TEMPORAL.items():
        before = SPLITS[:SPLITS.index(split)]
        lexicon = lexicon_at(commit)
        model, report = train(list(before), lexicon)
        old = load_jsonl(old_dir / old_file)
        golds = {g["doc_id"]: g for g in load_jsonl(HERE / GOLD[split])}
        added = []
        for doc_id in sorted(golds):
            rule_values = {r["value"] for r in old if r.get("type") == "count" and r["doc_id"] == doc_id}
            added += accepted(doc_id, model, lexicon, rule_values)
        for a in added:
            g = golds[a["doc_id"]]
            a["right"] = a["value"] in {c["value"] for c in g["counts"]}
            a["optional"] = a["value"] in {c["value"] for c in g.get("optional", {}).get("counts", [])}
        print(json.dumps({"split": split, "trained_on": before, "lexicon_at": commit, **report}))
        print("  before:", json.dumps(_summary(_eval(HERE / GOLD[split], old))))
        print("  after: ", json.dumps(_summary(_eval(HERE / GOLD[split], old + added))))
        vetoed = vetoes(old, golds, model, lexicon)
        kept = [r for r in old if id(r) not in {id(v) for v, _ in vetoed}]
        print("  after, with vetoes:", json.dumps(_summary(_eval(HERE / GOLD[split], kept + added))))
        for r, p in vetoed:
            g = golds[r["doc_id"]]
            print("  vetoed", json.dumps({"doc_id": r["doc_id"], "value": r["value"], "p": round(p, 3),
                                          "right": r["value"] in {c["value"] for c in g["counts"]}}))
        for a in added:
            print("  added", json.dumps({k: a[k] for k in ("doc_id", "value", "text", "p", "from_level", "to_level",
                                                          "direction", "right", "optional", "sentence")},
                                        ensure_ascii=False))


def vetoes(old: list[dict], golds: dict, model: Model, lexicon: Lexicon) -> list[tuple[dict, float]]:
    """The rules' counts the model would veto: those whose value is a candidate of its page and whose
    best probability there is under 1 - threshold (a value with no candidate is never vetoed)."""
    out = []
    for r in old:
        if r.get("type") != "count" or r["doc_id"] not in golds:
            continue
        text, sentences = article(r["doc_id"])
        ps = [model.probability(features(text, c, verbs, lexicon))
              for c, verbs in candidates(text, sentences, lexicon) if c.number.value == r["value"]]
        if ps and max(ps) < 1 - model.threshold:
            out.append((r, max(ps)))
    return out


def _summary(result: dict) -> dict:
    return {"count": result["count"], "direction": result.get("count.direction")}


def ordinary() -> None:
    """False counts the model adds on ordinary pages: each read split's, trained on the other read
    splits; the sweep's, trained on all of them. Every accepted candidate is counted (as if the rules
    had reported nothing)."""
    lexicon = lexicon_at(None)
    total = 0
    for split in SPLITS + ("sweep",):
        model, report = train([s for s in SPLITS if s != split], lexicon)
        docs = sorted(d for d, p in pages().items() if p["split"] == split and p["kind"] == "ordinary")
        false = [a for d in docs for a in accepted(d, model, lexicon, set())]
        total += len(false)
        print(json.dumps({"split": split, "ordinary_pages": len(docs), "false_counts": len(false),
                          "threshold": model.threshold, "lambda": report["lambda"]}))
        for a in false:
            print("  false", json.dumps({k: a[k] for k in ("doc_id", "value", "text", "p", "sentence")}, ensure_ascii=False))
    print("total false counts on ordinary pages:", total)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    t = sub.add_parser("temporal")
    t.add_argument("--old", type=Path, required=True)
    sub.add_parser("ordinary")
    tr = sub.add_parser("train")
    tr.add_argument("--out", type=Path, required=True)
    ap.add_argument("--guards", action="store_true",
                    help="the rules' lists of other work, rates and post titles as features too (the second try)")
    args = ap.parse_args()
    global GUARDS
    GUARDS = args.guards
    if args.command == "temporal":
        temporal(args.old)
    elif args.command == "ordinary":
        ordinary()
    else:
        model, report = train(list(SPLITS), lexicon_at(None))
        args.out.write_text(json.dumps({"threshold": model.threshold, "training": report,
                                        "weights": dict(sorted(model.weights.items()))},
                                       ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        print(json.dumps(report))


if __name__ == "__main__":
    main()
