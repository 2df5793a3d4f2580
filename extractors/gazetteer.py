"""Vietnamese administrative units, from the maintained `vietnamadminunits` package.

Both structures are loaded: the three-level one before 2025 (province, district,
commune) and the two-level one since July 2025 (province, commune; no districts).
Extractors ask two questions of it:

* what level is a unit with this name and type word (`thành phố Hà Tĩnh` is a
  city under a province, so district level; `thành phố Cần Thơ` is a province);
* does this run of capitalised syllables name a place (`Tây Hồ`, `Pa Tần`), so a
  person's name that follows starts after it.

Entry points: `units(name)`, `is_place_name(name)`, `level_of(type_word, name)`,
`province_names()`, `all_units()`.
"""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEVEL_OF_TYPE = {
    "tỉnh": "province", "thành phố trung ương": "province",
    "quận": "district", "huyện": "district", "thị xã": "district", "thành phố": "district",
    "xã": "commune", "phường": "commune", "thị trấn": "commune", "đặc khu": "commune",
}


@dataclass(frozen=True)
class Unit:
    name: str        # short name as the package spells it: "Hà Tĩnh"
    type_word: str   # "tỉnh", "thành phố trung ương", "thành phố", "quận", "huyện", "xã", ...
    level: str       # "province", "district", "commune"
    era: str         # "legacy" (before July 2025) or "2025"
    province: str    # short name of the province it belongs to
    code: str = ""   # the official code (GSO): province "42", district "436", commune "18325"
    district: str = ""  # a legacy commune's district (short name); "" for the rest


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _type_word(full: str, short: str, fallback: str) -> str:
    prefix = full[: len(full) - len(short)].strip().lower() if full.endswith(short) else ""
    return prefix or fallback.lower()


def _ward_type(ward: dict) -> str:
    """The package leaves some types empty (NaN); the full name's first word tells."""
    t = ward.get("wardType")
    if isinstance(t, str) and t:
        return t.lower()
    full = str(ward.get("ward") or "").lower()
    return next((w for w in ("thị trấn", "phường", "đặc khu", "xã") if full.startswith(w)), "xã")


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[Unit, ...]]:
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


def level_of(type_word: str, name: str | None = None) -> str | None:
    """The level of a unit named with `type_word` (`huyện`, `thành phố`, `TP`) and `name`.

    `thành phố` alone is ambiguous: a centrally-run city is province level, a
    city under a province is district level. With a name, the gazetteer decides.
    """
    t = type_word.lower().strip().rstrip(".")
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


@lru_cache(maxsize=1)
def province_names() -> tuple[str, ...]:
    """Short names of the provinces and centrally-run cities, in either structure, longest first."""
    names = {u.name for found in _index().values() for u in found if u.level == "province"}
    return tuple(sorted(names, key=lambda n: (-len(n), n)))
