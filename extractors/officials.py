"""Officials: named people holding a post, and the moves that rotated them.

One record per person per article, at the first mention, once the person is
known to hold a post: a post around a name (`Bí thư Quận ủy Tây Hồ Lê Thị Thu
Hằng`, `đồng chí Tống Thị Quỳnh Hoa, Trưởng Ban tổ chức Thành ủy`) or a move
that gives one. Later mentions (`đồng chí Thân`, `ông Hải`, the full name again,
a bare `anh` in a biography) add to the same person.

A move is read from a marker of the new post (`giữ chức vụ`, `làm`, `về nhận
công tác tại`) and the verbs before it (`luân chuyển, chỉ định`, `được điều
động`): the person moved is the one named last before the marker. A rotation
verb makes it a rotation; an appointment verb only when the person comes from
another unit (`công chức Phòng ... huyện Nậm Pồ` -> `Chủ tịch UBND xã Pa Tần`).
Also: a person introduced as a rotated cadre (`Là cán bộ được luân chuyển từ
huyện về xã, Bí thư Đảng ủy xã ...`), and two people swapping posts.

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
from dataclasses import dataclass, field
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
    SPELLED_BELOW, Lexicon, Tok, beyond_spelled, bodies, cue_words, cues, honorifics, lexicon, lexicon_of,
    posts_after, posts_chain_before, post_before, read_body, read_post, same_unit, span_text, spelled, title_at,
    tokenize,
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
# A sentence can hold a person's name only if a surname is followed by another
# capitalised syllable; only those sentences get the expensive word segmentation.
PREFILTER = regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{alternation(SURNAMES)})\s+\p{{Lu}}[\p{{Ll}}\p{{M}}]*(?![\p{{L}}\p{{M}}])")


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
    sightings: list[Sighting] = field(default_factory=list, repr=False)  # every mention, for the biography
    _folded: set[str] = field(default_factory=set, repr=False)

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

    @property
    def after(self) -> int:
        """The token after the mention and its posts that follow it."""
        return max([self.j] + [e for s, e in self.posts if s >= self.j])


class Article:
    """People found so far in one article, by folded name, in order of first mention."""

    def __init__(self, segmented: SegmentedText):
        self.text = segmented.text
        self.segmented = segmented  # its words (or syllables), segmented when asked for
        self.people: dict[str, Person] = {}
        self.by_tail: dict[tuple[str, ...], Person] = {}  # last syllables of a name -> latest person
        self.last_syllables: set[str] = set()  # each name's last syllable, folded: every alias ends with one
        self.last: Person | None = None
        self.dates: dict[tuple[int, int], str | None] = {}
        self.sentence_no = 0  # sentences read so far
        self.last_seen = -1   # the sentence where `last` was named
        # the last sentence that told a move, and its kinds: a list of moves may go on in the
        # next sentence without a verb ("Ông B, <post> giữ chức <new post>.")
        self.moved_in = -1
        self.move_kinds: frozenset[str] = frozenset()

    def person(self, name: str, start: int, end: int, sentence: tuple[int, int]) -> Person:
        key = fold(name)
        if key not in self.people:
            self.people[key] = Person(name, start, end, sentence)
        self.last, self.last_seen = self.people[key], self.sentence_no
        syllables = tuple(key.split())
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
    for name in find_names(art.text, toks, art.words_in(name_ranges(toks, runs)), runs):
        if _is_byline(toks, name):
            continue
        before = post_before(toks, name.i - name.honorific if name.honorific else name.i, floor)
        if before is None and name.honorific:
            before = post_before(toks, name.i, floor)
        posts = posts_chain_before(toks, before[0], floor) + [before] if before else []
        posts += posts_after(toks, name.j, len(toks))
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


def _pronoun_mentions(art: Article, toks: list[Tok], named: list[Mention]) -> list[Mention]:
    """A bare `anh`, `ông`, `đồng chí` before a move verb: the person the article is about."""
    if art.last is None or art.sentence_no - art.last_seen > PRONOUN_REACH:
        return []  # a bare "anh" far from any name is not resolved
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
        window = range(k + n, min(len(toks), k + n + 4))
        if any(_verbs().match(toks, w, lower_only=True) for w in window):
            found.append(Mention(art.last, k, k + n, [], 0))
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

    @property
    def targets(self) -> list[str]:
        """The new posts; the destination body only when no post is stated
        (`luân chuyển về xã Cô Ba giữ chức Chủ tịch UBND xã`: the post)."""
        return self.posts or self.bodies


def _target(toks: list[Tok], k: int, n: int, limit: int) -> tuple[list[tuple[int, int]], bool]:
    """The post(s) or body after the marker toks[k:k+n], and whether it is a body."""
    j = k + n
    posts = []
    while j < limit:
        end = read_post(toks, j, limit)
        if end == j:
            break
        posts.append((j, end))
        if end + 1 < limit and toks[end].text == "," and title_at(toks, end + 1):
            j = end + 1  # "Phó Bí thư Đảng ủy xã, Chủ tịch UBND xã Pa Tần"
            continue
        break
    if posts or _MARKER_KIND[" ".join(t.low for t in toks[k:k + n])] != "body":
        return posts, False
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
    moves: dict[int, tuple[Mention, Move]] = {}
    if not mentions:
        return moves  # no one to move
    ordered = sorted(mentions, key=lambda m: m.j)
    seen = 0          # mentions ending before the current token
    last_moved = None  # the latest mention already given a move
    resume = 0        # tokens before this were read with a move
    for k in _markers().starts(toks, lower_only=True):  # only where a marker may start
        if k < resume:
            continue
        while seen < len(ordered) and ordered[seen].j <= k:
            seen += 1
        n = _markers().match(toks, k, lower_only=True)
        owner = ordered[seen - 1] if n and seen and k - ordered[seen - 1].j <= MAX_REACH else None
        if n and not seen and _opens_with_passive(toks):
            owner = ordered[0]  # "Kể từ khi được luân chuyển về giữ chức ..., anh X ...": X, named after
        targets, is_body = _target(toks, k, n, len(toks)) if owner else ([], False)
        if not targets or (not seen and owner.i - targets[-1][1] > FRONTED_REACH):
            continue
        marker = " ".join(t.low for t in toks[k:k + n])
        lo = max(ordered[seen - 2].after if seen > 1 else 0, k - MAX_REACH)
        if last_moved is not None:
            inherited = set(moves[id(last_moved)][1].kinds)
        else:
            inherited = _listed_on(art, toks, owner, k)
        kinds = _kinds(toks, lo, k) or inherited
        kinds |= _by_decision_after(toks, targets[-1][1])
        decider_after = _decider_after(art, toks, targets[-1][1])
        motion = marker.split()[0] in cue_words("motion")
        if kinds & {"plan", "stay"} or (_MARKER_KIND[marker] == "body" and not kinds & {"rotation", "swap"}):
            resume = k + n
            continue
        if not (kinds & {"rotation", "appoint", "swap"} or motion):
            # "ông A giữ chức Chủ tịch xã": a post held, not a move
            owner.person.add_posts([span_text(art.text, toks, s, e) for s, e in targets])
            resume = targets[-1][1]
            continue
        _, move = moves.setdefault(id(owner), (owner, Move(first_marker=k)))
        move.decider_after = move.decider_after or decider_after
        last_moved = owner
        move.kinds |= kinds
        move.motion |= motion
        found = move.bodies if is_body else move.posts
        found += [span_text(art.text, toks, s, e) for s, e in targets if
                  fold(span_text(art.text, toks, s, e)) not in map(fold, found)]
        resume = targets[-1][1]
    return moves


def _opens_with_passive(toks: list[Tok]) -> bool:
    """The sentence opens with a clause told of someone not yet named (`Khi được điều động về
    ...`, `Sau khi được luân chuyển ...`): its move belongs to the first person named after it."""
    n = cues("opener").match(toks, 0)
    return bool(n) and toks[n - 1].low == "được"


def _listed_on(art: Article, toks: list[Tok], owner: Mention, marker: int) -> set[str]:
    """The kinds of the move told in the sentence right before, for a person who continues its
    list: named with a post in apposition (`Ông B, Giám đốc Sở X giữ chức ...`), no verb of
    their own. Any other sentence starts afresh: `ông A giữ chức ...` alone is a post held,
    and so is `ông B, ..., hiện giữ chức ...`."""
    if art.moved_in != art.sentence_no - 1 or owner.j >= len(toks) or toks[owner.j].text != ",":
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


def _from_post(art: Article, toks: list[Tok], mention: Mention, before: int) -> str | None:
    """The post held before the move: the mention's own, `khi đang là ...`, or one met earlier."""
    own = [span_text(art.text, toks, s, e) for s, e in mention.posts]
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
    return art_posts[0] if (art_posts := mention.person.posts) else None


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
    from_post = _from_post(art, toks, mention, move.first_marker)
    to_post = ", ".join(move.targets)
    rotated = bool(move.kinds & {"rotation", "swap"}) or move.motion or (
        "appoint" in move.kinds and from_post is not None and not same_unit(from_post, move.targets[0]))
    person.add_posts(move.posts)
    if rotated and person.rotated and person.to_body and move.posts:
        person.to_post, person.to_body = to_post, False  # "đến nhận công tác tại Sở X. Ông ... giữ chức Giám đốc Sở X"
    if not rotated or person.rotated:
        return
    person.rotated, person.from_post, person.to_post = True, from_post, to_post
    person.to_body = not move.posts
    person.date = _date(art, sentence)
    person.decided_by = _decided_by(art, toks, move.first_marker) or move.decider_after


def _introduced_as_rotated(toks: list[Tok], mention: Mention) -> bool:
    """`Là cán bộ được luân chuyển ..., Bí thư ... X` or `X, Bí thư ..., cán bộ được luân chuyển về ...`."""
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
    toks = tokenize(art.text, *sentence)
    runs = capital_runs(toks)  # once: names and aliases both start from them
    named = _name_mentions(art, toks, runs, sentence)
    taken = {k for m in named for k in range(m.i, m.j)}
    mentions = sorted(named + _alias_mentions(art, toks, runs, taken), key=lambda m: m.i)
    mentions = sorted(mentions + _pronoun_mentions(art, toks, mentions), key=lambda m: m.i)
    for mention in mentions:
        mention.person.sightings.append(sighting(toks, mention.i, mention.j, mention.posts))
    moves = _moves(art, toks, mentions)
    for mention, move in moves.values():
        _apply_move(art, toks, sentence, mention, move)
    told = frozenset().union(*(move.kinds for _, move in moves.values())) & {"rotation", "appoint", "swap"}
    if told:
        art.moved_in, art.move_kinds = art.sentence_no, told
    if not moves and _swap(art, toks, mentions):
        return
    for mention in named:
        person = mention.person
        if id(mention) in moves or person.rotated:
            continue
        if _introduced_as_rotated(toks, mention):
            person.rotated = True
            person.to_post = span_text(art.text, toks, *mention.posts[-1])
            person.date = _date(art, sentence)
        elif (receiver := _received_by(art, toks, mention)) is not None:
            person.rotated, person.to_post, person.decided_by = True, receiver, receiver
            person.from_post = _from_post(art, toks, mention, mention.i)
            person.date = _date(art, sentence)
        elif _moved_to_a_level(toks, mention):
            person.rotated = True  # no post and no named unit: `to_post` stays empty
            person.from_post = _from_post(art, toks, mention, mention.i)
            person.date = _date(art, sentence)


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
    surnames = _literal_led([(name[0], _spelled_rest(name, space)) for name in SURNAMES], letter)
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


def find_officials(segmented: SegmentedText) -> list[Found]:
    art = Article(segmented)
    for s, e in segmented.sentences:
        if _may_mention_people(art, s, e):
            _read_sentence(art, (s, e))
        else:
            art.sentence_no += 1  # sentence distance still counts for pronouns
    people = list(art.people.values())
    # every person's mentions, kept or not: a birth year must not go to the wrong one
    bios = biographies(art.text, segmented.sentences, [p.sightings for p in people], [p.posts for p in people])
    return [Found("official", p.start, p.end, p.sentence, p.fields() | bio)
            for p, bio in zip(people, bios) if p.posts or p.rotated]


def word_windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where the name reading needs underthesea's words: around capitalised runs holding a candidate."""
    return name_windows(text, start, end, PREFILTER)


EXTRACTOR = Extractor("rotation_officials", "official", find_officials, word_windows=word_windows)
