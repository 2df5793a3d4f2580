"""`rotation-facts precision`: the numbers a paper needs from a set of judgments.

Per fact type and overall:

* **precision** = correct / (correct + wrong) over the facts drawn in the sample.
  With a stratified sample (`review --stratify`), each judged fact weighs
  w = N_h / n_h (its stratum's facts in the run over the facts of that stratum
  judged correct or wrong), so the estimate is the stratified one,
  p = Σ_h (N_h / N) p_h over the strata with a judgment. The 95% interval is
  Wilson's score interval with n replaced by Kish's effective sample size
  n_eff = (Σw)² / Σw²: with proportional allocation the weights are (nearly)
  equal and n_eff is the number judged; with equal allocation n_eff is smaller,
  as the unequal weights cost precision. This ignores the variance gained by
  stratifying (conservative) and applies no finite-population correction: the
  interval speaks of the extractor on articles like these, not only of this run.
  Strata with no judgment are left out, and the share of the run they hold is
  reported. Without a fact sample, every judged fact weighs 1.
* **recall** on the articles checked whole = correct / (correct + missed), with
  Wilson's interval on that n, unweighted: it speaks of the run only if the
  checked articles are a random sample of articles (`review --sample N`).
* **field accuracy** on the facts judged correct: a field the reviewer corrected
  counts as wrong for that field; weighted and bounded like precision.
* **unsure** (and **disputed**: reviewers said correct and wrong) facts are
  counted apart and left out of every denominator.
* **agreement**: Cohen's kappa over correct / wrong / unsure for each pair of
  reviewers, on the facts both judged, with that number.

Facts of one article are not independent, so every interval here is somewhat
narrower than it should be when the facts come from few articles.

Entry points: `report(judgments, run=None) -> dict`, `format_report(r) -> str` (`r`: what `report` returns),
`wilson(successes, n)`, `cohen_kappa(pairs)`.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import combinations

from pipeline.results.facts_file import ArticleFacts
from pipeline.results.judgments import FactVerdicts, JudgmentSet, JudgmentsError, fact_key
from schemas.judgments import JUDGED_FIELDS

FACT_TYPES = tuple(JUDGED_FIELDS)
Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal


def wilson(successes: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson's (1927) score interval for a proportion; n may be an effective (non-integer) size."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def cohen_kappa(pairs: list[tuple[str, str]]) -> tuple[float | None, float, float]:
    """Cohen's (1960) kappa of two raters' labels on the same items: (kappa, p_o, p_e).

    kappa is None when chance agreement is 1 (both raters gave one and the same label throughout).
    """
    n = len(pairs)
    if not n:
        return None, 0.0, 0.0
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[c] * second[c] for c in first) / (n * n)
    if expected == 1:
        return None, observed, expected
    return (observed - expected) / (1 - expected), observed, expected


def estimate(items: list[tuple[float, bool]]) -> dict:
    """The weighted proportion of (weight, success) items, Wilson's interval on Kish's n_eff."""
    n = len(items)
    total = sum(w for w, _ in items)
    if not n or total <= 0:
        return {"n": n, "p": None, "low": None, "high": None, "n_eff": 0.0}
    p = sum(w for w, ok in items if ok) / total
    n_eff = total * total / sum(w * w for w, _ in items)
    low, high = wilson(p * n_eff, n_eff)
    return {"n": n, "p": p, "low": low, "high": high, "n_eff": n_eff}


# ---- the report ------------------------------------------------------------------------------------

def report(judgments: JudgmentSet, run: dict[str, ArticleFacts] | None = None, run_id: str | None = None) -> dict:
    """Precision, recall, field accuracy, agreement. With the run (`facts_file.load_run`) and its
    identity, the judgments are checked against it first (`JudgmentsError` when they do not fit)."""
    n_facts = check_against_run(judgments, run, run_id) if run is not None else None
    facts = list(judgments.facts.values())
    sampled = [f for f in facts if f.sample is not None and f.sample.in_sample]
    counted = sampled if judgments.sample_design is not None else facts
    weights, coverage = _weights(counted, judgments.sample_design is not None)
    out = {
        "files": judgments.files, "run": judgments.run, "lines": judgments.lines,
        "reviewers": judgments.reviewers, "facts_judged": len(facts),
        "sample": _sample_summary(judgments, sampled, coverage),
        "outside_sample": len(facts) - len(sampled) if judgments.sample_design is not None else 0,
        "precision": _precision(counted, weights),
        "fields": _field_accuracy(counted, weights),
    }
    out["recall"] = _recall(judgments, n_facts)
    out["agreement"] = _agreement(facts)
    return out


def _weights(facts: list[FactVerdicts], stratified: bool) -> tuple[dict, dict]:
    """Each counted fact's weight N_h / n_h (n_h: judged correct or wrong), and the run's coverage."""
    if not stratified:
        return {f.key: 1.0 for f in facts}, {}
    judged: Counter = Counter()
    size: dict[str, int] = {}
    for f in facts:
        size[f.sample.stratum] = f.sample.stratum_size
        if f.verdict in ("correct", "wrong"):
            judged[f.sample.stratum] += 1
    weights = {f.key: size[f.sample.stratum] / judged[f.sample.stratum] for f in facts
               if judged[f.sample.stratum]}
    covered = sum(size[s] for s in judged)
    return weights, {"strata_judged": len(judged), "strata_seen": len(size), "facts_covered": covered}


def _sample_summary(judgments: JudgmentSet, sampled: list[FactVerdicts], coverage: dict) -> dict | None:
    design = judgments.sample_design
    if design is None:
        return None
    strata: dict[str, dict] = {}
    for f in sampled:
        s = strata.setdefault(f.sample.stratum, {"size": f.sample.stratum_size, "drawn": f.sample.stratum_drawn,
                                                  "judged": 0})
        s["judged"] += 1
    frame = design["frame_size"]
    return {**design, "drawn": sum(s["drawn"] for s in strata.values()), "judged": len(sampled),
            "strata": dict(sorted(strata.items())),
            "coverage": coverage.get("facts_covered", 0) / frame if frame else 0.0}


def _verdict_counts(facts: list[FactVerdicts]) -> dict:
    c = Counter(f.verdict for f in facts)
    return {v: c[v] for v in ("correct", "wrong", "unsure", "disputed")}


def _precision(facts: list[FactVerdicts], weights: dict) -> dict:
    out = {}
    for kind in (*FACT_TYPES, "all"):
        mine = [f for f in facts if kind == "all" or f.key[1] == kind]
        items = [(weights[f.key], f.verdict == "correct") for f in mine
                 if f.verdict in ("correct", "wrong") and f.key in weights]
        out[kind] = {**_verdict_counts(mine), **estimate(items)}
    return out


def _field_accuracy(facts: list[FactVerdicts], weights: dict) -> dict:
    out = {}
    for kind, names in JUDGED_FIELDS.items():
        correct = [f for f in facts if f.key[1] == kind and f.verdict == "correct" and f.key in weights]
        for name in names:
            items = [(weights[f.key], name not in f.corrected) for f in correct]
            if items:
                out[f"{kind}.{name}"] = {"wrong": sum(not ok for _, ok in items), **estimate(items)}
    return out


def _recall(judgments: JudgmentSet, n_facts: dict[str, int] | None) -> dict:
    complete, left_out = judgments.complete_articles(n_facts)
    done = set(complete)
    facts = [f for f in judgments.facts.values() if f.key[0] in done]
    missed = [m for k, m in judgments.missed.items() if k[0] in done]
    out: dict = {"articles": len(complete), "left_out": left_out, "by_type": {}}
    for kind in (*FACT_TYPES, "all"):
        mine = [f for f in facts if kind == "all" or f.key[1] == kind]
        counts = _verdict_counts(mine)
        lost = sum(1 for m in missed if kind == "all" or m.fact_type == kind)
        n = counts["correct"] + lost
        low, high = wilson(counts["correct"], n) if n else (None, None)
        out["by_type"][kind] = {**counts, "missed": lost, "n": n, "r": counts["correct"] / n if n else None,
                                "low": low, "high": high}
    return out


def _agreement(facts: list[FactVerdicts]) -> list[dict]:
    names = sorted({r for f in facts for r in f.by_reviewer})
    out = []
    for a, b in combinations(names, 2):
        pairs = [(f.by_reviewer[a].verdict, f.by_reviewer[b].verdict) for f in facts
                 if a in f.by_reviewer and b in f.by_reviewer]
        if pairs:
            kappa, observed, expected = cohen_kappa(pairs)
            out.append({"reviewers": [a, b], "shared": len(pairs), "agreement": observed,
                        "chance": expected, "kappa": kappa})
    return out


def check_against_run(judgments: JudgmentSet, run: dict[str, ArticleFacts], run_id: str | None) -> dict[str, int]:
    """Every judged fact is a fact of the run, with its text; returns each article's number of facts."""
    if run_id is not None and judgments.run is not None and judgments.run != run_id:
        raise JudgmentsError(f"the judgments are of run {judgments.run}, the facts file is run {run_id} "
                             "(its SHA-256 differs: another or a changed file)")
    texts: dict = {}
    n_facts: dict[str, int] = {}
    for entry in run.values():
        n_facts[entry.doc_id] = n_facts.get(entry.doc_id, 0) + len(entry.facts)
        for fact in entry.facts:
            texts[fact_key(fact)] = fact.get("text")
    for key, fact in judgments.facts.items():
        if key not in texts:
            raise JudgmentsError(f"judged {key[1]} [{key[2]}, {key[3]}) of {key[0]} is not a fact of the run")
        if texts[key] != fact.text:
            raise JudgmentsError(f"judged {key[1]} [{key[2]}, {key[3]}) of {key[0]}: text {fact.text!r} but the "
                                 f"run has {texts[key]!r}")
    return n_facts


# ---- the table -------------------------------------------------------------------------------------

def _num(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _ci(row: dict) -> str:
    return "–" if row.get("low") is None else f"[{row['low']:.3f}, {row['high']:.3f}]"


def format_report(r: dict) -> str:
    """The report as the tables `rotation-facts precision` prints."""
    who = ", ".join(r["reviewers"]) or "nobody"
    lines = [f"judgments: {r['facts_judged']} facts judged by {len(r['reviewers'])} reviewer(s) ({who}) "
             f"in {len(r['files'])} file(s); run {r['run']}"]
    s = r["sample"]
    if s is None:
        lines.append("not a fact sample (the page had no --stratify): every judged fact weighs 1; the numbers are "
                     "the run's only if the judged facts are a random sample of its facts")
    else:
        by = ", ".join(s["stratified_by"]) or "nothing (one stratum)"
        lines.append(f"sample: seed {s['seed']}, stratified by {by}, {s['allocation']} allocation; "
                     f"{s['drawn']} of {s['frame_size']} facts drawn, {s['judged']} judged; strata with a "
                     f"judgment hold {s['coverage']:.1%} of the run's facts")
        if r["outside_sample"]:
            lines.append(f"{r['outside_sample']} facts judged outside the sample count for recall only")
    lines += ["", "precision = correct / (correct + wrong)" + (", weighted by stratum (N_h / n_h)" if s else "")
              + "; unsure and disputed facts are left out",
              f"{'type':10}{'correct':>9}{'wrong':>7}{'unsure':>8}{'disputed':>10}{'precision':>11}  "
              f"{'95% CI':16}{'n_eff':>7}"]
    for kind, row in r["precision"].items():
        lines.append(f"{kind:10}{row['correct']:>9}{row['wrong']:>7}{row['unsure']:>8}{row['disputed']:>10}"
                     f"{_num(row['p']):>11}  {_ci(row):16}{row['n_eff']:>7.1f}")
    rec = r["recall"]
    lines += ["", f"recall on {rec['articles']} article(s) checked whole = correct / (correct + missed), unweighted"]
    for doc_id, why in sorted(rec["left_out"].items()):
        lines.append(f"  left out {doc_id}: marked checked but {why}")
    if rec["articles"]:
        lines.append(f"{'type':10}{'correct':>9}{'missed':>8}{'recall':>9}  {'95% CI':16}")
        for kind, row in rec["by_type"].items():
            lines.append(f"{kind:10}{row['correct']:>9}{row['missed']:>8}{_num(row['r']):>9}  {_ci(row):16}")
    lines += ["", "field accuracy on the facts judged correct (a corrected field counts as wrong)"
              + (", weighted like precision" if s else "")]
    if r["fields"]:
        lines.append(f"{'field':22}{'n':>5}{'wrong':>7}{'accuracy':>10}  {'95% CI':16}")
        for name, row in r["fields"].items():
            lines.append(f"{name:22}{row['n']:>5}{row['wrong']:>7}{_num(row['p']):>10}  {_ci(row)}")
    if r["agreement"]:
        lines += ["", "agreement between reviewers: Cohen's kappa over correct / wrong / unsure, on the facts both judged",
                  f"{'reviewers':30}{'shared':>7}{'agree':>7}{'kappa':>7}"]
        for row in r["agreement"]:
            lines.append(f"{' / '.join(row['reviewers']):30}{row['shared']:>7}{row['agreement']:>7.3f}"
                         f"{_num(row['kappa']):>7}")
    return "\n".join(line.rstrip() for line in lines)
