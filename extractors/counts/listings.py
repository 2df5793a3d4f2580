"""Listed moves: the people of a count named one by one after it, each with the post they left
and the post they took, say where the count's people came from and went (`listed_direction`).

Decisions are reported as a figure, then the moves: `điều động, chỉ định 3 đồng chí giữ chức Phó
Bí thư Đảng ủy. Cụ thể: đồng chí A, Chủ tịch UBND xã X được điều động giữ chức Phó Bí thư Đảng ủy
xã Y; đồng chí B, ...`, or `Ban Thường vụ Tỉnh ủy đã điều động 3 cán bộ giữ chức Bí thư các huyện
... Điều động ông A, Bí thư Huyện ủy X đến công tác tại Huyện ủy Y.` The count alone reads its
origin from the deciding body (a provincial committee), which is no origin at all; the list says it.

An item is one rotation verb, split at `;`, in the sentences after the count that name someone
(`ông`, `bà`, `đồng chí` and a name): the level last named before it (`được điều động`: the
person's post comes first) or between it and its destination (`điều động ông A, <post> đến công
tác tại ...`), and the destination its motion word names. The list is read when it starts within
`_LEAD_SENTENCES` sentences of the count and runs on while its sentences hold items; it speaks
for the count only when it has two items or more (no more than the count), every item reads both
ends, and all read the same two levels. Under a count whose sentence ends with `:` (`23 cán bộ
được chỉ định ... gồm:`), an item may have no verb: a person, the post left, and the post taken
after `giữ chức` (`_verbless_item`). A count whose own text states its origin, or a
destination the list contradicts, keeps its own reading.

Entry point: `listed_direction(text, sentences, index, stop, mention, vantage, read) -> dict` (the
fields to update, or none).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from extractors.base import alternation, data_lines
from extractors.counts.language import Span, _compile, _heads, _motions, agent_fragment
from extractors.counts.levels import CountMove, _direction, _levels, moves_in
from extractors.counts.mentions import Mention
from extractors.counts.vantage import Vantage
from extractors.counts.verbs import cues_in
from extractors.numbers import bounded

# Between two verbs of one list (`điều động, chỉ định`, `điều động và bổ nhiệm`).
_VERB_LIST_GAP_RE = _compile(r"\s*(?:,|và)\s*")
# Sentences between the count and the first item (`Chiều 3/10, tỉnh tổ chức hội nghị ...`).
_LEAD_SENTENCES = 2
# Sentences the list may run over, items or not: keeps the reading linear on hostile input.
_MAX_SENTENCES = 24
# Before a passive verb, the person and their post: `đồng chí A, Chủ tịch UBND xã X được điều động`.
_PASSIVE_BEFORE_RE = _compile(rf"(?:được|bị)\s+{agent_fragment()}$")
# How far before its verb "được" may stand (the acting body between them).
_PASSIVE_WINDOW = 90
# `Tỉnh ủy viên`, `Huyện ủy viên`: a member of a committee, a rank, not the post they leave.
_MEMBER_RE = _compile(r"\s*viên(?![\p{L}\p{M}])")
# Motion words that end the post left (`từ ... về` is read by `moves_in`; a capitalised `Từ` is
# also a surname: `điều động ông Từ Nam Thành, Bí thư Huyện ủy X đến ...`).
_LEAVING_ROLES = ("to", "to_near", "workplace", "current")
# A person named with an honorific: a sentence of the list names at least one.
# The person an item names (`ông Từ Nam Thành`), to read two decisions on one person as one move.
_NAMED_RE = bounded(r"(?<![\p{L}\p{M}])(?i:ông|bà|đồng chí|đ/c)\s+(?P<name>\p{Lu}[\p{L}\p{M}]{0,12}(?:\s+\p{Lu}[\p{L}\p{M}]{0,12}){0,4})",
                    regex.VERSION1)
_PERSON_RE = bounded(r"(?<![\p{L}\p{M}])(?i:ông|bà|đồng chí|đ/c)\s+\p{Lu}", regex.VERSION1)
# A list item with no verb of its own, under a count whose sentence opens the list with `:`
# (`23 cán bộ được chỉ định ... gồm:` then `- Ông A, Phó Vụ trưởng Ban X Trung ương, giữ chức Phó
# Bí thư Tỉnh ủy B.`): it opens with the person (an honorific or a rank, data/official_honorifics.txt),
# then the post left, then the post taken.
_TAKEN_POST_RE = _compile(r"(?<![\p{L}\p{M}])(?:giữ\s+chức(?:\s+vụ)?|đảm\s+nhận|đảm\s+nhiệm|nhận\s+chức)(?![\p{L}\p{M}])")


def listed_direction(text: str, sentences: list[Span], index: int, stop: int, mention: Mention,
                     vantage: Vantage, read: dict[tuple[int, bool], list] | None = None) -> dict:
    """from_level, to_level and direction the list after the count in sentences[index] gives it;
    the list ends before sentences[stop] (the next sentence with a count). `read` keeps each
    sentence's items for the other counts of the sentence, which read the same list."""
    read = {} if read is None else read
    items: list[tuple[str | None, str | None]] = []
    s, e = sentences[index]
    opens_list = text[s:e].rstrip().endswith(":")  # its items may name the posts alone
    for k in range(index + 1, min(stop, index + 1 + _MAX_SENTENCES)):
        if (k, opens_list) not in read:
            read[k, opens_list] = _items(text, sentences[k], vantage) or (
                _verbless_item(text, sentences[k], vantage) if opens_list else [])
        found = read[k, opens_list]
        if not found and (items or k - index > _LEAD_SENTENCES):
            break
        items += found
        if items and (len(set(items)) > 1 or None in items[0] or len(items) > mention.number.value):
            return {}  # items that disagree, or an item not read at both ends: no list to read
    if len(items) < 2:
        return {}
    src, dst = items[0]
    fields = mention.fields
    if fields.get("to_level") not in (None, dst) or _origin_stated(text, mention, vantage, src):
        return {}
    return {"from_level": src, "to_level": dst, "direction": _direction(CountMove(src, dst))}


def _skip_blank(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _last(matches) -> regex.Match | None:
    found = None
    for found in matches:
        pass
    return found


def _items(text: str, sentence: Span, vantage: Vantage) -> list[tuple[str | None, str | None]]:
    """Each rotation verb of the sentence, as (level left, level taken)."""
    s, e = sentence
    items: list[tuple[str | None, str | None]] = []
    if not _PERSON_RE.search(text, s, e):
        return items  # names no one: no list of people moved
    previous_end, previous_name = None, None
    for cue in cues_in(text, s, e):
        if cue.kind != "rotate":
            continue
        if previous_end is not None and _VERB_LIST_GAP_RE.fullmatch(text, previous_end, cue.start):
            previous_end = cue.end
            continue  # `được điều động, chỉ định tham gia ...`: one move told with a list of verbs
        previous_end = cue.end
        seg_start = text.rfind(";", s, cue.start) + 1 or s
        seg_end = text.find(";", cue.end, e)
        seg_end = e if seg_end < 0 else seg_end
        # the person the verb acts on (`điều động ông A`), else the one told before it (`ông A ... được điều động`)
        person = (_NAMED_RE.match(text, _skip_blank(text, cue.end), seg_end)
                  or _last(_NAMED_RE.finditer(text, max(s, seg_start), cue.start)))
        name = " ".join(person.group("name").split()) if person else None
        if name is not None and name == previous_name:
            continue  # `điều động ông A ... đến X; chỉ định ông A ... giữ chức ... X`: one person's one move
        previous_name = name
        items.append(_item(text, cue.start, cue.end, max(s, seg_start), seg_end, vantage))
        if None in items[-1] or items[-1] != items[0]:
            break  # the list cannot be read: the items after it need not be
    return items


@lru_cache(maxsize=1)
def _opening_person_re() -> regex.Pattern:
    """An item that opens (after its bullet) with a person: an honorific or a rank and a name."""
    words = alternation(data_lines("official_honorifics.txt"))
    return bounded(rf"\s*(?:[-+•*]\s*)?(?i:{words})\s+\p{{Lu}}", regex.VERSION1)


def _verbless_item(text: str, sentence: Span, vantage: Vantage) -> list[tuple[str | None, str | None]]:
    """The one move of a list item that names a person, the post left and the post taken with no
    verb (`- Bà A, Thứ trưởng Bộ X, giữ chức Phó Bí thư Tỉnh ủy Y.`): (level left, level taken)."""
    s, e = sentence
    person = _opening_person_re().match(text, s, e)
    if person is None:
        return []
    post = _TAKEN_POST_RE.search(text, person.end(), e)
    if post is None:
        return []
    moves, _ = moves_in(text, post.start(), e, vantage)
    dst = next((mv.dst for mv in moves if mv.dst), None)
    return [(_last_level(text, person.end(), post.start(), vantage), dst)]


def _item(text: str, start: int, end: int, seg_start: int, seg_end: int, vantage: Vantage) -> tuple[str | None, str | None]:
    moves, _ = moves_in(text, end, seg_end, vantage)
    dst = next((mv.dst for mv in moves if mv.dst), None)
    stated = next((mv.src for mv in moves if mv.src), None)
    if stated:
        return stated, dst
    if _PASSIVE_BEFORE_RE.search(text, max(seg_start, start - _PASSIVE_WINDOW), start):
        return _last_level(text, seg_start, start, vantage), dst
    motions = _motions()
    first = next((m.start() for m in _heads()["motion"].finditer(text, end, seg_end)
                  if motions[m.group("word").lower()][0] in _LEAVING_ROLES), seg_end)
    return _last_level(text, end, first, vantage), dst


def _last_level(text: str, start: int, end: int, vantage: Vantage) -> str | None:
    """The level last named in text[start:end], a committee member's rank (`Tỉnh ủy viên`) aside."""
    levels = [level for _, e, level in _levels(text, start, end, vantage)
              if level and level != "local" and not _MEMBER_RE.match(text, e, end)]
    return levels[-1] if levels else None


def _origin_stated(text: str, mention: Mention, vantage: Vantage, src: str) -> bool:
    """The count's own text names where its people came from, and not the list's level."""
    if mention.held is not None:
        return mention.held != src
    if mention.own is None:
        return False
    moves, origins = moves_in(text, *mention.own, vantage)
    stated = [mv.src for mv in moves if mv.src] + [o for o in origins if o != "local"]
    return bool(stated) and stated[0] != src
