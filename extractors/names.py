"""Vietnamese personal names in running text.

A name is a run of capitalised syllables that starts with a family name from
the surname lexicon (`surnames.txt`, Kinh and ethnic-minority names alike:
`Lò Văn Thân`, `Giàng A Thào`) and has two to four syllables. News writes the
post right before the name, so a run often holds a place and then the name:
`Quận ủy Tây Hồ Lê Thị Thu Hằng`, `Hà Nội Vũ Đức Bảo`. The split is chosen so
that the part before the name is a place in the gazetteer of administrative
units, and, where underthesea's word segmentation ran, so that the name is
whole words (`Đoàn Thanh niên` is not a person: `Thanh niên` is one word).

A run that is itself a place (`Hà Nội`, `Hồ Chí Minh`) or that follows a unit
word or a naming noun (`xã Lâm Hà`, `Trường THPT Nguyễn Du`) is not a person.
After an honorific (`bà`, `đồng chí`, a rank such as `Thiếu tướng`, a degree such
as `TS.`) the name starts right there and is read whole (`bà Văn Thị Hồng Nhung`,
not `Hồng Nhung`). The Tây Nguyên prefix `H'` may be glued to the syllable after
it (`H'Hen Niê`).

Only the tail of a run is examined, so the work per run is constant and the
whole scan is linear in the text, however long the run.

Entry points: `find_names(text, toks, words)`, `honorifics_before(toks, i)` (the honorifics stacked
before a name; one honorific is `posts.honorific_ending_at`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, repeat
from operator import itemgetter

import regex

from extractors.base import data_lines, data_table
from extractors.gazetteer import MERGER_ASIDES, is_place_name, level_of, province
from extractors.posts import (
    Lexicon, bodies, committee_at, compound_ends_at, honorific_ending_at, honorifics, lexicon, place_types, read_post,
    stopwords, surnames, title_at,
    world_places,
)
from extractors.tokens import SPELLED_BELOW, Tok, first_token, tokenize

# A capitalised syllable; or a Tây Nguyên given-name prefix, alone or glued to the syllable after it
# (`H'`, `H'Hen`, `H’Yim`).
_SYLLABLE_RE = regex.compile(r"\p{Lu}[\p{Ll}\p{M}]{0,7}|\p{Lu}['’](?:\p{Lu}[\p{Ll}\p{M}]{0,7})?")
MAX_NAME = 4  # syllables; five only right after an honorific ("bà Tôn Nữ Thị Thu Hà")
MAX_PLACE = 4  # syllables in a place name before a person's name


@dataclass(frozen=True)
class NameSpan:
    i: int          # first token of the name
    j: int          # token after the name
    text: str
    honorific: int  # tokens of an honorific right before the name (0 if none)


@dataclass(frozen=True)
class Words:
    """Boundaries of the doc's tokens: words where underthesea ran, syllables elsewhere."""

    starts: frozenset[int]
    ends: frozenset[int]
    inner: dict[int, tuple[int, int]]  # char offset of a word-internal space -> the word's span

    @classmethod
    def of_spans(cls, spans: list[tuple[int, int]], text: str) -> "Words":
        starts, ends = list(map(itemgetter(0), spans)), list(map(itemgetter(1), spans))
        inner: dict[int, tuple[int, int]] = {}
        # most spans are one syllable: the spans holding a space are picked in C (str.count)
        for s, e in compress(spans, map(text.count, repeat(" "), starts, ends)):
            k = text.find(" ", s, e)
            while k >= 0:
                inner[k] = (s, e)
                k = text.find(" ", k + 1, e)
        return cls(frozenset(starts), frozenset(ends), inner)


@lru_cache(maxsize=1)
def glued_prefixes() -> frozenset[str]:
    """Surnames written with an apostrophe (`H'`): each also opens a name glued to the syllable
    after it (`H'Hen Niê`), as one token."""
    return frozenset(first for first in surnames().by_first if first.endswith(("'", "’")))


def surname_at(toks: list[Tok], k: int) -> int:
    """Tokens of a family name at toks[k] (0 if none), a glued `H'Hen` counting as one."""
    n = surnames().match(toks, k)
    if n:
        return n
    text = toks[k].text
    return 1 if len(text) > 2 and text[:2] in glued_prefixes() else 0


@lru_cache(maxsize=1)
def _name_blockers() -> Lexicon:
    return lexicon("official_name_blockers.txt")


@lru_cache(maxsize=1)
def _body_surnames() -> dict[str, frozenset[str]]:
    """Family names that are also a body's noun -> the unit nouns that make them the body."""
    rows = (line.split("\t") for line in data_lines("official_body_surnames.tsv"))
    return {row[0]: frozenset(row[1:]) for row in rows}


@lru_cache(maxsize=1)
def _honorific_surnames() -> frozenset[str]:
    """Family names that are also a common word (`surnames_honorific.txt`: `Ông`, `Và`)."""
    return frozenset(data_lines("surnames_honorific.txt"))


def _honorific_surname_at(toks: list[Tok], k: int) -> bool:
    """toks[k] is a capitalised word of address right after another honorific, so a family name:
    `đồng chí Ông Văn Tám`, `Đại tá Ông Văn B` (nobody writes `đồng chí ông X`; the capital says
    the word is the name's first syllable). At a sentence start `Ông Văn Tám` stays `ông` + name."""
    return toks[k].text in _honorific_surnames() and (honorific_ending_at(toks, k) > 0 or _before_womans_middle_name(toks, k))


MIN_UNLISTED_NAME, MAX_UNLISTED_NAME = 3, 4  # syllables of a woman's name whose family name the lexicon lacks


def _unlisted_family_name(toks: list[Tok], a: int, b: int) -> bool:
    """A name right after an honorific whose family name surnames.txt lacks, told by a woman's middle
    name second (`bà Tao Thị Hoa`); none of its words a title, a body or a place's kind (`Công An`)."""
    return MIN_UNLISTED_NAME <= b - a <= MAX_UNLISTED_NAME and toks[a + 1].text == "Thị" \
        and not any(title_at(toks, k) or bodies().match(toks, k) or place_types().match(toks, k) for k in range(a, b))


def _family_name_by_shape(toks: list[Tok], a: int, b: int, honorific: int) -> int:
    """1 when the run toks[a:b] opens with a family name surnames.txt does not list as one, told by its
    place: a word of address capitalised after an honorific or before `Thị` (`đồng chí Ông Văn Tám`, `Ông
    Thị Hạnh`), or an unlisted name before a woman's middle name after an honorific (`bà Tao Thị Hoa`)."""
    if (honorific or _before_womans_middle_name(toks, a)) and _honorific_surname_at(toks, a):
        return 1
    return int(bool(honorific) and _unlisted_family_name(toks, a, b))


def _before_womans_middle_name(toks: list[Tok], k: int) -> bool:
    """`Thị` right after toks[k]: a woman's middle name, so the capitalised word before it is her family
    name wherever it stands (`Trưởng ban Ông Thị Hạnh`), never a man's word of address."""
    return k + 1 < len(toks) and toks[k + 1].text == "Thị"


def _middle_name_after(toks: list[Tok], k: int) -> bool:
    """`Văn` or `Thị` right after toks[k], then a capitalised syllable: toks[k] opens a person's name."""
    return k + 2 < len(toks) and toks[k + 1].text in _MIDDLE_NAMES and is_syllable(toks[k + 2])


def _is_body_branch(toks: list[Tok], k: int, b: int) -> bool:
    """toks[k:b] is a body and the start of its branch's name, not a person: `Đoàn Đại`
    before a lower-case `học` (`Bí thư Đoàn Đại học X`, a university's youth union)."""
    units = _body_surnames().get(toks[k].text)
    if not units or b >= len(toks) or not toks[b].is_lower:
        return False
    return f"{toks[b - 1].low} {toks[b].low}" in units


def is_syllable(tok: Tok) -> bool:
    # no upper-case letter is lower case: most tokens are settled without the regex
    return not tok.is_lower and bool(_SYLLABLE_RE.fullmatch(tok.text))


def honorifics_before(toks: list[Tok], i: int) -> int:
    """Tokens of the honorifics stacked right before toks[i] (`đồng chí Thượng tướng`, `ông TS.`):
    a pronoun of address before a rank is one lead-in to the name."""
    total = 0
    while (n := honorific_ending_at(toks, i - total)):
        total += n
    return total


def _named_by(toks: list[Tok], i: int) -> str | None:
    """What the word right before toks[i] says of the run there.

    "thing": a naming noun (`Công ty`, `Trường THPT`, `đường`), perhaps followed by a company's
    legal form and trade (`Công ty TNHH đầu tư xây dựng`): the run names a thing.
    "place": a unit word (`huyện`, `xã`): the run starts with a place, or, when no
    place name fits, is a person after a bare unit (`Chủ tịch UBND huyện Mạc Văn Lộc`).
    """
    blockers, places = _name_blockers(), place_types()
    if honorific_ending_at(toks, i) > 1:
        # after any honorific of two words or more (`nhà báo`, `Đại tá`, `đồng chí`) the run is a person's
        # name, never a thing: "nhà báo Lê Văn A", whose last word would otherwise name one ("báo X")
        return None
    for n in (3, 2, 1):
        k = i - n
        if k < 0:
            continue
        # dict look-ups first: most words start neither; place types are case-sensitive
        if toks[k].low in blockers.by_first and blockers.match(toks, k) == n and not compound_ends_at(toks, k):
            return "thing"
        if toks[k].text in places.by_first and places.match(toks, k) == n:
            return "place"
    return _company_before(toks, i)


MAX_COMPANY_WORDS = 8  # a company's legal form and trade words: "TNHH một thành viên đầu tư xây dựng"


@lru_cache(maxsize=1)
def _company_words() -> Lexicon:
    return lexicon("official_company_words.txt")


def _company_before(toks: list[Tok], i: int) -> str | None:
    """"thing" when a company's words (`TNHH`, `đầu tư`, `xây dựng`) run back from toks[i] to a naming
    noun (`Công ty TNHH đầu tư xây dựng An Thái Long`: the run is the company's name), else None."""
    words = _company_words()
    k, steps = i, 0
    while k > 0 and steps < MAX_COMPANY_WORDS:
        n = next((n for n in (4, 3, 2, 1) if k - n >= 0 and toks[k - n].low in words.by_first
                  and words.match(toks, k - n) == n), 0)
        if not n:
            break
        k, steps = k - n, steps + 1
    if k == i:
        return None  # most runs: no company word before them
    # a naming noun of a firm, not any thing's (`Cục Giám định chất lượng công trình xây dựng Ngô Văn A`: the
    # trade words name the works the unit checks, and a person follows)
    blockers = _name_blockers()
    return "thing" if any(k - n >= 0 and blockers.match(toks, k - n) == n
                          and " ".join(t.low for t in toks[k - n:k]) not in _not_firms() for n in (3, 2, 1)) else None


@lru_cache(maxsize=1)
def _not_firms() -> frozenset[str]:
    """Naming nouns that name no firm (`official_not_firms.txt`), in lower case."""
    return frozenset(line.lower() for line in data_lines("official_not_firms.txt"))


# Characters below SPELLED_BELOW that are no capital (\\p{Lu}, asked of `regex`, whose Unicode
# may be newer than `str`'s): a token starting with one is no syllable. Most tokens not in lower
# case are marks and numbers, settled by this look-up instead of the regex.
_CAPITAL_RE = regex.compile(r"\p{Lu}")  # compiled once: `regex.match(pattern, char)` looks it up per call
_NO_CAPITAL = frozenset(char for char in map(chr, range(SPELLED_BELOW)) if not _CAPITAL_RE.match(char))


# A body's term ("Tỉnh ủy Quảng Nam Khóa X", "HĐND Khoá IX"): no name runs into it
_TERM_WORDS = frozenset({"Khóa", "Khoá", "KHÓA", "KHOÁ"})
ROMAN_NUMERAL_RE = re.compile(r"[IVXL]{1,6}")  # a term's or a heading's number: "khóa XII", "II."


def _term_at(toks: list[Tok], k: int) -> bool:
    return toks[k].text in _TERM_WORDS and k + 1 < len(toks) and ROMAN_NUMERAL_RE.fullmatch(toks[k + 1].text) is not None


def capital_runs(toks: list[Tok]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start = None
    fullmatch = _SYLLABLE_RE.fullmatch
    for k, t in enumerate(toks):
        # is_syllable(t), inlined: runs per token
        if not t.is_lower and t.text[0] not in _NO_CAPITAL and fullmatch(t.text) \
                and not (t.text[0] == "K" and _term_at(toks, k)):
            if start is None:
                start = k
        elif start is not None:
            runs.append((start, k))
            start = None
    if start is not None:
        runs.append((start, len(toks)))
    return runs


@lru_cache(maxsize=65_536)  # asked of every candidate's tails, several times a sentence: tokenizing again is 4x a lookup
def _is_place(name: str) -> bool:
    """An administrative unit's name (the gazetteer), or a world region's or a country's (`posts.world_places`),
    whole."""
    return is_place_name(name) or _is_world_place(name)


def _is_world_place(name: str) -> bool:
    """A world region's, a country's or a former province's name (`posts.world_places`), whole."""
    first = first_token(name)
    if first is not None and first.lower() not in world_places().by_first:
        return False  # most names: no world place opens with their first word, and no tokens are made
    toks = tokenize(name)
    return bool(toks) and world_places().match(toks, 0) == len(toks)


def _place_ends_at(text: str, toks: list[Tok], a: int, k: int) -> bool:
    """Some tail of toks[a:k] is a place's name."""
    for n in range(1, min(MAX_PLACE, k - a) + 1):
        if _is_place(text[toks[k - n].start:toks[k - 1].end]):
            return True
    return False


_GLUED_UNIT_RE = regex.compile(r"(?:TP|TX|TT|[HPQX])\.\s*")  # "P.Buôn Ma Thuột", "TP.Hà Tĩnh"


def _is_place_run(run: str) -> bool:
    """A place's name, perhaps behind a unit's abbreviation glued to it (`P.Buôn Ma Thuột`)."""
    glued = _GLUED_UNIT_RE.match(run)
    return _is_place(run) or bool(glued and _is_place(run[glued.end():]))


def _glued_place_end(text: str, toks: list[Tok], a: int, b: int) -> int:
    """Where a place's name begun in the token before the run, glued to a unit's abbreviation
    (`P.Buôn` + `Ma Thuột`, `P.Tân` + `An`), ends in the run toks[a:b]; `a` when none goes on."""
    if a == 0 or toks[a - 1].end >= toks[a].start:
        return a
    before = toks[a - 1].text
    glued = _GLUED_UNIT_RE.match(before)
    if not (glued and glued.end() < len(before) and before[glued.end()].isupper()):
        return a
    for m in range(min(b, a + MAX_PLACE), a, -1):
        if is_place_name(before[glued.end():] + text[toks[a - 1].end:toks[m - 1].end]):
            return m
    return a


def _begins_inside_place(text: str, toks: list[Tok], start: int, k: int, b: int) -> bool:
    """A place's name starts before toks[k] (at toks[start] or later: where the run's places
    start) and ends at toks[k] or after it, inside the run toks[:b]: a name at k would begin
    inside the place. It runs into the name (`tỉnh Lâm Đồng Hồ Văn Mười`: no person `Đồng Hồ Văn
    Mười`, the name starts after `Lâm Đồng`) or is the run's tail (`Huyện ủy Châu Thành A`,
    `huyện Trần Văn Thời`, `Thành ủy Buôn Ma Thuột`: no person in it). Bounded: a place has at
    most MAX_PLACE + 1 syllables (`Phan Rang - Tháp Chàm` reads as four words and a hyphen)."""
    for e in range(k, b):
        end = toks[e].end
        for s in range(max(start, e - MAX_PLACE), k):
            if _is_place_run(text[toks[s].start:end]):
                return True
    return False


def _place_from_runs_over(text: str, toks: list[Tok], start: int, k: int, b: int) -> bool:
    """A place's name that starts at toks[start] runs to toks[k] or past it (`Lâm Đồng` from `Lâm`)."""
    return any(_is_place_run(text[toks[start].start:toks[e].end]) for e in range(k, min(b, start + MAX_PLACE + 1)))


def _crosses(words: Words | None, start: int, end: int) -> bool:
    """A word that starts inside the name runs on past its end: `Đoàn [Thanh|niên]`.

    A word that starts before the name is the segmenter's mistake
    (`[ủy Vi Thị Lan trao]`), not evidence against the name; so is one that holds the
    whole name and a verb after it (`[Nguyễn Đình Trung sinh] năm 1973`).
    """
    if not words or end not in words.inner:
        return False
    word_start, word_end = words.inner[end]
    return word_start > start and word_end > end


def _aligned(words: Words | None, start: int, end: int) -> bool:
    return words is None or (start in words.starts and end in words.ends)


# --- where word boundaries matter ------------------------------------------------

# Whitespace-separated chunks of context kept on each side of a capitalised run when it
# is word-segmented alone: underthesea's CRF looks two syllables either way, so three
# give it the same view of the run as the whole sentence would (tests/test_gating.py).
WINDOW_CONTEXT = 3
_CHUNK_RE = regex.compile(r"\S+")
# A name is two capitalised syllables in a row at least (`is_syllable`: a capital, then
# lower-case letters or an apostrophe): a test several times cheaper than the list of
# surnames, which it spares most sentences. Each character is read once:
# "NguyễnVănThành..." glued for pages stays linear.
CAPITAL_PAIR_RE = regex.compile(r"\p{Lu}(?:[\p{Ll}\p{M}]*+|['’])\s+\p{Lu}")
_CAPITALISED_CHUNK_RE = regex.compile(r"[^\p{L}]*\p{Lu}")


def name_windows(text: str, start: int, end: int,
                 candidates: regex.Pattern | re.Pattern) -> list[tuple[int, int]]:
    """The stretches of the sentence text[start:end] where `find_names` consults word boundaries.

    Words matter only inside a capitalised run that holds a candidate name (`candidates`
    finds a surname then a capital), so each such run, widened by WINDOW_CONTEXT chunks
    either side, is one window; the rest of the sentence never needs underthesea.
    """
    if not CAPITAL_PAIR_RE.search(text, start, end):
        return []
    chunks: list[tuple[int, int]] | None = None
    starts: list[int] = []
    windows: list[tuple[int, int]] = []
    run_end = start
    # Matches need not overlap: a candidate (a surname, white space, a capitalised word) lies inside
    # one capitalised run, and a run is taken whole at its first candidate, so a candidate hidden
    # by an overlapping one is in a run already taken. That lets `candidates` be an `re` pattern.
    for m in candidates.finditer(text, start, end):
        if m.start() < run_end:
            continue  # inside the run just taken: runs are maximal, so each chunk is scanned at most twice
        if chunks is None:  # most sentences have no candidate: split only the ones that do
            chunks = [c.span() for c in _CHUNK_RE.finditer(text, start, end)]
            starts = [s for s, _ in chunks]
        first, last = bisect_right(starts, m.start()) - 1, bisect_right(starts, m.end() - 1) - 1
        while first > 0 and _capitalised(text, chunks[first - 1]):
            first -= 1
        while last + 1 < len(chunks) and _capitalised(text, chunks[last + 1]):
            last += 1
        run_end = chunks[last][1]
        first, last = max(0, first - WINDOW_CONTEXT), min(len(chunks) - 1, last + WINDOW_CONTEXT)
        window = (chunks[first][0], chunks[last][1])
        if windows and window[0] <= windows[-1][1]:
            windows[-1] = (windows[-1][0], window[1])  # overlapping context: one window
        else:
            windows.append(window)
    return windows


def _capitalised(text: str, chunk: tuple[int, int]) -> bool:
    return bool(_CAPITALISED_CHUNK_RE.match(text, *chunk))


def _double_surname(toks: list[Tok], k: int) -> bool:
    """Two family names, then a middle name, at toks[k] (`Nguyễn Lâm Thị Tú Anh`): a five-syllable name
    whole even with no honorific before it."""
    return k + 2 < len(toks) and surname_at(toks, k) == 1 and surname_at(toks, k + 1) == 1 \
        and toks[k + 2].text in _MIDDLE_NAMES


_MIDDLE_NAMES = frozenset(("Thị", "Văn"))


def _score(text: str, toks: list[Tok], a: int, k: int, b: int, honorific: int,
           words: Words | None) -> int:
    """How good a name toks[k:b] is in the run toks[a:b]; 0 when it cannot be a name."""
    length = b - k
    surname = surname_at(toks, k) or (_family_name_by_shape(toks, a, b, honorific) if k == a else 0)
    if not surname or length <= surname or length > MAX_NAME + (1 if (honorific or _double_surname(toks, k)) and k == a else 0):
        return 0
    if k == 0 and stopwords().match(toks, 0) == 1 and not _middle_name_after(toks, 0):
        # "Từ Cao Bằng, ...": a sentence opening with a preposition, not a family name; but "Nay Văn Mưng
        # (...)": a middle name right after makes it one
        return 0
    start, end = toks[k].start, toks[b - 1].end
    if _crosses(words, start, end) or (_is_body_branch(toks, k, b) and not (honorific and k == a)):
        return 0
    if _is_place(text[start:end]) and not (honorific and k == a) and not _no_province_after_its_word(toks, k, text[start:end]):
        return 0
    if not honorific and _after_unit_word(toks, k) and _place_shaped(toks, k, b):
        return 0  # "Phường An Hòa Thượng (TP. Huế)": a ward the gazetteer lacks, not a person
    glued_place_end = _glued_place_end(text, toks, a, b)
    if k < glued_place_end:
        return 0  # "HĐND P.Buôn Ma Thuột": the city's name after "P.", not a person "Ma Thuột"
    places_from = max(a, glued_place_end)  # a syllable of the glued place starts no other place
    if k > a and _begins_inside_place(text, toks, places_from, k, b) and not (
            _place_ends_at(text, toks, places_from, k) and not _place_from_runs_over(text, toks, places_from, k, b)):
        # in a place's name ("Thành ủy Buôn Ma Thuột": no person "Ma Thuột"); but right after a whole
        # place a name may start with a syllable that also ends a place begun inside it ("Huyện ủy Như
        # Xuân | Cao Văn Hòa", though "Xuân Cao" is a commune; not "tỉnh Lâm | Đồng Hồ Văn Mười")
        return 0
    if k == a:
        named_by = _named_by(toks, a)
        # after a bare unit word a short run is more likely a place the gazetteer lacks
        # ("xã Giang Đông") than a person; a three-syllable one is a person ("huyện Mạc Văn Lộc")
        glued = _glued(toks[k])  # "xã H'Nhi Kbuôr": a person even in a short run
        # but the provinces are all known: after `tỉnh` a short run that names none is a person ("Phó Chủ
        # tịch HĐND tỉnh Siu Hương")
        short_place = named_by == "place" and length < 3 and not glued \
            and not _no_province_after_its_word(toks, k, text[start:end])
        score = 0 if named_by == "thing" or short_place else 2 if named_by else 3
        if (named_by == "place" or _committee_before(toks, a)) and _closes_appositive_post(toks, a, b):
            # "ông A, Phó Chủ tịch UBND xã Sơn Long Hạ, ...", "ông A, Bí thư Huyện ủy Văn Quan Thượng, ...":
            # the post of A ends with its place
            return 0
    elif honorific:
        return 0  # "bà Văn Thị Hồng Nhung": after an honorific the name starts right there, whole
    elif k - a < 2 and _named_by(toks, a) == "thing":
        return 0  # "BV Phạm Ngọc Thạch": the hospital's name, not a person "Ngọc Thạch" after it
    elif (_named_by(toks, a) == "place" or _committee_before(toks, a)) and _closes_appositive_post(toks, a, b):
        return 0  # "ông A, Phó Chủ tịch UBND huyện Sín Hồ Thượng, ...": no person "Hồ Thượng" in A's place
    else:
        score = 3 if k == glued_place_end or _place_ends_at(text, toks, places_from, k) else 1
    return score and score + _aligned(words, start, end)


@lru_cache(maxsize=1)
def _place_name_shapes() -> dict[str, frozenset[str]]:
    rows = data_table("official_place_name_shapes.tsv")
    return {role: frozenset(row[0] for row in rows if row[1] == role) for role in ("direction", "middle", "common_surname")}


def _no_province_after_its_word(toks: list[Tok], k: int, run: str) -> bool:
    """Right after the word for a province (`UBND tỉnh | Bùi Hữu Nghĩa`), a run that names a ward or a
    commune but no province is no place there: the province goes unnamed, a person follows."""
    return k > 0 and level_of(toks[k - 1].low) == "province" and province(run) is None and not _is_world_place(run)


def _after_unit_word(toks: list[Tok], k: int) -> bool:
    """A unit word (`phường`, `Xã`, `huyện`) right before toks[k], in any case."""
    return k > 0 and toks[k - 1].low in _UNIT_WORDS


_UNIT_WORDS = frozenset(("xã", "phường", "thị trấn", "huyện", "quận", "thị xã", "tỉnh", "đặc khu"))


def _place_shaped(toks: list[Tok], k: int, b: int) -> bool:
    """Whether the three syllables toks[k:b] are shaped like a place's name, not a person's
    (official_place_name_shapes.tsv): a word of direction last, no common middle name in the middle,
    no most common family name first."""
    if b - k != 3:
        return False
    shapes = _place_name_shapes()
    return toks[b - 1].text in shapes["direction"] and toks[k + 1].text not in shapes["middle"] \
        and toks[k].text not in shapes["common_surname"]


_APPOSITIVE_END = frozenset((",", ")", ";", ".", "-", "–"))
MAX_ASIDE_TOKENS = 6  # "(SN 1969)", "(sinh năm 1975)": a bracket after a name, before its post


def _committee_before(toks: list[Tok], i: int) -> bool:
    """A Party committee's word right before toks[i] (`Huyện ủy`, `Tỉnh ủy`): its place may follow."""
    return any(i - n >= 0 and committee_at(toks, i - n) == n for n in (2, 1))


def _closes_appositive_post(toks: list[Tok], a: int, b: int) -> bool:
    """Whether the run toks[a:b], after a unit word, closes a post set off after a name (`ông A, Phó
    Chủ tịch UBND xã | Sơn Long Hạ |, ...`): the post is A's, so the run is its place, however many
    syllables the gazetteer lacks, and no second person. Looked for back to the comma that opens the
    post, a title right after it and a capitalised word (the name's end) right before it."""
    if b < len(toks) and toks[b].text not in _APPOSITIVE_END and not _place_aside_at(toks, b):
        return False
    for j in range(a - 1, max(0, a - 16), -1):
        if toks[j].text == ",":
            # the post after the comma reads on up to the run: one post, not a list of others
            return j + 1 < a and bool(title_at(toks, j + 1)) and _name_ends_before(toks, j) \
                and read_post(toks, j + 1, a) == a
        if toks[j].text in _APPOSITIVE_END:
            return False
    return False


def _place_aside_at(toks: list[Tok], b: int) -> bool:
    """A bracket at toks[b] that tells where a place is or when it was (`(Cao Bằng)`, `(cũ)`): the run
    before it is a place; a bracket after a person holds a birth year or where they stand in a photo."""
    if toks[b].text != "(":
        return False
    close = next((k for k in range(b + 1, min(len(toks), b + 2 + MAX_PLACE)) if toks[k].text == ")"), None)
    if close is None or close == b + 1:
        return False
    inside = toks[b + 1:close]
    if len(inside) == 1 and inside[0].low in MERGER_ASIDES:
        return True
    return all(t.is_word and t.is_cap for t in inside) and is_place_name(" ".join(t.text for t in inside))


def _name_ends_before(toks: list[Tok], j: int) -> bool:
    """A name's last word right before toks[j], or a short aside in brackets after one (`ông A (SN
    1969), nguyên Trưởng phòng ...`)."""
    if j < 1:
        return False
    if toks[j - 1].text == ")":
        for k in range(j - 2, max(0, j - 2 - MAX_ASIDE_TOKENS), -1):
            if toks[k].text == "(":
                return k > 0 and toks[k - 1].is_cap
            if toks[k].text in _APPOSITIVE_END:
                return False
        return False
    return toks[j - 1].is_cap


def _glued_name_alone(text: str, toks: list[Tok], a: int, b: int) -> NameSpan | None:
    """One token after an honorific, opened by a glued prefix and more (`Trung tá K'Brơi`, `các đồng
    chí K'Điềm và ...`): a Central Highlands name written as one word, else None."""
    if b - a != 1 or len(toks[a].text) < 4 or not _glued(toks[a]):
        return None  # most one-word runs: no glued prefix, settled before the honorific is looked for
    honorific = honorific_ending_at(toks, a)
    return NameSpan(a, b, toks[a].text, honorific) if honorific else None


def _glued(tok: Tok) -> bool:
    """A word opened by a glued prefix and a capital (`K'Brơi`, `H'Nhi`): a Central Highlands name's."""
    return tok.text[:2] in glued_prefixes() and tok.text[2:3].isupper()


def _name_in_run(text: str, toks: list[Tok], a: int, b: int, words: Words | None) -> NameSpan | None:
    """The best name at the tail of the capitalised run toks[a:b], if any."""
    if not _honorific_surname_at(toks, a):
        a += honorifics().match(toks, a)  # "Ông Nguyễn Văn A" at a sentence start
    committee = committee_at(toks, a)
    if committee and a + committee <= b:
        a += committee  # "Thành Đoàn Lê Văn Tâm": the youth union, then the name
    honorific = honorific_ending_at(toks, a)
    if b - a == 1 and honorific:
        return _glued_name_alone(text, toks, a, b)  # "Ông K'Brơi, ...": the honorific opened the run
    # `đồng chí Ông Văn Tám`, `Bà Ông Thị Lan`, `bà Tao Thị Hoa`: a family name the lexicon lacks as one
    honorific_surname = _honorific_surname_at(toks, a) or bool(_family_name_by_shape(toks, a, b, honorific))
    best, best_key = None, (0, 0)
    surname_starts, glued = surnames().by_first, glued_prefixes()
    for length in range(2, min(MAX_NAME + 1, b - a) + 1):
        k = b - length
        first = toks[k].text
        if first not in surname_starts and first[:2] not in glued and not (k == a and honorific_surname):
            continue  # no surname at k: _score would be 0
        score = _score(text, toks, a, k, b, honorific, words)
        if score and (score, length) > best_key:
            best, best_key = k, (score, length)
    if best is None:
        return None
    return NameSpan(best, b, text[toks[best].start:toks[b - 1].end], honorific if best == a else 0)


def _before_title(toks: list[Tok], a: int, b: int) -> int:
    """Cut a run where a title starts: `Lê Văn Tám Phó Chủ tịch` without the comma.

    Only the tail of a long run is looked at, to keep the scan linear.
    """
    for k in range(max(a + 1, b - MAX_NAME - 2), b):
        if title_at(toks, k):
            return k
    return b


@lru_cache(maxsize=1)
def _day_parts() -> frozenset[str]:
    return frozenset(data_lines("official_day_parts.txt"))


@lru_cache(maxsize=1)
def _day_part_next() -> frozenset[str]:
    """What follows a part of the day opening a sentence (`Sáng ngày 3/5`, `Chiều nay`, `Tối qua`)."""
    return frozenset(data_lines("official_day_part_next.txt"))


def _day_part_after_place(text: str, toks: list[Tok], a: int, b: int) -> bool:
    """The run toks[a:b] ends with a part of the day (`Sáng`) that opens the next sentence: a word of
    the day or a number after it, and a place's name right before it (`Quảng Ninh Sáng ngày 3/5`). A
    name whose given name is such a word (`Hà Văn Sáng ngày 3/5`) has no place before it."""
    if b - a < 3 or toks[b - 1].text not in _day_parts() or b >= len(toks):
        return False
    after = toks[b]
    if not (after.low in _day_part_next() and after.is_lower) and not after.text.isdigit():
        return False
    return any(_is_place(text[toks[k].start:toks[b - 2].end]) for k in range(max(a, b - 1 - MAX_PLACE), b - 2))


def find_names(text: str, toks: list[Tok], words: Words | None = None,
               runs: list[tuple[int, int]] | None = None) -> list[NameSpan]:
    """Personal names among the tokens of one sentence (`runs`: their `capital_runs`, if known)."""
    found = []
    for a, b in capital_runs(toks) if runs is None else runs:
        # one capitalised word is no name (most runs: a sentence's first word, "Bí thư");
        # name_ranges relies on this: such runs never consult `words`
        if b - a < 2:
            if (glued := _glued_name_alone(text, toks, a, b)) is not None:
                found.append(glued)
            continue
        b = _before_title(toks, a, b)
        if _day_part_after_place(text, toks, a, b):
            b -= 1  # "Tỉnh ủy Quảng Ninh Sáng ngày 3/5": a headline's place, then the lead's first word
        name = _name_in_run(text, toks, a, b, words)
        if name:
            found.append(name)
    if toks and may_hold_caps_name(text, toks[0].start, toks[-1].end):  # most sentences: no capitals
        taken = {k for name in found for k in range(name.i, name.j)}
        found = sorted(found + [name for name in _caps_names(text, toks) if name.i not in taken],
                       key=lambda name: name.i)
    return found


# A name written in capitals after an honorific (`đồng chí PHAN VĂN A`, `TS NGUYỄN THỊ B`): an
# interview's or a caption's way of setting the name off. A cheap test for the sentences that may
# hold one (the honorific in any case, then two words in capitals), for the gates and `find_names`.
# the upper-case letters Vietnamese is written with, as a character class (the letters of the Latin blocks
# up to Latin Extended Additional that are upper case)
_CAPITALS = "A-Z" + "".join(re.escape(char) for char in map(chr, range(0xC0, 0x1EFA)) if char.isupper())
_HONORIFIC_WORDS = "|".join(re.escape(h).replace(r"\ ", r"\s+")
                            for h in sorted(data_lines("official_honorifics.txt"), key=len, reverse=True))
CAPS_NAME_RE = re.compile(rf"(?<!\w)(?i:{_HONORIFIC_WORDS})\s+[{_CAPITALS}]{{2,}}\s+[{_CAPITALS}]+(?!\w)")
# two words in capitals in a row: a test about ten times cheaper than CAPS_NAME_RE, which it spares
# nearly every sentence
_CAPS_PAIR_RE = re.compile(rf"[{_CAPITALS}]{{2}}[{_CAPITALS}]*\s+[{_CAPITALS}]")


def may_hold_caps_name(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] may hold a name written in capitals after an honorific."""
    return _CAPS_PAIR_RE.search(text, start, end) is not None and CAPS_NAME_RE.search(text, start, end) is not None


MAX_CAPS_SYLLABLE = 7  # letters in a syllable written in capitals ("NGUYỄN", "KHƯƠNG")


def _is_caps_syllable(tok: Tok) -> bool:
    text = tok.text
    return len(text) <= MAX_CAPS_SYLLABLE and text.isalpha() and text.isupper()


def _caps_names(text: str, toks: list[Tok]) -> list[NameSpan]:
    """Names written in capitals right after an honorific, whole: a family name of the lexicon,
    then one to four syllables in capitals, ending before a word that is not (`đồng chí PHAN VĂN A,
    Phó Bí thư`); not a headline run on (`ÔNG NGUYỄN VĂN A GIỮ CHỨC ...`: too long to tell)."""
    found = []
    k = 0
    while k < len(toks) - 1:
        tok = toks[k]
        if not (len(tok.text) > 1 and _is_caps_syllable(tok)
                and (tok.text.capitalize(),) in surnames().by_first.get(tok.text.capitalize(), ())
                and honorific_ending_at(toks, k)):
            k += 1
            continue
        j = k + 1
        while j < len(toks) and j - k <= MAX_NAME and _is_caps_syllable(toks[j]):
            j += 1
        if 2 <= j - k <= MAX_NAME and (j == len(toks) or not _is_caps_syllable(toks[j])):
            found.append(NameSpan(k, j, text[tok.start:toks[j - 1].end], honorific_ending_at(toks, k)))
        k = j
    return found


def name_ranges(toks: list[Tok], runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character ranges of the runs in which `find_names` looks for names (two tokens or more).

    It asks `words` only about offsets inside these ranges, so word spans that touch
    none of them cannot change what it finds: a caller may leave them out of `Words`.
    """
    return [(toks[a].start, toks[b - 1].end) for a, b in runs if b - a >= 2]
