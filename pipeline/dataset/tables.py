"""The dataset's tables, built from the compact facts of every article and the linker's groups.

`Tables(articles)` links people and moves, groups documents and counts, and
sorts every group; `rows(table)` then yields the table's rows in its stable
order, as JSON-ready dicts with the keys of the row model (`schemas/dataset.py`),
one at a time, so a large dataset is written without holding its rows
(`store.py` validates each against its model as it writes).

Ids are hashes of the content that identifies a row (its first source and linking
keys), never counters, so adding articles leaves the ids of unaffected rows as
they were. Values chosen among several sources follow one rule everywhere: the
most complete form (the longest text, the most precise date), ties broken by the
most sources, then by sort order; where sources disagree, a `conflicts` entry
lists each value with its sources.

Entry point: `Tables(articles).rows(name)`.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator

from pipeline.dataset.facts import ArticleFacts, Citation, Count, Official
from pipeline.dataset.link import Linked, group_moves, link_people, same_post
from pipeline.dataset.locality import Place, compare, destination_place, era_at
from pipeline.dataset.person_bio import PersonBio, person_bio, person_home
from pipeline.dataset.post_types import post_type
from pipeline.dataset.resolve_dates import sort_key
from pipeline.dataset.resolve_posts import ResolvedParts, expand

LEVEL_RANK = {"central": 0, "province": 1, "district": 2, "commune": 3}
BIO_FIELDS = ("birth_year", "birth_year_approx", "hometown", "hometown_province", "hometown_province_code",
              "hometown_province_now", "hometown_province_now_code", "ethnicity", "party_rank")


def stable_id(prefix: str, *parts: object) -> str:
    """A short id from the content that identifies a row: the same content, the same id."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:12]}"


def _source(doc_id: str, span: tuple[int, int]) -> dict:
    return {"doc_id": doc_id, "span": [span[0], span[1]]}


def _sources(items: Iterable) -> list[dict]:
    return [_source(d, s) for d, s in sorted({(x.doc_id, tuple(x.span)) for x in items})]


def direction_of(from_level: str | None, to_level: str | None) -> str | None:
    """down (towards the grassroots), up, or lateral; None when a level is unknown."""
    if from_level not in LEVEL_RANK or to_level not in LEVEL_RANK:
        return None
    a, b = LEVEL_RANK[from_level], LEVEL_RANK[to_level]
    return "down" if b > a else "up" if b < a else "lateral"


def _most_complete(values: Iterable[str | None]) -> str | None:
    """The longest value, then the most frequent, then the first in sort order."""
    given = [v for v in values if v]
    if not given or all(v == given[0] for v in given):  # most rows have one source, or agree
        return given[0] if given else None
    counts = Counter(given)
    return min(counts, key=lambda v: (-len(v), -counts[v], v))


def _most_common(values: Iterable[str | None]) -> str | None:
    """The most frequent value, then the first in sort order."""
    given = [v for v in values if v]
    if not given or all(v == given[0] for v in given):
        return given[0] if given else None
    counts = Counter(given)
    return min(counts, key=lambda v: (-counts[v], v))


def _conflict(field: str, pairs: list[tuple[str | None, tuple]]) -> dict:
    """Every value the sources give for `field`, with its sources, most sources first."""
    by_value: dict[str | None, list[tuple]] = defaultdict(list)
    for value, source in pairs:
        by_value[value].append(source)
    values = sorted(by_value.items(), key=lambda kv: (-len(kv[1]), kv[0] or ""))
    return {"field": field, "values": [{"value": v, "sources": [_source(d, s) for d, s in sorted(set(src))]}
                                       for v, src in values]}


# ---- people and moves -----------------------------------------------------------------------------

def _post_groups(reported: list[tuple[ResolvedParts, tuple]]) -> list[list[tuple[ResolvedParts, tuple]]]:
    """One move's reports of a post grouped into what may be one post (`link.same_post`):
    more than one group means the sources disagree. A move has few sources."""
    groups: list[list[tuple[ResolvedParts, tuple]]] = []
    for parts, source in sorted(reported, key=lambda ps: ps[1]):
        for members in groups:
            if any(same_post(parts, other) for other, _ in members):
                members.append((parts, source))
                break
        else:
            groups.append([(parts, source)])
    return groups


def _best_date(facts: list[Official]) -> Official | None:
    """The fact whose date the move takes: the most precise; a written year over an inferred
    one; then the date most sources give; then the earliest."""
    dated = [f for f in facts if f.date and f.date.value]
    if not dated:
        return None
    return min(dated, key=lambda f: (-len(f.date.value), f.date.year_from_published,
                                     -sum(g.date.value == f.date.value for g in dated), f.date.value, f.source))


def _chosen(options: list[ResolvedParts]) -> tuple[str | None, dict | None, str | None, ResolvedParts | None]:
    """(text, resolved main part as a row, level, the parts) of the most complete form of a post."""
    text = _most_complete(p.text for p in options)
    if text is None:
        return None, None, None, None
    parts = next(p for p in options if p.text == text)
    main = parts.main
    level = main.level if main else None
    if level is None:  # the other forms may agree on one
        levels = {p.main.level for p in options if p.main and p.main.level}
        level = levels.pop() if len(levels) == 1 else None
    return text, main.row() if main else None, level, parts


def _structure(date: str | None, published: list[str]) -> str | None:
    """The provinces in force for a move: at its date; when that does not say (no date, or
    `2025` alone), at the earliest published date of its articles, which a date of 2025
    must not contradict (a move reported before July happened before July)."""
    era = era_at(date)
    if era is None and published:
        first = min(published)
        if date is None or first.startswith(date):
            era = era_at(first)
        elif era_at(first) == "legacy":
            era = "legacy"
    return era


def _locality(to_resolved: dict | None, to_level: str | None, home, era: str | None) -> dict:
    """The moves row's non-local fields: the destination and home provinces in the
    structure `era`, and whether they differ (`locality.compare`)."""
    destination = None
    if to_resolved and to_level != "central" and to_resolved.get("province") \
            and (to_level is not None or to_resolved.get("province_filled_from") == "post"):
        unit = to_resolved.get("unit")
        destination = destination_place(to_resolved["province"], unit["era"] if unit else None)
    to_province, to_code = _in_structure(destination, era, to_resolved["province"] if destination else None)
    home_province, home_code = _in_structure(home, era, home.legacy[0].name if home and len(home.legacy) == 1 else None)
    return {"to_province": to_province, "to_province_code": to_code, "home_province": home_province,
            "home_province_code": home_code, "province_structure": era, "nonlocal": compare(home, destination, era)}


def _in_structure(place, era: str | None, as_read: str | None) -> tuple[str | None, str | None]:
    """(name, code) of a province in the structure `era`; with no era, the name as read
    and no code (codes are only unique within a structure)."""
    if place is None:
        return None, None
    found = place.at(era)
    if found is not None:
        return found.name, found.code
    return (as_read, None) if era is None else (None, None)


@dataclass
class _Move:
    move_id: str
    date: str | None
    facts: list[int]


@dataclass
class _Person:
    person_id: str
    name: str
    name_key: str
    facts: list[int]
    moves: list[_Move]


class Tables:
    """The groups behind every table, sorted; `rows(name)` yields a table's rows in order."""

    NAMES = ("moves", "people", "documents", "counts", "articles", "uncertain_links")

    def __init__(self, articles: list[ArticleFacts]):
        self.articles = sorted(articles, key=lambda a: a.doc_id)
        self.officials = [o for a in self.articles for o in a.officials]
        linked = link_people(self.officials)
        self.people = self._people(linked)
        self.uncertain = self._uncertain(linked)

    def rows(self, name: str) -> Iterator[dict]:
        return getattr(self, f"_{name}_rows")()

    # -- people and their moves

    def _people(self, linked: Linked) -> list[_Person]:
        people = []
        for members in linked.people:
            facts = [self.officials[i] for i in members]
            first = min(f.source for f in facts)
            name_key = facts[0].name_key
            moves = []
            for group in group_moves(self.officials, members):
                group_facts = [self.officials[i] for i in group]
                best = _best_date(group_facts)
                moves.append(_Move(stable_id("M", "move", name_key, *min(f.source for f in group_facts)),
                                   best.date.value if best else None, group))
            moves.sort(key=lambda m: (sort_key(m.date), m.move_id))
            people.append(_Person(stable_id("P", "person", name_key, *first), _most_common(f.name for f in facts),
                                  name_key, members, moves))
        self._person_order = sorted(range(len(people)), key=lambda n: (people[n].name_key, people[n].person_id))
        return people

    def _uncertain(self, linked: Linked) -> list[dict]:
        rows = {}
        for u in linked.uncertain:
            ids = sorted(self.people[i].person_id for i in u.people)
            link_id = stable_id("L", *ids)
            rows[link_id] = {"link_id": link_id, "name": self.people[u.people[0]].name, "person_ids": ids,
                             "reason": u.reason}
        return sorted(rows.values(), key=lambda r: (r["name"], r["link_id"]))

    def _moves_rows(self) -> Iterator[dict]:
        for n in self._person_order:
            person = self.people[n]
            home = person_home([self.officials[i] for i in person.facts]) if person.moves else None
            for move in person.moves:
                yield self._move_row(person, move, home)

    def _move_row(self, person: _Person, move: _Move, home: Place | None) -> dict:
        facts = [self.officials[i] for i in move.facts]
        to_post, to_resolved, to_level, to_parts = _chosen([f.to_post for f in facts if f.to_post])
        from_post, from_resolved, from_level, _ = _chosen([f.from_post for f in facts if f.from_post])
        best = _best_date(facts)
        conflicts = []
        for field in ("to_post", "from_post"):
            reported = [(getattr(f, field), f.source[:1] + (f.span,)) for f in facts if getattr(f, field)]
            groups = _post_groups(reported)
            if len(groups) > 1:
                conflicts.append(_conflict(field, [(_most_complete(p.text for p, _ in g), s) for g in groups for _, s in g]))
        values = {f.date.value for f in facts if f.date and f.date.value}
        if any(not (a.startswith(b) or b.startswith(a)) for a in values for b in values):
            conflicts.append(_conflict("date", [(f.date.value, (f.doc_id, f.span)) for f in facts if f.date and f.date.value]))
        deciders = [(f.decided_by, (f.doc_id, f.span)) for f in facts if f.decided_by]
        if len({expand(d) for d, _ in deciders}) > 1:
            conflicts.append(_conflict("decided_by", deciders))
        province = (to_resolved or {}).get("province") or (from_resolved or {}).get("province")
        return {
            "move_id": move.move_id, "person_id": person.person_id, "name": person.name,
            "from_post": from_post, "to_post": to_post, "from_resolved": from_resolved, "to_resolved": to_resolved,
            "from_level": from_level, "to_level": to_level, "direction": direction_of(from_level, to_level),
            "date": best.date.value if best else None, "date_precision": best.date.precision if best else None,
            "date_as_written": best.date.as_written if best else None,
            "date_filled_from": (("sentence" if best.date_from_sentence else "published" if best.date.year_from_published
                                  else None) if best else None),
            "decided_by": _most_complete(d for d, _ in deciders), "province": province,
            "to_post_type": post_type(to_parts),
            **_locality(to_resolved, to_level, home,
                        _structure(best.date.value if best else None, [f.published for f in facts if f.published])),
            "sources": _sources(facts), "n_sources": len(facts), "n_articles": len({f.doc_id for f in facts}),
            "conflicts": conflicts,
        }

    def _people_rows(self) -> Iterator[dict]:
        for n in self._person_order:
            person = self.people[n]
            facts = [self.officials[i] for i in person.facts]
            posts = _held_posts(facts)
            bio = person_bio(facts) or PersonBio({})
            yield {
                "person_id": person.person_id, "name": person.name, "name_key": person.name_key,
                "name_variants": sorted({f.name for f in facts} | {a for f in facts for a in f.aliases}),
                "provinces": sorted({p["province"] for p in posts if p["province"]}), "posts": posts,
                "move_ids": [m.move_id for m in person.moves], "n_moves": len(person.moves),
                **{field: bio.values.get(field, False if field == "birth_year_approx" else None) for field in BIO_FIELDS},
                "biography_sources": bio.sources,
                "sources": _sources(facts), "n_sources": len(facts), "n_articles": len({f.doc_id for f in facts}),
                "conflicts": [_conflict(field, pairs) for field, pairs in bio.conflicts],
            }

    def _uncertain_links_rows(self) -> Iterator[dict]:
        return iter(self.uncertain)

    # -- documents, counts, articles

    def _documents_rows(self) -> Iterator[dict]:
        groups = _document_groups([c for a in self.articles for c in a.citations])
        order = sorted(groups, key=lambda k: (-len({c.doc_id for c in groups[k]}), k[0]))
        for key in order:
            yield _document_row(key, groups[key])

    def _counts_rows(self) -> Iterator[dict]:
        groups, parents = _count_groups(self.articles)

        def order(count_id: str) -> tuple:
            first = groups[count_id][0]
            return (first.unit_of_article.province or "~", first.year or 9999, parents[count_id] or "",
                    -first.value, count_id)

        for count_id in sorted(groups, key=order):
            yield _count_row(count_id, groups[count_id], parents[count_id])

    def _articles_rows(self) -> Iterator[dict]:
        for a in self.articles:
            yield {"doc_id": a.doc_id, "url": a.url, "title": a.title, "published": a.published,
                   "published_source": a.published_source, "unit": a.unit.model_dump(), "n_citations": len(a.citations),
                   "n_counts": len(a.counts), "n_officials": len(a.officials),
                   "n_moves": sum(o.rotated for o in a.officials), "error": a.error, "facts_sha256": a.sha256}


def _held_posts(facts: list[Official]) -> list[dict]:
    """The roles a person is seen in, one per post: parts grouped by key; a part without a
    key joins the one keyed post of the same title and organisation, else its like."""
    items = []  # (part, loose, source, when, role: 0 left, 1 held, 2 taken)
    for f in facts:
        when = f.date.value if (f.rotated and f.date and f.date.value) else f.published
        for parts in f.posts:
            role = 0 if parts is f.from_post else 2 if parts is f.to_post else 1
            items += [(part, loose, (f.doc_id, f.span), when, role) for part, loose in zip(parts.parts, parts.loose)]
    keyed_loose: dict[str, set[str]] = defaultdict(set)
    for part, loose, *_ in items:
        if part.key:
            keyed_loose[loose].add(part.key)
    groups: dict[str, list] = defaultdict(list)
    for item in items:
        part, loose = item[0], item[1]
        if part.key:
            groups["K" + part.key].append(item)
        elif len(keyed_loose.get(loose, ())) == 1:
            groups["K" + next(iter(keyed_loose[loose]))].append(item)
        else:
            groups["L" + loose].append(item)
    posts = []
    for members in groups.values():
        text = _most_complete(m[0].text for m in members)
        chosen = min((m[0] for m in members), key=lambda p: (p.text != text, not p.key, p.key or ""))
        dates = sorted(m[3] for m in members if m[3])
        posts.append(({"post": text, "key": chosen.key, "province": chosen.province,
                       "first_seen": dates[0] if dates else None, "last_seen": dates[-1] if dates else None,
                       "n_sources": len({m[2] for m in members})}, min((sort_key(m[3]), m[4]) for m in members)))
    # in the order held: by first seen, and on one date the post left before the post taken
    posts.sort(key=lambda pr: (pr[1], pr[0]["post"], pr[0]["key"] or ""))
    return [p for p, _ in posts]


# ---- documents ------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _issuers() -> dict[str, frozenset[str] | tuple[str, ...]]:
    """Central issuer codes and names (symbols unique nationwide) and issuer codes below the
    province (symbols repeated from one district to the next): pipeline/data/dataset/central_issuers.tsv."""
    text = resources.files("pipeline").joinpath("data", "dataset", "central_issuers.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {"code": frozenset(r[1].strip().casefold() for r in rows if r[0] == "code"),
            "name": tuple(r[1].strip().casefold() for r in rows if r[0] == "name"),
            "below": frozenset(r[1].strip().casefold() for r in rows if r[0] == "below")}


def _issuer_code(c: Citation) -> str:
    return (c.issuer_code or "").rstrip("0123456789").casefold()


def _is_central(c: Citation) -> bool:
    if c.issuer_code:
        return _issuer_code(c) in _issuers()["code"]
    return bool(c.issuer) and any(c.issuer.casefold().startswith(n) for n in _issuers()["name"])


def document_key(c: Citation) -> tuple[str, str, str | None]:
    """(key, scope, province): central symbols nationwide, a province's within the article's
    province, a district's (HU, UBND, ...) within its district, and what is too vague for
    any of these within its article."""
    symbol = (c.code or "").replace(" ", "")
    if symbol and _is_central(c):
        return f"{c.kind}|{symbol}", "national", None
    if not symbol and _is_central(c) and c.issued:
        return f"{c.kind}|{c.number}|{c.issued}|{expand(c.issuer or '')}", "national", None
    if symbol and c.province:
        if _issuer_code(c) not in _issuers()["below"]:
            return f"{c.kind}|{symbol}|{c.province}", "local", c.province
        if c.district:
            return f"{c.kind}|{symbol}|{c.province}|{c.district}", "local", c.province
        if c.issued:
            return f"{c.kind}|{symbol}|{c.issued}|{c.province}", "local", c.province
    if c.issued and c.province:
        return f"{c.kind}|{c.number}|{c.issued}|{c.province}", "local", c.province
    return f"{c.kind}|{symbol or c.number}|{c.doc_id}|{c.ref}", "article", None


def _document_groups(citations: list[Citation]) -> dict[tuple, list[Citation]]:
    by_ref: dict[tuple[str, str], list[Citation]] = defaultdict(list)
    for c in citations:  # an article's mentions of one document share its `ref`
        by_ref[(c.doc_id, c.ref or f"{c.span}")].append(c)
    groups: dict[tuple, list[Citation]] = defaultdict(list)
    for mentions in by_ref.values():
        best = min(mentions, key=lambda c: (not c.code, not c.issued, not c.issuer, c.span))
        groups[document_key(best)].extend(mentions)
    _join_symbol_less(groups)
    return groups


def _join_symbol_less(groups: dict[tuple, list[Citation]]) -> None:
    """A mention without a symbol ('Quy định 98 ngày 7/10/2017 của Bộ Chính trị') joins the one
    document with a symbol of the same kind, number, issue date and reach, when exactly one fits."""
    with_symbol: dict[tuple, set[tuple]] = defaultdict(set)
    for key, mentions in groups.items():
        for c in mentions:
            if c.code and c.issued:
                with_symbol[(c.kind, c.number.lstrip("0"), c.issued, key[1], key[2])].add(key)
    for key in sorted(groups):
        mentions = groups[key]
        if any(c.code for c in mentions):
            continue
        for c in list(mentions):
            scope = "national" if _is_central(c) else "local"
            target = with_symbol.get((c.kind, c.number.lstrip("0"), c.issued, scope,
                                      None if scope == "national" else c.province))
            if c.issued and target and len(target) == 1:
                groups[next(iter(target))].append(c)
                mentions.remove(c)
        if not mentions:
            del groups[key]


def _document_row(key: tuple, mentions: list[Citation]) -> dict:
    text_key, scope, province = key
    mentions.sort(key=lambda c: (c.doc_id, c.span))
    conflicts = []
    issued = [(c.issued, (c.doc_id, c.span)) for c in mentions if c.issued]
    if len({v for v, _ in issued}) > 1:
        conflicts.append(_conflict("issued", issued))
    issuers = [(c.issuer, (c.doc_id, c.span)) for c in mentions if c.issuer]
    if len({expand(i) for i, _ in issuers}) > 1:
        conflicts.append(_conflict("issuer", issuers))
    dates = sorted(c.published for c in mentions if c.published)
    return {
        "document_id": stable_id("D", text_key), "key": text_key, "kind": mentions[0].kind,
        "number": _most_common(c.number for c in mentions) or mentions[0].number,
        "code": _most_complete(c.code for c in mentions), "issued": _most_common(v for v, _ in issued),
        "issuer": _most_common(i for i, _ in issuers), "subject": _most_complete(c.subject for c in mentions),
        "scope": scope, "province": province, "n_articles": len({c.doc_id for c in mentions}),
        "n_mentions": len(mentions), "first_cited": dates[0] if dates else None,
        "last_cited": dates[-1] if dates else None, "sources": _sources(mentions), "conflicts": conflicts,
    }


# ---- counts ---------------------------------------------------------------------------------------

def _count_key(c: Count, parent_key: str | None) -> str:
    """Restatements of one count: the same value, levels, direction, unit, place and year.
    Without a province and a year a count cannot be matched across articles: it is its article's."""
    u = c.unit_of_article
    if u.province and c.year is not None:
        where = f"{u.province}|{u.district or ''}|{c.year}"
    else:
        where = f"{c.doc_id}|{c.span[0]}"
    return "|".join(map(str, (c.value, c.from_level, c.to_level, c.direction, c.planned,
                              expand(c.unit or ""), where, parent_key or "")))


def _count_groups(articles: list[ArticleFacts]) -> tuple[dict[str, list[Count]], dict[str, str | None]]:
    """The counts grouped by id (the hash of their key), and the id of each group's total.
    Only the ids are kept: a part's key holds its total's, and a large archive has
    hundreds of thousands of them."""
    groups: dict[str, list[Count]] = defaultdict(list)
    parents: dict[str, str | None] = {}
    for article in articles:
        keys: dict[int, tuple[str, str]] = {}  # the article's counts: index -> (key, id)
        for c in article.counts:  # a total comes before its parts
            parent = keys.get(c.part_of) if c.part_of is not None else None
            key = _count_key(c, parent[0] if parent else None)
            count_id = stable_id("C", key)
            keys[c.index] = (key, count_id)
            groups[count_id].append(c)
            parents[count_id] = parent[1] if parent else None
    return groups, parents


def _count_row(count_id: str, counts: list[Count], parent_id: str | None) -> dict:
    first = counts[0]
    u = first.unit_of_article
    return {
        "count_id": count_id, "value": first.value, "unit": _most_complete(c.unit for c in counts),
        "actions": sorted({a for c in counts for a in c.actions}), "from_level": first.from_level,
        "to_level": first.to_level, "direction": first.direction, "planned": first.planned,
        "part_of": parent_id, "province": u.province, "province_code": u.province_code,
        "district": u.district, "district_code": u.district_code, "year": first.year, "year_source": first.year_source,
        "sources": _sources(counts), "n_sources": len(counts), "n_articles": len({c.doc_id for c in counts}),
    }
