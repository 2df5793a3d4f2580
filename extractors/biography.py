"""Biographies: an official's birth year, age, hometown, birthplace, ethnicity and Party rank.

News about a cadre move nearly always says who the person is: `Ông X sinh năm 1964,
quê Tiền Giang`, `(SN 1978, quê huyện Can Lộc, tỉnh Hà Tĩnh)`, `bà Y, 46 tuổi, dân
tộc Tày`, `quê ở Hà Giang (cũ), nay là tỉnh Tuyên Quang`. This module reads those
facts and gives each to the person it is about.

It does not find people. The officials extractor hands it every mention of every
person it met (`Sighting`: the name, alias or pronoun, and the posts read with it).
One literal search over the article finds the sentences with a biography cue (`sinh
năm`, `tuổi`, `quê`, ...); of those, only the ones holding a mention or a known
person's full name, or within two sentences after one, are read: the cost follows the
people, not the text. A fact belongs to a person when it is chained to a mention:

* right after the mention and its posts, through commas, brackets and fillers
  (`X (SN 1967)`, `X, Phó Giám đốc Sở Y (61 tuổi)`, `X, 55 tuổi, quê Nam Định (cũ)`);
  each fact starts a clause, so `cháu bé 5 tuổi` and `thăm đồng bào dân tộc Thái`
  give nothing; before the first fact, a clause of the person's workplace or degree may
  stand (`X, đang công tác tại Sở Y, quê Z`, `X, thạc sĩ Luật, sinh năm ...`), and a year
  alone is a birth year when another fact follows it (`X, 1970, quê Thanh Hóa`);
* further on in a sentence whose subject the person is, once a first fact has been
  read (`Ông X 48 tuổi, quê Bắc Ninh; trình độ ...; Ủy viên dự khuyết Trung ương`),
  until another person is named or spoken of (`con trai`, `nạn nhân`) or speech
  begins (`cho biết`);
* in a sentence that opens with a bare `Ông`, `Bà`, `Đồng chí` (`Ông sinh năm 1970`),
  a profile's label (`Quê quán: ...`) or, naming no one else, the fact itself (`Ông X - Bí
  thư Tỉnh ủy Y. Sinh ngày 15/3/1957, quê ở ...`): the one person the last sentence naming
  or meaning someone (within two) named; after a sentence naming two (`Ông A trao quyết
  định cho ông B.`), no one; one that opens with `Tân` and a post (`Tân Bí thư Tỉnh ủy X
  sinh năm ...`): the one person holding that post;
* under a heading of a list (`Các Ủy viên Bộ Chính trị: A - ...; B - ...`, `hai người là Ủy
  viên Trung ương, gồm A và B`, or `bầu bổ sung 4 Ủy viên Bộ Chính trị khóa XIII gồm:` ending
  its sentence, then `- Ông A, ...` items): its rank (`A (ủy viên dự khuyết)`: an alternate).

A sentence may open with an adverb of the present before its pronoun (`Hiện bà là ...`).

A Party rank is also read from the person's own posts (`Ủy viên Bộ Chính trị, Bí thư
Thành ủy`), where the officials extractor attached them. The words are data files:
`bio_cues.tsv` (cues by role), `bio_ethnic_groups.tsv` (the 54 groups),
`bio_party_ranks.tsv` (ranks, most senior first); provinces come from the gazetteer, and a
count's number words from `count_number_words.tsv` (`numbers.lone_words`).

An age is kept as an age: the validate stage, which knows the article's publication
date, turns it into an approximate birth year (`pipeline/stages/validate.py`).

Entry points: `biographies(text, sentences, people, posts) -> list[dict]` (the fields of
each person, `evidence` holding their spans), `sighting(toks, i, j, posts)` (a mention, as
the officials extractor records it), `hometown_province(place)`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Sequence

import regex

from extractors.base import alternation, data_table, fold
from extractors.gazetteer import Province, is_place_name, province, province_names, province_now
from extractors.numbers import lone_words
from extractors.tokens import Tok

Span = tuple[int, int]
PRONOUN_REACH = 2  # sentences after a person's sentence in which a bare "Ông" still means them
MIN_AGE, MAX_AGE = 18, 100  # an official's age; other numbers before "tuổi" are not one
MIN_YEAR, MAX_YEAR = 1900, 2010  # an official's birth year


# --- the language, from data files ---------------------------------------------------------

def _cues(role: str) -> list[str]:
    return [row[0] for row in data_table("bio_cues.tsv") if row[1] == role]


def _words(role: str) -> str:
    """A pattern of the role's phrases as whole words, case-insensitive."""
    return rf"(?i:{alternation(_cues(role))})(?![\p{{L}}\p{{M}}])"


def _units_pattern() -> str:
    """Unit words (`xã`, `tỉnh`) take a space before the name; abbreviations (`H.`, `TP`) may
    be glued to it (`H.Đức Thọ`) and keep their capitals."""
    words = [u for u in _cues("unit") if u == u.lower()]
    abbreviations = [u for u in _cues("unit") if u != u.lower()]
    return rf"(?:(?i:{alternation(words)})\s+|(?:{alternation(abbreviations)})\s*)"


_NAME = r"(?:\p{Lu}[\p{L}\p{M}'’]*|\d+)(?:(?:\s+|-)(?:\p{Lu}[\p{L}\p{M}'’]*|\d+))*(?![\p{L}\p{M}])"
_UNIT_NAME_RE = regex.compile(rf"{_units_pattern()}(?P<name>{_NAME})")
_BARE_NAME_RE = regex.compile(rf"(?P<name>{_NAME})")
_OLD_RE = regex.compile(rf"\s*\(\s*{_words('old')}\s*\)|\s+{_words('old')}")
_NOW_RE = regex.compile(rf"(?:\s*[,;]\s*|\s*[-–]\s*|\s+|\s*(?P<open>\()\s*){_words('now')}\s+")
_PART_SEPARATOR_RE = regex.compile(r"\s*(?:,|\s[-–]|-)\s*")

_YEAR = rf"(?P<year>\d{{4}})(?![\d\p{{L}}]|[/.-]\d)"
_DATE = (rf"(?:ngày\s+)?\d{{1,2}}\s*[/.-]\s*\d{{1,2}}\s*[/.-]\s*{_YEAR}"
         rf"|ngày\s+\d{{1,2}}\s+tháng\s+\d{{1,2}}\s*(?:năm\s+|[/,]\s*){_YEAR}"
         rf"|tháng\s+\d{{1,2}}\s*(?:[/.-]\s*|\s+năm\s+){_YEAR}"
         rf"|\d{{1,2}}\s*[/-]\s*{_YEAR}"  # a month and year: "sinh 11/1983"
         rf"|năm\s*:?\s*{_YEAR}|{_YEAR}")
_BIRTH_RE = regex.compile(
    rf"(?i:sinh(?:\s+ra)?(?:\s+vào)?\s+(?:{_DATE})|năm\s+sinh\s*:?\s*{_YEAR}"
    rf"|(?:ngày|ngày,?\s*tháng,?\s*năm)\s+sinh\s*:?\s*(?:{_DATE}))|(?:SN|S\.N|Sn)\s*:?\s*(?:(?i:năm)\s+)?{_YEAR}")
_AGE_RE = regex.compile(r"(?P<stated>(?P<age>\d{1,3})\s+tuổi(?![\p{L}\p{M}]))"
                       r"(?!\s+(?i:đảng|nghề|quân|đoàn|công tác)(?![\p{L}\p{M}]))(?:\s+(?i:đời)(?![\p{L}\p{M}]))?"
                       r"(?:\s+\d{1,2}\s+tháng(?![\p{L}\p{M}]))?")  # "57 tuổi 1 tháng", "52 tuổi đời"
_HOMETOWN_RE = regex.compile(
    rf"{_words('hometown')}\s*:?\s*(?:{_words('place_link')}\s+)?")
_BIRTHPLACE_RE = regex.compile(rf"{_words('birthplace')}\s*:?\s*(?:{_words('place_link')}\s+)?")
_PLACE_AFTER_BIRTH_RE = regex.compile(rf"\s*,?\s*{_words('place_link')}\s+")
_FILLER_RE = regex.compile(rf"{_words('filler')}\s*")
# a clause about the person that may stand before their first fact: their workplace or
# degree (`X, đang công tác tại Sở Y, quê Z`, `X, thạc sĩ Luật, sinh năm 1983`)
_PREAMBLE_RE = regex.compile(_words("preamble"))
# a year alone right after the name, then another fact: `X, 1970, quê Thanh Hóa`, `X (1970, quê ...)`;
# not a span of years (`1950-2024`) nor a year with no fact after it
_BARE_YEAR_RE = regex.compile(r"(?P<year>(?:19[3-9]\d|200\d))(?![\p{L}\p{M}\p{N}]|\s*[-–/.]\s*\d)")
MAX_PREAMBLES = 2
# a photo's note in brackets, its opening bracket already passed (`(ảnh)`, `(thứ hai từ trái sang)`)
_ASIDE_RE = regex.compile(rf"(?<=\(\s*){_words('aside')}[^()\n]{{0,40}}\)")
_SEPARATORS_RE = regex.compile(r"[\s,;:()\-–—]*")
_OTHER_PERSON_RE = regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{_words('other_person')}|{_words('stop')})")
_LEADS_ONLY_RE = regex.compile(rf"[\W\d_]*(?:(?<![\p{{L}}\p{{M}}]){_words('lead')}[\W\d_]*)*")
# a profile's labelled field opening a sentence (`Quê quán: xã A, huyện B`, `Năm sinh: 1970`)
_LABEL_OPENING_RE = regex.compile(
    rf"[\W_]*(?=(?i:{alternation(_cues('hometown') + _cues('birthplace'))}|năm\s+sinh|ngày\s+sinh"
    r"|ngày,?\s*tháng,?\s*năm\s+sinh|dân\s+tộc)\s*:)")
# a sentence opening with a birth or a hometown, no one named (`Sinh ngày 15/3/1957, quê ở ...`)
# A hometown cue of more than one word opens one on its own; the bare `quê` only before a place
# (a capital, which an abbreviated unit such as `TP` or `H.` starts with, or a unit word).
_FACT_OPENING_RE = regex.compile(
    r"[\W_]*(?=(?i:sinh\s+(?:năm|ngày|tháng)|năm\s+sinh|ngày\s+sinh"
    rf"|{alternation([cue for cue in _cues('hometown') if len(cue.split()) > 1])})"
    r"(?![\p{L}\p{M}])"
    rf"|[Qq]uê(?:\s+(?:{alternation(_cues('place_link'))}))?\s+"  # `Quê Hà Tĩnh`, `Quê ở xã ...`; not `Quê hương`, `Quê Bác`
    rf"(?:(?!Bác(?![\p{{L}}\p{{M}}]))\p{{Lu}}|(?:{alternation([u for u in _cues('unit') if u == u.lower()])})\s)"
    r"|SN\s*:?\s*\d)")
# someone a sentence may speak of besides the referent: an honorific or a word for another person
_SOMEONE_RE = regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{_words('pronoun')}|{_words('other_person')})")
_PRONOUN_OPENING_RE = regex.compile(
    rf"[\W_]*(?:{_words('present')}\s*,?\s*)?(?<![\p{{L}}\p{{M}}]){_words('pronoun')}(?=\s*,?\s*(?:\p{{Ll}}|\d))")


@lru_cache(maxsize=1)
def _ethnic_groups() -> dict[str, str]:
    """Every spelling of a group -> the name written in `ethnicity`."""
    names: dict[str, str] = {}
    for row in data_table("bio_ethnic_groups.tsv"):
        names[row[0]] = row[0]
        for variant in (row[1].split(",") if len(row) > 1 else []):
            names.setdefault(variant.strip(), row[0])
    return names


_ETHNICITY_RE = regex.compile(
    rf"(?i:(?:người\s+)?dân\s+tộc)\s*:?\s*(?P<group>{alternation(list(_ethnic_groups()))})"
    r"(?![\p{L}\p{M}'’-])(?!\s+\p{Lu})")


@lru_cache(maxsize=1)
def _ranks() -> tuple[dict[str, str], dict[str, int]]:
    """Every way of writing a rank -> the rank; the rank -> its seniority (0 most senior)."""
    forms: dict[str, str] = {}
    seniority: dict[str, int] = {}
    for number, (rank, written, *_) in enumerate(data_table("bio_party_ranks.tsv")):
        seniority[rank] = number
        for form in written.split(","):
            forms[form.strip()] = rank
    return forms, seniority


@lru_cache(maxsize=1)
def _alternates() -> dict[str, str]:
    """A full member's rank -> the alternate member's (`bio_party_ranks.tsv`, third column): the full
    member's rank told with `(dự khuyết)` is the alternate's."""
    return {row[2]: row[0] for row in data_table("bio_party_ranks.tsv") if len(row) > 2 and row[2]}


_ALTERNATE = _words("alternate")  # `dự khuyết`: an alternate member


def _rank_pattern() -> regex.Pattern:
    """Any way of writing a rank, in any case (`là ủy viên Bộ Chính trị`); a form ending in
    `Trung ương` (or `TƯ`, ...) must not go on into an organisation's name (`... Trung ương
    Đoàn`): only a term (`khóa XIII`, `XIII`) may follow it in capitals."""
    forms = list(_ranks()[0])
    open_ends = tuple(_cues("open_rank_end"))  # a name that may go on (`... Trung ương Đoàn`)
    closed = alternation([f for f in forms if not f.endswith(open_ends)])
    open_ = alternation([f for f in forms if f.endswith(open_ends)])
    guard = r"(?!\s+(?!(?i:khóa|khoá)(?![\p{L}\p{M}])|[IVXL]+(?![\p{L}\p{M}]))\p{Lu})"
    # a term, or several (`khóa XIII`, `các khóa XII, XIII`)
    # or the congress that elected them (`... Trung ương Đảng tại Đại hội XIII`)
    term = (r"(?:\s+(?:(?i:các)\s+)?(?i:khóa|khoá)\s+[\dIVXL]+(?:\s*,\s*[\dIVXL]+(?![\p{L}\p{M}]))*|\s+[IVXL]+"
            r"|\s+(?i:tại\s+Đại\s+hội)(?:\s+(?i:Đảng\s+toàn\s+quốc|Đảng|toàn\s+quốc))?(?:\s+(?i:lần\s+thứ))?\s+[\dIVXL]+)?"
            rf"(?P<alternate>\s*\({_ALTERNATE}\))?(?![\p{{L}}\p{{M}}])")
    return regex.compile(rf"(?P<rank>(?i:{closed})|(?i:{open_}){guard})(?![\p{{L}}\p{{M}}]){term}")


_RANK_RE = _rank_pattern()
_RANK_CI = {form.casefold(): rank for form, rank in _ranks()[0].items()}


def is_party_rank(post: str) -> bool:
    """Whether a post is only a membership of the Party's central bodies (`Ủy viên Trung ương Đảng`,
    `Ủy viên Bộ Chính trị`, with a term or not): a rank, held wherever one works, no unit of its own."""
    return _RANK_RE.fullmatch(post.strip()) is not None

# A sentence worth reading holds one of these, searched once over the whole article. Each
# phrase is spelled in lower case and with a capital (a sentence may open with it), so `re`
# can skip to their first letters in C: several times faster than a case-insensitive search.
# The hometown and birthplace cues are bio_cues.tsv's (after the others: where both match, the
# others' match is the one found, as before the cues were read from there).
_CUES = (r"sinh\s+(?:năm|ngày|tháng|ra|vào|tại|\d)", r"năm\s+sinh", r"ngày\s+sinh", "tuổi",
         r"dân\s+tộc", r"ủy\s+viên", r"bí\s+thư\s+(?:Trung|T\.Ư|TƯ|TW)",
         *(re.escape(cue).replace(r"\ ", r"\s+") for cue in _cues("hometown") + _cues("birthplace")))
_CUE_RE = re.compile("|".join(f"{cue}|{cue[0].upper()}{cue[1:]}" for cue in _CUES) + r"|UVBCT|UVTW|S\.?[Nn]\b")


def _sentences_with_cues(text: str, starts: list[int]) -> list[int]:
    return sorted({bisect_right(starts, m.start()) - 1 for m in _CUE_RE.finditer(text)} - {-1})


# --- what the officials extractor hands in ---------------------------------------------------

@dataclass(frozen=True)
class Sighting:
    """One mention of a person: the name, alias or pronoun, and the posts read with it."""

    start: int
    end: int
    posts: tuple[Span, ...] = ()


def sighting(toks: Sequence[Tok], i: int, j: int, posts: Sequence[tuple[int, int]]) -> Sighting:
    """A mention over the tokens toks[i:j], with its posts as token ranges."""
    return Sighting(toks[i].start, toks[j - 1].end, tuple((toks[s].start, toks[e - 1].end) for s, e in posts))


# --- facts and the person they belong to ------------------------------------------------------

@dataclass(frozen=True)
class Fact:
    field: str   # "birth_year", "age", "hometown", "birthplace", "ethnicity" or "party_rank"
    value: Any
    span: Span   # the words that state it, in the normalised text


@dataclass
class Biography:
    """The facts read about one person, in text order, and the fields they give."""

    facts: list[Fact] = field(default_factory=list)

    def fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        evidence: dict[str, Span] = {}
        by_field: dict[str, list[Fact]] = {}
        for fact in self.facts:
            by_field.setdefault(fact.field, []).append(fact)
        years = by_field.get("birth_year", [])
        if years and len({f.value for f in years}) == 1:  # two different years: one is not theirs
            out["birth_year"], evidence["birth_year"] = years[0].value, years[0].span
        for name in ("age", "birthplace", "ethnicity"):
            if name in by_field:
                out[name], evidence[name] = by_field[name][0].value, by_field[name][0].span
        hometown = _hometown(by_field.get("hometown", []))
        if hometown:
            out.update(hometown[0])
            evidence["hometown"] = hometown[1]
        if "party_rank" in by_field:
            seniority = _ranks()[1]
            top = min(by_field["party_rank"], key=lambda f: seniority[f.value])
            out["party_rank"], evidence["party_rank"] = top.value, top.span
        if evidence:
            out["evidence"] = evidence
        return out


def _hometown(facts: list[Fact]) -> tuple[dict[str, Any], Span] | None:
    """The hometown fields: the first statement that names a province (else the first);
    none when two statements name different provinces."""
    if not facts:
        return None
    resolved = [(f, p) for f in facts if (p := hometown_province(f.value))]
    if len({p for _, p in resolved}) > 1:
        return None
    fact, home = resolved[0] if resolved else (facts[0], None)
    fields: dict[str, Any] = {"hometown": fact.value}
    if home:
        now = province_now(home)
        fields.update(hometown_province=home.name, hometown_province_code=home.code,
                      hometown_province_now=now.name, hometown_province_now_code=now.code)
    return fields, fact.span


# --- places ------------------------------------------------------------------------------------

def read_place(text: str, p: int, limit: int) -> int:
    """End of the address starting at text[p] (`xã Vĩnh Thành, huyện Yên Thành, tỉnh Nghệ An`,
    `Nam Định (cũ), nay là tỉnh Ninh Bình`), or `p` when none starts there.

    Parts after a comma or dash must start with a unit word or be a place the gazetteer
    knows, so `quê Nghệ An, Phó Bí thư ...` stops at the comma. A part may be marked old
    (`(cũ)`, `cũ`) and be followed by its name since a merger (`, nay là ...`, `(nay là ...)`).
    """
    end = _read_parts(text, p, limit, first=True)
    if end == p:
        return p
    end = _bracketed_part(text, end, limit)
    while True:
        now = _NOW_RE.match(text, end, limit)
        if not now:
            return end
        after = _read_parts(text, now.end(), limit, first=False)
        if after == now.end():
            return end
        if now.group("open"):
            close = _BRACKET_CLOSE_RE.match(text, after, limit)
            after = close.end() if close else after
            # the address goes on after the bracket: `xã A (nay là xã B), tỉnh Cao Bằng`
            separator = _PART_SEPARATOR_RE.match(text, after, limit) if close else None
            if separator and (more := _read_parts(text, separator.end(), limit, first=False)) > separator.end():
                after = more
        end = after


_BRACKET_OPEN_RE = regex.compile(r"\s*\(\s*")
_BRACKET_CLOSE_RE = regex.compile(r"\s*\)")


def _bracketed_part(text: str, end: int, limit: int) -> int:
    """The province or city an address gives in brackets after its district (`Đông Ngạc, Từ
    Liêm (Hà Nội)`, `huyện Nghi Lộc (Nghệ An)`): a part of the address, so `end` moves past it.
    Only a known place or a unit and its name: `(ảnh)` and other asides stay out."""
    opening = _BRACKET_OPEN_RE.match(text, end, limit)
    if not opening:
        return end
    inside = _read_part(text, opening.end(), limit, bare=False)
    if inside == opening.end() or not (closing := _BRACKET_CLOSE_RE.match(text, inside, limit)):
        return end
    return closing.end()


def _read_parts(text: str, p: int, limit: int, first: bool) -> int:
    end = _read_part(text, p, limit, bare=first)
    if end == p:
        return p
    while True:
        separator = _PART_SEPARATOR_RE.match(text, end, limit)
        if not separator:
            return end
        after = _read_part(text, separator.end(), limit, bare=False)
        if after == separator.end():
            return end
        end = after


def _read_part(text: str, p: int, limit: int, bare: bool) -> int:
    """One part of an address: `huyện Can Lộc`, `H.Đức Thọ`, or a bare name (`Ninh Bình`),
    which after the first part must be a known place; with its old-name mark."""
    match = _UNIT_NAME_RE.match(text, p, limit)
    if not match:
        match = _BARE_NAME_RE.match(text, p, limit)
        if not match or not (bare or is_place_name(match.group("name")) or province(match.group("name"))):
            return p
    end = match.end()
    old = _OLD_RE.match(text, end, limit)
    return old.end() if old else end


@lru_cache(maxsize=1)
def _province_name_re() -> regex.Pattern:
    units = _units_pattern()
    return regex.compile(rf"(?P<unit>{units})?(?<![\p{{L}}\p{{M}}])(?P<name>{alternation(province_names())})"
                         r"(?![\p{L}\p{M}])")


@lru_cache(maxsize=1)
def _province_units() -> frozenset[str]:
    """The unit words that name a province (`province_unit` in bio_cues.tsv), in lower case."""
    return frozenset(unit.lower() for unit in _cues("province_unit"))


def hometown_province(place: str) -> Province | None:
    """The province (before July 2025) a hometown names, or None.

    A province is named by `tỉnh X`, `thành phố X`/`TP X` (a centrally-run city, or a
    city that shares its province's name) or a bare name (`..., Hà Tĩnh`), never by
    `huyện X` or `xã X`. The first one before a `nay là` is the province as named;
    when only the part after it names one, that one.
    """
    now = _NOW_RE.search(place)
    parts = [place[:now.start()], place[now.end():]] if now else [place]
    for part in parts:
        for match in _province_name_re().finditer(part):
            unit = (match.group("unit") or "").strip().lower()
            if unit and unit not in _province_units():
                continue
            found = province(match.group("name"))
            if found:
                return found
    return None


# --- reading one chain of facts ----------------------------------------------------------------

Read = tuple[list[Fact], int]  # facts, and where the words stating them end


def _fact_at(text: str, p: int, limit: int) -> Read:
    """The fact(s) starting at text[p] (a birth may bring its place), perhaps after a filler,
    and their end; ([], p) when none does."""
    facts, end = _bare_fact_at(text, p, limit)
    if facts:
        return facts, end
    filler = _FILLER_RE.match(text, p, limit)
    if filler and filler.end() > p:
        facts, end = _bare_fact_at(text, filler.end(), limit)
        if facts:
            return facts, end
    return [], p


def _bare_fact_at(text: str, p: int, limit: int) -> Read:
    if (m := _BIRTH_RE.match(text, p, limit)) and MIN_YEAR <= int(m.group("year")) <= MAX_YEAR:
        facts = [Fact("birth_year", int(m.group("year")), m.span())]
        link = _PLACE_AFTER_BIRTH_RE.match(text, m.end(), limit)  # "sinh năm 1960 tại tỉnh Thái Bình"
        if link and (end := read_place(text, link.end(), limit)) > link.end():
            return facts + [Fact("birthplace", text[link.end():end], (link.end(), end))], end
        return facts, m.end()
    if (m := _AGE_RE.match(text, p, limit)) and MIN_AGE <= int(m.group("age")) <= MAX_AGE:
        return [Fact("age", int(m.group("age")), m.span("stated"))], m.end()
    for cue, name in ((_HOMETOWN_RE, "hometown"), (_BIRTHPLACE_RE, "birthplace")):
        if (m := cue.match(text, p, limit)) and (end := read_place(text, m.end(), limit)) > m.end():
            return [Fact(name, text[m.end():end], (m.end(), end))], end
    if m := _ETHNICITY_RE.match(text, p, limit):
        return [Fact("ethnicity", _ethnic_groups()[m.group("group")], m.span())], m.end()
    if m := _RANK_RE.match(text, p, limit):
        return [_rank_fact(m)], m.end()
    return [], p


_CLAUSE_CLOSE_RE = regex.compile(r"\s*(?:[,;:().…!?\"”’\-–—]|(?i:và)\s)")


def _closes_clause(text: str, end: int, limit: int) -> bool:
    """A fact is a clause of its own: what follows it is punctuation, the end, or another fact
    (`(48 tuổi) quê quán ...`), never more words (`dân tộc Thái chiếm đa số`)."""
    if _CLAUSE_CLOSE_RE.match(text, end, limit):
        return True
    p = _SEPARATORS_RE.match(text, end, limit).end()
    return p >= limit or bool(_fact_at(text, p, limit)[0])


def _rank_fact(m: regex.Match) -> Fact:
    """The rank a match states; `Ủy viên Trung ương Đảng khóa XIII (dự khuyết)` is an alternate."""
    rank = _RANK_CI[fold(m.group("rank"))]
    if m.group("alternate") and rank in _alternates():
        return Fact("party_rank", _alternates()[rank], m.span())
    return Fact("party_rank", rank, m.span("rank"))


def _chain(text: str, start: int, limit: int, posts: tuple[Span, ...], subject: bool) -> list[Fact]:
    """The facts chained to a mention ending at `start`, before `limit` (the next mention)."""
    facts: list[Fact] = []
    post_ends = {s: e for s, e in posts if s >= start}
    p, preambles = start, 0
    while True:
        p = _SEPARATORS_RE.match(text, p, limit).end()
        if p >= limit:
            break
        found, end = _fact_at(text, p, limit)
        if found and _closes_clause(text, end, limit):
            facts += found
            p = end
            continue
        if p in post_ends:  # the mention's own post ("X, Phó Giám đốc Sở Y (61 tuổi)")
            p = post_ends[p]
            continue
        if aside := _ASIDE_RE.match(text, p, limit):  # "X (ảnh) năm nay 55 tuổi"
            p = aside.end()
            continue
        if not facts and (year := _BARE_YEAR_RE.match(text, p, limit)):
            after = _SEPARATORS_RE.match(text, year.end(), limit).end()
            if after > year.end() and _fact_at(text, after, limit)[0]:
                facts.append(Fact("birth_year", int(year.group("year")), year.span()))
                p = year.end()
                continue
        if not facts and preambles < MAX_PREAMBLES and _PREAMBLE_RE.match(text, p, limit):
            end = _clause_end(text, p, limit)
            if end >= limit or _OTHER_PERSON_RE.search(text, p, end):
                break
            preambles += 1
            p = end
            continue
        if not (subject and facts):
            break
        end = _clause_end(text, p, limit)  # a clause of something else about the subject
        if end >= limit or _OTHER_PERSON_RE.search(text, p, end):
            break
        p = end
    return facts


def _clause_end(text: str, p: int, limit: int) -> int:
    """The next comma or semicolon outside brackets, or `limit`."""
    depth = 0
    for k in range(p, limit):
        char = text[k]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char in ",;" and depth == 0:
            return k
    return limit


# --- the article ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Anchor:
    person: int
    start: int
    end: int
    posts: tuple[Span, ...]


def biographies(text: str, sentences: Sequence[Span], people: Sequence[Sequence[Sighting]],
                posts: Sequence[Sequence[str]] = ()) -> list[dict[str, Any]]:
    """Each person's biography fields (`birth_year`, `age`, `hometown`, ..., `evidence`).

    `people[k]` is every mention of person k in the normalised `text`, `posts[k]` the posts
    they hold (for `Tân Bí thư Tỉnh ủy X sinh năm ...`); `sentences` are the article's
    sentences. Only sentences holding a mention, or within PRONOUN_REACH after one, are
    read. Spans in `evidence` are into `text`.
    """
    if not people:
        return []
    bios = [Biography() for _ in people]
    starts = [s for s, _ in sentences]
    by_sentence: dict[int, list[_Anchor]] = {}
    for person, seen in enumerate(people):
        for mention in seen:
            _ranks_in_posts(text, mention.posts, bios[person])
            index = bisect_right(starts, mention.start) - 1
            if index >= 0:
                by_sentence.setdefault(index, []).append(_Anchor(person, mention.start, mention.end, mention.posts))
    with_cues = _sentences_with_cues(text, starts)
    _resight(text, sentences, with_cues, _full_names(text, people), by_sentence)
    _ranks_of_list_items(text, sentences, with_cues, by_sentence, bios)
    with_cues = set(with_cues)
    recent: tuple[int, int | None] = (-PRONOUN_REACH - 1, None)  # the last sentence about someone, and who
    held = _PostIndex(posts)
    reading = _Reading(by_sentence, len(sentences))
    for index in reading:
        s, e = sentences[index]
        anchors = sorted(by_sentence.get(index, []), key=lambda a: (a.start, a.end))
        subject = _subject(text, s, anchors[0]) if anchors else None
        if subject is None and index in with_cues:  # "Ông sinh năm ...", "Tân Bí thư ... sinh năm ..."
            referent = recent[1] if index - recent[0] <= PRONOUN_REACH else None
            subject = (_pronoun_anchor(text, s, e, referent, anchors)
                       or _title_anchor(text, s, e, referent, anchors, held))
            if subject:
                anchors.insert(0, subject)
                reading.extend(index)
        if anchors:
            # a later bare "Ông" means this sentence's one person; of two or more, no one
            # ("Ông A trao quyết định cho ông B. Ông sinh năm ...": A or B?)
            recent = (index, anchors[0].person if len({a.person for a in anchors}) == 1 else None)
            if index in with_cues:
                _read_facts(text, (s, e), anchors, subject, bios)
    return [bio.fields() for bio in bios]


def _read_facts(text: str, sentence: Span, anchors: list[_Anchor], subject: _Anchor | None,
                bios: list[Biography]) -> None:
    """The facts of one sentence, each to the mention it is chained to (up to the next one)."""
    _ranks_of_a_list(text, *sentence, anchors, bios)
    for k, anchor in enumerate(anchors):
        limit = anchors[k + 1].start if k + 1 < len(anchors) else sentence[1]
        if anchor.end < limit:
            bios[anchor.person].facts += _chain(text, anchor.end, limit, anchor.posts, anchor is subject)


def _full_names(text: str, people: Sequence[Sequence[Sighting]]) -> dict[str, int]:
    """Each person's full name (their longest mention of two syllables or more), folded -> person."""
    names: dict[str, int] = {}
    for person, seen in enumerate(people):
        longest = max((fold(text[m.start:m.end]) for m in seen), key=len, default="")
        if " " in longest:
            names.setdefault(longest, person)
    return names


_CAPITAL_RUN_RE = regex.compile(r"\p{Lu}[\p{L}\p{M}'’]*(?:\s+\p{Lu}[\p{L}\p{M}'’]*)+")
_CHUNK_RE = regex.compile(r"\S+")  # compiled once: `regex.finditer(pattern, ...)` looks it up in a cache per call
MAX_NAME_SYLLABLES = 5


def _resight(text: str, sentences: Sequence[Span], with_cues: list[int], names: dict[str, int],
             by_sentence: dict[int, list[_Anchor]]) -> None:
    """Full names of known people in sentences with a biography cue, where the officials
    extractor saw none (`Ông X sinh năm 1970`: the word segmenter may glue `sinh` to the
    name, and the name reader then rejects it). Looked up by the tail of each capitalised
    run, so the cost is linear in the sentences read."""
    if not names:
        return
    for index in with_cues:
        s, e = sentences[index]
        taken = by_sentence.get(index, [])
        for run in _CAPITAL_RUN_RE.finditer(text, s, e):
            words = [w.span() for w in _CHUNK_RE.finditer(run.group())]
            for n in range(min(MAX_NAME_SYLLABLES, len(words)), 1, -1):
                start, end = run.start() + words[-n][0], run.end()
                person = names.get(fold(text[start:end]))
                if person is not None:
                    if not any(a.start < end and start < a.end for a in taken):
                        by_sentence.setdefault(index, []).append(_Anchor(person, start, end, ()))
                    break


# `Các Ủy viên Bộ Chính trị:`, `bầu bổ sung 4 Ủy viên Bộ Chính trị khóa XIII gồm:`: the rank
# right before the colon (a `gồm`, `là` between), so `10 Ủy viên Bộ Chính trị được phân công và
# 3 người được bầu gồm: A` gives A nothing, nor `2 nguyên Ủy viên Bộ Chính trị gồm:` its list
# A count may be a number word that stands alone (`numbers.lone_words`) and name its people (`hai
# người là Ủy viên Trung ương, gồm A và B`); a
# `gồm` then opens the list without a colon, in the same sentence.
_RANK_LIST_RE = regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:(?i:các|những)|\d+|(?i:{alternation(lone_words())})(?![\p{{L}}\p{{M}}]))\s+"
                              rf"(?:(?i:đồng\s+chí|người|tân)\s+)?(?:(?i:là)\s+)?{_RANK_RE.pattern}"
                              rf"(?:\s*(?:(?i:gồm(?:\s+có|\s+các\s+đồng\s+chí)?|là)\s*)?:|\s*[,\-–]?\s*(?i:gồm)(?:\s+có)?(?=\s))")
# an alternate member told in brackets after a name under such a heading: `A (ủy viên dự khuyết)`
_ALTERNATE_AFTER_RE = regex.compile(
    rf"\s*\(\s*(?P<words>(?P<member>(?i:ủy|uỷ)\s+(?i:viên)\s+)?{_ALTERNATE})\s*\)")
# an item of a list: `- Ông A`, `1. Bà B` (not `1.640 cán bộ`)
_LIST_ITEM_RE = regex.compile(r"\s*(?:[-–—•+*]|\d{1,3}[.)](?!\S))\s*")


def _ranks_of_a_list(text: str, s: int, e: int, anchors: list[_Anchor], bios: list[Biography]) -> None:
    """`Các Ủy viên Bộ Chính trị: A - <post>; B - <post>`: everyone named after the heading holds the rank."""
    for heading in _RANK_LIST_RE.finditer(text, s, e):
        rank = _rank_fact(heading)
        for anchor in anchors:
            if anchor.start >= heading.end():
                alternate = _ALTERNATE_AFTER_RE.match(text, anchor.end, e)
                as_alternate = _alternates().get(rank.value) if alternate else None
                if as_alternate is None:
                    bios[anchor.person].facts.append(rank)
                elif alternate.group("member"):  # after a bare `(dự khuyết)` neither: the heading's rank is wrong for them
                    bios[anchor.person].facts.append(Fact("party_rank", as_alternate, alternate.span("words")))


def _ranks_of_list_items(text: str, sentences: Sequence[Span], with_cues: list[int],
                         by_sentence: dict[int, list[_Anchor]], bios: list[Biography]) -> None:
    """A heading that ends its sentence (`... 4 Ủy viên Bộ Chính trị khóa XIII gồm:`) gives its
    rank to the person each following item names first (`- Ông A, ...`, `1. Bà B, ...`), while
    sentences open as items."""
    for index in with_cues:
        s, e = sentences[index]
        headings = list(_RANK_LIST_RE.finditer(text, s, e))
        if not headings or text[headings[-1].end():e].strip():
            continue
        heading = headings[-1]
        rank = _rank_fact(heading)
        numbered = False  # the segmenter may cut `1.` off as a sentence of its own
        for item in range(index + 1, len(sentences)):
            a, b = sentences[item]
            marker = _LIST_ITEM_RE.match(text, a, b)
            if marker and marker.end() == b:
                numbered = True
                continue
            if not (numbered or (marker and marker.group().strip())):
                break
            numbered = False
            anchors = by_sentence.get(item)
            if anchors:
                bios[min(anchors, key=lambda a: a.start).person].facts.append(rank)


def _ranks_in_posts(text: str, posts: tuple[Span, ...], bio: Biography) -> None:
    """A post that is a Party rank (`Ủy viên Trung ương Đảng`), as the officials extractor read it."""
    for s, e in posts:
        if m := _RANK_RE.match(text, s, e):
            bio.facts.append(_rank_fact(m))


class _Reading:
    """The sentences to read, in order: those with a mention and the PRONOUN_REACH after each.
    A sentence about the person that names no one (`Ông sinh năm ...`, `Sinh ngày ...`) carries
    the reach on, as a mention does: a profile goes on sentence after sentence (`Bà X - Bí thư
    Tỉnh ủy Y. Sinh năm 1970, quê ... Có trình độ ... Bà là Ủy viên Trung ương Đảng.`)."""

    def __init__(self, by_sentence: dict[int, list[_Anchor]], n: int):
        self._mentions = sorted(by_sentence)
        self._n = n
        self._reach = -1  # the last sentence within reach so far

    def extend(self, index: int) -> None:
        self._reach = max(self._reach, index + PRONOUN_REACH)

    def __iter__(self):
        k = 0
        index = self._mentions[0] if self._mentions else self._n
        while index < self._n:
            while k < len(self._mentions) and self._mentions[k] <= index:
                self.extend(self._mentions[k])
                k += 1
            if index <= self._reach:
                yield index
                index += 1
            else:  # nothing within reach: jump to the next mention
                index = self._mentions[k] if k < len(self._mentions) else self._n


def _subject(text: str, sentence_start: int, first: _Anchor) -> _Anchor | None:
    """The first mention is the sentence's subject when only its own posts, honorifics and
    ranks (`Trung tướng`, `Tân`) come before it."""
    pieces, p = [], sentence_start
    for s, e in sorted(first.posts):
        if e <= first.start and s >= p:
            pieces.append(text[p:s])
            p = e
    pieces.append(text[p:first.start])
    return first if _LEADS_ONLY_RE.fullmatch(" ".join(pieces)) else None


def _pronoun_anchor(text: str, s: int, e: int, referent: int | None, anchors: list[_Anchor]) -> _Anchor | None:
    """`Ông sinh năm 1970 ...`: a sentence opening with a bare honorific, or with a profile's
    labelled field (`Quê quán: ...`), refers to `referent`, the one person the last sentence
    naming someone (within PRONOUN_REACH) named. So does one opening with the fact itself
    (`Ông X - Bí thư Tỉnh ủy Y. Sinh ngày 15/3/1957, quê ở ...`), but only when it speaks of no
    one else: no name, no honorific, no word for another person (`Sinh năm 1945, ông B ...`,
    `Sinh năm 1950, cụ bà ...` are about someone else)."""
    if referent is None:
        return None
    opening = _PRONOUN_OPENING_RE.match(text, s, e) or _LABEL_OPENING_RE.match(text, s, e)
    if opening and not any(a.start < opening.end() for a in anchors):
        return _Anchor(referent, s, opening.end(), ())
    opening = _FACT_OPENING_RE.match(text, s, e)
    if opening and not anchors and not _speaks_of_someone(text, opening.end(), e):
        return _Anchor(referent, s, opening.end(), ())
    return None


MIN_NAME_SYLLABLES = 3  # a person's name, most often; a place's name is most often two


def _speaks_of_someone(text: str, s: int, e: int) -> bool:
    """Whether text[s:e] speaks of a person: an honorific, a word for another person, or a name
    (three capitalised syllables or more that are no place the gazetteer knows)."""
    if _SOMEONE_RE.search(text, s, e):
        return True
    return any(len(run.group().split()) >= MIN_NAME_SYLLABLES and not is_place_name(run.group())
               for run in _CAPITAL_RUN_RE.finditer(text, s, e))


_NEW_TITLE_RE = regex.compile(
    r"[\W_]*(?<![\p{L}\p{M}])(?i:tân)\s+(?P<post>\p{Lu}[^,;()]*?)\s*"
    r"(?=[,(]|(?i:sinh|quê|năm\s+sinh|dân\s+tộc)(?![\p{L}\p{M}])|SN(?![\p{L}\p{M}])|\d{1,3}\s+tuổi)")


def _title_anchor(text: str, s: int, e: int, referent: int | None, anchors: list[_Anchor],
                  posts: "_PostIndex") -> _Anchor | None:
    """`Tân Bí thư Tỉnh ủy X sinh năm 1970`: the one person holding that post (or, of several,
    `referent`, the one person the sentence before named)."""
    opening = _NEW_TITLE_RE.match(text, s, e)
    if not opening or any(a.start < opening.end() for a in anchors):
        return None
    holders = posts.holding(fold(opening.group("post")))
    person = next(iter(holders)) if len(holders) == 1 else referent if referent in holders else None
    return None if person is None else _Anchor(person, s, opening.end(), ())



class _PostIndex:
    """Who holds a post starting with a title, found by bisection in the sorted folded posts
    (built on the first question: most articles ask none)."""

    def __init__(self, posts: Sequence[Sequence[str]]):
        self._posts = posts
        self._sorted: list[tuple[str, int]] | None = None

    def holding(self, title: str) -> set[int]:
        if self._sorted is None:
            self._sorted = sorted((fold(post), person) for person, held in enumerate(self._posts) for post in held)
        found: set[int] = set()
        for k in range(bisect_left(self._sorted, (title,)), len(self._sorted)):
            if not self._sorted[k][0].startswith(title):
                break
            found.add(self._sorted[k][1])
        return found
