"""Semantic diff of two runs: which facts were added, removed or changed, article by article.

Facts are paired by identity, not by line: a citation by its `ref` (then by its
`number` at an overlapping span), a count by its `value` and span, an official
by `name` (then by an overlapping span). Within an identity the nearest span
wins, so a second mention of the same document pairs with its own counterpart.
Paired facts whose fields differ are "changed", field by field.

Entry points: `diff_runs(old, new) -> RunDiff`, `diff_files(old_path, new_path)`,
`format_diff(diff, old_name, new_name) -> str`.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pipeline.results.facts_file import FACT_TYPES, ArticleFacts, load_run

Fact = dict
Match = Callable[[Fact, Fact], bool]

# Fields that are bookkeeping, not findings: never reported as changes. `sentence_span` is
# where the evidence sentence lies (a changed sentence shows in `sentence`), and runs from
# before it existed must compare equal when the facts are equal.
SKIP_FIELDS = {"type", "doc_id", "sentence_span"}
# Where an article was read from is not a finding either: runs over a moved or re-batched
# corpus must compare equal when the facts are equal.
SKIP_ARTICLE_FIELDS = {"type", "doc_id", "n_facts", "source", "line"}


def _overlap(a: Fact, b: Fact) -> bool:
    return a["span"][0] < b["span"][1] and b["span"][0] < a["span"][1]


def _same(*names: str) -> Match:
    return lambda a, b: all(a.get(n) == b.get(n) for n in names)


def _same_overlapping(*names: str) -> Match:
    same = _same(*names)
    return lambda a, b: same(a, b) and _overlap(a, b)


# Identity rules per fact type, strongest first: a fact pairs by the first rule that finds a partner.
MATCHERS: dict[str, list[Match]] = {
    "citation": [_same("ref", "span"), _same("ref"), _same_overlapping("number")],
    "count": [_same("value", "span"), _same_overlapping("value"), _same("span")],
    "official": [_same("name"), _same_overlapping()],
}


@dataclass
class FieldChange:
    field: str
    old: object
    new: object


@dataclass
class FactChange:
    old: Fact
    new: Fact
    changes: list[FieldChange]


@dataclass
class ArticleDiff:
    """What changed in one article: status is 'added', 'removed' or 'both' (in both runs)."""

    doc_id: str
    status: str
    added: list[Fact] = field(default_factory=list)
    removed: list[Fact] = field(default_factory=list)
    changed: list[FactChange] = field(default_factory=list)
    unchanged: Counter = field(default_factory=Counter)  # per fact type
    article_changes: list[FieldChange] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return self.status != "both" or bool(self.added or self.removed or self.changed or self.article_changes)


@dataclass
class RunDiff:
    articles: list[ArticleDiff]

    @property
    def differs(self) -> bool:
        return any(a.differs for a in self.articles)

    def totals(self) -> dict[str, dict[str, int]]:
        """Per fact type: added, removed, changed, unchanged."""
        out = {t: {"added": 0, "removed": 0, "changed": 0, "unchanged": 0} for t in FACT_TYPES}
        for art in self.articles:
            for fact in art.added:
                out[fact["type"]]["added"] += 1
            for fact in art.removed:
                out[fact["type"]]["removed"] += 1
            for change in art.changed:
                out[change.new["type"]]["changed"] += 1
            for fact_type, n in art.unchanged.items():
                out[fact_type]["unchanged"] += n
        return out


def field_changes(old: dict, new: dict, skip: set[str] = SKIP_FIELDS) -> list[FieldChange]:
    """The fields whose values differ, in the new record's key order (then fields only the old has)."""
    names = [k for k in new if k not in skip] + [k for k in old if k not in new and k not in skip]
    return [FieldChange(n, old.get(n), new.get(n)) for n in names if old.get(n) != new.get(n)]


def pair_facts(old: list[Fact], new: list[Fact], matchers: list[Match]) -> tuple[list[tuple[Fact, Fact]], list[Fact], list[Fact]]:
    """Pair facts of one type by the identity rules: (pairs, only in old, only in new)."""
    left, right = list(old), list(new)
    pairs: list[tuple[Fact, Fact]] = []
    for match in matchers:
        for a in list(left):
            candidates = [b for b in right if match(a, b)]
            if candidates:
                b = min(candidates, key=lambda c: _distance(a, c))
                pairs.append((a, b))
                left.remove(a)
                right.remove(b)
    pairs.sort(key=lambda p: tuple(p[1]["span"]))
    return pairs, left, right


def _distance(a: Fact, b: Fact) -> int:
    return abs(a["span"][0] - b["span"][0]) + abs(a["span"][1] - b["span"][1])


def diff_article(doc_id: str, old: ArticleFacts | None, new: ArticleFacts | None) -> ArticleDiff:
    """The differences in one article between two runs."""
    if old is None or new is None:
        status = "added" if old is None else "removed"
        facts = (new or old).facts  # type: ignore[union-attr]
        return ArticleDiff(doc_id, status, added=list(facts) if old is None else [],
                           removed=list(facts) if new is None else [])
    result = ArticleDiff(doc_id, "both")
    result.article_changes = field_changes(old.article or {}, new.article or {}, SKIP_ARTICLE_FIELDS)
    for fact_type in FACT_TYPES:
        olds = [f for f in old.facts if f["type"] == fact_type]
        news = [f for f in new.facts if f["type"] == fact_type]
        pairs, removed, added = pair_facts(olds, news, MATCHERS[fact_type])
        result.added += added
        result.removed += removed
        for a, b in pairs:
            changes = field_changes(a, b)
            if changes:
                result.changed.append(FactChange(a, b, changes))
            else:
                result.unchanged[fact_type] += 1
    return result


def diff_runs(old: dict[str, ArticleFacts], new: dict[str, ArticleFacts]) -> RunDiff:
    """Article by article, in the new run's order, then articles only the old run has."""
    keys = list(new) + [k for k in old if k not in new]
    return RunDiff([diff_article(k, old.get(k), new.get(k)) for k in keys])


def diff_files(old_path: str | Path, new_path: str | Path) -> RunDiff:
    return diff_runs(load_run(old_path), load_run(new_path))


# ---- text report -------------------------------------------------------------------------------

def _value(v: object) -> str:
    return json.dumps(v, ensure_ascii=False)


def fact_line(fact: Fact) -> str:
    """One fact on one line: type, span, text, and its identity field."""
    key = {"citation": "ref", "count": "value", "official": "name"}.get(fact["type"])
    start, end = fact["span"]
    ident = f" {key}={_value(fact.get(key))}" if key and key in fact else ""
    return f"{fact['type']} [{start}, {end}) {_value(fact.get('text'))}{ident}"


def _article_lines(art: ArticleDiff) -> list[str]:
    if art.status != "both":
        n = len(art.added or art.removed)
        lines = [f"{'+' if art.status == 'added' else '-'} article {art.doc_id} ({art.status}, {n} fact{'' if n == 1 else 's'})"]
    else:
        lines = [f"  article {art.doc_id}"]
    lines += [f"    article.{c.field}: {_value(c.old)} -> {_value(c.new)}" for c in art.article_changes]
    lines += [f"  + {fact_line(f)}" for f in art.added]
    lines += [f"  - {fact_line(f)}" for f in art.removed]
    for change in art.changed:
        lines.append(f"  ~ {fact_line(change.new)}")
        lines += [f"      {c.field}: {_value(c.old)} -> {_value(c.new)}" for c in change.changes]
    return lines


def _totals_row(label: str, row: dict[str, int]) -> str:
    return f"{label:<10}{row['added']:>8}{row['removed']:>9}{row['changed']:>9}{row['unchanged']:>7}"


def totals_table(diff: RunDiff) -> list[str]:
    """The closing totals: articles, then one row per fact type."""
    arts = diff.articles
    added = sum(a.status == "added" for a in arts)
    removed = sum(a.status == "removed" for a in arts)
    changed = sum(a.status == "both" and a.differs for a in arts)
    same = sum(not a.differs for a in arts)
    lines = [f"articles: {added} added, {removed} removed, {changed} changed, {same} unchanged",
             f"{'facts':<10}{'added':>8}{'removed':>9}{'changed':>9}{'same':>7}"]
    totals = diff.totals()
    for fact_type, row in totals.items():
        lines.append(_totals_row(fact_type, row))
    lines.append(_totals_row("total", {k: sum(r[k] for r in totals.values()) for k in totals["count"]}))
    return lines


def format_diff(diff: RunDiff, old_name: str, new_name: str, stat_only: bool = False) -> str:
    """The report: a header, each differing article's facts, then the totals."""
    lines = [f"--- {old_name}", f"+++ {new_name}"]
    if not stat_only:
        for art in diff.articles:
            if art.differs:
                lines += _article_lines(art)
    lines += ["", *totals_table(diff)]
    return "\n".join(lines)


def diff_json(diff: RunDiff) -> dict:
    """The diff as JSON-ready data (for `--json` and notebooks)."""
    def changes(cs: list[FieldChange]) -> list[dict]:
        return [{"field": c.field, "old": c.old, "new": c.new} for c in cs]

    articles = [{"doc_id": a.doc_id, "status": a.status, "article_changes": changes(a.article_changes),
                 "added": a.added, "removed": a.removed,
                 "changed": [{"old": c.old, "new": c.new, "changes": changes(c.changes)} for c in a.changed]}
                for a in diff.articles if a.differs]
    return {"differs": diff.differs, "articles": articles, "totals": diff.totals()}
