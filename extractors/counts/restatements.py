"""Restatements: a count the article tells more than once is one fact (`drop_restatements`).

News tells its main figure several times: in the headline, the lead, a photo caption and the
body (`Điều động 53 cán bộ về huyện` ... `Theo đó, 53 cán bộ ... được điều động về các huyện`),
and page clutter may stand before the headline. Two counts in different sentences are one fact
when they agree: the same number of people, sent or received, told as done or as to be done
alike (one decision is both, in its own words and in the news), and no field that one states
contradicts the other (direction, from_level, to_level; a field one leaves open agrees with
anything, `về cơ sở` agrees with districts named in the other (`_grassroots_agrees`), and so does an origin guessed from the article's vantage, with no origin or acting
unit in its own text: `Tăng cường 800 công an chính quy xuống xã` and `Bộ Công an đã điều
động 800 công an chính quy xuống các xã`), and so does one read from the acting unit alone
against the people's own level stated in the other (`công an tỉnh đã điều động ..., 465 cán bộ
về công an cấp xã` and `465 cán bộ công an huyện về công an cấp xã`; two acting units are two facts). Two counts in one sentence are two facts (`5 cán bộ
về xã A và 5 cán bộ về xã B`), unless a headline runs into the lead with no full stop and
nothing joining them as a list (`_fused_title`: `4 cán bộ về xã Báo X 4 cán bộ ... về xã`), and so are counts told of different years or rounds (`Năm 2022
... 12 cán bộ. Năm 2023 ... 12 cán bộ`, `đợt 1`/`đợt 2`, never `đợt này`, which points back) or
of different units (`Huyện ủy Nam Đàn ... 5 cán bộ`, `Huyện ủy Yên Thành ... 5 cán bộ`), when
both sentences name theirs.

A title line's round figure (`gần 40`, `hơn 100`, `khoảng 50`) is the same fact as an exact
count stated in a sentence (`38`, `109`, `52`) that agrees with it, near enough to it (over 80%
of `gần 40`, up to 125% of `hơn 100`, within 10% of `khoảng 50`): the exact count stays.

Which statement stays: the one that says most (its fields filled), then one in a sentence over
one in a title line (a headline, caption or subhead: short, alone on its line, no full stop),
then the earliest; it takes the levels only a dropped statement names (`50 công chức vừa được
điều động đến các xã` with `50 công chức này được điều động từ các xã`: commune to commune). A
total broken into parts always stays, and takes the plain restatements of itself, and the levels
only they name; a part takes a title line's restatement of it (`Luân chuyển 14 cán bộ từ tỉnh về
huyện` over a body's `trong đó từ tỉnh về huyện 14 người`), and the next sentence's when it
tells the part again at once (`Trong đó, tỉnh X được tăng cường 7 cán bộ. 7 cán bộ này ...`).
A title line's total broken down right after it (`Trong đó ...` in the lead) goes with its
parts when a later total states the same with the same parts: the lead summed up the body,
whose statement is the one kept.

Entry point: `drop_restatements(text, results, links) -> results kept`.
"""

from __future__ import annotations

import regex

from extractors.base import data_table
from extractors.counts.language import _B, _E, Span, _compile, _heads, _phrases
from extractors.counts.levels import CountMove, _direction, _towards
from extractors.counts.mentions import Mention
from extractors.counts.verbs import tense_of
from extractors.gazetteer import LEVEL_RANK

# What a count's own fields say: two statements of one fact may not disagree on any of these.
_FIELDS = ("direction", "from_level", "to_level")
# A statement is compared with at most this many kept statements of its number: keeps the
# pass linear on hostile input (a page of one number repeated in many directions).
_MAX_COMPARED = 64
# How a qualifier rounds a figure in a headline: the exact value is under it, over it, or about it
# (count_qualifiers.txt's second column).
_ROUNDING = {row[0]: row[1] for row in data_table("count_qualifiers.txt") if len(row) > 1 and row[1] != "floor"}
# The longest line read as a title (headline, caption, subhead).
_TITLE_MAX = 160
# When a count was told: a year, a round (`đợt 2`, `đợt hai`), a term's years; never a round
# pointed back at (`đợt này`, `lần đó`: data/count_round_deictics.txt), which is the one told before.
_TIME_MARK_RE = _compile(rf"(?<!\d)(?:19|20)\d\d(?!\d)|{_B}(?:đợt|lần|giai đoạn)\s+"
                         rf"(?!(?:{_phrases('count_round_deictics.txt')}){_E})[\p{{L}}\p{{M}}\d]{{1,12}}{_E}")


def drop_restatements(text: str, results: list[tuple[Mention, Span]],
                      links: list[tuple[Mention, Mention]]) -> list[tuple[Mention, Span]]:
    """The counts with each fact told once (see the module's docstring), in their order."""
    parts_of: dict[int, list[Mention]] = {}
    for part, total in links:
        parts_of.setdefault(id(total), []).append(part)
    linked = {id(m) for pair in links for m in pair}
    titles = {sentence: _is_title(text, sentence) for _, sentence in results}
    marks: dict[tuple[str, Span], frozenset[str]] = {}  # each sentence's times and places, once read
    dropped: set[int] = set()
    for mention, sentence in results:
        if titles[sentence] and id(mention) in parts_of and _group_restated(mention, parts_of, results, titles):
            dropped |= {id(mention), *map(id, parts_of[id(mention)])}
    anchors: dict[int, list[tuple[Mention, Span]]] = {}  # totals with parts and parts, by value
    for mention, sentence in results:
        if id(mention) in linked and id(mention) not in dropped:
            anchors.setdefault(mention.number.value, []).append((mention, sentence))
    singles = [(m, s) for m, s in results if id(m) not in linked]
    kept: dict[int, list[tuple[Mention, Span]]] = {}
    for mention, sentence in sorted(singles, key=lambda r: _rank(r[0], titles[r[1]])):
        value = mention.number.value
        absorbed = next((anchor for anchor, where in anchors.get(value, [])[:_MAX_COMPARED]
                         if (id(anchor) in parts_of or titles[sentence] or _next_sentence(text, where, sentence))
                         and _one_fact(text, (mention, sentence), (anchor, where), marks)), None)
        if absorbed is not None:
            _complete(absorbed, mention)  # a total with parts takes the levels only its restatement names
        same = None if absorbed is not None else next((other for other, where in kept.get(value, [])[:_MAX_COMPARED]
                                           if _one_fact(text, (mention, sentence), (other, where), marks)), None)
        if absorbed is not None or same is not None:
            dropped.add(id(mention))
            if same is not None:
                _complete(same, mention)
        else:
            kept.setdefault(value, []).append((mention, sentence))
    singles_kept = [r for told in kept.values() for r in told]
    dropped |= _rounded_titles(text, singles_kept, [r for r in results if id(r[0]) not in dropped], titles, marks)
    return [(m, sentence) for m, sentence in results if id(m) not in dropped]


def _rounded_titles(text: str, singles: list[tuple[Mention, Span]], remaining: list[tuple[Mention, Span]],
                    titles: dict[Span, bool], marks: dict) -> set[int]:
    """Title lines (among `singles`, the counts kept that are neither totals nor parts) that round
    a count the article states exactly in a sentence (`remaining`: `Điều động gần 40 công chức về
    xã` over `... đã điều động 38 công chức về các xã`): the headline's figure is that count told
    again, not another one."""
    exact = [(m, s) for m, s in remaining if m.number.qualifier is None and not titles[s]]
    gone = set()
    for mention, sentence in singles:
        if not titles[sentence] or mention.number.high is not None:
            continue
        if any(_rounds(mention, other) and _agree(text, mention, other) and where != sentence
               and not _told_apart(text, sentence, where, marks) for other, where in exact):
            gone.add(id(mention))
    return gone


def _rounds(approximate: Mention, exact: Mention) -> bool:
    """`approximate` is a round figure qualified as near, over or about `exact`'s value."""
    value, qualifier = approximate.number.value, approximate.number.qualifier
    if qualifier is None or value < 10 or value % 5:
        return False
    kind = _ROUNDING.get(qualifier)
    got = exact.number.value
    if kind == "under":
        return value * 0.8 <= got < value
    if kind == "over":
        return value < got <= value * 1.25
    return kind == "about" and abs(got - value) <= value * 0.1


def _rank(mention: Mention, title: bool) -> tuple[int, bool, int]:
    """Who stays among statements of one fact: most fields stated, a sentence, the earliest."""
    return (-sum(_stated(mention, k) is not None for k in _FIELDS), title, mention.start)


def _stated(mention: Mention, key: str) -> str | None:
    """A field as the text states it: an origin guessed from the article's vantage is left open."""
    value = mention.fields.get(key)
    if key == "from_level" and value is not None and value == mention.guessed_from:
        return None
    return value


def _complete(kept: Mention, told: Mention) -> None:
    """The statement kept takes the levels that only another statement of its fact names (`50
    công chức vừa được điều động đến các xã` and `huyện sẽ điều động 50 công chức từ các xã ...`:
    from commune to commune). With both ends now stated, the direction is theirs, unless the kept
    statement named one of its own beyond what its destination implies (`mixed`, `lateral`). An origin
    read from the acting unit alone gives way to the people's own level stated in the other."""
    filled = False
    for key in ("from_level", "to_level"):
        mine, theirs = _stated(kept, key), _stated(told, key)
        if theirs is not None and (mine is None or (key == "from_level" and mine == kept.actor_from
                                                    and theirs != told.actor_from)):
            kept.fields[key] = told.fields[key]
            filled = True
            if key == "from_level":
                kept.guessed_from = kept.actor_from = None
    src, dst = kept.fields.get("from_level"), kept.fields.get("to_level")
    if filled and src in LEVEL_RANK and dst in LEVEL_RANK and kept.fields.get("direction") in (None, _towards(dst)):
        kept.fields["direction"] = _direction(CountMove(src, dst))


def _one_fact(text: str, a: tuple[Mention, Span], b: tuple[Mention, Span], marks: dict) -> bool:
    """Two statements, in different sentences, of the same count at the same time and place."""
    (m, s), (n, t) = a, b
    if m.number.value != n.number.value or not _agree(text, m, n):
        return False
    if s == t:
        return _fused_title(text, m, n)
    return not _told_apart(text, s, t, marks)


# What joins two counts of one sentence as two facts: a list's punctuation or conjunction.
_JOINED_RE = _compile(rf"[,;:()\-–—]|{_B}(?:và|cùng|còn|với|hoặc|rồi|thì){_E}")


def _fused_title(text: str, m: Mention, n: Mention) -> bool:
    """A headline run into the lead with no full stop between them, as scraped pages give it (`4 cán
    bộ huyện về làm trưởng công an xã Báo X 4 cán bộ huyện ... về ...`): the same number of the same
    people told twice, the first within a title's length, with nothing that joins them as a list."""
    first, second = sorted((m, n), key=lambda x: x.start)
    if first.unit != second.unit or second.start - first.start > _TITLE_MAX:
        return False
    return not _JOINED_RE.search(text, first.end, second.start)


def _agree(text: str, a: Mention, b: Mention) -> bool:
    """Nothing one statement says contradicts the other. Of tenses, only a plan and what was done
    are two facts (`dự kiến luân chuyển 30 cán bộ`, `đã luân chuyển 30 cán bộ`); one decision is told
    as done and as to be done (`tỉnh sẽ điều động 176 công chức` in the decision, `176 công chức vừa
    được điều động` in the news), and a headline has no tense."""
    if a.kind != b.kind or {tense_of(text, a, a.cue), tense_of(text, b, b.cue)} == {"planned", "done"}:
        return False
    return all(_same(a, b, k) or (k == "to_level" and _grassroots_agrees(text, a, b)) for k in _FIELDS)


# `về cơ sở`, `xuống cơ sở`: the grassroots, told loosely of any level below the sender.
_GRASSROOTS_RE = _compile(rf"{_B}(?:về|xuống|cho)\s+(?:với\s+)?cơ\s+sở{_E}")


def _grassroots_agrees(text: str, a: Mention, b: Mention) -> bool:
    """One statement sends its people `về cơ sở` (read as communes), the other names the level
    they went to below the sender (`Luân chuyển 25 cán bộ về cơ sở` and `luân chuyển 25 cán bộ
    về các huyện, thị xã`): the grassroots, told loosely, are that level."""
    for loose, exact in ((a, b), (b, a)):
        if (_stated(loose, "to_level") == "commune" and _stated(exact, "to_level") == "district"
                and loose.own is not None and _GRASSROOTS_RE.search(text, *loose.own)):
            return True
    return False


def _same(a: Mention, b: Mention, key: str) -> bool:
    """The two statements agree on `key`: one leaves it open, or both state the same; a part's
    people sent on below the unit that received them agree with a statement of them as that
    unit's (`Trong đó, Công an tỉnh X được tăng cường 9 cán bộ` under a total sent to communes,
    and `9 cán bộ được tăng cường cho Công an tỉnh`)."""
    mine, theirs = _stated(a, key), _stated(b, key)
    if mine is None or theirs is None or mine == theirs:
        return True
    if key == "from_level" and (mine == a.actor_from) != (theirs == b.actor_from):
        return True  # one origin is only its acting unit's, the other the people's own: the latter says more
    return key == "to_level" and (theirs == a.received_at or mine == b.received_at)


def _next_sentence(text: str, first: Span, then: Span) -> bool:
    """`then` is the sentence right after `first` (`Trong đó, tỉnh X được tăng cường 7 cán bộ. 7 cán bộ
    được tăng cường đợt này ...`: a part told again at once)."""
    return first[1] <= then[0] and not text[first[1]:then[0]].strip()


def _told_apart(text: str, s: Span, t: Span, marks: dict) -> bool:
    """Both sentences say when, and never the same year or round; or both name their units
    (`huyện Nam Đàn`, `Huyện ủy Yên Thành`), and never the same one."""
    for kind, read in (("time", _time_marks), ("place", _place_names)):
        both = []
        for sentence in (s, t):
            if (kind, sentence) not in marks:
                marks[kind, sentence] = read(text, sentence)
            both.append(marks[kind, sentence])
        if both[0] and both[1] and not both[0] & both[1]:
            return True
    return False


def _time_marks(text: str, sentence: Span) -> frozenset[str]:
    return frozenset(" ".join(m.group().lower().split()) for m in _TIME_MARK_RE.finditer(text, *sentence))


def _place_names(text: str, sentence: Span) -> frozenset[str]:
    """The names after level words in the sentence (`Tân Phú` of `huyện Tân Phú`); none in a line written
    in capitals (`ĐIỀU ĐỘNG 9 CÁN BỘ HUYỆN VỀ XÃ BIÊN GIỚI`), where no name stands out from the words."""
    if not any(char.islower() for char in text[sentence[0]:sentence[1]]):
        return frozenset()
    return frozenset(" ".join(m.group("name").split()) for m in _heads()["level"].finditer(text, *sentence)
                     if m.group("name"))


def _group_restated(total: Mention, parts_of: dict[int, list[Mention]], results: list[tuple[Mention, Span]],
                    titles: dict[Span, bool]) -> bool:
    """A later total, not in a title line, with the same fact, whose parts include one like each of `total`'s."""
    parts = parts_of[id(total)]
    return any(other.start > parts[-1].start and not titles[where] and _covers(total, other)
               and all(any(_covers(p, q) for q in parts_of.get(id(other), [])) for p in parts)
               for other, where in results)


def _covers(a: Mention, b: Mention) -> bool:
    """`b` states `a`'s fact: the same value, and every field `a` states."""
    return a.number.value == b.number.value and all(
        a.fields.get(k) is None or a.fields.get(k) == b.fields.get(k) for k in _FIELDS)


def _is_title(text: str, sentence: Span) -> bool:
    """A line of its own, short and without a full stop: a headline, a caption, a subhead."""
    start, end = sentence
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:start].strip() or text[end:line_end].strip():
        return False
    line = text[start:end].rstrip()
    return len(line) < _TITLE_MAX and not line.endswith((".", "!", "?", ":", ";"))
