"""Vietnamese administrative units, from the maintained `vietnamadminunits` package.

Both structures are loaded: the three-level one before 2025 (province, district,
commune) and the two-level one since July 2025 (province, commune; no districts).
Extractors ask two questions of it:

* what level is a unit with this name and type word (`thành phố Hà Tĩnh` is a
  city under a province, so district level; `thành phố Cần Thơ` is a province);
* does this run of capitalised syllables name a place (`Tây Hồ`, `Pa Tần`), so a
  person's name that follows starts after it.

and, for biographies, which province a hometown names and where it lies since the
2025 mergers (`Nam Định` -> `Ninh Bình`), each with its official code.

Entry points: `units(name)`, `is_place_name(name)`, `level_of(type_word, name)`, `MERGER_ASIDES`,
`province(name)`, `province_now(old)`, `merged_parts(now)`, `province_names()`,
`all_units()`.
"""

from __future__ import annotations

import importlib.util
from bisect import bisect_left
import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractors.base import data_table

LEVEL_OF_TYPE = {
    "tỉnh": "province", "thành phố trung ương": "province",
    "quận": "district", "huyện": "district", "thị xã": "district", "thành phố": "district",
    "xã": "commune", "phường": "commune", "thị trấn": "commune", "đặc khu": "commune",
}
# The levels from the lowest up: a unit of a higher level contains those below it.
LEVEL_RANK = {"commune": 0, "district": 1, "province": 2, "central": 3}
# The Party committee of each kind of unit (`Huyện ủy` is the committee of a `huyện`): its
# level is the unit's. The one table from unit and committee words to levels (`level_of`).
UNIT_OF_COMMITTEE = {"tỉnh ủy": "tỉnh", "thành ủy": "thành phố", "huyện ủy": "huyện", "quận ủy": "quận",
                     "thị ủy": "thị xã"}


@dataclass(frozen=True)
class Unit:
    name: str        # short name as the package spells it: "Hà Tĩnh"
    type_word: str   # "tỉnh", "thành phố trung ương", "thành phố", "quận", "huyện", "xã", ...
    level: str       # "province", "district", "commune"
    era: str         # "legacy" (before July 2025) or "2025"
    province: str    # short name of the province it belongs to
    code: str = ""   # the official code (GSO): province "42", district "436", commune "18325"
    district: str = ""  # a legacy commune's district (short name); "" for the rest


# Words that date a unit by the 2025 mergers, after its name or its level ("huyện Đông Anh (cũ)",
# "cấp huyện cũ", "xã Hải Phúc mới"): the unit before or after the merger, no other unit.
MERGER_ASIDES = frozenset(("cũ", "mới"))


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _ward_type(ward: dict) -> str:
    """The package leaves some types empty (NaN); the full name's first word tells."""
    t = ward.get("wardType")
    if isinstance(t, str) and t:
        return t.lower()
    full = str(ward.get("ward") or "").lower()
    return next((w for w in ("thị trấn", "phường", "đặc khu", "xã") if full.startswith(w)), "xã")


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[Unit, ...]]:
    """Every province, district and commune of both eras (before and from 2025) in the
    vietnamadminunits package, by the key of its short name (`_key`): one name may be several
    units, each once, in the package's order."""
    index: dict[str, list[Unit]] = {}

    def add(unit: Unit) -> None:
        if not isinstance(unit.name, str) or not unit.name.strip():
            return  # a few records in the package have no short name
        index.setdefault(_key(unit.name), []).append(unit)

    data = _package_data()
    for era, file, ward_groups in (("legacy", "parser_legacy.json", _legacy_wards),
                                   ("2025", "parser_from_2025.json", _current_wards)):
        tables = json.loads(data.joinpath(file).read_text("utf-8"))
        for pkey, prov in tables["DICT_PROVINCE"].items():
            p_short = prov["provinceShort"]
            p_type = "thành phố trung ương" if prov["province"].startswith("Thành phố") else "tỉnh"
            add(Unit(p_short, p_type, "province", era, p_short, str(prov.get("provinceCode") or "")))
            districts = tables.get("DICT_PROVINCE_DISTRICT", {}).get(pkey, {})  # legacy only
            for dist in districts.values():
                t = dist["districtType"].lower()
                add(Unit(dist["districtShort"], t, LEVEL_OF_TYPE[t], era, p_short, str(dist.get("districtCode") or "")))
            for dkey, ward in ward_groups(tables, pkey):
                t = _ward_type(ward)
                district = districts.get(dkey, {}).get("districtShort", "") if dkey else ""
                add(Unit(ward["wardShort"], t, LEVEL_OF_TYPE.get(t, "commune"), era, p_short,
                         str(ward.get("wardCode") or ""), district))
    return {k: tuple(dict.fromkeys(v)) for k, v in index.items()}


def _package_data() -> Path:
    """The package's data folder, found without importing the package: its parsers
    take half a second to import and we read only their JSON tables."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("vietnamadminunits is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _legacy_wards(tables: dict, pkey: str) -> list[tuple[str, dict]]:
    """Communes before July 2025, grouped under their districts: (district key, commune)."""
    return [(dkey, w) for dkey, wards in tables["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"].get(pkey, {}).items()
            for w in wards.values()]


def _current_wards(tables: dict, pkey: str) -> list[tuple[str, dict]]:
    """Communes since July 2025, directly under the province (no district key)."""
    return [("", w) for w in tables["DICT_PROVINCE_WARD_NO_ACCENTED"].get(pkey, {}).values()]


def units(name: str) -> tuple[Unit, ...]:
    """Every unit, in either structure, with this short name (case-insensitive)."""
    return _index().get(_key(name), ())


def all_units() -> list[Unit]:
    """Every unit of both structures (for callers that index them their own way)."""
    return [u for found in _index().values() for u in found]


def is_place_name(name: str) -> bool:
    return bool(units(name))


@lru_cache(maxsize=1)
def _sorted_names() -> list[str]:
    return sorted(_index())


def cut_from_place_name(name: str) -> bool:
    """Whether a run may be a unit's name cut short or run on: the beginning of one (`Lâm Đồ` of `Lâm
    Đồng`), or one and more words (`Hà Nội Nguy`). For a run the page's end cuts off."""
    key = _key(name)
    names = _sorted_names()
    at = bisect_left(names, key)
    if at < len(names) and names[at].startswith(key):
        return True
    words = key.split()
    return any(is_place_name(" ".join(words[:n])) for n in range(1, len(words)))


def level_of(type_word: str, name: str | None = None) -> str | None:
    """The level of a unit named with `type_word` (`huyện`, `thành phố`, `TP`) or its Party
    committee's word (`Huyện ủy`, `Thành ủy`) and `name`; None for a word that names no unit.

    `thành phố` alone is ambiguous: a centrally-run city is province level, a
    city under a province is district level. With a name, the gazetteer decides.
    """
    t = type_word.lower().strip().rstrip(".")
    t = UNIT_OF_COMMITTEE.get(t, t)
    if t in ("tp", "t.p", "thành phố"):
        if name:
            found = units(name)
            if any(u.type_word == "thành phố trung ương" for u in found):
                return "province"
            if any(u.type_word == "thành phố" for u in found):
                return "district"
        return None
    return LEVEL_OF_TYPE.get(t)


@lru_cache(maxsize=1)
def place_name_first_syllables() -> frozenset[str]:
    """First syllables of all unit names: a cheap test before a gazetteer look-up."""
    return frozenset(k.split()[0] for k in _index())


# --- provinces and the 2025 mergers ----------------------------------------------

@dataclass(frozen=True)
class Province:
    """A province or centrally-run city, with its official code in one structure.

    Codes are only unique within a structure (`24` is Bắc Giang before July 2025 and
    the merged Bắc Ninh after), so a code always goes with its era.
    """

    name: str   # short name as the package spells it: "Nam Định", "Huế", "Hồ Chí Minh"
    code: str   # official two-digit code in its structure: "36"
    era: str    # "legacy" (63 provinces, before 1 July 2025) or "2025" (34 provinces)


def fold_province(name: str) -> str:
    """A province name folded for comparison: no case, diacritics, spaces, hyphens or dots
    (`Thừa Thiên - Huế` -> `thuathienhue`), as the package's own keywords are written."""
    text = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text.lower() if c.isascii() and c.isalnum())


@lru_cache(maxsize=1)
def _provinces() -> dict[str, dict[str, dict]]:
    """era -> the package's province key -> its record (`provinceShort`, `provinceCode`, ...)."""
    data = _package_data()
    return {era: json.loads(data.joinpath(file).read_text("utf-8"))["DICT_PROVINCE"]
            for era, file in (("legacy", "parser_legacy.json"), ("2025", "parser_from_2025.json"))}


def _province_of(record: dict, era: str) -> Province:
    return Province(record["provinceShort"], record["provinceCode"], era)


@lru_cache(maxsize=1)
def _province_by_folded_name() -> dict[str, Province]:
    """Every way of naming a province, folded -> the province before July 2025.

    Each of the 34 provinces since 2025 bears the name of one before it, which it
    contains, so a name is read in the structure before 2025: `Bắc Ninh` is the
    old Bắc Ninh (code 27), whose province since 2025 is the merged Bắc Ninh (24).
    """
    by_name: dict[str, Province] = {}
    by_short: dict[str, Province] = {}
    for record in _provinces()["legacy"].values():
        found = by_short[record["provinceShort"]] = _province_of(record, "legacy")
        for alias in (record["provinceShort"], record["province"], *record["provinceKeywords"]):
            by_name.setdefault(fold_province(alias), found)
    for alias, short in data_table("province_aliases.tsv"):
        by_name.setdefault(fold_province(alias), by_short[short])
    return by_name


def province(name: str) -> Province | None:
    """The province (before July 2025) named `name`: a short name (`Nam Định`), a full one
    (`Tỉnh Nam Định`), an ASCII form, or an alias of `data/province_aliases.tsv`."""
    return _province_by_folded_name().get(fold_province(name))


@lru_cache(maxsize=1)
def _merged_into() -> dict[Province, Province]:
    """Each province before July 2025 -> the province (2025) it became part of, from the
    package's conversion table: every province was merged whole."""
    with open(_package_data() / "converter_2025.json", encoding="utf-8") as fh:
        table = json.load(fh)["DICT_PROVINCE"]
    legacy, current = _provinces()["legacy"], _provinces()["2025"]
    return {_province_of(legacy[old], "legacy"): _province_of(current[new], "2025")
            for new, olds in table.items() for old in olds}


def province_now(old: Province) -> Province:
    """The province since July 2025 that `old` (a province before the mergers) is part of."""
    return old if old.era == "2025" else _merged_into()[old]


@lru_cache(maxsize=None)
def merged_parts(now: Province) -> tuple[Province, ...]:
    """The provinces before July 2025 that make up `now` (a province since the mergers),
    in code order: `Ninh Bình` (2025) is Hà Nam, Nam Định and Ninh Bình; Huế is Huế alone."""
    if now.era != "2025":
        raise ValueError(f"{now} is a province before the 2025 mergers; give one since")
    return tuple(sorted((old for old, new in _merged_into().items() if new == now), key=lambda p: p.code))


@lru_cache(maxsize=1)
def province_names() -> tuple[str, ...]:
    """Every short name (in either structure) and alias of a province as it may be written
    (not folded), longest first, so that an alternation of them prefers the longest."""
    names = {record["provinceShort"] for era in _provinces().values() for record in era.values()}
    names.update(alias for alias, _ in data_table("province_aliases.tsv"))
    return tuple(sorted(names, key=lambda n: (-len(n), n)))
