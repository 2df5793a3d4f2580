"""Breakdowns: where a sentence's parts begin, its clauses, the parts in brackets, and the total
the parts break down.

A breakdown opens at a marker outside brackets (`Trong đó`, `gồm`, `cụ thể`, `theo đó`:
`_breakdown_marker`), after a whole the sentence opens with (`Trong số 45 cán bộ được luân
chuyển, có 12 ...`: `_subset_cut`), with bullets after a total that ends in `:` (`_BULLET_RE`), or in brackets
right after a count (`45 cán bộ (tỉnh về huyện 15, ...)`: `_bracket_part`). A sentence splits
into clauses at each `;` outside brackets and at the marker (`_clauses`). A colon right after a total's people (`luân chuyển 10 cán bộ: về xã 6 đồng chí;
...`) opens its breakdown like a marker (`_colon_cut`). A number after the
marker with no verb of its own is a part (`_may_be_part`) of the last count before the marker,
or of the sentence before's (`_total_for`), which a breakdown reaches across up to `_BRIDGE`
sentences that name no people and no other work (`_bridges`).

Entry points: `_breakdown_marker`, `_colon_cut`, `_subset_cut`, `_BULLET_RE`, `_clauses`, `_bracket_part`, `_may_be_part`,
`_total_for` and `_bridges`.
"""

from __future__ import annotations

from extractors.counts.language import _B, _E, Cue, Span, _compile, _heads
from extractors.counts.mentions import (_BRACKET_WINDOW, Mention, _open_bracket, _pointed_back, _rotated_whole,
                                        may_mention, mentions_in)
from extractors.counts.verbs import _PUNCT_RE, CueIndex, cues_in, govern
from extractors.heads import folded_text
from extractors.numbers import NumberIndex, bounded

_BULLET_RE = bounded(r"^\s*(?:[-+•*]|[a-zđ]\)|\d{1,2}[.)])\s*")
# A subset of a total told in one sentence: `Trong (tổng) số 45 cán bộ được luân chuyển, có 12 ...`,
# `Trong 25 trường hợp được điều động ... thì 19 người ...`. The opener stands right before the
# whole's number, at the sentence's start or after a clause break (`Đáng chú ý, trong số ...`).
_SUBSET_OPEN_RE = _compile(rf"{_B}trong\s+(?:tổng\s+)?(?:số\s+)?$")
_SUBSET_OPEN_WINDOW = 24
_SUBSET_BEFORE_RE = bounded(r"(?:^|[,;:])[\s\-+•*]{0,4}$")  # what may stand before the opener
# Where the part's clause opens when no comma does: `... thì (có) 19 người`, `... có 11 cán bộ`.
_SUBSET_THEN_RE = _compile(rf"{_B}thì{_E}")
_SUBSET_HAS_RE = _compile(rf"{_B}có\s+$")
# How far the part may follow the whole (the whole's predicate between them).
_SUBSET_WINDOW = 250


def _breakdown_marker(text: str, start: int, end: int) -> int | None:
    """Where the sentence's breakdown opens (`Trong đó`, `gồm`), not counting one inside
    brackets (`8 đồng chí (gồm 3 chủ tịch, 5 bí thư); 23 công chức ...`): bracketed parts
    are read as such, and what follows the bracket is no part of its total."""
    pos = start
    while (m := _heads()["breakdown"].search(text, pos, end)) is not None:
        if not _inside_brackets(text, start, m.start(), end):
            return m.start()
        pos = m.end()
    return None


# How far a colon may follow the count it breaks down: the rest of its people's noun phrase
# (`27 cán bộ lãnh đạo, quản lý:`), no more.
_COLON_GAP = 40
_DIGIT_RE = bounded(r"\d")
# A colon that ends the label of the next item, not the count before (`từ tỉnh về huyện: 12 đồng
# chí; từ huyện về xã: 20 đồng chí`): a separator, then the item's move, before it.
_NEXT_LABEL_RE = _compile(rf"[;,]\s*(?:từ|về|xuống|lên|sang|giữa){_E}")


def _colon_cut(text: str, start: int, end: int, numbers: NumberIndex | None = None) -> int | None:
    """Where a breakdown opens at a colon that ends a count's people (`huyện đã luân chuyển 10 cán
    bộ: về xã 6 đồng chí; từ xã về huyện 4 đồng chí`), with a number of people after it. A colon
    before any count (`Kết quả: ...`, `cho biết: ...`) or far behind one opens nothing."""
    colon = text.find(":", start, end)
    while colon >= 0:
        if not _inside_brackets(text, start, colon, end):
            before = mentions_in(text, (start, colon), numbers)
            if before and colon - before[-1].end <= _COLON_GAP and not _DIGIT_RE.search(text, before[-1].end, colon) \
                    and not _NEXT_LABEL_RE.search(text, before[-1].end, colon) \
                    and mentions_in(text, (colon + 1, end), numbers, parts=True):
                return colon + 1
        colon = text.find(":", colon + 1, end)
    return None


def _subset_cut(text: str, start: int, end: int, numbers: NumberIndex | None = None) -> int | None:
    """Where the parts begin in a sentence that tells a subset of a total it names itself:
    `Trong số 176 công chức được điều động đến các xã, có 10 người đến xã A` (the 10 are some of
    the 176, and go where their own clause says, else where the 176 went). The whole must be
    people rotated (a rotation verb after it: `_rotated_whole`) or a count told before (`45 cán bộ
    này`), not a pool (`trong tổng số 120 cán bộ diện quy hoạch`); the parts open at the last comma before the next number of people,
    else at `thì`, else at a `có` right before it. None when the sentence is no such subset."""
    if folded_text(text).find("trong", start, end) < 0 or (numbers is not None and not numbers.may_hold(start, end)):
        return None  # (every opener has `trong`: most sentences are passed over at once)
    found = mentions_in(text, (start, end), numbers, parts=True)  # (a part may be `20 lượt` alone)
    for whole, part in zip(found, found[1:]):
        opener = _SUBSET_OPEN_RE.search(text, max(start, whole.start - _SUBSET_OPEN_WINDOW), whole.start)
        if opener is None or not _SUBSET_BEFORE_RE.search(text[max(start, opener.start() - 8):opener.start()]):
            continue
        if part.start - whole.end > _SUBSET_WINDOW or not (
                _rotated_whole(text, whole.end, end) or _pointed_back(text, whole.end, end)):
            return None
        opens = []  # the latest wins: `..., thành ủy thì 19 người` opens at `thì`, not at the comma
        comma = text.rfind(",", whole.end, part.start)
        if comma >= 0 and not _inside_brackets(text, start, comma, end):
            opens.append(comma + 1)
        opens += [then.start() for then in _SUBSET_THEN_RE.finditer(text, whole.end, part.start)]
        if has := _SUBSET_HAS_RE.search(text, whole.end, part.start):
            opens.append(has.start())
        return max(opens, default=None)
    return None


def _inside_brackets(text: str, start: int, at: int, end: int) -> bool:
    """Whether text[at] lies inside a bracket (`_open_bracket`) that closes before `end`."""
    return _open_bracket(text, start, at) is not None and text.find(")", at, end) >= 0


def _clauses(text: str, start: int, end: int, cut: int | None) -> list[Span]:
    """A sentence's clauses: split after each `;` outside brackets, and at the breakdown marker.
    (`60 đồng chí (từ tỉnh về huyện 14 người; từ huyện về tỉnh 13 người)` is one clause: the
    bracket's parts stay with the count they break down.)"""
    semis = []
    i = text.find(";", start, end)
    while i >= 0:
        if not _inside_brackets(text, start, i, end):
            semis.append(i + 1)
        i = text.find(";", i + 1, end)
    points = sorted({start, end, *semis, *([cut] if cut is not None else [])})
    return [(a, b) for a, b in zip(points, points[1:]) if b > a]


def _bracket_part(text: str, mention: Mention, kept: list[Mention]) -> bool:
    """A number in brackets right after a count is one of its parts."""
    host = _bracket_host(mention, kept)
    if host is None or mention.paren - host.end > 60 or _PUNCT_RE.search(text, host.end, mention.paren):
        return False
    if mention.number.high is not None or mention.number.value >= host.number.value:
        return False  # "(nhiệm kỳ 2015 - 2020)": not a part of it
    end = min(mention.clause[1], mention.end + _BRACKET_WINDOW)
    closing = text.find(")", mention.end, end)
    if mention.unit is None and not _heads()["level"].search(text, mention.paren, closing if closing >= 0 else end):
        return False  # a bare number is a part only where the bracket says where people went
    # (a count with its unit is a part whatever the bracket says: one by post or gender is then
    # left out like any part that does not say where its people went)
    mention.host, mention.kind, mention.unit = host, host.kind, host.unit
    if _heads()["level"].search(text, mention.paren, closing if closing >= 0 else end):
        # the total's own text stops before parts that say where people went; a bracket that only
        # glosses its people (`91 cán bộ (4 cán bộ nữ) đang công tác ở ... về ...`) does not end it
        host.span_end = mention.paren
    return True


def _bracket_host(mention: Mention, kept: list[Mention]) -> Mention | None:
    """The last count kept before the bracket opens, not itself a part; an earlier part of the
    same bracket already knows it. Counts ending over 60 characters before the bracket are no host."""
    for m in reversed(kept):
        if m.host is not None and m.paren == mention.paren:
            return m.host
        if m.end < mention.paren - 60:
            return m if m.host is None else None
        if m.host is None and m.end <= mention.paren:
            return m
    return None


def _may_be_part(text: str, mention: Mention, cues: CueIndex) -> bool:
    """A number after `Trong đó` with no verb of its own is a part unless a blocking verb governs it."""
    cue = govern(text, mention, cues)
    return cue is None or cue.kind != "block"


def _total_for(accepted: list[Mention], previous_total: Mention | None, cut: int) -> Mention | None:
    """The total a breakdown breaks down: the last count before the marker, or the sentence before's."""
    before = [m for m in accepted if m.end <= cut]
    return before[-1] if before else previous_total


# How many sentences may stand between a total and the `Theo đó`/`Trong đó` that breaks it down
# (a photo caption, a remark on the decision), when they name no people and no other work.
_BRIDGE = 2


def _bridges(text: str, s: int, e: int, numbers: NumberIndex | None = None, cues: list[Cue] | None = None) -> bool:
    """A sentence a breakdown may reach across: no number of people, no verb of other work
    (`Công tác đánh giá cán bộ được làm tốt` changes the subject). `cues`: its `cues_in`, if found."""
    if (numbers is None or may_mention(text, s, e, numbers)) and mentions_in(text, (s, e), numbers):
        return False
    return not any(c.kind == "block" for c in (cues_in(text, s, e) if cues is None else cues))
