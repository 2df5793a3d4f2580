"""Posts: title + organisation + place, read over syllable tokens.

A post is a title head (`official_titles.txt`, optionally after a modifier such
as `Phó`) followed by the organisation and place it belongs to:
`Phó Trưởng phòng Quản lý đô thị Ủy ban nhân dân thành phố`, `Chủ tịch UBND xã
Y`. Abbreviations are kept as written. A post is read forward until a
word that cannot be inside one (a verb, a preposition: `official_stopwords.txt`),
a punctuation mark, or a lower-case word after the post's place or Party
committee (`Thành ủy | đã công bố`, `xã Y | tham gia`). A name goes on past
a hyphen, comma or `và` where the language says it does (`Lao động - Thương binh
và Xã hội`, `Ban Chính sách, chiến lược Trung ương`, `tỉnh Bà Rịa-Vũng Tàu`,
`Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh`, `Quân khu 7`).

Everything here is a linear scan over tokens with bounded look-ahead: no regex
that could backtrack on long runs of capitalised words.

Entry points: `read_post`, `read_body`, `post_before`, `posts_after`,
`same_unit` (is a new post in the old one's unit), `completed_by` (a post with the
body it is in), `is_task_post`, `task_body_at`; `Lexicon` for phrase look-ups shared with the other
modules. The tokens themselves (`Tok`, `tokenize`) are `extractors.tokens`'s, imported here
under their old names too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import attrgetter
from typing import Callable

from extractors.base import data_lines, data_table
from extractors.gazetteer import is_place_name, place_name_first_syllables, province, province_now, units
from extractors.tokens import Tok, tokenize

MAX_POST_TOKENS = 30  # no real post is longer; bounds every scan


class Lexicon:
    """Phrases matched on whole tokens; the longest phrase starting at a token wins."""

    def __init__(self, phrases: tuple[str, ...] | list[str], case_sensitive: bool = False):
        self.case_sensitive = case_sensitive
        # a token's key: its text as written, or in lower case (attrgetter: called per token)
        self._key: Callable[[Tok], str] = attrgetter("text" if case_sensitive else "low")
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            words = tuple(self._key(t) for t in tokenize(phrase))
            if words:
                self.by_first.setdefault(words[0], []).append(words)
        for options in self.by_first.values():
            options.sort(key=len, reverse=True)
        # what `match` tries after a first word: each phrase's length, its second word and the words
        # after that, longest first
        self._rests = {first: [(len(words), words[1] if len(words) > 1 else None, list(words[2:]))
                               for words in options]
                       for first, options in self.by_first.items()}

    def match(self, toks: list[Tok], i: int, lower_only: bool = False) -> int:
        """Tokens in the longest phrase at `toks[i]` (0 if none; `i` >= 0); `lower_only`: as written in lower case."""
        if i >= len(toks):
            return 0
        tok = toks[i]
        if lower_only and not tok.is_lower:
            return 0
        # one dict look-up settles most calls: few tokens start any phrase
        options = self._rests.get(tok.text if self.case_sensitive else tok.low)
        if options is None:
            return 0
        key = self._key
        for n, second, rest in options:
            if n == 1:
                return 1
            # the second word alone first (most phrases tried fail there), then the others at once, in C
            if i + n <= len(toks) and key(toks[i + 1]) == second \
                    and (n == 2 or list(map(key, toks[i + 2:i + n])) == rest):
                return n
        return 0

    def starts(self, toks: list[Tok], lower_only: bool = False) -> list[int]:
        """Where a phrase may start: tokens that are some phrase's first word.

        A cheap scan for loops that try every token: `match` need only be asked there.
        """
        by_first = self.by_first
        if self.case_sensitive:  # the key read as an attribute: a call to `_key` per token costs more
            return [k for k, tok in enumerate(toks) if tok.text in by_first and (tok.is_lower or not lower_only)]
        return [k for k, tok in enumerate(toks) if tok.low in by_first and (tok.is_lower or not lower_only)]


@lru_cache(maxsize=None)
def lexicon(name: str, case_sensitive: bool = False) -> Lexicon:
    return Lexicon(data_lines(name), case_sensitive)


# The lexicons below are asked for at nearly every token: cached, each call is one
# C-level look-up instead of a Python frame and a look-up by name.
@lru_cache(maxsize=1)
def titles() -> Lexicon:
    return lexicon("official_titles.txt")


@lru_cache(maxsize=1)
def _title_lookalikes() -> dict[str, frozenset[str]]:
    """`official_title_lookalikes.txt` as last syllable -> the first syllables before it (`vụ` ->
    `chức`, `nhiệm`, ...): words whose last syllable opens a title."""
    pairs = [line.lower().split() for line in data_lines("official_title_lookalikes.txt")]
    return {last: frozenset(first for first, end in pairs if end == last) for _, last in pairs}


@lru_cache(maxsize=1)
def modifiers() -> Lexicon:
    return lexicon("official_title_modifiers.txt")


@lru_cache(maxsize=1)
def place_types() -> Lexicon:
    # case-sensitive: "Xã hội" in "Lao động - Thương binh và Xã hội" is not a commune
    return lexicon("official_place_types.txt", case_sensitive=True)


@lru_cache(maxsize=1)
def committees() -> Lexicon:
    return _committees()[0]


@lru_cache(maxsize=1)
def _committees() -> tuple[Lexicon, dict[str, str]]:
    """Party committees, and the unit word of each (`huyện ủy` -> `huyện`)."""
    rows = data_table("official_party_committees.tsv")
    units = {row[0].lower(): row[1] for row in rows if len(row) > 1 and row[1]}
    return Lexicon([row[0] for row in rows]), units


@lru_cache(maxsize=None)
def cues(role: str) -> Lexicon:
    """Function words of one role in `official_cues.tsv` (`pronoun`, `copula`, ...)."""
    return Lexicon([row[0] for row in data_table("official_cues.tsv") if row[1] == role])


@lru_cache(maxsize=None)
def cue_words(role: str) -> frozenset[str]:
    return frozenset(row[0].lower() for row in data_table("official_cues.tsv") if row[1] == role)


@lru_cache(maxsize=1)
def stopwords() -> Lexicon:
    return lexicon("official_stopwords.txt")


@lru_cache(maxsize=1)
def bodies() -> Lexicon:
    return lexicon("official_bodies.txt")


@lru_cache(maxsize=1)
def honorifics() -> Lexicon:
    return lexicon("official_honorifics.txt")


@lru_cache(maxsize=1)
def _honorific_ends() -> tuple[frozenset[str], tuple[int, ...]]:
    """The words an honorific can end with (`chí` in `đồng chí`), and the honorifics' lengths, longest first."""
    options = [words for firsts in honorifics().by_first.values() for words in firsts]
    return frozenset(words[-1] for words in options), tuple(sorted({len(words) for words in options}, reverse=True))


def honorific_ending_at(toks: list[Tok], end: int) -> int:
    """Tokens of an honorific (`đồng chí`, `ông`, `Thiếu tướng`, `TS.`) ending right before toks[end], else 0."""
    last_words, lengths = _honorific_ends()
    if end < 1 or toks[end - 1].low not in last_words:
        return 0  # settles most calls: it is asked at every capitalised run
    if end < len(toks) and toks[end].text == "Thị" and toks[end - 1].text == "Ông":
        return 0  # "Trưởng ban Ông Thị Hạnh": before a woman's middle name `Ông` is her family name, no `ông`
    for n in lengths:
        if end - n >= 0 and honorifics().match(toks, end - n) == n:
            return n
    return 0


@lru_cache(maxsize=1)
def _titles_by_body() -> tuple[Lexicon, dict[str, Lexicon]]:
    """`official_titles_by_body.tsv`: titles that are one only before a body's name (`Thống đốc` before
    `Ngân hàng Nhà nước`), and per title (lower case) the bodies that may follow it."""
    rows = [row for row in data_table("official_titles_by_body.tsv") if len(row) > 1]
    bodies_of: dict[str, list[str]] = {}
    for title, body in rows:
        bodies_of.setdefault(" ".join(t.low for t in tokenize(title)), []).append(body)
    return Lexicon([row[0] for row in rows]), {title: Lexicon(names) for title, names in bodies_of.items()}


def _title_by_body_at(toks: list[Tok], j: int) -> int:
    """Tokens of a title at toks[j] that is one only before its body's name, else 0 (the body not counted)."""
    heads, bodies_of = _titles_by_body()
    n = heads.match(toks, j)
    if not n or not bodies_of[" ".join(t.low for t in toks[j:j + n])].match(toks, j + n):
        return 0
    return n


@lru_cache(maxsize=1)
def _title_first_words() -> frozenset[str]:
    """Words a title head can start with: a modifier's first word or a title's."""
    return frozenset(modifiers().by_first) | frozenset(titles().by_first) | frozenset(_titles_by_body()[0].by_first)


def title_first_words() -> frozenset[str]:
    """Words a title head can start with (lower case), for the other modules' cheap tests."""
    return _title_first_words()


def title_at(toks: list[Tok], i: int) -> int:
    """Tokens of a title head (with its modifiers) starting at toks[i], else 0."""
    if i >= len(toks) or toks[i].low not in _title_first_words():
        return 0  # settles most calls: readers try every token
    if i and toks[i].low in _title_lookalikes() and toks[i - 1].low in _title_lookalikes()[toks[i].low] \
            and not (toks[i].is_cap and toks[i - 1].is_lower):  # "giữ chức Vụ trưởng": the capital opens a title
        return 0  # "chức vụ Phó Chủ tịch": the word's last syllable, not "Vụ phó"
    j = i
    # a title that opens with a modifier's word ("Phó ban"); a dict look-up first: few do
    whole = titles().match(toks, i) if toks[i].low in modifiers().by_first else 0
    for _ in range(2):  # "Nguyên Phó Bí thư"
        m = modifiers().match(toks, j) if j < len(toks) and toks[j].low in modifiers().by_first else 0
        if not m:
            break
        j += m
    head = titles().match(toks, j) or _title_by_body_at(toks, j)
    return max(whole, j + head - i if head else 0)


def _place_at(toks: list[Tok], j: int, limit: int) -> int:
    """End of a place starting at toks[j]: a unit type word and the capitalised name after it."""
    n = place_types().match(toks, j)
    if not n or committee_at(toks, j):  # "Huyện ủy" is a committee, not a place
        return j
    if toks[j].low in _lookalikes().by_first and _lookalikes().match(toks, j):
        return j  # "xã hội" is no commune
    k = j + n
    k = _after_descriptors(toks, k, limit)  # "huyện miền núi, biên giới Hải Hà"
    if toks[j].is_cap and not (k < limit and toks[k].is_cap) and toks[j].text not in ("TP", "Tp"):
        return j  # "Tỉnh đoàn" is the youth union; a capitalised unit word needs a name
    if k + 1 < limit and toks[k].text == "." and toks[j].text in ("TP", "Tp") and toks[k + 1].is_cap:
        if not _sentence_after_abbreviation(toks, k + 1, limit):
            k += 1  # "TP. Hà Tĩnh"; a full stop after "huyện" ends the sentence
    while k < limit and toks[k].is_word and toks[k].is_cap and k - j < 8:
        k += 1
    if k + 1 < limit and toks[k].text in ("-", "–") and toks[k + 1].is_cap:
        after = _place_after_hyphen(toks, j + n, k, limit)
        if after > k:
            k = after  # "tỉnh Bà Rịa-Vũng Tàu", "Thừa Thiên - Huế"
    return k


@lru_cache(maxsize=1)
def _lookalikes() -> Lexicon:
    return lexicon("official_place_lookalikes.txt")


@lru_cache(maxsize=1)
def _descriptors() -> Lexicon:
    return lexicon("official_place_descriptors.txt")


def _after_descriptors(toks: list[Tok], k: int, limit: int) -> int:
    """Past the words describing a unit between its type word and its name (`huyện | miền núi,
    biên giới | Hải Hà`, `huyện | đảo | Cô Tô`), when a name follows them; else `k`."""
    m = k
    while m < limit:
        n = _descriptors().match(toks, m, lower_only=True)
        if not n:
            break
        m += n
        if m + 1 < limit and toks[m].text == "," and _descriptors().match(toks, m + 1, lower_only=True):
            m += 1
    return m if m > k and m < limit and toks[m].is_cap else k


MAX_PLACE_TOKENS = 4  # "Phan Rang - Tháp Chàm": syllables of a place's name on one side of a hyphen


def _place_after_hyphen(toks: list[Tok], name_start: int, hyphen: int, limit: int) -> int:
    """End of a place name that goes on past the hyphen at toks[hyphen] (`Bà Rịa-Vũng Tàu`), else
    `hyphen`: the longest run of capitalised words after it that, joined to the name before
    (`Bà Rịa - Vũng Tàu`) or alone (`Huế`), the gazetteer knows. A name of a person after a
    hyphen (`Huyện ủy Mai Sơn - Hoàng Văn A`) is no place."""
    before = _joined(toks, name_start, hyphen)
    return _known_run_after(toks, hyphen, limit, lambda after: is_place_name(f"{before} - {after}") or is_place_name(after))


def _province_after_hyphen(toks: list[Tok], hyphen: int, limit: int) -> int:
    """End of a province's name right after the hyphen at toks[hyphen] (`khu vực 7 - Gia Lai`), else
    `hyphen`: the regional units of 2025 close their name with the province they serve."""
    return _known_run_after(toks, hyphen, limit, lambda after: province(after) is not None)


def _known_run_after(toks: list[Tok], hyphen: int, limit: int, known: Callable[[str], bool]) -> int:
    """End of the longest run of capitalised words after the hyphen at toks[hyphen] (at most a place's
    length) that `known` accepts, else `hyphen`."""
    best = hyphen
    for end in range(hyphen + 2, min(limit, hyphen + 1 + MAX_PLACE_TOKENS) + 1):
        if not (toks[end - 1].is_word and toks[end - 1].is_cap):
            break
        if known(_joined(toks, hyphen + 1, end)):
            best = end
    return best


def _sentence_after_abbreviation(toks: list[Tok], k: int, limit: int) -> bool:
    """Whether the capitalised words at toks[k], after `TP.`, open a new sentence rather than
    name the city: an honorific before a name (`TP. Ông Tâm ...`), unless the words are a
    place the gazetteer knows (`TP. Bà Rịa`)."""
    n = honorifics().match(toks, k)
    if not n or k + n >= limit or not toks[k + n].is_cap:
        return False
    return not any(is_place_name(_joined(toks, k, end))
                   for end in range(k + 2, min(limit, k + MAX_PLACE_TOKENS) + 1))


def committee_at(toks: list[Tok], j: int) -> int:
    """A Party or youth committee at toks[j] (`Huyện ủy`, `Tỉnh Đoàn`), its `ủy` in lower case or
    capitalised as a title may write it (`Thành Ủy Hải Phòng`), but not a capital `Ủy` that opens
    `Ủy ban`: in `đô thị Ủy ban` the capital marks `Ủy ban`, not a `Thị ủy`."""
    n = committees().match(toks, j)
    if not n:
        return 0
    uy = [t for t in toks[j:j + n] if t.low == "ủy"]
    if uy:
        opens_board = j + n < len(toks) and toks[j + n].low == "ban"
        return n if all(t.is_lower for t in uy) or not opens_board else 0
    return n if toks[j].is_cap else 0  # "Thành Đoàn", but "huyện Đoàn Văn Thạch" is a unit and a name


def _listed_name_goes_on(toks: list[Tok], j: int, limit: int) -> bool:
    """After a comma inside an organisation's name: capitalised words, then `và` and a capital."""
    if j >= limit or not toks[j].is_cap or title_at(toks, j):
        return False
    for k in range(j + 1, min(limit - 1, j + 4)):
        if not toks[k].is_word:
            return False
        if toks[k].low == "và":
            return toks[k + 1].is_cap
    return False


def _and_goes_on(toks: list[Tok], j: int, limit: int, start: int) -> int:
    """Where a name goes on after `và` at toks[j]: at the capital right after (`Kế hoạch và
    Đầu tư`) or after `các` (`Khu kinh tế Nghi Sơn và các Khu công nghiệp`), or at a lower-case
    word that repeats a word of the name read from toks[start] and leads to a place (`khu kinh tế
    Nghi Sơn và các khu công nghiệp tỉnh Thanh Hóa`); else 0. A title right after `và` opens a second
    post instead (`Giám đốc Sở Nội vụ và | Giám đốc Sở Tài chính`), which the readers of a person's
    posts take as the next one (`next_post_start`)."""
    k = j + 1
    if title_at(toks, k):
        return 0
    if k < limit and toks[k].low == "các":
        k += 1
    if k >= limit:
        return 0
    if toks[k].is_cap:
        # "Thứ trưởng Bộ Quốc phòng và | Trung tướng A": a rank or honorific opens the next person
        return 0 if honorifics().match(toks, k) else k
    if toks[k].low not in {tok.low for tok in toks[start:j]}:
        # "Viện Công nghệ số và | chuyển đổi số quốc gia": a field named in lower case, up to the post's end;
        # "Giám đốc Sở Y tế và các sở, ngành": not this organisation's name
        return k if _field_goes_on(toks, k, limit, start, j) else 0
    for m in range(k + 1, min(limit, k + MAX_PART_TOKENS + 1)):
        if not toks[m].is_word or stopwords().match(toks, m, lower_only=True):
            return 0
        if place_types().match(toks, m) and _place_at(toks, m, limit) > m:
            return k
    return 0


MAX_PART_TOKENS = 4  # lower-case words of an organisation's name after a comma or `và các`


MAX_PLURAL_PART_TOKENS = 6  # "các | dự án đầu tư xây dựng | tỉnh"


def _plural_part_goes_on(toks: list[Tok], k: int, limit: int) -> bool:
    """After `các` inside an organisation's name, lower-case words then the place it serves (`Ban
    Quản lý các | khu công nghiệp | tỉnh`, `Ban Quản lý các dự án | tỉnh Bắc Ninh`): the name goes on.
    Not a place right after `các` (`Sở Y tế các tỉnh`: the provinces, plural) nor a word that ends a
    post (`Giám đốc Sở Y tế các ngày`)."""
    m = k
    # the first word may be capitalised: "Ban Quản lý các | Khu công nghiệp | tỉnh X"
    while m < min(limit, k + MAX_PLURAL_PART_TOKENS + 1) and toks[m].is_word and (
            toks[m].is_lower or (m == k and toks[m].is_cap and not place_types().match(toks, m))):
        if stopwords().match(toks, m, lower_only=True) or title_at(toks, m):
            return False
        if m > k and place_types().match(toks, m) and _place_at(toks, m, limit) > m:
            return True
        if place_types().match(toks, m):
            return False
        m += 1
    return m > k and m < limit and _province_at(toks, m, limit) > m


@lru_cache(maxsize=1)
def _field_units() -> Lexicon:
    return lexicon("official_field_units.txt", case_sensitive=True)


@lru_cache(maxsize=1)
def _people_nouns() -> Lexicon:
    return lexicon("count_people_nouns.txt")


MAX_FIELD_TOKENS = 8  # lower-case syllables of one field in a unit's name: "chuyển giao công nghệ quốc gia"
FIELD_ENDS = frozenset({",", ".", ";", ":", ")", "!", "?", '"', "”", "…"})


def _field_named_unit(toks: list[Tok], start: int, j: int) -> bool:
    """Whether toks[start:j] holds a unit of a kind named by its fields, its name begun capitalised
    (`Viện | Công nghệ số`, `Trung tâm | Văn hóa`: official_field_units.txt)."""
    for k in range(start, j):
        n = _field_units().match(toks, k)
        if n and k + n < j and toks[k + n].is_cap:
            return True
    return False


def _lower_field_end(toks: list[Tok], k: int, limit: int) -> int:
    """End of the lower-case words from toks[k] that can name a field of work: none a function word,
    a verb of the stop list or one that opens a clause (`not_a_field`, `report` in official_cues.tsv), a
    title, an honorific or a noun for people (`cán bộ và nhân viên`)."""
    m = k
    while m < min(limit, k + MAX_FIELD_TOKENS) and toks[m].is_word and toks[m].is_lower and toks[m].low != "và" \
            and not stopwords().match(toks, m, lower_only=True) and not title_at(toks, m) \
            and not honorifics().match(toks, m) and not _people_nouns().match(toks, m) \
            and not cues("not_a_field").match(toks, m) and not cues("report").match(toks, m) \
            and not (place_types().match(toks, m) and _place_at(toks, m, limit) > m):
        m += 1
    return m


def _field_closed_at(toks: list[Tok], m: int, limit: int) -> bool:
    """Whether the post can end at toks[m] (a stop, the end, or its place or parent body next), so
    that the lower-case words before it are the last field of the unit's name, not a clause."""
    if m >= limit:
        return True
    if not toks[m].is_word:
        return toks[m].text in FIELD_ENDS
    return (place_types().match(toks, m) and _place_at(toks, m, limit) > m) or bool(bodies().match(toks, m))


def _field_goes_on(toks: list[Tok], k: int, limit: int, start: int, j: int) -> bool:
    """After `và`, a comma or a hyphen at toks[j] inside a unit named by its fields, lower-case words
    that run to the post's end: the unit's name goes on (`Trung tâm Khởi nghiệp và | doanh nghiệp công
    nghệ`). Through one more `và` after a comma: `Trung tâm Văn hóa, | thông tin và thể thao`."""
    if not _field_named_unit(toks, start, j):
        return False
    m = _lower_field_end(toks, k, limit)
    if m == k:
        return False
    if m < limit and toks[m].low == "và" and toks[j].text == ",":
        after = _lower_field_end(toks, m + 1, limit)
        return after > m + 1 and _field_closed_at(toks, after, limit)
    return _field_closed_at(toks, m, limit)


@lru_cache(maxsize=1)
def _blocs() -> Lexicon:
    return lexicon("official_blocs.txt")


@lru_cache(maxsize=1)
def _name_closings() -> Lexicon:
    return lexicon("official_name_closings.txt", case_sensitive=True)


def _lower_part_goes_on(toks: list[Tok], j: int, limit: int) -> bool:
    """After a comma inside an organisation's name, lower-case words then its closing word (`Ban
    Chính sách, chiến lược Trung ương`, `Ban Kinh tế, xã hội Trung ương`): the name goes on."""
    k = j
    while k < min(limit, j + MAX_PART_TOKENS) and toks[k].is_word and toks[k].is_lower \
            and not stopwords().match(toks, k, lower_only=True) and not honorifics().match(toks, k) \
            and not title_at(toks, k):
        k += 1
    if k == j:  # written capitalised ("Ban Chính sách, Chiến lược Trung ương"): the closing word within reach
        while k < min(limit, j + MAX_PART_TOKENS) and toks[k].is_word and (toks[k].is_cap or k > j) \
                and not _name_closings().match(toks, k) and not honorifics().match(toks, k) \
                and not stopwords().match(toks, k, lower_only=True) \
                and not title_at(toks, k) and not bodies().match(toks, k) and not place_types().match(toks, k):
            k += 1
    return k > j and bool(_name_closings().match(toks, k))


@lru_cache(maxsize=1)
def _name_compounds() -> frozenset[tuple[str, str]]:
    return frozenset(tuple(line.lower().split()) for line in data_lines("official_name_compounds.txt"))


def compound_ends_at(toks: list[Tok], j: int) -> bool:
    """Whether the word at toks[j] ends a compound noun of a body's name (`việc | làm`, `thị | trường`)."""
    return j > 0 and (toks[j - 1].low, toks[j].low) in _name_compounds()


@lru_cache(maxsize=1)
def _numbered_units() -> Lexicon:
    return lexicon("official_numbered_units.txt")


def _numbered_kind_told_bare(org: str, other: str) -> bool:
    """A unit named by its kind alone where numbers name its kind (`quân khu`, `sư đoàn`), the other post's
    unit that kind with its number (`quân khu 2`): the same unit, its number told once."""
    toks = tokenize(org)
    return bool(toks) and _numbered_units().match(toks, 0) == len(toks) \
        and re.fullmatch(rf"{re.escape(org)} \d+", other) is not None


def _numbered_unit_before(toks: list[Tok], j: int) -> bool:
    """A unit word that takes a number right before toks[j] (`Quân khu | 7`, `Quận | 3`)."""
    return any(j - n >= 0 and _numbered_units().match(toks, j - n) == n for n in (3, 2, 1))


@lru_cache(maxsize=1)
def _label_first_words() -> frozenset[str]:
    return frozenset(lexicon("official_byline_cues.txt").by_first)


def _label_at(toks: list[Tok], j: int, limit: int) -> bool:
    """A caption's or byline's label at toks[j], before its colon (`ẢNH:`, `Nguồn:`)."""
    n = lexicon("official_byline_cues.txt").match(toks, j)
    return bool(n) and j + n < limit and toks[j + n].text == ":"


@lru_cache(maxsize=1)
def _day_parts_lower() -> frozenset[str]:
    """The parts of the day (`official_day_parts.txt`), as written inside a sentence: `sáng`, `chiều`."""
    return frozenset(word.lower() for word in data_lines("official_day_parts.txt"))


def _time_of_day_at(toks: list[Tok], j: int, limit: int) -> bool:
    """A part of the day at toks[j] with a date or a day after it (`sáng 4-6`, `chiều qua`, `tối ngày
    12/3`: `official_day_part_next.txt`): a time told after a post, never part of it (`tối cao`,
    `sáng tạo` are no time)."""
    if j + 1 >= limit:
        return False
    after = toks[j + 1]
    return after.text[:1].isdigit() or (after.is_lower and after.low in _day_part_words_after())


@lru_cache(maxsize=1)
def _day_part_words_after() -> frozenset[str]:
    return frozenset(data_lines("official_day_part_next.txt"))


def read_org(toks: list[Tok], j: int, limit: int) -> int:
    """End (exclusive) of the organisation and place that follow a title or body head."""
    terminal = False  # after a place or a Party committee, only a place may follow
    named_from = None  # where the place's name after a Party committee starts ("Tỉnh ủy | Bà Rịa-Vũng Tàu")
    end = start = j
    stop_at = min(limit, j + MAX_POST_TOKENS)
    stops, places, committee_words = stopwords().by_first, place_types().by_first, committees().by_first
    while j < stop_at:
        t = toks[j]
        if not t.is_word:
            if t.text == "-" and not terminal and j + 1 < stop_at and toks[j + 1].is_cap \
                    and not title_at(toks, j + 1):
                j += 1  # "Lao động - Thương binh và Xã hội"
                continue
            if t.text == "," and j + 1 < stop_at and place_types().match(toks, j + 1) \
                    and _place_at(toks, j + 1, stop_at) > j + 2:
                j += 1  # "xã Liên Hà, huyện Đan Phượng": the unit above, part of the post
                continue
            if t.text == "," and not terminal and _listed_name_goes_on(toks, j + 1, stop_at):
                j += 1  # "Sở Văn hóa, Thể thao và Du lịch"
                continue
            if t.text == "," and not terminal and _lower_part_goes_on(toks, j + 1, stop_at):
                j += 1  # "Ban Chính sách, chiến lược Trung ương"
                continue
            if t.text in (",", "-", "–") and not terminal and j > start and j + 1 < stop_at and toks[j + 1].is_lower \
                    and _field_goes_on(toks, j + 1, stop_at, start, j):
                j += 1  # "Trung tâm Văn hóa, thông tin và thể thao", "Vụ Pháp luật dân sự - kinh tế"
                continue
            if t.text in ("-", "–") and terminal and named_from is None and (after := _province_after_hyphen(toks, j, stop_at)) > j:
                j = end = after  # "TAND khu vực 7 - Gia Lai": a regional unit, then its province
                continue
            if t.text in ("-", "–") and named_from is not None and j > named_from:
                after = _place_after_hyphen(toks, named_from, j, stop_at)
                if after > j:
                    j = end = after  # "Tỉnh ủy Bà Rịa-Vũng Tàu": the province's name goes on past its hyphen
                    continue
            if t.text == "(" and not terminal and j + 3 < stop_at and toks[j + 1].text.isupper() \
                    and toks[j + 2].text == ")" and toks[j + 3].is_word:
                j += 3  # "Hội đồng Nhân dân (HĐND) tỉnh Bình Định": the abbreviation told once, then the rest
                continue
            break
        if t.low == "về" and not terminal and j > start and _topic_named_before(toks, start, j):
            j += 1  # "Cục Cảnh sát điều tra tội phạm về ma túy": the unit's field, part of its name
            continue
        if t.low == "về" and j > start and (topic := _steering_topic_after(toks, start, j)):
            j = end = j + 1 + topic  # "Ban Chỉ đạo Trung ương về phòng, chống tham nhũng, tiêu cực"
            continue
        if t.low == "các" and not terminal and j > start and _plural_part_goes_on(toks, j + 1, stop_at):
            j += 1  # "Ban Quản lý các khu công nghiệp tỉnh": the name goes on
            continue
        # dict look-ups first: a lexicon finds nothing at a token that starts none of its phrases
        if t.low in stops and stopwords().match(toks, j, lower_only=True) and not compound_ends_at(toks, j):
            break
        if t.low in _day_parts_lower() and t.is_lower and _time_of_day_at(toks, j, stop_at):
            break  # "về làm phó tổng giám đốc VXT | sáng 4-6", "Phó Giám đốc Sở Y tế | chiều qua": when, not who
        if t.text.isdigit():
            if not _numbered_unit_before(toks, j):
                break
            j = end = j + 1  # "Quân khu 7", "Sư đoàn 312", "Quận 3"
            if j + 1 < stop_at and toks[j].low == "quốc" and toks[j + 1].low == "gia":
                j = end = j + 2  # "Ban Chỉ đạo 389 quốc gia": the national one
            if j < stop_at and toks[j].is_word and toks[j].is_lower and not place_types().match(toks, j):
                break  # the number ends the name: "Quân khu 4 | quán triệt ..." (not "Sư đoàn 312 Quân đoàn 1")
            continue
        if t.text[0].isdigit():
            break  # "Phó Thủ tướng Chính phủ | 25/10/2025": a date or a time, no part of a name
        if t.low in _label_first_words() and _label_at(toks, j, stop_at):
            break  # "Phó Bí thư Tỉnh ủy Quảng Trị | ẢNH: TTXVN"
        if t.low == "và":
            after = _and_goes_on(toks, j, stop_at, start)
            if not after or terminal:
                break
            j = after  # the part after `và` (and `các`) is read next; `và` alone ends nothing
            continue
        place_end = _place_at(toks, j, stop_at) if t.text in places else j  # place types: case-sensitive
        if place_end > j:
            j = end = place_end
            terminal = True
            continue
        committee = committee_at(toks, j) if t.low in committee_words else 0
        if committee:
            j = end = j + committee
            if toks[j - 1].low == "khối" or (j < stop_at and toks[j].low == "các" and toks[j - 1].low == "ủy"):
                # "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh", "Đảng ủy các cơ quan Đảng tỉnh": the bloc's name
                # the bloc's name in any case: "Khối Doanh nghiệp", "Khối các cơ quan"
                j = end = j + _blocs().match(toks, j)
            elif _of_a_body(toks, j - committee, j, stop_at):
                continue  # "Đảng ủy Sở Tài chính": the body's own name goes on, lower-case words too
            terminal, named_from = True, j
            continue
        if terminal and not t.is_cap:
            break
        j = end = j + 1
    return end


def _of_a_body(toks: list[Tok], start: int, j: int, limit: int) -> bool:
    """A Party committee of no level (`Đảng ủy`) right before a body's name (`Đảng ủy | Sở Tài chính`,
    `Đảng ủy | Bộ Công Thương`): the committee of that body, whose name is read on."""
    return j < limit and toks[j].is_cap and not _committees()[1].get(" ".join(t.low for t in toks[start:j])) \
        and bodies().match(toks, j) > 0


def _topic_named_before(toks: list[Tok], start: int, j: int) -> bool:
    """A unit's field ends right before `về` at toks[j] (`tội phạm | về ma túy`,
    `official_cues.tsv` role `field_before_ve`): the `về` goes on with the unit's name, not a move."""
    return any(len(words := field.split()) <= j - start and [t.low for t in toks[j - len(words):j]] == words
               for field in cue_words("field_before_ve"))


def _steering_topic_after(toks: list[Tok], start: int, j: int) -> int:
    """Tokens of a steering committee's field after `về` at toks[j] (official_body_topics.txt), when
    the name read since toks[start] is a steering committee's (`Ban Chỉ đạo ...`), else 0."""
    if not any(toks[k].low == "chỉ" and toks[k + 1].low == "đạo" for k in range(start, j - 1)):
        return 0
    return lexicon("official_body_topics.txt").match(toks, j + 1)


@lru_cache(maxsize=1)
def _unit_kind_words() -> frozenset[str]:
    """The words of a unit's kind (`unit_kind`, `division_word` in official_cues.tsv: `phòng`, `sở`, `khoa`), one syllable each."""
    return frozenset(word for role in ("unit_kind", "division_word") for phrase in cue_words(role) for word in phrase.split())


def read_post(toks: list[Tok], i: int, limit: int) -> int:
    """End of the post starting at toks[i], or `i` when no title head starts there."""
    head = title_at(toks, i)
    if not head:
        return i
    if _private_employer_at(toks, i + head):
        return i  # "giám đốc một doanh nghiệp xây dựng": a job in some business, not a post
    end = read_org(toks, i + head, limit)
    weak = lexicon("official_weak_titles.txt").match(toks, i) == head
    if weak and end > i + head and all(t.is_lower and not place_types().match(toks, k) and t.low not in _unit_kind_words()
                                       for k, t in enumerate(toks[i + head:end], i + head)):
        end = i + head  # "cán bộ | dựa vào năng lực": lower-case words that name no unit after a weak title
    if weak and end == i + head:
        if end + 1 < limit and toks[end].low == "của" and toks[end + 1].is_cap:
            served = read_org(toks, end + 1, limit)
            if served > end + 1:
                return served  # "chuyên viên của Quỹ bảo vệ và phát triển rừng": the body served
        return i  # "cán bộ", "chuyên viên" alone name no post
    if end + 1 < limit and toks[end].low in cue_words("envoy_link") and toks[end + 1].is_cap \
            and cues("envoy").match(toks, i + cues("former_mark").match(toks, i)):  # "(nguyên) Đại sứ"
        return _countries_end(toks, end + 1, limit)  # "Đại sứ Việt Nam tại Nhật Bản": the country is the post's
    if end + 2 < limit and toks[end].low == "của" and toks[end + 1].is_cap:
        return _parent_after_of(toks, i, end, limit, bare=end == i + head)
    return end


def _parent_after_of(toks: list[Tok], i: int, end: int, limit: int, bare: bool = False) -> int:
    """End of a division's post, or a bare title's, that goes on with `của` and the body it is part of
    (`Trưởng phòng Giám định | của Cục Quản lý xây dựng`, `Phó Tham mưu trưởng | của Cảnh sát biển Việt
    Nam`), else `end`: the post is the division's, or the title's, in that body."""
    if not bare and not any(t.low in cue_words("division_word") for t in toks[i:end]):
        return end  # "Giám đốc Sở X của tỉnh": only a division's post goes on
    kind = cues("unit_kind").match(toks, end + 1) or cues("house_unit").match(toks, end + 1)
    body = 0 if kind else bodies().match(toks, end + 1)  # a body named whole by the lexicon: "Bộ Chính trị"
    if not kind and not body:
        return end
    parent = read_org(toks, end + 1, limit)
    # a kind needs a name after it ("của Sở" alone names no body); a body of the lexicon is one already
    least = end + 1 + kind + 1 if kind else end + 1 + body
    return parent if parent >= least else end


MAX_COUNTRY_TOKENS = 8  # "Nhà nước Độc lập Papua New Guinea" is seven


def _countries_end(toks: list[Tok], j: int, limit: int) -> int:
    """End of the countries an envoy is accredited to, starting at toks[j]: one country, or several
    joined by `kiêm (nhiệm)` or `và` (`tại Indonesia kiêm nhiệm Timor Leste và Papua New Guinea`).
    A title after `kiêm` is another post (`kiêm Trưởng đoàn`), not a country."""
    end = _country_end(toks, j, limit)
    while end > j:
        k = end + 2 if end + 1 < limit and toks[end].low == "kiêm" and toks[end + 1].low == "nhiệm" else end + 1
        if not (k < limit and toks[k - 1].low in cue_words("country_join") and toks[k].is_cap) \
                or title_at(toks, k) or (surnames().match(toks, k) and not world_places().match(toks, k)):
            break
        more = _country_end(toks, k, limit)
        if more == k:
            break
        end = more
    return end


def _country_end(toks: list[Tok], j: int, limit: int) -> int:
    """End of the capitalised words of a country's name starting at toks[j] (`Nhật Bản`, `Cộng hòa
    Pháp`), up to a family name that opens the holder's name (`Đại sứ tại Nhật Bản Nguyễn Văn A`)
    unless a country's name starts there (`Hàn Quốc`). A word in lower case is part of the name only
    before a capitalised one (`Cộng hòa Dân chủ Timor Leste`, `Nhà nước Độc lập Samoa`)."""
    end, stop = j, min(limit, j + MAX_COUNTRY_TOKENS)
    lower_parts = cue_words("country_lower_part")  # "Cộng hòa Pháp", "Liên bang Nga"
    while end < stop and (toks[end].is_cap or (end > j and toks[end].low in lower_parts
                                               and end + 1 < stop and toks[end + 1].is_cap)):
        if end > j and surnames().match(toks, end) and not world_places().match(toks, end) \
                and not (end + 1 < stop and toks[end + 1].low == "bang"):  # "Liên bang Nga"
            break
        end += 1
    return end


@lru_cache(maxsize=1)
def surnames() -> Lexicon:
    """Family names (`surnames.txt`), as written: a capital opens a name (`Lò`, not `lò`). The one
    loader: the name reading (`extractors.names`) takes it from here."""
    return lexicon("surnames.txt", case_sensitive=True)


@lru_cache(maxsize=1)
def world_places() -> Lexicon:
    """Places the gazetteer of Vietnam's units lacks whose names open like a family name
    (`official_world_places.txt`: `Châu Mỹ`, `Hàn Quốc`): the place, not a person. The one loader:
    the name reading (`extractors.names`) takes it from here."""
    return lexicon("official_world_places.txt")


def _private_employer_at(toks: list[Tok], j: int) -> bool:
    """`một` and a kind of business at toks[j] (`một doanh nghiệp`, `một công ty`): an employer
    left unnamed (`official_private_employers.txt`)."""
    return j + 1 < len(toks) and toks[j].low == "một" \
        and lexicon("official_private_employers.txt").match(toks, j + 1) > 0


MAX_SPELLED_OUT_TOKENS = 16  # "(Trung tâm Kiểm soát bệnh tật tỉnh Lào Cai)"


def spelled_out_after(toks: list[Tok], start: int, end: int, limit: int) -> int:
    """End past the brackets right after a post toks[start:end] that names its unit by an
    abbreviation and spells it out there (`Giám đốc CDC Lào Cai (Trung tâm Kiểm soát bệnh tật tỉnh Lào
    Cai)`): the post is both, so that it reads whole. `end` itself when the post has no abbreviation
    or the brackets hold anything but a unit's name (`(mới)`, `(Ảnh: ...)`, a person's age)."""
    if end + 2 >= limit or toks[end].text != "(" or not bodies().match(toks, end + 1) or title_at(toks, end + 1):
        return end
    if not any(len(t.text) > 1 and t.text.isupper() and t.is_word for t in toks[start:end]):
        return end
    for k in range(end + 2, min(limit, end + 2 + MAX_SPELLED_OUT_TOKENS)):
        if toks[k].text == ")":  # the place may follow the brackets: "Sở TN&MT (Sở Tài nguyên và Môi trường) tỉnh Y"
            return max(k + 1, _place_at(toks, k + 1, limit)) if k + 1 < limit and place_types().match(toks, k + 1) else k + 1
        if not toks[k].is_word and toks[k].text not in (",", "-", "&"):
            return end
    return end


def read_body(toks: list[Tok], i: int, limit: int) -> int:
    """End of a body (`Ban Thường vụ Huyện ủy`, `UBND tỉnh`) or place starting at toks[i], else `i`."""
    head = bodies().match(toks, i)
    if head and toks[i].is_cap:
        k = i + head
        if k < limit and toks[k].low == "các" and _plural_part_goes_on(toks, k + 1, limit):
            k += 1  # "Ban Quản lý | các khu công nghiệp tỉnh": the body's own name, right after its head
        return read_org(toks, k, limit)
    place_end = _place_at(toks, i, limit)
    if place_end > i + 1:
        return place_end
    return _province_at(toks, i, limit)


MAX_PROVINCE_TOKENS = 6  # "Bà Rịa - Vũng Tàu" is five tokens


def _province_at(toks: list[Tok], i: int, limit: int) -> int:
    """End of a province named without its type word (`lên Lai Châu`, `về Quảng Ngãi`), else `i`:
    the longest run of capitalised words from toks[i] that the gazetteer knows as a province."""
    if i >= limit or not toks[i].is_cap or toks[i].low not in place_name_first_syllables():
        return i
    best = i
    for end in range(i + 1, min(limit, i + MAX_PROVINCE_TOKENS) + 1):
        if not (toks[end - 1].is_cap or toks[end - 1].text in ("-", "–")):
            break
        if any(u.level == "province" for u in units(_joined(toks, i, end))):
            best = end
    return best


def _joined(toks: list[Tok], i: int, j: int) -> str:
    """The tokens' texts joined by single spaces (`Bà Rịa - Vũng Tàu`), as the gazetteer keys them."""
    return " ".join(t.text for t in toks[i:j])


def span_text(text: str, toks: list[Tok], i: int, j: int) -> str:
    return text[toks[i].start:toks[j - 1].end]


def post_before(toks: list[Tok], name_i: int, floor: int) -> tuple[int, int] | None:
    """The post that ends right before a name at toks[name_i] (`Bí thư Quận ủy Tây Hồ | Lê ...`).

    Between the post and the name there may be a comma and an honorific
    (`Chủ tịch UBND xã, ông ...`), or `là` and an honorific (`Chủ tịch UBND xã hiện nay
    là ông ...`), or a bracketed place. The leftmost title head whose post reaches the
    name wins, so `Phó` stays in `Phó Bí thư`.
    """
    limit = name_i
    if limit - 1 > floor and toks[limit - 1].text == ":" and honorific_ending_at(toks, limit - 1):
        limit -= 1  # "đối với các ông: A, B": the honorific closed by a colon
    honorific = honorific_ending_at(toks, limit) if limit > floor else 0
    if honorific and limit - honorific >= floor:
        limit -= honorific
        if limit > floor and toks[limit - 1].text == ",":
            limit -= 1
        elif (concerning := _concerning_start(toks, limit, floor)) < limit:
            # "miễn nhiệm chức danh Chủ tịch UBND huyện (nhiệm kỳ ...) đối với đồng chí X": X's post
            limit = _term_start(toks, concerning, floor)
        elif limit > floor and toks[limit - 1].text == ":":
            return _labelled_post(toks, limit - 1, floor)  # "- Phó Hiệu trưởng: Ông A": an item's label
        elif toks[limit - 1].low == "của" and limit - 1 > floor:
            return _owned_post(toks, limit - 1, floor)  # "miễn nhiệm chức vụ Chủ tịch UBND tỉnh X của ông Y"
        else:
            limit = _copula_start(toks, limit, floor)
    elif limit - 1 > floor and toks[limit - 1].text in ("-", "–"):
        limit -= 1  # "Bí thư Tỉnh ủy Bến Tre - Trần Văn Lâm"
    elif limit - 1 > floor and toks[limit - 1].text == ":":
        return _labelled_post(toks, limit - 1, floor)  # "- Trưởng đoàn: Lê Văn A"
    elif limit - 1 > floor and toks[limit - 1].text == ",":
        found = _post_ending_at(toks, limit - 1, floor)
        opening = _concurrent_posts_start(toks, found, floor) if found is not None else None
        # "Tháng 3, Phó Giám đốc Sở Xây dựng, Lê Văn Đức ...": a post opening its clause, then the name
        # "Tham dự có Bí thư Tỉnh ủy, Lê Văn A", "sự tham dự của <post>, B": a post the verb introduces
        if opening is not None and (opening == floor or toks[opening - 1].text in (",", ":", "-", "(")
                                    or toks[opening - 1].low in cue_words("apposition_lead")) \
                and not _on_behalf_before(toks, opening, floor):
            return found, limit - 1
        return None
    limit = _place_aside_start(toks, limit, floor)
    best = _post_ending_at(toks, limit, floor)
    if best is not None and limit < name_i and _on_behalf_before(toks, best, floor):
        return None  # "Thừa ủy quyền của Chủ tịch nước, Đại tướng A": the post A acts for, not A's
    return (best, limit) if best is not None else None


def _concurrent_posts_start(toks: list[Tok], start: int, floor: int) -> int:
    """Where the posts held together end at the post starting at toks[start] begin: the post itself, or
    the first of those joined to it by `kiêm (nhiệm)` (`Giám đốc Sở Tài chính kiêm nhiệm | Chủ tịch Hội
    đồng quản lý quỹ`), so the clause they open is the first one's."""
    while start - 1 > floor and toks[start - 1].low in ("kiêm", "nhiệm"):
        joined = toks[start - 1].low == "nhiệm" and start - 2 > floor and toks[start - 2].low == "kiêm"
        k = start - 2 if joined else start - 1
        before = _post_ending_at(toks, k, floor) if toks[k].low == "kiêm" else None
        if before is None:
            break
        start = before
    return start


MAX_REPLACES_WORDS = 5  # the longest cue before a person replaced: "thay thế vị trí của"
MAX_REPLACED_POST = 16  # a post told right before `thay`: "Bí thư Tỉnh ủy <two-word province>"


def replaced_at(toks: list[Tok], first: int) -> int | None:
    """Where the cue that names the person starting at toks[first] as the one replaced begins (`thay`,
    `thay cho`, `thay thế`), else None."""
    replaces = cues("replaces")
    return next((i for i in range(max(0, first - MAX_REPLACES_WORDS), first)
                 if replaces.match(toks, i, lower_only=True) == first - i), None)


MAX_START_DATE = 8  # "kể từ ngày 01 / 3 / 2023" as tokens
_DATE_WORDS = frozenset(("ngày", "tháng", "năm", "/", ".", "-"))


def start_date_ending_at(toks: list[Tok], end: int) -> int:
    """Where the date a post is held from, told right before toks[end], begins (`từ ngày 12/6`, `kể
    từ ngày 1/7/2025`), else `end`."""
    for k in range(end - 1, max(-1, end - MAX_START_DATE - 1), -1):
        low = toks[k].low
        if low == "từ":
            told = any(toks[q].text[:1].isdigit() for q in range(k + 1, end))
            return (k - 1 if k and toks[k - 1].low == "kể" else k) if told else end
        if not (low[:1].isdigit() or low in _DATE_WORDS):
            return end
    return end


def term_ending_at(toks: list[Tok], end: int) -> int:
    """Where the term of a post told right before toks[end] begins (`nhiệm kỳ 2020 - 2025`), else `end`."""
    k = end
    while k > 0 and (toks[k - 1].text[:1].isdigit() or toks[k - 1].text in DASHES):
        k -= 1
    told = k < end and k >= 2 and toks[k - 2].low == "nhiệm" and toks[k - 1].low in ("kỳ", "kì")
    return k - 2 if told else end


def post_replaced(toks: list[Tok], cue: int) -> tuple[int, int] | None:
    """The post told right before the `thay` at toks[cue] (`replaced_at`) that names the one replaced
    (`giữ chức Bí thư Huyện ủy X thay bà B`, `..., thay ông B`): the one B held and left."""
    end = cue - 1 if cue and toks[cue - 1].text == "," else cue  # "giữ chức X, thay ông B": a comma between
    # "giữ chức X từ ngày 12/6, thay cho ông B", "giữ chức X nhiệm kỳ 2020 - 2025 thay ông B": dates and terms go
    while (told := min(start_date_ending_at(toks, end), term_ending_at(toks, end))) != end:
        end = told - 1 if told and toks[told - 1].text == "," else told
    for j in range(max(0, end - MAX_REPLACED_POST), end):
        if title_at(toks, j) and read_post(toks, j, end) == end and (j == 0 or not toks[j - 1].is_cap):
            return j, end
    return None


ITEM_BULLETS = frozenset(("-", "–", "+", "•", "*"))  # what opens an item of a list
DASHES = ("-", "–")  # what sets a post off from a name, or a new post from the one held, in a list item
_ITEM_MARKS = ITEM_BULLETS | {";", ":"}  # ... or what comes before one told on the same line


def _labelled_post(toks: list[Tok], colon: int, floor: int) -> tuple[int, int] | None:
    """The post that labels an item of a list, ending at the colon toks[colon] before a name and opening
    the sentence or the item (`- Phó Hiệu trưởng: Ông A`, `Trưởng đoàn: bà B`), else None: a post
    inside a sentence before a colon (`Bí thư Tỉnh ủy cho biết: Ông A ...`) ends no label."""
    found = _post_ending_at(toks, colon, floor)
    if found is None or not (found == floor or toks[found - 1].text in _ITEM_MARKS):
        return None
    return found, colon


def _on_behalf_before(toks: list[Tok], i: int, floor: int) -> bool:
    """`thừa ủy quyền (của)`, `thay mặt` ends right before toks[i], or before the posts joined by `và`
    that end there (`Thừa ủy quyền của Chủ tịch nước và | Thủ tướng Chính phủ`): the posts are held by
    the ones the person after them acts for."""
    while i - 1 > floor and toks[i - 1].low == "và" and (before := _post_ending_at(toks, i - 1, floor)) is not None:
        i = before
    on_behalf = cues("on_behalf")
    return any(i - n >= floor and on_behalf.match(toks, i - n) == n for n in (1, 2, 3))


def _post_ending_at(toks: list[Tok], limit: int, floor: int) -> int | None:
    """Where the post that ends right before toks[limit] starts, else None. The leftmost title
    head whose post reaches `limit` wins, so `Phó` stays in `Phó Bí thư`."""
    best = None
    # per token, a dict look-up settles the stopword and the title head: `match` and
    # `read_post` find nothing at a token that starts no stopword or title head
    stops, heads = stopwords().by_first, _title_first_words()
    for i in range(limit - 1, max(floor, limit - MAX_POST_TOKENS) - 1, -1):
        t = toks[i]
        if t.text[0].isalnum():  # t.is_word
            if t.low in stops and stopwords().match(toks, i, lower_only=True) and not compound_ends_at(toks, i) \
                    and t.low not in cue_words("envoy_link") \
                    and not (best is None and t.low in cue_words("country_join")) \
                    and not (t.low == "về" and _topic_named_before(toks, floor, i)):
                break  # but "tại" may join an envoy's title to the country, "kiêm (nhiệm)" one country to
                # another before any post is found (read_post tells which), and "về" a unit's field to its
                # topic ("Cục Giám định Nhà nước về chất lượng công trình xây dựng")
        elif t.text not in ("-", ",", "(", ")") and not (t.text == "." and i > floor and _abbreviated_place_at(toks, i - 1)):
            break  # brackets: "Hội đồng Nhân dân (HĐND) tỉnh X"; the point of "TP. Đà Nẵng" goes on
        if t.low in heads and read_post(toks, i, limit) == limit:
            best = i
    return best


def _abbreviated_place_at(toks: list[Tok], i: int) -> bool:
    """Whether toks[i] is a place type written short that a point follows (`TP` in `TP. Đà Nẵng`)."""
    return toks[i].text in ("TP", "Tp", "TX", "TT") and place_types().match(toks, i) == 1


def _owned_post(toks: list[Tok], end: int, floor: int) -> tuple[int, int] | None:
    """The post before `của` at toks[end] when a noun of posts opens it (`chức vụ Chủ tịch UBND
    tỉnh X của ông Y`: Y's post), else None: `chỉ đạo của Bí thư Tỉnh ủy, của ông Y` is not Y's."""
    end = _term_start(toks, end, floor)
    start = _post_ending_at(toks, end, floor)
    post_nouns = cues("post_noun")
    if start is None or not any(start - n >= floor and post_nouns.match(toks, start - n, lower_only=True) == n
                                for n in (2, 1)):
        return None
    return start, end


def _concerning_start(toks: list[Tok], end: int, floor: int) -> int:
    """Where `đối với` opens right before toks[end] (or before a colon there: `đối với: ông A`), else
    `end`."""
    concerning = cues("concerning")
    if end - 1 > floor and (toks[end - 1].text == ":" or toks[end - 1].low in ("các", "những")):
        # "đối với: ông A", "đối với các ông A, B và C"
        start = _concerning_start(toks, end - 1, floor)
        return start if start < end - 1 else end
    for n in (2, 1):
        if end - n > floor and concerning.match(toks, end - n, lower_only=True) == n:
            return end - n
    if end - 1 > floor and toks[end - 1].low == "với" and _post_noun_before(toks, end - 1, floor):
        return end - 1  # "miễn nhiệm chức danh Phó Chủ tịch HĐND với ông A": `với` for `đối với`
    return end


def _post_noun_before(toks: list[Tok], k: int, floor: int) -> bool:
    """`chức danh` or `chức vụ` within a post's reach before toks[k]: a post named as such, so a `với`
    at k says whom it concerns (not someone met: `Bí thư Tỉnh ủy làm việc với ông A`)."""
    return any(toks[i].low == "chức" and toks[i + 1].low in ("danh", "vụ")
               for i in range(max(floor, k - MAX_POST_TOKENS - 2), k - 1))


_TERM_WORDS = frozenset(("khóa", "nhiệm", "kỳ", "-", "–", "(", ")", ","))  # ",": "khóa XII, nhiệm kỳ 2021 - 2026"


def _in_term(toks: list[Tok], k: int) -> bool:
    """Whether toks[k] is a word of a term told after a post: `khóa`, `nhiệm kỳ`, its numbers, a Roman
    numeral after `khóa`, and the dashes, brackets and commas between."""
    tok = toks[k]
    return tok.low in _TERM_WORDS or tok.text.isdigit() or (tok.text.isupper() and k > 0 and toks[k - 1].low == "khóa")


def _term_start(toks: list[Tok], end: int, floor: int) -> int:
    """Where a term told after a post and before toks[end] starts (`khóa VI nhiệm kỳ 2021 - 2026`,
    `nhiệm kỳ 2020-2025`), else `end`: its words, numbers and Roman numerals."""
    k = end
    while k - 1 > floor and end - k < 10 and _in_term(toks, k - 1):
        k -= 1
    while k < end and toks[k].low not in ("khóa", "nhiệm"):
        k += 1  # the term opens with its word; anything before it belongs to the post
    if floor < k - 1 and k < end and toks[k - 1].text == ",":
        k -= 1  # "Phó Chủ tịch UBND tỉnh Sơn La, | nhiệm kỳ 2016 - 2021 đối với ông A": the comma sets the term off
    return k


def _copula_start(toks: list[Tok], end: int, floor: int) -> int:
    """Where `là` (with `hiện nay`, `mới` before it) opens right before an honorific at
    toks[end] (`Bí thư Huyện ủy Mường Nhé hiện nay là | ông ...`), else `end`."""
    if end - 1 <= floor or toks[end - 1].low != "là":
        return end
    k = end - 1
    while k - 1 > floor and toks[k - 1].low in cue_words("copula_adverb"):
        k -= 1
    return k


MAX_ASIDE_TOKENS = 8  # "(tỉnh Thừa Thiên - Huế)"


def _place_aside_start(toks: list[Tok], end: int, floor: int) -> int:
    """Where a bracketed place right before toks[end] opens (`huyện A Lưới (Thừa Thiên-Huế) |
    Nguyễn ...`: the province, added for readers elsewhere), else `end`."""
    if end - 1 <= floor or toks[end - 1].text != ")":
        return end
    for k in range(end - 2, max(floor, end - 2 - MAX_ASIDE_TOKENS), -1):
        t = toks[k]
        if t.text == "(":
            return k if k < end - 2 else end
        if not (t.is_cap or t.text in ("-", "–", ",") or place_types().match(toks, k)):
            return end
    return end


def posts_chain_before(toks: list[Tok], start: int, floor: int) -> list[tuple[int, int]]:
    """Posts listed before a post that starts at toks[start], separated by commas."""
    found: list[tuple[int, int]] = []
    while start - 1 > floor and toks[start - 1].text == ",":
        best = None
        stops, heads = stopwords().by_first, _title_first_words()  # dict look-ups first, as in post_before
        for i in range(start - 2, max(floor, start - MAX_POST_TOKENS) - 1, -1):
            t = toks[i]
            if not t.is_word or (t.low in stops and stopwords().match(toks, i, lower_only=True)):
                break
            if t.low in heads and read_post(toks, i, start - 1) == start - 1:
                best = i
        if best is None:
            break
        found.insert(0, (best, start - 1))
        start = best
    return found


MAX_CLAUSE_ASIDE = 16  # tokens to a bracket's close when the aside opens in lower case


def _skip_aside(toks: list[Tok], j: int, limit: int) -> int:
    """Skip short asides with no post in them: `Nguyễn Văn A (SN 1980), Bí thư ...`,
    `X, sinh năm 1978, Phó Bí thư ...`, `X, 45 tuổi, ...`."""
    for _ in range(2):
        if j + 1 >= limit or title_at(toks, j + 1):
            return j
        if toks[j].text == "(":
            opened = _aside_then_post(toks, j + 1, limit)
            if opened is not None:
                return opened  # "(SN 1970, cựu Chủ tịch UBND xã X)": the post after the aside
            # an aside opening in lower case may be a clause (`(vừa được Chủ tịch nước thăng quân hàm
            # Trung tướng)`): a longer reach, since no post can open it
            # and one opening with an age or a birth year may go on with degrees (`(47 tuổi, thạc sĩ xây dựng,
            # kỹ sư xây dựng)`)
            reach = MAX_CLAUSE_ASIDE if toks[j + 1].is_lower or _age_at(toks, j + 1) or cues("aside").match(toks, j + 1) else 10
            close = next((k for k in range(j + 1, min(limit, j + reach)) if toks[k].text == ")"), None)
        elif toks[j].text in (",", "-", "–") and (cues("aside").match(toks, j + 1) or _age_at(toks, j + 1)):
            # "X, sinh năm 1978, Phó Bí thư ...", "X - 35 tuổi, Phó Giám đốc ...", "X - 35 tuổi - Phó Giám đốc ..."
            closers = (",",) if toks[j].text == "," else (",", "-", "–")
            close = next((k for k in range(j + 1, min(limit, j + 10)) if toks[k].text in closers), None)
            close = close - 1 if close is not None else None  # keep the comma before the post
        else:
            return j
        if close is None:
            return j
        j = close + 1
    return j


MAX_BRACKET_ASIDE = 5  # "SN 1970", "56 tuổi", "sinh năm 1970" before a post inside a bracket


def _aside_then_post(toks: list[Tok], j: int, limit: int) -> int | None:
    """Inside a bracket opened before toks[j], a birth year or age, then a comma or semicolon and a
    post (`(SN 1970, cựu Chủ tịch UBND xã X)`, `(56 tuổi; nguyên Hiệu trưởng ...)`): where the post
    starts, else None."""
    if not (cues("aside").match(toks, j) or _age_at(toks, j)):
        return None
    for k in range(j + 1, min(limit - 1, j + MAX_BRACKET_ASIDE)):
        if toks[k].text == ")":
            return None
        if toks[k].text in (",", ";"):
            return k + 1 if title_at(toks, k + 1) else None
    return None


def _age_at(toks: list[Tok], j: int) -> bool:
    return j + 1 < len(toks) and toks[j].text.isdigit() and toks[j + 1].low == "tuổi"




def posts_after(toks: list[Tok], j: int, limit: int) -> list[tuple[int, int]]:
    """Posts right after a name ending at toks[j]: `, Trưởng Ban ...`, `– Phó Bí thư ...`, `(Chủ tịch ...)`."""
    j = _skip_aside(toks, j, limit)
    if j < limit and toks[j].text in (",", "-", "(", ":", "|"):
        j += 1  # "|": a table's next cell ("Ông A | Giám đốc Sở Y tế X |")
    copula = cues("copula").match(toks, j)
    j += copula
    found: list[tuple[int, int]] = []
    while j < limit:
        end = read_post(toks, j, limit)
        if end == j or (toks[j - 1].text == "," and _concerning_person_at(toks, _term_end(toks, end, limit))):
            # "... đối với ông A, Phó Chủ tịch UBND tỉnh đối với ông B": the post of the one named next
            break
        if end + 1 < limit and toks[end].text == "," and toks[end + 1].is_cap and bodies().match(toks, end + 1) \
                and not title_at(toks, end + 1):
            body = read_body(toks, end + 1, limit)
            # "Trưởng phòng, Cục Cảnh sát điều tra ...", "Trưởng phòng Tổ chức cán bộ, Sở Y tế": the unit above
            end = body if body > end + 1 else end
        found.append((j, end))
        if end < limit and toks[end].low in ("khóa", "nhiệm"):
            end = _term_end(toks, end, limit)  # "Ủy viên Trung ương Đảng khóa XIII, Bí thư Tỉnh ủy ...": past the term
        j = next_post_start(toks, end, limit)
        if j is None:
            break
    return found


def _concerning_person_at(toks: list[Tok], k: int) -> bool:
    """`đối với` at toks[k], then a person by their honorific (`đối với ông B`, `đối với các ông: B, C`).
    Read past the caller's limit: that is where the next person's honorific starts."""
    n = cues("concerning").match(toks, k, lower_only=True)
    if not n:
        return False
    k += n
    k += k < len(toks) and toks[k].low in ("các", "những")
    return k < len(toks) and honorifics().match(toks, k) > 0


def _term_end(toks: list[Tok], end: int, limit: int) -> int:
    """Past a term told right after a post ending at toks[end] (`nhiệm kỳ 2016 - 2021`, `khóa XIV`), up to
    a comma (what follows it is another clause)."""
    k = end
    while k < limit and k - end < 10 and toks[k].text != "," and _in_term(toks, k):
        k += 1
    return k


def served_title_start(toks: list[Tok], start: int, end: int, ranked: bool) -> int | None:
    """Where the served leader's title starts in an aide's post toks[start:end] that runs up to the
    leader's name (`Trợ lý Phó Thủ tướng` before `A`: at `Phó`), or `end` when only the leader's rank
    follows (`Thư ký` before `Đại tướng B`: `ranked`); None when the post is no aide's."""
    n = cues("aide_word").match(toks, start)
    if not n:
        return None
    served = start + n
    if served == end:
        return end if ranked else None
    return served if title_at(toks, served) and read_post(toks, served, end) == end else None


def next_post_start(toks: list[Tok], end: int, limit: int) -> int | None:
    """Where another post of the same person starts after a post ending at toks[end], else None:
    after a comma, hyphen or `và` (`Ủy viên Ban Thường vụ Huyện ủy, Phó Chủ tịch UBND huyện`; `Phó Bí
    thư Thường trực Huyện ủy - Chủ tịch HĐND huyện`; `Giám đốc Sở Nội vụ và Giám đốc Sở Tài chính`),
    perhaps with `nay là`, `kiêm` after it, or after `kiêm` alone (`Phó Chỉ huy trưởng kiêm Tham mưu
    trưởng`)."""
    if end + 1 >= limit:
        return None
    j = end + 1 if toks[end].text in (",", "-") or toks[end].low == "và" else end
    j += cues("later_copula").match(toks, j)
    title = title_at(toks, j) if j > end else 0
    if not title or person_named_at(toks, j + title):
        return None  # "Giám đốc Trung tâm Y tế và phó giám đốc | Trần Văn Bé": another person, by title and name
    return j


def person_named_at(toks: list[Tok], k: int) -> bool:
    """A family name and another capitalised syllable at toks[k], right after a title: a person's name,
    where a post would name its unit (`Sở`, `Trung tâm`)."""
    n = surnames().match(toks, k) if k < len(toks) and toks[k].is_cap else 0
    return bool(n) and k + n < len(toks) and toks[k + n].is_cap and toks[k + n].is_word and not bodies().match(toks, k)


@lru_cache(maxsize=None)
def lexicon_of(phrases: tuple[str, ...]) -> Lexicon:
    return Lexicon(phrases)


@lru_cache(maxsize=1)
def _task_words() -> Lexicon:
    return lexicon("official_task_words.txt")


@lru_cache(maxsize=1)
def _task_bodies() -> Lexicon:
    return lexicon("official_task_bodies.txt")


@lru_cache(maxsize=1)
def _standing_boards() -> Lexicon:
    return lexicon("official_standing_boards.txt")


def is_task_post(toks: list[Tok], i: int, j: int, any_case: bool = False) -> bool:
    """Whether the post toks[i:j] heads a task rather than an organisation: its title is followed
    by a task written in lower case (`Trưởng ban tổ chức hội thi`, `Trưởng đoàn kiểm tra liên
    ngành`), not by a body's name (`Trưởng Ban Tổ chức Tỉnh ủy`), or by a body set up for a task in
    any case (`Chủ tịch Hội đồng thẩm định ...`, `data/official_task_bodies.txt`). With `any_case`, a capitalised
    task too (`Trưởng Ban Chỉ đạo phòng chống thiên tai`), where a post is told with no verb and a
    body's name must not be taken for a task at all."""
    head = title_at(toks, i)
    if not head or i + head >= j:
        return False
    k = i + head
    if k + 2 < j and toks[k].low == "thường" and toks[k + 1].low == "trực":
        k += 2  # "Phó Trưởng ban thường trực Ban chỉ đạo": the standing deputy of the task's board
    n = _task_words().match(toks, k, lower_only=not any_case)
    if n and not (toks[k].is_cap and _closes_a_body(toks, k + n, j)):
        return True
    # a body set up for a task, in any case: `Chủ tịch Hội đồng thẩm định giá đất`, `Trưởng Ban Chỉ đạo
    # xây dựng nông thôn mới`; not a standing one named alike (`Ban Chỉ đạo Tây Nguyên`)
    return bool(task_body_at(toks, k))


def _closes_a_body(toks: list[Tok], k: int, j: int) -> bool:
    """A Party committee or the centre right after a capitalised task word (`Trưởng ban Tổ chức Trung
    ương`, `Trưởng ban Tổ chức Tỉnh ủy`, `body_closing` in official_cues.tsv): a body's name, no task."""
    return k < j and (bool(committee_at(toks, k)) or bool(cues("body_closing").match(toks, k)))


def task_body_at(toks: list[Tok], k: int) -> int:
    """Tokens of a body set up for a task named at toks[k], in any case (`Hội đồng Thi đua - Khen
    thưởng`, `Ban Chỉ đạo phòng chống dịch`), 0 if none or a standing body named alike."""
    return 0 if _standing_boards().match(toks, k) else _task_bodies().match(toks, k)


# --- a post completed by the body it is in ------------------------------------


def _division_in_house(toks: list[Tok], body_toks: list[Tok]) -> bool:
    """A division's head (`Trưởng khoa X`, `Phó Trưởng phòng Y`: official_cues.tsv division_head) with
    no place of its own, and a body that is a unit divided so (`Bệnh viện Z`, `Sở W`: house_unit):
    the division is in that body."""
    n = cues("division_head").match(toks, 0)
    if not n or n >= len(toks) or any(place_types().match(toks, j) for j in range(n, len(toks))):
        return False  # "Trưởng phòng Nội vụ huyện": the district's office, not a division of the body
    house = cues("house_unit").match(body_toks, 0)
    return bool(house) and len(body_toks) > house \
        and (body_toks[house].is_cap or bool(place_types().match(body_toks, house)))


def completed_by(post: str, body: str) -> str:
    """The post with the body it is held in, when the post leaves its unit unsaid and the move
    names the body (`về nhận công tác tại Sở Tư pháp ... giữ chức Phó giám đốc`):

    * a bare title: `Hiệu trưởng` + `Trường Đại học X` -> `Hiệu trưởng Trường Đại học X`;
    * a title and the body's head word only: `Phó giám đốc Sở` + `Sở Y` -> `Phó giám đốc Sở Y`;
    * a committee with no place, in a place: `Bí thư Đảng ủy` + `xã T` -> `Bí thư Đảng ủy xã T`,
      `Phó Bí thư Huyện ủy` + `huyện M` -> `Phó Bí thư Huyện ủy M` (the committee tells the level);
    * a unit's type with no name, and that unit named: `Phó Chủ tịch UBND xã` + `xã T` -> `... xã T`.
    Otherwise the post as told."""
    toks, body_toks = tokenize(post), tokenize(body)
    head = title_at(toks, 0)
    if not head or not body_toks:
        return post
    org = [t.low for t in toks[head:]]
    if not org and head > 1 and len(body_toks) > 1 and toks[head - 1].low == body_toks[0].low:
        return f"{span_text(post, toks, 0, head - 1)} {body}"  # "Phó Trưởng Ban" + "Ban Tổ chức Tỉnh ủy"
    if not org or " ".join(org) in cue_words("rank_after_title"):
        return f"{post} {body}"  # "Thứ trưởng thường trực" + "Bộ Nội vụ": a rank, no unit, after the title
    if len(org) < len(body_toks) and org == [t.low for t in body_toks[:len(org)]]:
        return f"{span_text(post, toks, 0, head)} {body}"
    if _division_in_house(toks, body_toks):
        return f"{post} {body}"  # "Trưởng khoa Hồi sức tích cực" + "Bệnh viện X": the ward is the hospital's
    committee = committee_at(toks, head)
    if head + committee == len(toks) and _place_at(body_toks, 0, len(body_toks)) == len(body_toks):
        unit = place_types().match(body_toks, 0)
        level = _committees()[1].get(" ".join(t.low for t in toks[head:]))
        if unit and len(body_toks) > unit and level == " ".join(t.low for t in body_toks[:unit]):
            # "Phó Bí thư Huyện ủy" + "huyện Mai Châu": the committee names its level already
            return f"{post} {span_text(body, body_toks, unit, len(body_toks))}"
        return f"{post} {body}"
    if head + committee == len(toks) and (place := _committee_place_in(body_toks, org)) is not None:
        # "Phó Bí thư Quận ủy" + "Ban Chấp hành Đảng bộ, Ban Thường vụ Quận ủy X": the committee joined
        return f"{post} {span_text(body, body_toks, *place)}"
    unit = place_types().match(body_toks, 0)
    if unit and len(body_toks) > unit and [t.text for t in toks[-unit:]] == [t.text for t in body_toks[:unit]] \
            and _place_at(body_toks, 0, len(body_toks)) == len(body_toks):
        # "Phó Chủ tịch UBND xã" + "xã Nghĩa Đàn": the unit named
        return f"{span_text(post, toks, 0, len(toks) - unit)} {body}"
    return post


def _committee_place_in(body_toks: list[Tok], org: list[str]) -> tuple[int, int] | None:
    """Where the place of a committee is named in a body joined, right after the committee's own
    words `org` (`Ban Thường vụ Huyện ủy | X`, `Ban Chấp hành Đảng ủy | xã Y`), else None."""
    n, limit = len(org), len(body_toks)
    for j in range(limit - n):
        if [t.low for t in body_toks[j:j + n]] != org or not committee_at(body_toks, j):
            continue
        start = end = j + n
        if (place := _place_at(body_toks, start, limit)) > start:
            return start, place
        while end < limit and body_toks[end].is_word and body_toks[end].is_cap \
                and body_toks[end].low not in ("khóa", "khoá"):
            end += 1  # "Quận ủy X": the place's name alone, not the term after it ("Quận ủy X Khóa XXV")
        return (start, end) if end > start else None
    return None


# --- is a move within one unit? ---------------------------------------------

Place = tuple[str, str | None]  # (unit word, name or None): ("xã", "y"), ("huyện", None)


@lru_cache(maxsize=1)
def _numbered_places() -> frozenset[str]:
    """The administrative units cities name by number (`official_numbered_places.txt`: `quận 1`)."""
    return frozenset(line.lower() for line in data_lines("official_numbered_places.txt"))


def _number_naming(toks: list[Tok], end: int, unit_word: str) -> int:
    """Past the number that names a city's unit right after its type word (`quận | 12`), else `end`."""
    if end < len(toks) and toks[end].text.isdigit() and unit_word in _numbered_places():
        return end + 1
    return end


def _unit_parts(post: str) -> tuple[Place | None, str]:
    """(place, organisation) of a post: `Chủ tịch UBND xã Y` -> (("xã", "y"), "ubnd xã y")."""
    toks = tokenize(post)
    org_start = title_at(toks, 0)
    if [t.low for t in toks[org_start:org_start + 2]] in (["phụ", "trách"], ["điều", "hành"]):
        org_start += 2  # "Phó Giám đốc phụ trách (điều hành) Sở X": acting (executive) in Sở X, the unit is Sở X
    place: Place | None = None
    i = org_start
    while i < len(toks):
        committee = committee_at(toks, i)
        end = _place_at(toks, i, len(toks))
        if end > i and toks[i].low == "thôn" and i and toks[i - 1].low == "nông":
            end = i  # "Sở Nông nghiệp và Phát triển nông thôn": the countryside, not a village
        if end > i:
            n = place_types().match(toks, i)
            dot = int(i + n < end and toks[i + n].text == ".")  # "TP. Hồ Chí Minh": the point after the short type
            name = " ".join(t.low for t in toks[i + n + dot:end]) or None
            unit_word = _spelled_out(" ".join(t.low for t in toks[i:i + n]))  # "TP" is "thành phố"
            if name is None and (numbered := _number_naming(toks, end, unit_word)) > end:
                name, end = toks[end].text, numbered  # "quận 1", "phường 12": a unit named by its number
            place = (unit_word, name)
            i = end
        elif committee and i + committee < len(toks) and place_types().match(toks, i + committee):
            i += committee  # "Thành ủy TP. Hồ Chí Minh": the place told in full after the committee is read next
        elif committee:
            unit = _committees()[1].get(" ".join(t.low for t in toks[i:i + committee]))
            name_end = i + committee
            while name_end < len(toks) and toks[name_end].is_cap:
                name_end += 1  # "Quận ủy Tây Hồ"
            name = " ".join(t.low for t in toks[i + committee:name_end]) or None
            place = (unit, name) if unit else place
            i = name_end
        else:
            i += 1
    org = " ".join(t.low for t in toks[org_start:])
    return place, org


def unit_parts(post: str) -> tuple[Place | None, str]:
    """(place, organisation) of a post, as `same_unit` reads them (`_unit_parts`), for the officials' rules."""
    return _unit_parts(post)


def places_named(text: str, start: int, end: int, unit_word: str) -> set[str]:
    """The names of the places of one unit word (`tỉnh`) written in text[start:end] (`HĐND tỉnh Lai
    Châu` -> `lai châu`), folded as `_unit_parts` folds them."""
    toks = tokenize(text, start, end)
    names = set()
    for i in range(len(toks)):
        n = place_types().match(toks, i)
        if not n or _spelled_out(" ".join(t.low for t in toks[i:i + n])) != unit_word:
            continue  # "TP Điện Biên Phủ" is a "thành phố", as `_unit_parts` reads it
        dot = int(i + n < len(toks) and toks[i + n].text == ".")  # "TP. Đà Nẵng"
        if (end_ := _place_at(toks, i, len(toks))) > i + n + dot:
            names.add(" ".join(t.low for t in toks[i + n + dot:end_]))
    return names


def bare_place_named_apart(from_post: str, to_post: str, named: Callable[[str], set[str]]) -> bool:
    """The old post's place is a bare unit word (`Chủ tịch UBND tỉnh`) and the new post's is named
    (`Phó Bí thư Tỉnh ủy Điện Biên`); `named(unit_word)` gives the places of that word the text names
    where the old post was told (`HĐND tỉnh Lai Châu miễn nhiệm chức vụ Chủ tịch UBND tỉnh ...`): the
    old one is there, and none is the new one's."""
    from_place, _ = _unit_parts(from_post)
    to_place, _ = _unit_parts(to_post)
    if not (from_place and to_place and from_place[1] is None and to_place[1] and from_place[0] == to_place[0]):
        return False
    names = named(from_place[0])
    return bool(names) and to_place[1] not in names


# An abbreviation in brackets after a body's name (`Sở Thông tin và Truyền thông (TT&TT)`): at least two
# capitals, no spaces (`KH&ĐT`, `GTVT`, `LĐTB&XH`)
_BRACKETED_ABBREVIATION = re.compile(r"\s*\(([^()\s]*[A-ZĐ][^()\s]*[A-ZĐ][^()\s]*)\)")


def _abbreviates(abbr: str, words: list[str]) -> bool:
    """Whether `abbr` is made of the first letters of `words`, `và` and marks left out (`TT&TT`:
    `Thông tin và Truyền thông`; `LĐTB&XH`: `Lao động - Thương binh và Xã hội`)."""
    initials = [w[0].lower() for w in words if w.lower() not in ("và", "&", "-", "–", ",") and w[0].isalpha()]
    return bool(initials) and initials == [c.lower() for c in abbr if c.isalpha()]


def _abbreviation_spelled_out(one: str, other: str) -> tuple[str, str]:
    """The two posts with a body named in full with its abbreviation in brackets on one side and by its
    head word and that abbreviation on the other (`Phó Giám đốc Sở Thông tin và Truyền thông (TT&TT)`,
    `Giám đốc Sở TT&TT`) both in full, without the brackets: one body, told twice. Otherwise as given."""
    for first, second, flipped in ((one, other, False), (other, one, True)):
        for match in _BRACKETED_ABBREVIATION.finditer(first):
            abbr = match.group(1)
            told = re.search(rf"(?<!\S)(\S+)\s+{re.escape(abbr)}(?!\S)", second)
            alone = _abbreviation_alone(first, match, second)
            if alone is not None:
                first = first[:match.start()] + first[match.end():]
                return (alone, first) if flipped else (first, alone)
            if told is None:
                continue
            head = told.group(1).lower()
            words = first[:match.start()].split()
            at = max((i for i, w in enumerate(words) if w.lower() == head), default=None)
            if at is None or not _abbreviates(abbr, words[at + 1:]):
                continue  # "Viện KSND quận 1 (TPHCM)": a place in brackets, not the body's abbreviation
            full = " ".join(words[at:])
            first = first[:match.start()] + first[match.end():]
            second = second[:told.start()] + full + second[told.end():]
            return (second, first) if flipped else (first, second)
    return one, other


# a body's head word then an abbreviation of its name, unbracketed: "Vụ HTQT", "Sở GD&ĐT"
_HEAD_AND_INITIALS = re.compile(r"(?<!\S)(\S+)\s+([A-ZĐ][A-ZĐ&]*[A-ZĐ])(?![\w&])")
MAX_NAME_WORDS = 10  # words of a body's name an abbreviation may stand for


def _initials_spelled_out(one: str, other: str) -> tuple[str, str]:
    """The two posts with a body named by its head word and its initials on one side (`Vụ trưởng Vụ
    HTQT`) and in full on the other (`Phó Vụ trưởng Vụ Hợp tác quốc tế`): the short one spelled out, one
    body told twice. Otherwise as given."""
    for first, second, flipped in ((one, other, False), (other, one, True)):
        for told in _HEAD_AND_INITIALS.finditer(second):
            head, abbr = told.group(1).lower(), told.group(2)
            words = first.split()
            for at in (i for i, w in enumerate(words) if w.lower() == head):
                name = words[at + 1:at + 1 + MAX_NAME_WORDS]
                ends = [k for k in range(1, len(name) + 1) if _abbreviates(abbr, name[:k])]
                if ends:
                    full = " ".join(words[at:at + 1 + ends[0]]).rstrip(",")
                    second = second[:told.start()] + full + second[told.end():]
                    return (second, first) if flipped else (first, second)
    return one, other


def spelled_alike(one: str, other: str) -> tuple[str, str]:
    """Two posts with a body one names by its abbreviation (bracketed on the other side, or its
    initials: `Vụ HTQT`) or by its brand alone (`MobiFone`) spelled out in full on both sides, for the
    officials' unit comparisons."""
    return _province_typed_alike(*_brand_spelled_out(*_initials_spelled_out(*_abbreviation_spelled_out(one, other))))


def _province_typed_alike(one: str, other: str) -> tuple[str, str]:
    """The two posts of one body with a province named at the end, bare on one side (`Giám đốc Sở Y tế Bắc
    Giang`, as headlines write it) and after `tỉnh` on the other (`Phó Giám đốc Sở Y tế tỉnh Bắc Giang`):
    `tỉnh` on both, one province told twice. A body named after the province (`Đại học Thái Nguyên`) or
    another body is left as given."""
    for first, second, flipped in ((one, other, False), (other, one, True)):
        at = second.lower().rfind(" tỉnh ")
        # the province after `tỉnh` on the other side, or, where it names no place ("Phó Giám đốc Sở Y tế"),
        # the last words of this one; string tests and a dict look-up first: most pairs stop there
        names = (second[at + len(" tỉnh "):],) if at >= 0 else _bare_province_ends(first)
        for name in names:
            if not first.endswith(" " + name) or first.lower().endswith(" tỉnh " + name.lower()) \
                    or not any(unit.type_word == "tỉnh" for unit in units(name)):
                continue
            if _body_words(first[:len(first) - len(name)]) == _body_words(second[:at] if at >= 0 else second):
                first = f"{first[:len(first) - len(name)]}tỉnh {name}"
                return (second, first) if flipped else (first, second)
    return one, other


def _bare_province_ends(post: str) -> list[str]:
    """The last two and three words of a post, each a candidate province told bare (`... Bắc Giang`)."""
    words = post.split()
    return [" ".join(words[-n:]) for n in (2, 3) if len(words) > n]


def _body_words(post: str) -> str:
    """The words of a post after its title, lower case (`Phó Giám đốc Sở Y tế` -> `sở y tế`)."""
    toks = tokenize(post)
    return " ".join(t.low for t in toks[title_at(toks, 0):])


_BRAND_RE = re.compile(r"\w*[a-zà-ỹđ]\w*[A-ZÀ-ỸĐ]\w*|[A-ZĐ]{3,}")  # "MobiFone", "VinaPhone", "EVN"


def _brand_spelled_out(one: str, other: str) -> tuple[str, str]:
    """The two posts with a body named on one side by a title and its brand alone (`quyền Tổng giám đốc
    MobiFone`), a word written as brands are (a capital inside it, or capitals only), and on the other
    by a full name ending with that word (`Phó Tổng giám đốc Tổng công ty Viễn thông MobiFone`): the
    short one spelled out, one body told twice. Otherwise as given."""
    for first, second, flipped in ((one, other, False), (other, one, True)):
        toks = tokenize(second)
        head = title_at(toks, 0)
        if not head or len(toks) != head + 1 or not _BRAND_RE.fullmatch(brand := toks[head].text):
            continue
        told = tokenize(first)
        start = title_at(told, 0)
        if start and len(told) > start + 1 and told[-1].text == brand:
            second = second[:toks[head].start] + first[told[start].start:]
            return (second, first) if flipped else (first, second)
    return one, other


def _abbreviation_alone(first: str, match: re.Match[str], second: str) -> str | None:
    """`second` with its unit spelled out when that unit is the bracketed abbreviation alone
    (`Chánh Văn phòng Đài Truyền hình Việt Nam (VTV)`, `Phó Tổng Giám đốc VTV`): the abbreviation stands
    for the body named just before the brackets, whether or not it is made of that name's initials
    (`VTV`, `VOV` are not), so the new post is in it. None when `second` names more than a title and the
    abbreviation (`Phó Viện trưởng Viện KSND TPHCM`), when nothing but a title comes before the brackets,
    or when the abbreviation is a city's (`TPHCM`)."""
    abbr = match.group(1)
    toks = tokenize(second)
    start = title_at(toks, 0)
    if not start or start >= len(toks) or second[toks[start].start:].strip() != abbr or _city_abbreviation(abbr):
        return None
    before = first[:match.start()]
    told = tokenize(before)
    org = title_at(told, 0)
    if not org or org >= len(told):
        return None
    return second[:toks[start].start] + before[told[org].start:]


@lru_cache(maxsize=1)
def _city_abbreviations() -> frozenset[str]:
    """The cities a text names by an abbreviation (`HCM`), from count_city_abbreviations.tsv."""
    return frozenset(row[0].lower() for row in data_table("count_city_abbreviations.tsv"))


def _city_abbreviation(abbr: str) -> bool:
    """Whether a bracketed abbreviation is a city's (`TPHCM`, `TP.HCM`, `HCM`), a place, not a body."""
    letters = re.sub(r"[^\w]", "", abbr).lower()
    return letters in _city_abbreviations() or letters.removeprefix("tp") in _city_abbreviations()


def with_abbreviation_told(text: str, post: str) -> str:
    """The post with the abbreviation `text` gives in brackets right after it (`Phó Giám đốc Sở Thông tin
    và Truyền thông (TT&TT)`), so that a post naming the body by that abbreviation (`Giám đốc Sở TT&TT`)
    is read as in the same body; else the post as it is.

    The first place the post is written with brackets after it, as `re.search` of the escaped post
    and the brackets' pattern would find it, without compiling a pattern per post (posts vary, and
    `re`'s cache misses: a compilation per move was 2% of a dense run)."""
    at = text.find(post)
    while at >= 0:
        match = _BRACKETED_ABBREVIATION.match(text, at + len(post))
        if match:
            return f"{post} ({match.group(1)})"
        at = text.find(post, at + 1)
    return post


def _division_of_kind(from_org: str, kind: str) -> bool:
    """Whether a unit named by its kind alone (`bệnh viện`) is the one a division of the old post is
    in (`khoa nội bệnh viện x`), not the parent of a unit under it (`trung tâm x thuộc sở y`)."""
    before, found, _ = f" {from_org} ".partition(f" {kind} ")
    return bool(found) and "thuộc" not in before.split()


def in_body(post: str, body: str) -> bool:
    """Whether a post is in a body named apart (`Phó Giám đốc Sở GD-ĐT tỉnh` in `Sở GD-ĐT Quảng Trị`,
    `Phó Giám đốc phụ trách chuyên môn Bệnh viện X` in `Bệnh viện X`): the post's unit words are the body's
    first words (its place told apart or left out), or the body's words are among the post's."""
    post_words, body_words = _unit_words(post)[0], _unit_words(body)[0]
    if len(post_words) >= 2 and body_words[:len(post_words)] == post_words:
        return True
    n = len(body_words)
    return n >= 2 and any(post_words[k:k + n] == body_words for k in range(len(post_words) - n + 1))


def same_body_named(post: str, body: str) -> bool:
    """Whether a body is the organisation of a post, told with a place added or left out (`Phó Giám
    đốc Sở Nội vụ` and `Sở Nội vụ tỉnh`), which `same_unit` reads as two units."""
    org, body_org = _unit_parts(post)[1], _unit_parts(body)[1]
    return bool(org and body_org) and (org.startswith(body_org) or body_org.startswith(org))


def same_unit(from_post: str, to_post: str) -> bool:
    """Whether a new post is in the unit of the old one (an appointment, not a rotation).

    Units differ when their places differ in level or in name (`huyện Z` ->
    `xã Y`); `Bí thư Huyện ủy` -> `Chủ tịch HĐND huyện` is one district.
    With a place on one side only, they differ, but where one side names the unit by its kind
    alone (`Phó Giám đốc phụ trách sở này` -> `Giám đốc Sở X tỉnh Y`; `Trưởng khoa Nội Bệnh viện X`
    -> `Phó Giám đốc bệnh viện`) or an agency of no level of its own drops its place (`Cục Thuế
    tỉnh X` -> `Cục Thuế`). With no place, the organisations decide (`Phó Giám đốc Sở Y tế` ->
    `Giám đốc Sở Y tế` is one unit). A bare title names no unit, so nothing says the new post is
    in another.
    """
    from_post, to_post = spelled_alike(from_post, to_post)  # "Vụ Hợp tác quốc tế" -> "Vụ HTQT"
    from_post, to_post = _without_parent_province(from_post), _without_parent_province(to_post)
    if _envoy(to_post) and not _envoy(from_post):
        return False  # "Thứ trưởng" -> "Đại sứ Việt Nam tại X": a mission abroad is a unit apart
    if _renamed_in_restructuring(from_post, to_post):
        return True  # "Cục trưởng Cục X tỉnh Y" -> "Chi cục trưởng Chi cục X tỉnh Y": one body, renamed
    if _heads_body_of(to_post, from_post) or _heads_body_of(from_post, to_post):
        return True  # "Cục trưởng Cục Quân lực, Bộ Tổng Tham mưu" -> "Phó Tổng Tham mưu trưởng": that staff's head
    from_place, from_org = _unit_parts(from_post)
    to_place, to_org = _unit_parts(to_post)
    from_org, to_org = _spelled_out(from_org), _spelled_out(to_org)  # "nhnn" -> "ngân hàng nhà nước"
    if (not from_place and not from_org) or _titles_only(from_post):
        # a bare title ("Phó giám đốc", "Phó Sư đoàn trưởng, Tham mưu trưởng") names no unit: no sign that
        # the new post is elsewhere
        return True
    if not to_place and not to_org and not from_place and _only_a_head(from_org) and len(from_org.split()) <= MAX_KIND_WORDS:
        # "Phó tổng giám đốc công ty" -> "Tổng giám đốc": the company told of, and a title in it; but a force
        # named whole ("Tư lệnh Bộ đội Biên phòng" -> "Thứ trưởng") is a unit of its own
        return True
    if not to_place and not to_org and _same_title_kind(from_post, to_post):
        # "Phó Chủ tịch UBND phường X" -> "Phó Chủ tịch", "Phó Trưởng ban Quản lý ... tỉnh" -> "quyền Trưởng
        # ban": the title held, its head's or its deputy's, with no unit named for it but the one held
        return True
    kinds = cue_words("unit_kind")  # a body named by its kind alone ("Sở"), used for one named in full
    acting = from_org.removeprefix("phụ trách ")  # "Phó Giám đốc phụ trách Sở Xây dựng"
    if not from_place and not to_place and to_org in kinds and acting.startswith(to_org + " "):
        return True  # "Quyền Giám đốc Sở Y tế" -> "Giám đốc Sở": the body told of, named by its kind
    if not from_place and acting in kinds and (to_org.startswith(acting + " ") or _division_of_kind(to_org, acting)):
        # "Phó Giám đốc phụ trách sở (này)" -> "Giám đốc Sở Tư pháp tỉnh X", "Phó Giám đốc chi nhánh" ->
        # "Giám đốc Ngân hàng Nhà nước chi nhánh tỉnh": the body told of, named by its kind alone, wherever
        # the new post's place is told (but not a body under it: "Trung tâm X thuộc Sở Y")
        return True
    if not from_place and not to_place and _numbered_kind_told_bare(from_org, to_org):
        return True  # "Phó Tham mưu trưởng Quân khu" -> "Phó Tư lệnh Quân khu 2": the region told of, then its number
    if not from_place and _names_a_unit(from_org) and to_org.startswith(from_org + " "):
        # "Phó Trưởng phòng Cảnh sát hình sự" -> "Trưởng phòng Cảnh sát hình sự Công an tỉnh": the same
        # named unit, the body it belongs to told on the new side only
        return True
    if from_place and to_place:
        (from_type, from_name), (to_type, to_name) = from_place, to_place
        if from_type != to_type:
            return False
        if _agencies_differ(from_post, to_post):
            return False  # "Chánh Văn phòng Tỉnh ủy" -> "Trưởng ban Nội chính Tỉnh ủy": two agencies of one place
        if _state_and_party(from_post, to_post):
            return False  # "Phó Chủ tịch UBND tỉnh" -> "Trưởng Ban Dân vận Tỉnh ủy": from the state to the Party
        if _in_bloc(from_org) != _in_bloc(to_org):
            return False  # "Phó Trưởng Ban Tuyên giáo Thành ủy" -> "Phó Bí thư Đảng ủy Khối Doanh nghiệp thành phố"
        if (into := _mass_organisation(to_post)) and _mass_organisation(from_post) != into:
            # "Phó Bí thư Đảng ủy UBND tỉnh" -> "Chủ tịch Liên đoàn Lao động tỉnh": into a body of the Front's
            # bloc (out of one, to the place's Party committee, stays read as before: a leader's seat there)
            return False
        return from_name is None or to_name is None or from_name == to_name
    if not to_place and to_org in kinds and (from_org.startswith(to_org + " ") or _division_of_kind(from_org, to_org)):
        # "Phó Giám đốc Công ty X tỉnh Y" -> "Giám đốc công ty", "Trưởng khoa Nội Bệnh viện X" -> "Phó Giám
        # đốc bệnh viện": the unit named by its kind alone is the one the old post is in
        return True
    if not from_place and _division_of_unnamed_parent(from_post, from_org) \
            and to_org.startswith(tuple(cue_words("house_unit"))) and not to_org.endswith(" " + from_org):
        # "Trưởng phòng Kế hoạch" -> "Phó Giám đốc Trung tâm Y tế huyện": a division of that centre; but
        # "Trưởng phòng Tài chính" -> "Phó Giám đốc Sở Tài chính": the district's office of that name
        return True
    if from_place and not to_place and to_org.startswith(tuple(f"{kind} " for kind in cue_words("levelless_agency"))) \
            and from_org.startswith(f"{to_org} {from_place[0]}"):
        # "Phó Cục trưởng Cục Thuế tỉnh X" -> "Quyền Cục trưởng Cục Thuế": the agency, its place told once; a
        # body of every level keeps its own ("Chủ tịch UBND huyện X" -> "Phó Chủ tịch UBND" may be the province's)
        return True
    if from_place or to_place:
        return False
    if _named_inside(from_org.replace(",", " ").split(), to_org.split()):
        return True  # "Trưởng phòng Quản lý giá Sở Tài chính X" -> "Phó Giám đốc Sở Tài chính"
    # "Trưởng phòng Tổ chức cán bộ, Sở Y tế" -> "Phó Giám đốc Sở Y tế": a division of the unit, then the unit
    # (the shorter must name a unit itself: "Phòng Tài chính" is not in "Sở Tài chính")
    from_words, to_words = from_org.replace(",", " ").split(), to_org.replace(",", " ").split()
    # "Ủy viên Ban Cán sự đảng, Phó Viện trưởng Viện X" -> "Phó Bí thư Ban Cán sự đảng Viện X": the Party's
    # organ in a unit is in that unit
    from_words, to_words = _without_party_organ(from_words), _without_party_organ(to_words)
    # "Chánh Văn phòng Ngân hàng Nhà nước" -> "Phó Thống đốc Ngân hàng Nhà nước Việt Nam": a national
    # body's full name closes with the country, told or not
    from_words, to_words = _without_country(from_words), _without_country(to_words)
    unit = min(from_words, to_words, key=len)
    if from_words == to_words:
        return True
    if _bare_head_names(from_words, to_words) or _bare_head_names(to_words, from_words):
        return True  # "Trưởng Ban Kế hoạch Tổng công ty" -> "Phó Tổng giám đốc Tổng công ty Hàng hải"
    if not unit or not bodies().match(tokenize(" ".join(unit)), 0):
        return False
    # "Phó Chính ủy Quân khu 1, Bộ Quốc phòng" -> "Chính ủy Quân khu 1": the unit, then the body it
    # belongs to ("Cục X - Bộ Y tế") on one side only
    longer = _without_party_organ((to_org if unit is from_words else from_org).replace(",", " , ").split())
    if _opens_unit_apart(longer):
        return False  # "Phó Giám đốc Sở Y tế" -> "Giám đốc Trung tâm Y tế X trực thuộc Sở Y tế": a unit apart
    return from_words[-len(unit):] == to_words[-len(unit):] or _unit_then_parent(longer, unit)


def _parent_after_comma(from_post: str, to_post: str) -> bool:
    """Whether the old post closes with the new post's body as the parent of its unit, after a comma
    (`Cục trưởng Cục Thủy lợi, Bộ Nông nghiệp và Môi trường` -> `Thứ trưởng Bộ Nông nghiệp và Môi
    trường`): the unit and the body it belongs to, not two bodies merged."""
    if "," not in from_post:
        return False
    tail = [t.low for t in tokenize(from_post.rsplit(",", 1)[1])]
    to_toks = tokenize(to_post)
    return bool(tail) and tail == [t.low for t in to_toks[title_at(to_toks, 0):]]


@lru_cache(maxsize=1)
def _units_apart() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(line.lower().split()) for line in data_lines("official_units_apart.txt"))


def _opens_unit_apart(words: list[str]) -> bool:
    """Whether an organisation's name opens with a kind of unit that stands apart from its parent
    (official_units_apart.txt: `bệnh viện`, `trung tâm`, `viện`)."""
    return any(tuple(words[:len(kind)]) == kind for kind in _units_apart())


def _names_a_unit(org: str) -> bool:
    """Whether an organisation names a unit by more than its kind or a place's organ (`cảnh sát hình sự`,
    `kế hoạch - tài chính`; not `ubnd`, `đảng ủy`, `sở`): two words at least, not a body's head alone."""
    return len(org.split()) >= 2 and org not in cue_words("unit_kind") and org not in cue_words("place_organ") \
        and not _only_a_head(org)


# The words a restructuring renames in a body's name, each mapped to one form: a `cục` made a `chi cục`
# under a department, a district's centre made a `khu vực`'s (or named by the place alone), a district
# made a town, and the new parent a body is handed to, told after its name.
_RESTRUCTURING_RENAMES = (
    (re.compile(r"\b(?:chi|tổng) cục\b"), "cục"),
    (re.compile(r"\b(?:huyện|thị xã|khu vực) (?=\w)"), ""),  # "... huyện X", "... khu vực X", "... X"
    (re.compile(r",? (?:trực thuộc|thuộc) .*$"), ""),  # the new parent: "Trung tâm Y tế X trực thuộc Sở Y tế"
)


# a province told after a lower place, set off by a comma ("huyện Đức Phong, tỉnh Long An"): the place's parent
_PARENT_PROVINCE_RE = re.compile(r"(?<=\w)\s*,\s*(?:tỉnh|thành phố|TP\.?)\s+\w[\w\s-]*$")
_LOWER_PLACE_RE = re.compile(r"\b(?:huyện|quận|thị xã|xã|phường|thị trấn)\s+\w")


def _without_parent_province(post: str) -> str:
    """The post without the province told after its own lower place (`Chánh án Tòa án nhân dân huyện X,
    tỉnh Y` -> `... huyện X`), so that its unit is read at the lower place; any other post as it is."""
    cut = _PARENT_PROVINCE_RE.search(post)
    return post[:cut.start()] if cut and _LOWER_PLACE_RE.search(post, 0, cut.start()) else post


def _renamed_in_restructuring(from_post: str, to_post: str) -> bool:
    """Whether the new post is the old one with its body renamed by a restructuring, title and name
    otherwise word for word (`Giám đốc Trung tâm Y tế huyện X` -> `Giám đốc Trung tâm Y tế khu vực X`,
    `Cục trưởng Cục Quản lý thị trường tỉnh X` -> `Chi cục trưởng Chi cục Quản lý thị trường tỉnh X`):
    the person keeps the post in the body as it is now named, no move. A body of another name or place
    differs (`... khu vực Y`)."""
    old, new = " ".join(from_post.lower().split()), " ".join(to_post.lower().split())
    if old == new:
        return False
    for pattern, form in _RESTRUCTURING_RENAMES:
        old, new = pattern.sub(form, old), pattern.sub(form, new)
    return old == new


@lru_cache(maxsize=1)
def _heads_of_bodies() -> dict[str, str]:
    """official_heads_of_bodies.tsv: a title (lower case) and the body it heads though its post does not
    name it (`tổng tham mưu trưởng` -> `bộ tổng tham mưu`)."""
    return {" ".join(t.low for t in tokenize(row[0])): " ".join(t.low for t in tokenize(row[1]))
            for row in data_table("official_heads_of_bodies.tsv") if len(row) > 1}


def _heads_body_of(head_post: str, other_post: str) -> bool:
    """Whether `head_post`'s title (or its deputy's) heads a body its post does not name, and `other_post`
    is in that body: its unit is the body or closes with it (`Cục Quân lực, Bộ Tổng Tham mưu`, `Cục
    Tác chiến thuộc Bộ Tổng Tham mưu`)."""
    toks = tokenize(head_post)
    end = title_at(toks, 0)
    title = " ".join(t.low for t in toks[:end]).removeprefix("phó ")
    body = _heads_of_bodies().get(title)
    if body is None:
        return False
    _, org = _unit_parts(other_post)
    return org == body or org.endswith((f" {body}", f", {body}"))


@lru_cache(maxsize=1)
def _agency_title_tails() -> tuple[tuple[str, ...], ...]:
    """The last words of a title that name the agency it heads (`agency_title_tail` in official_cues.tsv:
    `Chánh Văn phòng`, `Trưởng ban Tổ chức`), longest first: `văn phòng` before `phòng`."""
    return tuple(sorted((tuple(tail.split()) for tail in cue_words("agency_title_tail")), key=lambda t: (-len(t), t)))


def _agency(post: str) -> str:
    """The agency a post is in, before its place (`Trưởng ban Nội chính Tỉnh ủy` -> `ban nội chính`,
    `Giám đốc Sở Tài chính tỉnh X` -> `sở tài chính`, `Chánh Văn phòng Tỉnh ủy` -> `văn phòng`), or
    `""` when the post is the place's own (`Bí thư Tỉnh ủy`)."""
    toks = tokenize(post)
    n = title_at(toks, 0)
    words = [t.low for t in toks[:n]]
    tail = next((list(t) for t in _agency_title_tails() if tuple(words[-len(t):]) == t), [])
    i = n
    while i < len(toks) and not committee_at(toks, i) and _place_at(toks, i, len(toks)) == i \
            and toks[i].text not in (",", "-", "–"):
        i += 1
    words = tail + [t.low for t in toks[n:i]]
    for suffix in cue_words("country_suffix"):  # "Ủy ban MTTQ Việt Nam tỉnh": the body's full name
        closing = suffix.split()
        if len(words) > len(closing) and words[-len(closing):] == closing:
            words = words[:-len(closing)]
            break
    return " ".join(words)


def _agencies_differ(from_post: str, to_post: str) -> bool:
    """Both posts name an agency of the place, and not the same one, nor the place's own organs:
    `Phó Chánh Văn phòng UBND tỉnh` -> `Giám đốc Sở Nội vụ tỉnh` moves between two agencies."""
    b = _spelled_out(_agency(to_post))
    organs = cue_words("place_organ")  # a place's own organs (official_cues.tsv)
    if not b or b in organs or not bodies().match(tokenize(b), 0):
        return False
    # the old posts told together ("Ủy viên Ban Thường vụ, Phó Giám đốc Công an tỉnh"): any in the new
    # post's agency keeps the person in it
    olds = [_spelled_out(_agency(part)) for part in from_post.split(", ")]
    if any(a == b or a.endswith(" " + b) for a in olds):
        # "Trưởng phòng Tổ chức Sở Y tế tỉnh", "Chánh Văn phòng Sở Y tế tỉnh" -> "Phó Giám đốc Sở Y tế
        # tỉnh": a division of the new post's agency, named with it
        return False
    return any(a and a not in organs and bodies().match(tokenize(a), 0) for a in olds)


def _state_and_party(from_post: str, to_post: str) -> bool:
    """One post in the place's council or people's committee (`state_organ`), the other in an agency of
    its Party committee (`Ban Dân vận Tỉnh ủy`, `Văn phòng Thành ủy`, but not a seat on the committee
    itself: `party_seat_body`): Party and government are two units, a move between them is lateral (the
    guideline's counts read `Party to government` so). The state posts told together with the old one
    (`Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh`) count when none of them is in the new post's agency."""
    olds = from_post.split(", ")
    if _party_agency(to_post):
        agency = _agency(to_post)
        return any(_state_organ(part) for part in olds) and not any(_agency(part) == agency for part in olds)
    return _state_organ(to_post) and all(_party_agency(part) for part in olds)


def _state_organ(post: str) -> bool:
    """A post in a place's council or people's committee (`Phó Chủ tịch UBND huyện`)."""
    return _spelled_out(_agency(post)) in cue_words("state_organ")


def _party_agency(post: str) -> bool:
    """A post in an agency of a Party committee (`Trưởng ban Nội chính Thành ủy`, `Chánh Văn phòng Huyện
    ủy`), not a seat on the committee or its standing board (`Ủy viên Ban Thường vụ Tỉnh ủy`)."""
    agency = _agency(post)
    if not agency or agency in cue_words("place_organ") or agency in cue_words("party_seat_body"):
        return False
    toks = tokenize(post)  # a Party committee is an "ủy" (`Tỉnh ủy`, `Đảng ủy`), not a youth union's `Tỉnh Đoàn`
    return any((n := committee_at(toks, i)) and any(t.low in ("ủy", "uỷ") for t in toks[i:i + n]) for i in range(len(toks)))


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    """`official_abbreviations.tsv`: a body's abbreviation (lower case) -> the words it stands for."""
    return {row[0].lower(): row[1].lower() for row in data_table("official_abbreviations.tsv") if len(row) > 1}


def _spelled_out(org: str) -> str:
    """An organisation as compared, its abbreviated words written in full (`ủy ban mttq tỉnh` ->
    `ủy ban mặt trận tổ quốc tỉnh`)."""
    full = _abbreviations()
    return " ".join(full.get(word, word) for word in org.split(" ")) if org else org


def _without_country(words: list[str]) -> list[str]:
    """An organisation's words without the country closing its name (`... nhà nước việt nam`)."""
    for suffix in cue_words("country_suffix"):
        closing = suffix.split()
        if len(words) > len(closing) and words[-len(closing):] == closing:
            return words[:-len(closing)]
    return words


def _named_inside(from_words: list[str], to_words: list[str]) -> bool:
    """The new post's body (`sở tài chính`) is the parent named in the old post, followed by nothing
    or by its province's bare name (`... công sản sở tài chính x`): one unit."""
    n = len(to_words)
    if n < 2 or len(from_words) <= n or not bodies().match(tokenize(" ".join(to_words)), 0):
        return False
    for k in range(1, len(from_words) - n + 1):
        if from_words[k:k + n] == to_words:
            rest = " ".join(from_words[k + n:])
            return not rest or is_place_name(rest.title())
    return False


def _division_of_unnamed_parent(post: str, org: str) -> bool:
    """`Trưởng phòng Kế hoạch tổng hợp`, `Phó Trưởng khoa Nội`: the head of a division naming no unit
    it belongs to (the organisation after the title names none)."""
    words = org.replace(",", " , ").split()
    joined = f" {' '.join(words)} "
    for lookalike in cue_words("parent_lookalike"):  # "Phòng Tổ chức cán bộ": no "Bộ" named
        joined = joined.replace(f" {lookalike} ", " ")
    return " ".join(post.lower().split()[:3]).startswith(tuple(cue_words("division_head"))) \
        and "," not in words and not any(f" {unit} " in joined for unit in cue_words("parent_word"))



def _opens_with(text: str, role: str) -> bool:
    """Whether a post or an organisation, in lower case with single spaces, opens with a phrase of a cue
    role of official_cues.tsv followed by more words (`đảng ủy khối ...`, `đại sứ ...`)."""
    return " ".join(text.lower().split()).startswith(tuple(f"{phrase} " for phrase in cue_words(role)))


def _in_bloc(org: str) -> bool:
    """Whether an organisation is a Party organisation of a place's agencies (`đảng ủy khối ...`): one
    body of the place apart from its Party committee and its agencies."""
    return _opens_with(org, "party_bloc")


def party_bloc_of_same_place(from_post: str, to_post: str) -> bool:
    """Whether the new post is in a Party organisation of a place's agencies (`party_bloc` in
    official_cues.tsv: `Bí thư Đảng ủy Khối Chính quyền`) naming no place or level of its own: the
    bloc of the place the text is about, a Party post held alongside the official's own there, not a
    move by appointment."""
    to_toks = tokenize(to_post)
    n = title_at(to_toks, 0)
    if not n or not _in_bloc(" ".join(t.low for t in to_toks[n:])):
        return False
    # a bloc that names a level (`Khối Doanh nghiệp thành phố`) is a full-time post of that level's, but for
    # a secretary or deputy secretary of that place's own Party committee (`Phó Bí thư Thường trực Tỉnh ủy X`
    # -> `Bí thư Đảng ủy các cơ quan Đảng tỉnh X`), who leads its blocs alongside
    place = _unit_parts(to_post)[0]
    return place is None or _leads_place_committee(from_post, place)


def place_leader_heads_its_government(from_post: str, to_post: str) -> bool:
    """Whether a secretary or deputy secretary of a place's Party committee (`Phó Bí thư Thành ủy X`) is
    given the chair of that same place's People's Committee or Council (`Chủ tịch UBND TP X`): the place's
    leadership shared out, not a move by appointment."""
    place = _unit_parts(to_post)[0]
    if place is None or not _leads_place_committee(from_post, place):
        return False
    toks = tokenize(to_post)
    n = title_at(toks, 0)
    return " ".join(t.low for t in toks[:n]) == "chủ tịch" and cues("state_organ").match(toks, n) > 0


def _leads_place_committee(post: str, place: Place) -> bool:
    """Whether the post is the secretary's or a deputy secretary's of the named place's Party committee."""
    toks = tokenize(post)
    n = title_at(toks, 0)
    return place[1] is not None and "bí thư" in " ".join(t.low for t in toks[:n]) and committee_at(toks, n) > 0 \
        and _unit_parts(post)[0] == place


def seat_on_own_place_committee(from_post: str, to_post: str) -> bool:
    """Whether the new post is only a seat (`Ủy viên`) on the Party committee of a place (`Ban Chấp hành
    Đảng bộ TP Sông Công`, `Ban Thường vụ Huyện ủy Đại Từ`) and the post held is in that place, named or
    told by the bare word of its kind (`Trưởng phòng Quản lý đô thị TP`): a membership held alongside, no
    move."""
    to_toks = tokenize(to_post)
    n = title_at(to_toks, 0)
    if " ".join(t.low for t in to_toks[:n]) != "ủy viên" or not any(
            t.low == "ủy" or (t.low == "bộ" and k and to_toks[k - 1].low == "đảng") for k, t in enumerate(to_toks)):
        return False  # the seat must be on a Party committee: "Đảng bộ", "Huyện ủy", "Thành ủy" ...
    to_place, from_place = _unit_parts(to_post)[0], _unit_parts(from_post)[0]
    return bool(to_place and from_place and to_place[1]) and to_place[0] == from_place[0] \
        and from_place[1] in (None, to_place[1])


def _envoy(post: str) -> bool:
    """Whether a post heads a mission abroad (`envoy_title` in official_cues.tsv: `Đại sứ ...`)."""
    return _opens_with(post, "envoy_title")


def _same_title_kind(from_post: str, to_post: str) -> bool:
    """Whether the new post is the old post's own title alone, or its deputy's or head's (`Phó Chủ tịch
    UBND phường X` -> `Phó Chủ tịch`, `Cục trưởng Cục X` -> `Phó Cục trưởng`): nothing names another
    unit for it."""
    from_toks, to_toks = tokenize(from_post), tokenize(to_post)
    n, m = title_at(from_toks, 0), title_at(to_toks, 0)
    if not n or m != len(to_toks):
        return False
    def core(words: list[str]) -> list[str]:
        return words[1:] if words and words[0] in ("phó", "quyền") else words
    return core([t.low for t in from_toks[:n]]) == core([t.low for t in to_toks])


def _titles_only(post: str) -> bool:
    """Whether a post is bare titles joined by commas (`Phó Sư đoàn trưởng, Tham mưu trưởng`): no unit."""
    parts = [part for part in post.split(",") if part.strip()]
    return len(parts) > 1 and all(title_at(toks := tokenize(part), 0) == len(toks) for part in parts)


MAX_KIND_WORDS = 3  # words of a body named by its kind alone: "sở", "công ty", "tổng công ty"


def _only_a_head(org: str) -> bool:
    """Whether an organisation is a body's head and nothing more (`công ty`, `cơ quan`, `Sở`): the
    unit the text is telling of, named by its kind alone."""
    toks = tokenize(org)
    return bool(toks) and bodies().match(toks, 0) == len(toks)


def _bare_head_names(words: list[str], other: list[str]) -> bool:
    """A division's post ends with a body's head and no name (`ban kế hoạch | tổng công ty`), and the
    other post is in a body of that head (`tổng công ty hàng hải`): the bare head is that body, named
    in full on the other side."""
    lookalikes = cue_words("head_lookalike")
    for n in (3, 2, 1):
        if len(words) > n and other[:n] == words[-n:] and bodies().match(tokenize(" ".join(words[-n:])), 0) == n:
            if " ".join(words[-n - 1:]) in lookalikes:
                continue  # "bộ nội vụ" ends with "vụ", a word of its name ("nội vụ"), not a bare head
            return len(other) > n
    return False


def _heads_title_stood_in(from_toks: list[Tok], to_toks: list[Tok]) -> bool:
    """Whether the old post's title is a deputy's or an acting holder's (`Phó`, `Quyền`) and the
    new post's title is the head's it stood in for (`Phó Giám đốc ...` -> `Giám đốc ...`)."""
    n, m = title_at(from_toks, 0), title_at(to_toks, 0)
    if not n or not m or from_toks[0].low not in cue_words("standing_in"):
        return False
    return [t.low for t in from_toks[1:n]] == [t.low for t in to_toks[:m]]


def agency_head_made_its_leader(from_post: str, to_post: str) -> bool:
    """Whether the post held heads (or deputises in) an agency of a ministry (`Tổng cục trưởng Tổng cục
    Hải quan`; official_ministry_agencies.tsv) or of a province's department (`Chi cục trưởng Chi cục
    Kiểm lâm`; official_department_agencies.tsv) and the new post leads that same ministry or department
    (`Thứ trưởng Bộ Tài chính`, `Phó Giám đốc Sở Nông nghiệp và Phát triển nông thôn`): by an appointment
    alone, a promotion inside it. The caller reads `điều động` as a move whatever the posts; an agency of
    another ministry or department (`Tổng cục Thuế` -> `Thứ trưởng Bộ Công Thương`) or one not listed is
    read as any other post."""
    from_toks, to_toks = tokenize(from_post), tokenize(to_post)
    if to_toks and to_toks[0].low == "quyền":
        to_toks = to_toks[1:]  # "quyền Bộ trưởng Bộ X": acting, the same ministry's lead
    n, m = title_at(from_toks, 0), title_at(to_toks, 0)
    if not n or not m or m >= len(to_toks):
        return False
    title = " ".join(t.low for t in to_toks[:m])
    held = " ".join(t.low for t in from_toks[n:])
    led = _spelled_out(" ".join(t.low for t in to_toks[m:]))
    if title in cue_words("ministry_leader") and led.startswith("bộ ") and _inside_a_ministry(from_post, led):
        return True
    return any(title in cue_words(leader) and (held == agency or held.startswith(f"{agency} "))
               and (led == parent or led.startswith(f"{parent} "))
               for agency, parent, leader in _agencies_of_parents())


def _inside_a_ministry(from_post: str, ministry: str) -> bool:
    """Whether every post held is inside `ministry` (lower case, spelled out) by what it says itself: an
    agency told with that ministry (`Cục trưởng Cục Thủy lợi, Bộ Nông nghiệp và Môi trường`), or a unit
    only a ministry has, named without one (`Vụ trưởng Vụ Đông Bắc Á`, `Trợ lý Bộ trưởng`, `Chánh Văn
    phòng Bộ`: official_cues.tsv `ministry_inside`); a post naming another body is not."""
    low = from_post.lower()
    at = low.rfind(", bộ ")
    if at >= 0 and _spelled_out(low[at + 2:].strip()) == ministry:
        return _heads_an_agency(from_post[:at])  # "Cục trưởng Cục X, Bộ Y": an agency of that ministry
    inside = cue_words("ministry_inside")
    held_posts = [part.strip() for part in from_post.split(",")]
    for post in held_posts:
        toks = tokenize(post)
        n = title_at(toks, 0)
        org = " ".join(t.low for t in toks[n:])
        whole = " ".join(t.low for t in toks)
        if not any(told == unit or told.startswith(f"{unit} ") for unit in inside for told in (whole, org)):
            return False
        named = next((k for k in range(n + 1, len(toks)) if toks[k].text == "Bộ"), None)
        if named is not None and _spelled_out(" ".join(t.low for t in toks[named:])) != ministry:
            return False  # "Vụ trưởng Vụ Pháp chế Bộ Tư pháp": a department of another ministry
    return bool(held_posts)


def _heads_an_agency(post: str) -> bool:
    """A post in a ministry's agency (`Cục trưởng Cục X`, `Phó Tổng cục trưởng Tổng cục Y`)."""
    toks = tokenize(post)
    org = " ".join(t.low for t in toks[title_at(toks, 0):])
    return any(org.startswith(f"{kind} ") for kind in cue_words("ministry_agency_kind"))


@lru_cache(maxsize=1)
def _agencies_of_parents() -> tuple[tuple[str, str, str], ...]:
    """(agency, parent, the cue role of the parent's leading titles), all in lower case, from
    official_ministry_agencies.tsv (`ministry_leader`) and official_department_agencies.tsv
    (`department_leader`)."""
    # the parent spelled out as a post's is (`_spelled_out`: `NN&PTNT`, and `tư` read as `TƯ` alike)
    return tuple((row[0].lower(), _spelled_out(row[1].lower()), leader)
                 for table, leader in (("official_ministry_agencies.tsv", "ministry_leader"),
                                       ("official_department_agencies.tsv", "department_leader"))
                 for row in data_table(table) if len(row) > 1)


def board_of_own_enterprise(from_post: str, to_post: str) -> bool:
    """Whether the new post is a title on a board that exists only inside an enterprise, with no
    owner named (`Chủ tịch Hội đồng thành viên`, `Trưởng Ban kiểm soát`), and the post held is in an
    enterprise (`Phó Tổng giám đốc Tập đoàn X`): the board of the enterprise the person is in, so a
    promotion there, not a move; so is one whose owner is told by its kind alone (`Ủy viên HĐQT Tập
    đoàn`). A board named with its owner (`... Hội đồng thành viên Tổng công ty Y`) is read as any other
    post."""
    to_toks = tokenize(to_post)
    n = title_at(to_toks, 0)
    board = _enterprise_boards().match(to_toks, n) if n else 0
    organ = 0 if board or not n else _enterprise_party_organs().match(to_toks, n)
    words = _enterprise_words()
    # the owner told by its kind alone (`Ủy viên HĐQT Tập đoàn`): the enterprise the text tells of; a Party
    # organ counts only with it (`Ủy viên Ban Thường vụ Đảng ủy Tập đoàn`)
    owner = words.match(to_toks, n + board + organ) if board or organ else 0
    if organ and not owner:
        return False
    board += organ
    if not board or n + board + owner != len(to_toks):
        return False  # a bare title (`Phó Tổng giám đốc`) names no board: read as any other post
    from_toks = tokenize(from_post)
    board_words = [t.low for t in to_toks[n:n + board]]
    # the post held names the enterprise, or the same board ("thành viên Hội đồng quản trị, Tổng Giám đốc X" ->
    # "Chủ tịch Hội đồng quản trị": a seat on the board the person already sits on)
    return any(words.match(from_toks, k) for k in range(title_at(from_toks, 0), len(from_toks))) \
        or any([t.low for t in from_toks[k:k + len(board_words)]] == board_words for k in range(len(from_toks)))


def board_of_own_institution(from_post: str, to_post: str) -> bool:
    """Whether the new post is a title on a council that exists only inside one institution, with nothing
    after it (`Chủ tịch Hội đồng trường`: official_institution_boards.tsv), and the post held names no other
    unit: the institution's Party committee with no unit named (`Bí thư Đảng ủy`), or a post in an
    institution of that kind (`Hiệu trưởng Trường Đại học X`). The school's own council: no move."""
    to_toks = tokenize(to_post)
    n = title_at(to_toks, 0)
    if not n:
        return False
    kinds = next((words for board, words in _institution_boards()
                  if board.match(to_toks, n) == len(to_toks) - n), None)
    if kinds is None:
        return False
    from_toks = tokenize(from_post)
    m = title_at(from_toks, 0)
    if m and _enterprise_party_organs().match(from_toks, m) == len(from_toks) - m > 0:
        return True  # "Bí thư Đảng ủy": the committee of the unit the person is in
    held = " " + " ".join(t.low for t in from_toks) + " "
    return _unit_parts(from_post)[0] is None and any(f" {word} " in held for word in kinds)


def unit_unnamed(post: str) -> bool:
    """Whether a post names no unit of its own: a bare title (`Phó Chủ tịch`) or a title of a Party committee
    or a unit told by its kind alone (`Bí thư Đảng ủy`, `Giám đốc sở`), which a post joined to it by a dash
    names (`Bí thư Đảng ủy - Chủ tịch HĐND xã X`: both in commune X)."""
    place, org = _unit_parts(post)
    if place is not None:
        return False
    if not org or org in cue_words("unit_kind"):
        return True
    toks = tokenize(post)
    n = title_at(toks, 0)
    return bool(n) and _enterprise_party_organs().match(toks, n) == len(toks) - n


@lru_cache(maxsize=1)
def _institution_boards() -> tuple[tuple[Lexicon, frozenset[str]], ...]:
    return tuple((Lexicon([row[0]]), frozenset(word.lower() for word in row[1:]))
                 for row in data_table("official_institution_boards.tsv"))


def unit_apart_head_made_leader(from_post: str, to_post: str) -> bool:
    """Whether the post held is in a unit of its own (a centre, a newspaper, a hospital: `unit_apart` in
    official_cues.tsv) told with the body it belongs to after a comma (`Giám đốc Trung tâm Tin học, Đài
    Truyền hình Việt Nam`), and the new post leads that body (`Phó Tổng Giám đốc Đài Truyền hình Việt
    Nam`): out of the unit apart, a move, though the body is named on both sides."""
    at = from_post.rfind(", ")
    if at < 0:
        return False
    held, parent = tokenize(from_post[:at]), tokenize(from_post[at + 2:])
    n = title_at(held, 0)
    if not n or not cues("unit_apart").match(held, n, lower_only=False):
        return False
    new = tokenize(to_post)
    m = title_at(new, 0)
    return bool(m) and bool(parent) and [t.low for t in new[m:]] == [t.low for t in parent]


def party_organ_of_own_unit(from_post: str, to_post: str) -> bool:
    """Whether the new post is in a Party organ named with a unit by its kind alone (`Bí thư Đảng ủy Học
    viện`, `own_party_unit` in official_cues.tsv) and the post held is in a unit of that kind (`Giám đốc
    Học viện Ngoại giao`): that unit's own Party committee, a post held alongside, no move."""
    to_toks = tokenize(to_post)
    n = title_at(to_toks, 0)
    organ = _enterprise_party_organs().match(to_toks, n) if n else 0
    if not organ:
        return False
    kind = " ".join(t.low for t in to_toks[n + organ:])
    if kind not in cue_words("own_party_unit"):
        return False
    return f" {kind} " in " " + " ".join(t.low for t in tokenize(from_post)) + " "


@lru_cache(maxsize=1)
def _enterprise_party_organs() -> Lexicon:
    return lexicon("official_enterprise_party_organs.txt")


@lru_cache(maxsize=1)
def _enterprise_boards() -> Lexicon:
    return lexicon("official_enterprise_boards.txt")


@lru_cache(maxsize=1)
def _enterprise_words() -> Lexicon:
    return lexicon("official_enterprise_words.txt")


def head_title_alone(from_post: str, to_post: str) -> bool:
    """Whether the new post is only the head's title of the deputy or acting post held (`phó chánh
    văn phòng Đoàn ĐBQH tỉnh X` -> `chánh văn phòng`, `Quyền Giám đốc Sở Y tế` -> `Giám đốc`): no
    unit is named for it but the one the person is in, so it is a promotion there."""
    to_toks = tokenize(to_post)
    return title_at(to_toks, 0) == len(to_toks) and _heads_title_stood_in(tokenize(from_post), to_toks)


def place_ending(post: str) -> str | None:
    """The place a post ends with, as written (`Chủ tịch UBND xã Y` -> `xã Y`), or None
    when it names none by name (`Phó Bí thư Đảng ủy xã`, `Giám đốc Sở Nội vụ`)."""
    toks = tokenize(post)
    for j in range(title_at(toks, 0), len(toks)):
        if _place_at(toks, j, len(toks)) == len(toks) and len(toks) > j + place_types().match(toks, j):
            return span_text(post, toks, j, len(toks))
    return None


def names_a_place(post: str) -> bool:
    """Whether a post or body names its place by name (`Đảng ủy phường An Phú`, `Huyện ủy Tây Hồ`),
    not only by its type (`Đảng ủy xã`, `Ban Thường vụ Đảng ủy`)."""
    place, _ = _unit_parts(post)
    return place is not None and place[1] is not None


def moved_between(from_post: str, to_post: str) -> bool:
    """Whether going from one post to the other is a move: the new post is in another unit
    (`same_unit`), is not the head of the unit the person was deputy or acting head of
    (`promoted_in_place`), and names a unit at all (`party_title_alone`)."""
    return not same_unit(from_post, to_post) and not promoted_in_place(from_post, to_post) \
        and not party_title_alone(to_post)


def party_title_alone(post: str) -> bool:
    """A Party committee's title with nothing after it (`Phó Bí thư`, `Bí thư`): it names no committee, so
    given by designation it is a seat on the committee of the place the person works in, no move."""
    toks = tokenize(post)
    return title_at(toks, 0) == len(toks) and " ".join(t.low for t in toks) in cue_words("party_committee_title")


def unit_shared(post: str) -> str:
    """A post of titles joined by commas before one unit, written with its first title only
    (`Phó Chỉ huy trưởng, Tham mưu trưởng Bộ CHQS tỉnh` -> `Phó Chỉ huy trưởng Bộ CHQS tỉnh`): every
    title is in the unit named after the last. Any other post is returned as it is."""
    toks = tokenize(post)
    n = title_at(toks, 0)
    if not n:
        return post
    j = n
    while j + 1 < len(toks) and toks[j].text == "," and (m := title_at(toks, j + 1)):
        j += 1 + m  # "Phó Tư lệnh, Tham mưu trưởng, ..."
    if j == n or j >= len(toks) or toks[j].text == ",":
        return post  # one title, or titles with no unit after them
    return span_text(post, toks, 0, n) + " " + span_text(post, toks, j, len(toks))


def without_new_mark(post: str) -> str:
    """A post moved to without the word that says its holder is new (`tân Giám đốc Sở X` ->
    `Giám đốc Sở X`)."""
    toks = tokenize(post)
    n = cues("new_mark").match(toks, 0)
    return span_text(post, toks, n, len(toks)) if n and title_at(toks, n) else post


def _place_told(post: str, unit_word: str) -> str | None:
    """The place of this level named in a post, as written (`Chủ tịch UBND huyện Đình Lập`, `huyện` ->
    `huyện Đình Lập`), else None."""
    toks = tokenize(post)
    for i in range(len(toks)):
        n = place_types().match(toks, i)
        if not n or " ".join(t.low for t in toks[i:i + n]) != unit_word:
            continue
        end = _place_at(toks, i, len(toks))
        if end == i + n:
            end = _number_naming(toks, end, unit_word)  # "quận 12": a unit named by its number
        if end > i + n:
            return span_text(post, toks, i, end)
    return None


def first_in_shared_unit(posts: list[str]) -> str:
    """The first of the posts a move gives, in the unit the later ones name when it is a bare title
    (`Phó Chỉ huy trưởng`, `Tham mưu trưởng Bộ CHQS tỉnh X` -> `Phó Chỉ huy trưởng Bộ CHQS tỉnh X`) or a
    committee of a level with no place named (`Phó Bí thư Quận ủy`, `Chủ tịch UBND quận 12` -> `Phó Bí
    thư Quận ủy quận 12`), for telling whether the move leaves the unit held."""
    first = tokenize(posts[0])
    if len(posts) < 2:
        return posts[0]
    if title_at(first, 0) != len(first):
        place = _unit_parts(posts[0])[0]
        if place is not None and place[1] is None:
            # "Phó Bí thư Quận ủy, Chủ tịch UBND quận 12": a committee of a level left unnamed, in the place
            # of that level the posts after it name
            for later in posts[1:]:
                if (named := _place_told(later, place[0])) is not None:
                    return f"{posts[0]} {named}"
        return posts[0]
    return unit_shared(", ".join(posts))


def promoted_in_place(from_post: str, to_post: str) -> bool:
    """Whether a new post is the head of the very unit the person was deputy or acting head of
    (`Phó Giám đốc phụ trách Sở Xây dựng` -> `Giám đốc Sở Xây dựng tỉnh Quảng Trị`): a promotion
    in place, even when the decision is worded `điều động, bổ nhiệm`. The unit must be named in
    both, word for word, but for `phụ trách`, titles sharing the unit (`Phó Chỉ huy trưởng, Tham
    mưu trưởng Bộ CHQS tỉnh`) and a place, or its name, told on one side only (`Bộ CHQS tỉnh` ->
    `Bộ CHQS tỉnh Cao Bằng`: the province the article is about)."""
    from_post, to_post = _abbreviation_spelled_out(unit_shared(from_post), unit_shared(to_post))
    if not _heads_title_stood_in(tokenize(from_post), tokenize(to_post)):
        return False
    (from_place, from_org), (to_place, to_org) = _unit_parts(from_post), _unit_parts(to_post)
    from_words, to_words = from_org.replace(",", " ").split(), to_org.replace(",", " ").split()
    if from_words[:2] == ["phụ", "trách"]:
        from_words = from_words[2:]
    if from_place and to_place and from_place[0] == to_place[0] and (from_place[1] is None) != (to_place[1] is None) \
            and (to_words if to_place[1] is None else from_words)[-1:] == from_place[0].split()[-1:]:
        # "Bộ CHQS tỉnh" and "Bộ CHQS tỉnh Cao Bằng": the unit word ends the post, its name told on the
        # other side only (a committee, "Văn phòng Huyện ủy", is read as any other unit)
        named, name = (to_words, to_place[1]) if to_place[1] else (from_words, from_place[1])
        tail = name.split()
        if named[-len(tail):] == tail:
            del named[-len(tail):]
        from_place = to_place
    if bool(from_place) != bool(to_place):  # "Sở Xây dựng" and "Sở Xây dựng tỉnh Quảng Trị"
        placed, bare = (to_words, from_words) if to_place else (from_words, to_words)
        place = (to_place or from_place)
        tail = f"{place[0]} {place[1] or ''}".split()
        if placed[-len(tail):] == tail:
            placed = placed[:-len(tail)]
        from_words, to_words = (bare, placed) if to_place else (placed, bare)
    elif from_place != to_place:
        return False
    if from_words and to_words and len(from_words) > len(to_words) and from_words[:len(to_words)] == to_words \
            and not to_place:
        return True  # "Phó Trưởng phòng Cảnh sát giao thông Công an tỉnh X" -> "Trưởng phòng Cảnh sát giao thông"
    return bool(from_words) and from_words == to_words and bodies().match(tokenize(" ".join(from_words)), 0) > 0


def promoted_from_one_held(held: list[str], to_post: str) -> bool:
    """Whether one of several posts held together is the deputy's post of the new one's unit
    (`Ủy viên Trung ương Đảng, Phó Bí thư Thành ủy, Chủ tịch UBND TP X` -> `Bí thư Thành ủy TP X`):
    a promotion in place, whatever else the person also held. A held post that names no place of
    its own (`Phó Bí thư Tỉnh ủy`) is in the place the other posts name, so the new post must name
    no other place (`Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh A` -> `Bí thư Tỉnh ủy B` is a move)."""
    if len(held) < 2:
        return False
    to_toks = tokenize(to_post)
    to_place, to_org = _unit_parts(to_post)
    listed = [place[1] for place, _ in map(_unit_parts, held) if place and place[1]]
    for post in held:
        if not _heads_title_stood_in(tokenize(post), to_toks):
            continue
        place, org = _unit_parts(post)
        if place and place[1]:
            if promoted_in_place(post, to_post):
                return True
            continue
        if not org or (to_org + " ")[:len(org) + 1] != org + " ":
            continue  # "Phó Bí thư Thành ủy" -> "Bí thư Thành ủy ...": the same organ, its place apart
        if to_place and to_place[1] and not any(_same_place_name(to_place[1], name) for name in listed):
            continue
        return True
    return False


def promoted_from_bare_deputy(held: list[str], to_post: str) -> bool:
    """Whether the posts held are a deputy's bare title and seats in a committee (`Ủy viên Ban
    Thường vụ, Phó Chính ủy` -> `Chính ủy Lữ đoàn X`): the deputy's unit is named nowhere but in
    the new post, so the head's post is taken where the person was deputy."""
    seats = tuple(cue_words("not_moved_to"))
    titles = [post for post in held if not post.lower().startswith(seats)]
    return len(titles) == 1 and title_at(toks := tokenize(titles[0]), 0) == len(toks) \
        and _heads_title_stood_in(toks, tokenize(to_post))


def _same_place_name(one: str, other: str) -> bool:
    """Two place names as `_unit_parts` reads them, one written with a type word or a stop before it
    (`tp cần thơ`, `. cần thơ`): the shorter's words end the longer's."""
    a, b = (re.findall(r"\w+", name) for name in (one, other))
    short, long_ = sorted((a, b), key=len)
    return bool(short) and long_[-len(short):] == short


def kept_by_merger(from_post: str, to_post: str) -> bool:
    """Whether a new post is the old one in the province the old unit's province was merged into in
    2025 (`Chỉ huy trưởng Bộ Chỉ huy BĐBP tỉnh Bến Tre` -> `Chỉ huy trưởng Ban Chỉ huy BĐBP tỉnh
    Vĩnh Long`): the same title, and the two provinces one since the mergers. The merger kept the
    official in their post; no one was moved."""
    from_toks, to_toks = tokenize(from_post), tokenize(to_post)
    n, m = title_at(from_toks, 0), title_at(to_toks, 0)
    if not n or not m:
        return False
    (from_place, from_org), (to_place, to_org) = _unit_parts(from_post), _unit_parts(to_post)
    if not (from_place and to_place and from_place[1] and to_place[1]):
        return False
    old, new = province(from_place[1]), province(to_place[1])
    if old is None or new is None or old == new or province_now(old) != province_now(new):
        return False
    # the same title, or any title in the same organ of the merged province ("Bí thư Tỉnh ủy A" ->
    # "Phó Bí thư Tỉnh ủy B"): the successor body, whatever the rank there
    same_title = [t.low for t in from_toks[:n]] == [t.low for t in to_toks[:m]]
    return same_title or _place_marked(from_org, from_place) == _place_marked(to_org, to_place)


def _place_marked(org: str, place: Place) -> str:
    """An organisation with its place's name put as `@` (`tỉnh ủy thái bình` -> `tỉnh ủy @`), abbreviations
    spelled out: the organ, whichever place it is of."""
    return _spelled_out(org.replace(place[1], "@", 1)) if place[1] else _spelled_out(org)


def kept_in_stated_merger(from_post: str, to_post: str, mergers: list[tuple[str, str]]) -> bool:
    """Whether the text states that the old post's unit was merged into the new post's (`phường A`
    -> `phường B` after `Phường B được thành lập trên cơ sở sáp nhập phường A, ...`; `Sở A` -> `Sở B`
    after `Sở A hợp nhất vào Sở B`; mergers as `officials.mergers.stated_mergers` reads them) and the
    new post is in the same organ of the successor (`Chủ tịch UBND phường A` -> `Phó Chủ tịch UBND
    phường B`, not `Bí thư Đảng ủy phường B`): the merger kept the official there, whatever the rank;
    no one was moved."""
    if not mergers:
        return False
    if ", " in from_post:  # "Ủy viên Bộ Chính trị, ..., Trưởng ban A": any one of the posts held
        return any(kept_in_stated_merger(part, to_post, mergers) for part in from_post.split(", "))
    to_post = _in_the_successor(to_post, mergers)
    (from_place, from_org), (to_place, to_org) = _unit_parts(from_post), _unit_parts(to_post)
    from_org, to_org = _with_kind_of_title(from_post, from_org), _with_kind_of_title(to_post, to_org)
    for old, new in mergers:
        before, after = _unit_marked(from_org, from_place, old), _unit_marked(to_org, to_place, new)
        if before is not None and before.startswith("@ ") and _unit_parts(new)[1].endswith(before[1:]):
            # "Tòa án Quân sự khu vực 1 (Quân khu 1)" merged into "Tòa án Quân sự khu vực Quân khu 1": the
            # parent the old post names after the unit closes the successor's own name
            before = "@"
        if before is None or after is None:
            continue
        told_once = not (from_place and from_place[1] and to_place and to_place[1]) or from_place == to_place
        if before == after or (told_once and _without_place_tail(before, from_place) == _without_place_tail(after, to_place)):
            return True  # the same organ, its place told on one side only ("@ tỉnh bến tre", "@")
    return False


def _with_kind_of_title(post: str, org: str) -> str:
    """The organisation of a post whose title ends with its unit's kind (`Phó trưởng ban Dân vận Trung ương`:
    `dân vận trung ương`) with that kind put back (`ban dân vận trung ương`), as a merger names the unit; a
    standing deputy's rank told after the title (`thường trực ban a`) left out."""
    toks = tokenize(post)
    n = title_at(toks, 0)
    org = org.removeprefix("thường trực ")  # "Phó trưởng ban Thường trực Ban A": the standing deputy of Ban A
    if not n or n == len(toks) or toks[n - 1].low not in cue_words("unit_kind") or toks[n].low == toks[n - 1].low \
            or org.startswith(toks[n - 1].low + " "):
        return org
    return f"{toks[n - 1].low} {org}"


def _in_the_successor(post: str, mergers: list[tuple[str, str]]) -> str:
    """A new post that names no place of its own (`Chủ tịch UBND xã mới`, `Phó Bí thư Thường trực Đảng
    ủy`), told where the article's mergers all have one successor place, put in it (`... xã Tân
    Phong`); any other post as it is."""
    successors = {new.lower(): new for _, new in mergers}
    if len(successors) != 1:
        return post
    [successor] = successors.values()
    new_place, new_org = _unit_parts(successor)
    place, _ = _unit_parts(post)
    if new_place is None or new_org != f"{new_place[0]} {new_place[1]}" or (place is not None and place[1]):
        return post  # the successor is a body, or the post names its place
    if place is not None and place[0] != new_place[0]:
        return post  # "UBND huyện" is no commune's
    words = post.split()
    if words and words[-1].lower() == "mới":
        words.pop()  # "xã mới": the new commune
    if place is not None and words and words[-1].lower() == place[0]:
        words.pop()
    return " ".join([*words, successor])


def _without_place_tail(marked: str, place: Place | None) -> str:
    """A marked organisation without the place that closes it (`@ tỉnh bến tre` -> `@`)."""
    if place and place[1] and marked.endswith(f" {place[0]} {place[1]}"):
        return marked[:-len(f" {place[0]} {place[1]}")]
    return marked


def _unit_marked(org: str, place: Place | None, unit: str) -> str | None:
    """The organisation with `unit` put as `@` (`ubnd phường đồng tiến` -> `ubnd @`), or None when the
    post is not in that unit. A unit that is a place matches the post's place, whatever the organ's
    form (`tỉnh ủy thái bình` is in `tỉnh thái bình`); a body matches its name, with or without its place."""
    unit_place, unit_org = _unit_parts(unit)
    if unit_place is not None and unit_org == f"{unit_place[0]} {unit_place[1]}":
        return _place_marked(org, place) if place == unit_place else None
    for named in (unit_org, unit_org.split(f" {unit_place[0]} ")[0] if unit_place else unit_org):
        if f" {named} " in f" {org} ":
            return _spelled_out(f" {org} ".replace(f" {named} ", " @ ", 1).strip())
    return None


def _unit_words(post: str) -> tuple[list[str], Place | None]:
    """The words naming a post's unit, after its title and before its place, commas and `và` kept
    (`Giám đốc Sở Văn hóa, Thể thao và Du lịch tỉnh X` -> `sở văn hóa , thể thao và du lịch`), without
    the country closing a national body's name (`Báo Nông nghiệp Việt Nam`), and the place."""
    toks = tokenize(post)
    i = n = title_at(toks, 0)
    while i < len(toks) and not committee_at(toks, i) and _place_at(toks, i, len(toks)) == i \
            and toks[i].text not in ("(", ";"):
        i += 1
    words = [t.low for t in toks[n:i]]
    for suffix in cue_words("country_suffix"):
        closing = suffix.split()
        if len(words) > len(closing) and words[-len(closing):] == closing:
            words = words[:-len(closing)]
    return words, _unit_parts(post)[0]


def _without_body_word(words: list[str]) -> list[str]:
    """A unit's name without the kind of body that opens it (`sở dân tộc` -> `dân tộc`), when it has one."""
    n = bodies().match(tokenize(" ".join(words)), 0) if words else 0
    return words[n:] if 0 < n < len(words) else words


def kept_in_merged_unit(from_post: str, to_post: str) -> bool:
    """Whether the new post is in the unit the old one was merged into: the new unit's name joins the
    old unit's with another by `và` or a comma (`Giám đốc Đài PT-TH X` -> `Giám đốc Báo và Đài PT-TH X`;
    `Trưởng ban Dân tộc tỉnh` -> `Giám đốc Sở Dân tộc và Tôn giáo`; `Phó Giám đốc Sở Du lịch` ->
    `Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch`), in the same place or one left unsaid; or, when a
    merged unit is split again, the new unit's name shares a part with the old one's (`Giám đốc Sở
    Giáo dục, Khoa học và Công nghệ` -> `Giám đốc Sở Giáo dục và Đào tạo`). The merger (or the split)
    kept the official in the successor body, whatever their rank there; no one was moved. A unit
    whose own name has a `và` and is not the other's successor (`Sở Kế hoạch và Đầu tư` after `Sở Tài
    chính`) shares no part with the old one."""
    (old, old_place), (new, new_place) = _unit_words(from_post), _unit_words(to_post)
    if "và" not in new or not old or old == new or _parent_after_comma(from_post, to_post):
        return False
    if old_place and new_place and old_place[1] and new_place[1] and old_place != new_place:
        return False  # two places named; a bare `tỉnh` (or the `thôn` of `nông thôn`) names none
    old_parts, new_parts = _conjuncts(old), _conjuncts(new)
    # the new unit may have fewer parts than the old: a split ("Sở Giáo dục, Khoa học và Công nghệ" ->
    # "Sở Giáo dục và Đào tạo") re-founds one of the old unit's parts, its head kept in it
    if len(new_parts) < 2:
        return False
    # the first conjunct carries the kind of body for all (`Sở Văn hóa, Thể thao và Du lịch`); a kind
    # left in the title (`Trưởng ban Dân tộc`) matches any; two kinds named apart must be the same
    # (`Học viện Nông nghiệp` is not merged into `Bộ Nông nghiệp và Môi trường`)
    new_kind = _body_word(new_parts[0])
    held = _kind_held_in_title(from_post)
    old_named = {(_body_word(p) or held, tuple(_without_body_word(p))) for p in old_parts}
    return any(_same_kind(kind, _body_word(p) or new_kind) and topic == tuple(_without_body_word(p))
               for p in new_parts for kind, topic in old_named)


@lru_cache(maxsize=1)
def _merger_kinds() -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """The kinds a title holds, and the (old, new) kinds a merger renamed (`official_merger_kinds.tsv`)."""
    rows = data_table("official_merger_kinds.tsv")
    held = frozenset(row[0].lower() for row in rows if row[1] == "held")
    renamed = frozenset((row[0].lower(), row[2].lower()) for row in rows if row[1] == "renamed")
    return held, renamed


def _kind_held_in_title(post: str) -> str | None:
    """The kind of body the title names itself (`ban` in `Trưởng ban Dân tộc tỉnh`), or None."""
    toks = tokenize(post)
    n = title_at(toks, 0)
    last = toks[n - 1].low if n else None
    return last if last in _merger_kinds()[0] else None


def _same_kind(old: str | None, new: str | None) -> bool:
    """Whether an old unit's kind of body may be the new one's: the same, one the merger renamed into
    it, or one left unknown on either side."""
    return old is None or new is None or old == new or (old, new) in _merger_kinds()[1]


def _body_word(words: list[str]) -> str | None:
    """The kind of body opening a unit's name (`sở` in `sở dân tộc`), or None."""
    n = len(words) - len(_without_body_word(words))
    return " ".join(words[:n]) if n else None


def _conjuncts(words: list[str]) -> list[list[str]]:
    """A unit's name cut at `và` and commas (`sở văn hóa , thể thao và du lịch` -> three parts)."""
    parts, part = [], []
    for word in words:
        if word in ("và", ","):
            parts.append(part)
            part = []
        else:
            part.append(word)
    parts.append(part)
    return [p for p in parts if p]


@lru_cache(maxsize=1)
def _elected_bodies() -> tuple[str, ...]:
    """The bodies whose leaders their members choose (`official_elected_bodies.txt`), folded."""
    return tuple(f" {line.lower()} " for line in data_lines("official_elected_bodies.txt"))


def _mass_organisation(post: str) -> str | None:
    """The Front or mass organisation of a place a post is in, when that organisation is the post's
    agency itself (`Chủ tịch Liên đoàn Lao động tỉnh` -> `liên đoàn lao động`), else None: a body of its
    own beside the place's Party committee and government. Not a union inside another body (`Chủ tịch
    Công đoàn Sở Y tế`), which belongs to that body."""
    agency = _spelled_out(_agency(post))
    return agency if f" {agency} " in _elected_bodies() else None


def in_elected_body(post: str) -> bool:
    """Whether a post is in the Front or a mass organisation, whose leaders are chosen by vote or the
    Front's consultation (`Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh`, `Chủ tịch Hội Nông dân huyện`)."""
    words = f" {' '.join(t.low for t in tokenize(post))} "
    return any(body in words for body in _elected_bodies())


_PARENT_MARKS = frozenset({",", "-", "–", "thuộc"})


def _unit_then_parent(words: list[str], unit: list[str]) -> bool:
    """Whether `unit` is named in `words` followed by the body it belongs to (`quân khu 1 , bộ quốc
    phòng`, `cục x - bộ y tế`, `... thuộc sở y tế`)."""
    n = len(unit)
    return any(words[p:p + n] == unit and words[p + n] in _PARENT_MARKS for p in range(len(words) - n))


@lru_cache(maxsize=1)
def _party_organs() -> tuple[tuple[str, ...], ...]:
    """The Party organs named before a unit (`official_party_organs.txt`), as folded words, longest first."""
    organs = {tuple(line.lower().split()) for line in data_lines("official_party_organs.txt")}
    return tuple(sorted(organs, key=len, reverse=True))


def _without_party_organ(words: list[str]) -> list[str]:
    """An organisation's words without the Party organ that opens them (`ban cán sự đảng viện kiểm sát
    ...` -> `viện kiểm sát ...`), if any."""
    for organ in _party_organs():
        if tuple(words[:len(organ)]) == organ:
            return words[len(organ):]
    return words
