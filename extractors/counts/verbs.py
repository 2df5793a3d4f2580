"""Clause and verb attachment: a clause's verbs (`cues_in`) and which one governs each number.

A verb rotates, receives, or blocks (trained, planned, nominated, ...). Placing and appointing
verbs (`bố trí`, `sắp xếp`, `bổ nhiệm`) rotate in a sentence that places people where they do
not come from (non-local cadres, regular police or army officers in commune posts); `điều` alone
rotates only people sent to a named level (`sentences` checks). A number goes to the
verb right before it, else to its own predicate right after it (after a title, a tense, or the
people's origin: `có 86 đồng chí ... của Công an tỉnh đến đảm nhiệm ...`), else to the nearest
verb before it in the clause (`govern`); it is a count when a verb that rotates or receives
governs it and its own phrase names no exclusion, nor each unit's share (`mỗi xã`: `_accept`).
One verb may govern a list of numbers (`_continues_list`, `_shared_predicates`). The tense words
before a number say whether it is planned (`is_planned`) and whether `một đồng chí` reports a
move (`_reported_one`).

Entry points: `cues_in`, `CueIndex` (a sentence's verbs by position), `govern`, `_accept` (with
`appointed_across_levels`),
`_continues_list`, `_shared_predicates`, `is_planned` and `tense_of` (plan, future or done),
`_reported_one`, and `_actions_of` (a count's verbs as written).
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

import regex

from extractors.base import alternation, data_lines
from extractors.counts.language import _B, _E, Cue, Span, _actions, _compile, _cue_res, _heads, ROUNDING, agent_fragment, expanded
from extractors.counts.mentions import Mention, own_direction, unit_after
from extractors.heads import folded_text
from extractors.numbers import find_numbers

_LIST_SPLIT_RE = _compile(rf"[,;]|{_B}và{_E}")  # ";" only inside brackets: clauses split at the others
_LIST_GAP_RE = _compile(r"\s*(?:,|và|hoặc)\s*")  # between items of a list of verbs or numbers
# Before a verb, words that make "luân chuyển một cán bộ" a general statement, not a report.
_GENERIC_RE = _compile(rf"{_B}(?:khi|nếu|việc|để|mỗi|cần|phải|muốn|trước khi|sau khi)\s+(?:[\p{{L}}\p{{M}}]+\s+){{0,3}}$")
_YEAR_RE = _compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_PUNCT_RE = regex.compile(r"[,;:()]")
_PASSIVE_RE = _compile(r"(?:được|bị)\s+$")
_PARENS_RE = regex.compile(r"\([^()]{0,200}\)")
_OPENING_QUOTES = " \n\"“‘'"
# A number right after the verb, with only these words between: the verb governs it.
_FILLER_RE = _compile(rf"\s*(?:(?:cho|được|thêm|lại|đối với|với|là|tổng cộng|tổng số|tổng|số|đã|các|ngang|"
                      rf"gần|hơn|trên|khoảng|tổng thể)\s+){{0,3}}\s*")
# Between a number and its own predicate verb: a title may stand there when the verb is passive
# ("3 đồng chí Ủy viên Ban Thường vụ Tỉnh ủy được luân chuyển"); otherwise only adverbs.
# The acting body may stand after "được" ("12 cán bộ được Huyện ủy điều động").
_PASSIVE_GAP_RE = _compile(rf"[^;:()]{{0,80}}?\s(?:(?:đã|vừa|mới|đều|sẽ|cũng|đang|dự kiến|từng)\s+){{0,2}}(?:được|bị)\s+"
                           rf"{agent_fragment()}(?:(?:cử|đưa)\s+)?")  # "được cử tăng cường": sent, then the purpose verb
# The category the people belong to, between them and its verb (`22 cán bộ là đối tượng luân chuyển`,
# `thuộc diện quy hoạch`): the verb after it names the category, not what was done to them.
_CATEGORY_GAP_RE = _compile(r"\s+(?:là|thuộc|trong)\s+(?:đối\s+tượng|diện)\s+")
_AUX_GAP_RE = _compile(r"\s+(?:(?:đã|vừa|đều|sẽ|đang|cũng)\s+){1,2}")
# The rest of a title between the number's unit and an active verb ("8 Bí thư Đảng ủy xã luân chuyển"),
# and the tense or manner ("500 cán bộ cấp tỉnh đã tăng cường về cơ sở", "4 phó trưởng công an
# huyện tình nguyện về làm trưởng công an xã").
# The title's words are capitalised, body words (`count_agent_words.txt`) or the lower-case words of
# a title (`count_holder_titles.txt`, `phòng`: "3 đồng chí phó trưởng phòng về giữ chức ..."), or words
# telling what the people are (`count_people_modifiers.txt`: "6 sĩ quan quân đội chuyển ngành về ...").
_TITLE_WORDS = alternation((*data_lines("count_holder_titles.txt"), *data_lines("count_agent_words.txt"),
                            *data_lines("count_people_modifiers.txt"), "phòng"))
# The people's departments (`26 công chức các sở, ngành tỉnh ...`) may stand there too, and the
# decision they receive before its verb (`... nhận quyết định biệt phái về các xã`).
_TITLE_GAP_RE = _compile(rf"\s+(?:(?:{_TITLE_WORDS}|các|sở(?:,\s?ngành)?|ngành|(?-i:\p{{Lu}}[\p{{L}}\p{{M}}]{{0,12}})){_E}\s+){{0,6}}"
                         rf"(?:(?:đã|vừa|mới|đều|sẽ|đang|cũng|tình nguyện|xung phong)\s+){{0,2}}"
                         rf"(?:(?:nhận|được trao|được nhận)\s+quyết định\s+)?")
# Where the people come from, between a stated number and its rotation verb ("có 86 đồng chí công
# an chính quy của Công an tỉnh đến đảm nhiệm ...", "22 cán bộ thuộc các sở, ngành xuống nhận ..."),
# and the acting body after it ("69 cán bộ thuộc Bộ Chỉ huy Quân sự tỉnh và các đơn vị trực thuộc
# Quân khu được Bộ Tư lệnh Quân khu điều động ...").
_ORIGIN_GAP_RE = _compile(rf"\s(?:[^;:()]{{0,50}}?\s)?(?:của|thuộc|ở|tại|từ)\s[^;:()]{{1,90}}?\s"
                          rf"(?:(?:(?:đã|vừa|mới|đều|sẽ|cũng)\s+){{0,2}}(?:được|bị)\s+{agent_fragment()})?")
# How far after a number its own predicate may stand: after a title or adverbs, or after the
# people's origin (`_ORIGIN_GAP_RE`), which may be longer.
_PREDICATE_WINDOW = 90
_ORIGIN_WINDOW = 150
# How far before a number a plan or tense word still speaks for it.
_PLAN_WINDOW = 150
# How far before its verb the acting unit or a verb list may start (keeps long sentences linear).
_SUBJECT_WINDOW = 120
# How far after its verb a number may stand and still be governed by it when other words come
# between (`số cán bộ ... được luân chuyển là 11 đồng chí`); farther on, the link is a guess.
_GOVERN_WINDOW = 300
# How far before a number "có"/"là" may stand (the cue and a few spaces).
_STATED_WINDOW = 40
# How far after a number its own phrase is read for an exclusion (`tham gia cứu hộ`).
_EXCLUSION_WINDOW = 150
# How far before a number its clause is read for vehicles sent with the people (`2 xe chữa cháy cùng`).
_VEHICLES_WINDOW = 120
# "có 18 cán bộ luân chuyển": a bare noun phrase after the number counts the rotated only when
# the number is stated (after "có", "là", or opening its clause), or names who is on a list
# ("lập danh sách 42 công chức biệt phái về các xã"), or is the whole a subset is taken from ("Trong 45
# cán bộ luân chuyển có 15 ...", not "một trong 20 cán bộ thuộc diện luân chuyển").
_EXISTENTIAL_RE = _compile(rf"(?:{_B}(?:có|là|gồm|còn|với|cử|đưa|phân công|danh sách|trong\s+(?:tổng\s+)?số|(?<!một\s)trong)|[,;:(-])\s*$")
# Verbs of sending whose purpose comes after the people: "cử 15 cán bộ tăng cường", "cử 26 đồng chí đi học".
_SEND_RE = _compile(rf"{_B}(?:cử|đưa|phân công){_E}")
_AMONG_RE = _compile(rf"{_B}trong\s+số\s+(?:[^\d,;:()]{{0,30}}?\s)?(?:(?:được|đã|đã được)\s+)?$")
_PURPOSE_RE = _compile(rf"{_B}(?:về|để|nhằm|lên|xuống|đi)\s+$")
# ... unless the sentence goes on to count the rotated by the levels they left and went to, with no
# total of their own (`Trong số cán bộ luân chuyển có 4 đồng chí từ Trung ương về tỉnh`): each part
# is a count, and the verb governs it.
_AMONG_MOVED_RE = _compile(rf"[,\s]{{0,4}}(?:có|thì)\s+[^;:()]{{1,40}}?\s+từ\s+(?:cấp\s+)?"
                           rf"(?:{expanded('{level}')})\s+(?:về|xuống|lên|sang){_E}")
# After a comma, these start a new statement: the verb before the comma no longer governs.
_NEW_STATEMENT_RE = _compile(rf"{_B}(?:có|đã|vừa|đang|sẽ|được|nhiều|hầu hết|đa số){_E}")
_PHRASE_END_RE = regex.compile(r"[,;]")
# An origin (`từ các xã ...`) and the motion that leaves it for the destination (`... về các xã`).
_ORIGIN_FROM_RE = _compile(rf"{_B}từ\s")
_ORIGIN_LEFT_RE = _compile(rf"{_B}(?:về|đến|tới|sang|xuống|lên)\s")
# Two statements of a headline joined by a spaced dash ("... về cơ sở - Cả tỉnh có 30 cán bộ nữ").
_HEADLINE_DASH_RE = regex.compile(r"\s[-\u2013\u2014]\s{1,4}\p{Lu}")
# "Mỗi xã được bố trí 3 công an chính quy": how many each unit gets, a norm, not people moved.
_PER_UNIT_RE = _compile(rf"{_B}(?:mỗi|từng)\s+(?:xã|phường|thị trấn|huyện|quận|thị xã|tỉnh|thành phố|đơn vị|"
                        rf"cơ quan|địa phương|sở|ngành|cơ sở){_E}")
# A rotation cue that is the motion of the item before, not a verb of its own: "điều động 46 lãnh
# đạo về nhận nhiệm vụ tại các phòng, 465 cán bộ về công an cấp xã" (one verb, two items).
_MOTION_CUE_RE = _compile(r"(?:về|đến|tới|xuống|lên)\s")
# Between verbs listed with one object: "điều động, bố trí, sắp xếp", "luân chuyển và bố trí".
_VERB_LIST_GAP_RE = _compile(r"\s*(?:,\s*(?:và\s+)?|\s+(?:và|hoặc)\s+|\s*/\s*)")
# How far before a number its unit's "mỗi ..." may stand.
_PER_UNIT_WINDOW = 60
# A body composed of the people, right before their number (`Ban Thường vụ Tỉnh ủy gồm 15 đồng chí`):
# the body (data/count_member_bodies.txt), up to eight words of its name, then "gồm (có)".
_BODY_SIZE_WINDOW = 90
_SIZE_PHRASE_END_RE = regex.compile(r"[,;:()]")
_COMPOSED_RE = _compile(rf"{_B}gồm(?:\s+có)?\s+(?:{ROUNDING}\s+)?$")


# A placing or appointing verb is a rotation in a sentence that places people where they do not
# come from (data/count_placements.txt): non-local cadres, regular police or army officers in
# commune posts.


def cues_in(text: str, start: int, end: int) -> list[Cue]:
    kinds = _actions()[1]
    folded = folded_text(text)
    placement: bool | None = None  # read from the sentence when a placing verb first needs it
    cues = []
    rotation_end = -1  # where the last rotating verb, with the placing verbs listed after it, ends
    found = _heads()["actions"].finditer(text, start, end)
    for i, m in enumerate(found):
        kind, at = kinds[int(m.lastgroup[1:])], m.start()
        if kind == "appoint" and _rotation_listed_next(text, kinds, found, i):
            kind = "rotate"  # "được bổ nhiệm, điều động giữ chức ...": one object, moved
        if kind in ("place", "arrange") and rotation_end >= 0 and _VERB_LIST_GAP_RE.fullmatch(text, rotation_end, at):
            rotation_end = m.end()  # "điều động, bố trí, sắp xếp 848 cán bộ": one object, moved
            continue
        if kind in ("place", "arrange", "appoint"):
            if placement is None:
                placement = bool(_cue_res()["placement"].search(text, start, end))
            if placement:
                kind = "rotate"  # "bổ nhiệm 140 sĩ quan quân đội chính quy làm chỉ huy trưởng ... xã"
            elif kind == "place":
                continue  # "bố trí" alone is an arrangement, not a rotation
            elif kind == "arrange":
                kind = "block"  # "sắp xếp 8 cán bộ dôi dư": the people of a reorganisation
        appoint, dispatch = kind == "appoint", kind == "dispatch"
        kind = "block" if appoint else "rotate" if dispatch else kind
        if kind == "block" and _PURPOSE_RE.search(text, max(start, at - 8), at):
            continue  # "về bổ nhiệm", "để đào tạo": what the rotated people went to do
        lo = max(start, at - 40)
        if (folded.find("trong", lo, at) >= 0 and _AMONG_RE.search(text, lo, at)
                and not _AMONG_MOVED_RE.match(text, m.end(), end)):
            continue  # "trong số cán bộ luân chuyển, có 2 ...": names the total's people, governs nothing
        cues.append(Cue(at, m.end(), kind, appoint, dispatch))
        rotation_end = m.end() if kind == "rotate" and not dispatch else -1
    return cues


def _rotation_listed_next(text: str, kinds: list[str], found: list[regex.Match], i: int) -> bool:
    """The verb after found[i] is a rotating one listed with it (`bổ nhiệm, điều động`, `bổ nhiệm
    và luân chuyển`): the list has one object, and the rotating verb says what happened to it."""
    if i + 1 >= len(found):
        return False
    after = found[i + 1]
    return (kinds[int(after.lastgroup[1:])] == "rotate"
            and _VERB_LIST_GAP_RE.fullmatch(text, found[i].end(), after.start()) is not None)


class CueIndex:
    """A sentence's verbs in text order, found by position (bisect): a number looks only at
    the verbs near it, so the work per number does not grow with the clause."""

    def __init__(self, cues: list[Cue]):
        self.cues = cues
        self._starts = [c.start for c in cues]

    def span(self, lo: int, hi: int) -> tuple[int, int]:
        """Index range of the verbs lying wholly in text[lo:hi]."""
        i, j = bisect_left(self._starts, lo), bisect_left(self._starts, hi)
        while j > i and self.cues[j - 1].end > hi:
            j -= 1
        return i, j

    def within(self, lo: int, hi: int) -> list[Cue]:
        i, j = self.span(lo, hi)
        return self.cues[i:j]

    def starting(self, lo: int, hi: int) -> list[Cue]:
        """The verbs that start in text[lo:hi]."""
        return self.cues[bisect_left(self._starts, lo):bisect_left(self._starts, hi)]

    def any_starting(self, lo: int, hi: int) -> bool:
        i = bisect_left(self._starts, lo)
        return i < len(self.cues) and self.cues[i].start < hi


def govern(text: str, mention: Mention, cues: CueIndex) -> Cue | None:
    """The verb that governs a number: right before it, its own predicate after it, or the nearest before."""
    lo, hi = cues.span(mention.clause[0], mention.start)
    nearest = _in_verb_list(text, cues.cues, lo, hi) if hi > lo else None
    if nearest and _FILLER_RE.fullmatch(text, nearest.end, mention.start):
        return nearest
    right = _own_predicate(text, mention, cues)
    if right:
        return right
    if nearest and mention.start - nearest.end <= _GOVERN_WINDOW and (
            not _broken_by_comma(text, nearest.end, mention.start) or _subject_of_decision(text, nearest, mention)):
        return nearest
    return None


# A verb naming what a decision is about ("Theo quyết định của Bộ trưởng về việc điều động, bổ nhiệm, ..."),
# and the count that decision is told to have, opened by `có` after a comma ("..., lần này có 13 đồng chí")
_DECISION_SUBJECT_RE = _compile(rf"{_B}(?:quyết định|nghị quyết)(?:\s+[^,;:.()]{{0,60}}?)?\s+về\s+việc\s+$")
_DECISION_COUNT_RE = _compile(rf"{_B}có\s+$")
# what those people do right after their number: take up the posts or go where the decision sends them
_DECISION_TAKEN_RE = _compile(rf"\s+(?:(?:đã|được|đều)\s+){{0,2}}(?:giữ|nhận|đảm nhiệm|đảm nhận|về|lên|xuống|sang){_E}")
_DECISION_SUBJECT_WINDOW = 90  # "quyết định của Bộ trưởng Bộ Công an về việc ": the decision, its maker


def _subject_of_decision(text: str, cue: Cue, mention: Mention) -> bool:
    """The verb is the subject of a decision told before it (`quyết định ... về việc điều động`), and the
    number, opened by `có`, is how many that decision concerns, taking up posts or going where it sends
    them (`..., lần này có 13 đồng chí giữ các chức vụ ...`): the comma between them starts no new
    statement of its own."""
    lo = max(mention.clause[0], cue.start - _DECISION_SUBJECT_WINDOW)
    return _DECISION_SUBJECT_RE.search(text, lo, cue.start) is not None \
        and _DECISION_COUNT_RE.search(text, max(lo, mention.start - 8), mention.start) is not None \
        and _DECISION_TAKEN_RE.match(text, mention.end, mention.clause[1]) is not None \
        and ";" not in text[cue.end:mention.start]


def _in_verb_list(text: str, cues: list[Cue], lo: int, hi: int) -> Cue:
    """The last verb of cues[lo:hi] (those before a number), but a rotation verb in the same
    verb list wins (`điều động, bổ nhiệm 12 đồng chí` counts the moved)."""
    last = cues[hi - 1]
    if last.kind != "block":
        return last
    for i in range(hi - 2, lo - 1, -1):
        earlier, later = cues[i], cues[i + 1]
        if not _LIST_GAP_RE.fullmatch(text, earlier.end, later.start):
            break
        if earlier.kind != "block":
            return Cue(earlier.start, last.end, earlier.kind, dispatch=earlier.dispatch)
    return last


def _own_predicate(text: str, mention: Mention, cues: CueIndex) -> Cue | None:
    """The verb right after the number, as its predicate: `15 cán bộ luân chuyển`, `3 đồng chí
    Ủy viên Ban Thường vụ được luân chuyển`, `26 đồng chí đi học`."""
    window_end = min(mention.clause[1], mention.end + _PREDICATE_WINDOW)
    after = cues.starting(mention.end, window_end)
    if not after:
        return _after_origin(text, mention, cues)
    cue = after[0]
    if len(after) > 1 and _CATEGORY_GAP_RE.fullmatch(text, mention.end, cue.start):
        # "22 cán bộ là đối tượng luân chuyển đã được ... điều động về xã": the category names the
        # people, the passive verb after it is what was done to them
        later = after[1]
        if later.start - cue.end <= _PREDICATE_WINDOW and _PASSIVE_GAP_RE.fullmatch(text, cue.end, later.start):
            return later
    if _has_own_object(text, cue, mention.clause[1]):
        return None  # "thiếu 11 người, nay được điều động thêm 8 người": the verb governs the 8
    gap = text[mention.end:cue.start]
    if not gap.strip(_OPENING_QUOTES):  # (a verb may stand in quotes: `3 người “đổi vị trí” từ ...`)
        if not _stated(text, mention):
            return None  # "gặp mặt 20 cán bộ luân chuyển": the rotated are the object of another verb
    elif _TITLE_GAP_RE.fullmatch(gap):
        if not _stated(text, mention):
            return None  # "có 8 Bí thư Đảng ủy xã luân chuyển": the rest of their title, then the verb
    elif not (_PASSIVE_GAP_RE.fullmatch(_PARENS_RE.sub("", gap)) or _AUX_GAP_RE.fullmatch(gap)):
        return _after_origin(text, mention, cues)
    # "15 cán bộ luân chuyển được bổ nhiệm": a passive verb later is the real predicate
    passive = [c for c in after[1:] if _PASSIVE_RE.search(text, max(0, c.start - 8), c.start)
               and not _PUNCT_RE.search(text, cue.end, c.start)]
    return passive[0] if passive and cue.kind != passive[0].kind else cue


def _after_origin(text: str, mention: Mention, cues: CueIndex) -> Cue | None:
    """A rotation verb after a stated number and the people's origin (`có 323 đồng chí cán bộ
    thuộc Công an tỉnh và Công an các huyện, thành phố đến đảm nhiệm ...`): their own predicate."""
    after = cues.starting(mention.end, min(mention.clause[1], mention.end + _ORIGIN_WINDOW))
    if not after or after[0].kind == "block" or not _stated(text, mention):
        return None
    cue = after[0]
    if not _ORIGIN_GAP_RE.fullmatch(text, mention.end, cue.start) or _has_own_object(text, cue, mention.clause[1]):
        return None
    return cue


def _has_own_object(text: str, cue: Cue, end: int) -> bool:
    """A number of people right after the verb (only filler words between): the verb's own object."""
    at = _FILLER_RE.match(text, cue.end, end).end()
    found = find_numbers(text, at, min(end, at + 24))
    return bool(found) and found[0].start == at and unit_after(text, found[0].end, end) is not None


def _stated(text: str, mention: Mention) -> bool:
    """The number opens its clause or follows "có"/"là": it is what the clause states."""
    start = mention.clause[0]
    pos = start
    while pos < mention.start and text[pos] in " -+•*":
        pos += 1
    if pos == mention.start:
        return True
    return bool(_EXISTENTIAL_RE.search(text, max(start, mention.start - _STATED_WINDOW), mention.start))


def _broken_by_comma(text: str, start: int, end: int) -> bool:
    """A comma after the verb followed by a new statement (`Qua luân chuyển, có 12 đồng chí`), or a
    headline's dash before a capitalised word (`Đẩy mạnh luân chuyển cán bộ - Cả tỉnh có 30 ...`)."""
    gap = _PARENS_RE.sub("", text[start:end])
    dash = _HEADLINE_DASH_RE.search(gap)
    if dash and _NEW_STATEMENT_RE.search(gap, dash.end()):
        return True  # (a dash in a name, "Sở Lao động - Thương binh và Xã hội", states nothing new)
    if "," not in gap:
        return False
    tail = gap.rsplit(",", 1)[1]
    return not tail.strip() or bool(_NEW_STATEMENT_RE.search(tail))


def is_planned(text: str, mention: Mention, cue: Cue | None) -> bool:
    """Planned when the nearest tense cue before the number (or in its own predicate) is a plan
    or the future."""
    return tense_of(text, mention, cue) in ("planned", "future")


_KIND_OF_GROUP_RE = regex.compile(r"\D+")  # a group's name less its number (`planned2`): compiled once, not looked up per call


def tense_of(text: str, mention: Mention, cue: Cue | None) -> str | None:
    """The kind of the nearest tense cue before the number or in its own predicate
    (data/count_planned.tsv: `planned`, `future`, `done`), None when there is none."""
    stretch_end = cue.start if cue and cue.start > mention.end else mention.start
    hits = _heads()["planned"].finditer(text, max(mention.clause[0], mention.start - _PLAN_WINDOW), stretch_end)
    if not hits:
        return None
    return _KIND_OF_GROUP_RE.match(hits[-1].lastgroup).group()


def _accept(text: str, mention: Mention, cues: CueIndex) -> bool:
    """A rotation verb governs the number, and its phrase names no exclusion. A number an
    appointment governs is taken as a rotation for now: `sentences` keeps it only if it moves
    people across levels (`appointed_across_levels`)."""
    cue = govern(text, mention, cues)
    if cue is None or (cue.kind == "block" and not cue.appoint):
        return False
    if _excluded(text, mention) or _per_unit(text, mention) or _body_size(text, mention, cue):
        return False
    mention.cue, mention.kind = cue, "rotate" if cue.appoint else cue.kind
    return True


def _per_unit(text: str, mention: Mention) -> bool:
    """The number is what each unit gets (`mỗi xã được bố trí 3 ...`), said just before it."""
    lo = max(mention.clause[0], mention.start - _PER_UNIT_WINDOW)
    f = folded_text(text)
    if f.find("mỗi", lo, mention.start) < 0 and f.find("từng", lo, mention.start) < 0:
        return False
    return bool(_PER_UNIT_RE.search(text, lo, mention.start))


@lru_cache(maxsize=1)
def _member_body_re() -> regex.Pattern:
    return _compile(rf"{_B}(?:{alternation(data_lines('count_member_bodies.txt'))})(?:\s+[^\s,;:.()]+){{0,8}}?\s+"
                    rf"gồm(?:\s+có)?\s+(?:{ROUNDING}\s+)?$")


def _body_size(text: str, mention: Mention, cue: Cue) -> bool:
    """The number is how many members a body has (`Ban Thường vụ Tỉnh ủy gồm 15 đồng chí, trong đó
    ...`): a committee's size, told with "gồm" right before it (`_member_body_re`). Not when the
    number's own predicate moves them (`Tổ công tác gồm 12 cán bộ được điều động về ...`)."""
    if cue.start > mention.end and not _SIZE_PHRASE_END_RE.search(text, mention.end, cue.start):
        return False
    lo = max(mention.clause[0], mention.start - _BODY_SIZE_WINDOW)
    if folded_text(text).find("gồm", lo, mention.start) < 0 or not _COMPOSED_RE.search(text, lo, mention.start):
        return False
    return bool(_member_body_re().search(text, lo, mention.start))


def appointed_across_levels(mention: Mention) -> bool:
    """An appointment is a move when the people hold a post of one level (`bí thư Đảng ủy cấp xã`)
    and are appointed to a post of another (`làm giám đốc các sở`)."""
    held, to_level = mention.held, mention.fields.get("to_level")
    return held is not None and to_level is not None and held != to_level


def _excluded(text: str, mention: Mention) -> bool:
    """An emergency mobilisation, people leaving the service, or a comparison, said in the
    number's own phrase: up to the next comma that does not go on with its list of people
    (`300 cán bộ, chiến sĩ, dân quân xuống các xã vùng lũ`), or the next number of people (`bố trí
    400 công an chính quy về các xã và sắp xếp 120 cán bộ dôi dư`: the surplus are the 120). Or
    vehicles counted before the people in their clause (`điều động 2 xe chữa cháy cùng 20 cán bộ`):
    forces sent to an operation."""
    if _vehicles_before_re().search(text, max(mention.clause[0], mention.start - _VEHICLES_WINDOW), mention.start):
        return True
    end = min(mention.clause[1], mention.end + _EXCLUSION_WINDOW)
    stop = _PHRASE_END_RE.search(text, mention.end, end)
    while stop and _force_noun_re().match(text, stop.end(), end):  # "..., dân quân xuống ...": the list goes on
        stop = _PHRASE_END_RE.search(text, stop.end(), end)
    end = stop.start() if stop else end
    if not _heads()["exclusion"].search(text, mention.end, end):
        return False
    following = next((n for n in find_numbers(text, mention.end, end) if unit_after(text, n.end, end)), None)
    end = following.start if following else end
    return any(not _in_origin(text, mention.end, hit.start(), end)
               for hit in _heads()["exclusion"].finditer(text, mention.end, end))


def _in_origin(text: str, start: int, at: int, end: int) -> bool:
    """The word at `at` describes where the people come from, not what they are: it stands in a
    `từ ...` phrase that a motion then leaves (`điều động 45 công chức từ các xã có công chức dôi dư về
    các xã thiếu người`: the surplus is the origin's; `45 công chức dôi dư` are the surplus)."""
    origin = _ORIGIN_FROM_RE.search(text, start, at)
    return origin is not None and _ORIGIN_LEFT_RE.search(text, at, end) is not None


@lru_cache(maxsize=1)
def _vehicles_before_re() -> regex.Pattern:
    """A number of vehicles (data/count_vehicles.txt) sent together with the people: the vehicles'
    noun and a few words of its own (`2 xe chữa cháy của Công an huyện`), then a joining word or a
    comma right before the people's number (`cùng 20 cán bộ`, `và 18 chiến sĩ`, `, 25 cán bộ`).
    Vehicles of another act in the clause do not count (`trao 5 xe cho các huyện và điều động 20
    cán bộ`: a verb stands between)."""
    return _compile(rf"(?<![\d.,])\d+\s+(?:chiếc\s+)?(?:{alternation(data_lines('count_vehicles.txt'))}){_E}"
                    rf"(?:\s+[\p{{L}}\p{{M}}]{{1,12}}){{0,6}}(?:\s*,\s*(?:(?:cùng|và|với)\s+)?|\s+(?:cùng|và|với)\s+)"
                    rf"(?:{ROUNDING}\s+)?$")


@lru_cache(maxsize=1)
def _force_noun_re() -> regex.Pattern:
    """A noun of people right after a comma: the count's list of people goes on."""
    return _compile(rf"\s*(?:{alternation(data_lines('count_force_nouns.txt'))}){_E}")


def _actions_of(text: str, span: Span, mention: Mention, cues: CueIndex) -> list[str]:
    """The rotation verbs of this count as written, lower-cased: its verb list and its own stretch."""
    start = span[0]
    if mention.cue:
        start = min(start, mention.cue.start)
        # "luân chuyển, điều động, chuyển đổi vị trí công tác đối với 5 ...": the whole verb list
        before = [c for c in cues.within(max(mention.clause[0], start - _SUBJECT_WINDOW), start) if c.kind != "block"]
        for cue in reversed(before):
            if not _LIST_GAP_RE.fullmatch(text, cue.end, start):
                break
            start = cue.start
    words = [text[c.start:c.end].lower() for c in cues.within(start, span[1])
             if c.kind != "block" or (c.appoint and c is mention.cue)]
    if mention.cue and mention.cue.start >= span[1]:  # the verb of the list after it (`gồm: Điều động ...`)
        words.append(text[mention.cue.start:mention.cue.end].lower())
    return list(dict.fromkeys(" ".join(w.split()) for w in words))


def _reported_one(text: str, mention: Mention, part: bool) -> bool:
    """`một đồng chí` is a count of one only in a report of a move: a part of a total, or right
    after its verb in a clause told in the past (`đã`, a year), and saying where they went."""
    if not own_direction(mention):
        return False
    if part:
        return True
    cue = mention.cue
    if cue is None or cue.start > mention.start or not _FILLER_RE.fullmatch(text, cue.end, mention.start):
        return False
    window = max(mention.clause[0], cue.start - _PLAN_WINDOW)
    if _GENERIC_RE.search(text, max(window, cue.start - 40), cue.start):
        return False
    tenses = _heads()["planned"].finditer(text, window, cue.start)
    if tenses:
        return tenses[-1].lastgroup.startswith("done")
    return bool(_YEAR_RE.search(text, window, cue.start))


def _shared_predicates(text: str, mentions: list[Mention], kept: list[Mention]) -> list[Mention]:
    """`có 39 bí thư, 33 bộ trưởng ... được luân chuyển`: a list of numbers before one predicate."""
    taken = {id(m) for m in kept}
    for i in range(len(mentions) - 2, -1, -1):
        mention, following = mentions[i], mentions[i + 1]
        if id(mention) in taken or id(following) not in taken or following.cue is None:
            continue
        if following.cue.start > following.start and _LIST_GAP_RE.fullmatch(text, mention.end, following.start):
            mention.cue, mention.kind = following.cue, following.kind
            taken.add(id(mention))
    return [m for m in mentions if id(m) in taken]


def _continues_list(text: str, mention: Mention, kept: list[Mention], cues: CueIndex) -> bool:
    """`luân chuyển 15 cán bộ từ tỉnh về huyện, 40 cán bộ từ huyện về xã`: one verb, a list of counts."""
    if not kept or kept[-1].cue is None or kept[-1].cue.start > kept[-1].start:
        return False
    previous = kept[-1]
    if mention.start - previous.end > _GOVERN_WINDOW:
        return False  # too far from the list to belong to it
    if any(not (c.kind == "rotate" and _MOTION_CUE_RE.match(text, c.start))
           for c in cues.starting(previous.end, mention.start)):
        return False  # another verb comes between: it governs, and it did not accept this number
    if not _LIST_SPLIT_RE.search(text, previous.end, mention.start) or _SEND_RE.search(text, previous.end, mention.start):
        return False  # not a list, or a new "cử ..." with its own purpose
    own = _own_predicate(text, mention, cues)
    if own is not None and own.kind == "block":
        return False  # "..., 26 đồng chí đi học"
    if _excluded(text, mention) or _per_unit(text, mention):
        return False  # "..., mỗi xã 2 cán bộ": each unit's share of the count before
    mention.cue, mention.kind = previous.cue, previous.kind
    return True
