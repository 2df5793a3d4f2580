"""`rotation-facts eval`: precision, recall and F1 of predictions against gold.

Implements the matching rules of the annotation guideline (an external reference
scorer, not in this repository, gives the same scores on the same files):

* citations: one per document, matched on (kind, number); `code` and `issued`
  are checked on the matched ones;
* counts: a multiset of values; direction (and the levels the gold states)
  checked on the best-agreeing match;
* officials: by folded full name; moves are the officials marked `rotated`,
  with `to_post` accepted when it shares 60% of the gold's words.

Items under the gold's `optional` neither reward nor penalise.

Entry point: `score(gold_path, pred_path) -> dict`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from typing import Any

from pipeline.stages.normalize import TONE_STYLE
from schemas.records import FACT_MODELS

FACT_TYPES = (*FACT_MODELS, "move")

# The table is the normaliser's; the pattern is the external reference scorer's (it retones after q too).
_TONE_RE = re.compile(r"(%s)(?!\w)" % "|".join(TONE_STYLE), re.I)


def _nfc(s: str | None) -> str:
    return unicodedata.normalize("NFC", s or "").replace("\u00d0", "\u0110")


def fold(s: str | None) -> str:
    """NFC, Ð->Đ, one tone placement, case folded, single spaces: how names compare."""
    s = _TONE_RE.sub(lambda m: TONE_STYLE[m.group(1).lower()], _nfc(s).lower())
    return " ".join(s.casefold().split())


def _ascii(s: str) -> str:
    s = unicodedata.normalize("NFD", _nfc(s))
    return "".join(c for c in s if unicodedata.category(c) != "Mn").replace("đ", "d").replace("Đ", "D")


def _kind_key(kind: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "_", _ascii(kind or "").lower()).strip("_")


def _number_key(number: Any) -> str:
    n = str(number if number is not None else "").strip()
    return n.lstrip("0") or n


def _code_key(code: str | None) -> str | None:
    c = re.sub(r"[\u2010-\u2015\u2212]", "-", _nfc(code))
    return re.sub(r"\s+", "", c).upper() or None


def _words(s: str | None) -> set[str]:
    return set(re.findall(r"\w+", fold(s)))


def post_matches(gold: str | None, pred: str | None) -> bool:
    """A predicted post is right when it holds at least 60% of the gold post's words."""
    g_words, p_words = _words(gold), _words(pred)
    return bool(g_words and p_words and len(g_words & p_words) / len(g_words) >= 0.6)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def load_jsonl(path: str) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{number}: not JSON: {exc}") from exc
    return rows


def score(gold_path: str, pred_path: str) -> dict:
    gold = {g["doc_id"]: g for g in load_jsonl(gold_path)}
    preds: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for r in load_jsonl(pred_path):
        if r.get("type") in FACT_MODELS and r.get("doc_id") in gold:
            preds[r["doc_id"]][r["type"]].append(r)

    totals: dict[str, Counter] = defaultdict(Counter)
    attributes: dict[str, Counter] = defaultdict(Counter)
    per_doc: dict[str, dict] = {}
    for doc_id, g in gold.items():
        p = preds.get(doc_id, {})
        optional = g.get("optional", {})
        per_doc[doc_id] = {
            "citation": _score_citations(g["citations"], optional.get("citations", []), p.get("citation", []),
                                         totals, attributes),
            "count": _score_counts(g["counts"], optional.get("counts", []), p.get("count", []), totals, attributes),
            **_score_officials(g["officials"], optional.get("officials", []), p.get("official", []),
                               totals, attributes),
        }

    result: dict[str, Any] = {"docs": len(gold), "docs_with_output": sum(1 for k in gold if k in preds)}
    f1s = []
    for t in FACT_TYPES:
        c = totals[t]
        p_, r_, f_ = prf(c["tp"], c["fp"], c["fn"])
        result[t] = dict(tp=c["tp"], fp=c["fp"], fn=c["fn"], p=round(p_, 3), r=round(r_, 3), f1=round(f_, 3))
        f1s.append(f_)
    result["macro_f1"] = round(sum(f1s) / len(f1s), 3)
    for name, c in sorted(attributes.items()):
        result[name] = dict(n=c["n"], acc=round(c["ok"] / c["n"], 3) if c["n"] else None)
    result["per_doc"] = per_doc
    return result


def _score_citations(gold, optional, pred, totals, attributes) -> dict:
    def key(c):
        return _kind_key(c.get("kind")), _number_key(c.get("number"))

    gold_by_key = {key(c): c for c in gold}
    optional_keys = {key(c) for c in optional}
    pred_by_key: dict = {}
    for c in pred:
        pred_by_key.setdefault(key(c), []).append(c)
    hits = gold_by_key.keys() & pred_by_key.keys()
    fp = sorted(map(str, pred_by_key.keys() - gold_by_key.keys() - optional_keys))
    fn = sorted(map(str, gold_by_key.keys() - pred_by_key.keys()))
    totals["citation"].update(tp=len(hits), fp=len(fp), fn=len(fn))
    for k in hits:
        g = gold_by_key[k]
        if g.get("code"):
            attributes["citation.code"]["n"] += 1
            attributes["citation.code"]["ok"] += any(_code_key(c.get("code")) == _code_key(g["code"]) for c in pred_by_key[k])
        if g.get("issued"):
            attributes["citation.issued"]["n"] += 1
            attributes["citation.issued"]["ok"] += any(c.get("issued") == g["issued"] for c in pred_by_key[k])
    return {"tp": len(hits), "fp": fp, "fn": fn}


def _score_counts(gold, optional, pred, totals, attributes) -> dict:
    optional_values = Counter(c["value"] for c in optional)
    used = [False] * len(pred)
    tp, fn, wrong_direction = 0, [], []
    for g in gold:
        candidates = [i for i, q in enumerate(pred) if not used[i] and q.get("value") == g["value"]]
        if not candidates:
            fn.append(g["value"])
            continue

        def agreement(i: int, g=g) -> int:
            return sum(pred[i].get(f) == g.get(f) for f in ("from_level", "to_level", "direction")
                       if g.get(f) is not None)

        best = max(candidates, key=agreement)
        used[best] = True
        tp += 1
        if g.get("direction") is not None:
            q = pred[best]
            ok = q.get("direction") == g["direction"] and all(
                q.get(f) == g[f] for f in ("from_level", "to_level") if g.get(f) is not None)
            attributes["count.direction"]["n"] += 1
            attributes["count.direction"]["ok"] += ok
            if not ok:
                wrong_direction.append(g["value"])
    fp = []
    for i, q in enumerate(pred):
        if used[i]:
            continue
        if optional_values[q.get("value")] > 0:
            optional_values[q.get("value")] -= 1
        else:
            fp.append(q.get("value"))
    totals["count"].update(tp=tp, fp=len(fp), fn=len(fn))
    return {"tp": tp, "fp": fp, "fn": fn, "wrong_direction": wrong_direction}


def _score_officials(gold, optional, pred, totals, attributes) -> dict:
    gold_by_name = {fold(o["name"]): o for o in gold}
    optional_names = {fold(o["name"]) for o in optional}
    pred_by_name: dict[str, dict] = {}
    for o in pred:
        pred_by_name.setdefault(fold(o.get("name")), o)
    tp = gold_by_name.keys() & pred_by_name.keys()
    fp = sorted(pred_by_name.keys() - gold_by_name.keys() - optional_names)
    fn = sorted(gold_by_name.keys() - pred_by_name.keys())
    totals["official"].update(tp=len(tp), fp=len(fp), fn=len(fn))
    gold_moves = {k for k, o in gold_by_name.items() if o.get("rotated")}
    pred_moves = {k for k, o in pred_by_name.items() if o.get("rotated")}
    move_fp = sorted(pred_moves - gold_moves - optional_names)
    move_fn = sorted(gold_moves - pred_moves)
    totals["move"].update(tp=len(gold_moves & pred_moves), fp=len(move_fp), fn=len(move_fn))
    wrong_post = []
    for k in gold_moves & pred_moves:
        attributes["move.to_post"]["n"] += 1
        ok = post_matches(gold_by_name[k].get("to_post"), pred_by_name[k].get("to_post"))
        attributes["move.to_post"]["ok"] += ok
        if not ok:
            wrong_post.append(k)
    return {"official": {"tp": len(tp), "fp": fp, "fn": fn},
            "move": {"tp": len(gold_moves & pred_moves), "fp": move_fp, "fn": move_fn, "wrong_to_post": wrong_post}}


def format_report(result: dict, per_doc: bool = False) -> str:
    lines = [f"docs scored: {result['docs']}  with output: {result['docs_with_output']}"]
    for t in FACT_TYPES:
        r = result[t]
        lines.append(f"{t:9s} P={r['p']:.3f} R={r['r']:.3f} F1={r['f1']:.3f}  (tp={r['tp']} fp={r['fp']} fn={r['fn']})")
    for name in sorted(k for k in result if "." in k):
        lines.append(f"{name:18s} acc={result[name]['acc']}  n={result[name]['n']}")
    lines.append(f"macro_f1={result['macro_f1']}")
    if per_doc:
        for doc_id, d in result["per_doc"].items():
            errors = {t: {k: v for k, v in d[t].items() if k != "tp" and v} for t in d}
            errors = {t: v for t, v in errors.items() if v}
            lines.append(f"{doc_id} {json.dumps(errors, ensure_ascii=False) if errors else 'ok'}")
    return "\n".join(lines)
