"""Officials: named people holding a post, and the moves that rotated them.

One record per person per article, at the first mention, once the person is
known to hold a post: a post around a name (`Bí thư Quận ủy Tây Hồ Lê Thị Thu
Hằng`, `đồng chí Tống Thị Quỳnh Hoa, Trưởng Ban tổ chức Thành ủy`) or a move
that gives one. Later mentions (`đồng chí Thân`, `ông Hải`, the full name again,
a bare `anh` in a biography) add to the same person.

A move is read from a marker of the new post (`giữ chức vụ`, `làm`, `về nhận
công tác tại`) and the verbs before it (`luân chuyển, chỉ định`, `được điều
động`): the person moved is the one named last before the marker (or the one
a decision told first concerns: `... giữ chức X đối với bà Y`). A rotation
verb makes it a rotation; an appointment verb only when the person comes from
another unit (`công chức Phòng ... huyện Nậm Pồ` -> `Chủ tịch UBND xã Pa Tần`),
an election never (`được bầu giữ chức`). No new post: one left (`thôi giữ
chức X`, though `... để giữ chức Y` takes Y), one held (`đang làm`, `từng giữ
chức`), a task (`Trưởng ban tổ chức hội thi`), a move told by someone of others
(`ông T công bố quyết định ...`). The new post is completed by the body the move
names (`về xã T, giữ chức Bí thư Đảng ủy` -> `Bí thư Đảng ủy xã T`), told again
more fully, or taken from the person replaced (`thay ông C`).
Also: a person introduced as a rotated cadre (`Là cán bộ được luân chuyển từ
huyện về xã, Bí thư Đảng ủy xã ...`, `là một trong 36 cán bộ được luân chuyển`),
and two people swapping posts.

Lists: a decision's list of moves goes on across sentences and line breaks
(`Bà B - <post>, giữ chức ...` after `điều động, phân công: ông A, ...`) until a
sentence tells no move; names listed bare before one marker share it; the
members listed after a group's title hold it (`4 phó giám đốc ... gồm: ông A,
ông B`).

Names come from `extractors.names`, posts from `extractors.posts`; the words
of the language are data files in `extractors/data/official_*`. Each person's
biography (birth year, hometown, ...) is read by `extractors.biography` from the
mentions found here.

Entry point: `find_officials(segmented) -> list[Found]` (spaCy component `rotation_officials`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import itemgetter

import regex

from extractors.base import Extractor, Found, alternation, data_lines, data_table
from extractors.biography import Sighting, biographies, sighting
from extractors.names import (
    CAPITAL_PAIR_RE, NameSpan, Words, capital_runs, find_names, honorific_before, is_syllable, name_ranges,
    name_windows,
)
from extractors.posts import (
    SPELLED_BELOW, Lexicon, Tok, beyond_spelled, bodies, completed_by, cue_words, cues, honorifics, is_task_post,
    lexicon, lexicon_of, posts_after, posts_chain_before, post_before, read_body, read_post, same_unit, span_text,
    spelled, title_at, title_first_words, tokenize,
)
from textmodel import SegmentedText, Span

# --- the language, from data files -------------------------------------------

_VERB_KIND = {row[0].lower(): row[1] for row in data_table("official_move_verbs.tsv")}
_MARKER_KIND = {row[0].lower(): row[1] for row in data_table("official_to_markers.tsv")}
PRONOUN_REACH = 2  # sentences after a name in which a bare "anh", "ông" still means that person
MAX_REACH = 60  # tokens: how far a move's words may lie from the person they concern
FRONTED_REACH = 15  # tokens from an opening clause's new post to the person named after it

_DATE_RE = regex.compile(
    r"(?i)(?<![\p{L}\d])(?:ngày\s+\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}"
    r"|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
    r"|tháng\s+\d{1,2}\s*[/.-]\s*\d{4}|tháng\s+\d{1,2}\s+năm\s+\d{4}"
    r"|(?:đầu\s+|cuối\s+|giữa\s+)?năm\s+\d{4})(?!\d)")
_NOT_DATE_BEFORE_RE = regex.compile(r"(?i)(?:nhiệm\s+kỳ|số\s+\S+|/\p{Lu}+\S*)\s*$")

SURNAMES = data_lines("surnames.txt")
# Surnames written with an apostrophe (H'), which also open a name glued to the next syllable (H'Hen)
GLUED_PREFIXES = tuple(name for name in SURNAMES if name.endswith(("'", "’")))
# A sentence can hold a person's name only if a surname is followed by another
# capitalised syllable; only those sentences get the expensive word segmentation.
PREFILTER = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}])(?:{alternation(SURNAMES)}|(?:{alternation(GLUED_PREFIXES)})\p{{Lu}}[\p{{Ll}}\p{{M}}]*)"
    rf"\s+\p{{Lu}}[\p{{Ll}}\p{{M}}]*(?![\p{{L}}\p{{M}}])")


# Cached: these are asked for at nearly every token, and building the key tuple each
# time cost more than the look-ups themselves.
@lru_cache(maxsize=1)
def _verbs() -> Lexicon:
    return lexicon_of(tuple(_VERB_KIND))


@lru_cache(maxsize=1)
def _markers() -> Lexicon:
    return lexicon_of(tuple(_MARKER_KIND))


def fold(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


# --- people and their mentions -----------------------------------------------


@dataclass
class Person:
    name: str
    start: int
    end: int
    sentence: tuple[int, int]
    aliases: list[str] = field(default_factory=list)
    posts: list[str] = field(default_factory=list)
    rotated: bool = False
    from_post: str | None = None
    to_post: str | None = None
    date: str | None = None
    decided_by: str | None = None
    to_body: bool = False  # the new post is only a destination body so far
    targets: list[str] = field(default_factory=list)  # the new posts `to_post` joins, when a move told them
    pending: str | None = None  # a post appointed to with no sign yet of another unit: "phân công bà X giữ chức Y"
    sightings: list[Sighting] = field(default_factory=list, repr=False)  # every mention, for the biography
    _folded: set[str] = field(default_factory=set, repr=False)

    def refine_targets(self, posts: list[str]) -> None:
        """A post told again more fully replaces the new post it begins (`Trưởng phòng Kiểm tra
        nghiệp vụ` -> `... và Thi hành án TAND tỉnh`); a post at the destination body replaces the
        body (`Sở Nội vụ` -> `Giám đốc Sở Nội vụ`)."""
        for post in posts:
            folded = fold(post)
            for number, target in enumerate(self.targets):
                shorter = fold(target)
                if folded != shorter and (folded.startswith(shorter) or (self.to_body and shorter in folded)):
                    self.targets[number] = post
                    self.to_body = False
                    break
        if self.targets:
            self.to_post = ", ".join(self.targets)

    def add_posts(self, posts: list[str]) -> None:
        for post in posts:
            folded = fold(post)
            if folded not in self._folded:
                self._folded.add(folded)
                self.posts.append(post)

    def fields(self) -> dict:
        moved = self.rotated
        return {"name": self.name, "aliases": self.aliases, "posts": self.posts, "rotated": moved,
                "from_post": self.from_post if moved else None, "to_post": self.to_post if moved else None,
                "date": self.date if moved else None, "decided_by": self.decided_by if moved else None}


@dataclass
class Mention:
    person: Person
    i: int                       # first token of the name, alias or pronoun
    j: int                       # token after it
    posts: list[tuple[int, int]]  # its own posts, as token ranges
    floor: int                   # where its clause starts (after the previous mention)
    after: int = field(init=False)  # the token after the mention and its posts that follow it

    def __post_init__(self) -> None:
        # once: it is asked for at every marker, and the posts do not change once found
        self.after = max([self.j] + [e for s, e in self.posts if s >= self.j])


class Article:
    """People found so far in one article, by folded name, in order of first mention."""

    def __init__(self, segmented: SegmentedText):
        self.text = segmented.text
        self.segmented = segmented  # its words (or syllables), segmented when asked for
        self.people: dict[str, Person] = {}
        self.by_tail: dict[tuple[str, ...], Person] = {}  # last syllables of a name -> latest person
        self.by_ends: dict[tuple[str, str], Person] = {}  # a long name's first and last syllables -> its person
        self.last_syllables: set[str] = set()  # each name's last syllable, folded: every alias ends with one
        self.last: Person | None = None
        self.dates: dict[tuple[int, int], str | None] = {}
        self.sentence_no = 0  # sentences read so far
        self.last_seen = -1   # the sentence where `last` was named
        # the last sentence that told a move, and its kinds: a list of moves may go on in the
        # next sentence without a verb ("Ông B, <post> giữ chức <new post>.")
        self.moved_in = -1
        self.move_kinds: frozenset[str] = frozenset()
        self.list_broken = False  # someone was named since, in a sentence telling no move: the list ended

    def person(self, name: str, start: int, end: int, sentence: tuple[int, int]) -> Person:
        key = fold(name)
        syllables = tuple(key.split())
        if key not in self.people:
            # "Đỗ Thuần" after "Đỗ Văn Thuần": the same person, the middle name left out
            shortened = self.by_ends.get((syllables[0], syllables[-1])) if len(syllables) == 2 else None
            if shortened is not None:
                if name not in shortened.aliases:
                    shortened.aliases.append(name)
                self.people[key] = shortened
            else:
                self.people[key] = Person(name, start, end, sentence)
                if len(syllables) > 2:
                    self.by_ends.setdefault((syllables[0], syllables[-1]), self.people[key])
        self.last, self.last_seen = self.people[key], self.sentence_no
        self.last_syllables.add(syllables[-1])
        for n in range(1, len(syllables)):
            self.by_tail[syllables[-n:]] = self.last
        return self.last

    def words_in(self, ranges: list[tuple[int, int]]) -> Words:
        """The word boundaries that name finding can ask about: the article's word spans
        touching `ranges` (`names.name_ranges`, sorted).

        Built per sentence read, from a few spans, not for the whole article: that cost
        more than reading the sentences. Every span touching an offset that is asked
        about is kept, so the answers are those of the whole article's `Words`. Only
        the sentences `ranges` fall in are segmented into words, and only now.
        """
        if not ranges:
            return Words.of_spans([], self.text)
        # in text order, not overlapping: starts and ends both ascend
        spans = self.segmented.words_between(ranges[0][0], ranges[-1][1])
        picked: list[Span] = []
        taken = 0  # spans before this one are picked already
        for start, end in ranges:
            lo = max(taken, bisect_left(spans, start, key=itemgetter(1)))  # first ending at or after start
            taken = max(lo, bisect_right(spans, end, key=itemgetter(0)))   # first starting after end
            picked += spans[lo:taken]
        return Words.of_spans(picked, self.text)

    def by_alias(self, alias: str) -> Person | None:
        """The most recent person whose name ends with `alias` (`Thân` -> `Lò Văn Thân`)."""
        return self.by_tail.get(tuple(fold(alias).split()))


# --- mentions in one sentence --------------------------------------------------


def _is_byline(toks: list[Tok], name: NameSpan) -> bool:
    """`Tác giả: Lê Lan`, `Bài và ảnh: ...`: the writer, not a subject."""
    if name.honorific:  # "Ảnh: Đồng chí X, Bí thư ..." is a caption about X
        return False
    k = name.i
    if k >= 1 and toks[k - 1].text in (":", "-", "("):
        k -= 1
    if k == name.i:
        return False  # no mark before the name: the cheap half of the test, first
    cues = lexicon("official_byline_cues.txt")
    return any(k - n >= 0 and cues.match(toks, k - n) == n for n in (1, 2, 3, 4))


def _name_mentions(art: Article, toks: list[Tok], runs: list[tuple[int, int]],
                   sentence: tuple[int, int]) -> list[Mention]:
    mentions: list[Mention] = []
    floor = 0
    names = find_names(art.text, toks, art.words_in(name_ranges(toks, runs)), runs)
    for number, name in enumerate(names):
        if _is_byline(toks, name):
            continue
        before = post_before(toks, name.i - name.honorific if name.honorific else name.i, floor)
        if before is None and name.honorific:
            before = post_before(toks, name.i, floor)
        posts = posts_chain_before(toks, before[0], floor) + [before] if before else []
        # "nguyên Thủ tướng A, nguyên Chủ tịch nước B": a post that runs up to the next name is that name's
        following = names[number + 1] if number + 1 < len(names) else None
        limit = following.i - following.honorific if following else len(toks)
        after = posts_after(toks, name.j, limit)
        posts += after[:-1] if after and after[-1][1] == limit and following else after
        start, end = toks[name.i].start, toks[name.j - 1].end
        person = art.person(name.text, start, end, sentence)
        person.add_posts([span_text(art.text, toks, s, e) for s, e in posts])
        mention = Mention(person, name.i, name.j, posts, floor)
        mentions.append(mention)
        floor = mention.after
    return mentions


def _alias_mentions(art: Article, toks: list[Tok], runs: list[tuple[int, int]], taken: set[int]) -> list[Mention]:
    """`đồng chí Thân`, `ông Hải`: an honorific and part of a name already met."""
    mentions = []
    firsts = honorifics().by_first
    for a, b in runs:
        if toks[a].low in firsts:  # a dict look-up first: most runs start with no honorific
            a += honorifics().match(toks, a)  # "Ông Kiên" at a sentence start
        # the cheapest test first (all are pure): most runs follow no honorific
        if a >= b or b - a > 3 or not honorific_before(toks, a) or taken.intersection(range(a, b)):
            continue
        person = art.by_alias(art.text[toks[a].start:toks[b - 1].end])
        if person is None:
            continue
        alias = art.text[toks[a].start:toks[b - 1].end]
        if fold(alias) != fold(person.name) and alias not in person.aliases:
            person.aliases.append(alias)
        posts = posts_after(toks, b, len(toks))
        person.add_posts([span_text(art.text, toks, s, e) for s, e in posts])
        art.last, art.last_seen = person, art.sentence_no
        mentions.append(Mention(person, a, b, posts, 0))
    return mentions


def _pronoun_mentions(art: Article, toks: list[Tok], named: list[Mention],
                      before: tuple[Person | None, int]) -> list[Mention]:
    """A bare `anh`, `ông`, `đồng chí` before a move verb: the person named last before it, in
    this sentence or (within PRONOUN_REACH sentences) before it (`before`: who that was, and the
    sentence); never someone named after it (`ông được bầu ..., thay ông B`: not B)."""
    previous, seen_in = before
    if previous is not None and art.sentence_no - seen_in > PRONOUN_REACH:
        previous = None  # a bare "anh" far from any name is not resolved
    if previous is None and not named:
        return []
    found: list[Mention] = []
    pronouns = cues("pronoun")
    starts = pronouns.starts(toks)
    if not starts:
        return found  # most sentences: the tokens the names cover are not needed
    covered = {k for m in named for k in range(m.i, m.after)}
    for k in starts:
        n = pronouns.match(toks, k)
        if not n or (k + n < len(toks) and is_syllable(toks[k + n])) or k in covered:
            continue
        earlier = [m for m in named if m.j <= k]
        person = max(earlier, key=lambda m: m.j).person if earlier else previous
        window = range(k + n, min(len(toks), k + n + 4))
        if person is not None and any(_verbs().match(toks, w, lower_only=True) for w in window):
            found.append(Mention(person, k, k + n, [], 0))
    return found


# --- moves --------------------------------------------------------------------


@dataclass
class Move:
    posts: list[str] = field(default_factory=list)   # new posts: "giữ chức Phó Bí thư ..."
    bodies: list[str] = field(default_factory=list)  # destinations without a post: "về nhận công tác tại UBND tỉnh"
    kinds: set[str] = field(default_factory=set)
    motion: bool = False
    first_marker: int = 0
    decider_after: str | None = None  # "... theo quyết định của Ban Thường vụ Huyện ủy"
    left: str | None = None  # the post left for this one: "thôi giữ chức X ... để giữ chức Y"


def _target(toks: list[Tok], k: int, n: int, limit: int) -> tuple[list[tuple[int, int]], bool]:
    """The post(s) or body after the marker toks[k:k+n], and whether it is a body."""
    j = k + n
    posts = []
    while j < limit:
        end = read_post(toks, j, limit)
        if end == j:
            break
        posts.append((j, end))
        if end + 1 < limit and toks[end].low in (",", "kiêm") and title_at(toks, end + 1):
            j = end + 1  # "Phó Bí thư Đảng ủy xã, Chủ tịch UBND xã Pa Tần"; "Phó Tư lệnh kiêm Tham mưu trưởng ..."
            continue
        break
    kind = _MARKER_KIND[" ".join(t.low for t in toks[k:k + n])]
    if posts or kind == "post":
        return posts, False
    if kind == "join" and not cues("joined_body").match(toks, k + n):
        return [], True  # "tham gia Ban Chỉ đạo phòng chống dịch": a task, not a Party committee joined
    end = read_body(toks, k + n, limit)
    return ([(k + n, end)] if end > k + n else []), True


def _kinds(toks: list[Tok], lo: int, hi: int) -> set[str]:
    kinds = set()
    verbs = _verbs()
    k = lo
    while k < hi:
        # lower case only (a capital marks an organisation's word), but a sentence may open with a verb;
        # a dict look-up first: no verb starts at most tokens
        n = verbs.match(toks, k, lower_only=k > 0) if toks[k].low in verbs.by_first else 0
        if n:
            kinds.add(_VERB_KIND[" ".join(t.low for t in toks[k:k + n])])
            k += n
        else:
            k += 1
    return kinds


def _moves(art: Article, toks: list[Tok], mentions: list[Mention]) -> dict[int, tuple[Mention, Move]]:
    """Moves in one sentence, by mention; a marker belongs to the last mention before it."""
    if not mentions:
        return {}  # no one to move
    reader = _MoveReader(art, toks, sorted(mentions, key=lambda m: m.j))
    for k in _markers().starts(toks, lower_only=True):  # only where a marker may start
        if k >= reader.resume:
            reader.read_marker(k)
    return reader.moves


class _MoveReader:
    """The markers of one sentence read in order, with what earlier ones told: the moves so far
    (by mention), the person moved last (a list of moves inherits their verbs), the posts people
    left (`thôi giữ chức X ... để giữ chức Y`), and where reading resumes."""

    def __init__(self, art: Article, toks: list[Tok], ordered: list[Mention]):
        self.art, self.toks, self.ordered = art, toks, ordered
        self.moves: dict[int, tuple[Mention, Move]] = {}
        self.seen = 0                          # mentions ending before the current marker
        self.last_moved: Mention | None = None
        self.resume = 0                        # tokens before this were read with a move
        self.exited: dict[int, tuple[str, int]] = {}  # by mention: the post left, where it ends

    def read_marker(self, k: int) -> None:
        toks, ordered = self.toks, self.ordered
        while self.seen < len(ordered) and ordered[self.seen].j <= k:
            self.seen += 1
        n = _markers().match(toks, k, lower_only=True)
        if not n:
            return
        marker = " ".join(t.low for t in toks[k:k + n])
        targets, is_body = _target(toks, k, n, len(toks))
        owner, successor = self._owner(k, targets)
        if owner is None:
            return
        if not targets:
            if _MARKER_KIND[marker] == "post":
                self._take_vacated(owner, k, n)  # "đến nhận chức vụ thay ông Cường": Cường's post
            return
        if not self.seen and owner.i - targets[-1][1] > FRONTED_REACH:
            return
        if self._left_or_held(owner, k, marker, targets):
            return
        kinds, left = self._kinds(owner, k, targets, successor)
        motion = marker.split()[0] in cue_words("motion")
        if kinds & {"plan", "stay"} or (is_body and not kinds & {"rotation", "swap"}):
            self.resume = k + n
            return
        texts = [span_text(self.art.text, toks, s, e) for s, e in targets]
        # "Các ông: A, B, C giữ chức ...", "luân chuyển các đồng chí A và B về làm ...": one post, each of them
        owners = _listed_with(toks, ordered[:self.seen - 1], owner) + [owner] if self.seen else [owner]
        if self._not_moved(owner, kinds, targets, motion):
            for one in owners:  # "ông A giữ chức Chủ tịch xã": a post held, not a move
                one.person.add_posts(texts)
                if one.person.rotated:
                    one.person.refine_targets(texts)
        else:
            decider_after = _decider_after(self.art, toks, targets[-1][1])
            for one in owners:
                _, move = self.moves.setdefault(id(one), (one, Move(first_marker=k)))
                move.decider_after = move.decider_after or decider_after
                move.left = move.left or (left[0] if left else None)
                move.kinds |= kinds - {"elect"}
                move.motion |= motion
                found = move.bodies if is_body else move.posts
                found += [text for text in texts if fold(text) not in map(fold, found)]
            self.last_moved = owner
        self.resume = targets[-1][1]

    def _owner(self, k: int, targets: list[tuple[int, int]]) -> tuple[Mention | None, Mention | None]:
        """Whose move a marker at toks[k] tells, and whether as a successor: the person named last
        before it, within reach of them and their posts (a long apposition is no distance), unless
        they tell of others' moves; else the one an opening passive clause, `đối với` or the
        successor frame points to."""
        toks, ordered, seen = self.toks, self.ordered, self.seen
        owner = ordered[seen - 1] if seen and k - ordered[seen - 1].after <= MAX_REACH else None
        if owner is not None and _reports_between(toks, owner.after, k):
            return None, None  # "ông T, Trưởng ban Tổ chức, công bố quyết định ... về giữ chức ...": others move
        if seen:
            return owner, None
        if _opens_with_passive(toks):
            owner = ordered[0]  # "Kể từ khi được luân chuyển về giữ chức ..., anh X ...": X, named after
        if targets:
            owner = _concerned(toks, ordered, targets[-1][1]) or owner  # "... giữ chức X đối với bà Y"
            successor = _successor(toks, ordered, targets[-1][1])  # "Người kế nhiệm ông giữ chức X là ông Y"
            if successor is not None:
                return successor, successor
        return owner, None

    def _take_vacated(self, owner: Mention, k: int, n: int) -> None:
        """A marker with no post, then `thay ông B`: the owner takes the post B left."""
        vacated = _vacated_after(self.toks, self.ordered, k + n)
        if vacated is None:
            return
        _, move = self.moves.setdefault(id(owner), (owner, Move(first_marker=k)))
        move.kinds.add("appoint")
        move.motion |= self.toks[k].low in cue_words("motion")
        move.posts.append(vacated)
        self.last_moved, self.resume = owner, k + n

    def _left_or_held(self, owner: Mention, k: int, marker: str, targets: list[tuple[int, int]]) -> bool:
        """`thôi giữ chức X` (left), `khi đó đang làm X`, `từng giữ chức X` (held): no new post, but
        a post the person had; the one left is remembered for `... để giữ chức Y`."""
        toks = self.toks
        held = _held_before(toks, owner.after if owner.after < k else max(0, k - 3), k)
        if not held and not _exit_before(toks, k):
            return False
        if _MARKER_KIND[marker] == "post":
            texts = [span_text(self.art.text, toks, s, e) for s, e in targets]
            owner.person.add_posts(texts)
            if not held:
                self.exited.setdefault(id(owner), (", ".join(texts), targets[-1][1]))
        self.resume = targets[-1][1]
        return True

    def _kinds(self, owner: Mention, k: int, targets: list[tuple[int, int]],
               successor: Mention | None) -> tuple[set[str], tuple[str, int] | None]:
        """The kinds of move the verbs before a marker tell of its owner, and the post they left
        for it if any. With no verb of their own, a person inherits the move told just before in
        the sentence or in a list of moves; the person replaced (`thay cho ông B`) never does."""
        toks, ordered, seen = self.toks, self.ordered, self.seen
        replaced = _replaced(toks, owner)
        lo = owner.i if replaced else max(ordered[seen - 2].after if seen > 1 else 0, k - MAX_REACH)
        if replaced:
            inherited: set[str] = set()  # "..., thay cho ông B, ... được bầu giữ chức ...": B's own verbs only
        elif self.last_moved is not None:
            inherited = set(self.moves[id(self.last_moved)][1].kinds)
        else:
            inherited = _listed_on(self.art, toks, owner, k)
        kinds = _kinds(toks, lo, k) or inherited
        if successor is not None:
            kinds = {"appoint"}  # the successor takes the post: a rotation when they come from another unit
        kinds |= _by_decision_after(toks, targets[-1][1])
        left = self.exited.get(id(owner))
        if left and any(t.low == "để" for t in toks[left[1]:k]):
            kinds.add("appoint")  # "thôi giữ chức X ... để giữ chức Y": Y in exchange for X
        return kinds, left

    def _not_moved(self, owner: Mention, kinds: set[str], targets: list[tuple[int, int]], motion: bool) -> bool:
        """Whether the new post is held, not moved to: no move verb nor motion; or elected (`được bầu
        giữ chức`), unless the election completes a move told first (`chỉ định giữ chức X, giới
        thiệu để HĐND bầu giữ chức Y`); or a task given (`được giao làm Trưởng ban tổ chức hội thi`)."""
        if not (kinds & {"rotation", "appoint", "swap"} or motion):
            return True
        if kinds & {"rotation", "swap"} or id(owner) in self.moves:
            return False
        return "elect" in kinds or all(is_task_post(self.toks, s, e) for s, e in targets)


MAX_ASIDE = 12  # tokens in a bracketed aside inside a list of names: "(SN 1967)", "(Tổng Tham mưu trưởng)"


def _list_gap(toks: list[Tok], start: int, end: int) -> bool:
    """Whether toks[start:end] only separates names in a list: commas, `và`, a colon, `các`,
    honorifics (`các ông`, `Thượng tướng`) and bracketed asides (`(SN 1967)`)."""
    k = start
    while k < end:
        tok = toks[k]
        if tok.text in (",", ":", ")") or tok.low in ("và", "các"):  # ")": of a post told in brackets
            k += 1
        elif tok.text == "(":
            close = next((c for c in range(k + 1, min(end, k + MAX_ASIDE)) if toks[c].text == ")"), None)
            if close is None:
                return False
            k = close + 1
        elif (n := honorifics().match(toks, k)) and k + n <= end:
            k += n
        else:
            return False
    return True


def _listed_with(toks: list[Tok], before: list[Mention], last: Mention) -> list[Mention]:
    """The people named in a list right before `last`, none with a post of their own, nor `last`
    (`A, B và C giữ chức ...`): each is told what `last` is told."""
    if last.posts:
        return []
    listed: list[Mention] = []
    nxt = last
    for mention in reversed(before):
        if mention.posts or mention.after > nxt.i or not _list_gap(toks, mention.after, nxt.i):
            break
        listed.insert(0, mention)
        nxt = mention
    return listed


def vacated_post(person: Person) -> str | None:
    """The post a person left, which their replacement takes: the one they were moved from, or the
    one they held."""
    if person.rotated and person.from_post:
        return person.from_post
    return person.posts[0] if person.posts else None


def _vacated_after(toks: list[Tok], ordered: list[Mention], k: int) -> str | None:
    """After a marker with no post (`đến nhận chức vụ`), `thay ông B`: the post B left."""
    n = cues("replaces").match(toks, k, lower_only=True)
    if not n:
        return None
    replaced = next((m for m in ordered if m.i - honorific_before(toks, m.i) == k + n), None)
    return vacated_post(replaced.person) if replaced is not None else None


def _replacement(art: Article, toks: list[Tok], sentence: tuple[int, int], mentions: list[Mention]) -> None:
    """`Thay (vị trí) bà Hoàng là ông Y, <post>`: Y takes the post Hoàng left (a rotation when Y
    comes from another unit)."""
    if len(mentions) < 2 or toks[0].low not in cues("replaces").by_first:
        return  # settles nearly every sentence
    n = cues("replaces").match(toks, 0)
    if not n:
        return
    replaced, successor = mentions[0], mentions[1]
    start = successor.i - honorific_before(toks, successor.i)
    if replaced.i - honorific_before(toks, replaced.i) > n + 2 or replaced.after >= start \
            or [t.low for t in toks[replaced.after:start]] != ["là"]:
        return
    vacated = vacated_post(replaced.person)
    if vacated is None or successor.person.rotated:
        return
    move = Move(posts=[vacated], kinds={"appoint"}, first_marker=successor.i)
    _apply_move(art, toks, sentence, successor, move)


def _reports_between(toks: list[Tok], start: int, end: int) -> bool:
    """A verb of saying, announcing or presiding between a person and a new-post marker (`công bố`,
    `trao quyết định`, `có thông báo`, `chủ trì`): the person tells of a move, the move is others'.
    Not in the passive: `được trao quyết định điều động về làm ...` is told of the one who moves."""
    report = cues("report")
    return any(report.match(toks, k, lower_only=True) and not (k > 0 and toks[k - 1].low in ("được", "bị"))
               for k in range(start, end) if toks[k].low in report.by_first)


def _held_before(toks: list[Tok], start: int, k: int) -> bool:
    """`đang`, `hiện`, `từng` between a person and a marker, with no move verb after it: a post
    held now or before, not one moved to (`khi đó đang làm ...`, `từng giữ các chức vụ ..., trở
    thành ...`; but `từng giữ chức X, được điều động làm Y` moves to Y)."""
    held, verbs = cues("held"), _verbs()
    for i in range(k - 1, start - 1, -1):
        if toks[i].low in verbs.by_first and verbs.match(toks, i, lower_only=True):
            return False
        if toks[i].low in held.by_first and held.match(toks, i, lower_only=True):
            return True
    return False


def _exit_before(toks: list[Tok], k: int) -> bool:
    """`thôi` right before a marker (`thôi giữ chức`, `thôi tham gia`): the post is left, not taken."""
    return k > 0 and toks[k - 1].low in cue_words("exit")


def _replaced(toks: list[Tok], mention: Mention) -> bool:
    """The person comes right after `thay`, `thay cho`, `thay thế`: the one replaced, whose own
    clause may follow (`thay cho ông B, nguyên Chủ tịch ..., được điều động giữ chức ...`)."""
    first = mention.i - honorific_before(toks, mention.i)
    replaces = cues("replaces")
    return any(replaces.match(toks, i, lower_only=True) == first - i for i in range(max(0, first - 3), first))


def _successor(toks: list[Tok], ordered: list[Mention], after: int) -> Mention | None:
    """`Người kế nhiệm ông giữ chức X là Thượng tướng Y, <post>`: Y, who takes X."""
    n = cues("successor").match(toks, 0)
    if not n or after >= len(toks) or toks[after].low != "là":
        return None
    return next((m for m in ordered if m.i - honorific_before(toks, m.i) == after + 1), None)


MAX_TERM_TOKENS = 8  # "nhiệm kỳ 2020 - 2025": a term told between a post and `đối với`


def _concerned(toks: list[Tok], ordered: list[Mention], after: int) -> Mention | None:
    """The person a decision told before them concerns: `điều động, phân công giữ chức Bí thư Tỉnh
    ủy X nhiệm kỳ 2020 - 2025 đối với bà Y` moves Y."""
    concerning = cues("concerning")
    for k in range(after, min(len(toks), after + MAX_TERM_TOKENS)):
        n = concerning.match(toks, k, lower_only=True)
        if n:
            return next((m for m in ordered if m.i - honorific_before(toks, m.i) == k + n), None)
    return None


def _opens_with_passive(toks: list[Tok]) -> bool:
    """The sentence opens with a clause told of someone not yet named (`Khi được điều động về
    ...`, `Sau khi được luân chuyển ...`): its move belongs to the first person named after it."""
    n = cues("opener").match(toks, 0)
    return bool(n) and toks[n - 1].low == "được"


LIST_REACH = 3  # sentences: a list of moves goes on past up to two photo captions


def _listed_on(art: Article, toks: list[Tok], owner: Mention, marker: int) -> set[str]:
    """The kinds of the move told in a sentence just before, for a person who continues its list:
    named with a post in apposition (`Ông B, Giám đốc Sở X giữ chức ...`, `Bà C - Bí thư ...,
    giữ chức ...`), no verb of their own. The list goes on across sentences and line breaks, and
    past a caption that names no one, until a sentence names someone without telling a move.
    Elsewhere `ông A giữ chức ...` alone is a post held, and so is `ông B, ..., hiện giữ chức ...`."""
    if art.moved_in < 0 or art.list_broken or art.sentence_no - art.moved_in > LIST_REACH:
        return set()
    if not any(s >= owner.j for s, _ in owner.posts):
        return set()
    if any(_current_adverbs().match(toks, k) == marker - k for k in range(max(0, marker - 2), marker)):
        return set()
    return set(art.move_kinds)


@lru_cache(maxsize=1)
def _current_adverbs() -> Lexicon:
    return lexicon("official_current_adverbs.txt")


def _decider_after(art: Article, toks: list[Tok], k: int) -> str | None:
    """`<new post> theo quyết định (luân chuyển) của <body>`: the body that decided."""
    n = cues("by_decision").match(toks, k)
    if not n:
        return None
    for j in range(k + n, min(len(toks) - 1, k + n + 6)):
        if toks[j].low == "của":
            end = read_body(toks, j + 1, len(toks))
            return span_text(art.text, toks, j + 1, end) if end > j + 1 else None
    return None


def _by_decision_after(toks: list[Tok], k: int) -> set[str]:
    """`... Chủ tịch UBND xã Tả Van theo quyết định luân chuyển của Huyện ủy`: the verb after."""
    n = cues("by_decision").match(toks, k)
    return _kinds(toks, k + n, min(len(toks), k + n + 6)) if n else set()


def _from_post(art: Article, toks: list[Tok], mention: Mention, before: int,
               new: tuple[str, ...] = ()) -> str | None:
    """The post held before the move: the mention's own (but none of the `new` posts: `X là
    Thượng tướng Y, <post>` tells the new post before the name), `khi đang là ...`, or one met
    earlier."""
    folded_new = {fold(post) for post in new}
    own = [text for s, e in mention.posts if fold(text := span_text(art.text, toks, s, e)) not in folded_new]
    if own:
        return ", ".join(own)
    for k in range(max(mention.j, before - MAX_REACH), before):  # "được điều động từ Ban Tuyên giáo Huyện ủy về làm ..."
        if toks[k].low == "từ" and toks[k].is_lower:
            end = max(read_post(toks, k + 1, before), read_body(toks, k + 1, before))
            if end > k + 2:
                return span_text(art.text, toks, k + 1, end)
    former = cues("former")
    for k in range(max(0, before - MAX_REACH), before):
        n = former.match(toks, k)
        if n:
            end = read_post(toks, k + n, before)
            if end > k + n:
                return span_text(art.text, toks, k + n, end)
    return next((post for post in mention.person.posts if fold(post) not in folded_new), None)


def _decided_by(art: Article, toks: list[Tok], before: int) -> str | None:
    """`quyết định của Ban Thường vụ Thành ủy`, `được Ban Thường vụ Huyện ủy chỉ định`."""
    for k in range(max(0, before - MAX_REACH), before):
        if not (toks[k].is_cap and bodies().match(toks, k)):
            continue
        cue = toks[k - 1].low if k else ""
        end = read_body(toks, k, before)
        follows = _verb_follows(toks, end, before)
        if cue in ("của", "được") or (k == 0 and follows) or (cue == "," and follows):
            return span_text(art.text, toks, k, end)
    return None


def _verb_follows(toks: list[Tok], k: int, limit: int) -> bool:
    """A move verb at toks[k], perhaps after `đã`, `quyết định`: the body before it decided."""
    auxiliaries = cues("auxiliary")
    for _ in range(3):
        n = auxiliaries.match(toks, k, lower_only=True)
        if not n:
            break
        k += n
    return k < limit and bool(_verbs().match(toks, k, lower_only=True))


def _date(art: Article, sentence: tuple[int, int]) -> str | None:
    """The sentence's first date that is not a term of office or a document's date (once per sentence)."""
    if sentence not in art.dates:
        s, e = sentence
        art.dates[sentence] = next(
            (m.group() for m in _DATE_RE.finditer(art.text, s, e)
             if not _NOT_DATE_BEFORE_RE.search(art.text[max(s, m.start() - 30):m.start()])), None)
    return art.dates[sentence]


def _apply_move(art: Article, toks: list[Tok], sentence: tuple[int, int], mention: Mention, move: Move) -> None:
    person = mention.person
    from_post = move.left or _from_post(art, toks, mention, move.first_marker, tuple(move.posts))
    # the new posts, each completed by the body the move names ("đến nhận công tác tại Sở Tư pháp và bổ
    # nhiệm giữ chức Phó giám đốc"; "luân chuyển về xã Cô Ba giữ chức Chủ tịch UBND xã"); the body
    # itself only when no post is told
    posts = [completed_by(post, move.bodies[0]) for post in move.posts] if move.bodies else move.posts
    targets = posts or move.bodies
    rotated = bool(move.kinds & {"rotation", "swap"}) or move.motion or (
        "appoint" in move.kinds and from_post is not None and not same_unit(from_post, targets[0]))
    person.add_posts(posts)
    if person.rotated:
        person.refine_targets(posts)
        return
    if not rotated:
        if "appoint" in move.kinds and posts:
            person.pending = person.pending or ", ".join(posts)
        return
    if not posts and person.pending:
        targets = [person.pending]  # "phân công bà X giữ chức Y. ... điều động ... bà X tham gia Ban Chấp hành"
    person.rotated, person.from_post, person.targets = True, from_post, list(targets)
    person.to_post = ", ".join(targets)
    person.to_body = not posts and not person.pending
    person.date = _date(art, sentence)
    person.decided_by = _decided_by(art, toks, move.first_marker) or move.decider_after


MAX_ONE_OF = 8  # tokens from `là một trong` to the passive rotation verb: "36 cán bộ được Trung ương luân chuyển"


def _one_of_rotated(toks: list[Tok], mention: Mention) -> bool:
    """`X(, <post>,) là một trong 36 cán bộ được Trung ương luân chuyển về ...`: one of the rotated."""
    k = mention.after + (mention.after < len(toks) and toks[mention.after].text == ",")
    if k >= len(toks) or toks[k].low not in cues("one_of").by_first:
        return False  # a dict look-up settles nearly every person
    n = cues("one_of").match(toks, k, lower_only=True)
    if not n:
        return False
    for m in range(k + n, min(len(toks) - 1, k + n + MAX_ONE_OF)):
        if toks[m].low == "được":
            kinds = _kinds(toks, m + 1, min(len(toks), m + 5))
            return "rotation" in kinds and not kinds & {"plan", "stay"}
    return False


def _introduced_as_rotated(toks: list[Tok], mention: Mention) -> bool:
    """`Là cán bộ được luân chuyển ..., Bí thư ... X` or `X, Bí thư ..., cán bộ được luân chuyển về ...`."""
    if _one_of_rotated(toks, mention):
        return True
    if not mention.posts:
        return False
    first = min(s for s, _ in mention.posts + [(mention.i, 0)])
    opener = cues("opener").match(toks, mention.floor)
    if opener and first > 0 and toks[first - 1].text == "," and first - mention.floor <= MAX_REACH \
            and "rotation" in _kinds(toks, mention.floor, first):
        return True
    k = mention.after
    if k < len(toks) and toks[k].text == "," and not _reported(toks, mention):
        n = cues("apposition").match(toks, k + 1)
        if n and "rotation" in _kinds(toks, k + 1 + n, min(len(toks), k + 1 + n + 3)):
            closed = any(t.text == "," for t in toks[k + 1 + n:k + 1 + n + MAX_REACH])
            return closed or toks[k + 1].low == "là"
    return False


def _reported(toks: list[Tok], mention: Mention) -> bool:
    """`Theo <post> <name>, ...`: what follows the comma is what the person said."""
    first = min([s for s, _ in mention.posts] + [mention.i])
    first -= honorific_before(toks, first)
    return first > 0 and toks[first - 1].low == "theo"


def _swap(art: Article, toks: list[Tok], mentions: list[Mention]) -> bool:
    """Two people with posts and a swap verb: each takes the other's post."""
    posted = [m for m in mentions if m.posts]
    if len(posted) != 2 or "swap" not in _kinds(toks, 0, len(toks)):
        return False
    a, b = posted
    for one, other in ((a, b), (b, a)):
        if one.person.rotated:
            continue
        one.person.rotated = True
        one.person.from_post = ", ".join(span_text(art.text, toks, s, e) for s, e in one.posts)
        one.person.to_post = ", ".join(span_text(art.text, toks, s, e) for s, e in other.posts)
    return True


def _read_sentence(art: Article, sentence: tuple[int, int]) -> None:
    art.sentence_no += 1
    before = (art.last, art.last_seen)  # who a pronoun may mean before this sentence's names
    toks = tokenize(art.text, *sentence)
    runs = capital_runs(toks)  # once: names and aliases both start from them
    named = _name_mentions(art, toks, runs, sentence)
    taken = {k for m in named for k in range(m.i, m.j)}
    mentions = sorted(named + _alias_mentions(art, toks, runs, taken), key=lambda m: m.i)
    mentions = sorted(mentions + _pronoun_mentions(art, toks, mentions, before), key=lambda m: m.i)
    for mention in mentions:
        mention.person.sightings.append(sighting(toks, mention.i, mention.j, mention.posts))
    _group_posts(art, toks, named)
    moves = _moves(art, toks, mentions)
    for mention, move in moves.values():
        _apply_move(art, toks, sentence, mention, move)
    if not moves:
        _replacement(art, toks, sentence, mentions)
    told = frozenset().union(*(move.kinds for _, move in moves.values())) & {"rotation", "appoint", "swap"}
    if told:
        art.moved_in, art.move_kinds, art.list_broken = art.sentence_no, told, False
    else:
        _maybe_end_list(art, *sentence)
    if not moves and _swap(art, toks, mentions):
        return
    for mention in named:
        person = mention.person
        if id(mention) in moves or person.rotated:
            continue
        if _introduced_as_rotated(toks, mention):
            person.rotated = True
            person.to_post = span_text(art.text, toks, *mention.posts[-1]) if mention.posts else None
            person.date = _date(art, sentence)
        elif (receiver := _received_by(art, toks, mention)) is not None:
            person.rotated, person.to_post, person.decided_by = True, receiver, receiver
            person.from_post = _from_post(art, toks, mention, mention.i)
            person.date = _date(art, sentence)
        elif _moved_to_a_level(toks, mention):
            person.rotated = True  # no post and no named unit: `to_post` stays empty
            person.from_post = _from_post(art, toks, mention, mention.i)
            person.date = _date(art, sentence)


MAX_GROUP_HEAD = 20  # tokens from a quantified title to the `gồm` / `là` that opens its list


def _group_posts(art: Article, toks: list[Tok], named: list[Mention]) -> None:
    """Posts told of a group, then its members: `Sở có 4 phó giám đốc nghỉ hưu gồm: ông A (SN
    1967), ông B và bà C`, `Các Thứ trưởng gồm: Đại tướng A, Thượng tướng B`, `3 Phó bí thư là
    ông A, ông B và ông C`; and `A và B, đều là Phó Giám đốc Sở X` (each of them)."""
    if not named:
        return
    for mention in named:  # "A (SN 1973) và B, đều là <post>": B's posts are A's too
        if mention.posts and _plural_copula_before(toks, mention):
            texts = [span_text(art.text, toks, s, e) for s, e in mention.posts]
            for one in _listed_with(toks, [m for m in named if m.after <= mention.i], replace(mention, posts=[])):
                one.person.add_posts(texts)
    if not _quantified_title_in(art.text, toks):
        return  # most sentences: no "4 phó giám đốc", "Các Thứ trưởng" to list the members of
    cues_ = cues("group")
    for c in cues_.starts(toks, lower_only=True):
        n = cues_.match(toks, c, lower_only=True)
        if not n:
            continue
        head = _group_head(toks, c, named)
        if head is None:
            continue
        text = span_text(art.text, toks, *head)
        start = c + n
        for mention in sorted((m for m in named if m.i >= start), key=lambda m: m.i):
            if not _list_gap(toks, start, mention.i - honorific_before(toks, mention.i)):
                break
            mention.person.add_posts([text])
            start = mention.after


@lru_cache(maxsize=1)
def _quantified_title_re() -> re.Pattern:
    """A number or quantifier, then a word a title (or its modifier) starts with: where a group
    may be told (`4 phó giám đốc`, `Các Thứ trưởng`)."""
    def either(words) -> str:
        return "|".join(sorted(map(re.escape, words), key=len, reverse=True))

    firsts = title_first_words()
    return re.compile(rf"(?i)(?<!\w)(?:\d+|{either(cue_words('quantifier'))})\s+(?:{either(firsts)})(?!\w)")


def _quantified_title_in(text: str, toks: list[Tok]) -> bool:
    """A quantifier or number right before a title (`4 phó giám đốc`, `Các Thứ trưởng`): a cheap
    search of the sentence's text (a superset: any word a title may start with) before the groups
    are looked for token by token."""
    return bool(toks) and _quantified_title_re().search(text, toks[0].start, toks[-1].end) is not None


def _group_head(toks: list[Tok], cue: int, named: list[Mention]) -> tuple[int, int] | None:
    """The quantified title a group cue at toks[cue] lists the members of (`4 phó giám đốc`, `Các
    Thứ trưởng`, `Hai Phó Giám đốc Sở X`), as a token range, else None: the nearest before the
    cue, with no one named in between."""
    starts = {m.i - honorific_before(toks, m.i) for m in named} | {m.i for m in named}
    for k in range(cue - 1, max(0, cue - MAX_GROUP_HEAD), -1):
        if k in starts or toks[k].text in (";", ":", "."):
            return None
        before = toks[k - 1]
        if (before.text.isdigit() or before.low in cue_words("quantifier")) and title_at(toks, k):
            end = read_post(toks, k, cue)
            return (k, end) if end > k else None
    return None


def _plural_copula_before(toks: list[Tok], mention: Mention) -> bool:
    """`đều là`, `cùng là` between a name and its posts: the posts are those of everyone listed."""
    first = min(s for s, _ in mention.posts)
    return first > mention.j and any(toks[k].low in ("đều", "cùng") for k in range(mention.j, first))


def _moved_to_a_level(toks: list[Tok], mention: Mention) -> bool:
    """`X, Trưởng phòng Nội vụ huyện, được luân chuyển về xã.`: a rotation told of the person
    just named, in the passive, to a level rather than a named unit or post. Only right after
    the person and their posts: in `X cho biết cán bộ được luân chuyển về xã` the cadres move."""
    k = mention.after
    if k < len(toks) and toks[k].text == ",":
        k += 1
    while k < len(toks) and toks[k].low in cue_words("auxiliary"):
        k += 1
    if k >= len(toks) or toks[k].low != "được":
        return False
    k += 1
    verbs = 0
    while k < len(toks):
        n = _verbs().match(toks, k, lower_only=True)
        if n and _VERB_KIND[" ".join(t.low for t in toks[k:k + n])] == "rotation":
            k, verbs = k + n, verbs + 1
        elif verbs and (toks[k].text == "," or toks[k].low == "và"):
            k += 1
        else:
            break
    if not verbs or k >= len(toks) or toks[k].low not in cue_words("motion"):
        return False
    n = lexicon("official_level_destinations.txt").match(toks, k + 1, lower_only=True)
    end = k + 1 + n
    return bool(n) and (end >= len(toks) or not toks[end].is_cap)


def _received_by(art: Article, toks: list[Tok], mention: Mention) -> str | None:
    """`UBND tỉnh Hà Nam tiếp nhận đồng chí X, <post in another province>`: X moves to the receiver."""
    first = mention.i - honorific_before(toks, mention.i)
    if first < 2 or " ".join(t.low for t in toks[first - 2:first]) != "tiếp nhận":
        return None
    return _decided_by(art, toks, first)


# A sentence can name, re-name or refer to a person only through a surname followed by a
# capital (PREFILTER), or through an honorific or pronoun ("đồng chí Thân", "anh được ...").
_HONORIFIC_WORD_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}])(?:{alternation(data_lines('official_honorifics.txt'))})(?![\p{{L}}\p{{M}}])",
    regex.IGNORECASE)
# An honorific right before a capital: the only way a sentence without a name can
# refer to someone far back ("đồng chí Thân", "Ông Hải"); a bare pronoun reaches back
# only PRONOUN_REACH sentences.
_ALIAS_CUE_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}])(?i:{alternation(data_lines('official_honorifics.txt'))})\s+\p{{Lu}}")


@dataclass(frozen=True)
class _Gate:
    """The patterns of `_may_mention_people`."""

    capital_pair: re.Pattern | regex.Pattern
    candidate: re.Pattern | regex.Pattern
    honorific: re.Pattern | regex.Pattern
    alias_cue: re.Pattern | regex.Pattern


_REGEX_GATE = _Gate(CAPITAL_PAIR_RE, PREFILTER, _HONORIFIC_WORD_RE, _ALIAS_CUE_RE)


@lru_cache(maxsize=1)
def _spelled_gate() -> _Gate:
    """`re` twins of the `regex` gate patterns, which `re` runs several times faster (as
    `posts.tokenize` does): each `\\p{..}` class, `\\s` and case-insensitive letter is
    spelled out as the characters below SPELLED_BELOW that `regex` itself matches, so on
    a sentence without a character beyond they match where the originals do.

    The phrases are alternatives that each open with one literal character, the
    lookbehind after it: `re` then skips in C to the characters that can open a
    match, instead of trying the lookbehind at every position."""
    space, upper, lower = spelled(r"\s"), spelled(r"\p{Lu}"), spelled(r"[\p{Ll}\p{M}]")
    letter, any_case_letter = spelled(r"[\p{L}\p{M}]"), spelled(r"(?i:[\p{L}\p{M}])")
    capital_pair = re.compile(rf"{upper}(?:{lower}*+|['’]){space}+{upper}")
    surnames = _surname_trie(SURNAMES, letter, space, f"{upper}{lower}*")
    candidate = re.compile(rf"{surnames}{space}+{upper}{lower}*(?!{letter})")
    below = "".join(map(chr, range(SPELLED_BELOW)))
    phrases = [(first, "".join(_any_case(char, space) for char in phrase[1:]))
               for phrase in data_lines("official_honorifics.txt")
               for first in regex.findall(f"(?i:{regex.escape(phrase[0])})", below)]  # each case of the first
    honorific = re.compile(rf"{_literal_led(phrases, any_case_letter)}(?!{any_case_letter})")
    alias_cue = re.compile(rf"{_literal_led(phrases, letter)}{space}+{upper}")  # as _ALIAS_CUE_RE: (?i:) on words
    return _Gate(capital_pair, candidate, honorific, alias_cue)


def _literal_led(phrases: list[tuple[str, str]], letter: str) -> str:
    """Alternatives (first character, rest as a pattern) not preceded by a `letter`: one per
    first character, opening with it literally, its rests after it, longest first."""
    rests: dict[str, set[str]] = {}
    for char, rest in phrases:
        rests.setdefault(char, set()).add(rest)
    branches = []
    for char, ends in sorted(rests.items()):
        longest_first = "|".join(sorted(ends, key=lambda rest: (-len(rest), rest)))
        branches.append(f"{re.escape(char)}(?<!{letter}{re.escape(char)})(?:{longest_first})")
    return "(?:" + "|".join(branches) + ")"


def _surname_trie(names: tuple[str, ...], letter: str, space: str, glued: str) -> str:
    """The surnames as one pattern shaped like a trie (`Tr(?:ần|ương|ịnh)`), each first character
    literal and followed by the lookbehind, as `_literal_led` does: `re` tries each character of a
    surname once instead of every surname that shares its start. A surname written with an
    apostrophe (H') may have the next syllable glued to it (`glued`: `H'Hen`)."""
    trie: dict = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}
        if name.endswith(("'", "’")):
            node["glued"] = {}

    def branches(node: dict) -> str:
        parts = [glued if char == "glued" else "" if char == "" else
                 (space + "+" if char == " " else re.escape(char)) + branches(child)
                 for char, child in sorted(node.items(), key=lambda item: item[0] == "")]  # the end last
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    return "(?:" + "|".join(f"{re.escape(char)}(?<!{letter}{re.escape(char)}){branches(child)}"
                            for char, child in sorted(trie.items())) + ")"


def _spelled_rest(phrase: str, space: str) -> str:
    """A phrase after its first character, literally, a space matching `\\s+` (as in `alternation`)."""
    return re.escape(phrase[1:]).replace(r"\ ", space + "+")


def _any_case(char: str, space: str) -> str:
    """One character of a phrase matched case-insensitively by `regex` (a space: `\\s+`, as in `alternation`)."""
    return space + "+" if char == " " else spelled(f"(?i:{regex.escape(char)})")


def _gate(text: str, start: int, end: int) -> _Gate:
    return _REGEX_GATE if beyond_spelled(text, start, end) else _spelled_gate()


def _may_mention_people(art: Article, start: int, end: int) -> bool:
    """A cheap test that skips most sentences: the full reading is the costly part.

    Without two capitalised words in a row and a surname before a capital (PREFILTER)
    a sentence names no one, so its honorifics and pronouns can only refer back to
    someone named before: before the article's first person such a sentence changes
    nothing, and far from the last one named only an honorific before a capital
    (`ông Hải`) can.
    """
    gate = _gate(art.text, start, end)
    if gate.capital_pair.search(art.text, start, end) and gate.candidate.search(art.text, start, end):
        return True
    if art.last is None:
        return False
    if art.sentence_no + 1 - art.last_seen > PRONOUN_REACH:  # +1: this sentence's number
        return _may_hold_alias(art, gate, start, end)
    return bool(gate.honorific.search(art.text, start, end))


MAX_SYLLABLE_TESTS = 32  # past this many distinct names the regex alone is cheaper, and time stays linear


def _may_hold_alias(art: Article, gate: _Gate, start: int, end: int) -> bool:
    """An honorific before a capital, and the last syllable of someone named before.

    The cue is looked for first: with the `re` twin, one search is cheaper than
    folding the sentence, and most sentences have none. Then the syllables, in the
    folded sentence (a few substring searches): an alias folds to the tail of a known
    name, and folding (NFC, case) keeps a word that stands between spaces a substring.
    """
    if not gate.alias_cue.search(art.text, start, end):
        return False
    if len(art.last_syllables) > MAX_SYLLABLE_TESTS:
        return True
    folded = unicodedata.normalize("NFC", art.text[start:end]).casefold()
    return any(syllable in folded for syllable in art.last_syllables)


# A photo caption or credit inside a list of moves ("... (Ảnh: Tỉnh ủy)"): page furniture, not the end of the list
_CAPTION_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}])(?i:{alternation(data_lines('official_byline_cues.txt'))})\s*:")


_WORD_RE = re.compile(r"[^\W\d_]{2,}")  # a word of two letters or more: "2." or "-" alone is no sentence


def _maybe_end_list(art: Article, start: int, end: int) -> None:
    """After a sentence that tells no move: one that ends with a colon and has move verbs opens a
    list of moves (`... điều động, bổ nhiệm các cán bộ sau:`); any other ends the list, unless it
    is a photo caption or a bare item number (`2.`)."""
    if art.text[end - 1] == ":":
        toks = tokenize(art.text, start, end)
        kinds = _kinds(toks, 0, len(toks)) & {"rotation", "appoint"}
        if kinds:
            art.moved_in, art.move_kinds, art.list_broken = art.sentence_no, frozenset(kinds), False
            return
    if art.moved_in >= 0 and not art.list_broken and _WORD_RE.search(art.text, start, end) \
            and not _CAPTION_RE.search(art.text, start, end):
        art.list_broken = True


def find_officials(segmented: SegmentedText) -> list[Found]:
    art = Article(segmented)
    for s, e in segmented.sentences:
        if _may_mention_people(art, s, e):
            _read_sentence(art, (s, e))
        else:
            art.sentence_no += 1  # sentence distance still counts for pronouns
            if art.text[e - 1] == ":" or (art.moved_in >= 0 and not art.list_broken):  # most sentences: neither
                _maybe_end_list(art, s, e)
    people = list({id(p): p for p in art.people.values()}.values())  # once each: a short name may be an alias
    # every person's mentions, kept or not: a birth year must not go to the wrong one
    bios = biographies(art.text, segmented.sentences, [p.sightings for p in people], [p.posts for p in people])
    return [Found("official", p.start, p.end, p.sentence, p.fields() | bio)
            for p, bio in zip(people, bios) if p.posts or p.rotated]


def word_windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where the name reading needs underthesea's words: around capitalised runs holding a candidate
    (found with the `re` twin of PREFILTER where it can read the sentence: several times faster)."""
    return name_windows(text, start, end, _gate(text, start, end).candidate)


EXTRACTOR = Extractor("rotation_officials", "official", find_officials, word_windows=word_windows)
