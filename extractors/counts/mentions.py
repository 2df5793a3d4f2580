"""Number reading: which numbers in a clause are counts of people (`Mention`).

A count of people is a number with a unit after it (`15 đồng chí`, `hơn 100 cán bộ`, a lone
`một` before `đồng chí`/`cán bộ`), a bare number after `là`/`:` whose people were named before it
(`số cán bộ ... là 11`, `số lượt cán bộ ... là 215 lượt`), or a bare number in brackets that may be a part of the count before
(`(tỉnh về huyện 15, ...)`: `breakdowns` decides), or one after `Trong đó` right after the move it
counts (`trong đó từ tỉnh về cơ sở 21 lượt, từ cơ sở về tỉnh 9 lượt`) or opening its phrase with
`lượt` for its total's unit (`trong đó: 20 lượt từ huyện về xã`). The whole a count is taken from (`3 trong tổng
số 5 cán bộ`) is none, unless a rotation verb follows it (`Trong số 45 cán bộ được luân chuyển`) or
it points back at a count told before (`Trong số 45 cán bộ này`);
so are a floor over a range (`ít nhất 2-3 công chức`, a norm per unit), a number naming a
programme (`Dự án 600 Phó Chủ tịch xã`), the whole of a proportion (`9 trên 11 bí thư`), a unit's headcount (`số Phó Giám đốc
là 6 người`, `nâng số Phó Giám đốc lên 4 người`) and a rate per unit (`5 cán bộ/xã`, `2 cán bộ
cho mỗi xã`).

Entry functions: `mentions_in(text, clause, numbers)`, and `may_mention(text, start, end,
numbers)`, the quick test that passes over text with no number of people in it;
`own_direction(mention)`: the count's fields say where its people went.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from extractors.counts.language import (_B, _E, Cue, Span, _actions, _compile, _heads, _motions, _number_of_re, _phrases,
                                        _unit_heads, agent_fragment, unit_re)
from extractors.base import data_table
from extractors.heads import folded_text
from extractors.numbers import Number, NumberIndex, bounded, find_numbers

_ONE_RE = _compile(rf"{_B}một(?=\s+(?:đồng chí|cán bộ){_E})")
# ... or the one of them a verb before acts on (`điều chuyển 1 trong 3 Phó Giám đốc`); not the
# whole a person is said to belong to (`Anh là 1 trong 36 cán bộ được luân chuyển`: the 36 moved)
_REFERENCE_RE = _compile(rf"{_B}(?:trong\s+(?:tổng\s+)?số|(?<!là\s)(?:một|\d{{1,3}})\s+trong)\s*$")
# "số Phó Chủ tịch UBND tỉnh là 4 người", "nâng số Phó Giám đốc lên 4 người": how many posts a
# unit has, unless what is numbered are people moved ("số cán bộ được luân chuyển là 11",
# "số cán bộ từ tỉnh về huyện là 14 người": `_headcount_before`).
# ("nâng tổng số cán bộ lên ...", "nâng tổng biên chế hành chính của huyện lên 142 người": a payroll's size)
_HEADCOUNT_RE = _compile(rf"{_B}(?:nâng\s+)?(?:tổng\s+)?(?:số|biên chế)\s+(?:lượng\s+)?(?P<what>[^,;:.()\d]{{1,60}}?)\s+"
                         rf"(?:(?:hiện|nay)\s+)?(?:lên|là|còn)\s*$")
_HEADCOUNT_WINDOW = 90
_FIGURE_DEICTICS = frozenset({"này", "đó", "trên"})  # `(con) số này là ...` points back at a figure
# "Sở có đến 6 Phó giám đốc", "Ban hiện có 4 phó trưởng ban": how many holders of a post a body has
# also `cùng N <post title>` after one person's designation (`chỉ định ông A giữ chức Bí thư, cùng 2 Phó Bí
# thư`): the deputies named beside him, how many hold the posts, not people moved
_HOLDING_RE = _compile(rf"{_B}(?:(?:(?:hiện|vẫn|đã|chỉ)\s+)?có\s+(?:(?:đến|tới|tận|thêm)\s+)?|cùng\s+(?:với\s+)?)$")
# "Trong 5 phó giám đốc, có 2 người được điều động": `trong` opening the clause before the number, the
# pool a part is taken from (unless a rotation verb follows the whole: `_rotated_whole`)
_POOL_OPEN_RE = _compile(rf"{_B}trong\s+$")
_CLAUSE_START_RE = bounded(r"(?:^|[,;:.!?\n])\s*$")
# "9 trên 11 bí thư": a proportion, like "9/11"; the whole is no count. (The number parser reads
# "trên" as a qualifier, "over", so the number starts at it.)
_PROPORTION_RE = _compile(r"(?<![\d.,/])\d{1,5}\s+$")
# "số cán bộ ... luân chuyển là 11": the unit was named before the number.
_BARE_BEFORE_RE = _compile(r"(?:là|:)\s*$")
_BARE_AFTER_RE = bounded(r"\s*(?:[.,;)]|$)")
# How far back a bracket may open for a unit-less part inside it, and on to its closing.
_BRACKET_WINDOW = 300
# `lượt` alone after a part's number stands for its total's `lượt cán bộ` (`từ tỉnh về cơ sở 21 lượt`).
_ABBREVIATED_RE = bounded(r"\s+lượt(?![\p{L}\p{M}])")
# The only words, besides level and motion words, that may stand before a bare part of a
# breakdown since its comma: `trong đó từ tỉnh về cơ sở 21`, `giữa các cơ quan cấp tỉnh 27 lượt`, `cùng cấp 128 lượt`,
# `từ thành phố về phường: 11` (not `đoàn kiểm tra về xã 4 lượt`, `về xã năm 2021`).
_PART_WORDS = frozenset("trong đó gồm cụ thể theo có là số các cấp cùng khối cơ quan đơn vị ngành giữa ngang nhau với "
                        "luân chuyển điều động".split())
_WORD_RE = regex.compile(r"[\p{L}\p{M}]{1,20}")
# How far before `là 11` the people may be named (`số cán bộ được luân chuyển ... là 11`).
_NAMED_WINDOW = 200
# How far past its unit a number of people may still be a rate (`5 cán bộ công an chính quy/xã`).
_RATE_WINDOW = 40


@lru_cache(maxsize=1)
def _programme_re() -> regex.Pattern:
    """A programme's word right before a number (`Dự án 600 ...`, `Đề án số 06`)."""
    return _compile(rf"{_B}(?:{_phrases('count_programme_words.txt')})\s+(?:số\s+)?$")


def _programme_before(text: str, lo: int, pos: int) -> bool:
    """`_programme_re` in text[lo:pos]: the number at `pos` is part of a programme's name."""
    return bool(_programme_re().search(text, lo, pos))


@lru_cache(maxsize=1)
def _minimum_qualifiers() -> frozenset[str]:
    """Qualifiers that set a floor (`ít nhất`, `tối thiểu`; count_qualifiers.txt's `floor` rows):
    over a range they make it a norm."""
    return frozenset(" ".join(row[0].lower().split()) for row in data_table("count_qualifiers.txt")
                     if row[1:2] == ("floor",))


# a kind of unit by its category, then how many it is given (`xã loại 1 được bố trí tối đa 22 người`,
# `loại 2 bố trí 20 người`): a staffing norm, not people moved
_CATEGORY_NORM_RE = _compile(r"(?<![\p{L}\p{M}])loại\s{1,3}(?:\d{1,2}|I{1,3}|một|hai|ba)(?![\p{L}\p{M}\d])"
                             r"[^,;:.()\d]{0,30}?(?:bố trí|được|là|có)[^,;:.()\d]{0,15}?$")
# `trong` right before a number of `trường hợp`: "in N cases", the situations a rule names
_IN_CASES_RE = _compile(r"(?<![\p{L}\p{M}])trong\s{1,3}$")


@lru_cache(maxsize=1)
def _norm_re() -> regex.Pattern:
    """A word of obligation (count_norm_words.txt) before a floor: the number is a norm to meet."""
    return _compile(rf"{_B}(?:{_phrases('count_norm_words.txt')}){_E}")


@lru_cache(maxsize=1)
def _rate_re() -> regex.Pattern:
    """`/xã`, `cho mỗi xã`, `trên 1 xã` after a number of people's noun phrase: the number is per
    unit, a rate (`bố trí đủ 5 cán bộ/xã`, `5 cán bộ/1 xã`, `ít nhất 3 cán bộ trên 1 xã`), not how many
    were moved.
    The noun phrase runs to the first clause break, so `120 cán bộ về 40 xã, bảo đảm 3 cán bộ/xã`
    keeps its 120."""
    bases = _phrases("count_rate_bases.txt")
    return _compile(rf"[^,;:.()\d/]{{0,{_RATE_WINDOW}}}?(?:/\s{{0,3}}(?:(?:1|một)\s{{1,3}})?"
                    rf"|\s(?:(?:cho|tại|ở|về)\s+)?mỗi\s+|\strên\s+(?:1|một)\s+)(?:{bases}){_E}")


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
    held: str | None = None   # the level of the post the people hold, named with them (`cán bộ xã`)
    own: Span | None = None   # the count's own stretch of text, its levels read from it
    guessed_from: str | None = None  # a from_level read from the article's vantage alone, no origin stated
    actor_from: str | None = None    # a from_level read from the acting unit alone, the people's own not stated
    received_at: str | None = None  # a part's receiving unit's level, when its people went lower, with its total
    listed: bool = False      # an item of a list of numbers the next one's unit covers (`14 và 18 cán bộ`)
    fields: dict = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.number.start


def mentions_in(text: str, clause: Span, numbers: NumberIndex | None = None, parts: bool = False) -> list[Mention]:
    """Numbers of people in a clause: a number and a unit, or `số cán bộ ... là N`; in the
    clause of a breakdown's parts (`parts`: it opens at `Trong đó`), also a bare number right
    after the move it counts (`_bare_part`).

    `numbers`, the article's number index, finds the same numbers faster."""
    if numbers is not None and not numbers.may_hold(*clause):
        return []
    found = []
    listed = _numbers(text, clause, numbers)
    units = [unit_after(text, number.end, clause[1]) for number in listed]
    shared = [False] * len(listed)
    for i in range(len(listed) - 2, -1, -1):
        if units[i] is None and units[i + 1] is not None and _shares_unit(text, clause, listed[i], listed[i + 1]):
            units[i], shared[i] = units[i + 1], True  # "lần lượt 14 và 18 cán bộ": the 14 are cadres too
    for number, unit, listed_item in zip(listed, units, shared):
        lead = max(clause[0], number.start - 16)
        if (_reference_before(text, lead, number.start) or _pool_before(text, lead, number.start)) and not (
                unit and (_rotated_whole(text, unit.end(), clause[1]) or _pointed_back(text, unit.end(), clause[1]))):
            continue  # "3 trong tổng số 5 cán bộ", "Trong 5 phó giám đốc, có 2 ...": the whole a count is taken from
        if _CATEGORY_NORM_RE.search(text, max(clause[0], number.start - 40), number.start):
            continue  # "xã loại 1 được bố trí tối đa 22 người, loại 2 bố trí 20 người": a norm per kind of unit
        if unit and unit.group("unit").lower() == "trường hợp" and _IN_CASES_RE.search(text, lead, number.start) \
                and not _rotated_whole(text, unit.end(), clause[1]):
            continue  # "chỉ được biệt phái công chức trong 2 trường hợp": situations a rule allows, not people
        if _programme_before(text, max(clause[0], number.start - 20), number.start):
            continue  # "Dự án 600 Phó Chủ tịch xã": the number names a programme
        if " ".join((number.qualifier or "").split()) in _minimum_qualifiers() \
                and (number.high is not None or _norm_re().search(text, clause[0], number.start)):
            # "điều động ít nhất 2-3 công chức" (from each ward): a floor over a range is a norm; so is
            # one told as an obligation ("phải bảo đảm tối thiểu 2 người")
            continue
        if number.qualifier == "trên" and _PROPORTION_RE.search(text, max(clause[0], number.start - 8), number.start):
            continue  # "9 trên 11 bí thư": a proportion
        if _headcount_before(text, max(clause[0], number.start - _HEADCOUNT_WINDOW), number.start):
            continue  # "số Phó Giám đốc của Sở là 6 người": a unit's headcount
        if unit and _holders_of_a_post(text, clause, number.start, unit):
            continue  # "bộ máy lãnh đạo của Sở có đến 6 Phó giám đốc": a headcount
        if unit and _rate_re().match(text, unit.end(), clause[1]):
            continue  # "bố trí đủ 5 cán bộ/xã": a rate per unit
        if unit:
            single = number.words and text[number.start:number.end].lower() == "một"
            found.append(Mention(number, unit.group("unit"), unit.end() if unit.start() == number.end else number.end,
                                 clause, single=single, paren=_open_bracket(text, clause[0], number.start),
                                 listed=listed_item))
        elif (_BARE_BEFORE_RE.search(text, max(clause[0], number.start - 6), number.start)
              and (bare_end := _bare_end(text, number.end)) is not None
              and not number.words
              and (named := list(_number_of_re().finditer(
                  text, max(clause[0], number.start - _NAMED_WINDOW), number.start)))):
            # "số lượt cán bộ ... là 215 lượt": `lượt` after the number stands for the unit named before
            found.append(Mention(number, named[-1].group("unit"), bare_end, clause))
        elif (parts and not number.words and (abbreviated := _ABBREVIATED_RE.match(text, number.end))
              and _opens_part(text, clause, number)):
            # "trong đó: 20 lượt từ huyện về xã, 15 lượt từ xã về huyện": `lượt` stands for the total's unit
            found.append(Mention(number, None, abbreviated.end(), clause))
        elif not number.words and (end := _bare_end(text, number.end)) is not None:
            paren = _open_bracket(text, clause[0], number.start)
            if paren is not None:
                found.append(Mention(number, None, end, clause, paren=paren))
            elif parts and _bare_part(text, clause, number):
                found.append(Mention(number, None, end, clause))
    return found


# Numbers listed under the unit of the last (`14 và 18 cán bộ`, `9, 12 và 15 đồng chí`): a comma or
# "và"/"hoặc" between them; a number after a word of time (`năm 2024 và 18 cán bộ`) is no item.
_LIST_JOIN_RE = _compile(rf"\s*,\s*|\s+(?:và|hoặc)\s+")
_LIST_AND_RE = _compile(rf"\s+(?:và|hoặc)\s+")
_TIME_BEFORE_RE = _compile(rf"{_B}(?:năm|năm học|giai đoạn|nhiệm kỳ|khóa|khoá|đợt|tháng|ngày|quý|số|lần|thứ)\s+$")


def _shares_unit(text: str, clause: Span, number: Number, following: Number) -> bool:
    """`number` is an item of a list whose last item, `following` or one after it, names the unit:
    joined to it by a comma or "và" (a list ends with "và": `9, 12 và 15`), digits of the same
    kind, not a year, a date, a document's number or a rank (`năm 2023 và 18`, `số 15, 20`)."""
    if number.words or following.words or number.high is not None or number.qualifier:
        return False
    if not _LIST_JOIN_RE.fullmatch(text, number.end, following.start):
        return False
    if _TIME_BEFORE_RE.search(text, max(clause[0], number.start - 12), number.start):
        return False
    # a comma alone joins only inside a list that ends with "và" before its unit's number
    return bool(_LIST_AND_RE.fullmatch(text, number.end, following.start)) or bool(
        _LIST_AND_RE.match(text, following.end))


def _bare_end(text: str, pos: int) -> int | None:
    """Where a bare number's mention ends (after an abbreviating `lượt`), if punctuation or the
    text's end follows it; else None."""
    abbreviated = _ABBREVIATED_RE.match(text, pos)
    end = abbreviated.end() if abbreviated else pos
    return end if _BARE_AFTER_RE.match(text, end) else None


def _opens_part(text: str, clause: Span, number: Number) -> bool:
    """Only breakdown words (`trong đó`, `có`, `gồm`) stand between the last comma and the number:
    `trong đó có 64 lượt từ ...` opens a part, `trong đó đoàn kiểm tra về xã 4 lượt` does not."""
    lo = max(clause[0], text.rfind(",", clause[0], number.start) + 1, text.rfind(";", clause[0], number.start) + 1,
             text.rfind(":", clause[0], number.start) + 1)
    return all(w.group().lower() in _PART_WORDS for w in _WORD_RE.finditer(text, lo, number.start))


def _bare_part(text: str, clause: Span, number: Number) -> bool:
    """The words since the last comma before a bare number say only where people went: a level
    word, a motion or lateral cue, and nothing else but `_PART_WORDS`."""
    lo = max(clause[0], text.rfind(",", clause[0], number.start) + 1, text.rfind(";", clause[0], number.start) + 1)
    heads = _heads()
    covered = [m.span() for m in heads["level"].finditer(text, lo, number.start)]
    if not covered:
        return False
    moves = [m.span() for m in heads["motion"].finditer(text, lo, number.start)
             if _motions()[m.group("word").lower()][0] != "origin"]
    moves += [m.span() for m in heads["lateral"].finditer(text, lo, number.start)]
    if not moves:
        return False
    covered += moves

    def free(word: regex.Match) -> bool:
        return not any(a <= word.start() and word.end() <= b for a, b in covered)

    return all(w.group().lower() in _PART_WORDS for w in _WORD_RE.finditer(text, lo, number.start) if free(w))


_PASSIVE_AFTER_RE = _compile(rf"(?:\s+(?:{_phrases('count_people_modifiers.txt')}){_E})?"
                             rf"\s*(?:(?:đã|vừa|mới|đều|cũng)\s+){{0,2}}(?:được\s+{agent_fragment()})?")


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


_POINTED_BACK_RE = _compile(rf"\s+(?:này|đó|nói trên{_E}|trên(?=\s*[,;:.)]))")  # (not `trên địa bàn`)


def _pointed_back(text: str, pos: int, end: int) -> bool:
    """The whole points back at a count told before (`Trong số 45 cán bộ này, có 12 ...`)."""
    return _POINTED_BACK_RE.match(text, pos, end) is not None


def _holders_of_a_post(text: str, clause: Span, pos: int, unit: regex.Match) -> bool:
    """`có N <post title>` (or `cùng N <post title>`) with no action or motion word after it in the clause
    (`luân chuyển`, `về`, `lên`): how many hold the post, not how many moved."""
    heads = _heads()
    if _holder_title_re().match(unit.group("unit")) is None \
            or _HOLDING_RE.search(text, max(clause[0], pos - 24), pos) is None:
        return False
    # the holders' own stretch ends where a breakdown opens: "Sở hiện có 5 Phó Giám đốc, trong đó 2 người
    # được điều động ...": the move is the part's, the 5 still a headcount
    opener = heads["breakdown"].search(text, unit.end(), clause[1])
    end = opener.start() if opener is not None else clause[1]
    return heads["actions"].search(text, unit.end(), end) is None and heads["motion"].search(text, unit.end(), end) is None


@lru_cache(maxsize=1)
def _holder_title_re() -> regex.Pattern:
    return _compile(rf"(?:{_phrases('count_holder_titles.txt')}){_E}")


def _headcount_before(text: str, lo: int, pos: int) -> bool:
    """`_HEADCOUNT_RE` before the number, and what it numbers names no move (a rotation verb or a
    motion word: `từ`, `về`, `lên`, ...). Searched only when `số` or `biên chế` (one in every match) is there."""
    folded = folded_text(text)
    if folded.find("số", lo, pos) < 0 and folded.find("biên chế", lo, pos) < 0:
        return False
    m = _HEADCOUNT_RE.search(text, lo, pos)
    if m is None:
        return False
    a, b = m.span("what")
    if _heads()["actions"].search(text, a, b) is not None:
        return False
    if text[a:b].lower().split()[0] in _FIGURE_DEICTICS:
        return False  # "con số này là 15 cán bộ": the figure told before, not a unit's headcount
    motions = _motions()
    return not any(motions[w.group("word").lower()][0] != "origin" for w in _heads()["motion"].finditer(text, a, b))


def _reference_before(text: str, lo: int, pos: int) -> bool:
    """`_REFERENCE_RE` in text[lo:pos], searched only when `trong` (in every match) is there."""
    return folded_text(text).find("trong", lo, pos) >= 0 and bool(_REFERENCE_RE.search(text, lo, pos))


def _pool_before(text: str, lo: int, pos: int) -> bool:
    """`trong` opening a clause right before the number (`Trong 5 phó giám đốc, có 2 người ...`): the
    whole a part is taken from; searched only when `trong` is there."""
    if folded_text(text).find("trong", lo, pos) < 0:
        return False
    pool = _POOL_OPEN_RE.search(text, lo, pos)
    return pool is not None and _CLAUSE_START_RE.search(text[max(0, pool.start() - 8):pool.start()]) is not None


def unit_after(text: str, pos: int, end: int) -> regex.Match | None:
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
    (`numbers.followed`), or digits and a `(` or a breakdown marker anywhere in the sentence (a
    bracketed or listed part may hold the count; a loose test, which is safe), or digits after `là`/`:` with `số`/`số lượng`
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
    if _heads()["breakdown"].search(text, start, end) is not None:
        return True  # a bare part after `Trong đó` (`từ tỉnh về huyện 20`), perhaps
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


def own_direction(mention: Mention) -> bool:
    f = mention.fields
    return bool(f.get("direction") or f.get("from_level") or f.get("to_level"))
