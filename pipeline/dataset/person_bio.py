"""A person's biography, from the biographies of the official facts linked to them.

Each field takes one value, keeps every source (the field's evidence span in its
article) and lists the sources that disagree as a conflict:

* birth year: a stated year over a year from an age (the published year minus the age,
  so one too high when the birthday had not yet come); among stated years the one most
  sources give; among years from ages the lowest. `birth_year_approx` when no source
  states the year. A year from an age within one of a stated year, or of another
  such year, agrees with it; any other difference is a conflict (the linker joins
  years at most `link.BIRTH_YEAR_GAP` apart only on other evidence, such as one post).
* hometown: the most complete form as written. Its province before July 2025 is the
  one the sources settle (`locality`: `quê Ninh Bình` written after the mergers may be
  Nam Định or Hà Nam; `quê Nam Định (cũ)` settles it), the one most settled sources
  give; null when none settles it, the province since 2025 being then the only one
  known. Provinces that cannot be one are a conflict.
* ethnicity: the value most sources give.
* Party rank: the rank of the latest article (the most senior on one date), since a
  rank changes over a career; an earlier different rank is listed as a conflict.

Entry points: `person_bio(facts) -> PersonBio | None`, `person_home(facts) -> Place | None`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import get_args

from pipeline.dataset.facts import Official
from pipeline.dataset.locality import Place
from schemas.records import PartyRank

# (value, (doc_id, span)) per source, as `tables._conflict` takes them
Pairs = list[tuple[str | None, tuple[str, tuple[int, int]]]]
_RANK_ORDER = {rank: n for n, rank in enumerate(get_args(PartyRank))}  # most senior first


@dataclass
class PersonBio:
    values: dict[str, object]                      # the people row's biography fields
    sources: list[dict] = field(default_factory=list)  # {field, value, doc_id, span}, sorted
    conflicts: list[tuple[str, Pairs]] = field(default_factory=list)
    home: Place | None = None                      # for the moves' non-local flag


def _year_text(year: int, approx: bool) -> str:
    return f"~{year}" if approx else str(year)


def person_bio(facts: list[Official]) -> PersonBio | None:
    """The biography of the person these facts are about; None when none states one."""
    with_bio = [f for f in facts if f.bio is not None]
    if not with_bio:
        return None
    bio = PersonBio({})
    for f in sorted(with_bio, key=lambda f: f.source):
        for name, start, end in f.bio.evidence:
            span = (start, end)
            value = f.bio.fields.get(name)
            if name == "birth_year" and value is not None:
                value = _year_text(int(value), bool(f.bio.fields.get("birth_year_approx")))
            bio.sources.append({"field": name, "value": None if value is None else str(value),
                                "doc_id": f.doc_id, "span": [span[0], span[1]]})
    _birth_year(with_bio, bio)
    _hometown(with_bio, bio)
    _ethnicity(with_bio, bio)
    _party_rank(with_bio, bio)
    return bio


def _where(f: Official, name: str) -> tuple[str, tuple[int, int]]:
    """A fact's source for one field: the field's evidence span, else the name's."""
    return f.doc_id, f.bio.span(name) or f.span


def _birth_year(facts: list[Official], bio: PersonBio) -> None:
    given = [(int(f.bio.fields["birth_year"]), bool(f.bio.fields.get("birth_year_approx")), f)
             for f in facts if f.bio.fields.get("birth_year")]
    if not given:
        return
    stated = Counter(y for y, approx, _ in given if not approx)
    if stated:
        year, approx = min(stated, key=lambda y: (-stated[y], y)), False
    else:
        year, approx = min(y for y, _, _ in given), True
    bio.values.update(birth_year=year, birth_year_approx=approx)

    def agree(a: tuple[int, bool], b: tuple[int, bool]) -> bool:
        return a[0] == b[0] or ((a[1] or b[1]) and abs(a[0] - b[0]) <= 1)

    values = [(y, a) for y, a, _ in given]
    if any(not agree(a, b) for a in values for b in values):
        bio.conflicts.append(("birth_year", [(_year_text(y, a), _where(f, "birth_year")) for y, a, f in given]))


def _hometown(facts: list[Official], bio: PersonBio) -> None:
    texts = [f.bio.fields["hometown"] for f in facts if f.bio.fields.get("hometown")]
    if texts:
        counts = Counter(texts)
        bio.values["hometown"] = min(counts, key=lambda t: (-len(t), -counts[t], t))
    homes = [(f.bio.home, f) for f in facts if f.bio.home is not None]
    if not homes:
        return
    home = _home([p for p, _ in homes])
    if len(home.legacy) == 1:
        bio.values.update(hometown_province=home.legacy[0].name, hometown_province_code=home.legacy[0].code)
    bio.values.update(hometown_province_now=home.now.name, hometown_province_now_code=home.now.code)
    bio.home = home
    if any(not a.may_be(b) for a, _ in homes for b, _ in homes):
        bio.conflicts.append(("hometown_province", [("/".join(p.name for p in place.legacy), _where(f, "hometown"))
                                                    for place, f in homes]))


def _home(places: list[Place]) -> Place:
    """The home province of several sources: the old province most settling sources give,
    else the province since 2025 most sources give (its old one unsettled)."""
    settled = Counter(p.legacy[0] for p in places if len(p.legacy) == 1)
    if settled:
        old = min(settled, key=lambda p: (-settled[p], p.code))
        return next(p for p in places if p.legacy == (old,))
    nows = Counter(p.now for p in places)
    now = min(nows, key=lambda p: (-nows[p], p.code))
    return next(p for p in places if p.now == now)


def person_home(facts: list[Official]) -> Place | None:
    """The person's home province as `person_bio` chooses it, without the rest (for moves)."""
    places = [f.bio.home for f in facts if f.bio is not None and f.bio.home is not None]
    return _home(places) if places else None


def _ethnicity(facts: list[Official], bio: PersonBio) -> None:
    given = [(f.bio.fields["ethnicity"], _where(f, "ethnicity")) for f in facts if f.bio.fields.get("ethnicity")]
    if not given:
        return
    counts = Counter(v for v, _ in given)
    bio.values["ethnicity"] = min(counts, key=lambda v: (-counts[v], v))
    if len(counts) > 1:
        bio.conflicts.append(("ethnicity", given))


def _party_rank(facts: list[Official], bio: PersonBio) -> None:
    given = [(f.bio.fields["party_rank"], f) for f in facts if f.bio.fields.get("party_rank")]
    if not given:
        return
    latest = max(f.published or "" for _, f in given)
    bio.values["party_rank"] = min((r for r, f in given if (f.published or "") == latest),
                                   key=lambda r: _RANK_ORDER.get(r, len(_RANK_ORDER)))
    if len({r for r, _ in given}) > 1:
        bio.conflicts.append(("party_rank", [(r, _where(f, "party_rank")) for r, f in given]))
