"""The unit an article is about: the province (and district) it names most.

A provincial news article names its own province and its Party committee over and
over (`Tỉnh ủy Quảng Ngãi`, `tỉnh Quảng Ngãi`, `huyện Sơn Tịnh`); its title and
URL often do too (`baoquangngai.vn`, `/quang-ngai-...`). Every mention of a unit
with its type word (`tỉnh`, `huyện`, `Huyện ủy`, `thị xã`, `TP.`, ...) or of a province by
its bare name is looked up in the gazetteer and counted: a district's mention
counts for its province too. Headings are often in capitals (`TỈNH ỦY QUẢNG NGÃI`), so
type words are read in any case and names in capitals as well as in their usual case, except
the names that are ordinary words too (`GÌN GIỮ HÒA BÌNH`: unit_bare_caps_not.txt); an
abbreviation's dot may be followed by a space or not (`TP. Huế`, `TP.Huế`). Title mentions
weigh `TITLE_WEIGHT`, a province in the URL `URL_WEIGHT`.

The province with most votes wins, none on a tie; the article is about a district
when one district of that province has at least `MIN_DISTRICT_MENTIONS` mentions
and at least twice as many as any other.

One answer for the whole project: the dataset's article unit (`pipeline.dataset`) and the
review's `province` strata (`sampling.province_of`) both come from here. It sits in
`results/`, below `dataset/`, so that both may import it.

Entry point: `article_unit(texts, title=None, url=None) -> ArticleUnit`; `province_code(province)`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import Iterator

from extractors.gazetteer import all_units, level_of, units
from schemas.dataset import ArticleUnit

TITLE_WEIGHT = 3
URL_WEIGHT = 2
MIN_DISTRICT_MENTIONS = 2

_CAP_WORD = r"[A-ZÀ-ỸĐ][\wÀ-ỹ]*"
# A unit named with its type word (or its committee), in any case: the type, then up to five
# capitalised words (a name in capitals is one too); after an abbreviation's dot, the space
# may be missing. The pattern opens with a look-ahead for the first letters its words may
# start with: the regex engine then skips the other positions fast, where a look-behind
# alone is tried at every position (twice as slow).
_TYPED_RE = re.compile(
    r"(?=[TtHhQq])(?<!\w)((?i:tỉnh ủy|thành ủy|huyện ủy|quận ủy|thị ủy|tỉnh|thành phố|tp\.?|huyện|quận|thị xã))"
    rf"(?:(?<=\.)\s*|\s+)({_CAP_WORD}(?:\s+(?:-\s+)?{_CAP_WORD}){{0,4}})")


@lru_cache(maxsize=1)
def _province_codes() -> dict[str, str]:
    return {u.province.casefold(): u.code for u in all_units() if u.level == "province"}


@lru_cache(maxsize=1)
def _province_names() -> dict[str, str]:
    return {u.name.casefold(): u.name for u in all_units() if u.level == "province"}


def _province_named(spelling: str) -> str:
    """A province's name as the gazetteer writes it, for a bare mention in any case."""
    return _province_names()[spelling.casefold()]


def province_code(province: str | None) -> str | None:
    """The gazetteer's code of a province (by its name, any case); None for none."""
    return _province_codes().get(province.casefold()) if province else None


_HCM_RE = re.compile(r"(?<!\w)(?:TP|Tp)\.?\s?HCM(?!\w)")  # the city's usual abbreviation


def _names_in(file: str) -> frozenset[str]:
    text = resources.files("pipeline").joinpath("data", "dataset", file).read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def _bare_not() -> frozenset[str]:
    """Province names never read alone (`Hồ Chí Minh`: the leader)."""
    return _names_in("unit_bare_not.txt")


@lru_cache(maxsize=1)
def _bare_caps_not() -> frozenset[str]:
    """Province names not read alone in capitals, being ordinary words too (`HÒA BÌNH`: peace)."""
    return _names_in("unit_bare_caps_not.txt")


@lru_cache(maxsize=1)
def _provinces() -> tuple[re.Pattern, dict[str, str]]:
    """A pattern of every province's short name (bare mentions, as usually written or in
    capitals), and ascii slugs -> name (URLs)."""
    names = sorted({u.name for u in all_units() if u.level == "province"}, key=len, reverse=True)
    bare = [spelling for n in names if n not in _bare_not()
            for spelling in ((n,) if n in _bare_caps_not() else (n, n.upper()))]
    pattern = re.compile("(" + _trie_alternation(bare) + r")(?![\wÀ-ỹ])")
    slugs = {}
    for name in names:
        ascii_ = _ascii(name)
        slugs["-".join(ascii_.split())] = name
        if len(ascii_.replace(" ", "")) >= 6:  # "hanoi", "quangngai"; not "hue" inside other words
            slugs["".join(ascii_.split())] = name
    return pattern, slugs


def _trie_alternation(words: list[str]) -> str:
    """A regex matching the longest of `words` that starts a word, written as a trie: one
    branch per first letter, the look-behind (no letter before) only after it. Python's
    regex engine then skips to the positions holding one of the first letters, and tries
    one branch there instead of every name: four times faster than a plain alternation
    behind a look-behind, which is tried at every position of the text."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def emit(node: dict, first: bool) -> str:
        branches = [re.escape(ch) + (r"(?<![\wÀ-ỹ].)" if first else "") + emit(child, False)
                    for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer word first

    return emit(trie, True)


def _ascii(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower().replace("-", " ")


@lru_cache(maxsize=100_000)
def _typed_unit(word: str, run: str) -> tuple[str, str | None] | None:
    """(province, district or None) of a typed mention: the longest prefix of the capitalised
    run that names one unit of that level (both eras: one province)."""
    level = level_of(word)  # None for a city: centrally-run or under a province
    words = run.split()
    for n in range(len(words), 0, -1):
        name = " ".join(words[:n])
        found = [u for u in units(name) if u.level in ((level,) if level else ("province", "district"))]
        if level is None:  # a city: centrally-run (province) or under a province (district)
            found = [u for u in found if u.type_word in ("thành phố", "thành phố trung ương")]
        provinces = {u.province for u in found}
        if len(provinces) != 1:
            continue
        province = provinces.pop()
        district = next((u.name for u in found if u.level == "district"), None) \
            if all(u.level == "district" for u in found) else None
        return province, district
    return None


def _typed_mentions(text: str) -> Iterator[tuple[int, int, tuple[str, str | None]]]:
    """(start, end, (province, district or None)) of the name of every unit named with its
    type word. A run of capitalised words that names no unit is not used up: its first word
    may be a type word itself (in `Thành ủy TP.Huế`, `TP` names nothing, `TP.Huế` a city)."""
    position = 0
    while m := _TYPED_RE.search(text, position):
        found = _typed_unit(m.group(1), m.group(2))
        if found is None:
            position = m.start(2)
            continue
        yield m.start(2), m.end(2), found
        position = m.end()


def _votes(text: str, weight: int, provinces: Counter, districts: Counter) -> None:
    pattern, _ = _provinces()
    typed_spans = []
    for start, end, (province, district) in _typed_mentions(text):
        typed_spans.append((start, end))
        provinces[province] += weight
        if district:
            districts[(province, district)] += weight
    for m in pattern.finditer(text):
        if not typed_spans or not any(a <= m.start() < b for a, b in typed_spans):
            provinces[_province_named(m.group(1))] += weight
    if "HCM" in text:
        hcm = len(_HCM_RE.findall(text))
        if hcm:
            provinces["Hồ Chí Minh"] += weight * hcm


def article_unit(texts: list[str], title: str | None = None, url: str | None = None,
                 evidence: str = "text") -> ArticleUnit:
    """The province (and district) the article is about, from its texts, title and URL."""
    provinces: Counter = Counter()
    districts: Counter = Counter()
    used = []
    _votes("\n".join(dict.fromkeys(texts)), 1, provinces, districts)  # each sentence once
    if provinces:
        used.append(evidence)
    if title:
        before = sum(provinces.values())
        _votes(title, TITLE_WEIGHT, provinces, districts)
        if sum(provinces.values()) > before:
            used.append("title")
    if url:
        found = _url_province(url)
        if found:
            provinces[found] += URL_WEIGHT
            used.append("url")
    ranked = sorted(provinces.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return ArticleUnit(evidence=used if ranked else [])
    province, mentions = ranked[0]
    ranked_d = sorted(((d, n) for (p, d), n in districts.items() if p == province), key=lambda kv: (-kv[1], kv[0]))
    district = None
    if ranked_d and ranked_d[0][1] >= MIN_DISTRICT_MENTIONS and (len(ranked_d) == 1 or ranked_d[0][1] >= 2 * ranked_d[1][1]):
        district, mentions = ranked_d[0]
    return ArticleUnit(province=province, province_code=province_code(province), district=district,
                       district_code=_district_code(province, district) if district else None,
                       level="district" if district else "province", evidence=used, mentions=mentions)


def _district_code(province: str, district: str) -> str | None:
    codes = {u.code for u in units(district) if u.level == "district" and u.province == province}
    return codes.pop() if len(codes) == 1 else None


def _url_province(url: str) -> str | None:
    """A province named in the URL's host or path ('baoquangngai.vn', '/quang-ngai-...'); None
    when it names none or several."""
    _, slugs = _provinces()
    low = url.lower()
    found = {name for slug, name in slugs.items() if re.search(rf"(?<![a-z]){re.escape(slug)}(?![a-z])", low)
             or ("-" not in slug and slug in re.sub(r"[^a-z]", "", low.split("//")[-1].split("/")[0]))}
    return found.pop() if len(found) == 1 else None
