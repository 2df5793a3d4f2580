"""The article's people: who has been named so far, each mention of them, and their aliases.

A `Person` is one real person of the article, with their aliases, posts and move; a `Mention`
is one place a sentence names them (a full name, an alias or a pronoun) with its own posts.
The `Article` keeps the people by folded name, finds a person from part of their name
(`đồng chí Thân` -> `Lò Văn Thân`; `Đỗ Thuần` after `Đỗ Văn Thuần`), remembers who was named last
and whether a list of moves is still going on, and segments into words only the sentences the
name reading asks about.

Entry points: `Article(segmented)`, `Article.person(name, start, end, sentence)`,
`Article.by_alias(alias)`, `vacated_post(person)` (the post a person replaced left),
`cut_short(people)` (names a page's end cut to an initial).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from operator import itemgetter

from extractors.biography import Sighting
from extractors.names import Words
from extractors.officials.language import fold
from extractors.officials.mergers import stated_mergers
from extractors.posts import completed_by, cue_words, moved_between, same_unit
from textmodel import SegmentedText, Span


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
    left_by_move: str | None = None  # a post left under a rotation verb: "điều động A thôi giữ chức X ..."
    past_move: bool = False  # the move told is one of the past ("từng được luân chuyển làm X"): news may follow
    move_year: int | None = None  # the year the move's sentence dates it to ("Tháng 12-2011, ông được ...")
    held_before: str | None = None  # the post a sentence `Trước khi được điều động, ông là X` tells was held
    # an appointment read as inside one unit, (old post, new post), its old post told whole ("Cục trưởng Cục X,
    # Bộ Y" -> "Thứ trưởng Bộ Y"): told again with the old post cut short ("Cục trưởng Cục X"), still no move
    in_unit: tuple[str, str] | None = None
    sightings: list[Sighting] = field(default_factory=list, repr=False)  # every mention, for the biography
    _folded: set[str] = field(default_factory=set, repr=False)

    def refine_targets(self, posts: list[str], body_told: bool = False) -> None:
        """A post told again more fully replaces the new post it begins (`Trưởng phòng Kiểm tra
        nghiệp vụ` -> `... và Thi hành án TAND tỉnh`); a post at the destination body replaces the
        body (`Sở Nội vụ` -> `Giám đốc Sở Nội vụ`). After a move to a body only, a post told without
        its unit is held in that body (`được điều động về Sở X. Tại đây, ông giữ chức Phó Giám đốc
        Sở` -> `Phó Giám đốc Sở X`), unless the telling names a body of its own (`body_told`)."""
        if self.to_body and self.targets and not body_told:
            posts = [completed_by(post, self.targets[0]) for post in posts]
        for post in posts:
            folded = fold(post)
            for number, target in enumerate(self.targets):
                shorter = fold(target)
                if folded != shorter and (folded.startswith(shorter) or (self.to_body and (
                        shorter in folded or folded.endswith(" " + _named_part(target))))):
                    self.targets[number] = post
                    self.to_body = False
                    break
        if self.targets:
            self.to_post = ", ".join(self.targets)

    def annul_move(self) -> None:
        """The move read for this person was withdrawn later in the article (`thu hồi quyết định tiếp nhận
        ông A`): no move; the posts told stay."""
        self.rotated, self.from_post, self.to_post, self.date, self.decided_by = False, None, None, None, None
        self.to_body, self.targets, self.past_move, self.move_year = False, [], False, None

    def settle_left_by_move(self) -> None:
        """A post left under a rotation verb with no new post told there (`điều động A thôi giữ chức
        Bí thư Tỉnh ủy X; ...` on a page cut short): the move is to the post the article gives A in
        another unit (`Bí thư Tỉnh ủy Y`, in the headline), not a membership or a former post."""
        if self.left_by_move is None or (self.rotated and self.to_post):
            return
        left = fold(self.left_by_move)
        elsewhere = [post for post in self.posts if fold(post) not in left
                     and not fold(post).startswith(tuple(cue_words("not_moved_to")))
                     and not same_unit(self.left_by_move, post)]
        if elsewhere:
            self.rotated, self.to_post, self.from_post = True, elsewhere[0], self.left_by_move
            self.targets = [elsewhere[0]]

    def settle_pending_by(self, elected: list[str]) -> None:
        """The news first, an appointment with no sign yet of another unit (`được phân công làm Bí
        thư Thành ủy X`), then an election or approval in another unit (`Sau đó, ông được Quốc hội
        phê chuẩn làm Bộ trưởng Y`): the two posts are in different units, so the news one was a
        move, as a later appointment elsewhere would tell (`sentence._apply_move`)."""
        if self.pending is None or self.rotated or not elected or fold(elected[0]) == fold(self.pending) \
                or same_unit(self.pending, elected[0]) or fold(self.posts[0] if self.posts else "") != fold(self.pending):
            return
        self.rotated, self.to_post, self.from_post = True, self.pending, ", ".join(elected)
        self.targets = [self.pending]

    def settle_pending_by_held(self, held: str) -> None:
        """An appointment with no post held told (`được bổ nhiệm Giám đốc Sở X`), then the post held just
        before it (`Trước đó, bà giữ chức Phó Giám đốc Sở Y`): a move when the two are in different units."""
        if self.pending is None or self.rotated or fold(held) == fold(self.pending) or not moved_between(held, self.pending):
            return
        self.rotated, self.to_post, self.from_post = True, self.pending, held
        self.targets = [self.pending]

    def settle_from_post(self) -> None:
        """A move told with no post left (`ông A được điều động giữ chức Bí thư Huyện ủy Y`), and elsewhere
        the post held before it (`Trước khi được điều động, ông là Phó Giám đốc Sở X`): that post was left."""
        if self.rotated and self.from_post is None and self.held_before is not None \
                and fold(self.held_before) not in {fold(self.to_post or "")} | {fold(t) for t in self.targets}:
            self.from_post = self.held_before

    def holds(self, post: str) -> bool:
        """Whether the post was told as one of this person's before (compared folded)."""
        return fold(post) in self._folded

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


# a Party organ founded, told in the passive: the organ, a few words, then "(chính thức) được thành lập"
_PARTY_ORGAN_FOUNDED_RE = re.compile(r"(?:đảng bộ|chi bộ|đảng ủy)[^.;\n]{0,80}?(?:chính thức )?được thành lập")


class Article:
    """People found so far in one article, by folded name, in order of first mention."""

    def __init__(self, segmented: SegmentedText):
        self.text = segmented.text
        # where the text's last character other than white space ends: a sentence ending before it
        # is not the text's last (one test per sentence instead of a copy of the rest of the text)
        self.text_end = len(self.text.rstrip())
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
        # the last sentence that told a decision of moves naming no one moved (`công bố quyết định về
        # việc điều động, bổ nhiệm chức vụ X`), and its kinds: `Theo đó, ông A, <post> giữ chức X` is its move
        self.decided_in = -1
        self.decided_kinds: frozenset[str] = frozenset()
        # the unit a heading inside the open list of moves names (`1. Sở Nội vụ:`), until the next heading
        # or the list's end: the bare titles its items give (`- Giám đốc: ông A, <post held>`) are in that unit
        self.heading: str | None = None
        # the person a line holding only their name named, and where that line ends: a post on the
        # next line is theirs (`mentions.caption_post`)
        self.caption: tuple[Person, int] | None = None
        self._mergers: list[tuple[str, str]] | None = None
        self._new_party_organ: bool | None = None

    def founds_party_organ(self) -> bool:
        """Whether the text tells a Party organ founded (`thành lập Đảng bộ Sở X`, `Ban Chấp hành lâm
        thời`; official_cues.tsv `new_party_organ`), also in the passive (`4 Đảng bộ trực thuộc Tỉnh ủy
        chính thức được thành lập`), read once, when a move first asks."""
        if self._new_party_organ is None:
            lowered = self.text.lower()
            self._new_party_organ = any(phrase in lowered for phrase in cue_words("new_party_organ")) \
                or _PARTY_ORGAN_FOUNDED_RE.search(lowered) is not None
        return self._new_party_organ

    def mergers(self) -> list[tuple[str, str]]:
        """The mergers the text states (`mergers.stated_mergers`), read once, when a move first asks."""
        if self._mergers is None:
            self._mergers = stated_mergers(self.text)
        return self._mergers

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


def vacated_post(person: Person) -> str | None:
    """The post a person left, which their replacement takes: the one they were moved from, or the
    one they held."""
    if person.rotated and person.from_post:
        return person.from_post
    return person.posts[0] if person.posts else None


def cut_short(people: list[Person]) -> list[Person]:
    """The people whose name ends in a lone initial that begins the last word of another person's
    longer name (`Trần Văn H` beside `Trần Văn Hải`): the same person, the page cut off mid-name.
    A name whose last word is one letter on its own (`Ksor Y`) stays: only the longer name beside
    it tells that the letter is a cut. One pass over the people, each full name filed under what
    its cut would read (the words before the last, and the last word's first letter)."""
    folded = [tuple(fold(p.name).split()) for p in people]
    cuts_of_full = {words[:-1] + (words[-1][0],) for words in folded if len(words) >= 2 and len(words[-1]) > 1}
    return [person for person, words in zip(people, folded)
            if len(words) >= 2 and len(words[-1]) == 1 and words in cuts_of_full]


def _named_part(body: str) -> str:
    """A destination's name without its lower-case type word (`huyện Z` -> `z`), folded:
    the post held there names it after its committee (`Phó Bí thư Huyện ủy Z`)."""
    folded = fold(body)
    _, _, name = folded.partition(" ")
    return name if name and body[:1].islower() else folded
