"""Posts as written, resolved into title, organisation, unit and level with the article's context.

A post is written many ways: `Bí thư Tỉnh ủy Sóc Trăng`, `Bí thư Sóc Trăng`,
`Bí thư Tỉnh ủy tỉnh Sóc Trăng` are one post; `Giám đốc Sở VH-TT-DL` only says
where in an article about one province; `Hiệu trưởng` alone takes its school from
the sentence (`đến nhận công tác tại Trường ĐH X và được bổ nhiệm giữ chức Hiệu trưởng`).

Reading a post has two steps:

* `parse_post(text)`: what the post itself says, split into its parts (a post
  with several roles, `Phó Bí thư Đảng ủy xã, Chủ tịch UBND xã Pa Tần`, is two
  parts; the place named by one fills the unnamed place of the other). Cached:
  the same post text recurs across thousands of articles.
* `resolve_post(text, context)`: each part's unit looked up in the gazetteer
  (`extractors.gazetteer`, official code and level), the unit or province the post
  does not name taken from the article (`Context`), a missing organisation taken
  from the fact's sentence, and a normalised `key` per part for matching posts
  across articles. Whatever was filled in says where it came from; the text as
  written is always kept.

A key is `title|organisation|unit code` with abbreviations expanded, Party
committees of every level written `đảng ủy` (the unit says which), and a
title's usual organisation when the post names none (`Bí thư Sóc Trăng` is the
Party committee's). A part whose unit is unknown (and not central) has no key: it
is too vague to say two articles name the same post.

Entry points: `parse_post`, `resolve_post`, `Context`, `ResolvedParts`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from extractors.base import data_table
from extractors.gazetteer import LEVEL_OF_TYPE, Unit, units
from extractors.posts import committee_at, place_types, read_org, title_at
from extractors.tokens import Tok, tokenize
from pipeline.results.article_unit import province_code

ERA_2025_FROM = "2025-07-01"  # the two-level structure (no districts) applies from this date
_KEEP_OUT_OF_TITLE_KEY = ("nguyên", "tân")  # a former or new holder: the same post
_STANDING = "thường trực"  # the rank closing a title ("Phó Bí thư thường trực"): the same post
_SPLIT_WORDS = {",", ";", "kiêm", "và", "đồng thời", "-"}
_ORG_MARKERS = {"tại", "về", "ở", "của"}  # "về nhận công tác tại <org>"


def _data(name: str) -> list[tuple[str, ...]]:
    text = resources.files("pipeline").joinpath("data", "dataset", name).read_text("utf-8")
    return [tuple(line.split("\t")) for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[re.Pattern, dict[str, str]]:
    table = {row[0]: row[1] for row in _data("post_abbreviations.tsv")}
    words = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w&])(" + "|".join(map(re.escape, words)) + r")(?![\w&])")
    return pattern, table


@lru_cache(maxsize=1)
def _level_rules() -> list[tuple[str, str, str]]:
    return [(row[0], row[1], row[2]) for row in _data("post_levels.tsv")]


@lru_cache(maxsize=1)
def _default_orgs() -> dict[str, str]:
    return {row[0]: row[1] for row in _data("post_default_orgs.tsv")}


@lru_cache(maxsize=1)
def _committee_units() -> dict[str, str]:
    """`huyện ủy` -> `huyện`: the unit word of each Party or youth committee."""
    return {row[0].lower(): row[1] for row in data_table("official_party_committees.tsv") if len(row) > 1 and row[1]}


@lru_cache(maxsize=1)
def _canonical() -> list[tuple[str, str]]:
    return [(row[0], row[1]) for row in _data("post_canonical.tsv")]


@lru_cache(maxsize=1)
def _numbered_bodies() -> frozenset[str]:
    return frozenset(row[0] for row in _data("post_numbered_bodies.txt"))


@lru_cache(maxsize=1)
def _central_titles() -> frozenset[str]:
    return frozenset(row[0] for row in _data("post_central_titles.txt"))


def expand(text: str) -> str:
    """Lower-case words of an organisation with its abbreviations expanded, marks dropped and
    the longer spellings of a body shortened (`post_canonical.tsv`)."""
    pattern, table = _abbreviations()
    text = pattern.sub(lambda m: " " + table[m.group(1)] + " ", text)
    text = " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
    for long, short in _canonical():
        if long in text:
            text = re.sub(rf"(?<!\w){re.escape(long)}(?!\w)", short, text)
    return text


# ---- what the post says ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Place:
    type_word: str | None  # "xã", "huyện", "tỉnh", "thành phố"; None for a bare province name
    name: str | None       # "Pa Tần"; None when the post names only the type ("Đảng ủy xã")
    committee: bool = False  # read from a Party committee ("Huyện ủy Phúc Thọ")


@dataclass(frozen=True)
class PostPart:
    """One role of a post, as written."""

    text: str
    title: str | None
    organisation: str | None   # everything after the title, as written
    org_words: str             # the organisation without its places, expanded, for the key
    places: tuple[Place, ...]  # as written, innermost first: ("xã", "Liên Hà"), ("huyện", "Đan Phượng")


@lru_cache(maxsize=50_000)
def parse_post(text: str) -> tuple[PostPart, ...]:
    """The parts of a post as written; the unnamed place of one part takes the name of the
    same kind of place in another (`Phó Bí thư Đảng ủy xã, Chủ tịch UBND xã Pa Tần`)."""
    toks = tokenize(text)
    parts = [_parse_part(text, toks, a, b) for a, b in _part_bounds(toks)]
    named = {p.type_word: p for part in parts for p in part.places if p.name and p.type_word}
    return tuple(_fill_places(part, named) for part in parts if part.title or part.organisation)


def _part_bounds(toks: list[Tok]) -> list[tuple[int, int]]:
    """Token ranges of the roles: split before a title that follows ',', 'kiêm', 'và'."""
    bounds, start = [], 0
    for k, tok in enumerate(toks):
        if k > start and tok.low in _SPLIT_WORDS and title_at(toks, k + 1):
            bounds.append((start, k))
            start = k + 1
    bounds.append((start, len(toks)))
    return [(a, b) for a, b in bounds if b > a]


def _parse_part(text: str, toks: list[Tok], a: int, b: int) -> PostPart:
    head = title_at(toks, a)
    title = text[toks[a].start:toks[a + head - 1].end] if head else None
    org_start = a + head
    organisation = text[toks[org_start].start:toks[b - 1].end] if org_start < b else None
    places: list[Place] = []
    org_tokens: list[str] = []  # words of the organisation; a run of plain tokens is kept as written
    i = org_start
    while i < b:
        committee = committee_at(toks, i)
        if committee:
            unit_word = _committee_units().get(" ".join(t.low for t in toks[i:i + committee]))
            name_end = _cap_run(toks, i + committee, b)
            if unit_word:
                places.append(Place(unit_word, _name(text, toks, i + committee, name_end), committee=True))
                org_tokens.append("đảng ủy" if "ủy" in toks[i + committee - 1].low else toks[i].low + " đoàn")
            else:  # "Đảng ủy", "Đảng ủy Khối": the committee is the organisation
                org_tokens.append(" ".join(t.low for t in toks[i:i + committee]))
                name_end = i + committee
            i = name_end
            continue
        city = _city_at(toks, i, b)
        if city:  # "TP.HCM", "TP HCM": a city by its abbreviation
            places.append(Place("thành phố", city[0]))
            i += city[1]
            continue
        place_end = _place_at(text, toks, i, b)
        if place_end > i:
            n = place_types().match(toks, i)
            name_start = i + n + (1 if i + n < b and toks[i + n].text == "." else 0)
            places.append(Place("thành phố" if toks[i].text in ("TP", "Tp") else " ".join(t.low for t in toks[i:i + n]),
                                _name(text, toks, name_start, place_end)))
            i = place_end
            continue
        province_end = _bare_province(text, toks, i, b)
        if province_end > i:
            places.append(Place(None, _name(text, toks, i, province_end)))
            i = province_end
            continue
        j = i + 1
        while j < b and not committee_at(toks, j) and _place_at(text, toks, j, b) == j \
                and _bare_province(text, toks, j, b) == j and not _city_at(toks, j, b):
            j += 1
        org_tokens.append(text[toks[i].start:toks[j - 1].end])  # "Sở VH-TT-DL" kept whole for `expand`
        i = j
    return PostPart(text[toks[a].start:toks[b - 1].end], title, organisation,
                    expand(" ".join(org_tokens)), tuple(places))


def _with_body_type(title: str | None, org_words: str) -> str:
    """`quốc phòng` after `Bộ trưởng` is `bộ quốc phòng` (`post_title_bodies.tsv`), for the
    key and the level; the organisation as written is kept."""
    body = _title_bodies().get(_title_key(title))
    if body and org_words and not (org_words + " ").startswith(body + " "):
        return f"{body} {org_words}"
    return org_words


@lru_cache(maxsize=1)
def _title_bodies() -> dict[str, str]:
    return {row[0]: row[1] for row in _data("post_title_bodies.tsv")}


_CITY_ABBREVIATION_RE = re.compile(r"(?:TP|Tp)\.?([A-Z]{2,4})")


@lru_cache(maxsize=1)
def _city_abbreviations() -> dict[str, str]:
    """`HCM` -> `Hồ Chí Minh`: cities written by an abbreviation after TP (the extractors' table)."""
    return {row[0]: row[1] for row in data_table("count_city_abbreviations.tsv") if len(row) > 1}


def _city_at(toks: list[Tok], i: int, b: int) -> tuple[str, int] | None:
    """(city name, tokens) of a city written by its abbreviation at toks[i]: `TP.HCM`, `TP HCM`."""
    m = _CITY_ABBREVIATION_RE.fullmatch(toks[i].text)
    if m and m.group(1) in _city_abbreviations():
        return _city_abbreviations()[m.group(1)], 1
    if toks[i].text in ("TP", "Tp") and i + 1 < b and toks[i + 1].text in _city_abbreviations():
        return _city_abbreviations()[toks[i + 1].text], 2
    return None


def _place_at(text: str, toks: list[Tok], i: int, b: int) -> int:
    """End of a place at toks[i] (a unit word and the capitalised name after it), else i.
    A unit word with no name counts only for the units of the gazetteer ('UBND xã', 'UBND
    tỉnh'); a capitalised one needs a name ('Xã hội' is a word of an organisation)."""
    n = place_types().match(toks, i)
    if not n or _in_a_noun(toks, i, n):
        return i
    abbreviated = toks[i].text in ("TP", "Tp")
    name_start = i + n + (1 if abbreviated and i + n < b and toks[i + n].text == "." else 0)
    name_end = _cap_run(toks, name_start, b)
    if name_end > name_start:
        return name_end
    if toks[i].is_cap or abbreviated or " ".join(t.low for t in toks[i:i + n]) not in LEVEL_OF_TYPE:
        return i
    return i + n


@lru_cache(maxsize=1)
def _not_places() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(row[0].split()) for row in _data("post_not_places.txt"))


def _in_a_noun(toks: list[Tok], i: int, n: int) -> bool:
    """Whether the unit word at toks[i:i+n] is part of a noun (`xã hội`, `hợp tác xã`:
    post_not_places.txt), so it starts no place. The words after the unit word must be in
    lower case: a capital starts the unit's name (`xã Hội Xuân` is a commune)."""
    word = tuple(t.low for t in toks[i:i + n])
    for phrase in _not_places():
        for at in range(len(phrase) - n + 1):
            start = i - at
            found = toks[max(0, start):start + len(phrase)]
            if start >= 0 and phrase[at:at + n] == word and tuple(t.low for t in found) == phrase \
                    and not any(t.is_cap for t in toks[i + n:start + len(phrase)]):
                return True
    return False


def _cap_run(toks: list[Tok], i: int, b: int) -> int:
    """End of a run of capitalised words (a place's name) from toks[i]."""
    j = i
    while j < b and j - i < 6 and (toks[j].is_word and toks[j].is_cap
                                   or (toks[j].text in ("-", "–") and j + 1 < b and toks[j + 1].is_cap and j > i)):
        j += 1
    return j


def _name(text: str, toks: list[Tok], i: int, j: int) -> str | None:
    return text[toks[i].start:toks[j - 1].end] if j > i else None


def _bare_province(text: str, toks: list[Tok], i: int, b: int) -> int:
    """End of a province named without its type word ('Bí thư Sóc Trăng'), else i."""
    if not toks[i].is_cap:
        return i
    end = _cap_run(toks, i, b)
    for j in range(end, i, -1):
        if any(u.level == "province" for u in units(text[toks[i].start:toks[j - 1].end])):
            return j
    return i


def _fill_places(part: PostPart, named: dict[str, Place]) -> PostPart:
    places = tuple(named.get(p.type_word, p) if p.name is None and p.type_word in named else p for p in part.places)
    return part if places == part.places else PostPart(part.text, part.title, part.organisation, part.org_words, places)


# ---- resolved with the article's context ----------------------------------------------------------

@dataclass(frozen=True)
class Context:
    """What the article tells about a post it does not spell out."""

    province: str | None = None   # the province the article is about
    district: str | None = None   # the district, when it is about one
    date: str | None = None       # when the post was held (for the gazetteer's era)
    sentence: str | None = None   # the fact's sentence, for a missing organisation


class Part(NamedTuple):
    """One role of a post, resolved: the fields of `schemas.dataset.ResolvedPost`, in its order
    (a tuple: millions are held during a build). `unit` is a ResolvedUnit row (a shared dict)."""

    text: str
    title: str | None
    organisation: str | None
    organisation_filled_from: str | None
    level: str | None
    unit: dict | None
    province: str | None
    province_filled_from: str | None
    key: str | None

    def row(self) -> dict:
        """As a ResolvedPost row (JSON-ready)."""
        return self._asdict()


class ResolvedParts:
    """A post as written and each of its parts resolved; `keys` match posts across articles,
    `loose` (title|organisation per part, without the unit) match within one person."""

    __slots__ = ("text", "parts", "loose", "keys")

    def __init__(self, text: str, parts: tuple[Part, ...], loose: tuple[str, ...]):
        self.text = text
        self.parts = parts
        self.loose = loose
        self.keys = tuple(p.key for p in parts if p.key)

    @property
    def main(self) -> Part | None:
        """The part that says most about where the post is: the first with a unit, else the first."""
        return next((p for p in self.parts if p.unit), self.parts[0] if self.parts else None)


def resolve_post(text: str, context: Context) -> ResolvedParts:
    """The post's parts, resolved with the article's context (cached by post and context)."""
    return _resolve(text, context.province, context.district, _era(context.date),
                    context.sentence if _needs_sentence(text) else None)


def _needs_sentence(text: str) -> bool:
    return any(not p.organisation and not p.places for p in parse_post(text))


def _era(date: str | None) -> str:
    return "2025" if date and date >= ERA_2025_FROM else "legacy"


@lru_cache(maxsize=None)  # cleared by `clear_caches` after each build
def _resolve(text: str, province: str | None, district: str | None, era: str,
             sentence: str | None) -> ResolvedParts:
    parts, loose = [], []
    for part in parse_post(text):
        resolved, org_words = _resolve_part(part, province, district, era, sentence)
        parts.append(resolved)
        loose.append(_intern(loose_key(resolved.title, org_words)))
    return ResolvedParts(text, tuple(parts), tuple(loose))


_STRINGS: dict[str, str] = {}


def _intern(value: str | None) -> str | None:
    """One object per distinct key string: keys repeat across a million facts."""
    return None if value is None else _STRINGS.setdefault(value, value)


def clear_caches() -> None:
    """Forget the posts resolved during a build (their number grows with the archive)."""
    _resolve.cache_clear()
    _STRINGS.clear()


def loose_key(title: str | None, org_words: str) -> str:
    """title|organisation, without the unit: one person's 'Bí thư Đảng ủy xã' and 'Bí thư
    Đảng ủy xã Pa Tần' match on it (never used to link two people)."""
    title_key = _title_key(title)
    return f"{title_key}|{org_words or _default_orgs().get(title_key, '')}"


def _resolve_part(part: PostPart, province: str | None, district: str | None, era: str,
                  sentence: str | None) -> tuple[Part, str]:
    # "Bộ trưởng Quốc phòng": the ministry as written without its type word; not for an
    # organisation found in the sentence, which may be anything after "của"
    organisation, org_words, org_filled = part.organisation, _with_body_type(part.title, part.org_words), None
    if not organisation and not part.places and sentence and part.title \
            and _title_key(part.title) not in _central_titles():  # "Tổng Bí thư" is whole alone
        found = org_in_sentence(sentence, part.title)
        if found:
            reparsed = parse_post(f"{part.title} {found}")
            if reparsed and reparsed[0].organisation:
                organisation, org_filled = found, "sentence"
                part = PostPart(part.text, part.title, found, reparsed[0].org_words, reparsed[0].places)
                org_words = part.org_words
    unit, level = _unit_of(part, province, district, era)
    if unit is None and level is None and _names_a_city(part):
        unit, level = _article_city(province, district, era)
    if level is None:
        level = _org_level(org_words)
    if level is None and not org_words and _title_key(part.title) in _central_titles():
        level = "central"  # "Tổng Bí thư", "Thủ tướng": a national post by its title alone
    if unit is None and level == "province" and province:
        unit = _lookup(province, "province", None, None, era, "article")
    if unit is None and level == "district" and district and province:
        unit = _lookup(district, "district", None, province, era, "article")
    post_province, province_from = None, None
    named_province = _named_province(part)
    if unit is not None:
        post_province, province_from = unit["province"], ("post" if unit["filled_from"] == "post" else "article")
    elif named_province:
        post_province, province_from = named_province, "post"
    elif level not in ("central", None) or (level is None and part.title):
        post_province, province_from = (province, "article") if province else (None, None)
    key = _intern(_key(part.title, org_words, unit, level))
    return Part(part.text, part.title, organisation, org_filled, level, unit, post_province, province_from, key), org_words


def _unit_of(part: PostPart, province: str | None, district: str | None, era: str
             ) -> tuple[dict | None, str | None]:
    """The innermost named place the gazetteer can place, constrained by the places named
    around it and by the article's province; and the post's level (from its innermost place)."""
    level = None
    for k, place in enumerate(part.places):
        place_level = _level_of_place(place)
        level = level or place_level
        if not place.name:
            continue
        outer = part.places[k + 1:]
        within_district = next((p.name for p in outer if p.name and _level_of_place(p) == "district"), None)
        within_province = next((p.name for p in outer if p.name and _level_of_place(p) == "province"), None)
        unit = _lookup(place.name, place_level, within_district, within_province or province, era, "post",
                       type_word=place.type_word)
        if unit is not None:
            return unit, unit["level"] if place_level in (None, unit["level"]) or place.type_word in ("thành phố", "tp") else place_level
    return None, level


def _named_province(part: PostPart) -> str | None:
    """The province of the places a post names, when they all lie in one (a commune whose
    name several districts share is not placed, but its province may be)."""
    for place in part.places:
        if place.name:
            level = _level_of_place(place)
            provinces = {u.province for u in units(place.name) if level is None or u.level == level}
            if len(provinces) == 1:
                return provinces.pop()
    return None


def _names_a_city(part: PostPart) -> bool:
    """The post's place is an unnamed city ('Thành ủy', 'UBND thành phố')."""
    return any(p.type_word in ("thành phố", "tp") and not p.name for p in part.places)


def _article_city(province: str | None, district: str | None, era: str) -> tuple[dict | None, str | None]:
    """An unnamed city is the article's: its province when that is a centrally-run city
    (Hà Nội), else its district when that is a city under the province; else unknown."""
    if province:
        unit = _lookup(province, "province", None, None, era, "article")
        if unit is not None and unit["type_word"] == "thành phố trung ương":
            return unit, "province"
    if district and province:
        unit = _lookup(district, "district", None, province, era, "article")
        if unit is not None and unit["type_word"] == "thành phố":
            return unit, "district"
    return None, None


def _level_of_place(place: Place) -> str | None:
    if place.type_word is None:
        return "province"  # a bare name is read only when it is a province's
    if place.type_word in ("thành phố", "tp"):
        return None  # the gazetteer decides: a centrally-run city or a city under a province
    return LEVEL_OF_TYPE.get(place.type_word)


@lru_cache(maxsize=100_000)
def _lookup(name: str, level: str | None, district: str | None, province: str | None, era: str,
            filled_from: str, type_word: str | None = None) -> dict | None:
    """The one gazetteer unit that fits; None when none or several distinct ones do."""
    found = [u for u in units(name) if level is None or u.level == level]
    if type_word in ("thành phố", "tp"):
        found = [u for u in found if u.type_word in ("thành phố", "thành phố trung ương")]
    elif type_word:
        found = [u for u in found if u.type_word == type_word] or found  # "thị xã Kỳ Anh", not "huyện Kỳ Anh"
    if district:
        found = [u for u in found if not u.district or _same(u.district, district)] or found
    if province and len({u.province for u in found}) > 1:
        found = [u for u in found if _same(u.province, province)]
    if len({u.era for u in found}) > 1:
        found = [u for u in found if u.era == era] or found
    distinct = {(u.code, u.province) for u in found}
    if len(distinct) != 1:
        return None
    unit = found[0]
    return _as_row(unit, filled_from)


def _same(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


@lru_cache(maxsize=None)
def _as_row(unit: Unit, filled_from: str) -> dict:
    """The unit as a ResolvedUnit row: one shared dict per unit and source (never changed)."""
    return {"name": unit.name, "type_word": unit.type_word, "level": unit.level, "code": unit.code,
            "province": unit.province, "province_code": province_code(unit.province) or "",
            "district": unit.district or None, "era": unit.era, "filled_from": filled_from}


def _org_level(org_words: str) -> str | None:
    for how, words, level in _level_rules():
        if (how == "contains" and f" {words} " in f" {org_words} ") or (how == "starts" and (org_words + " ").startswith(words + " ")):
            return level
    return None


def _title_key(title: str | None) -> str:
    # the standing deputy ("Phó Bí thư Thường trực", a title of its own to the extractor) holds the
    # committee's deputy post, as post_canonical.tsv says of "thường trực" read in the organisation
    key = " ".join(w for w in (title or "").lower().split() if w not in _KEEP_OUT_OF_TITLE_KEY)
    return key.removesuffix(" " + _STANDING)


def _key(title: str | None, org_words: str, unit: dict | None, level: str | None) -> str | None:
    """title|organisation|unit; None when the unit is unknown below the centre. A province is
    keyed by its name, which is its Party committee's across the 2025 mergers (Gia Lai kept
    its name and took Bình Định's code); a district or commune by its code."""
    title_key = _title_key(title)
    org = org_words or _default_orgs().get(title_key, "")
    if org in _numbered_bodies():  # 'Quân khu' without its number: any of them
        return None
    if unit is not None:
        where = f"p:{unit['name']}" if unit["level"] == "province" else unit["code"]
    elif level == "central":
        where = "central"
    else:
        return None
    if not title_key and not org:
        return None
    return f"{title_key}|{org}|{where}"


def org_in_sentence(sentence: str, title: str) -> str | None:
    """An organisation the sentence names after 'tại', 'về', 'ở', 'của' (`nhận công tác tại
    Trường ĐH X`), the nearest to the title; None when it names none."""
    toks = tokenize(sentence)
    title_at_ = sentence.find(title)
    found: list[tuple[int, str]] = []
    for k, tok in enumerate(toks[:-1]):
        if tok.low in _ORG_MARKERS and toks[k + 1].is_cap and not title_at(toks, k + 1):
            end = read_org(toks, k + 1, len(toks))
            if end > k + 1:
                found.append((toks[k + 1].start, sentence[toks[k + 1].start:toks[end - 1].end]))
    if not found:
        return None
    if title_at_ < 0:
        return found[0][1]
    return min(found, key=lambda f: (abs(f[0] - title_at_), f[0]))[1]
