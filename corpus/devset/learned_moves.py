#!/usr/bin/env python3
"""Experiment: would a learned "was this official moved?" layered on the rules find the moves they miss?

Issue 15's held-out slices say the rules' moves are precise but miss moves on new pages, and that
most misses are officials the rules found and did not mark `rotated`. This script tests, honestly,
whether a small logistic regression over the official's sentence, layered after the rules, would
have found those moves on the slices when they were new. It is an experiment, kept so the result
can be rerun; the extractor does not use it (LEARNED_MOVES.md says why: it did not earn its place).

The temporal test, once per slice: to test on heldout4, the model learns only from the gold of
dev, heldout, heldout2 and heldout3, and is applied on top of the rules as they were when heldout4
was scored (commit 6228924): an official the rules found and left unmoved is marked moved when the
model's probability reaches the threshold and a new post can be read (one of the official's own
posts after a new-post marker after the name, in the same sentence). Same for heldout5 (260fe9b,
trained on dev..heldout4) and heldout6 (0e574d8, dev..heldout5). The regularisation C and the
threshold are chosen by leave-one-split-out cross-validation inside the training splits only (the
pair with most right flips minus wrong ones; none at all, "never flip", unless that is positive).

Two ways to build the training examples (features always from the text and the record only), and
B again with the page's opening verbs as features:
  A  every training split read by the rules of the test's time (which had been tuned on them);
  B  the slices that were once new (heldout3 at ac1098b, heldout4 at 6228924, heldout5 at 260fe9b)
     read by the rules of their own time, so that the rules' misses on new pages are in training.
Also: false moves the model adds on every ordinary page of the read splits (model trained on the
other splits, current rules) and on the sweep (trained on all read splits; the sweep never in
training), and the test slices' flips at thresholds fixed in hindsight (labelled so: not a result).

    python corpus/devset/learned_moves.py                # needs the texts (devset.py check) and git
    python corpus/devset/learned_moves.py --work DIR     # keep the old commits' outputs in DIR

The old commits are taken from this repository's history with `git archive` and run with the
current environment. Deterministic: the training is full-batch gradient descent from zeros.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from devset import GOLD_FILES, READ_SPLITS, load_jsonl  # noqa: E402
from extractors.base import data_table  # noqa: E402
from pipeline.results.evaluate import fold, post_matches, score  # noqa: E402

# the rules as they were when each slice was scored once (ac1098b: heldout3's 0.947)
ERA = {"heldout3": "ac1098b", "heldout4": "6228924", "heldout5": "260fe9b", "heldout6": "0e574d8"}
TESTS = ("heldout4", "heldout5", "heldout6")
SPLITS = READ_SPLITS  # never the unseen slice
CS = (0.1, 0.3, 1.0, 3.0)
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
NEVER = 1.01

# ---------------------------------------------------------------------------- features

WINDOW_BEFORE, WINDOW_AFTER = 10, 14  # syllables of context either side of the name
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_SENTENCE_END_RE = re.compile(r"[.!?\n]")


def tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(unicodedata.normalize("NFC", text).lower())


VERBS = {tuple(tokens(row[0])): row[1] for row in data_table("official_move_verbs.tsv")}
MARKERS = {tuple(tokens(row[0])): row[1] for row in data_table("official_to_markers.tsv")}


def find_phrases(toks: list[str], table: dict[tuple[str, ...], str]) -> list[tuple[int, int, str]]:
    """Longest-first matches of the lexicon's phrases in toks: (start, end, kind)."""
    longest, found, k = max(map(len, table)), [], 0
    while k < len(toks):
        for n in range(min(longest, len(toks) - k), 0, -1):
            kind = table.get(tuple(toks[k:k + n]))
            if kind is not None:
                found.append((k, k + n, kind))
                k += n
                break
        else:
            k += 1
    return found


def post_after_marker(sentence: str, name_end: int, posts: list[str]) -> str | None:
    """The official's first post that starts after a new-post marker after the name: the flip's to_post."""
    low = unicodedata.normalize("NFC", sentence[name_end:]).lower()
    spans = [(m.start(), m.end()) for m in _TOKEN_RE.finditer(low)]
    found = find_phrases([low[a:b] for a, b in spans], MARKERS)
    if not found:
        return None
    after = spans[found[0][1] - 1][1]
    at_post = [(low.find(unicodedata.normalize("NFC", p).lower(), after), p) for p in posts]
    at_post = [(at, p) for at, p in at_post if at >= 0]
    return min(at_post)[1] if at_post else None


def features(text: str, name_span: tuple[int, int], sentence_span: tuple[int, int], posts: list[str],
             page_cues: bool = False) -> list[str]:
    """The features present for one official (each counts 1); with page_cues, also the kinds of the move
    verbs in the page's first 400 characters (a headline of an election or of a rotation)."""
    s0, s1 = sentence_span
    sentence = text[s0:s1]
    before, after = tokens(sentence[:name_span[0] - s0]), tokens(sentence[name_span[1] - s0:])
    near_b, near_a = before[-WINDOW_BEFORE:], after[:WINDOW_AFTER]
    feats = {f"b1:{t}" for t in near_b} | {f"a1:{t}" for t in near_a}
    feats |= {f"b2:{a}_{b}" for a, b in zip(near_b, near_b[1:])} | {f"a2:{a}_{b}" for a, b in zip(near_a, near_a[1:])}
    feats |= {f"prev:{before[-1] if before else '^'}", f"next:{after[0] if after else '$'}"}
    for k, _, kind in find_phrases(before, VERBS):
        feats |= {f"verb_before:{kind}", f"verb_before_{'near' if len(before) - k <= WINDOW_BEFORE else 'far'}:{kind}"}
    for k, _, kind in find_phrases(after, VERBS):
        feats |= {f"verb_after:{kind}"} | ({f"verb_after_near:{kind}"} if k < WINDOW_AFTER else set())
    feats |= {f"marker_after:{kind}" for _, _, kind in find_phrases(after, MARKERS)}
    if "nguyên" in before[-3:] or any(p.lower().startswith("nguyên") for p in posts):
        feats.add("former")
    if post_after_marker(sentence, name_span[1] - s0, posts) is not None:
        feats.add("post_after_marker")
    if len(before) <= 3:
        feats.add("name_opens_sentence")
    previous = text[max(0, s0 - 400):s0].rstrip()
    cuts = [m.end() for m in _SENTENCE_END_RE.finditer(previous[:-1])]
    previous_toks = tokens(previous[cuts[-1]:] if cuts else previous)
    feats |= {f"prev_sentence_verb:{kind}" for _, _, kind in find_phrases(previous_toks, VERBS)}
    if previous_toks and previous_toks[-1] in (":", ";"):
        feats.add("after_colon")
    if page_cues:
        feats |= {f"page_verb:{kind}" for _, _, kind in find_phrases(tokens(text[:400]), VERBS)}
    return sorted(feats)


# ---------------------------------------------------------------------------- data


class DevSet:
    def __init__(self, texts: Path, page_cues: bool = False):
        self.texts, self.page_cues = texts, page_cues
        self.pages = {p["doc_id"]: p for p in load_jsonl(HERE / "pages.jsonl")}
        self.gold = {g["doc_id"]: g for s in SPLITS for g in load_jsonl(HERE / GOLD_FILES[s])}
        self._text: dict[str, str] = {}
        self._feats: dict[tuple, list[str]] = {}

    def text(self, doc_id: str) -> str:
        if doc_id not in self._text:
            self._text[doc_id] = (self.texts / f"{doc_id}.txt").read_bytes().decode("utf-8")
        return self._text[doc_id]

    def feats(self, r: dict) -> list[str]:
        key = (r["doc_id"], tuple(r["span"]), tuple(r["sentence_span"]), tuple(r["posts"]))
        if key not in self._feats:
            self._feats[key] = features(self.text(r["doc_id"]), tuple(r["span"]), tuple(r["sentence_span"]), r["posts"],
                                            self.page_cues)
        return self._feats[key]

    def label(self, r: dict) -> int | None:
        """1 moved, 0 not (or not an official of the gold), None optional (neither right nor wrong)."""
        g = self.gold.get(r["doc_id"])
        if g is None:
            return 0  # the sweep: every move is false
        name = fold(r["name"])
        for o in g["officials"]:
            if fold(o["name"]) == name:
                return int(bool(o.get("rotated")))
        return None if any(fold(o["name"]) == name for o in g.get("optional", {}).get("officials", [])) else 0

    def gold_to_post(self, r: dict) -> str | None:
        return next(o.get("to_post") for o in self.gold[r["doc_id"]]["officials"] if fold(o["name"]) == fold(r["name"]))

    def officials_by_split(self, records: list[dict]) -> dict[str, list[dict]]:
        """Official records per split, the first of each name per page (the one the scorer reads)."""
        out: dict[str, list[dict]] = {s: [] for s in SPLITS}
        seen = set()
        for r in records:
            page = self.pages.get(r.get("doc_id"))
            if r["type"] != "official" or page is None or page["split"] not in out or (r["doc_id"], fold(r["name"])) in seen:
                continue
            seen.add((r["doc_id"], fold(r["name"])))
            out[page["split"]].append(r)
        return out


def rules_output(commit: str, inputs: Path, work: Path) -> list[dict]:
    """The extractor as it was at `commit`, run over one JSONL of articles (cached in work)."""
    out = work / f"{commit}.{inputs.stem}.jsonl"
    if not out.exists():
        src = work / f"src-{commit}"
        if not src.exists():
            src.mkdir(parents=True)
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
        subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(inputs), "-o", str(out), "--no-progress",
                        "-j", "2"], check=True, cwd=work, env={**os.environ, "PYTHONPATH": str(src)},
                       stderr=subprocess.DEVNULL)
    return load_jsonl(out)


def articles_file(dev: DevSet, doc_ids: list[str], path: Path) -> Path:
    path.write_text("".join(json.dumps({"id": d, "text": dev.text(d), "published": dev.pages.get(d, {}).get("published"),
                                        "url": dev.pages.get(d, {}).get("url")},
                                       ensure_ascii=False) + "\n" for d in doc_ids), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------- model


def train(dev: DevSet, records: list[dict], C: float) -> dict:
    """L2 logistic regression (sum of log-losses + |w|^2 / 2C) by Nesterov's gradient descent from zeros."""
    rows_feats, y = [], []
    for r in records:
        label = dev.label(r)
        if label is not None:
            rows_feats.append(dev.feats(r))
            y.append(label)
    vocab = sorted({f for fs in rows_feats for f in fs})
    index = {f: i for i, f in enumerate(vocab)}
    rows = np.array([i for i, fs in enumerate(rows_feats) for _ in fs])
    cols = np.array([index[f] for fs in rows_feats for f in fs])
    n, d, target = len(y), len(vocab), np.array(y, float)

    def times(w: np.ndarray) -> np.ndarray:
        return np.bincount(rows, weights=w[cols], minlength=n)

    def times_t(v: np.ndarray) -> np.ndarray:
        return np.bincount(cols, weights=v[rows], minlength=d)

    v = np.ones(d) / math.sqrt(d)
    for _ in range(100):  # the largest eigenvalue of X'X, for the step size
        v = times_t(times(v))
        norm = float(np.linalg.norm(v))
        v /= norm
    lam = 1.0 / C
    step = 1.0 / (0.25 * (1.05 * norm + n) + lam)
    w, b, vw, vb, t = np.zeros(d), 0.0, np.zeros(d), 0.0, 1.0
    for _ in range(2500):
        p = 1 / (1 + np.exp(-(times(vw) + vb)))
        w_new, b_new = vw - step * (times_t(p - target) + lam * vw), vb - step * float(np.sum(p - target))
        t_new = (1 + math.sqrt(1 + 4 * t * t)) / 2
        vw, vb = w_new + (t - 1) / t_new * (w_new - w), b_new + (t - 1) / t_new * (b_new - b)
        w, b, t = w_new, b_new, t_new
    return {"weights": {f: float(w[i]) for i, f in enumerate(vocab)}, "bias": float(b), "n": n, "moved": int(sum(y))}


def probability(dev: DevSet, model: dict, r: dict) -> float:
    z = model["bias"] + math.fsum(model["weights"].get(f, 0.0) for f in dev.feats(r))
    return 1 / (1 + math.exp(-z))


def flips(dev: DevSet, model: dict, records: list[dict], threshold: float) -> list[tuple[dict, float, str]]:
    """(record, probability, to_post) for each official the rules left unmoved that the model would move."""
    out = []
    for r in records:
        if r["rotated"]:
            continue
        p = probability(dev, model, r)
        s0, s1 = r["sentence_span"]
        post = post_after_marker(dev.text(r["doc_id"])[s0:s1], r["span"][1] - s0, r["posts"]) if p >= threshold else None
        if post is not None:
            out.append((r, p, post))
    return out


def verdict(dev: DevSet, r: dict, post: str) -> str:
    label = dev.label(r)
    if label is None:
        return "optional (neutral)"
    if label == 0:
        return "WRONG"
    return "right, to_post right" if post_matches(dev.gold_to_post(r), post) else "right, to_post WRONG"


def choose(dev: DevSet, by_split: dict[str, list[dict]], splits: list[str]) -> tuple[float, float, dict]:
    """Leave-one-split-out CV inside `splits`: the (C, threshold) with most right flips minus wrong ones."""
    tally = {(C, t): [0, 0] for C in CS for t in THRESHOLDS}
    for C in CS:
        for held in splits:
            model = train(dev, [r for s in splits if s != held for r in by_split[s]], C)
            for r, p, _ in flips(dev, model, by_split[held], min(THRESHOLDS)):
                label = dev.label(r)
                for t in THRESHOLDS:
                    if p >= t and label is not None:
                        tally[(C, t)][0 if label else 1] += 1
    (C, t), (right, wrong) = max(tally.items(), key=lambda kv: (kv[1][0] - kv[1][1], -kv[1][1], kv[0][1], -kv[0][0]))
    return (C, t if right > wrong else NEVER, tally)


def scored(dev: DevSet, test: str, records: list[dict], flipped: dict, tmp: Path) -> dict:
    gold_path, pred_path = tmp / "gold.jsonl", tmp / "pred.jsonl"
    gold_path.write_text("".join(json.dumps(dev.gold[d], ensure_ascii=False) + "\n"
                                 for d, p in dev.pages.items() if p["split"] == test), encoding="utf-8")
    with pred_path.open("w", encoding="utf-8") as fh:
        for r in records:
            if r["type"] == "official" and (r["doc_id"], tuple(r["span"])) in flipped:
                r = dict(r, rotated=True, to_post=flipped[(r["doc_id"], tuple(r["span"]))])
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return score(str(gold_path), str(pred_path))


def line(result: dict) -> str:
    m, post = result["move"], result.get("move.to_post", {})
    return (f"moves P={m['p']:.3f} R={m['r']:.3f} F1={m['f1']:.3f} (tp={m['tp']} fp={m['fp']} fn={m['fn']}); "
            f"to_post {post.get('acc')} of {post.get('n')}")


# ---------------------------------------------------------------------------- the experiment


def temporal(dev: DevSet, outputs: dict[str, dict[str, list[dict]]], raw: dict[str, list[dict]], regime: str,
             tmp: Path) -> None:
    print(f"\n## Temporal test, training examples {regime}")
    hindsight: dict[float, list[str]] = {}  # threshold -> a line per slice
    for test in TESTS:
        train_splits = list(SPLITS[:SPLITS.index(test)])
        by_split = {s: outputs[ERA[s] if regime.startswith("B") and s in ERA else ERA[test]][s] for s in train_splits}
        misses = {s: sum(1 for r in by_split[s] if not r["rotated"] and dev.label(r) == 1) for s in train_splits}
        C, threshold, tally = choose(dev, by_split, train_splits)
        model = train(dev, [r for s in train_splits for r in by_split[s]], C)
        test_records = outputs[ERA[test]][test]
        candidates = flips(dev, model, test_records, min(THRESHOLDS))
        chosen = {(r["doc_id"], tuple(r["span"])): post for r, p, post in candidates if p >= threshold}
        print(f"\n{test} (rules at {ERA[test]}; trained on {', '.join(train_splits)}: {model['n']} officials, "
              f"{model['moved']} moved; the rules' found-but-unmoved moves in training: {misses})")
        print(f"  CV chose C={C}, threshold={'never flip' if threshold == NEVER else threshold}; "
              f"best CV cells (right, wrong): "
              + ", ".join(f"C={c} t={t}: {v}" for (c, t), v in sorted(tally.items(), key=lambda kv: (kv[1][1] - kv[1][0], kv[0]))[:4]))
        print(f"  before: {line(scored(dev, test, raw[ERA[test]], {}, tmp))}")
        print(f"  after:  {line(scored(dev, test, raw[ERA[test]], chosen, tmp))}")
        for r, p, post in sorted(candidates, key=lambda c: -c[1]):
            print(f"  {'FLIP' if p >= threshold else 'not flipped'} p={p:.3f} {verdict(dev, r, post)}: {r['doc_id']} "
                  f"{r['name']} -> {post!r}\n      \"{r['sentence'][:240]}\"")
        missed = [r for r in test_records if not r["rotated"] and dev.label(r) == 1]
        print(f"  the {len(missed)} gold moves the rules found unmoved: " + "; ".join(
            f"{r['doc_id']} {r['name']} p={probability(dev, model, r):.2f} post "
            f"{post_after_marker(dev.text(r['doc_id'])[r['sentence_span'][0]:r['sentence_span'][1]], r['span'][1] - r['sentence_span'][0], r['posts'])!r}"
            for r in missed))
        for t in (0.7, 0.8, 0.85, 0.9):
            hind = {(r["doc_id"], tuple(r["span"])): post for r, p, post in candidates if p >= t}
            hindsight.setdefault(t, []).append(f"{test} {line(scored(dev, test, raw[ERA[test]], hind, tmp))}")
    print("\n  In hindsight only (a threshold fixed for all three slices, with the C CV chose; not a result):")
    for t, rows in sorted(hindsight.items()):
        print(f"    threshold {t}:\n      " + "\n      ".join(rows))


def ordinary(dev: DevSet, head: dict[str, list[dict]], sweep: list[dict]) -> None:
    print("\n## False moves added on ordinary pages (current rules)")
    added, added_half, pages = 0, 0, 0
    for held in SPLITS:
        rest = [s for s in SPLITS if s != held]
        C, threshold, _ = choose(dev, head, rest)
        model = train(dev, [r for s in rest for r in head[s]], C)
        ordinary_records = [r for r in head[held] if dev.pages[r["doc_id"]]["kind"] == "ordinary"]
        n_pages = sum(1 for p in dev.pages.values() if p["split"] == held and p["kind"] == "ordinary")
        half = flips(dev, model, ordinary_records, 0.5)
        at = [f"{r['doc_id']} {r['name']}" for r, p, _ in half if p >= threshold]
        print(f"  {held}: {n_pages} ordinary pages; CV C={C} threshold={threshold}: {len(at)} false moves {at}; "
              f"at p>=0.5: {len(half)} " + str([f"{r['doc_id']} {r['name']} {p:.2f}" for r, p, _ in half]))
        added, added_half, pages = added + len(at), added_half + len(half), pages + n_pages
    print(f"  read splits: {pages} ordinary pages, {added} false moves at the CV threshold, {added_half} at p>=0.5")
    C, threshold, _ = choose(dev, head, list(SPLITS))
    model = train(dev, [r for s in SPLITS for r in head[s]], C)
    officials = [r for r in sweep if r["type"] == "official"]
    half = flips(dev, model, officials, 0.5)
    print(f"  sweep (model on all read splits, CV C={C} threshold={threshold}): {len(officials)} officials; "
          f"{sum(1 for _, p, _ in half if p >= threshold)} false moves; at p>=0.5: {len(half)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, default=HERE / "texts")
    ap.add_argument("--work", type=Path, help="keep the old commits' sources and outputs here (default: a temp dir)")
    args = ap.parse_args()
    dev = DevSet(args.texts)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        work = args.work or tmp
        work.mkdir(parents=True, exist_ok=True)
        read_ids = [d for d, p in dev.pages.items() if p["split"] in SPLITS]
        read = articles_file(dev, read_ids, work / "read.jsonl")
        sweep_in = articles_file(dev, [p["doc_id"] for p in load_jsonl(HERE / "sweep.jsonl")], work / "sweep.jsonl")
        raw = {c: rules_output(c, read, work) for c in ERA.values()}
        outputs = {c: dev.officials_by_split(records) for c, records in raw.items()}
        temporal(dev, outputs, raw, "A: every training split read by the rules of the test's time", tmp)
        temporal(dev, outputs, raw, "B: the once-new slices read by the rules of their own time", tmp)
        temporal(DevSet(args.texts, page_cues=True), outputs, raw,
                 "B, with page cues: as B, plus the move verbs of the page's first 400 characters", tmp)
        now = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], check=True,
                             capture_output=True, text=True).stdout.strip()
        print(f"\n(current rules: {now})")
        head = dev.officials_by_split(rules_output(now, read, work))
        ordinary(dev, head, rules_output(now, sweep_in, work))
    return 0


if __name__ == "__main__":
    sys.exit(main())
