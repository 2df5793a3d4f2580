"""One sentence's counts (`sentence_counts`): each clause's numbers of people, kept when their
verb governs them, as parts of a total, or as the list a clause with no verb continues; then
each count described.

A count's record fields (`_describe`) are its value and unit, its verbs, whether it is planned,
and the levels and direction read from its own stretch of the clause (`_own_span`: from its
verb, split from its neighbours where a new phrase opens); people rotated in pairs are lateral
when the sentence or the one before says so (`_Context`). A count that names no level takes the
move of the policy told before it in its sentence (`_policy_move`); a part that names only
where its people came from, or names them by their level (`40 cán bộ cấp tỉnh`), goes where its
total went (`_total_destination`), and a part that names only where its people went came from
where its total came from (`_total_origin`). A count told `Theo đó,` that names where its people
went but not where from takes the level the programme of the sentence before names its people
with (`... đề án “Tăng cường bác sĩ tuyến trung ương hỗ trợ cho cơ sở”. Theo đó, có 223 bác sĩ đi
luân phiên hỗ trợ cho 27 tỉnh`: `_programme_origin`). A number of people with no verb of its
own whose phrase runs into a list that opens with a rotation verb (`có 3 đồng chí được trao quyết
định nhận nhiệm vụ mới, gồm: Điều động ...`) counts the people it moves (`_decisions_listed`).
A change of post inside one's own agencies, of one
named level, is lateral at it (`_position_change`). People sent by `điều` alone count only when
sent to a named level.

Entry function: `sentence_counts(text, sentence, vantage, previous_total, bullet,
context_start, numbers, header=None, figure=None) -> (counts, (part, total) links, the sentence's verbs)`.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from extractors.base import alternation, data_lines
from extractors.counts.breakdowns import (_BULLET_RE, _bracket_part, _breakdown_marker, _clauses, _colon_cut, _may_be_part, _subset_cut,
                                          _total_for)
from extractors.counts.language import _B, _E, _FLAGS, _W, Cue, Span, _compile, _fragments, _heads, ROUNDING
from extractors.counts.levels import (CountMove, _actor, _direction, _held, _levels, _opposite, _pair_direction,
                                     direction_of, moves_in, recipient_and_sender)
from extractors.counts.mentions import Mention, _holder_title_re, may_mention, mentions_in, own_direction
from extractors.counts.vantage import Vantage
from extractors.counts.verbs import (_LIST_SPLIT_RE, CueIndex, _accept, _actions_of, _continues_list,
                                     _reported_one, _shared_predicates, appointed_across_levels, cues_in,
                                     is_planned)
from extractors.gazetteer import LEVEL_RANK
from extractors.numbers import NumberIndex, bounded, find_numbers

_LAST_SPLIT_RE = _compile(rf"[,;]|{_B}và{_E}", _FLAGS | regex.REVERSE)  # searched backwards: the last one
# The rest of a breakdown after a separator (`..., còn lại là ...`): a count's own text ends there.
_REMAINDER_RE = _compile(rf"[,;]\s*(?:{alternation(data_lines('count_remainder.txt'))}){_E}")
_OPENS_MOVE_RE = _compile(rf"\s*(?:từ|về|xuống|lên|sang|giữa){_E}")
_FIRST_WORD_RE = bounded(rf"{_W}+")
# "02 cặp gồm 04 cán bộ": people counted in pairs swapped between two units.
_PAIRS_RE = _compile(rf"{_B}cặp\s*(?:,|\(|:|gồm có|bao gồm|gồm|với|là)?\s*$")
# Where the phrase of a policy's rotation verb ends ("Thực hiện chủ trương điều động cán bộ về xã, ...").
_POLICY_END_RE = regex.compile(r"[,;:()\u201c\u201d\"]")
_PHRASE_END_RE = regex.compile(r"[,;:()]")  # where a placed post's phrase ends (`_nonlocal_post`)
# Changes of post inside one's own agency, and the words that spread them over several levels.
_POSITION_CHANGES = frozenset(data_lines("count_position_changes.txt"))
_ALL_LEVELS_RE = _compile(rf"{_B}(?:các|mọi|nhiều|những)\s+cấp{_E}")
# Words that set the count apart from the policy before it ("Bên cạnh việc điều động cán bộ về
# xã, huyện còn luân chuyển 6 cán bộ ...": another move, not the policy's).
_LISTED_GAP = 80  # how far a number of people may stand before the `gồm:` of the decisions listed
_ACCORDINGLY_RE = _compile(r"\s*theo\s+đó\s*,")  # a sentence that carries out the one before
_BESIDES_RE = _compile(rf"{_B}(?:bên cạnh|ngoài|không chỉ|không những|đồng thời|còn|cũng){_E}")
# A subject "số cán bộ ..." before the verb whose number is stated after it (`Số cán bộ từ tỉnh được
# luân chuyển về huyện là 9 đồng chí`): the subject names where they came from, so it is the
# number's own text too; and the "là" that states the number.
_STATED_SUBJECT_RE = _compile(rf"{_B}(?:tổng\s+)?số\s+(?:lượt\s+)?(?:cán bộ|công chức|viên chức|đồng chí|s[ĩỹ] quan|người)"
                              rf"{_E}[^,;:()]{{0,80}}?\s(?:(?:đã|đều|vừa)\s+)?(?:được\s+)?$")
_STATED_IS_RE = _compile(rf"{_B}là\s+(?:{ROUNDING}\s+)?$")


def _own_span(text: str, mention: Mention, previous: Mention | None, following: Mention | None) -> Span:
    """The stretch of the clause that belongs to this number, for reading its levels.

    It starts at the governing verb before the number, or, when the verb follows
    (`169 lượt cán bộ được luân chuyển từ quận xuống phường`), at the number's own
    phrase. A number stated after the verb whose subject names the people (`Số cán bộ từ
    tỉnh được luân chuyển về huyện là 9 đồng chí`) starts at that subject. Between two
    numbers the text splits where a new phrase opens (see `_split_point`): `45 cán bộ từ
    tỉnh về huyện, 120 cán bộ ...`, `..., từ huyện về xã 30 đồng chí` and `..., luân chuyển
    ngang ... 14 đồng chí`.
    `previous` and `following` are the counts kept on either side of it in the clause.
    """
    start, end = mention.clause
    if mention.cue and mention.cue.start < mention.start:
        subject = _STATED_SUBJECT_RE.search(text, max(start, mention.cue.start - 120), mention.cue.start) \
            if _STATED_IS_RE.search(text, max(start, mention.start - 20), mention.start) else None
        start = max(start, subject.start() if subject else mention.cue.start)
    elif mention.cue:
        # the last separator before the number; one before the previous count loses to the split below
        lo = previous.end if previous is not None and previous is not mention.host else start
        separator = _LAST_SPLIT_RE.search(text, max(start, lo), mention.start)
        start = separator.end() if separator else start
    if mention.paren is not None:
        start = max(start, mention.paren + 1)
        closing = text.find(")", mention.end, end)
        end = closing if closing >= 0 else end
    if mention.span_end is not None:
        end = min(end, mention.span_end)
    if previous is not None and previous is not mention.host:
        start = max(start, _split_point(text, previous.end, mention.start))
    if following is not None and following.host is not mention:
        end = min(end, _split_point(text, mention.end, following.start))
    rest = _REMAINDER_RE.search(text, mention.end, end)
    return start, rest.start() if rest else end


def _split_point(text: str, a: int, b: int) -> int:
    """Where the text between two numbers changes hands: at a separator that opens a new
    `từ ...`/`về ...` phrase or verb, or the rest of a breakdown (`, còn lại luân chuyển giữa các sở,
    ngành là 26`), else at the last separator (`về đảm nhận bí thư, chủ tịch các xã và 4 ...`)."""
    separators = list(_LIST_SPLIT_RE.finditer(text, a, b))
    if not separators:
        return b
    for sep in separators:
        if _OPENS_MOVE_RE.match(text, sep.end(), b) or _heads()["actions"].match(text, _skip_space(text, sep.end()), b) \
                or _REMAINDER_RE.match(text, sep.start(), b):
            return sep.start()
    return separators[-1].start()


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


def _describe(text: str, mention: Mention, neighbours: tuple[Mention | None, Mention | None], cues: CueIndex,
              vantage: Vantage, source: Mention | None, context: "_Context") -> None:
    """Fill the record fields; a part or a list member without an acting unit of its own
    takes its total's (`Bộ Chính trị ... luân chuyển 44 người. Trong đó, 25 người giữ chức ...`).
    `neighbours` are the counts kept right before and after it in its clause; `context` is
    this sentence with the one before."""
    span = mention.own = _own_span(text, mention, *neighbours)
    mention.actor = _actor(text, mention, vantage) or (source.actor if source else None)
    held = mention.held = _held(text, mention, span, vantage)
    post = _named_by_post(mention)
    mention.fields = {
        "value": mention.number.value, "unit": " ".join(mention.unit.split()) if mention.unit else None,
        "actions": _actions_of(text, span, mention, cues), "part_of": None, "parts_sum_ok": None,
        "planned": is_planned(text, mention, mention.cue),
        **direction_of(text, span, vantage, mention.kind == "receive", mention.actor, held, post),
    }
    if not own_direction(mention):
        received = recipient_and_sender(text, mention, vantage)
        if received:  # `Công an tỉnh được Bộ Công an tăng cường 7 cán bộ`: from the sender to the receiver
            receiver = _share_destination(received[0], source)
            if receiver != received[0]:
                mention.received_at = received[0]
            mention.fields.update(direction_of(text, span, vantage, True, receiver, received[1]))
    mention.guessed_from = _guessed_origin(text, mention, span, held)
    mention.actor_from = _actor_origin(text, mention, span, held)
    if not own_direction(mention) and _PAIRS_RE.search(text, max(mention.clause[0], mention.start - 20), mention.start):
        mention.fields.update(_pair_direction(context.lateral, held))
    if not own_direction(mention) and source is None:
        mention.fields.update(_policy_move(text, mention, span, cues, vantage))
    if not own_direction(mention) and source is None:
        mention.fields.update(_fronted_move(text, mention, context.sentence, vantage))
    if not own_direction(mention):
        mention.fields.update(_position_change(text, mention, context.sentence, vantage))
    if not own_direction(mention):
        mention.fields.update(_nonlocal_post(text, mention, context.sentence, vantage))
    if mention.fields.get("to_level") and mention.fields.get("from_level") is None:
        mention.fields.update(_programme_origin(text, mention, context, cues))


def _named_by_post(mention: Mention) -> bool:
    """The people are named by a post's title (`N Trưởng Công an xã`), not as members of a body."""
    return bool(mention.unit and _holder_title_re().match(mention.unit))


def _share_destination(receiver: str, total: Mention | None) -> str:
    """Where a part's people went when it names the unit that received them: that unit's level,
    unless the part breaks down a total sent lower (`Bộ Công an tăng cường 300 cán bộ về các xã
    biên giới. Trong đó, Công an tỉnh X được tăng cường 9 cán bộ`): the unit took its share of the
    total's people and placed them where the total says, so they went there."""
    went = total.fields.get("to_level") if total is not None else None
    if went in LEVEL_RANK and receiver in LEVEL_RANK and LEVEL_RANK[went] < LEVEL_RANK[receiver]:
        return went
    return receiver


def _guessed_origin(text: str, mention: Mention, span: Span, held: str | None) -> str | None:
    """The count's from_level when only the article's vantage gave it: no origin stated and no
    acting unit named (`Tăng cường 800 công an chính quy xuống xã` in an article about a province).
    Such an origin is a guess, which a restatement naming its actor may contradict (`Bộ Công an đã
    điều động 800 ...`) and still be the same fact."""
    origin = mention.fields.get("from_level")
    if origin is None or mention.actor is not None:
        return None
    unaided = direction_of(text, span, Vantage(), mention.kind == "receive", None, held, _named_by_post(mention))
    return origin if unaided.get("from_level") is None else None


def _actor_origin(text: str, mention: Mention, span: Span, held: str | None) -> str | None:
    """The count's from_level when only its acting unit gave it (`công an tỉnh đã điều động ...,
    465 cán bộ về công an cấp xã`: the province sent them, but its people may have worked below it).
    A restatement that names the people's own level (`465 cán bộ công an huyện về công an cấp xã`)
    states the same fact more exactly."""
    origin = mention.fields.get("from_level")
    if origin is None or mention.actor is None or origin != mention.actor:
        return None
    unaided = direction_of(text, span, Vantage(), mention.kind == "receive", None, held, _named_by_post(mention))
    return origin if unaided.get("from_level") is None else None


def _decisions_listed(text: str, mention: Mention, cut: int | None, end: int, cues: CueIndex) -> Cue | None:
    """`có 3 đồng chí được trao quyết định nhận nhiệm vụ mới, gồm: Điều động đồng chí A ...; điều
    động, chỉ định đồng chí B ...`: a number of people with no verb of its own, whose phrase runs
    into a list (`gồm:`) that opens with a rotation verb, counts the people that verb moves. Not when
    a blocking verb (`khen thưởng`, `bầu`) stands between them."""
    if cut is None or not 0 <= cut - mention.end <= _LISTED_GAP:
        return None
    colon = text.find(":", cut, min(end, cut + 16))
    if colon < 0:
        return None
    first = _skip_blank(text, colon + 1, end)
    opening = cues.starting(first, first + 1)
    if not opening or opening[0].kind != "rotate" or any(c.kind == "block" for c in cues.within(mention.end, cut)):
        return None
    return opening[0]


def _skip_blank(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos] in " \n-+•*":
        pos += 1
    return pos


def _programme_origin(text: str, mention: Mention, context: "_Context", cues: CueIndex) -> dict:
    """A count told `Theo đó,` carries out the programme the sentence before announced: when it
    names where its people went but not where from, the level that programme names its people
    with is their origin (`Bộ Y tế ra quân thực hiện đề án “Tăng cường bác sĩ tuyến trung ương hỗ
    trợ cho cơ sở”. Theo đó, có 223 bác sĩ đi luân phiên hỗ trợ cho 27 tỉnh`: central to province).
    Only the people's own level counts (`bác sĩ tuyến trung ương`, `cán bộ cấp tỉnh`), never the
    acting body or the article's vantage."""
    s, e = context.sentence
    if context.start >= s or not _ACCORDINGLY_RE.match(text, s, e):
        return {}
    for cue in cues_in(text, context.start, s):
        if cue.kind != "rotate":
            continue
        stop = _POLICY_END_RE.search(text, cue.end, s)
        _, origins = moves_in(text, cue.end, stop.start() if stop else s, Vantage())
        origins = [o for o in origins if o in LEVEL_RANK]
        dst = mention.fields["to_level"]
        if len(set(origins)) == 1 and dst in LEVEL_RANK and origins[0] != dst:
            return {"from_level": origins[0], "direction": _direction(CountMove(origins[0], dst))}
    return {}


def _position_change(text: str, mention: Mention, sentence: Span, vantage: Vantage) -> dict:
    """A change of post inside one's own agency (`chuyển đổi vị trí công tác`:
    data/count_position_changes.txt) in agencies of one named level (`trong các cơ quan tham mưu
    cấp tỉnh, ... đã chuyển đổi vị trí công tác 20 công chức`) is a lateral move at that level.
    Only levels written `cấp X` qualify the agencies: a named unit (`tỉnh X đã chuyển đổi ...`,
    `toàn tỉnh`) may speak for all the levels under it, and so does `các cấp`."""
    actions = mention.fields.get("actions") or []
    if not actions or not set(actions) <= _POSITION_CHANGES:
        return {}
    s, e = sentence
    if _ALL_LEVELS_RE.search(text, s, e):
        return {}
    named = {level for start, end, level in _levels(text, s, e, vantage)
             if level and text[start:end].lower().startswith("cấp ")}
    if len(named) != 1 or "local" in named:
        return {}
    level = named.pop()
    return {"from_level": level, "to_level": level, "direction": "lateral"}


@lru_cache(maxsize=1)
def _nonlocal_re() -> regex.Pattern:
    return _compile(rf"{_B}(?:{_fragments('count_nonlocal.txt')})")


def _nonlocal_post(text: str, mention: Mention, sentence: Span, vantage: Vantage) -> dict:
    """People placed where they are not local (data/count_nonlocal.txt), named by the post they were
    placed in (`bố trí 7 bí thư huyện ủy không phải người địa phương`; `bố trí bí thư huyện ủy không
    phải người địa phương, với tổng số 12 đồng chí`): the post's level is where they went. Where they
    came from is not said (another district, the province), so no direction. Only a post's title
    with one level after it, between the placing verb (or the number) and the phrase."""
    if mention.cue is None:
        return {}
    lo = min(mention.cue.end, mention.end)
    phrase = _nonlocal_re().search(text, lo, sentence[1])
    if phrase is None or _PHRASE_END_RE.search(text, lo, phrase.start()):
        return {}
    # the post named after the number, up to the next count's people (`5 chủ tịch UBND huyện và 4 bí
    # thư đảng ủy xã không phải ...`: each count its own post); else the post before it (`bố trí bí thư
    # huyện ủy không phải ..., với tổng số 12 đồng chí`)
    lo, hi = (mention.number.end, min(phrase.start(), mention.own[1])) if mention.start < phrase.start() \
        else (lo, phrase.start())
    title = _holder_title_re().search(text, lo, hi)
    if title is None:
        return {}
    levels = {level for _, _, level in _levels(text, title.end(), hi, vantage) if level}
    if len(levels) != 1 or "local" in levels:
        return {}
    return {"to_level": levels.pop()}


# Between a part's label and its number: a colon, a dash, `có` (`- Xã A: 6 người`, `xã B có 4 đồng chí`).
_LABEL_GAP_RE = _compile(r"\s*(?:[:\-–]\s*|có\s+)?")
_LABEL_REACH = 80  # characters from a part's clause opening to its number: a bullet and a unit's name
# Before a part's label: the clause's opening, a bullet or a number of an item.
_LABEL_LEAD_RE = _compile(r"[\s,;:\-–+•*]{0,12}(?:\d{1,2}[.)]\s*)?")


def _labelled_destination(text: str, part: Mention, total: Mention, vantage: Vantage) -> None:
    """A part labelled by the unit its people went to (`26 công chức cấp tỉnh về các xã, phường, cụ
    thể: - Xã A: 6 người; - Phường B: 11 người`): a breakdown by where they went, the label's level its
    destination, and the total's origin its origin. Only a label that opens the part's clause, a place
    named by its level word and its name, right before the number."""
    f = part.fields
    if f.get("to_level") or f.get("direction") or not total.fields.get("to_level"):
        return
    start = part.clause[0]
    if part.start - start > _LABEL_REACH:
        return  # the label opens the clause, close to the number (and the reading stays linear)
    lead = _LABEL_LEAD_RE.match(text, start, part.start)
    levels = [(a, b, level) for a, b, level in _levels(text, lead.end(), part.start, vantage) if level]
    if len(levels) != 1 or levels[0][0] != lead.end() or not _LABEL_GAP_RE.fullmatch(text, levels[0][1], part.start):
        return
    dst, origin = levels[0][2], total.fields.get("from_level")
    if dst != total.fields.get("to_level"):
        return  # a label of another level than the total's destination is no place they went
    f.update(from_level=origin, to_level=dst, direction=_direction(CountMove(origin, dst)) if origin else total.fields.get("direction"))


def _total_destination(text: str, part: Mention, total: Mention) -> None:
    """A part that says only where its people came from went where its total went (`điều động
    500 cán bộ về cấp xã, trong đó 200 người từ cấp tỉnh`). Where it names no move at all, the
    level named with its people is where they came from (`tăng cường 150 cán bộ cho cơ sở, trong
    đó 40 cán bộ cấp tỉnh, 110 cán bộ cấp huyện`)."""
    f = part.fields
    dst = total.fields.get("to_level")
    if f.get("to_level") or f.get("direction") or not dst:
        return
    origin = f.get("from_level")
    if part.held and part.held != dst and _named_by_level(part) and _stated_origin(text, part) is None:
        origin = part.held  # the people's own level, over the acting unit's
    if (not origin and not part.held and part.cue is not None and part.cue is not total.cue
            and part.actor in (None, total.actor) and part.received_at is None):
        # a part by the kind of move, with a rotation verb of its own and no level at all (`điều động
        # 400 công chức về các xã. Trong đó, ...; biệt phái khoảng 150 công chức; ...`): the total's move
        origin = total.fields.get("from_level")
    if origin:
        f.update(from_level=origin, to_level=dst, direction=_direction(CountMove(origin, dst)))


def _named_by_level(part: Mention) -> bool:
    """The part's people are named by what they are (`cán bộ cấp tỉnh`), not by a post
    (`Trưởng Công an xã`), so the level named with them is where they work."""
    unit = " ".join((part.unit or "").lower().split())
    return any(unit == noun or unit.startswith(noun + " ") or unit.startswith(noun + ",")
               for noun in data_lines("count_people_nouns.txt"))


def _stated_origin(text: str, part: Mention) -> str | None:
    """The from_level the part's own text states, without the acting unit or the article's vantage."""
    return direction_of(text, part.own, Vantage(), part.kind == "receive", None, None).get("from_level")


# a return to where the people came from: "trở về", "quay về", "quay trở lại"
_RETURN_RE = regex.compile(r"(?<![\p{L}\p{M}])(?:trở về|quay về|quay trở lại|quay lại)(?![\p{L}\p{M}])")


# a move told at the head of the sentence, before the clause of its count: "Từ tỉnh về huyện, Tỉnh ủy đã
# luân chuyển 22 cán bộ"
_FRONTED_MOVE_RE = regex.compile(r"\s{0,3}[Tt]ừ\s{1,3}[^,;:.\n]{2,40}?\s{1,3}(?:về|xuống|lên|sang)\s{1,3}[^,;:.\n]{2,40}?,")


def _fronted_move(text: str, mention: Mention, sentence: Span, vantage: Vantage) -> dict:
    """The levels of a move told at the head of the count's sentence and set off by a comma (`Từ tỉnh
    về huyện, Tỉnh ủy ... luân chuyển 22 cán bộ`), for a count whose own text states none; both levels,
    or nothing."""
    fronted = _FRONTED_MOVE_RE.match(text, sentence[0], mention.start)
    if fronted is None:
        return {}
    fields = direction_of(text, (fronted.start(), fronted.end() - 1), vantage, False)
    return fields if fields.get("from_level") and fields.get("to_level") else {}


def _total_origin(text: str, part: Mention, total: Mention) -> None:
    """A part that says only where its people went came from where its total came from, when the
    total states it (`điều động 13 cán bộ thuộc các đơn vị Bộ Công an về các xã biên giới. Theo đó,
    6 cán bộ đến xã A ...; 7 cán bộ đến xã B ...`): the part's people are some of the total's, so
    the acting unit or the article's vantage does not say where they were."""
    f, origin = part.fields, total.fields.get("from_level")
    if origin is None or total.guessed_from is not None or not f.get("to_level") or f.get("from_level") == origin:
        return
    went = total.fields.get("to_level")
    if f["to_level"] == origin and went and part.own and _RETURN_RE.search(text, *part.own):
        # "luân chuyển 34 cán bộ huyện về xã. Trong số đó, 12 đồng chí đã trở về huyện": back from where
        # the total went
        f.update(from_level=went, direction=_direction(CountMove(went, origin)))
        return
    if part.actor is not None and part.actor != total.actor:
        return  # the part names a unit of its own that sends its people
    if _stated_origin(text, part) is None and part.held is None:
        f.update(from_level=origin, direction=_direction(CountMove(origin, f["to_level"])))


def _policy_move(text: str, mention: Mention, span: Span, cues: CueIndex, vantage: Vantage) -> dict:
    """A count that says nothing of where its people went takes the move of the policy its
    sentence carries out, told before it with a rotation verb that counts no one (`Thực hiện chủ
    trương điều động, biệt phái công chức về các xã, Sở Nội vụ tổng hợp danh sách 26 công chức
    ...`); not when the count is set apart from it (`bên cạnh`, `còn`)."""
    for cue in reversed(cues.within(mention.clause[0], span[0])):
        if cue.kind != "rotate":
            continue
        stop = _POLICY_END_RE.search(text, cue.end, span[0])
        end = stop.start() if stop else span[0]
        if find_numbers(text, cue.end, end) or _BESIDES_RE.search(text, end, mention.start):
            return {}
        if _heads()["level"].search(text, cue.end, end) is None:
            continue  # no level named after it: the move is read from levels alone
        fields = direction_of(text, (cue.start, end), vantage, False, mention.actor, mention.held)
        if fields.get("to_level") or fields.get("direction"):
            return fields
    return {}


class _Context:
    """A sentence with the one before it, read once if a count needs it."""

    def __init__(self, text: str, start: int, sentence: Span):
        self._args = (text, start, sentence[1])
        self.start = start  # where the sentence before starts
        self.sentence = sentence  # the sentence itself
        self._lateral: bool | None = None

    @property
    def lateral(self) -> bool:
        """It says the moves stay within one level (`giữa các xã`, `với nhau`)."""
        if self._lateral is None:
            text, start, end = self._args
            self._lateral = bool(_heads()["lateral"].search(text, start, end))
        return self._lateral


_ROTATION_RE = regex.compile(r"(?i)(?<!\w)luân chuyển(?!\w)")


@lru_cache(maxsize=1)
def _relief_re() -> regex.Pattern:
    """A disaster relief operation told anywhere in a sentence (count_relief.txt)."""
    return _compile(rf"{_B}(?:{_fragments('count_relief.txt')}){_E}")


def sentence_counts(text: str, sentence: Span, vantage: Vantage, previous_total: Mention | None,
                    bullet: bool, context_start: int, numbers: NumberIndex, header: Cue | None = None,
                    figure: Mention | None = None,
                    ) -> tuple[list[Mention], list[tuple[Mention, Mention]], list[Cue] | None]:
    """The counts of one sentence, (part, total) links for its breakdown, and its verbs
    (`cues_in`), or None when it has no number of people and they were not needed.

    `previous_total` is the last count of the sentence before, for a sentence that
    opens with `Trong đó` or is a bullet of a breakdown list; `context_start` is where the
    sentence before starts; `numbers` is the article's number index. `header` is the rotation
    verb of a heading with no count that ends in `:` (`Kết quả luân chuyển cán bộ:`), for a
    bullet under it: its numbers with no verb of their own count that heading's moves, each
    where its bullet says they went (`- Từ tỉnh về huyện: 12 đồng chí;`). `figure` is the last
    count of the sentence before, for a number told as that figure's new value (`Năm 2024, con
    số này là 15 cán bộ`): it counts the same kind of move, as a count of its own.
    """
    s, e = sentence
    if not may_mention(text, s, e, numbers):
        return [], [], None  # no clause of it has a mention
    if _relief_re().search(text, s, e) and not _ROTATION_RE.search(text, s, e):
        # "tăng cường 200 cán bộ, chiến sĩ ... giúp dân khắc phục hậu quả bão lũ": relief, no move; but
        # "sau khi khắc phục hậu quả bão lũ, tỉnh luân chuyển 30 cán bộ ...": rotation is never relief
        return [], [], None
    cut = s if bullet else _breakdown_marker(text, s, e)
    if cut is None and not bullet and ":" in text[s:e]:
        cut = _colon_cut(text, s, e, numbers)  # "luân chuyển 10 cán bộ: về xã 6 đồng chí; ..."
    subset = None if bullet else _subset_cut(text, s, e, numbers)
    if subset is not None:
        cut = subset  # "Trong số 45 cán bộ được luân chuyển, có 12 ...": the whole is the total
    elif cut is not None and previous_total is None and header is None and not mentions_in(text, (s, cut), numbers):
        cut = None  # "luân chuyển đợt một gồm 44 người": nothing before it to break down
    clauses = _clauses(text, s, e, cut)
    clause_mentions = [mentions_in(text, clause, numbers, parts=cut is not None and clause[0] >= cut)
                       for clause in clauses]
    if not any(clause_mentions):
        return [], [], None  # the loop below would keep nothing and link nothing
    found_cues = cues_in(text, s, e)
    cues = CueIndex(found_cues)
    context = _Context(text, context_start, sentence)
    accepted: list[Mention] = []
    links: list[tuple[Mention, Mention]] = []
    previous_clause: list[Mention] = []
    total: Mention | None = None
    headed: set[int] = set()  # the bullet's counts under a heading's verb
    figured: set[int] = set()  # counts told as the new value of the figure of the sentence before
    for clause, mentions_in_clause in zip(clauses, clause_mentions):
        in_parts = cut is not None and clause[0] >= cut
        if in_parts and total is None:
            total = _total_for(accepted, previous_total, cut)  # once: every count before the cut is in
        # "...là 14 người; từ xã lên huyện 6 người": a clause with no verb of its own goes on the list before it
        leader = previous_clause[-1] if previous_clause and not in_parts and not cues.any_starting(*clause) else None
        kept, borrowed = [], set()
        for mention in mentions_in_clause:
            why = _kept_as(text, mention, kept, clause, sentence, cues, cut=cut, in_parts=in_parts, total=total,
                           header=header, figure=figure, leader=leader)
            if why is None:
                continue
            kept.append(mention)
            if why == "figure":
                figured.add(id(mention))
            elif why == "heading":
                headed.add(id(mention))
            elif why == "leader":
                borrowed.add(id(mention))
        kept = _shared_predicates(text, mentions_in_clause, kept)
        clause_counts = []
        for i, mention in enumerate(kept):
            source = _source_of(mention, total, leader if id(mention) in borrowed else None)
            neighbours = (kept[i - 1] if i else None, kept[i + 1] if i + 1 < len(kept) else None)
            _describe(text, mention, neighbours, cues, vantage, source, context)
            if i and kept[i - 1].listed:
                _share_list_move(kept, i)
            elif i:
                _share_joined_destination(text, kept[i - 1], mention, vantage)
            if accepted and not own_direction(mention):
                _reverse_of(text, mention, accepted[-1])
            # a figure's new value (`con số đó đã lên 14 cán bộ`): its `lên` is the figure rising, not a move
            told_as_figure = _FIGURE_BEFORE_RE.search(text, max(mention.clause[0], mention.start - 60), mention.start)
            if not own_direction(mention) or told_as_figure:
                _same_move_as(text, mention, accepted[-1] if accepted else None,
                              figure if id(mention) in figured else None)
            if source is not None and source is (mention.host or total):
                _labelled_destination(text, mention, source, vantage)
                _total_destination(text, mention, source)
                _total_origin(text, mention, source)
            if id(mention) in headed and not own_direction(mention):
                continue  # a bullet under the heading that does not say where people went (`- Nữ: 3 đồng chí`)
            if mention.single and not _reported_one(text, mention, in_parts and source is total):
                continue  # "luân chuyển một cán bộ" as a general remark, not a figure
            if mention.cue is not None and mention.cue.appoint and not appointed_across_levels(mention):
                continue  # "bổ nhiệm 3 phó giám đốc": an appointment within a unit, not a move
            if mention.cue is not None and mention.cue.dispatch and not mention.fields.get("to_level"):
                continue  # "điều 30 cán bộ, chiến sĩ xuống đường": sent to a task, not to a unit
            if source is not None and mention.cue is None:
                own = own_direction(mention)
                bloc = None if own else _bloc_label(text, mention, clause)
                if not own and not (source is leader and _parallel(text, clause, leader)) and bloc is None:
                    continue  # a part by rank or gender, not by where they went: optional, left out
                mention.fields["planned"] = source.fields["planned"]
                mention.fields["actions"] = source.fields["actions"]
                if bloc is not None:
                    _bloc_position_change(text, mention, bloc, vantage)
            if mention.host is not None:
                links.append((mention, mention.host))
            elif total is not None and mention.number.value < total.number.value:
                links.append((mention, total))  # (as many as the total: `Theo đó, 53 cán bộ ...` restates it)
            accepted.append(mention)
            clause_counts.append(mention)
        previous_clause = clause_counts if not in_parts else []
    return accepted, links, found_cues


# A part labelled by the bloc it was moved in (`Trong đó, khối quận, huyện 519 trường hợp; khối sở
# ngành 193 trường hợp`, `trong đó 8 đồng chí khối Đảng`): a part by where the people went, not by
# rank or gender. The label stands before the number with no other number between, or right after
# the part's people.
_BLOC_BEFORE_RE = _compile(rf"{_B}khối\s+(?!lượng{_E})[^\d;:()]{{0,45}}$")
_BLOC_AFTER_RE = _compile(rf"\s*(?:thuộc\s+|ở\s+|tại\s+)?(?:các\s+cơ quan\s+)?khối\s+(?!lượng{_E})\p{{L}}")
_BLOC_REACH = 60


def _bloc_label(text: str, mention: Mention, clause: Span) -> Span | None:
    """The bloc that labels a breakdown's part (`khối Đảng`, `khối quận, huyện`) before its number or
    right after its people, else None."""
    start = mention.number.start
    if before := _BLOC_BEFORE_RE.search(text, max(clause[0], start - _BLOC_REACH), start):
        return before.span()
    if after := _BLOC_AFTER_RE.match(text, mention.end, clause[1]):
        stop = _PHRASE_END_RE.search(text, after.end(), clause[1])
        return after.start(), stop.start() if stop else clause[1]
    return None


def _bloc_position_change(text: str, mention: Mention, label: Span, vantage: Vantage) -> None:
    """A part of changes of post (`chuyển đổi vị trí công tác`) labelled by its bloc (`label`) changed posts
    inside it: lateral, at the one level the bloc names (`khối quận, huyện 519 trường hợp`: district)."""
    actions = mention.fields.get("actions") or []
    if not actions or not set(actions) <= _POSITION_CHANGES:
        return
    named = {level for _, _, level in _levels(text, label[0], label[1], vantage) if level and level != "local"}
    level = named.pop() if len(named) == 1 else None
    mention.fields.update(from_level=level, to_level=level, direction="lateral")


def _kept_as(text: str, mention: Mention, kept: list[Mention], clause: Span, sentence: Span, cues: CueIndex, *,
             cut: int | None, in_parts: bool, total: Mention | None, header: Cue | None, figure: Mention | None,
             leader: Mention | None) -> str | None:
    """Why a number of people in a clause is kept as a count, None if it is not: its own verb
    ("own"), a list of decisions ("decision"), the new value of the figure of the sentence before
    ("figure"), a bullet under a heading's verb ("heading"), a part of the total ("part"), or a
    clause that goes on the list of the clause before ("leader"). Sets the kind (and cue, unit)
    the mention takes from what keeps it; the first reason that holds wins."""
    s, e = sentence
    if mention.paren is not None and _bracket_part(text, mention, kept):
        return "own"
    if mention.paren is not None and mention.unit is None:
        return None  # a bare number in brackets is a part of the count before, or nothing
    if _accept(text, mention, cues) or _continues_list(text, mention, kept, cues):
        return "own"
    if not in_parts and (listed := _decisions_listed(text, mention, cut, e, cues)) is not None:
        mention.cue, mention.kind = listed, listed.kind
        return "decision"
    if figure is not None and _FIGURE_BEFORE_RE.search(text, max(clause[0], mention.start - 60), mention.start):
        mention.kind = figure.kind  # "Năm 2023, huyện luân chuyển 12 cán bộ. Năm 2024, con số này là 15 cán bộ"
        return "figure"
    if (in_parts and total is None and header is not None and _bullet_says_where(text, s, e, mention)
            and _may_be_part(text, mention, cues)):
        mention.kind = header.kind
        return "heading"
    if in_parts and total is not None and _may_be_part(text, mention, cues):
        mention.kind = total.kind
        mention.unit = mention.unit or total.unit  # a bare part counts its total's people
        return "part"
    if leader is not None:
        mention.kind = leader.kind
        return "leader"
    return None


_MOVE_FIELDS = ("from_level", "to_level", "direction")


def _share_list_move(kept: list[Mention], i: int) -> None:
    """Numbers listed under one unit (`luân chuyển về xã lần lượt 9 và 12 cán bộ`, `lần lượt 7, 9 và
    12 cán bộ từ tỉnh về huyện`) count one kind of move: the move stated on either side of the list's
    item before kept[i] is both's, and the earlier items' that state none (they were described first)."""
    item, following = kept[i - 1], kept[i]
    if own_direction(item) == own_direction(following):
        return
    giver = item if own_direction(item) else following
    j = i if giver is item else i - 1
    while j >= 0 and (j == i or kept[j].listed) and not own_direction(kept[j]):
        kept[j].fields.update({k: giver.fields.get(k) for k in _MOVE_FIELDS})
        kept[j].guessed_from, kept[j].actor_from = giver.guessed_from, giver.actor_from
        if j == i:
            break  # (the item after the list's giver: the list ends there)
        j -= 1


# Between two counts of people joined by "và"/"cùng", the first's noun phrase and nothing else
# (`12 cán bộ cấp tỉnh và 30 ...`): no verb, number or clause break.
_JOINED_PEOPLE_RE = _compile(rf"[^,;:.()\d]{{0,40}}?\s(?:và|cùng)\s+(?:{ROUNDING}\s+)?")
_LISTED_PEOPLE_RE = _compile(rf"[^,;:.()\d]{{0,40}}?,\s{{0,2}}(?:{ROUNDING}\s+)?")


def _share_joined_destination(text: str, item: Mention, following: Mention, vantage: Vantage) -> None:
    """Two counts of people joined by "và" or "cùng", the second telling where both went (`điều động
    12 cán bộ cấp tỉnh và 30 cán bộ cấp huyện về các xã`, `bố trí 880 sĩ quan và 460 quân nhân về
    ...`): the first, with no destination of its own, shares the second's, keeping the origin its
    own phrase names. With none named, it takes the second's origin only where that was guessed
    from the article's vantage or the acting unit (and stays a guess, as in `_share_list_move`):
    an origin the second's own words name (`12 cán bộ trẻ và 30 cán bộ cấp huyện`) is theirs alone.
    Not across a number or a comma (`luân chuyển 12 cán bộ, 30 cán bộ khác được điều động ...`); a
    verb after "và" starts a count of its own, which `_JOINED_PEOPLE_RE` cannot reach."""
    f, g = item.fields, following.fields
    if f.get("to_level") or f.get("direction") or not g.get("to_level"):
        return
    joined = _JOINED_PEOPLE_RE.fullmatch(text, item.end, following.start)
    if joined is None and item.cue is not None and following.cue is item.cue and item.cue.start < item.start:
        # "điều động 102 cán bộ khối chính quyền, 38 cán bộ khối Đảng cấp tỉnh về xã": one verb before a
        # list told with a comma, its destination after the last
        joined = _LISTED_PEOPLE_RE.fullmatch(text, item.end, following.start)
    if joined is None:
        return
    own = {level for _, _, level in _levels(text, item.end, joined.end(), vantage) if level and level != "local"}
    src = f.get("from_level") or (own.pop() if len(own) == 1 else None)
    theirs = g.get("from_level")
    if src is None and not own and theirs is not None and theirs in (following.guessed_from, following.actor_from):
        src = theirs
        item.guessed_from, item.actor_from = following.guessed_from, following.actor_from
    direction = _direction(CountMove(src, g["to_level"])) if src != g.get("from_level") else g.get("direction")
    f.update(from_level=src, to_level=g["to_level"], direction=direction)


# The count after a move, told as its way back: `... và 2 đồng chí theo chiều ngược lại`,
# `..., ngược lại 3 đồng chí`, `3 đồng chí ở chiều ngược lại`.
_REVERSED_RE = _compile(rf"{_B}(?:theo\s+|ở\s+|có\s+)?(?:chiều\s+)?ngược\s+lại{_E}")


def _reverse_of(text: str, mention: Mention, before: Mention) -> None:
    """A count with no move of its own, told as the reverse of the count right before it in the
    sentence (`từ huyện về xã 7 đồng chí và ngược lại 3 đồng chí`): that count's ends swapped."""
    f = before.fields
    if not (f.get("from_level") and f.get("to_level")) or f.get("direction") not in ("down", "up", "lateral"):
        return
    start, end = mention.own
    if not _REVERSED_RE.search(text, max(before.end, start - 40), end):
        return
    mention.fields.update(from_level=f["to_level"], to_level=f["from_level"], direction=_opposite(f["direction"]))


# Between two counts, a new period and nothing else (`..., năm 2024 là 11 đồng chí`, `; đợt 2 có 6
# cán bộ`): the second counts the same move in another period.
_LAST_SEPARATOR_RE = _compile(r"[,;]", _FLAGS | regex.REVERSE)
_PERIOD_GAP_RE = _compile(rf"[\s,;]{{0,4}}(?:(?:và|còn|riêng)\s+)?(?:trong\s+)?(?:năm|đợt|giai\s+đoạn|quý|tháng|nhiệm\s+kỳ)"
                          rf"\s+[\d/\-–\s]{{1,12}}?\s*,?\s*(?:(?:con\s+số\s+(?:này|đó)\s+)?(?:là|có|đạt))?\s*")


def _same_move_as(text: str, mention: Mention, before: Mention | None, figure: Mention | None) -> None:
    """A count with no move of its own, told as the same figure for another period: the new
    value of the figure of the sentence before (`Năm 2024, con số này là 15 cán bộ`), or the count
    right before it with only a period between (`về xã năm 2023 là 8 đồng chí, năm 2024 là 11 đồng
    chí`) or called its figure (`...; năm 2024, con số này là 11 đồng chí`). It takes that count's levels and direction."""
    if figure is None:
        if before is None:
            return
        separator = _LAST_SEPARATOR_RE.search(text, before.end, mention.start)
        if separator is None or not (_PERIOD_GAP_RE.fullmatch(text, separator.start(), mention.start)
                                     or _FIGURE_BEFORE_RE.search(text, separator.start(), mention.start)):
            return  # (the text from the last separator: `về huyện; năm 2023 là 14 cán bộ`, `..., con số này là 12`)
        figure = before
    f = figure.fields
    if f.get("direction"):
        mention.fields.update(from_level=f.get("from_level"), to_level=f.get("to_level"), direction=f["direction"])


# The figure of the count before, told again with a new value right before a number:
# `con số này là 15 cán bộ`, `con số đó năm nay đã tăng lên 20 cán bộ`.
_FIGURE_BEFORE_RE = _compile(rf"{_B}con\s+số\s+(?:này|đó|trên)(?:\s+[^,.;:\d]{{1,24}}?)?\s+(?:là|lên|đạt)\s+$")


def _bullet_says_where(text: str, s: int, e: int, mention: Mention) -> bool:
    """A bullet under a heading opens with where its people went, right after its marker
    (`- Từ tỉnh về huyện: 12 đồng chí`, `+ Giữa các sở, ngành: 8`), with no verb of its own
    before the number (`- Cử đi đào tạo ...` is other work)."""
    marker = _BULLET_RE.match(text[s:e])
    start = s + (marker.end() if marker else 0)
    heads = _heads()
    return bool(heads["motion"].match(text, start, mention.start) or heads["lateral"].match(text, start, mention.start))


def _source_of(mention: Mention, total: Mention | None, leader: Mention | None) -> Mention | None:
    """The count this one hangs on: its bracket's host, the total it breaks down, or the list it continues."""
    return mention.host or total or leader


def _parallel(text: str, clause: Span, leader: Mention) -> bool:
    """`năm 2021 có 18 đồng chí được luân chuyển; năm 2022 có 23 đồng chí`: clauses built alike."""
    first = _FIRST_WORD_RE.search(text, *clause)
    lead = _FIRST_WORD_RE.search(text, *leader.clause)
    return bool(first and lead and first.group().lower() == lead.group().lower())
