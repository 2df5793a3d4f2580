"""Vietnamese numbers as news writes them: `7`, `07`, `1.000`, `hơn 100`, `45- 47`, `hai mươi mốt`.

Counts of people are written with digits (leading zeros and `.` thousands
separators included), with a qualifier (`hơn`, `gần`, `khoảng`), as a range
(`45- 47`, `45 đến 47`) or in words (`hai`, `mười lăm`, `hai mươi mốt`,
`một trăm linh năm`). Numbers that are not quantities are refused: parts of
proportions and dates (`937/2.071`, `4/30`, `07/10/2017`), percentages and
decimals (`75%`, `21,22`). Digits glossed in words, as official texts write them (`03 (ba)
đồng chí`), are one number ending after the bracket.

The word list lives in `data/count_number_words.tsv`; words that turn `năm`
("five") into "year" (`hằng năm`, `cuối năm`) in `data/count_number_guards.txt`.

Entry points: `find_numbers(text, start, end) -> list[Number]`, `parse_number(s)`, and
`NumberIndex(text)` for many spans of one text: it scans the text once for the places a
number may begin, and `find(start, end)` then gives what `find_numbers` gives, reading only
near those places.
"""

from __future__ import annotations

import re
from bisect import bisect_left
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


def leading_words() -> tuple[str, ...]:
    """The number words a count written in words begins with: the digits and "mười" ("hai mươi",
    "một trăm", "mười lăm"). The count patterns of `count_actions.tsv` spell them `{number_word}`."""
    return tuple(word for word, (_, role, _) in _words().items() if role in ("digit", "ten"))


def lone_words() -> tuple[str, ...]:
    """The number words that may stand alone as a number ("hai người", "mười cán bộ"; "năm" too,
    where no guard word makes it the year): not "một", an article as often."""
    return tuple(word for word, (_, _, flag) in _words().items() if flag in ("alone", "guarded"))


# Start and end of a word or number: no letter, mark or digit next to it. Not counts.language's
# _B/_E, which look at letters and marks only.
_TOKEN_START = r"(?<![\p{L}\p{M}\d])"
_TOKEN_END = r"(?![\p{L}\p{M}\d])"
# Digits: thousands with dots (1.000, 12.500) or a plain run; never part of a ratio,
# a date, a decimal, a percentage or a document number.
_DIGITS = r"(?:\d{1,3}(?:\.\d{3}){1,3}|\d{1,6})"
_NOT_BEFORE = r"(?<![\d.,/\-\p{L}])(?<!/\s)"
_NOT_BEFORE_CHARS = frozenset(".,/-0123456789")  # some of the characters `_NOT_BEFORE` refuses
_NOT_AFTER = r"(?![\d]|[.,]\d|\s*[/%]|\s*-\s*[\p{Lu}\d])"


@lru_cache(maxsize=1)
def number_re() -> regex.Pattern:
    word_alt = alternation(list(_words()))
    qualifier = alternation([row[0] for row in data_table("count_qualifiers.txt")])
    words = rf"{_TOKEN_START}(?:{word_alt}){_TOKEN_END}(?:\s+(?:{word_alt}){_TOKEN_END}){{0,8}}"
    range_ = rf"{_NOT_BEFORE}(?P<low>{_DIGITS})\s*(?:-|đến|tới)\s*(?P<high>{_DIGITS}){_NOT_AFTER}"
    single = rf"{_NOT_BEFORE}(?P<digits>{_DIGITS}){_NOT_AFTER}"
    # thousands in digits and a word, the rest in digits after it ("1 nghìn 400", "1,4 nghìn", "2 ngàn")
    thousands = (rf"{_NOT_BEFORE}(?P<kint>\d{{1,3}})(?:,(?P<kfrac>\d{{1,2}}))?\s+(?:nghìn|ngàn){_TOKEN_END}"
                 rf"(?:\s+(?P<krest>\d{{1,3}}){_NOT_AFTER})?")
    return bounded(
        rf"(?:{_TOKEN_START}(?P<qual>{qualifier})\s+)?(?:{range_}|{thousands}|{single}|(?P<words>{words}))",
        regex.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _guard_re() -> regex.Pattern:
    return bounded(rf"{_TOKEN_START}(?:{alternation(data_lines('count_number_guards.txt'))})\s+$", regex.IGNORECASE)


def _word_entry(word: str) -> tuple[int, str, str] | None:
    """The table row of a number word in any case. The patterns ignore case the way `regex`
    does, with full case folding ("ſáu" is "sáu"), which `lower()` alone does not match."""
    table = _words()
    return table.get(word.lower()) or table.get(word.casefold())


def words_value(phrase: str) -> int | None:
    """The value of a run of number words, or None if it is not a well-formed number."""
    tokens = phrase.lower().split()
    total, group, digit = 0, 0, None
    previous_role = ""
    for token in tokens:
        entry = _word_entry(token)
        if entry is None:
            return None
        value, role, _ = entry
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
    entry = _word_entry(word)
    if entry is None:
        return False
    flag = entry[2]
    if flag == "alone":
        return True
    if flag == "guarded":
        return not _guard_re().search(text, max(0, start - 12), start)
    return False  # một (an article), mốt, tư, lăm, mươi, trăm standing alone


_TOKEN_RE = regex.compile(r"\S+")


def _trim_words(text: str, m: regex.Match) -> tuple[int, int] | None:
    """Longest prefix of the word run that parses (`hai mươi năm 2020` -> `hai mươi`)."""
    start = m.start("words")
    tokens = list(_TOKEN_RE.finditer(m.group("words")))
    for n in range(len(tokens), 0, -1):
        end = start + tokens[n - 1].end()
        if words_value(text[start:end]) is not None:
            return start, end
    return None


def find_numbers(text: str, start: int = 0, end: int | None = None) -> list[Number]:
    """Every number in text[start:end], left to right."""
    end = len(text) if end is None else end
    return _numbers_of(text, number_re().finditer(text, start, end))


# Digits glossed in words right after them, as official texts write numbers: `03 (ba) đồng chí`,
# `12 (mười hai) cán bộ`. The gloss is part of the number when it says the same value.
_GLOSS_RE = bounded(r"\s*\(\s*(?P<gloss>[\p{L}\p{M}]+(?:\s+[\p{L}\p{M}]+){0,7})\s*\)")


def _gloss_end(text: str, end: int, value: int) -> int:
    """Where a number ending at `end` ends with its gloss in words (`03 (ba)`), else `end`."""
    if end >= len(text) or text[end] not in " (":
        return end
    m = _GLOSS_RE.match(text, end)
    return m.end() if m is not None and words_value(m.group("gloss")) == value else end


# Number words glossed in figures right after them, the other way round: `hai mươi lăm (25) cán bộ`,
# `ba (03) đồng chí`. The figures are part of the number when they say the same value.
_FIGURE_GLOSS_RE = regex.compile(r"[ \t]{0,2}\(\s{0,3}(?P<figure>\d{1,6})\s{0,3}\)")


def _figure_gloss_end(text: str, end: int, value: int | None) -> int:
    """Where number words ending at `end` end with their figures in brackets (`ba (03)`), else `end`."""
    m = _FIGURE_GLOSS_RE.match(text, end)
    return m.end() if m is not None and int(m.group("figure")) == value else end


def _numbers_of(text: str, matches) -> list[Number]:
    """The `Number`s that `number_re`'s matches in `text` stand for: a range, digits (with a gloss
    in words after them, `03 (ba)`, in the span) or number words (with their figures after them,
    `ba (03)`, in the span); skipped are the gloss of the number before, digits this Python
    cannot read, a range that falls, and a lone number word where it is not a number
    (`_lone_word_ok`)."""
    found: list[Number] = []
    for m in matches:
        if found and m.start() < found[-1].end:
            continue  # the gloss of the number before: `03 (ba)`, `ba (03)`
        qual, low, high, digits = m.group("qual", "low", "high", "digits")
        qual = qual.lower() if qual else None
        kint, kfrac, krest = m.group("kint", "kfrac", "krest")
        if (low and not _readable(low, high)) or (digits and not _readable(digits)) \
                or (kint and not _readable(kint, kfrac or "", krest or "")):
            continue  # digits of a script newer than this Python's Unicode tables
        if kint:
            value = _thousands(kint, kfrac, krest)
            if value is not None:
                found.append(Number(m.start(), m.end(), value, None, qual, False))
        elif low:
            low, high = _digits(low), _digits(high)
            if high <= low:
                continue  # "2020 - 2015" or "3-1" is not a range of counts
            found.append(Number(m.start(), m.end(), low, high, qual, False))
        elif digits:
            value = _digits(digits)
            found.append(Number(m.start(), _gloss_end(text, m.end(), value), value, None, qual, False))
        else:
            span = _trim_words(text, m)
            if span is None:
                continue
            phrase = text[span[0]:span[1]]
            if " " not in phrase and not _lone_word_ok(text, span[0], phrase):
                continue
            value = words_value(phrase)
            found.append(Number(m.start(), _figure_gloss_end(text, span[1], value), value, None, qual, True))
    return found


# The patterns match case-insensitively: a character matches a letter of a number word, a
# qualifier or a pattern's head exactly when its lower case is that letter, but for these two
# (tests/test_counts_speed.py checks this over all of Unicode). "İ".lower() is two characters.
_FOLD = (("İ", "i"), ("ſ", "s"))


def folded(text: str) -> str:
    """`text` lower-cased as `number_re` compares it, character for character (same length)."""
    for char, letter in _FOLD:
        if char in text:
            text = text.replace(char, letter)
    return text.lower()


# Letters of the Latin script as lower-cased text has them (every one is \p{L}; tests check it):
# the start scan below needs a character class `re` tests fast.
LATIN_LETTERS = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f\u1e00-\u1eff"


def literal_trie(words, tails: dict[str, str] | None = None) -> str:
    """A regex for a set of literal words, as a tree of their letters (`b(?:a|ốn)`): `re`
    tries one branch per letter instead of every word at every position. `tails`: for some
    words, a look-ahead that must hold where they end."""
    tails = tails or {}
    groups: dict[str, list[str]] = {}
    for w in sorted(set(words)):
        groups.setdefault(w[:1], []).append(w[1:])
    branches = [re.escape(ch) + literal_trie(rest, {w[1:]: t for w, t in tails.items() if w[:1] == ch})
                for ch, rest in sorted(groups.items()) if ch]
    tail = tails.get("", "") if "" in groups else ""
    if not branches:
        return tail
    if tail:  # a word ends here, if its look-ahead holds
        return "(?:" + "|".join(branches + [tail]) + ")"
    body = branches[0] if len(branches) == 1 and "" not in groups else "(?:" + "|".join(branches) + ")"
    return body + "?" if "" in groups else body


@lru_cache(maxsize=1)
def _start_words() -> tuple[str, ...]:
    """Number words and the first words of qualifiers: one of them begins every match of
    `number_re` that does not begin with a digit (and every `một` of the counts extractor)."""
    return tuple(sorted(set(_words()) | {row[0].split()[0] for row in data_table("count_qualifiers.txt")}))


@lru_cache(maxsize=1)
def _last_letters() -> frozenset[str]:
    """The letters the start words end with."""
    return frozenset(w[-1] for w in _start_words())


@lru_cache(maxsize=1)
def _word_start_re() -> re.Pattern:
    """On the folded text, the words a match of `number_re` may start with (`_start_words`),
    not after a Latin letter nor running on into one or an ASCII digit. Plain literals and
    classes: the standard `re` finds them many times faster than `regex` matches `number_re`
    at every position."""
    return re.compile(rf"(?<![{LATIN_LETTERS}])(?:{literal_trie(list(_start_words()))})(?![{LATIN_LETTERS}0-9])")


@lru_cache(maxsize=1)
def _after_non_letter_re() -> re.Pattern:
    """`_word_start_re` with the character before the word matched (group 1 is the word): a
    pattern that opens with a class lets `re` skip ahead to where it may match, which one that
    opens with a look-behind does not (about a third faster over an article)."""
    return re.compile(rf"[^{LATIN_LETTERS}]({literal_trie(list(_start_words()))})(?![{LATIN_LETTERS}0-9])")


def _word_spans(folded_text: str) -> list[tuple[int, int]]:
    """The spans of `_word_start_re`'s matches in `folded_text`. A start word is made of letters,
    so it holds no character the next one may follow, and the scan that takes that character in
    finds the same words; only one at the very start has none before it."""
    spans = [m.span(1) for m in _after_non_letter_re().finditer(folded_text)]
    first = _word_start_re().match(folded_text)
    return [first.span()] + spans if first else spans


_DIGIT_RUN_RE = regex.compile(r"(?<!\d)\d+")  # `regex`'s digits: the standard `re` may know fewer
_WORD_CHAR_RE = regex.compile(r"[\p{L}\p{M}]")
_JOINER_RE = regex.compile(r"[\p{L}\p{M}\d]")  # what `_TOKEN_END` refuses after a word


class NumberIndex:
    """One text's numbers, for many spans of it: `find(start, end)` equals
    `find_numbers(text, start, end)`.

    The text is scanned once for the places a match may start: every run of digits, and the
    words of `_word_start_re` (a match starts with a qualifier, a digit or a number word). A
    span with none of them holds no number; in one with some, `number_re` is tried at each in
    turn, as its own scan would reach them. Whether it matches at a place does not depend on
    where its scan began (look-behinds see the text before the span), only on where the span
    ends (look-aheads do not see past it).

    The word scan leaves out places no match starts at: a word after a letter (`ba` in `tuba`)
    or running on into a letter or digit (`ba` in `ban`). The last depends on the span: a word
    cut off by the span's end is a word there, so a span ending inside a word (rare) is looked
    at again there (`_cut_word`). A place inside a word the scan passed over starts nothing.
    """

    def __init__(self, text: str, folded_text: str | None = None):
        """`folded_text`: `folded(text)`, if the caller has it."""
        self.text = text
        f = self.folded = folded(text) if folded_text is None else folded_text
        digits = [m.span() for m in _DIGIT_RUN_RE.finditer(f)]
        spans = sorted(_word_spans(f) + digits)
        self._starts = [a for a, _ in spans]
        self._ends = [b for _, b in spans]
        self._digits = [a for a, _ in digits]
        self._followed: dict[tuple[str, ...], list[int]] = {}

    def followed(self, start: int, end: int, words: tuple[str, ...]) -> bool:
        """Whether a run of digits or a word at `places` in text[start:end] is followed by white
        space and one of `words` (folded): a number so followed ends at one of them."""
        marks = self._followed.get(words)
        if marks is None:
            f, n = self.folded, len(self.folded)
            marks = []
            for a, q in zip(self._starts, self._ends):
                if not f[q:q + 1].isspace():
                    continue
                k = q + 1
                while k < n and f[k].isspace():
                    k += 1
                if f.startswith(words, k):
                    marks.append(a)
            self._followed[words] = marks
        i = bisect_left(marks, start)
        return i < len(marks) and marks[i] < end

    def has_digits(self, start: int, end: int) -> bool:
        """Whether a number of digits may start in text[start:end]."""
        i = bisect_left(self._digits, start)
        return i < len(self._digits) and self._digits[i] < end

    def _cut_word(self, start: int, end: int) -> list[int]:
        """Where in text[start:end] a start word ends right at `end` with a letter or digit after
        it: the scan left it out, but in the span it is a whole word."""
        text = self.text
        if end >= len(text) or end <= start or text[end].isspace() or not _JOINER_RE.match(text, end):
            return []
        if self.folded[end - 1] not in _last_letters():
            return []  # no start word ends with the character before `end`
        found = []
        for w in _start_words():
            p = end - len(w)
            if p >= start and self.folded.startswith(w, p) and not (p and _WORD_CHAR_RE.match(text, p - 1)):
                found.append(p)
        return found

    def places(self, start: int, end: int) -> list[int]:
        """The places in text[start:end], in order, where a number, a number word or a qualifier
        may start."""
        found = self._starts[bisect_left(self._starts, start):bisect_left(self._starts, end)]
        cut = self._cut_word(start, end)
        return sorted(set(found + cut)) if cut else found

    def may_hold(self, start: int, end: int) -> bool:
        """False only when text[start:end] has no number, nor a number word (`một` included)."""
        i = bisect_left(self._starts, start)
        if i < len(self._starts) and self._starts[i] < end:
            return True
        return end < len(self.text) and not self.text[end].isspace() and bool(self._cut_word(start, end))

    def find(self, start: int, end: int, places: list[int] | None = None) -> list[Number]:
        """`places`: `self.places(start, end)`, if the caller has them."""
        text, match = self.text, number_re().match
        matches = []
        pos = start
        for p in self.places(start, end) if places is None else places:
            if p < pos:
                continue  # inside the match before
            if p and text[p - 1] in _NOT_BEFORE_CHARS and text[p].isdecimal():
                continue  # digits right after these (`07/10`, `2.071`) start no number
            m = match(text, p, end)
            if m is not None:
                matches.append(m)
                pos = m.end()
        return _numbers_of(text, matches)


def _thousands(whole: str, fraction: str | None, rest: str | None) -> int | None:
    """`1 nghìn 400` -> 1400, `1,4 nghìn` -> 1400, `2 ngàn` -> 2000; None for a fraction and a rest
    together (`1,4 nghìn 200` is no number) or a rest of two figures or fewer after a fraction."""
    if fraction and rest:
        return None
    value = int(whole) * 1000
    if fraction:
        value += int(fraction.ljust(3, "0"))
    return value + int(rest) if rest else value


def _digits(s: str) -> int:
    return int(s.replace(".", ""))


def _readable(*numbers: str) -> bool:
    """Whether Python can read these digits: `regex` may know digits of newer scripts
    (Garay, U+10D40) than this Python's `int`, and such a number is not ours to read."""
    for n in numbers:  # `str.isdecimal` reads the whole run at C speed; dots are the only other characters
        run = n.replace(".", "")
        if run and not run.isdecimal():
            return False
    return True


def parse_number(s: str) -> int | None:
    """The value of a number written alone (`07`, `1.000`, `hơn 100`, `hai mươi mốt`)."""
    found = find_numbers(s.strip())
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(s.strip()):
        return found[0].value
    return None
