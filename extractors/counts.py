"""Counts: how many cadres were rotated, in which direction, and how totals break down.

A count is a number of people (`15 đồng chí`, `hơn 100 cán bộ`, `hai đồng chí`)
governed by a rotation verb (`luân chuyển`, `điều động`, `biệt phái`,
`tiếp nhận`, ...). Articles mix these with people trained, planned, nominated
or admitted, so each number goes to the verb that governs it:

1. a verb right before the number (`đã điều động, luân chuyển 15 đồng chí`);
2. else the number's own predicate right after it (`169 lượt cán bộ được
   luân chuyển`, `26 đồng chí đi học`);
3. else the nearest verb before it in the clause (`số cán bộ ... được luân
   chuyển là 11 đồng chí`, `luân chuyển về phường, xã ... 07 đồng chí`).

Blocking verbs (trained, planned, nominated, ...) win the same way. One verb
may govern a list of numbers (`luân chuyển 15 cán bộ ..., 40 cán bộ ...`), and
a clause with no verb continues the list before it (`...; từ xã lên huyện 6
người`). A breakdown after `Trong đó` (`gồm`, `cụ thể`, `theo đó`, a bulleted
list, or unit-less numbers in brackets `45 cán bộ (tỉnh về huyện 15, ...)`)
gives parts that point at their total (`part_of`), and the total says whether
they add up (`parts_sum_ok`). Parts that do not say where people went (by rank,
gender, promotion) are optional in the gold and left out. A headline count the
body restates is written once.

Direction comes from the level words in the count's own stretch of text:
`từ huyện về xã`, `về phường`, `lên ... tỉnh`, `cán bộ tỉnh về`, `luân chuyển
ngang`, `từ cơ quan Đảng sang chính quyền`. `thành phố`, `cơ sở` and
`địa phương` are read from the article's vantage point: the level of the unit
the article is about, found from its Party committee and unit names and the
gazetteer. A destination with no stated origin starts at that unit; a unit
that receives cadres is their destination. After `về làm/giữ/đảm nhận` the level of
the post's body is the destination (`... Phó Bí thư Đảng ủy các xã`). No direction is
guessed: cadres of a level sent `về` nowhere named, or received from the article's own
level with no acting unit named, have no destination, not a lateral move.

A breakdown opening a sentence (`Theo đó, có 5 cán bộ từ huyện về ...`) reaches its
total across up to two sentences that name no people and no other work (a photo
caption). People rotated in pairs (`02 cặp gồm 04 cán bộ`) are counted as people,
lateral when the sentence or the one before says `giữa các xã`/`với nhau`. `một đồng chí`
is a count of one only in a reported move (past, right after its verb, with a direction)
or as a part of a total.

Each number looks only at the text near it: the sentence's verbs are indexed by position,
and every look-around has a window (`_GOVERN_WINDOW`, `_SUBJECT_WINDOW`, ...), so one long
clause with many numbers costs time in proportion to its length.

Most sentences name no number of people, and are passed over: the article is scanned once
for the places a number may start (`numbers.NumberIndex`), and a sentence goes on only if a
unit follows one of them, or it has the digits and words a bracketed or `là N` count needs
(`may_mention`). The big patterns (verbs, levels, motion words) are tried only where their
first words stand (`Heads`), found on the lower-cased text with the standard `re`. Each of
these gives exactly what the plain scan gives (tests/test_counts_speed.py).

All the language (verbs, units, levels, cues) lives in `data/count_*`.

Entry point: `find_counts(segmented) -> list[Found]` (spaCy component `rotation_counts`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import regex

from extractors.base import Extractor, Found, alternation, data_lines, data_table
from extractors.gazetteer import level_of
from extractors.heads import Heads, folded_text, literal_heads
from extractors.numbers import LATIN_LETTERS, Number, NumberIndex, bounded, find_numbers, literal_trie
from textmodel import SegmentedText

Span = tuple[int, int]
RANK = {"commune": 0, "district": 1, "province": 2, "central": 3}
BELOW = {"central": "province", "province": "district", "district": "commune"}
_W = r"[\p{L}\p{M}]"
# Start and end of a word, case-sensitive inside case-insensitive patterns: a letter or mark is one
# in any case, but `regex` tests a class under full case folding several times slower
# (tests/test_counts_speed.py checks over all of Unicode that this changes no match).
_B = rf"(?-i:(?<!{_W}))"
_E = rf"(?-i:(?!{_W}))"
_FLAGS = regex.IGNORECASE | regex.VERSION1

# ---------------------------------------------------------------- the language, from data


def _compile(fragment: str, flags: int = _FLAGS) -> regex.Pattern:
    return bounded(fragment, flags)


def _phrases(name: str) -> str:
    return alternation(data_lines(name))


def _fragments(name: str) -> str:
    return "|".join(f"(?:{line})" for line in data_lines(name))


@lru_cache(maxsize=1)
def unit_re() -> regex.Pattern:
    not_after = _phrases("count_unit_not.txt")
    return _compile(rf"\s+(?P<unit>{_phrases('count_units.txt')}){_E}(?<!người(?=\s+(?:{not_after}){_E}))")


@lru_cache(maxsize=1)
def _actions() -> tuple[regex.Pattern, tuple[str, ...]]:
    """One regex over all action patterns, longest first; group kN's kind is kinds[N]."""
    rows = sorted(data_table("count_actions.tsv"), key=lambda r: -len(r[0]))
    pattern = "|".join(f"(?P<k{i}>{p})" for i, (p, _) in enumerate(rows))
    return _compile(rf"{_B}(?:{pattern}){_E}"), tuple(kind for _, kind in rows)


@lru_cache(maxsize=1)
def _level_table() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in data_table("count_levels.tsv")}


@lru_cache(maxsize=1)
def level_re() -> regex.Pattern:
    """A level word with its own negative contexts, and a capitalised name after a city word."""
    parts = []
    for row in sorted(data_table("count_levels.tsv"), key=lambda r: -len(r[0])):
        word = alternation([row[0]])
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


# Words that may stand between "từ"/"về"/"thuộc" and the level word ("từ các phòng, ban thuộc huyện").
_PREFIX = (r"(?:(?:các|cấp|tuyến|cơ quan|khối|đơn vị|phòng|ban|ngành|sở|chuyên môn|thuộc|"
           r"UBND|Ủy ban nhân dân|Đảng ủy|cấp ủy|HĐND|MTTQ|địa bàn|những|một số|huyện ủy|tỉnh ủy)(?:\s*,)?\s+){0,5}")
_PREFIX_RE = _compile(rf"\s+{_PREFIX}")
_SHORT_PREFIX_RE = _compile(r"\s+(?:(?:các|cấp|tuyến|những|một số)\s+){0,2}")
_WINDOW_STOP_RE = _compile(rf"{_B}từ{_E}|;")
_LIST_SPLIT_RE = _compile(rf"[,;]|{_B}và{_E}")  # ";" only inside brackets: clauses split at the others
_LAST_SPLIT_RE = _compile(rf"[,;]|{_B}và{_E}", _FLAGS | regex.REVERSE)  # searched backwards: the last one
_OPENS_MOVE_RE = _compile(rf"\s*(?:từ|về|xuống|lên|sang|giữa){_E}")
_LIST_GAP_RE = _compile(r"\s*(?:,|và|hoặc)\s*")  # between items of a list of verbs or numbers
_FIRST_WORD_RE = bounded(rf"{_W}+")
_DIRECTIONAL = ("về", "xuống", "lên", "sang", "ra", "vào")  # motion words that say which way, not which post
_POST_WORDS = ("làm", "giữ", "đảm nhận")  # motion words that name the post taken up
_POST_RE = _compile(r"\s*(?:làm|giữ|đảm nhận|đảm nhiệm)(?![\p{L}\p{M}])")
_POST_WINDOW = 160  # how far a list of titles may run before the level of their body
_ONE_RE = _compile(rf"{_B}một(?=\s+(?:đồng chí|cán bộ){_E})")
# Before a verb, words that make "luân chuyển một cán bộ" a general statement, not a report.
_GENERIC_RE = _compile(rf"{_B}(?:khi|nếu|việc|để|mỗi|cần|phải|muốn|trước khi|sau khi)\s+(?:[\p{{L}}\p{{M}}]+\s+){{0,3}}$")
# "02 cặp gồm 04 cán bộ": people counted in pairs swapped between two units.
_PAIRS_RE = _compile(rf"{_B}cặp\s*(?:,|\(|:|gồm có|bao gồm|gồm|với|là)?\s*$")
_YEAR_RE = _compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_SOURCE_GAP_RE = _compile(rf"\s*(?:(?:khác|này|đó|trên)\s+)?")
_PUNCT_RE = regex.compile(r"[,;:()]")
_PASSIVE_RE = _compile(r"(?:được|bị)\s+$")
_PARENS_RE = regex.compile(r"\([^()]{0,200}\)")


@lru_cache(maxsize=1)
def _cue_res() -> dict[str, regex.Pattern]:
    return {
        "lateral": _compile(_fragments("count_lateral.txt")),
        "mixed": _compile(_fragments("count_mixed.txt")),
        "not_level": _compile(_fragments("count_not_levels.txt")),
        "nonlocal": _compile(_fragments("count_nonlocal.txt")),
        "exclusion": _compile(rf"{_B}(?:{_fragments('count_exclusions.txt')})"),
        "planned": _compile(rf"{_B}(?:{'|'.join(f'(?P<{k}{i}>{p})' for i, (p, k) in enumerate(data_table('count_planned.tsv')))}){_E}"),
        "breakdown": _compile(rf"(?:^|(?<=[,(:;]\s{{0,2}})|(?<=\s))(?P<marker>{_phrases('count_breakdown.txt')}){_E}"),
    }


# A number right after the verb, with only these words between: the verb governs it.
_FILLER_RE = _compile(rf"\s*(?:(?:cho|được|thêm|lại|đối với|với|là|tổng cộng|tổng số|tổng|số|đã|các|ngang|"
                      rf"gần|hơn|trên|khoảng|tổng thể)\s+){{0,3}}\s*")
# Between a number and its own predicate verb: a title may stand there when the verb is passive
# ("3 đồng chí Ủy viên Ban Thường vụ Tỉnh ủy được luân chuyển"); otherwise only adverbs.
_PASSIVE_GAP_RE = _compile(rf"[^;:()]{{0,80}}?\s(?:(?:đã|vừa|đều|sẽ|cũng|đang|dự kiến|từng)\s+){{0,2}}(?:được|bị)\s+")
_AUX_GAP_RE = _compile(r"\s+(?:(?:đã|vừa|đều|sẽ|đang|cũng)\s+){1,2}")
# How far before a number a plan or tense word still speaks for it.
_PLAN_WINDOW = 150
# How far before its verb the acting unit or a verb list may start (keeps long sentences linear).
_SUBJECT_WINDOW = 120
# How far after its verb a number may stand and still be governed by it when other words come
# between (`số cán bộ ... được luân chuyển là 11 đồng chí`); farther on, the link is a guess.
_GOVERN_WINDOW = 300
# How far before a number "có"/"là" may stand (the cue and a few spaces).
_STATED_WINDOW = 40
# How far after a number its own phrase is read for an exclusion (`tham gia cứu hộ`).
_EXCLUSION_WINDOW = 150
# How far back a bracket may open for a unit-less part inside it, and on to its closing.
_BRACKET_WINDOW = 300
# How far before `là 11` the people may be named (`số cán bộ được luân chuyển ... là 11`).
_NAMED_WINDOW = 200
# A level word after one of these is a place moved from or to, not the acting unit.
_MARKED_RE = _compile(rf"{_B}(?:từ|về|xuống|lên|sang|đến|tới|tại|ở|thuộc|do|giữa|cán bộ|công chức|làm|giữ)\s+{_PREFIX}$")
# "có 18 cán bộ luân chuyển": a bare noun phrase after the number counts the rotated only when
# the number is stated (after "có", "là", or opening its clause).
_EXISTENTIAL_RE = _compile(rf"(?:{_B}(?:có|là|gồm|còn|với|cử|đưa|phân công|trong\s+(?:tổng\s+)?số)|[,;:(-])\s*$")
# Verbs of sending whose purpose comes after the people: "cử 15 cán bộ tăng cường", "cử 26 đồng chí đi học".
_SEND_RE = _compile(rf"{_B}(?:cử|đưa|phân công){_E}")
_AMONG_RE = _compile(rf"{_B}trong\s+số\s+(?:[^\d,;:()]{{0,30}}?\s)?(?:(?:được|đã|đã được)\s+)?$")
_PURPOSE_RE = _compile(rf"{_B}(?:về|để|nhằm|lên|xuống|đi)\s+$")
_REVERSE_RE = _compile(rf"{_B}(?:và|hoặc)\s+ngược\s+lại{_E}")
# After a comma, these start a new statement: the verb before the comma no longer governs.
_NEW_STATEMENT_RE = _compile(rf"{_B}(?:có|đã|vừa|đang|sẽ|được|nhiều|hầu hết|đa số){_E}")
_PHRASE_END_RE = regex.compile(r"[,;]")
_REFERENCE_RE = _compile(rf"{_B}trong\s+(?:tổng\s+)?số\s*$")
_BULLET_RE = bounded(r"^\s*(?:[-+•*]|[a-zđ]\)|\d{1,2}[.)])\s*")
# "số cán bộ ... luân chuyển là 11": the unit was named before the number.
_BARE_BEFORE_RE = _compile(r"(?:là|:)\s*$")
_BARE_AFTER_RE = bounded(r"\s*(?:[.,;)]|$)")


@lru_cache(maxsize=1)
def _number_of_re() -> regex.Pattern:
    return _compile(rf"{_B}(?:tổng\s+)?số\s+(?:lượng\s+)?(?P<unit>{_phrases('count_units.txt')}){_E}")


@lru_cache(maxsize=1)
def _heads() -> dict[str, Heads]:
    """The big patterns, each with the heads its matches begin with (see `Heads`)."""
    res = _cue_res()
    return {
        "actions": Heads(_actions()[0], literal_heads(*(p for p, _ in data_table("count_actions.tsv"))), True),
        "level": Heads(level_re(), literal_heads(alternation([r[0] for r in data_table("count_levels.tsv")])), True),
        "motion": Heads(motion_re(), literal_heads(alternation(list(_motions()))), True),
        "planned": Heads(res["planned"], literal_heads(*(p for p, _ in data_table("count_planned.tsv"))), True),
        # after a line start, a space or `,(:;`: never after a letter
        "breakdown": Heads(res["breakdown"], literal_heads(_phrases("count_breakdown.txt")), True),
        "not_level": Heads(res["not_level"], literal_heads(*data_lines("count_not_levels.txt")), False),
        "lateral": Heads(res["lateral"], literal_heads(*data_lines("count_lateral.txt")), False),
        "exclusion": Heads(res["exclusion"], literal_heads(*data_lines("count_exclusions.txt")), True),
    }


# ---------------------------------------------------------------- the article's vantage point


@dataclass(frozen=True)
class Vantage:
    """The level of the unit the article is about, and whether that unit is a city."""

    level: str | None = None
    is_city: bool = False
    central_city: bool = False  # the article is set in a centrally-run city (it names one, or its quận)

    @property
    def city_level(self) -> str:
        """An unnamed `thành phố`: the article's own city, else the centrally-run city it is set in,
        else a city under the province."""
        if self.is_city and self.level:
            return self.level
        return "province" if self.central_city else "district"


_COMMITTEE_KINDS = r"Tỉnh ủy|Thành ủy|Huyện ủy|Quận ủy|Thị ủy|tỉnh|thành phố|TP\.?|huyện|quận|thị xã"
# Cities abbreviated after `TP` (`TP.HCM`), with the gazetteer's name for each
_CITY_ABBREVIATIONS = dict(data_table("count_city_abbreviations.tsv"))
_ABBREVIATED = "|".join(map(re.escape, _CITY_ABBREVIATIONS))  # literal in `regex` and `re` alike
_COMMITTEE_RE = bounded(
    rf"(?<![\p{{L}}\p{{M}}])(?P<kind>{_COMMITTEE_KINDS})"
    rf"(?P<name>(?<=TP\.?)\s*(?:{_ABBREVIATED})(?![\p{{L}}\p{{M}}])"
    r"|(?:\s+\p{Lu}[\p{Ll}\p{M}]*(?![\p{L}\p{M}])){1,4})?", regex.VERSION1)
_LATIN_LETTER_RE = re.compile(f"[{LATIN_LETTERS}]")


@lru_cache(maxsize=1)
def _named_scan() -> re.Pattern:
    """Where a match of `_COMMITTEE_RE` that names a committee or a unit with its name may start:
    a committee word, or a unit word with white space after it and then no lower-case Latin letter
    (a name begins with `\\p{Lu}`, never one of those); unnamed units (`tỉnh`, `huyện, xã`) are passed
    over. Standard `re` on the text as it is (the pattern minds case)."""
    lower = "".join(ch for ch in map(chr, range(0x2000)) if _LATIN_LETTER_RE.match(ch) and regex.match(r"\p{Ll}", ch))
    named = rf"(?=\.?(?:\s++[^\s{lower}]|\s*+(?:{_ABBREVIATED})))"
    heads = literal_heads(_COMMITTEE_KINDS, fold=False)
    return re.compile(literal_trie(heads, {h: named for h in heads if not h.endswith("ủy")}).replace(r"\ ", r"\s+"))


def _committees(text: str) -> Iterator[regex.Match]:
    """`_COMMITTEE_RE.finditer(text)`, but for unit words with no name (`article_vantage` reads none):
    the pattern is tried only where `_named_scan` finds a start. No committee or unit word starts
    inside one the scan passes over, so the matches it finds are the same."""
    pos = 0
    for head in _named_scan().finditer(text):
        if head.start() >= pos:
            m = _COMMITTEE_RE.match(text, head.start())
            if m is not None:
                pos = m.end()
                yield m


_COMMITTEE_LEVEL = {"tỉnh ủy": "province", "huyện ủy": "district", "quận ủy": "district", "thị ủy": "district",
                    "tỉnh": "province", "huyện": "district", "quận": "district", "thị xã": "district"}


def article_vantage(text: str) -> Vantage:
    """The level the article speaks from: its most named Party committee or unit.

    A committee (`Thành ủy Hà Tĩnh`, `Huyện ủy`) weighs twice a named unit
    (`huyện Nậm Pồ`); a city's level comes from the gazetteer, and an unnamed
    `Thành ủy` takes the level of the cities the article names. Urban districts
    (`quận`) exist only in centrally-run cities, so there `Thành ủy` is province level.
    """
    votes: Counter = Counter()
    unnamed_city = 0
    urban = False
    for m in _committees(text):
        if not m.group("name") and not m.group("kind").endswith("ủy"):
            continue  # a unit word with no name counts for nothing
        kind = m.group("kind").lower().rstrip(".")
        name = (m.group("name") or "").strip() or None
        name = _CITY_ABBREVIATIONS.get(name, name) if name else None
        committee = kind.endswith("ủy")
        urban = urban or (kind in ("quận ủy", "quận") and (committee or bool(name)))
        if kind in ("thành ủy", "thành phố", "tp"):
            level = level_of("thành phố", name) if name else None
            if level is None:
                unnamed_city += committee
                continue
            votes[(level, True)] += 2 if committee else 1
        elif committee or name:
            votes[(_COMMITTEE_LEVEL[kind], False)] += 2 if committee else 1
    city_votes = [(k, v) for k, v in votes.items() if k[1]]
    central = urban or any(level == "province" for level, _ in (k for k, _ in city_votes))
    if unnamed_city:
        best_city = max(city_votes, key=lambda kv: kv[1])[0] if city_votes else (
            "province" if central else "district", True)
        votes[best_city] += 2 * unnamed_city
    if not votes:
        return Vantage()
    (level, is_city), _ = votes.most_common(1)[0]
    return Vantage(level, is_city, central)


class _LazyVantage:
    """An article's `Vantage`, read from its text (`article_vantage`) when a count first needs it."""

    def __init__(self, text: str):
        self._text = text

    @cached_property
    def _vantage(self) -> Vantage:
        return article_vantage(self._text)

    def __getattr__(self, name: str):
        return getattr(self._vantage, name)


def resolve_level(m: regex.Match, vantage: Vantage) -> str | None:
    """The level a level word names, read from the article's vantage where it must be."""
    word = " ".join(m.group("word").lower().split())
    level = _level_table().get(word, _level_table().get(word.rstrip(".")))
    if level == "city":
        name = (m.group("name") or "").strip()
        return (level_of("thành phố", name) if name else None) or vantage.city_level
    if level == "base":
        return "commune"  # the grassroots; the vantage finder does not infer a central vantage
    if level == "local":
        return BELOW.get(vantage.level or "", "local")
    return level


# ---------------------------------------------------------------- mentions and their verbs


@dataclass
class Cue:
    start: int
    end: int
    kind: str   # rotate, receive, block


@dataclass
class Mention:
    number: Number
    unit: str | None
    end: int                  # end of the unit (or of the number when the unit came before)
    clause: Span
    kind: str | None = None   # rotate / receive once accepted
    cue: Cue | None = None    # the verb that governs it, before or after it
    actor: str | None = None  # the level of the unit doing the rotating, when named
    paren: int | None = None  # "(" opening the bracket a unit-less part stands in
    host: "Mention | None" = None  # the count a bracketed part breaks down
    span_end: int | None = None  # where this count's own text stops (before its bracketed parts)
    single: bool = False      # "một đồng chí": one person, a count only as a rotation statistic
    fields: dict = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.number.start


def cues_in(text: str, start: int, end: int) -> list[Cue]:
    kinds = _actions()[1]
    folded = folded_text(text)
    clause_nonlocal: bool | None = None  # read from the clause when a verb first needs it
    cues = []
    for m in _heads()["actions"].finditer(text, start, end):
        kind, at = kinds[int(m.lastgroup[1:])], m.start()
        if kind == "nonlocal":
            if clause_nonlocal is None:
                clause_nonlocal = bool(_cue_res()["nonlocal"].search(text, start, end))
            if not clause_nonlocal:
                continue  # "bố trí" alone is an arrangement, not a rotation
            kind = "rotate"
        if kind == "block" and _PURPOSE_RE.search(text, max(start, at - 8), at):
            continue  # "về bổ nhiệm", "để đào tạo": what the rotated people went to do
        lo = max(start, at - 40)
        if folded.find("trong", lo, at) >= 0 and _AMONG_RE.search(text, lo, at):
            continue  # "trong số cán bộ luân chuyển, có 2 ...": names the total's people, governs nothing
        cues.append(Cue(at, m.end(), kind))
    return cues


class CueIndex:
    """A sentence's verbs in text order, found by position (bisect): a number looks only at
    the verbs near it, so the work per number does not grow with the clause."""

    def __init__(self, cues: list[Cue]):
        self.cues = cues
        self._starts = [c.start for c in cues]

    def span(self, lo: int, hi: int) -> tuple[int, int]:
        """Index range of the verbs lying wholly in text[lo:hi]."""
        i, j = bisect_left(self._starts, lo), bisect_left(self._starts, hi)
        while j > i and self.cues[j - 1].end > hi:
            j -= 1
        return i, j

    def within(self, lo: int, hi: int) -> list[Cue]:
        i, j = self.span(lo, hi)
        return self.cues[i:j]

    def starting(self, lo: int, hi: int) -> list[Cue]:
        """The verbs that start in text[lo:hi]."""
        return self.cues[bisect_left(self._starts, lo):bisect_left(self._starts, hi)]

    def any_starting(self, lo: int, hi: int) -> bool:
        i = bisect_left(self._starts, lo)
        return i < len(self.cues) and self.cues[i].start < hi


def mentions_in(text: str, clause: Span, numbers: NumberIndex | None = None) -> list[Mention]:
    """Numbers of people in a clause: a number and a unit, or `số cán bộ ... là N`.

    `numbers`, the article's number index, finds the same numbers faster."""
    if numbers is not None and not numbers.may_hold(*clause):
        return []
    found = []
    for number in _numbers(text, clause, numbers):
        unit = _unit_after(text, number.end, clause[1])
        if _reference_before(text, max(clause[0], number.start - 16), number.start) and not (
                unit and _rotated_whole(text, unit.end(), clause[1])):
            continue  # "3 trong tổng số 5 cán bộ": the whole the count is taken from
        if unit:
            single = number.words and text[number.start:number.end].lower() == "một"
            found.append(Mention(number, unit.group("unit"), unit.end(), clause, single=single,
                                 paren=_open_bracket(text, clause[0], number.start)))
        elif (_BARE_BEFORE_RE.search(text, max(clause[0], number.start - 6), number.start)
              and _BARE_AFTER_RE.match(text, number.end)
              and not number.words):
            named = list(_number_of_re().finditer(text, max(clause[0], number.start - _NAMED_WINDOW), number.start))
            if named:
                found.append(Mention(number, named[-1].group("unit"), number.end, clause))
        elif not number.words and _BARE_AFTER_RE.match(text, number.end):
            paren = _open_bracket(text, clause[0], number.start)
            if paren is not None:
                found.append(Mention(number, None, number.end, clause, paren=paren))
    return found


@lru_cache(maxsize=1)
def _unit_heads() -> Heads:
    """Where a unit may start (only the scan is used; a unit comes after white space)."""
    return Heads(None, literal_heads(_phrases("count_units.txt")), True)


_PASSIVE_AFTER_RE = _compile(r"\s*(?:(?:đã|được|đã được)\s+)?")


def _rotated_whole(text: str, pos: int, end: int) -> bool:
    """The whole is itself a count of rotated people when a rotation verb follows its unit
    (`Trong số 45 cán bộ được luân chuyển, có ...`), not when it is a pool (`trong tổng số 120
    cán bộ diện Ban Thường vụ quản lý`)."""
    at = _PASSIVE_AFTER_RE.match(text, pos, end).end()
    verb = _heads()["actions"].match(text, at, end)
    if verb is None:
        return False
    kinds = _actions()[1]
    return any(kinds[int(name[1:])] in ("rotate", "receive") for name, value in verb.groupdict().items() if value)


def _reference_before(text: str, lo: int, pos: int) -> bool:
    """`_REFERENCE_RE` in text[lo:pos], searched only when `trong` (in every match) is there."""
    return folded_text(text).find("trong", lo, pos) >= 0 and bool(_REFERENCE_RE.search(text, lo, pos))


def _unit_after(text: str, pos: int, end: int) -> regex.Match | None:
    """`unit_re().match(text, pos, end)`, tried only when a unit's head stands after the white
    space at `pos`: a unit starts with a letter, so a match starts it where that space ends."""
    heads = _unit_heads()
    if heads.heads is not None:
        folded, k = folded_text(text), pos
        while k < end and folded[k].isspace():  # (every white space of `regex` is one here: tests)
            k += 1
        if k == pos or not heads.at(text, k, end):
            return None
    return unit_re().match(text, pos, end)


@lru_cache(maxsize=1)
def _unit_first_words() -> tuple[str, ...] | None:
    """The first words of the units' heads: a unit starts with one of them (folded)."""
    heads = _unit_heads().heads
    return tuple(sorted({h.split(" ")[0] for h in heads})) if heads else None


def may_mention(text: str, start: int, end: int, numbers: NumberIndex) -> bool:
    """False only when no part of text[start:end] holds a mention (`mentions_in`). A number of
    people needs a number (`numbers`) and either a unit after white space right after it
    (`numbers.followed`), or digits and a `(` anywhere in the sentence (a bracketed part may
    hold the count; a loose test, which is safe), or digits after `là`/`:` with `số`/`số lượng`
    and a unit before them (`số cán bộ ... là 11`)."""
    firsts = _unit_first_words()
    if firsts is None:
        return numbers.may_hold(start, end)
    # (the places `followed` and `has_digits` look at are places where a number may start)
    if numbers.followed(start, end, firsts):
        return True  # a unit right after a number, perhaps
    if not numbers.has_digits(start, end):
        return False
    if text.find("(", start, end) >= 0:
        return True
    f = folded_text(text)
    if text.find(":", start, end) < 0 and f.find("là", start, end) < 0:
        return False
    for head in _unit_heads().places(text, start, end):  # `số (lượng) cán bộ`
        j = head - 1
        if j < start or not f[j].isspace():
            continue
        while j >= start and f[j].isspace():
            j -= 1
        if f.endswith("số", start, j + 1) or f.endswith("lượng", start, j + 1):
            return True
    return False


def _numbers(text: str, clause: Span, index: NumberIndex | None = None) -> list[Number]:
    """The clause's numbers, and a lone `một` before `đồng chí`/`cán bộ` (`tiếp nhận một đồng chí`):
    the number parser leaves `một` alone, as it is mostly the article "a"."""
    if index is None:
        numbers = find_numbers(text, *clause)
        lone = _ONE_RE.finditer(text, *clause)
    else:
        places = index.places(*clause)
        numbers = index.find(*clause, places)
        # `một` is a number word, so every match of _ONE_RE starts at one of the index's places
        lone = (m for m in (_ONE_RE.match(text, p, clause[1]) for p in places
                            if index.folded.startswith("một", p)) if m)
    starts = [n.start for n in numbers]

    def inside_a_number(pos: int) -> bool:
        i = bisect_right(starts, pos) - 1
        return i >= 0 and numbers[i].end > pos

    ones = [Number(m.start(), m.end(), 1, None, None, True) for m in lone if not inside_a_number(m.start())]
    return sorted(numbers + ones, key=lambda n: n.start) if ones else numbers


def _open_bracket(text: str, start: int, pos: int) -> int | None:
    """The "(" that `pos` stands inside, within the clause: `45 cán bộ (tỉnh về huyện 15, ...)`."""
    opening = text.rfind("(", max(start, pos - _BRACKET_WINDOW), pos)
    return opening if opening >= 0 and ")" not in text[opening:pos] else None


def govern(text: str, mention: Mention, cues: CueIndex) -> Cue | None:
    """The verb that governs a number: right before it, its own predicate after it, or the nearest before."""
    lo, hi = cues.span(mention.clause[0], mention.start)
    nearest = _in_verb_list(text, cues.cues, lo, hi) if hi > lo else None
    if nearest and _FILLER_RE.fullmatch(text, nearest.end, mention.start):
        return nearest
    right = _own_predicate(text, mention, cues)
    if right:
        return right
    if nearest and mention.start - nearest.end <= _GOVERN_WINDOW and not _broken_by_comma(text, nearest.end, mention.start):
        return nearest
    return None


def _in_verb_list(text: str, cues: list[Cue], lo: int, hi: int) -> Cue:
    """The last verb of cues[lo:hi] (those before a number), but a rotation verb in the same
    verb list wins (`điều động, bổ nhiệm 12 đồng chí` counts the moved)."""
    last = cues[hi - 1]
    if last.kind != "block":
        return last
    for i in range(hi - 2, lo - 1, -1):
        earlier, later = cues[i], cues[i + 1]
        if not _LIST_GAP_RE.fullmatch(text, earlier.end, later.start):
            break
        if earlier.kind != "block":
            return Cue(earlier.start, last.end, earlier.kind)
    return last


def _own_predicate(text: str, mention: Mention, cues: CueIndex) -> Cue | None:
    """The verb right after the number, as its predicate: `15 cán bộ luân chuyển`, `3 đồng chí
    Ủy viên Ban Thường vụ được luân chuyển`, `26 đồng chí đi học`."""
    window_end = min(mention.clause[1], mention.end + 90)
    after = cues.starting(mention.end, window_end)
    if not after:
        return None
    cue = after[0]
    gap = text[mention.end:cue.start]
    if not gap.strip():
        if not _stated(text, mention):
            return None  # "gặp mặt 20 cán bộ luân chuyển": the rotated are the object of another verb
    elif not (_PASSIVE_GAP_RE.fullmatch(_PARENS_RE.sub("", gap)) or _AUX_GAP_RE.fullmatch(gap)):
        return None
    # "15 cán bộ luân chuyển được bổ nhiệm": a passive verb later is the real predicate
    passive = [c for c in after[1:] if _PASSIVE_RE.search(text, max(0, c.start - 8), c.start)
               and not _PUNCT_RE.search(text, cue.end, c.start)]
    return passive[0] if passive and cue.kind != passive[0].kind else cue


def _stated(text: str, mention: Mention) -> bool:
    """The number opens its clause or follows "có"/"là": it is what the clause states."""
    start = mention.clause[0]
    pos = start
    while pos < mention.start and text[pos] in " -+•*":
        pos += 1
    if pos == mention.start:
        return True
    return bool(_EXISTENTIAL_RE.search(text, max(start, mention.start - _STATED_WINDOW), mention.start))


def _broken_by_comma(text: str, start: int, end: int) -> bool:
    """A comma after the verb followed by a new statement (`Qua luân chuyển, có 12 đồng chí`)."""
    gap = _PARENS_RE.sub("", text[start:end])
    if "," not in gap:
        return False
    tail = gap.rsplit(",", 1)[1]
    return not tail.strip() or bool(_NEW_STATEMENT_RE.search(tail))


def is_planned(text: str, mention: Mention, cue: Cue | None) -> bool:
    """Planned when the nearest tense cue before the number (or in its own predicate) is a plan."""
    stretch_end = cue.start if cue and cue.start > mention.end else mention.start
    hits = _heads()["planned"].finditer(text, max(mention.clause[0], mention.start - _PLAN_WINDOW), stretch_end)
    if not hits:
        return False
    return hits[-1].lastgroup.startswith("planned")


# ---------------------------------------------------------------- levels and direction


@dataclass
class Move:
    src: str | None
    dst: str | None
    hint: str | None = None   # the direction a motion word implies when a level is missing
    arrives: bool = False     # a "về" with no level after it: the cadres came to the acting unit


def _levels(text: str, start: int, end: int, vantage: Vantage) -> list[tuple[int, int, str | None]]:
    found = _heads()["level"].finditer(text, start, end)
    if not found:
        return []
    masked = _masked(text, start, end)
    return [(m.start(), m.end(), resolve_level(m, vantage)) for m in found
            if not any(a <= m.start() < b for a, b in masked)]


def _masked(text: str, start: int, end: int) -> list[Span]:
    """Phrases whose level words are not places (`diện Ban Thường vụ Tỉnh ủy quản lý`)."""
    return [(m.start(), m.end()) for m in _heads()["not_level"].finditer(text, max(0, start - 70), end + 70)]


def _level_right_after(text: str, pos: int, end: int, vantage: Vantage) -> tuple[int, str | None] | None:
    """The level word right after `pos`: after a short prefix (`các`, `cấp`) if there is one
    (`từ các sở, ngành, huyện` starts at `sở`), else after a longer one (`từ các phòng, ban thuộc huyện`)."""
    for prefix in (_SHORT_PREFIX_RE, _PREFIX_RE):
        m = prefix.match(text, pos, end)
        lm = _heads()["level"].match(text, m.end(), end) if m else None
        if lm:
            return lm.end(), resolve_level(lm, vantage)
    return None


def moves_in(text: str, start: int, end: int, vantage: Vantage) -> tuple[list[Move], list[str]]:
    """Moves stated in text[start:end]: `từ A về B` pairs and bare destinations, and the
    origins named before any move (`cán bộ tỉnh`, `do tỉnh điều động`, `tại thành phố`)."""
    pairs: list[Move] = []
    dests: list[Move] = []
    origins: list[str] = []
    open_src: str | None = None
    for m in _heads()["motion"].finditer(text, start, end):
        word = m.group("word").lower()
        role, hint = _motions()[word]
        if role == "from":
            got = _level_right_after(text, m.end(), end, vantage)
            if got:
                if open_src:
                    pairs.append(Move(open_src, None))
                open_src = got[1]
        elif role in ("to", "to_near"):
            dst = _destination(text, m.end(), end, vantage, near=role == "to_near", post=word in _POST_WORDS)
            if dst is None and role == "to_near":
                continue
            level = dst[1] if dst else None
            if word in _DIRECTIONAL and not (pairs or dests):
                open_src = open_src or _source_before(text, start, m.start(), vantage)
            if open_src:
                pairs.append(Move(open_src, level, hint, arrives=level is None and hint is None))
                open_src = None
            elif level or word in ("về", "xuống", "lên"):
                dests.append(Move(None, level, hint if not level else None))
        elif role == "origin" and not pairs and not dests and open_src is None:
            got = _level_right_after(text, m.end(), end, vantage)
            if got and got[1]:
                origins.append(got[1])
    if open_src:
        pairs.append(Move(open_src, None))
    return pairs + dests, origins


def _source_before(text: str, start: int, pos: int, vantage: Vantage) -> str | None:
    """A level word right before a motion word is where they came from: `cán bộ xã về huyện`,
    `(tỉnh về huyện 15, ...)`, `tiếp nhận huyện khác về`."""
    before = [(e, level) for _, e, level in _levels(text, max(start, pos - 40), pos, vantage) if level]
    if before and _SOURCE_GAP_RE.fullmatch(text, before[-1][0], pos):
        return before[-1][1]
    return None


def _destination(text: str, pos: int, end: int, vantage: Vantage, near: bool,
                 post: bool = False) -> tuple[int, str | None] | None:
    """The first level word after a motion word, before the next `từ`, verb or clause end.
    After a post (`về làm Bí thư kiêm Chủ tịch UBND, Phó Bí thư Đảng ủy các xã`) the level of
    the post's body is the destination, however long the list of titles before it."""
    if near:
        got = _level_right_after(text, pos, end, vantage)
        return (pos, got[1]) if got else None
    post = post or bool(_POST_RE.match(text, pos, end))
    stop = min(end, pos + (_POST_WINDOW if post else 60))
    nxt = (_WINDOW_STOP_RE.search(text, pos, stop)
           if text.find(";", pos, stop) >= 0 or folded_text(text).find("từ", pos, stop) >= 0 else None)
    stop = nxt.start() if nxt else stop
    cue = _heads()["actions"].search(text, pos, stop)
    stop = cue.start() if cue else stop
    for s, _, level in _levels(text, pos, stop, vantage):
        if s - pos <= 60 or _body_re().search(text, max(pos, s - 40), s):
            return s, level
        return None  # far into the sentence and not a post's body: the post phrase has ended
    return None


@lru_cache(maxsize=1)
def _other_unit_re() -> regex.Pattern:
    """`huyện khác`, `xã khác`: another unit of a level."""
    return _compile(rf"{_B}(?:{alternation(list(_level_table()))})\s+khác{_E}")


@lru_cache(maxsize=1)
def _body_re() -> regex.Pattern:
    return _compile(rf"{_B}(?:{_phrases('count_post_bodies.txt')})\s+(?:(?:các|cấp)\s+)?$")


def direction_of(text: str, span: Span, vantage: Vantage, receive: bool, actor: str | None = None,
                 held: str | None = None) -> dict:
    """from_level, to_level and direction for the count whose own text is text[span].

    `actor` is the level of the unit that does the rotating (`Tỉnh ủy đã luân
    chuyển ...`); with the article's vantage it completes a half-stated move.
    `held` is the level named with the people themselves (`4 Bí thư Huyện ủy`).
    """
    start, end = span
    moves, origins = moves_in(text, start, end, vantage)
    origins = [o for o in origins if o != "local"] or ([held] if held else [])
    lateral = bool(_heads()["lateral"].search(text, start, end))
    # the home level completes moves, receptions and lateral moves: with none, the article's
    # vantage is not read (it is found from the whole text, when a count first needs it)
    home = actor or (vantage.level if moves or receive or lateral else None)
    # the article's own level, with no acting unit named, is no evidence of a move within one
    # level, unless the text says the cadres came from another unit of it (`huyện khác`)
    f = folded_text(text)  # the patterns below need these words: look for them first
    same_level_ok = actor is not None or (f.find("khác", start, end) >= 0
                                          and bool(_other_unit_re().search(text, start, end)))
    moves = [_arrive(mv, home, receive, same_level_ok) for mv in moves]
    cues = _cue_res()
    explicit = [mv for mv in moves if mv.src is not None]
    if not explicit:
        moves = _complete_destinations(moves, origins, home, receive, lateral, same_level_ok)
    if lateral and not explicit:
        level = _lateral_level(text, span, moves, origins, vantage, home)
        moves = [Move(level, level, "lateral")]
    elif lateral:
        moves.append(Move(None, None, "lateral"))
    if f.find("ngược", start, end) >= 0 and _REVERSE_RE.search(text, start, end):
        moves += [Move(mv.dst, mv.src, _opposite(mv.hint)) for mv in explicit]
    moves = [_relative(mv) for mv in moves]
    directions = {d for d in (_direction(mv) for mv in moves) if d}
    if f.find("chiều", start, end) >= 0 and cues["mixed"].search(text, start, end):
        directions.add("mixed")
    return _summarise(moves, directions)


def _arrive(mv: Move, home: str | None, receive: bool, same_level_ok: bool) -> Move:
    """`từ huyện khác về` with no level after `về`: they came to the acting unit. Cadres of the
    acting unit's own level that it sends `về` somewhere unnamed did not arrive at it: their
    destination is unknown, not a lateral move (`huyện ... cán bộ của huyện về làm bí thư`);
    nor is a move within one level read from the article's level alone (`same_level_ok`)."""
    if mv.src and mv.dst is None and (receive or mv.arrives):
        if mv.src != home or (receive and same_level_ok):
            return Move(mv.src, home, mv.hint)
    return mv


def _relative(mv: Move) -> Move:
    """`địa phương` read against the other end: one level below it (`từ Trung ương về địa phương`)."""
    src = BELOW.get(mv.dst or "") if mv.src == "local" else mv.src
    dst = BELOW.get(mv.src or "") if mv.dst == "local" else mv.dst
    return Move(src, dst, mv.hint, mv.arrives)


def _complete_destinations(moves: list[Move], origins: list[str], home: str | None, receive: bool,
                           lateral: bool, same_level_ok: bool) -> list[Move]:
    """A half-stated move: a destination starts at the stated origin or at home (the acting
    unit, else the article's own); cadres received, or sent "về" with no level, arrive home
    (but not at the article's level alone when they come from that same level)."""
    if receive and not moves:
        moves = [Move(None, None)]
    with_level = [mv for mv in moves if mv.dst] or moves[:1]
    done = []
    for mv in with_level:
        src = origins[0] if origins else None
        dst = mv.dst or (home if receive and (same_level_ok or src != home) else None)
        if src is None and not receive and not lateral and dst and home and dst != home:
            src = home
        hint = mv.hint or _towards(dst)
        done.append(Move(src, dst, hint))
    return done


def _towards(dst: str | None) -> str | None:
    """With no source, a move to the grassroots is down and one to the centre is up."""
    return {"commune": "down", "central": "up"}.get(dst or "")


def _lateral_level(text: str, span: Span, moves: list[Move], origins: list[str], vantage: Vantage,
                   home: str | None) -> str | None:
    for mv in moves:
        if mv.dst:
            return mv.dst
    if origins:
        return origins[0]
    bare = [level for _, _, level in _levels(text, *span, vantage) if level and level != "local"]
    return bare[0] if bare else home


def _direction(mv: Move) -> str | None:
    if mv.src and mv.dst:
        if mv.src == mv.dst:
            return "lateral"
        return "down" if RANK[mv.src] > RANK[mv.dst] else "up"
    return mv.hint


def _opposite(hint: str | None) -> str | None:
    return {"down": "up", "up": "down"}.get(hint or "", hint)


def _summarise(moves: list[Move], directions: set[str]) -> dict:
    srcs = {mv.src for mv in moves if mv.src}
    dsts = {mv.dst for mv in moves if mv.dst}
    if len(directions) > 1 or "mixed" in directions:
        return {"from_level": None, "to_level": None, "direction": "mixed"}
    return {"from_level": srcs.pop() if len(srcs) == 1 else None,
            "to_level": dsts.pop() if len(dsts) == 1 else None,
            "direction": directions.pop() if directions else None}


# ---------------------------------------------------------------- clauses, breakdowns, the entry


def _breakdown_marker(text: str, start: int, end: int) -> int | None:
    """Where the sentence's breakdown opens (`Trong đó`, `gồm`), not counting one inside
    brackets (`8 đồng chí (gồm 3 chủ tịch, 5 bí thư); 23 công chức ...`): bracketed parts
    are read as such, and what follows the bracket is no part of its total."""
    pos = start
    while (m := _heads()["breakdown"].search(text, pos, end)) is not None:
        if not _inside_brackets(text, start, m.start(), end):
            return m.start()
        pos = m.end()
    return None


def _inside_brackets(text: str, start: int, at: int, end: int) -> bool:
    """Whether text[at] lies inside a bracket (`_open_bracket`) that closes before `end`."""
    return _open_bracket(text, start, at) is not None and text.find(")", at, end) >= 0


def _clauses(text: str, start: int, end: int, cut: int | None) -> list[Span]:
    """A sentence's clauses: split after each `;` outside brackets, and at the breakdown marker.
    (`60 đồng chí (từ tỉnh về huyện 14 người; từ huyện về tỉnh 13 người)` is one clause: the
    bracket's parts stay with the count they break down.)"""
    semis = []
    i = text.find(";", start, end)
    while i >= 0:
        if not _inside_brackets(text, start, i, end):
            semis.append(i + 1)
        i = text.find(";", i + 1, end)
    points = sorted({start, end, *semis, *([cut] if cut is not None else [])})
    return [(a, b) for a, b in zip(points, points[1:]) if b > a]


def _own_span(text: str, mention: Mention, previous: Mention | None, following: Mention | None) -> Span:
    """The stretch of the clause that belongs to this number, for reading its levels.

    It starts at the governing verb before the number, or, when the verb follows
    (`169 lượt cán bộ được luân chuyển từ quận xuống phường`), at the number's own
    phrase. Between two numbers the text splits where a new phrase opens (see
    `_split_point`): `45 cán bộ từ tỉnh về huyện, 120 cán bộ ...`,
    `..., từ huyện về xã 30 đồng chí` and `..., luân chuyển ngang ... 14 đồng chí`.
    `previous` and `following` are the counts kept on either side of it in the clause.
    """
    start, end = mention.clause
    if mention.cue and mention.cue.start < mention.start:
        start = max(start, mention.cue.start)
    elif mention.cue:
        # the last separator before the number; one before the previous count loses to the split below
        lo = previous.end if previous is not None and previous is not mention.host else start
        separator = _LAST_SPLIT_RE.search(text, max(start, lo), mention.start)
        start = separator.end() if separator else start
    if mention.paren is not None:
        start = max(start, mention.paren + 1)
        closing = text.find(")", mention.end, end)
        end = closing if closing >= 0 else end
    if mention.span_end is not None:
        end = min(end, mention.span_end)
    if previous is not None and previous is not mention.host:
        start = max(start, _split_point(text, previous.end, mention.start))
    if following is not None and following.host is not mention:
        end = min(end, _split_point(text, mention.end, following.start))
    return start, end


def _split_point(text: str, a: int, b: int) -> int:
    """Where the text between two numbers changes hands: at a separator that opens a new
    `từ ...`/`về ...` phrase or verb, else at the last separator (`về đảm nhận bí thư, chủ tịch các xã và 4 ...`)."""
    separators = list(_LIST_SPLIT_RE.finditer(text, a, b))
    if not separators:
        return b
    for sep in separators:
        if _OPENS_MOVE_RE.match(text, sep.end(), b) or _heads()["actions"].match(text, _skip_space(text, sep.end()), b):
            return sep.start()
    return separators[-1].start()


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


def _accept(text: str, mention: Mention, cues: CueIndex) -> bool:
    cue = govern(text, mention, cues)
    if cue is None or cue.kind == "block":
        return False
    if _excluded(text, mention):
        return False
    mention.cue, mention.kind = cue, cue.kind
    return True


def _excluded(text: str, mention: Mention) -> bool:
    """An emergency mobilisation, people leaving the service, or a comparison, said in the
    number's own phrase (up to the next comma)."""
    end = min(mention.clause[1], mention.end + _EXCLUSION_WINDOW)
    stop = _PHRASE_END_RE.search(text, mention.end, end)
    return bool(_heads()["exclusion"].search(text, mention.end, stop.start() if stop else end))


def _describe(text: str, mention: Mention, neighbours: tuple[Mention | None, Mention | None], cues: CueIndex,
              vantage: Vantage, source: Mention | None, context: "_Context") -> None:
    """Fill the record fields; a part or a list member without an acting unit of its own
    takes its total's (`Bộ Chính trị ... luân chuyển 44 người. Trong đó, 25 người giữ chức ...`).
    `neighbours` are the counts kept right before and after it in its clause; `context` is
    this sentence with the one before."""
    span = _own_span(text, mention, *neighbours)
    mention.actor = _actor(text, mention, vantage) or (source.actor if source else None)
    held = _held(text, mention, span, vantage)
    mention.fields = {
        "value": mention.number.value, "unit": " ".join(mention.unit.split()) if mention.unit else None,
        "actions": _actions_of(text, span, mention, cues), "part_of": None, "parts_sum_ok": None,
        "planned": is_planned(text, mention, mention.cue),
        **direction_of(text, span, vantage, mention.kind == "receive", mention.actor, held),
    }
    if not own_direction(mention) and _PAIRS_RE.search(text, max(mention.clause[0], mention.start - 20), mention.start):
        mention.fields.update(_pair_direction(context.lateral, held))


class _Context:
    """A sentence with the one before it, read once if a count needs it."""

    def __init__(self, text: str, start: int, end: int):
        self._args = (text, start, end)
        self._lateral: bool | None = None

    @property
    def lateral(self) -> bool:
        """It says the moves stay within one level (`giữa các xã`, `với nhau`)."""
        if self._lateral is None:
            text, start, end = self._args
            self._lateral = bool(_heads()["lateral"].search(text, start, end))
        return self._lateral


def _pair_direction(lateral: bool, held: str | None) -> dict:
    """People rotated in pairs (`02 cặp gồm 04 cán bộ chủ chốt cấp xã`) swap posts between units
    of the level that qualifies them; the move is lateral when the sentence or the one before says
    so (`giữa các xã`, `với nhau`), else its direction is not stated."""
    if lateral:
        return {"from_level": held, "to_level": held, "direction": "lateral"}
    return {"from_level": held, "to_level": None, "direction": None}


def _held(text: str, mention: Mention, span: Span, vantage: Vantage) -> str | None:
    """A level named with the people, before any motion word (`4 Bí thư Huyện ủy`, `cán bộ xã`)."""
    unit_start = mention.number.end
    stop = min(span[1], mention.clause[1], mention.end + 30)
    motion = next((m.start() for m in _heads()["motion"].finditer(text, mention.end, stop)
                   if _motions()[m.group("word").lower()][0] in ("to", "to_near", "from")), stop)
    levels = [level for _, _, level in _levels(text, unit_start, motion, vantage) if level and level != "local"]
    return levels[0] if levels else None


def _actor(text: str, mention: Mention, vantage: Vantage) -> str | None:
    """The level of the unit named before the verb and number, as their subject (`Tỉnh ủy đã điều động`)."""
    if not mention.cue:
        return None
    # the verb before the number, or the number itself when its verb follows ("Huyện có 2 đồng chí được ...")
    end = min(mention.cue.start, mention.start)
    window = max(mention.clause[0], end - _SUBJECT_WINDOW)
    subjects = [(s, level) for s, _, level in _levels(text, window, end, vantage)
                if level and not _MARKED_RE.search(text, max(mention.clause[0], s - 14), s)]
    return subjects[-1][1] if subjects else None


def _actions_of(text: str, span: Span, mention: Mention, cues: CueIndex) -> list[str]:
    """The rotation verbs of this count as written, lower-cased: its verb list and its own stretch."""
    start = span[0]
    if mention.cue:
        start = min(start, mention.cue.start)
        # "luân chuyển, điều động, chuyển đổi vị trí công tác đối với 5 ...": the whole verb list
        before = [c for c in cues.within(max(mention.clause[0], start - _SUBJECT_WINDOW), start) if c.kind != "block"]
        for cue in reversed(before):
            if not _LIST_GAP_RE.fullmatch(text, cue.end, start):
                break
            start = cue.start
    words = [text[c.start:c.end].lower() for c in cues.within(start, span[1]) if c.kind != "block"]
    return list(dict.fromkeys(" ".join(w.split()) for w in words))


def _sentence_counts(text: str, sentence: Span, vantage: Vantage, previous_total: Mention | None,
                     bullet: bool, context_start: int, numbers: NumberIndex,
                     ) -> tuple[list[Mention], list[tuple[Mention, Mention]], list[Cue] | None]:
    """The counts of one sentence, (part, total) links for its breakdown, and its verbs
    (`cues_in`), or None when it has no number of people and they were not needed.

    `previous_total` is the last count of the sentence before, for a sentence that
    opens with `Trong đó` or is a bullet of a breakdown list; `context_start` is where the
    sentence before starts; `numbers` is the article's number index.
    """
    s, e = sentence
    if not may_mention(text, s, e, numbers):
        return [], [], None  # no clause of it has a mention
    cut = s if bullet else _breakdown_marker(text, s, e)
    if cut is not None and previous_total is None and not mentions_in(text, (s, cut), numbers):
        cut = None  # "luân chuyển đợt một gồm 44 người": nothing before it to break down
    clauses = _clauses(text, s, e, cut)
    clause_mentions = [mentions_in(text, clause, numbers) for clause in clauses]
    if not any(clause_mentions):
        return [], [], None  # the loop below would keep nothing and link nothing
    found_cues = cues_in(text, s, e)
    cues = CueIndex(found_cues)
    context = _Context(text, context_start, e)
    accepted: list[Mention] = []
    links: list[tuple[Mention, Mention]] = []
    previous_clause: list[Mention] = []
    total: Mention | None = None
    for clause, mentions_in_clause in zip(clauses, clause_mentions):
        in_parts = cut is not None and clause[0] >= cut
        if in_parts and total is None:
            total = _total_for(accepted, previous_total, cut)  # once: every count before the cut is in
        # "...là 14 người; từ xã lên huyện 6 người": a clause with no verb of its own goes on the list before it
        leader = previous_clause[-1] if previous_clause and not in_parts and not cues.any_starting(*clause) else None
        kept, borrowed = [], set()
        for mention in mentions_in_clause:
            if mention.paren is not None and _bracket_part(text, mention, kept):
                kept.append(mention)
            elif mention.paren is not None and mention.unit is None:
                continue  # a bare number in brackets is a part of the count before, or nothing
            elif _accept(text, mention, cues) or _continues_list(text, mention, kept, cues):
                kept.append(mention)
            elif in_parts and total is not None and _may_be_part(text, mention, cues):
                mention.kind = total.kind
                kept.append(mention)
            elif leader is not None:
                mention.kind = leader.kind
                kept.append(mention)
                borrowed.add(id(mention))
        kept = _shared_predicates(text, mentions_in_clause, kept)
        clause_counts = []
        for i, mention in enumerate(kept):
            source = _source_of(mention, total, leader if id(mention) in borrowed else None)
            neighbours = (kept[i - 1] if i else None, kept[i + 1] if i + 1 < len(kept) else None)
            _describe(text, mention, neighbours, cues, vantage, source, context)
            if mention.single and not _reported_one(text, mention, in_parts and source is total):
                continue  # "luân chuyển một cán bộ" as a general remark, not a figure
            if source is not None and mention.cue is None:
                if not own_direction(mention) and not (source is leader and _parallel(text, clause, leader)):
                    continue  # a part by rank or gender, not by where they went: optional, left out
                mention.fields["planned"] = source.fields["planned"]
                mention.fields["actions"] = source.fields["actions"]
            if mention.host is not None:
                links.append((mention, mention.host))
            elif total is not None:
                links.append((mention, total))
            accepted.append(mention)
            clause_counts.append(mention)
        previous_clause = clause_counts if not in_parts else []
    return accepted, links, found_cues


def _reported_one(text: str, mention: Mention, part: bool) -> bool:
    """`một đồng chí` is a count of one only in a report of a move: a part of a total, or right
    after its verb in a clause told in the past (`đã`, a year), and saying where they went."""
    if not own_direction(mention):
        return False
    if part:
        return True
    cue = mention.cue
    if cue is None or cue.start > mention.start or not _FILLER_RE.fullmatch(text, cue.end, mention.start):
        return False
    window = max(mention.clause[0], cue.start - _PLAN_WINDOW)
    if _GENERIC_RE.search(text, max(window, cue.start - 40), cue.start):
        return False
    tenses = _heads()["planned"].finditer(text, window, cue.start)
    if tenses:
        return tenses[-1].lastgroup.startswith("done")
    return bool(_YEAR_RE.search(text, window, cue.start))


def _source_of(mention: Mention, total: Mention | None, leader: Mention | None) -> Mention | None:
    """The count this one hangs on: its bracket's host, the total it breaks down, or the list it continues."""
    return mention.host or total or leader


def _bracket_part(text: str, mention: Mention, kept: list[Mention]) -> bool:
    """A number in brackets right after a count is one of its parts."""
    host = _bracket_host(mention, kept)
    if host is None or mention.paren - host.end > 60 or _PUNCT_RE.search(text, host.end, mention.paren):
        return False
    if mention.number.high is not None or mention.number.value >= host.number.value:
        return False  # "(nhiệm kỳ 2015 - 2020)": not a part of it
    end = min(mention.clause[1], mention.end + _BRACKET_WINDOW)
    closing = text.find(")", mention.end, end)
    if mention.unit is None and not _heads()["level"].search(text, mention.paren, closing if closing >= 0 else end):
        return False  # a bare number is a part only where the bracket says where people went
    # (a count with its unit is a part whatever the bracket says: one by post or gender is then
    # left out like any part that does not say where its people went)
    mention.host, mention.kind, mention.unit = host, host.kind, host.unit
    host.span_end = mention.paren
    return True


def _bracket_host(mention: Mention, kept: list[Mention]) -> Mention | None:
    """The last count kept before the bracket opens, not itself a part; an earlier part of the
    same bracket already knows it. Counts ending over 60 characters before the bracket are no host."""
    for m in reversed(kept):
        if m.host is not None and m.paren == mention.paren:
            return m.host
        if m.end < mention.paren - 60:
            return m if m.host is None else None
        if m.host is None and m.end <= mention.paren:
            return m
    return None


def _parallel(text: str, clause: Span, leader: Mention) -> bool:
    """`năm 2021 có 18 đồng chí được luân chuyển; năm 2022 có 23 đồng chí`: clauses built alike."""
    first = _FIRST_WORD_RE.search(text, *clause)
    lead = _FIRST_WORD_RE.search(text, *leader.clause)
    return bool(first and lead and first.group().lower() == lead.group().lower())


def _shared_predicates(text: str, mentions: list[Mention], kept: list[Mention]) -> list[Mention]:
    """`có 39 bí thư, 33 bộ trưởng ... được luân chuyển`: a list of numbers before one predicate."""
    taken = {id(m) for m in kept}
    for i in range(len(mentions) - 2, -1, -1):
        mention, following = mentions[i], mentions[i + 1]
        if id(mention) in taken or id(following) not in taken or following.cue is None:
            continue
        if following.cue.start > following.start and _LIST_GAP_RE.fullmatch(text, mention.end, following.start):
            mention.cue, mention.kind = following.cue, following.kind
            taken.add(id(mention))
    return [m for m in mentions if id(m) in taken]


def _continues_list(text: str, mention: Mention, kept: list[Mention], cues: CueIndex) -> bool:
    """`luân chuyển 15 cán bộ từ tỉnh về huyện, 40 cán bộ từ huyện về xã`: one verb, a list of counts."""
    if not kept or kept[-1].cue is None or kept[-1].cue.start > kept[-1].start:
        return False
    previous = kept[-1]
    if mention.start - previous.end > _GOVERN_WINDOW:
        return False  # too far from the list to belong to it
    if cues.any_starting(previous.end, mention.start):
        return False  # another verb comes between: it governs, and it did not accept this number
    if not _LIST_SPLIT_RE.search(text, previous.end, mention.start) or _SEND_RE.search(text, previous.end, mention.start):
        return False  # not a list, or a new "cử ..." with its own purpose
    own = _own_predicate(text, mention, cues)
    if own is not None and own.kind == "block":
        return False  # "..., 26 đồng chí đi học"
    if _excluded(text, mention):
        return False
    mention.cue, mention.kind = previous.cue, previous.kind
    return True


def own_direction(mention: Mention) -> bool:
    f = mention.fields
    return bool(f.get("direction") or f.get("from_level") or f.get("to_level"))


def _may_be_part(text: str, mention: Mention, cues: CueIndex) -> bool:
    """A number after `Trong đó` with no verb of its own is a part unless a blocking verb governs it."""
    cue = govern(text, mention, cues)
    return cue is None or cue.kind != "block"


def _total_for(accepted: list[Mention], previous_total: Mention | None, cut: int) -> Mention | None:
    """The total a breakdown breaks down: the last count before the marker, or the sentence before's."""
    before = [m for m in accepted if m.end <= cut]
    return before[-1] if before else previous_total


def find_counts(segmented: SegmentedText) -> list[Found]:
    text = segmented.text
    vantage = _LazyVantage(text)
    numbers = NumberIndex(text, folded_text(text))
    results: list[tuple[Mention, Span]] = []
    links: list[tuple[Mention, Mention]] = []
    last: Mention | None = None     # the last total, while a breakdown may still follow
    quiet = 0                       # sentences since it that said nothing of people or other work
    list_open = False               # the sentence before ended with ":" after a total
    context_start = 0
    for s, e in segmented.sentences:
        if last is None and not may_mention(text, s, e, numbers):
            context_start = s  # no total to break down, no count here: nothing else changes
            continue
        bullet = list_open and bool(_BULLET_RE.match(text[s:e]))
        # a breakdown opening the sentence matters only while a total may still be broken down
        lead = last is not None and _breakdown_marker(text, s, min(e, s + 12)) is not None
        accepted, sentence_links, cues = _sentence_counts(text, (s, e), vantage, last if (bullet or lead) else None,
                                                          bullet, context_start, numbers)
        context_start = s
        results += [(m, (s, e)) for m in accepted]
        links += sentence_links
        parts = {id(p) for p, _ in sentence_links}
        totals = [m for m in accepted if id(m) not in parts]
        if totals:
            last, quiet = totals[-1], 0
        elif not (bullet or lead or accepted) and last is not None:
            quiet += 1
            if quiet > _BRIDGE or not _bridges(text, s, e, numbers, cues):
                last = None
        list_open = last is not None and (bullet or text[s:e].rstrip().endswith(":"))
    kept = _drop_headline_repeats(text, results, links)
    kept_ids = {id(m) for m, _ in kept}
    return _to_found(kept, [(part, total) for part, total in links if id(part) in kept_ids and id(total) in kept_ids])


# How many sentences may stand between a total and the `Theo đó`/`Trong đó` that breaks it down
# (a photo caption, a remark on the decision), when they name no people and no other work.
_BRIDGE = 2


def _bridges(text: str, s: int, e: int, numbers: NumberIndex | None = None, cues: list[Cue] | None = None) -> bool:
    """A sentence a breakdown may reach across: no number of people, no verb of other work
    (`Công tác đánh giá cán bộ được làm tốt` changes the subject). `cues`: its `cues_in`, if found."""
    if (numbers is None or may_mention(text, s, e, numbers)) and mentions_in(text, (s, e), numbers):
        return False
    return not any(c.kind == "block" for c in (cues_in(text, s, e) if cues is None else cues))


def _drop_headline_repeats(text: str, results: list[tuple[Mention, Span]],
                           links: list[tuple[Mention, Mention]]) -> list[tuple[Mention, Span]]:
    """A headline count (`Luân chuyển 11 cán bộ về cơ sở`) that the body states again is one fact.

    A headline total broken down right after (`Trong đó ...` in the lead) is dropped with its
    parts when the body tells the same total with the same parts again: the lead summed up
    the body, and the body's statement, with its context, is the one kept.
    """
    parts_of: dict[int, list[Mention]] = {}
    for part, total in links:
        parts_of.setdefault(id(total), []).append(part)
    linked = {id(m) for pair in links for m in pair}
    first_break = text.find("\n")
    second_break = text.find("\n", first_break + 1) if first_break >= 0 else -1
    head_end = second_break if second_break >= 0 else len(text)  # the first two lines start by here
    heads = {sentence: _is_headline(text, sentence, head_end) for _, sentence in results}
    body = [m for m, sentence in results if not heads[sentence]]
    dropped: set[int] = set()
    for mention, sentence in results:
        if not heads[sentence]:
            continue
        if id(mention) not in linked and any(_same_fact(mention, other) for other in body):
            dropped.add(id(mention))
        elif id(mention) in parts_of and _group_restated(mention, parts_of, body):
            dropped |= {id(mention), *map(id, parts_of[id(mention)])}
    return [(m, sentence) for m, sentence in results if id(m) not in dropped]


def _group_restated(total: Mention, parts_of: dict[int, list[Mention]], body: list[Mention]) -> bool:
    """A later total in the body with the same fact, whose parts include one like each of `total`'s."""
    parts = parts_of[id(total)]
    return any(other.start > parts[-1].start and _same_fact(total, other)
               and all(any(_same_fact(p, q) for q in parts_of.get(id(other), [])) for p in parts)
               for other in body)


def _is_headline(text: str, sentence: Span, head_end: int) -> bool:
    """One of the first two lines (starting by `head_end`, the second line break), short and
    without a full stop."""
    if sentence[0] > head_end:
        return False
    line = text[sentence[0]:sentence[1]].rstrip()
    return len(line) < 160 and not line.endswith((".", "!", "?", ":", ";"))


def _same_fact(a: Mention, b: Mention) -> bool:
    keys = ("value", "direction", "to_level")
    return all(a.fields.get(k) == b.fields.get(k) or a.fields.get(k) is None for k in keys)


def _to_found(results: list[tuple[Mention, tuple[int, int]]], links: list[tuple[Mention, Mention]]) -> list[Found]:
    ordered = sorted(results, key=lambda r: (r[0].start, r[0].end))
    index = {id(m): i for i, (m, _) in enumerate(ordered)}
    parts: dict[int, list[Mention]] = {}
    for part, total in links:
        part.fields["part_of"] = index[id(total)]
        parts.setdefault(id(total), []).append(part)
    for mention, _ in ordered:
        if id(mention) in parts:
            mention.fields["parts_sum_ok"] = sum(p.number.value for p in parts[id(mention)]) == mention.number.value
    found = []
    for mention, sentence in ordered:
        found.append(Found("count", mention.start, mention.end, sentence, mention.fields))
    return found


EXTRACTOR = Extractor("rotation_counts", "count", find_counts)
