"""The dataset's tables, built from the compact facts of every article and the linker's groups.

One function per table, each returning its rows (models of `schemas/dataset.py`)
in the table's stable order. Ids are hashes of the content that identifies a
row (its linking keys and first source), never counters, so adding articles
leaves the ids of unaffected rows as they were. Values chosen among several
sources follow one rule everywhere: the most complete form (the longest text, the
most precise date), ties broken by the most sources, then by sort order; where
sources disagree, a `conflicts` entry lists each value with its sources.

Entry point: `build_tables(articles) -> dict[table, list[row]]`.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources
from typing import Iterable

from pipeline.dataset.facts import ArticleFacts, Citation, Count, Official
from pipeline.dataset.link import Linked, group_moves, link_people, same_post
from pipeline.dataset.resolve_dates import sort_key
from pipeline.dataset.resolve_posts import ResolvedParts, expand
from schemas.dataset import (
    ArticleRow, Conflict, ConflictValue, CountRow, DocumentRow, MoveRow, PersonPost, PersonRow,
    ResolvedPost, Source, UncertainLinkRow,
)

LEVEL_RANK = {"central": 0, "province": 1, "district": 2, "commune": 3}


def stable_id(prefix: str, *parts: object) -> str:
    """A short id from the content that identifies a row: the same content, the same id."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:12]}"


def _source(doc_id: str, span: tuple[int, int]) -> Source:
    return Source(doc_id=doc_id, span=span)


def _sources(items: Iterable) -> list[Source]:
    return [_source(d, s) for d, s in sorted({(x.doc_id, tuple(x.span)) for x in items})]


def direction_of(from_level: str | None, to_level: str | None) -> str | None:
    """down (towards the grassroots), up, or lateral; None when a level is unknown."""
    if from_level not in LEVEL_RANK or to_level not in LEVEL_RANK:
        return None
    a, b = LEVEL_RANK[from_level], LEVEL_RANK[to_level]
    return "down" if b > a else "up" if b < a else "lateral"


def _most_complete(values: list[str]) -> str | None:
    """The longest value, then the most frequent, then the first in sort order."""
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts, key=lambda v: (-len(v), -counts[v], v))


def _conflict(field: str, pairs: list[tuple[str | None, Source]]) -> Conflict:
    by_value: dict[str | None, list[Source]] = defaultdict(list)
    for value, source in pairs:
        by_value[value].append(source)
    values = sorted(by_value.items(), key=lambda kv: (-len(kv[1]), kv[0] or ""))
    return Conflict(field=field, values=[ConflictValue(value=v, sources=sorted(s, key=lambda x: (x.doc_id, x.span)))
                                         for v, s in values])


# ---- people and moves -----------------------------------------------------------------------------

def _post_groups(reported: list[tuple[ResolvedParts, Source]]) -> list[list[tuple[ResolvedParts, Source]]]:
    """One move's reports of a post grouped into what may be one post (`link.same_post`):
    more than one group means the sources disagree. A move has few sources."""
    groups: list[list[tuple[ResolvedParts, Source]]] = []
    for parts, source in sorted(reported, key=lambda ps: (ps[1].doc_id, ps[1].span)):
        for members in groups:
            if any(same_post(parts, other) for other, _ in members):
                members.append((parts, source))
                break
        else:
            groups.append([(parts, source)])
    return groups


def _resolved_of(chosen: str | None, options: list[ResolvedParts]) -> ResolvedPost | None:
    """The main part of the chosen post text, as resolved in one of its sources."""
    for parts in options:
        if parts.text == chosen:
            return parts.main
    return None


def _move_row(person_id: str, name: str, facts: list[Official]) -> MoveRow:
    sources = [_source(f.doc_id, f.span) for f in facts]
    to_texts = [f.to_post.text for f in facts if f.to_post]
    from_texts = [f.from_post.text for f in facts if f.from_post]
    to_post, from_post = _most_complete(to_texts), _most_complete(from_texts)
    to_resolved = _resolved_of(to_post, [f.to_post for f in facts if f.to_post])
    from_resolved = _resolved_of(from_post, [f.from_post for f in facts if f.from_post])
    to_level = _level(to_resolved, [f.to_post for f in facts if f.to_post])
    from_level = _level(from_resolved, [f.from_post for f in facts if f.from_post])
    dated = [f for f in facts if f.date and f.date.value]
    # the most precise date; then one whose year is written over one inferred; then the most sources
    best = min(dated, key=lambda f: (-len(f.date.value), f.date.year_from_published,
                                     -sum(g.date.value == f.date.value for g in dated), f.date.value, f.source)) if dated else None
    conflicts = []
    for field, getter in (("to_post", lambda f: f.to_post), ("from_post", lambda f: f.from_post)):
        reported = [(getter(f), _source(f.doc_id, f.span)) for f in facts if getter(f)]
        groups = _post_groups(reported)
        if len(groups) > 1:
            conflicts.append(_conflict(field, [(_most_complete([p.text for p, _ in g]), s) for g in groups for _, s in g]))
    values = {f.date.value for f in dated}
    if any(not (a.startswith(b) or b.startswith(a)) for a in values for b in values):
        conflicts.append(_conflict("date", [(f.date.value, _source(f.doc_id, f.span)) for f in dated]))
    deciders = [(f.decided_by, _source(f.doc_id, f.span)) for f in facts if f.decided_by]
    if len({expand(d) for d, _ in deciders}) > 1:
        conflicts.append(_conflict("decided_by", deciders))
    province = (to_resolved.province if to_resolved else None) or (from_resolved.province if from_resolved else None)
    first = min(f.source for f in facts)
    return MoveRow(
        move_id=stable_id("M", "move", facts[0].name_key, *first), person_id=person_id, name=name,
        from_post=from_post, to_post=to_post, from_resolved=from_resolved, to_resolved=to_resolved,
        from_level=from_level, to_level=to_level, direction=direction_of(from_level, to_level),
        date=best.date.value if best else None, date_precision=best.date.precision if best else None,
        date_as_written=best.date.as_written if best else None,
        date_filled_from=("sentence" if best.date_from_sentence else "published" if best.date.year_from_published else None) if best else None,
        decided_by=_most_complete([d for d, _ in deciders]), province=province,
        sources=sorted(sources, key=lambda s: (s.doc_id, s.span)), n_sources=len(sources),
        n_articles=len({f.doc_id for f in facts}), conflicts=conflicts)


def _level(chosen: ResolvedPost | None, options: list[ResolvedParts]) -> str | None:
    """The chosen form's level, else the level the other forms agree on."""
    if chosen and chosen.level:
        return chosen.level
    levels = {p.main.level for p in options if p.main and p.main.level}
    return levels.pop() if len(levels) == 1 else None


def _person_rows(officials: list[Official], linked: Linked) -> tuple[list[PersonRow], list[MoveRow]]:
    people, moves = [], []
    for members in linked.people:
        facts = [officials[i] for i in members]
        first = min(f.source for f in facts)
        person_id = stable_id("P", "person", facts[0].name_key, *first)
        names = Counter(f.name for f in facts)
        name = min(names, key=lambda n: (-names[n], n))
        move_rows = [_move_row(person_id, name, [officials[i] for i in group]) for group in group_moves(officials, members)]
        move_rows.sort(key=lambda m: (sort_key(m.date), m.move_id))
        moves.extend(move_rows)
        people.append(_person_row(person_id, name, facts, move_rows))
    return people, moves


def _held_posts(facts: list[Official]) -> list[PersonPost]:
    """The roles a person is seen in, one per post: parts grouped by key; a part without a
    key joins the one keyed post of the same title and organisation, else its like."""
    items = []  # (part, loose, source, when)
    for f in facts:
        when = f.date.value if (f.rotated and f.date and f.date.value) else f.published
        for parts in f.posts:
            items += [(part, loose, (f.doc_id, f.span), when) for part, loose in zip(parts.parts, parts.loose)]
    groups: dict[str, list] = defaultdict(list)
    keyed_loose: dict[str, set[str]] = defaultdict(set)
    for part, loose, _, _ in items:
        if part.key:
            keyed_loose[loose].add(part.key)
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
        text = _most_complete([m[0].text for m in members])
        chosen = min((m[0] for m in members), key=lambda p: (p.text != text, not p.key, p.key or ""))
        dates = sorted(m[3] for m in members if m[3])
        posts.append(PersonPost(post=text, key=chosen.key, province=chosen.province,
                                first_seen=dates[0] if dates else None, last_seen=dates[-1] if dates else None,
                                n_sources=len({m[2] for m in members})))
    return sorted(posts, key=lambda p: (sort_key(p.first_seen), p.post, p.key or ""))


def _person_row(person_id: str, name: str, facts: list[Official], moves: list[MoveRow]) -> PersonRow:
    posts = _held_posts(facts)
    bio, conflicts = {}, []
    for field in ("birth_year", "hometown_province", "ethnicity", "party_rank"):
        given = [(str(f.bio[field]), _source(f.doc_id, f.span)) for f in facts if field in f.bio]
        if not given:
            continue
        values = Counter(v for v, _ in given)
        value = min(values, key=lambda v: (-values[v], v))
        bio[field] = int(value) if field == "birth_year" else value
        if len(values) > 1:
            conflicts.append(_conflict(field, given))
    variants = sorted({f.name for f in facts} | {a for f in facts for a in f.aliases})
    return PersonRow(
        person_id=person_id, name=name, name_key=facts[0].name_key, name_variants=variants,
        provinces=sorted({p.province for p in posts if p.province}), posts=posts,
        move_ids=[m.move_id for m in moves], n_moves=len(moves), **bio,
        sources=_sources(facts), n_sources=len(facts), n_articles=len({f.doc_id for f in facts}), conflicts=conflicts)


def _uncertain_rows(linked: Linked, people: list[PersonRow]) -> list[UncertainLinkRow]:
    rows = {}
    for u in linked.uncertain:
        ids = sorted(people[i].person_id for i in u.people)
        link_id = stable_id("L", *ids)
        rows[link_id] = UncertainLinkRow(link_id=link_id, name=people[u.people[0]].name, person_ids=ids, reason=u.reason)
    return sorted(rows.values(), key=lambda r: (r.name, r.link_id))


# ---- documents ------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _central() -> tuple[frozenset[str], tuple[str, ...]]:
    """Issuer codes and issuer names of central bodies: their symbols are unique nationwide."""
    text = resources.files("pipeline").joinpath("data", "dataset", "central_issuers.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    codes = frozenset(r[1].strip().casefold() for r in rows if r[0] == "code")
    names = tuple(r[1].strip().casefold() for r in rows if r[0] == "name")
    return codes, names


@lru_cache(maxsize=1)
def _below_province() -> frozenset[str]:
    text = resources.files("pipeline").joinpath("data", "dataset", "central_issuers.tsv").read_text("utf-8")
    return frozenset(line.split("\t")[1].strip().casefold() for line in text.splitlines()
                     if line.startswith("below\t"))


def _is_central(c: Citation) -> bool:
    codes, names = _central()
    if c.issuer_code:
        return c.issuer_code.rstrip("0123456789").casefold() in codes
    return bool(c.issuer) and any(c.issuer.casefold().startswith(n) for n in names)


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
        if (c.issuer_code or "").rstrip("0123456789").casefold() not in _below_province():
            return f"{c.kind}|{symbol}|{c.province}", "local", c.province
        if c.district:
            return f"{c.kind}|{symbol}|{c.province}|{c.district}", "local", c.province
        if c.issued:
            return f"{c.kind}|{symbol}|{c.issued}|{c.province}", "local", c.province
    if c.issued and c.province:
        return f"{c.kind}|{c.number}|{c.issued}|{c.province}", "local", c.province
    return f"{c.kind}|{symbol or c.number}|{c.doc_id}|{c.ref}", "article", None


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
            target = with_symbol.get((c.kind, c.number.lstrip("0"), c.issued, scope, None if scope == "national" else c.province))
            if c.issued and target and len(target) == 1:
                groups[next(iter(target))].append(c)
                mentions.remove(c)
        if not mentions:
            del groups[key]


def _document_rows(citations: list[Citation]) -> list[DocumentRow]:
    by_ref: dict[tuple[str, str], list[Citation]] = defaultdict(list)
    for c in citations:  # an article's mentions of one document share its `ref`
        by_ref[(c.doc_id, c.ref or f"{c.span}")].append(c)
    groups: dict[tuple, list[Citation]] = defaultdict(list)
    for mentions in by_ref.values():
        best = min(mentions, key=lambda c: (not c.code, not c.issued, not c.issuer, c.span))
        groups[document_key(best)].extend(mentions)
    _join_symbol_less(groups)
    rows = []
    for (key, scope, province), mentions in groups.items():
        mentions.sort(key=lambda c: (c.doc_id, c.span))
        issued = Counter(c.issued for c in mentions if c.issued)
        issuers = Counter(c.issuer for c in mentions if c.issuer)
        conflicts = []
        if len(issued) > 1:
            conflicts.append(_conflict("issued", [(c.issued, _source(c.doc_id, c.span)) for c in mentions if c.issued]))
        if len({expand(i) for i in issuers}) > 1:
            conflicts.append(_conflict("issuer", [(c.issuer, _source(c.doc_id, c.span)) for c in mentions if c.issuer]))
        dates = sorted(c.published for c in mentions if c.published)
        rows.append(DocumentRow(
            document_id=stable_id("D", key), key=key, kind=mentions[0].kind,
            number=Counter(c.number for c in mentions).most_common(1)[0][0],
            code=_most_complete([c.code for c in mentions if c.code]),
            issued=min(issued, key=lambda d: (-issued[d], d)) if issued else None,
            issuer=min(issuers, key=lambda i: (-issuers[i], i)) if issuers else None,
            subject=_most_complete([c.subject for c in mentions if c.subject]),
            scope=scope, province=province, n_articles=len({c.doc_id for c in mentions}), n_mentions=len(mentions),
            first_cited=dates[0] if dates else None, last_cited=dates[-1] if dates else None,
            sources=_sources(mentions), conflicts=conflicts))
    return sorted(rows, key=lambda r: (-r.n_articles, r.key))


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


def _count_rows(articles: list[ArticleFacts]) -> list[CountRow]:
    groups: dict[str, list[Count]] = defaultdict(list)
    parents: dict[str, str | None] = {}
    for article in articles:
        keys: dict[int, str] = {}
        for c in article.counts:  # a total comes before its parts
            parent = keys.get(c.part_of) if c.part_of is not None else None
            key = _count_key(c, parent)
            keys[c.index] = key
            groups[key].append(c)
            parents[key] = parent
    rows = []
    for key, counts in groups.items():
        first = counts[0]
        u = first.unit_of_article
        actions = sorted({a for c in counts for a in c.actions})
        rows.append(CountRow(
            count_id=stable_id("C", key), value=first.value, unit=_most_complete([c.unit for c in counts if c.unit]),
            actions=actions, from_level=first.from_level, to_level=first.to_level, direction=first.direction,
            planned=first.planned, part_of=stable_id("C", parents[key]) if parents[key] else None,
            province=u.province, province_code=u.province_code, district=u.district, district_code=u.district_code,
            year=first.year, year_source=first.year_source, sources=_sources(counts), n_sources=len(counts),
            n_articles=len({c.doc_id for c in counts})))
    return sorted(rows, key=lambda r: (r.province or "~", r.year or 9999, r.part_of or "", -r.value, r.count_id))


# ---- articles and all -----------------------------------------------------------------------------

def _article_rows(articles: list[ArticleFacts]) -> list[ArticleRow]:
    return [ArticleRow(doc_id=a.doc_id, url=a.url, title=a.title, published=a.published,
                       published_source=a.published_source, unit=a.unit, n_citations=len(a.citations),
                       n_counts=len(a.counts), n_officials=len(a.officials),
                       n_moves=sum(o.rotated for o in a.officials), error=a.error, facts_sha256=a.sha256)
            for a in sorted(articles, key=lambda a: a.doc_id)]


def build_tables(articles: list[ArticleFacts]) -> dict[str, list]:
    """Every table's rows, in their stable order."""
    articles = sorted(articles, key=lambda a: a.doc_id)
    officials = [o for a in articles for o in a.officials]
    linked = link_people(officials)
    people, moves = _person_rows(officials, linked)
    uncertain = _uncertain_rows(linked, people)
    people.sort(key=lambda p: (p.name_key, p.person_id))
    moves.sort(key=lambda m: (m.name, m.person_id, sort_key(m.date), m.move_id))
    return {
        "moves": moves,
        "people": people,
        "documents": _document_rows([c for a in articles for c in a.citations]),
        "counts": _count_rows(articles),
        "articles": _article_rows(articles),
        "uncertain_links": uncertain,
    }
