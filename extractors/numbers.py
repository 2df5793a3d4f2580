"""Vietnamese numbers as news writes them: `7`, `07`, `1.000`, `hơn 100`, `45- 47`, `hai mươi mốt`.

Counts of people are written with digits (leading zeros and `.` thousands
separators included), with a qualifier (`hơn`, `gần`, `khoảng`), as a range
(`45- 47`, `45 đến 47`) or in words (`hai`, `mười lăm`, `hai mươi mốt`,
`một trăm linh năm`). Numbers that are not quantities are refused: parts of
proportions and dates (`937/2.071`, `4/30`, `07/10/2017`), percentages and
decimals (`75%`, `21,22`).

The word list lives in `data/count_number_words.tsv`; words that turn `năm`
("five") into "year" (`hằng năm`, `cuối năm`) in `data/count_number_guards.txt`.

Entry points: `find_numbers(text, start, end) -> list[Number]`, `parse_number(s)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors.base import alternation, data_lines, data_table


# Every pattern of the counts extractor goes through `bounded`: the normalised text has single
# spaces and short syllables, so capping open repeats changes no match and rules out runaway
# backtracking on hostile input.
_OPEN_REPEATS = (
    (r"\s+", r"\s{1,8}"), (r"\s*", r"\s{0,8}"),
    (r"\p{L}+", r"\p{L}{1,30}"), (r"[\p{L}\p{M}]+", r"[\p{L}\p{M}]{1,30}"),
    (r"[\p{Ll}\p{M}]*", r"[\p{Ll}\p{M}]{0,30}"),
)


def bounded(pattern: str, flags: int = 0) -> regex.Pattern:
    """Compile `pattern` with its open repeats (`\\s+`, `\\p{L}+`, ...) capped."""
    for open_repeat, capped in _OPEN_REPEATS:
        pattern = pattern.replace(open_repeat, capped)
    return regex.compile(pattern, flags)


@dataclass(frozen=True)
class Number:
    start: int          # span of the whole mention, qualifier included
    end: int
    value: int          # the value kept: the number, or the low end of a range
    high: int | None    # the high end of a range, else None
    qualifier: str | None  # "hơn", "gần", ... as written, lower-cased
    words: bool         # written in words


@lru_cache(maxsize=1)
def _words() -> dict[str, tuple[int, str, str]]:
    """word -> (value, role, flag)."""
    return {row[0]: (int(row[1]), row[2], row[3] if len(row) > 3 else "") for row in data_table("count_number_words.tsv")}


_B = r"(?<![\p{L}\p{M}\d])"   # start of a word
_E = r"(?![\p{L}\p{M}\d])"    # end of a word
# Digits: thousands with dots (1.000, 12.500) or a plain run; never part of a ratio,
# a date, a decimal, a percentage or a document number.
_DIGITS = r"(?:\d{1,3}(?:\.\d{3}){1,3}|\d{1,6})"
_NOT_BEFORE = r"(?<![\d.,/\-\p{L}])(?<!/\s)"
_NOT_AFTER = r"(?![\d]|[.,]\d|\s*[/%]|\s*-\s*[\p{Lu}\d])"


@lru_cache(maxsize=1)
def number_re() -> regex.Pattern:
    word_alt = alternation(list(_words()))
    qualifier = alternation(data_lines("count_qualifiers.txt"))
    words = rf"{_B}(?:{word_alt}){_E}(?:\s+(?:{word_alt}){_E}){{0,8}}"
    range_ = rf"{_NOT_BEFORE}(?P<low>{_DIGITS})\s*(?:-|đến|tới)\s*(?P<high>{_DIGITS}){_NOT_AFTER}"
    single = rf"{_NOT_BEFORE}(?P<digits>{_DIGITS}){_NOT_AFTER}"
    return bounded(
        rf"(?:{_B}(?P<qual>{qualifier})\s+)?(?:{range_}|{single}|(?P<words>{words}))",
        regex.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _guard_re() -> regex.Pattern:
    return bounded(rf"{_B}(?:{alternation(data_lines('count_number_guards.txt'))})\s+$", regex.IGNORECASE)


def words_value(phrase: str) -> int | None:
    """The value of a run of number words, or None if it is not a well-formed number."""
    table = _words()
    tokens = phrase.lower().split()
    total, group, digit = 0, 0, None
    previous_role = ""
    for token in tokens:
        value, role, _ = table[token]
        if role == "digit":
            if digit is not None:
                return None           # "hai ba" is not a number
            digit = value
        elif role == "tail":
            if previous_role not in ("ten", "tens"):
                return None           # mốt, lăm, tư only after mười/mươi
            digit = value
        elif role == "ten":
            if digit is not None:
                return None
            group += 10
        elif role == "tens":
            if digit is None:
                return None
            group, digit = group + digit * 10, None
        elif role == "hundred":
            group, digit = group + (1 if digit is None else digit) * 100, None
        elif role == "thousand":
            total, group, digit = total + (group + (digit or 0) or 1) * 1000, 0, None
        elif role == "zero" and previous_role != "hundred":
            return None
        previous_role = role
    return total + group + (digit or 0)


def _lone_word_ok(text: str, start: int, word: str) -> bool:
    """A single number word is a number only if it may stand alone and is not `năm` = year."""
    flag = _words()[word.lower()][2]
    if flag == "alone":
        return True
    if flag == "guarded":
        return not _guard_re().search(text, max(0, start - 12), start)
    return False  # một (an article), mốt, tư, lăm, mươi, trăm standing alone


def _trim_words(text: str, m: regex.Match) -> tuple[int, int] | None:
    """Longest prefix of the word run that parses (`hai mươi năm 2020` -> `hai mươi`)."""
    start = m.start("words")
    tokens = list(regex.finditer(r"\S+", m.group("words")))
    for n in range(len(tokens), 0, -1):
        end = start + tokens[n - 1].end()
        if words_value(text[start:end]) is not None:
            return start, end
    return None


def find_numbers(text: str, start: int = 0, end: int | None = None) -> list[Number]:
    """Every number in text[start:end], left to right."""
    end = len(text) if end is None else end
    found: list[Number] = []
    for m in number_re().finditer(text, start, end):
        qual = m.group("qual").lower() if m.group("qual") else None
        if m.group("low"):
            low, high = _digits(m.group("low")), _digits(m.group("high"))
            if high <= low:
                continue  # "2020 - 2015" or "3-1" is not a range of counts
            found.append(Number(m.start(), m.end(), low, high, qual, False))
        elif m.group("digits"):
            found.append(Number(m.start(), m.end(), _digits(m.group("digits")), None, qual, False))
        else:
            span = _trim_words(text, m)
            if span is None:
                continue
            phrase = text[span[0]:span[1]]
            if " " not in phrase and not _lone_word_ok(text, span[0], phrase):
                continue
            found.append(Number(m.start(), span[1], words_value(phrase), None, qual, True))
    return found


def _digits(s: str) -> int:
    return int(s.replace(".", ""))


def parse_number(s: str) -> int | None:
    """The value of a number written alone (`07`, `1.000`, `hơn 100`, `hai mươi mốt`)."""
    found = find_numbers(s.strip())
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(s.strip()):
        return found[0].value
    return None
