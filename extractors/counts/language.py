"""The counts' language, read from `data/count_*`: the patterns for people's units, verbs, levels,
motion words and cues, and the first words each may start with.

Each pattern is compiled once, when first asked for (`lru_cache`). `_W` is a letter or mark, and
`_B`/`_E` the start and end of a word inside a pattern; `_compile` compiles a fragment
case-insensitively with its open repeats capped (`numbers.bounded`), and `_phrases`/`_fragments`
join a data file's lines into one alternation (a fragment's placeholders spelled out, `expanded`).

`Cue` is a verb found in a sentence (`verbs.cues_in` finds them).

Entry functions: `unit_re`, `level_re` (with `_level_table`), `motion_re` (with `_motions`),
`_actions` (the verbs and their kinds, from `_action_rows`: count_actions.tsv with its
placeholders spelled out by `expanded`), `_cue_res` (the cue patterns by name), `_number_of_re`,
`agent_fragment` (an acting body after `được`), and
`_heads`/`_unit_heads`: the big patterns with the heads their matches begin with (`Heads`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors.base import alternation, data_lines, data_table
from extractors.heads import Heads, literal_heads
from extractors.numbers import bounded, leading_words

Span = tuple[int, int]


@dataclass
class Cue:
    """A verb found in a sentence (`verbs.cues_in`) and what it does to the numbers it governs.

    Kept here, below both `verbs` (which finds cues) and `mentions` (whose `Mention` holds the
    cue that governs it), so that neither imports the other for it."""
    start: int
    end: int
    kind: str   # rotate, receive, block
    appoint: bool = False  # a blocking "bổ nhiệm" that counts a move across levels (see `_accept`)
    dispatch: bool = False  # "điều": counts only people sent to a named level (see `sentences`)

_W = r"[\p{L}\p{M}]"
# Start and end of a word, case-sensitive inside case-insensitive patterns: a letter or mark is one
# in any case, but `regex` tests a class under full case folding several times slower
# (tests/test_counts_speed.py checks over all of Unicode that this changes no match).
_B = rf"(?-i:(?<!{_W}))"
_E = rf"(?-i:(?!{_W}))"
_FLAGS = regex.IGNORECASE | regex.VERSION1


def _compile(fragment: str, flags: int = _FLAGS) -> regex.Pattern:
    return bounded(fragment, flags)


def _phrases(name: str) -> str:
    return alternation(data_lines(name))


def _fragment_lines(name: str) -> tuple[str, ...]:
    """A data file's regex fragments, one a line, with their placeholders spelled out (`expanded`)."""
    return tuple(expanded(line) for line in data_lines(name))


def _fragments(name: str) -> str:
    return "|".join(f"(?:{line})" for line in _fragment_lines(name))


@lru_cache(maxsize=1)
def unit_re() -> regex.Pattern:
    not_after = _phrases("count_unit_not.txt")
    return _compile(rf"\s+(?P<unit>{_phrases('count_units.txt')}){_E}(?<!người(?=\s+(?:{not_after}){_E}))")


# A placeholder in a pattern of count_actions.tsv or a cue file: `{name}` or `{name:arg,arg}`;
# never a repeat (`{0,8}`, digits) nor a property (`\p{L}`)
_PLACEHOLDER_RE = regex.compile(r"(?<!\\[pP])\{(?P<name>[a-z_]{1,20})(?::(?P<args>[a-z,]{1,80}))?\}")


def _level_words(kinds: str | None) -> str:
    """The places of count_levels.tsv of these levels (comma-separated; None: all): never a body
    (fifth column), nor a phrase with "cấp" ("cấp xã"), which a pattern writes itself where it
    allows one (`(?:cấp\\s+)?{level}`)."""
    wanted = kinds.split(",") if kinds else None
    return alternation([row[0] for row in data_table("count_levels.tsv")
                        if (wanted is None or row[1] in wanted) and row[4:5] != ("body",)
                        and not row[0].startswith("cấp ")])


# the rounding words a count may begin with (`hơn 20`, `khoảng 30`), never a floor (`ít nhất`)
ROUNDING = r"(?:hơn|gần|khoảng|trên)"
# thousands told with a word (`1 nghìn 400`, `1,4 nghìn`: numbers.py reads them) before plain digits
_AMOUNT = (rf"(?:thêm\s+)?(?:{ROUNDING}\s+)?(?:\d{{1,3}}(?:,\d{{1,2}})?\s(?:nghìn|ngàn)(?:\s\d{{1,3}})?"
           rf"|\d[\d.]{{0,8}}|{{number_word}})")


def expanded(pattern: str) -> str:
    """A pattern (of count_actions.tsv, or a cue file's fragment) with its placeholders spelled out
    from the lexicons they name, so a word added there reaches every pattern:
      {number_word}   a number word a count begins with (count_number_words.tsv: một ... mười)
      {people}        a noun naming people by what they are (count_people_nouns.txt)
      {cadre}         a noun naming cadres, never people in general (count_cadre_nouns.txt)
      {purpose}       a trip's purpose after the place people were sent to (count_trip_purposes.txt)
      {place_modifier} a word telling what kind of place it is (count_place_modifiers.txt)
      {workplace}     working at, before a place: "công tác tại", "làm việc ở" (count_work_verbs.txt)
      {level}         a place of any level (count_levels.tsv); {level:commune,base} of those only
      {amount}        the people's number: digits or a number word, after an optional `thêm` and
                      a rounding word (`hơn`, `gần`, `khoảng`, `trên`; not the floors of
                      count_qualifiers.txt, `ít nhất`, `tối thiểu`, which a count must not start with)"""
    def spelled(m: regex.Match) -> str:
        name, args = m["name"], m["args"]
        if name == "level":
            return _level_words(args)
        if name == "number_word" and args is None:
            return alternation(leading_words())
        if name == "amount" and args is None:
            return _AMOUNT.replace("{number_word}", alternation(leading_words()))
        if name == "people" and args is None:
            return _phrases("count_people_nouns.txt")
        if name == "cadre" and args is None:
            return _phrases("count_cadre_nouns.txt")
        if name == "purpose" and args is None:
            return _phrases("count_trip_purposes.txt")
        if name == "place_modifier" and args is None:
            return _phrases("count_place_modifiers.txt")
        if name == "workplace" and args is None:
            return rf"(?:{_phrases('count_work_verbs.txt')})\s+(?:tại|ở)\s+"
        raise ValueError(f"unknown placeholder {m[0]} in the count pattern {pattern!r}")
    return _PLACEHOLDER_RE.sub(spelled, pattern)


@lru_cache(maxsize=1)
def _action_rows() -> tuple[tuple[str, str], ...]:
    """count_actions.tsv's (pattern, kind) rows with their placeholders spelled out, longest first."""
    rows = ((expanded(pattern), kind) for pattern, kind in data_table("count_actions.tsv"))
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def _actions() -> tuple[regex.Pattern, tuple[str, ...]]:
    """One regex over all action patterns, longest first; group kN's kind is kinds[N]."""
    rows = _action_rows()
    pattern = "|".join(f"(?P<k{i}>{p})" for i, (p, _) in enumerate(rows))
    return _compile(rf"{_B}(?:{pattern}){_E}"), tuple(kind for _, kind in rows)


@lru_cache(maxsize=1)
def _level_table() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in data_table("count_levels.tsv")}


# A level written as a short abbreviation in capitals (`TW`, `TƯ`, `T.Ư`): matched in capitals only,
# for its letters in lower case may be a word (`tư`).
_ABBREVIATION_RE = regex.compile(r"(?:\p{Lu}\.?){2,3}")


@lru_cache(maxsize=1)
def level_re() -> regex.Pattern:
    """A level word with its own negative contexts, and a capitalised name after a city word."""
    parts = []
    for row in sorted(data_table("count_levels.tsv"), key=lambda r: -len(r[0])):
        word = alternation([row[0]])
        if _ABBREVIATION_RE.fullmatch(row[0]):
            word = f"(?-i:{word})"  # `TƯ` (Trung ương) is never the word `tư` of `đầu tư`, `tư pháp`
        not_after = rf"(?!\s+(?:{row[2]}){_E})" if len(row) > 2 and row[2] else ""
        not_before = rf"(?<!{_B}(?:{row[3]})\s+)" if len(row) > 3 and row[3] else ""
        parts.append(f"{not_before}(?:{word}){_E}{not_after}")
    name = r"(?P<name>(?:\s+\p{Lu}[\p{Ll}\p{M}]*){1,4})"
    return bounded(rf"{_B}(?P<word>(?i:{'|'.join(parts)})){name}?", regex.VERSION1)


@lru_cache(maxsize=1)
def _motions() -> dict[str, tuple[str, str | None]]:
    return {row[0]: (row[1], row[2] if len(row) > 2 else None) for row in data_table("count_motions.tsv")}


@lru_cache(maxsize=1)
def motion_re() -> regex.Pattern:
    return _compile(rf"{_B}(?P<word>{alternation(list(_motions()))}){_E}")


@lru_cache(maxsize=1)
def _cue_res() -> dict[str, regex.Pattern]:
    return {
        "lateral": _compile(_fragments("count_lateral.txt")),
        "mixed": _compile(_fragments("count_mixed.txt")),
        "not_level": _compile(_fragments("count_not_levels.txt")),
        "placement": _compile(_fragments("count_placements.txt")),
        "exclusion": _compile(rf"{_B}(?:{_fragments('count_exclusions.txt')})"),
        "planned": _compile(rf"{_B}(?:{'|'.join(f'(?P<{k}{i}>{p})' for i, (p, k) in enumerate(data_table('count_planned.tsv')))}){_E}"),
        "breakdown": _compile(rf"(?:^|(?<=[,(:;]\s{{0,2}})|(?<=\s))(?P<marker>{_phrases('count_breakdown.txt')}){_E}"),
    }


@lru_cache(maxsize=1)
def agent_fragment() -> str:
    """An acting body between "được"/"bị" and its verb (`được Ban Thường vụ Huyện ủy điều động`,
    `được tỉnh luân chuyển`, `được Bộ Tư lệnh Quân khu 4 điều động`): up to six capitalised or body
    words, each followed by white space or a comma; a unit's short number (`Quân khu 4`, `Quân đoàn 12`) is one
    of its words."""
    # the listed phrases first: "Thường vụ" is one of them, not a capitalised word and a stop
    word = rf"(?:{_phrases('count_agent_words.txt')}|(?-i:\p{{Lu}}[\p{{L}}\p{{M}}]{{0,12}})|(?<=\p{{L}}\s)\d{{1,3}}(?![\d.,])){_E}"
    # two bodies deciding together are listed with a comma (`được Bộ Chính trị, Ban Bí thư chỉ định`)
    return rf"(?:{word},?\s+){{0,6}}"


@lru_cache(maxsize=1)
def _number_of_re() -> regex.Pattern:
    return _compile(rf"{_B}(?:tổng\s+)?số\s+(?:lượng\s+)?(?P<unit>{_phrases('count_units.txt')}){_E}")


@lru_cache(maxsize=1)
def _heads() -> dict[str, Heads]:
    """The big patterns, each with the heads its matches begin with (see `Heads`)."""
    res = _cue_res()
    return {
        "actions": Heads(_actions()[0], literal_heads(*(p for p, _ in _action_rows())), True),
        "level": Heads(level_re(), literal_heads(alternation([r[0] for r in data_table("count_levels.tsv")])), True),
        "motion": Heads(motion_re(), literal_heads(alternation(list(_motions()))), True),
        "planned": Heads(res["planned"], literal_heads(*(p for p, _ in data_table("count_planned.tsv"))), True),
        # after a line start, a space or `,(:;`: never after a letter
        "breakdown": Heads(res["breakdown"], literal_heads(_phrases("count_breakdown.txt")), True),
        "not_level": Heads(res["not_level"], literal_heads(*_fragment_lines("count_not_levels.txt")), False),
        "lateral": Heads(res["lateral"], literal_heads(*_fragment_lines("count_lateral.txt")), False),
        "exclusion": Heads(res["exclusion"], literal_heads(*_fragment_lines("count_exclusions.txt")), True),
    }


@lru_cache(maxsize=1)
def _unit_heads() -> Heads:
    """Where a unit may start (only the scan is used; a unit comes after white space)."""
    return Heads(None, literal_heads(_phrases("count_units.txt")), True)
