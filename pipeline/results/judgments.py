"""Read judgments files (the review page's export) and gather them by fact.

Every line is validated against `schemas/judgments.py`; a line that is not JSON or
does not validate is a `JudgmentsError` naming its file and line, never skipped.
Several files (several reviewers, or one reviewer's exports over days) are read
together: a reviewer's latest judgment of a fact counts, and each fact keeps
every reviewer's verdict, so agreement can be measured and a verdict settled:

* the verdicts other than `unsure` all agree: that verdict;
* there are none (everyone unsure): `unsure`;
* `correct` and `wrong` both given: `disputed`, counted apart like `unsure`.

All lines must be of one run (the facts file's SHA-256 they carry), and all
in-sample judgments of one sample (seed, strata, allocation).

Entry points: `read_judgments(paths) -> JudgmentSet`, `write_judgments(lines, path)`,
`fact_key(item)` (a fact record or a judgments line).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from pydantic import TypeAdapter, ValidationError

from pipeline.results.facts_file import numbered_lines
from schemas.judgments import CheckedArticle, FactJudgment, JudgmentLine, MissedFact

FactKey = tuple[str, str, int, int]  # (doc_id, fact type, start, end)
_LINE = TypeAdapter(JudgmentLine)


class JudgmentsError(ValueError):
    """A judgments file that cannot be used: says which file and line, and why."""


def fact_key(item: dict | FactJudgment | MissedFact) -> FactKey:
    """How a fact is identified across a run and its judgments: article, type, span."""
    if isinstance(item, dict):
        return item["doc_id"], item["type"], item["span"][0], item["span"][1]
    return item.doc_id, item.fact_type, item.span[0], item.span[1]


@dataclass
class FactVerdicts:
    """One fact of the run and what each reviewer said of it (their latest judgment)."""

    key: FactKey
    text: str
    fields: dict
    by_reviewer: dict[str, FactJudgment] = field(default_factory=dict)

    @property
    def sample(self):
        """The fact's place in the sample (the same on every reviewer's line), or None."""
        return next((j.sample for j in self.by_reviewer.values() if j.sample is not None), None)

    @property
    def verdict(self) -> str:
        """The settled verdict: correct, wrong, unsure, or disputed (see the module's docstring)."""
        said = {j.verdict for j in self.by_reviewer.values()} - {"unsure"}
        if not said:
            return "unsure"
        return said.pop() if len(said) == 1 else "disputed"

    @property
    def corrected(self) -> dict:
        """The fields found wrong by a reviewer who judged the fact correct (the latest value of each)."""
        out: dict = {}
        for j in sorted(self.by_reviewer.values(), key=lambda j: _when(j.judged_at)):
            if j.verdict == "correct" and j.corrected:
                out.update(j.corrected)
        return out


@dataclass
class JudgmentSet:
    """Everything read from one or more judgments files."""

    files: list[str]
    run: str | None
    facts: dict[FactKey, FactVerdicts] = field(default_factory=dict)
    missed: dict[FactKey, MissedFact] = field(default_factory=dict)
    checked: dict[str, CheckedArticle] = field(default_factory=dict)
    lines: int = 0

    @property
    def reviewers(self) -> list[str]:
        names = {r for f in self.facts.values() for r in f.by_reviewer}
        names |= {m.reviewer for m in self.missed.values()} | {c.reviewer for c in self.checked.values()}
        return sorted(names)

    @property
    def sample_design(self) -> dict | None:
        """seed, stratified_by, allocation and frame_size of the sample, when the facts were sampled."""
        info = next((f.sample for f in self.facts.values() if f.sample is not None), None)
        if info is None:
            return None
        return {"seed": info.seed, "stratified_by": list(info.stratified_by), "allocation": info.allocation,
                "frame_size": info.frame_size}

    def complete_articles(self, n_facts: dict[str, int] | None = None) -> tuple[list[str], dict[str, str]]:
        """The articles checked whole, and those marked checked that cannot count (with why).

        An article counts when every one of its facts has a judgment: `n_facts` (doc_id ->
        the run's facts in it) when the run is given, else what the checked line says.
        """
        judged: dict[str, int] = {}
        for doc_id, _, _, _ in self.facts:
            judged[doc_id] = judged.get(doc_id, 0) + 1
        complete, left_out = [], {}
        for doc_id, line in self.checked.items():
            expected = line.n_facts if n_facts is None else n_facts.get(doc_id, 0)
            if judged.get(doc_id, 0) < expected:
                left_out[doc_id] = f"{judged.get(doc_id, 0)} of its {expected} facts judged"
            else:
                complete.append(doc_id)
        return complete, left_out


def _when(stamp: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stamp)


def read_lines(path: str | Path) -> list[tuple[int, FactJudgment | MissedFact | CheckedArticle]]:
    """Every line of one judgments file, validated, with its line number."""
    out = []
    for number, line in numbered_lines(path, JudgmentsError):
        try:
            out.append((number, _LINE.validate_json(line)))
        except ValidationError as exc:
            raise JudgmentsError(f"{path}:{number}: {_first_error(exc)}") from None
    return out


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("judgment", "missed", "checked_article"))
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "json_invalid":
        return f"not JSON ({message})"
    return f"{where}: {message}" if where else message


def read_judgments(paths: Iterable[str | Path]) -> JudgmentSet:
    """All lines of all files, gathered by fact; raises `JudgmentsError`."""
    paths = [str(p) for p in paths]
    found = JudgmentSet(files=paths, run=None)
    first_run: tuple[str, str] | None = None
    design: tuple[tuple, str] | None = None
    for path in paths:
        for number, line in read_lines(path):
            found.lines += 1
            where = f"{path}:{number}"
            if first_run is None:
                first_run = (line.run, where)
                found.run = line.run
            elif line.run != first_run[0]:
                raise JudgmentsError(f"{where}: a judgment of run {line.run}, but {first_run[1]} is of run "
                                     f"{first_run[0]}: judgments of different runs cannot be counted together")
            if isinstance(line, FactJudgment):
                design = _check_design(line, where, design)
                _add_judgment(found, line)
            elif isinstance(line, MissedFact):
                found.missed.setdefault(fact_key(line), line)
            else:
                found.checked.setdefault(line.doc_id, line)
    return found


def _check_design(line: FactJudgment, where: str, design: tuple[tuple, str] | None) -> tuple[tuple, str] | None:
    if line.sample is None:
        return design
    s = line.sample
    this = (s.seed, tuple(s.stratified_by), s.allocation, s.frame_size)
    if design is None:
        return this, where
    if this != design[0]:
        raise JudgmentsError(f"{where}: sample (seed {s.seed}, strata {s.stratified_by}, {s.allocation}, "
                             f"frame {s.frame_size}) differs from the one at {design[1]}: judgments of two "
                             "samples cannot be weighted together")
    return design


def _add_judgment(found: JudgmentSet, line: FactJudgment) -> None:
    key = fact_key(line)
    fact = found.facts.get(key)
    if fact is None:
        fact = found.facts[key] = FactVerdicts(key, line.text, dict(line.fields))
    earlier = fact.by_reviewer.get(line.reviewer)
    if earlier is None or _when(line.judged_at) >= _when(earlier.judged_at):
        fact.by_reviewer[line.reviewer] = line


def write_judgments(lines: Iterable[FactJudgment | MissedFact | CheckedArticle], path: str | Path) -> int:
    """Write lines as the page exports them (json.dumps of the model, keys in model order); atomic."""
    text = "".join(json.dumps(line.model_dump(mode="json"), ensure_ascii=False) + "\n" for line in lines)
    part = Path(f"{path}.part")
    part.write_text(text, encoding="utf-8")
    os.replace(part, path)
    return text.count("\n")
