"""Counts: how many cadres were rotated, in which direction, and how totals break down.

A count is a number of people (`15 đồng chí`, `hơn 100 cán bộ`, `hai đồng chí`)
governed by a rotation verb (`luân chuyển`, `điều động`, `biệt phái`,
`tiếp nhận`, ...). Articles mix these with people trained, planned, nominated
or admitted, so each number goes to the verb that governs it:

1. a verb right before the number (`đã điều động, luân chuyển 15 đồng chí`);
2. else the number's own predicate right after it (`169 lượt cán bộ được
   luân chuyển`, `26 đồng chí đi học`);
3. else the nearest verb before it in the clause (`số cán bộ ... được luân
   chuyển là 11 đồng chí`, `luân chuyển về phường, xã ... 07 đồng chí`).

Blocking verbs (trained, planned, nominated, ...) win the same way; an
appointment (`bổ nhiệm`) counts only when it moves people from one level to another. One verb
may govern a list of numbers (`luân chuyển 15 cán bộ ..., 40 cán bộ ...`), and
a clause with no verb continues the list before it (`...; từ xã lên huyện 6
người`). A breakdown after `Trong đó` (`gồm`, `cụ thể`, `theo đó`, a bulleted
list, or unit-less numbers in brackets `45 cán bộ (tỉnh về huyện 15, ...)`), or a whole the
sentence opens with (`Trong số 45 cán bộ được luân chuyển, có 12 người về xã ...`),
gives parts that point at their total (`part_of`), and the total says whether
they add up (`parts_sum_ok`). A heading with no count that ends in `:` and reports moves
(`Kết quả luân chuyển cán bộ nhiệm kỳ qua:`) makes counts of the bullets after it that open
with where their people went (`- Từ tỉnh về huyện: 12 đồng chí;`). A number told as the new
value of the count before (`Năm 2024, con số này là 15 cán bộ`) is a count of the same kind. Parts that do not say where people went (by rank,
gender, promotion) are optional in the gold and left out. A count the article
tells again (headline, lead, caption, body) is written once. Counts of a sentence opening a
breakdown (`Trong đó, huyện A đã tiếp nhận 55 người, huyện B 48 người`) that add up to a number
told just before and counted nowhere (`thu hút được 103 trí thức trẻ`: a recruitment) are that
whole's parts, not counts.

Direction comes from the level words in the count's own stretch of text:
`từ huyện về xã`, `về phường`, `lên ... tỉnh`, `cán bộ tỉnh về`, `luân chuyển
ngang`, `từ cơ quan Đảng sang chính quyền`. `thành phố`, `cơ sở` and
`địa phương` are read from the article's vantage point: the level of the unit
the article is about, found from its Party committee and unit names and the
gazetteer. A destination with no stated origin starts at that unit; a unit
that receives cadres is their destination. After `về làm/giữ/đảm nhận` the level of
the post's body is the destination (`... Phó Bí thư Đảng ủy các xã`). No direction is
guessed: cadres of a level sent `về` nowhere named, or received from the article's own
level with no acting unit named, have no destination, not a lateral move. A count that names
no level takes the move of the policy its sentence carries out (`Thực hiện chủ trương điều động
công chức về các xã, Sở ... tổng hợp danh sách 26 công chức ...`). When the count's people are
then named one by one, each with the post left and the post taken (`Cụ thể: đồng chí A, Chủ tịch
UBND xã X được điều động giữ chức ... xã Y; ...`), and all moves agree, they say where the
count's people came from and went, over an origin read only from the deciding body.

A breakdown opening a sentence (`Theo đó, có 5 cán bộ từ huyện về ...`) reaches its
total across up to two sentences that name no people and no other work (a photo
caption); so does a sentence opening `Theo quyết định,` (`data/count_breakdown_openers.txt`),
which details the decision the total was announced with, like a bullet of a list. People rotated in pairs (`02 cặp gồm 04 cán bộ`) are counted as people,
lateral when the sentence or the one before says `giữa các xã`/`với nhau`. `một đồng chí`
is a count of one only in a reported move (past, right after its verb, with a direction)
or as a part of a total.

Each number looks only at the text near it: the sentence's verbs are indexed by position,
and every look-around has a window (`_GOVERN_WINDOW`, `_SUBJECT_WINDOW`, ...), so one long
clause with many numbers costs time in proportion to its length.

Most sentences name no number of people, and are passed over: the article is scanned once
for the places a number may start (`numbers.NumberIndex`), and a sentence goes on only if a
unit follows one of them, or it has the digits and words a bracketed or `là N` count needs
(`may_mention`). The big patterns (verbs, levels, motion words) are tried only where their
first words stand (`Heads`), found on the lower-cased text with the standard `re`. Each of
these gives exactly what the plain scan gives (tests/test_counts_speed.py).

All the language (verbs, units, levels, cues) lives in `data/count_*`.

The package, one job a module: `language` (the patterns read from `data/count_*`), `mentions`
(which numbers are counts of people), `verbs` (which verb governs each number, and whether it
is planned), `levels` (level words, moves, direction), `vantage` (the article's own level),
`breakdowns` (markers, clauses, brackets, parts and totals), `sentences` (one sentence's
counts, described), `restatements` (one fact told several times) and `listings` (the moves
listed person by person after a count). Here `find_counts` walks the article's sentences,
carries a total on to the sentences that break it down, writes a count told several times
once (a part then takes the origin its total took from a restatement), reads the moves listed
after each count, and points parts at their totals.

Entry point: `find_counts(segmented) -> list[Found]` (spaCy component `rotation_counts`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache

import regex

from extractors.base import Extractor, Found
from extractors.counts.breakdowns import _BRIDGE, _BULLET_RE, _breakdown_marker, _bridges
from extractors.counts.language import Cue, Span, _compile, _phrases
from extractors.counts.listings import listed_direction
from extractors.counts.mentions import Mention, may_mention
from extractors.counts.restatements import drop_restatements
from extractors.counts.sentences import _total_origin, sentence_counts
from extractors.counts.vantage import _LazyVantage
from extractors.counts.verbs import cues_in
from extractors.heads import folded_text
from extractors.numbers import NumberIndex
from textmodel import SegmentedText


def find_counts(segmented: SegmentedText) -> list[Found]:
    """The counts of rotated people in an article, with the parts each total breaks into.

    Sentences are read in order (`sentence_counts`), and what one sentence leaves open is
    carried to the next: the last total, while a breakdown of it may still follow (until
    `_BRIDGE` sentences that say nothing of people, or one that does not bridge); whether the
    sentence before ended a total with `:` (its bullets are parts); the rotation verb of a
    heading with no count (its bullets and table rows are counts of that verb); and whether
    the sentence before was a list number alone. Then restatements of a count already found
    are dropped (`drop_restatements`), a part takes its origin from its total, counts listed
    with their levels get their moves (`_read_listed_moves`), and the kept counts and their
    part-of links become `Found`s."""
    text = segmented.text
    vantage = _LazyVantage(text)
    numbers = NumberIndex(text, folded_text(text))
    results: list[tuple[Mention, Span]] = []
    links: list[tuple[Mention, Mention]] = []
    last: Mention | None = None     # the last total, while a breakdown may still follow
    quiet = 0                       # sentences since it that said nothing of people or other work
    list_open = False               # the sentence before ended with ":" after a total
    header: Cue | None = None       # the rotation verb of a heading with no count ending in ":"
    context_start = 0
    marked = False                  # the sentence before was a list number alone (`1.`), split from its item
    sentences = segmented.sentences
    for i, (s, e) in enumerate(sentences):
        if e - s < 8 and _MARKER_ONLY_RE.fullmatch(text, s, e):
            marked = True  # the item follows as the next sentence: the list goes on as it was
            continue
        row = "|" in text[s:e]  # a table row: a bullet of the heading above its table
        if last is None and not may_mention(text, s, e, numbers):
            context_start = s  # no total to break down, no count here: only a heading may open
            if header is None or not (_BULLET_RE.match(text[s:e]) or row):
                header = _heading_verb(text, s, e, None, table=i + 1 < len(sentences)
                                       and "|" in text[sentences[i + 1][0]:sentences[i + 1][1]])
            marked = False
            continue
        row_under = row and header is not None  # the rows of a table are siblings, not parts of the row before
        bulleted = bool(_BULLET_RE.match(text[s:e])) or marked or row_under
        marked = False
        under = header if header is not None and (last is None or row_under) and bulleted else None  # a bullet under a heading
        bullet = (list_open and bulleted) or (last is not None and _opens_with_decision(text, s, e)) or under is not None
        # a breakdown opening the sentence matters only while a total may still be broken down
        lead = last is not None and _breakdown_marker(text, s, min(e, s + 12)) is not None
        total_before = None if row_under else (last if (bullet or lead) else None)
        accepted, sentence_links, cues = sentence_counts(text, (s, e), vantage, total_before,
                                                         bullet, context_start, numbers, under,
                                                         last if last is not None and _FIGURE_RE.search(text, s, e) else None)
        if accepted and last is None and _parts_of_uncounted_whole(text, sentences, i, accepted, results):
            accepted, sentence_links = [], []
        context_start = s
        results += [(m, (s, e)) for m in accepted]
        links += sentence_links
        parts = {id(p) for p, _ in sentence_links}
        totals = [m for m in accepted if id(m) not in parts]
        if totals:
            last, quiet = totals[-1], 0
        elif not (bullet or lead or accepted) and last is not None:
            quiet += 1
            if quiet > _BRIDGE or not _bridges(text, s, e, numbers, cues):
                last = None
        list_open = last is not None and (bullet or text[s:e].rstrip().endswith(":"))
        header = under if under is not None else (None if accepted else _heading_verb(text, s, e, cues))
    kept = drop_restatements(text, results, links)
    kept_ids = {id(m) for m, _ in kept}
    for part, total in links:
        if id(part) in kept_ids and id(total) in kept_ids:
            _total_origin(text, part, total)  # an origin the total took from its restatement
    _read_listed_moves(text, segmented.sentences, kept, links, vantage)
    _added_to_the_last(text, kept)
    kept_ids = {id(m) for m, _ in kept}
    return _to_found(kept, [(part, total) for part, total in links if id(part) in kept_ids and id(total) in kept_ids])


# How many sentences back the whole of a breakdown opening its sentence may stand (a dateline between).
_WHOLE_REACH = 3


def _parts_of_uncounted_whole(text: str, sentences: list[Span], i: int, accepted: list[Mention],
                              counted: list[tuple[Mention, Span]]) -> bool:
    """The sentence opens a breakdown (`Trong đó, huyện A đã tiếp nhận và bố trí 55 người, ...`)
    of a number told just before that is no count (`thu hút được 162 trí thức trẻ`: a recruitment;
    a count would be the open total): its counts add up to that whole, so they are its parts, no
    moves of their own. The whole may be of any noun, so it is looked for as its number alone;
    `counted`, the counts found so far, says it is no count."""
    s, e = sentences[i]
    if len(accepted) < 2 or _breakdown_marker(text, s, min(e, s + 12)) is None:
        return False  # one number is no breakdown: "Theo đó, ... thêm 102 cán bộ" tells the whole again
    total = sum(m.number.value for m in accepted)
    if any(m.number.value == total for m, _ in counted):
        return False  # the whole is a count told before ("tiếp nhận 300 cán bộ ... bố trí 300 cán bộ")
    whole = regex.compile(rf"(?<![\d.,/-]){total}(?![\d.,/%-]) \p{{L}}")
    return any(whole.search(text, *sentences[k]) for k in range(i - 1, max(-1, i - 1 - _WHOLE_REACH), -1))


def _heading_verb(text: str, s: int, e: int, cues: list[Cue] | None, table: bool = False) -> Cue | None:
    """The rotation verb of a heading with no count that ends in `:` (`Kết quả luân chuyển cán bộ
    nhiệm kỳ qua:`), or that stands over a table (`table`: the next line has cells), which the
    bullets or rows after it count; none when a verb of other work is in it (`Kết quả quy hoạch và
    luân chuyển:`). `cues`: its `cues_in`, if found."""
    k = e
    while k > s and text[k - 1].isspace():
        k -= 1
    if k == s or (text[k - 1] != ":" and not table):
        return None
    found = cues_in(text, s, e) if cues is None else cues
    if any(c.kind == "block" for c in found):
        return None
    verb = next((c for c in found if c.kind in ("rotate", "receive")), None)
    if verb is not None and _TOPIC_BEFORE_RE.search(text, max(s, verb.start - 20), verb.start):
        return None  # "Chương trình làm việc của đoàn công tác về luân chuyển cán bộ:": a topic
    return verb


# A list number standing alone as a sentence (`1.`, `2)`): the sentence splitter cut it from its item.
_MARKER_ONLY_RE = regex.compile(r"\s{0,4}\d{1,2}[.)]\s{0,4}")
# A number told as the new value of the count before (`con số này là 15 cán bộ`): see `sentences`.
_FIGURE_RE = _compile(r"(?<![\p{L}\p{M}])con\s+số\s+(?:này|đó|trên)(?![\p{L}\p{M}])")


# Before a rotation verb, words that make it a topic, not what the heading reports.
_TOPIC_BEFORE_RE = _compile(r"(?<![\p{L}\p{M}])(?:về|đến|tới)\s+(?:công tác\s+|việc\s+|vấn đề\s+)?$")


@lru_cache(maxsize=1)
def _decision_opener_re() -> regex.Pattern:
    return _compile(rf"\s*(?:{_phrases('count_breakdown_openers.txt')})\s*,")


def _opens_with_decision(text: str, s: int, e: int) -> bool:
    """The sentence opens with `Theo quyết định,`: it details the decision of the total before it."""
    return _decision_opener_re().match(text, s, e) is not None


def _read_listed_moves(text: str, sentences: list[tuple[int, int]], kept: list[tuple[Mention, Span]],
                       links: list[tuple[Mention, Mention]], vantage: _LazyVantage) -> None:
    """A count neither broken down nor a part takes the direction of the moves listed after it,
    person by person (`listings`), up to the next count."""
    linked = {id(m) for pair in links for m in pair}
    starts = [s for s, _ in sentences]
    counted = sorted({bisect_left(starts, sentence[0]) for _, sentence in kept})
    read: dict[tuple[int, bool], list] = {}  # each sentence's listed moves, read once
    for mention, sentence in kept:
        if id(mention) in linked:
            continue
        index = bisect_left(starts, sentence[0])
        after = bisect_right(counted, index)
        stop = counted[after] if after < len(counted) else len(sentences)  # the next sentence with a count
        mention.fields.update(listed_direction(text, sentences, index, stop, mention, vantage, read))


# `thêm` (or `bổ sung`) right before a count's number: more of the movement told just before it
_ADDED_RE = regex.compile(r"(?<![\p{L}\p{M}])(?:thêm|bổ sung)\s{1,3}$")
ADDED_REACH = 400  # characters back to the count whose movement an added one continues


def _added_to_the_last(text: str, kept: list[tuple[Mention, Span]]) -> None:
    """A count told as more of the last one (`Năm 2025, huyện luân chuyển thêm 9 cán bộ` after `15 cán
    bộ từ huyện về xã`) takes its direction when its own text states none, and only the levels its own
    phrase names (the heldout9 precedent)."""
    last: Mention | None = None  # the last count with a direction, in text order
    for mention, _ in sorted(kept, key=lambda pair: pair[0].start):
        f = mention.fields
        if not f.get("direction") and last is not None and mention.start - last.end <= ADDED_REACH \
                and _ADDED_RE.search(text, max(0, mention.start - 12), mention.start):
            f["direction"] = last.fields["direction"]
        if f.get("direction"):
            last = mention


def _to_found(results: list[tuple[Mention, tuple[int, int]]], links: list[tuple[Mention, Mention]]) -> list[Found]:
    ordered = sorted(results, key=lambda r: (r[0].start, r[0].end))
    index = {id(m): i for i, (m, _) in enumerate(ordered)}
    parts: dict[int, list[Mention]] = {}
    for part, total in links:
        part.fields["part_of"] = index[id(total)]
        parts.setdefault(id(total), []).append(part)
    for mention, _ in ordered:
        if id(mention) in parts:
            mention.fields["parts_sum_ok"] = sum(p.number.value for p in parts[id(mention)]) == mention.number.value
    found = []
    for mention, sentence in ordered:
        found.append(Found("count", mention.start, mention.end, sentence, mention.fields))
    return found


EXTRACTOR = Extractor("rotation_counts", "count", find_counts)
