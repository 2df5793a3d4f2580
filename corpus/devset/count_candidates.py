"""Candidates and features of the learned count experiment (`learn_counts.py`): NOT part of the
extractor.

The question the experiment asked: does a learned decision "does this number count people
rotated?", layered after the rules (`extractors.counts`), find counts the rules miss on pages
nobody has seen? The candidates are the numbers the rules could have read as counts: a number, in
digits or words (`extractors.numbers`), followed within three words by a people noun or unit of
`data/count_units.txt`, in a sentence where a verb of `data/count_actions.tsv` stands. Each gets
feature strings from its own text: the unit, the words between number and unit, the words before
and after it, the nearest verbs of the rules' action lexicon and their kinds, the level words
around it, and the number's shape (a year, written in words, its size); with `guards`, also the
rules' lists of other work (`count_exclusions.txt`), rates per unit (`count_rate_bases.txt`) and
post titles as units (`count_holder_titles.txt`). `Model` is a logistic regression over them.

The experiment did not earn the model a place in the extractor (`LEARNED_COUNTS.md`), so this
stays here, with the script that trained and tested it.

Entry points: `Lexicon.read(read, guards)`, `candidates(text, sentences, lexicon)`,
`features(text, candidate, verbs, lexicon)`, `Model`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Callable, Iterable

import regex

from extractors.base import alternation, data_lines
from extractors.counts.language import expanded
from extractors.numbers import Number, find_numbers

Span = tuple[int, int]

_W = r"[\p{L}\p{M}]"
_SYLLABLE_RE = regex.compile(r"[\p{L}\p{M}]+|\d[\d.,]*|[%/]")
# Between a number and its unit: at most three words (`465 chỉ huy, cán bộ`, `20 đồng chí cán bộ`).
_GAP = r"(?:\s*,?\s+[\p{L}\p{M}]{1,12}){0,3}?"
_WINDOW = 8          # words of context each side
_VERB_REACH = 160    # characters either side in which a verb is looked for


def _data_rows(name: str, read: Callable[[str], Iterable[str]]) -> list[tuple[str, ...]]:
    return [tuple(cell.strip() for cell in line.split("\t")) for line in read(name)]


@dataclass(frozen=True)
class Lexicon:
    """The rules' word lists the candidates and features are read with."""

    unit_re: regex.Pattern
    action_re: regex.Pattern
    action_kinds: tuple[str, ...]
    level_re: regex.Pattern
    levels: dict[str, str]
    rate_re: regex.Pattern | None = None        # `/xã`, `cho mỗi xã` right after the unit
    exclusion_re: regex.Pattern | None = None   # other work (rescue, patrol, recruited, surplus)
    holder_re: regex.Pattern | None = None      # a post title as the unit (`4 Phó Hiệu trưởng`)

    @classmethod
    def read(cls, read: Callable[[str], Iterable[str]] = data_lines, guards: bool = False) -> "Lexicon":
        """`read(name)`: a data file's non-comment lines (by default the installed ones; the training
        script may pass the files as they stood at an earlier commit)."""
        units = alternation(list(read("count_units.txt")))
        unit_re = regex.compile(rf"{_GAP}\s*,?\s+(?P<unit>{units})(?!{_W})", regex.IGNORECASE | regex.VERSION1)
        rows = sorted(_data_rows("count_actions.tsv", read), key=lambda r: -len(r[0]))
        # today's rows name other lexicons by placeholders ({number_word}, {people}, {level} ...):
        # spelled out as the extractor does; an earlier commit's rows have none
        pattern = "|".join(f"(?P<k{i}>{expanded(p)})" for i, (p, _) in enumerate(rows))
        action_re = regex.compile(rf"(?<!{_W})(?:{pattern})(?!{_W})", regex.IGNORECASE | regex.VERSION1)
        levels = {r[0].lower(): r[1] for r in _data_rows("count_levels.tsv", read)}
        level_re = regex.compile(rf"(?<!{_W})(?:{alternation(list(levels))})(?!{_W})", regex.IGNORECASE | regex.VERSION1)
        if not guards:
            return cls(unit_re, action_re, tuple(kind for _, kind in rows), level_re, levels)
        flags = regex.IGNORECASE | regex.VERSION1
        rate_re = regex.compile(rf"\s*(?:/|(?:cho|trên)?\s*mỗi)\s*(?:{alternation(list(read('count_rate_bases.txt')))})(?!{_W})", flags)
        exclusion_re = regex.compile(rf"(?<!{_W})(?:{'|'.join(f'(?:{x})' for x in read('count_exclusions.txt'))})", flags)
        holder_re = regex.compile(rf"(?:{alternation(list(read('count_holder_titles.txt')))})(?!{_W})", flags)
        return cls(unit_re, action_re, tuple(kind for _, kind in rows), level_re, levels, rate_re, exclusion_re, holder_re)


@dataclass(frozen=True)
class Candidate:
    number: Number
    unit: str           # the unit as written, lower-cased
    unit_span: Span
    sentence: Span


@dataclass(frozen=True)
class _Verb:
    start: int
    end: int
    kind: str
    words: str


def _verbs(text: str, sentence: Span, lexicon: Lexicon) -> list[_Verb]:
    found = []
    for m in lexicon.action_re.finditer(text, *sentence):
        index = next(int(k[1:]) for k, v in m.groupdict().items() if v is not None)
        found.append(_Verb(m.start(), m.end(), lexicon.action_kinds[index], m.group().lower()))
    return found


def candidates(text: str, sentences: list[Span], lexicon: Lexicon) -> list[tuple[Candidate, list[_Verb]]]:
    """Each number followed within three words by a unit, in a sentence with an action verb,
    with the verbs of its sentence."""
    out = []
    for sentence in sentences:
        verbs = None
        for number in find_numbers(text, *sentence):
            m = lexicon.unit_re.match(text, number.end, sentence[1])
            if m is None:
                continue
            if verbs is None:
                verbs = _verbs(text, sentence, lexicon)
            if not verbs:
                break
            out.append((Candidate(number, m.group("unit").lower(), m.span("unit"), sentence), verbs))
    return out


def _words(text: str, start: int, end: int) -> list[str]:
    return [w.lower() for w in _SYLLABLE_RE.findall(text, start, end)]


def _size(value: int) -> str:
    for bound, name in ((1, "1"), (9, "2-9"), (99, "10-99"), (999, "100-999")):
        if value <= bound:
            return name
    return "1000+"


def features(text: str, candidate: Candidate, verbs: list[_Verb], lexicon: Lexicon) -> list[str]:
    """The candidate's features, as strings (sorted, unique)."""
    number, (s, e) = candidate.number, candidate.sentence
    f = {"bias", f"unit={candidate.unit}", f"size={_size(number.value)}"}
    if number.words:
        f.add("words")
    if number.qualifier:
        f.add(f"qual={number.qualifier}")
    if not number.words and 1900 <= number.value <= 2100:
        f.add("yearlike")
    gap = _words(text, number.end, candidate.unit_span[0])
    f.add(f"gap={min(len(gap), 3)}")
    f.update(f"gap_w={w}" for w in gap)
    before = _words(text, max(s, number.start - 80), number.start)[-_WINDOW:]
    after = _words(text, candidate.unit_span[1], min(e, candidate.unit_span[1] + 80))[:_WINDOW]
    for i, w in enumerate(reversed(before[-2:])):
        f.add(f"L{i + 1}={w}")
    for i, w in enumerate(after[:2]):
        f.add(f"R{i + 1}={w}")
    f.update(f"Lw={w}" for w in before)
    f.update(f"Rw={w}" for w in after)
    f.update(f"Lb={a}_{b}" for a, b in zip(before, before[1:]))
    f.update(f"Rb={a}_{b}" for a, b in zip(after, after[1:]))
    left = [v for v in verbs if v.end <= number.start and number.start - v.end <= _VERB_REACH]
    right = [v for v in verbs if v.start >= candidate.unit_span[1] and v.start - candidate.unit_span[1] <= _VERB_REACH]
    if left:
        v = left[-1]
        f.update({f"vL={v.kind}", f"vLw={v.words}", f"vLd={_distance(number.start - v.end)}"})
    if right:
        v = right[0]
        f.update({f"vR={v.kind}", f"vRw={v.words}", f"vRd={_distance(v.start - candidate.unit_span[1])}"})
    f.update(f"vS={v.kind}" for v in verbs)
    for m in lexicon.level_re.finditer(text, candidate.unit_span[1], min(e, candidate.unit_span[1] + 80)):
        f.add(f"lvR={lexicon.levels.get(m.group().lower(), '?')}")
    for m in lexicon.level_re.finditer(text, max(s, number.start - 80), number.start):
        f.add(f"lvL={lexicon.levels.get(m.group().lower(), '?')}")
    if s == 0:
        f.add("first_sentence")
    if lexicon.rate_re is not None:
        if lexicon.rate_re.match(text, candidate.unit_span[1], e):
            f.add("rate")
        if lexicon.exclusion_re.search(text, max(s, number.start - _VERB_REACH), min(e, candidate.unit_span[1] + _VERB_REACH)):
            f.add("other_work")
        if lexicon.holder_re.match(candidate.unit):
            f.add("post_title_unit")
        if regex.search(r"(?<![\p{L}\p{M}])trong\s+(?:tổng\s+)?số\s*$", text[max(s, number.start - 20):number.start], regex.IGNORECASE):
            f.add("whole_of")
    return sorted(f)


def _distance(chars: int) -> str:
    return "near" if chars <= 12 else "mid" if chars <= 50 else "far"


@dataclass(frozen=True)
class Model:
    """A logistic regression: a weight per feature string, and the threshold it accepts at."""

    weights: dict[str, float]
    threshold: float

    @classmethod
    def from_json(cls, text: str) -> "Model":
        data = json.loads(text)
        return cls(data["weights"], data["threshold"])

    def probability(self, feats: list[str]) -> float:
        z = sum(self.weights.get(x, 0.0) for x in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
