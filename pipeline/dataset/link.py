"""Linking: official facts into people, and a person's reported moves into real-world moves.

The rules (docs/DATASET.md says why):

* Blocking: only facts with the same normalised name (`facts.name_key`) are ever
  compared; within a block, facts are joined through shared keys (hash look-ups),
  not compared pair by pair, so the work grows with the number of facts.
* Same person: the same name and a shared post key (`resolve_posts`: title,
  organisation, unit code; a chain from_post -> to_post is a shared key too, since
  both posts are among the facts' keys), or the same birth year and home province
  when the records carry them (a year from an age, which may be one too high, is
  either of its two years; the home province is compared as it is since 2025, and
  the contradiction test below keeps two provinces merged in 2025 apart). Then a
  fuzzy pass (rapidfuzz's normalised Levenshtein ratio >= `ORG_SIMILARITY`) joins
  facts whose post has the same title and unit and an organisation spelled slightly
  differently. A name alone never links; a post key without a unit (`Bí thư Đảng ủy
  xã` in an article about no known commune) is no key.
* Co-named: two articles that name at least `CO_NAMED_MIN` of the same people (full
  names of three syllables or more, each in at most `MAX_ARTICLES_PER_NAME`
  articles, the articles in one province or either without one) tell of one event
  or one team, so a name they share is one person (`Thứ trưởng` with no ministry in
  two reports of one decision). The pairs of articles are counted per name, so the
  work grows with the facts, not with the square of the articles.
* A link that would join facts whose birth years lie more than `BIRTH_YEAR_GAP`
  apart, or whose home provinces cannot be one (`locality.Place.may_be`: `quê Ninh
  Bình` written after the 2025 mergers may be Nam Định), is refused and reported
  (`uncertain_links`), as are people of one name and one province that no evidence
  joined. Years closer than that are a misprint more often than two people holding
  one post: the people table lists them as a conflict.
* Same move (within one person): a shared post moved to (its key, or its title and
  organisation when the unit is unknown), or a shared post moved from with a
  known unit or two dates and posts taken in one unit, and dates that may name one event
  (`resolve_dates.compatible`). Unions are checked cluster-wide, so two facts
  can never be joined through a third when their own dates disagree.

Everything is visited in sorted order: the same facts give the same people and
moves whatever order they came in.

Entry points: `link_people(officials) -> Linked`, `group_moves(officials, members)`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from rapidfuzz import fuzz, process

from pipeline.dataset.facts import Official
from pipeline.dataset.resolve_dates import compatible

ORG_SIMILARITY = 92  # rapidfuzz fuzz.ratio (0-100) for two spellings of one organisation
MAX_FUZZY_GROUP = 200  # organisations compared at once within one title and unit of one name
MIN_PREFIX_WORDS = 4  # an organisation cut short still names its body after this many words
BIRTH_YEAR_GAP = 2  # birth years further apart are two people, whatever else they share
CO_NAMED_MIN = 3  # two articles naming this many of the same people report one event or team
MAX_ARTICLES_PER_NAME = 50  # a name in more articles is too common (or too famous) to tie two

# When two values of a field may belong to one person.
_AGREE = {
    "birth year": lambda a, b: abs(a - b) <= BIRTH_YEAR_GAP,
    "home province": lambda a, b: a.may_be(b),
}


class _Clusters:
    """Union-find over fact indices; each root carries the values that must agree."""

    def __init__(self, members: list[int], values: dict[int, dict[str, set]]):
        self.parent = {m: m for m in members}
        self.values = values

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def clash(self, i: int, j: int) -> str | None:
        """The field on which the two clusters disagree (a value of one that cannot go with
        a value of the other, `_AGREE`), or None."""
        a, b = self.values.get(self.find(i), {}), self.values.get(self.find(j), {})
        for name in sorted(set(a) & set(b)):
            if any(not _AGREE[name](x, y) for x in a[name] for y in b[name]):
                return name
        return None

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return
        keep, drop = min(ri, rj), max(ri, rj)  # the smaller index stays the root: order-free
        self.parent[drop] = keep
        for name, vals in self.values.pop(drop, {}).items():
            self.values.setdefault(keep, {}).setdefault(name, set()).update(vals)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for m in sorted(self.parent):
            out[self.find(m)].append(m)
        return sorted(out.values())


@dataclass
class Uncertain:
    name_key: str
    people: list[int]  # indices into Linked.people
    reason: str


@dataclass
class Linked:
    people: list[list[int]] = field(default_factory=list)      # each: indices of its official facts
    uncertain: list[Uncertain] = field(default_factory=list)


def link_people(officials: list[Official]) -> Linked:
    """People from official facts: blocks of one name key, joined through shared keys."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, official in enumerate(officials):
        blocks[official.name_key].append(i)
    linked = Linked()
    co_named = co_named_articles(officials)
    for key in sorted(blocks):
        members = sorted(blocks[key], key=lambda i: officials[i].source)
        _link_block(key, members, officials, linked, co_named)
    return linked


def co_named_articles(officials: list[Official]) -> dict[str, set[str]]:
    """doc_id -> the articles that name at least CO_NAMED_MIN of the same people with it.

    Only full names of three syllables or more count, each only when at most
    MAX_ARTICLES_PER_NAME articles name it (a common or famous name ties nothing), and
    only articles whose provinces agree (the same, or either unknown): two reports of one
    provincial decision, not two provinces' officials who happen to share three names.
    """
    docs_by_name: dict[str, set[str]] = defaultdict(set)
    province_of: dict[str, str | None] = {}
    for official in officials:
        province_of.setdefault(official.doc_id, official.province)
        if len(official.name_key.split()) >= 3:
            docs_by_name[official.name_key].add(official.doc_id)
    names_of: dict[str, list[frozenset[str]]] = defaultdict(list)  # doc -> its names' articles
    for name in sorted(docs_by_name):
        docs = frozenset(docs_by_name[name])
        if 1 < len(docs) <= MAX_ARTICLES_PER_NAME:
            for doc in docs:
                names_of[doc].append(docs)
    co_named: dict[str, set[str]] = defaultdict(set)
    for doc in sorted(names_of):  # one article at a time: memory for its own pairs only
        if len(names_of[doc]) < CO_NAMED_MIN:
            continue
        shared = Counter(other for docs in names_of[doc] for other in docs if other > doc)
        for other, n in shared.items():
            pa, pb = province_of[doc], province_of[other]
            if n >= CO_NAMED_MIN and (pa is None or pb is None or pa == pb):
                co_named[doc].add(other)
                co_named[other].add(doc)
    return co_named


def _bio_values(official: Official) -> dict[str, set]:
    """The values a merge must agree on (`_AGREE`)."""
    bio = official.bio
    if bio is None:
        return {}
    values = {}
    if bio.fields.get("birth_year"):
        values["birth year"] = {bio.fields["birth_year"]}
    if bio.home is not None:
        values["home province"] = {bio.home}
    return values


def _link_block(key: str, members: list[int], officials: list[Official], linked: Linked,
                co_named: dict[str, set[str]]) -> None:
    clusters = _Clusters(members, {i: _bio_values(officials[i]) for i in members})
    refused: list[tuple[int, int, str]] = []

    def join(i: int, j: int, evidence: str) -> None:
        if clusters.find(i) == clusters.find(j):
            return
        field_ = clusters.clash(i, j)
        if field_:
            refused.append((i, j, f"same name and {evidence}, but different {field_}"))
            return
        clusters.union(i, j)

    if len(members) > 1:
        first: dict[str, int] = {}
        for i in members:
            official = officials[i]
            for k in sorted(official.keys | _bio_key(official)):
                j = first.setdefault(k, i)
                if j != i:
                    join(i, j, f"a shared post ({k})" if not k.startswith("bio|") else "the same birth year and home province")
        _fuzzy_pass(members, officials, join)
        _co_named_pass(members, officials, co_named, join)
    start = len(linked.people)
    groups = clusters.groups()
    linked.people.extend(groups)
    _report_uncertain(key, groups, start, officials, refused, linked)


def _bio_key(official: Official) -> set[str]:
    """Birth year and home province as keys: a year from an age (the published year minus
    the age, one too high when the birthday had not come) is either year; the province as
    it is since 2025 (before, a name written after the mergers may stand for several)."""
    bio = official.bio
    if bio is None or bio.home is None or not bio.fields.get("birth_year"):
        return set()
    year = int(bio.fields["birth_year"])
    years = (year - 1, year) if bio.fields.get("birth_year_approx") else (year,)
    return {f"bio|{y}|{bio.home.now.code}" for y in years}


def _fuzzy_pass(members: list[int], officials: list[Official], join) -> None:
    """Posts of one title and unit whose organisations are spelled a little differently."""
    by_place: dict[str, dict[str, int]] = defaultdict(dict)  # title|unit -> organisation -> first fact
    for i in members:
        for k in sorted(officials[i].keys):
            title, org, where = k.split("|")
            by_place[f"{title}|{where}"].setdefault(org, i)
    for place in sorted(by_place):
        orgs = sorted(by_place[place])
        if not 1 < len(orgs) <= MAX_FUZZY_GROUP:
            continue
        scores = process.cdist(orgs, orgs, scorer=fuzz.ratio, score_cutoff=ORG_SIMILARITY)
        for a, b in combinations(range(len(orgs)), 2):
            if scores[a][b] or _cut_short(orgs[a], orgs[b]):
                join(by_place[place][orgs[a]], by_place[place][orgs[b]],
                     f"one post spelled two ways ({orgs[a]!r}, {orgs[b]!r})")


def _co_named_pass(members: list[int], officials: list[Official], co_named: dict[str, set[str]], join) -> None:
    """The same name in two articles that name the same people (`co_named_articles`)."""
    first_in: dict[str, int] = {}
    for i in members:
        first_in.setdefault(officials[i].doc_id, i)
    for doc in sorted(first_in):
        for other in sorted(co_named.get(doc, set()) & first_in.keys()):
            if other > doc:
                join(first_in[doc], first_in[other], "two articles that name the same people")


def _cut_short(a: str, b: str) -> bool:
    """One organisation is the other cut short after at least MIN_PREFIX_WORDS words (a post
    cut off by the end of a line or a clause: 'tổng cục cảnh sát phòng' / '... phòng chống
    tội phạm'); fewer words could be another body's whole name."""
    short, long_ = sorted((a, b), key=len)
    return len(short.split()) >= MIN_PREFIX_WORDS and long_.startswith(short + " ")


def _provinces(official: Official) -> set[str]:
    found = {p.province for parts in official.posts for p in parts.parts if p.province}
    return found or ({official.province} if official.province else set())


def _report_uncertain(key: str, groups: list[list[int]], start: int, officials: list[Official],
                      refused: list[tuple[int, int, str]], linked: Linked) -> None:
    if len(groups) < 2:
        return
    person_of = {i: start + n for n, group in enumerate(groups) for i in group}
    reported: set[tuple[int, ...]] = set()
    for i, j, reason in refused:
        pair = tuple(sorted({person_of[i], person_of[j]}))
        if len(pair) == 2 and pair not in reported:
            reported.add(pair)
            linked.uncertain.append(Uncertain(key, list(pair), reason + ": not merged"))
    by_province: dict[str, set[int]] = defaultdict(set)
    for n, group in enumerate(groups):
        for province in set().union(*(_provinces(officials[i]) for i in group)):
            by_province[province].add(start + n)
    for province in sorted(by_province):
        people = tuple(sorted(by_province[province]))
        if len(people) > 1 and people not in reported:
            reported.add(people)
            linked.uncertain.append(Uncertain(
                key, list(people), f"same name in {province}, but no shared post, chain of posts or birth data: not merged"))


# ---- moves ----------------------------------------------------------------------------------------

def same_post(a, b) -> bool:
    """Whether two posts of one person may be the same: a shared key; a shared title and
    organisation where one of the two parts has no key; or one organisation cut short of
    the other's name in the same unit."""
    if set(a.keys) & set(b.keys):
        return True
    for pa, la in zip(a.parts, a.loose):
        for pb, lb in zip(b.parts, b.loose):
            if pa.key and pb.key and pa.key.rsplit("|", 1)[1] != pb.key.rsplit("|", 1)[1]:
                continue  # two known units
            if la == lb and not (pa.key and pb.key):
                return True
            title_a, org_a = la.split("|")
            title_b, org_b = lb.split("|")
            if title_a == title_b and _cut_short(org_a, org_b):
                return True
    return False


class _PostIndex:
    """First fact seen with each post, looked up the way `same_post` matches: by key, and by
    title and organisation where a part has no key."""

    def __init__(self) -> None:
        self.by_key: dict[str, int] = {}
        self.by_loose: dict[str, int] = {}           # every part
        self.by_loose_unkeyed: dict[str, int] = {}   # parts without a key

    def matches(self, parts, i: int) -> list[int]:
        """Facts seen before with a post matching `parts`; then `parts` is recorded as fact i's."""
        found = []
        for part, loose in zip(parts.parts, parts.loose):
            if part.key:
                found += [self.by_key.setdefault(part.key, i), self.by_loose_unkeyed.get(loose, i)]
            else:
                found.append(self.by_loose.get(loose, i))
                self.by_loose_unkeyed.setdefault(loose, i)
            self.by_loose.setdefault(loose, i)
        return sorted({j for j in found if j != i})


def _same_both_ends(a: Official, b: Official) -> bool:
    """Both facts name the post left and the post taken, the same posts, the one taken with a
    known unit."""
    if not (a.from_post and b.from_post and a.to_post and b.to_post):
        return False
    return bool(a.to_post.keys and b.to_post.keys) and same_post(a.to_post, b.to_post) \
        and same_post(a.from_post, b.from_post)


def _same_place(a, b) -> bool:
    """Whether two posts taken may be in one unit: either untold, or a unit in common."""
    if a is None or b is None:
        return True
    units_a = {p.unit["code"] for p in a.parts if p.unit}
    units_b = {p.unit["code"] for p in b.parts if p.unit}
    return bool(units_a & units_b) or same_post(a, b)


def group_moves(officials: list[Official], members: list[int]) -> list[list[int]]:
    """A person's rotated facts grouped into moves (each: fact indices, sorted)."""
    movers = sorted((i for i in members if officials[i].rotated), key=lambda i: officials[i].source)
    clusters = _Clusters(movers, {})
    cluster_dates = {i: {officials[i].date.value} if officials[i].date and officials[i].date.value else set()
                     for i in movers}

    def join(i: int, j: int) -> None:
        ri, rj = clusters.find(i), clusters.find(j)
        if ri == rj:
            return
        # dates that cannot name one event keep two moves apart, unless both facts tell the same
        # post left and the same post taken (no one makes that move twice): then the dates conflict
        if not all(compatible(a, b) for a in cluster_dates[ri] for b in cluster_dates[rj]) \
                and not _same_both_ends(officials[i], officials[j]):
            return
        merged = cluster_dates.pop(max(ri, rj)) | cluster_dates[min(ri, rj)]
        clusters.union(i, j)
        cluster_dates[clusters.find(i)] = merged

    to_index, from_index = _PostIndex(), _PostIndex()
    by_unit: dict[tuple[str, str], list[int]] = defaultdict(list)  # (title, unit) of a post taken -> facts
    for i in movers:
        official = officials[i]
        if official.to_post is not None:
            for j in to_index.matches(official.to_post, i):
                join(i, j)
            for key in official.to_post.keys:  # the same post taken, its organisation cut short
                title, _, where = key.split("|")
                for j in by_unit[(title, where)]:
                    if same_post(official.to_post, officials[j].to_post):
                        join(i, j)
                by_unit[(title, where)].append(i)
        if official.from_post is not None:
            # leaving one post at once: the same move, when the post's unit is known or both are
            # dated, and the posts taken (when both are told) are in one unit: the sources may
            # disagree on the title taken there, not on where the person went
            for j in from_index.matches(official.from_post, i):
                other = officials[j]
                if (set(official.from_post.keys) & set(other.from_post.keys)
                        or (official.date and official.date.value and other.date and other.date.value)) \
                        and _same_place(official.to_post, other.to_post):
                    join(i, j)
    return clusters.groups()
