"""Local or not: a move's destination province and the person's home province, compared in
the administrative structure in force at the move's date.

Vietnam had 63 provinces until 30 June 2025 and 34 since 1 July 2025, each new province
being several old ones merged whole (`extractors.gazetteer`: `province`, `province_now`,
`merged_parts`). A woman from Hậu Giang posted to Cần Thơ in 2016 was posted outside her
home province, though both are Cần Thơ since 2025; so the two provinces are compared in
the structure of the move's date (`era_at`).

A province as the sources give it is a `Place`: the province since July 2025, and the
provinces before it that it may have been. Usually one: `xã X, huyện Y, tỉnh Nam Định`
is Nam Định. But each new province bears the name of one old one, so `quê tỉnh Ninh
Bình` written after the mergers may mean the old Hà Nam, Nam Định or Ninh Bình: unless
the hometown names a district or an old name (`hometown_old_structure.txt`) or the
article appeared before July 2025, such a home is all three before July 2025
(`home_place`). A post resolved in the new structure is read the same way
(`destination_place`).

`compare(home, destination, era)` is then True (posted outside the home province) when
the two can share no province in that structure, False when both are one and the same,
None when the sources cannot say.

Entry points: `era_at`, `Place`, `home_place`, `destination_place`, `compare`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from extractors.gazetteer import Province, merged_parts, province, province_now

ERA_2025_FROM = "2025-07-01"  # the 34 provinces, from this day


def era_at(date: str | None) -> str | None:
    """'legacy' (the 63 provinces) or '2025' (the 34) for a YYYY, YYYY-MM or YYYY-MM-DD
    date; None when there is no date, or it does not say which side of 1 July 2025 it is
    (`2025` alone)."""
    if not date:
        return None
    start, end = date, date  # the first and last day the date may mean, as comparable strings
    if len(date) == 4:
        start, end = f"{date}-01-01", f"{date}-12-31"
    elif len(date) == 7:
        start, end = f"{date}-01", f"{date}-31"
    if end < ERA_2025_FROM:
        return "legacy"
    if start >= ERA_2025_FROM:
        return "2025"
    return None


@dataclass(frozen=True)
class Place:
    """A province as far as the sources settle it: the province since July 2025 (`now`),
    and the provinces before it that it may have been (`legacy`: one when settled)."""

    now: Province
    legacy: tuple[Province, ...]

    def at(self, era: str | None) -> Province | None:
        """The province in that structure, or None when the sources do not settle it."""
        if era == "2025":
            return self.now
        if era == "legacy" and len(self.legacy) == 1:
            return self.legacy[0]
        return None

    def may_be(self, other: "Place") -> bool:
        """Whether the two may be one province (the test the linker refuses a merge on)."""
        return bool(set(self.legacy) & set(other.legacy))


@lru_cache(maxsize=None)
def _place(name: str, settled: bool) -> Place | None:
    """The province named `name` (read as before July 2025); unless `settled`, a name its
    merged successor bears stands for every province merged into it."""
    old = province(name)
    if old is None:
        return None
    now = province_now(old)
    if settled or old.name != now.name:  # an old name that is no province's since: settled
        return Place(now, (old,))
    return Place(now, merged_parts(now))


@lru_cache(maxsize=1)
def _old_structure_re() -> re.Pattern:
    text = resources.files("pipeline").joinpath("data", "dataset", "hometown_old_structure.txt").read_text("utf-8")
    words = sorted((w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.IGNORECASE)


def home_place(province_name: str | None, hometown: str | None, published: str | None) -> Place | None:
    """The home province an official record gives (`hometown_province`, read from
    `hometown` as written in an article published on `published`)."""
    if not province_name:
        return None
    settled = era_at(published) == "legacy" or bool(hometown and _old_structure_re().search(hometown))
    return _place(province_name, settled)


def destination_place(province_name: str | None, unit_era: str | None) -> Place | None:
    """The province of a post (`ResolvedPost.province`), its unit matched in the structure
    `unit_era` ('legacy', '2025', or None when the post names no unit of its own)."""
    if not province_name:
        return None
    return _place(province_name, unit_era != "2025")


def compare(home: Place | None, destination: Place | None, era: str | None) -> bool | None:
    """True when the destination is outside the home province in the structure `era`,
    False when it is the home province, None when unknown. With no era, the answer of
    both structures when they agree (a different province since 2025 was a different
    one before; the same one before is the same since)."""
    if home is None or destination is None:
        return None
    if era == "2025":
        return home.now != destination.now
    if era == "legacy" or home.now != destination.now:
        if not home.may_be(destination):
            return True
    if len(home.legacy) == 1 and home.legacy == destination.legacy:
        return False
    return None
