"""The article's vantage point: the level of the unit it is about (`article_vantage`).

The article's most named Party committee or unit (`Thành ủy Hà Tĩnh`, `huyện Nậm Pồ`) is the
unit it speaks from; the gazetteer gives a named city's level. A count's `thành phố`, `cơ sở` and
`địa phương` are read against it (`levels.resolve_level`), and it completes a half-stated move.
The committee and unit words are found by a scan of their first words (`_committees`), which
finds what `_COMMITTEE_RE` finds.

Entry points: `article_vantage(text) -> Vantage`, and `_LazyVantage(text)`, which reads it only
when a count first needs it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

import regex

from extractors.base import alternation, data_lines, data_table
from extractors.gazetteer import LEVEL_OF_TYPE, UNIT_OF_COMMITTEE, level_of, province_names
from extractors.heads import literal_heads
from extractors.numbers import LATIN_LETTERS, bounded, literal_trie


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


# The Party committees and the unit words above a commune, from the gazetteer's tables; a unit
# word is capitalised where it opens a sentence or a headline ("Thành phố Hà Nội đã ..."). The
# committees come first: `Huyện ủy` is not the unit word `Huyện` and a name.
_UNIT_WORDS = [word for word, level in LEVEL_OF_TYPE.items() if level != "commune" and word != "thành phố trung ương"]
_COMMITTEE_KINDS = "|".join([word.capitalize() for word in UNIT_OF_COMMITTEE] + _UNIT_WORDS + [r"TP\.?"]
                            + [word.capitalize() for word in _UNIT_WORDS])
# Cities abbreviated after `TP` (`TP.HCM`), with the gazetteer's name for each
_CITY_ABBREVIATIONS = dict(data_table("count_city_abbreviations.tsv"))
_ABBREVIATED = "|".join(map(re.escape, _CITY_ABBREVIATIONS))  # literal in `regex` and `re` alike
_COMMITTEE_RE = bounded(
    rf"(?<![\p{{L}}\p{{M}}])(?P<kind>{_COMMITTEE_KINDS})"
    rf"(?P<name>(?<=TP\.?)\s*(?:{_ABBREVIATED})(?![\p{{L}}\p{{M}}])"
    r"|(?:\s+\p{Lu}[\p{Ll}\p{M}]*(?![\p{L}\p{M}])){1,4})?", regex.VERSION1)
_LATIN_LETTER_RE = re.compile(f"[{LATIN_LETTERS}]")
# Urban districts named as a class, with no name (`về các quận`, `quận, huyện`): the article's city has
# them, so it is a centrally-run one even where no `quận` of it is named.
_CITY_DISTRICTS_RE = re.compile(r"(?<![^\W\d_])(?:(?:các|về|xuống|lên|giữa)\s+quận|quận\s*(?:,|và)\s*huyện)(?![^\W\d_])")


@lru_cache(maxsize=1)
def _organ_city_re() -> regex.Pattern:
    """An organ of a city (data/count_city_organs.txt) whose name ends in a centrally-run city's bare
    name, a few words after the organ word: `Sở Y tế Hà Nội`, `Công an Đà Nẵng`. The cities are the
    gazetteer's province names that it knows as centrally-run cities."""
    cities = [name for name in province_names() if level_of("thành phố", name) == "province"]
    return bounded(rf"(?<![\p{{L}}\p{{M}}])(?:{alternation(data_lines('count_city_organs.txt'))})"
                   rf"(?:\s+[\p{{L}}\p{{M}}]+){{0,6}}?\s+(?P<city>{alternation(cities)})(?![\p{{L}}\p{{M}}])",
                   regex.VERSION1)


def _organ_cities(text: str) -> int:
    """How many times the article names a centrally-run city by one of its organs (`_organ_city_re`)."""
    return sum(1 for _ in _organ_city_re().finditer(text))


@lru_cache(maxsize=1)
def _named_scan() -> re.Pattern:
    """Where a match of `_COMMITTEE_RE` that names a committee or a unit with its name may start:
    a committee word, or a unit word with white space after it and then no lower-case Latin letter
    (a name begins with `\\p{Lu}`, never one of those); unnamed units (`tỉnh`, `huyện, xã`) are passed
    over. Standard `re` on the text as it is (the pattern minds case)."""
    lower = "".join(ch for ch in map(chr, range(0x2000)) if _LATIN_LETTER_RE.match(ch) and regex.match(r"\p{Ll}", ch))
    named = rf"(?=\.?(?:\s++[^\s{lower}]|\s*+(?:{_ABBREVIATED})))"
    heads = literal_heads(_COMMITTEE_KINDS, fold=False)
    # (a capitalised unit word may begin a committee word, `Huyện` of `Huyện ủy`: it is tried as it is)
    committees = [k for k in _COMMITTEE_KINDS.split("|") if k.endswith("ủy")]
    tails = {h: named for h in heads if not any(c.startswith(h) for c in committees)}
    return re.compile(literal_trie(heads, tails).replace(r"\ ", r"\s+"))


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
            votes[(level_of(kind), False)] += 2 if committee else 1
    urban = urban or _CITY_DISTRICTS_RE.search(text) is not None
    if organs := _organ_cities(text):
        votes[("province", True)] += organs  # `Sở Y tế Hà Nội`: the city named, as `thành phố Hà Nội` is
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
