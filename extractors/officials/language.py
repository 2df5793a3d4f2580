"""The officials' words for moves: the kinds of move verbs and new-post markers, and how far they reach.

The verbs (`luân chuyển` rotation, `bổ nhiệm` appoint, `bầu` elect, `dự kiến` plan, ...) and the
markers of a new post (`giữ chức` post, `về nhận công tác tại` body, `tham gia` join) are data files
(`data/official_move_verbs.tsv`, `data/official_to_markers.tsv`), each row a phrase and its kind.
Names are compared folded (`fold`: NFC, case, spaces).

Entry points: `_kinds(toks, lo, hi)` (the kinds of move the verbs in a token range tell; a move
only announced, `sẽ điều động`, `sắp về làm`, is a plan), `kind_told(toks, start, end)`,
`announced(toks, start)`, `tells_new_post(kinds)`, `_verbs()`,
`_UNSOURCED_VERBS` (appointments that move a person with no post held told, `phân công`: they add the
kind `assign`), `_ASSIGNING_MARKERS` (markers that tell of a new assignment by themselves: `nhận nhiệm vụ mới là`),
`_ELECTED_MARKERS` (markers read only after a verb that gives or keeps a post: `chức`),
`_AFTER_MOVE_MARKERS` (markers read only right after a move verb: `điều động, giao Quyền ...`),
`_markers()` (the phrases as lexicons), `fold(name)`.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from extractors.base import data_lines, data_table
from extractors.base import fold as base_fold
from extractors.posts import Lexicon, cue_words, cues, lexicon, lexicon_of
from extractors.tokens import Tok


_VERB_KIND = {row[0].lower(): row[1] for row in data_table("official_move_verbs.tsv")}
_MARKER_KIND = {row[0].lower(): row[1] for row in data_table("official_to_markers.tsv")}
# appointments that move the person even when no post held before is told ("được phân công làm X"):
# they add the kind `assign` beside `appoint`
_UNSOURCED_VERBS = frozenset(row[0].lower() for row in data_table("official_move_verbs.tsv") if row[2:3] == ("unsourced",))
# markers that tell of a new assignment by themselves ("nhận nhiệm vụ mới là ..."): an appointment
_ASSIGNING_MARKERS = frozenset(row[0].lower() for row in data_table("official_to_markers.tsv")
                                if row[2:3] == ("assigns",))
# markers that tell a post only right after a verb that gives or keeps one ("tái đắc cử chức ...")
_ELECTED_MARKERS = frozenset(row[0].lower() for row in data_table("official_to_markers.tsv")
                             if row[2:3] == ("elected",))
# markers that tell a post only right after a verb of rotation or appointment ("điều động, giao ...")
_AFTER_MOVE_MARKERS = frozenset(row[0].lower() for row in data_table("official_to_markers.tsv")
                                if row[2:3] == ("after_move",))
PRONOUN_REACH = 2  # sentences after a name in which a bare "anh", "ông" still means that person
MAX_REACH = 60  # tokens: how far a move's words may lie from the person they concern
FRONTED_REACH = 15  # tokens from an opening clause's new post to the person named after it


# Cached: these are asked for at nearly every token, and building the key tuple each
# time cost more than the look-ups themselves.
@lru_cache(maxsize=1)
def _verbs() -> Lexicon:
    return lexicon_of(tuple(_VERB_KIND))


@lru_cache(maxsize=1)
def _markers() -> Lexicon:
    return lexicon_of(tuple(_MARKER_KIND))


def fold(name: str) -> str:
    """A name or post as compared: `base.fold` after NFC composition. Kept apart from
    `base.fold` because the officials' functions are also called on text that did not go
    through the normalise stage (tests, notebooks), where one name may be written composed
    in one place and decomposed in another; on the pipeline's NFC text the two agree."""
    return base_fold(unicodedata.normalize("NFC", name))


def _verb_right_before(toks: list[Tok], k: int, kinds: tuple[str, ...]) -> bool:
    """A verb of one of `kinds` ends right before toks[k] (`tái đắc cử` before `chức`), or before a
    comma or `và` there (`điều động, giao`)."""
    if k > 0 and (toks[k - 1].text == "," or toks[k - 1].low == "và"):
        k -= 1
    verbs = _verbs()
    for start in range(max(0, k - 6), k):
        n = verbs.match(toks, start, lower_only=True) if toks[start].low in verbs.by_first else 0
        if start + n == k and n and _VERB_KIND[" ".join(t.low for t in toks[start:k])] in kinds:
            return True
    return False


def _elected_right_before(toks: list[Tok], k: int) -> bool:
    """A verb that gives or keeps a post ends right before toks[k] (`tái đắc cử`, `được bầu`, `bổ
    nhiệm lại`, `bổ nhiệm`, `điều động`): not one of leaving it (`miễn nhiệm chức danh`)."""
    return _verb_right_before(toks, k, ("elect", "stay", "appoint", "rotation"))


# words of two or three syllables with one spelled like a move verb ("Bộ Ngoại giao", "tiếp xã giao"): no
# verb there; by the verb's syllable, each word and where that syllable sits in it
_VERB_LOOKALIKES: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
for _word in (tuple(line.lower().split()) for line in data_lines("official_verb_lookalikes.txt")):
    for _at, _syllable in enumerate(_word):
        _VERB_LOOKALIKES.setdefault(_syllable, []).append((_at, _word))


def _lookalike_at(toks: list[Tok], k: int, n: int) -> bool:
    """The one-word verb at toks[k] is part of a longer word (`Ngoại giao`, `tiếp xã giao`, `giao lưu`)."""
    if n != 1:
        return False
    for at, word in _VERB_LOOKALIKES.get(toks[k].low, ()):
        start = k - at
        if start >= 0 and start + len(word) <= len(toks) \
                and tuple(t.low for t in toks[start:start + len(word)]) == word:
            return True
    return False


def _kinds(toks: list[Tok], lo: int, hi: int) -> set[str]:
    kinds = set()
    verbs = _verbs()
    k = lo
    while k < hi:
        # lower case only (a capital marks an organisation's word), but a sentence may open with a verb,
        # and so may a list after a colon ("gồm: Điều động đồng chí A ..."); a dict look-up first: no
        # verb starts at most tokens
        n = verbs.match(toks, k, lower_only=k > 0 and toks[k - 1].text != ":") if toks[k].low in verbs.by_first else 0
        if n and _lookalike_at(toks, k, n):
            n = 0  # "Bộ trưởng Bộ Ngoại giao A làm Trưởng đoàn": "giao" is in the ministry's name
        if n and k + n < len(toks) and toks[k + n].low in _things_moved().by_first \
                and _things_moved().match(toks, k + n, lower_only=True):
            k += n  # "tiếp nhận chức năng quản lý nhà nước ...": things received, no one's move
            continue
        if n:
            kind = kind_told(toks, k, k + n)
            if kind is not None:
                kinds.add(kind)
            if kind == "appoint" and " ".join(t.low for t in toks[k:k + n]) in _UNSOURCED_VERBS:
                kinds.add("assign")  # "được phân công làm Bí thư Thành ủy X": moved, wherever from
            k += n
        else:
            if toks[k].low in cue_words("motion") and toks[k].is_lower and announced(toks, k) \
                    and (_post_marker_at(toks, k) or toks[k + 1:k + 2] and toks[k + 1].low in cue_words("pronoun")):
                kinds.add("plan")  # "sẽ về làm ...", "sẽ chuyển ông A ...", but not another's "sẽ lên thay"
            k += 1
    return kinds


@lru_cache(maxsize=1)
def _things_moved() -> Lexicon:
    return lexicon("official_things_moved.txt")


_MOVING_KINDS = ("rotation", "appoint", "swap")


def tells_new_post(kinds: set[str] | frozenset[str]) -> bool:
    """Whether verbs of these kinds give a new post: a rotation or an appointment, and not an election,
    a plan, a post kept, a post left or a demotion (`giáng chức`: a lower post where one was)."""
    return bool(kinds & {"rotation", "appoint"}) and not kinds & {"elect", "plan", "stay", "exit", "demote", "promote"}


def _post_marker_at(toks: list[Tok], k: int) -> bool:
    """A new-post marker starts at the word of going toks[k] or right after it (`về làm`, `sang |
    giữ chức`), not a body's (`lên`)."""
    for start in (k, k + 1):
        n = _markers().match(toks, start, lower_only=True) if start < len(toks) else 0
        if n and _MARKER_KIND[" ".join(t.low for t in toks[start:start + n])] == "post":
            return True
    return False


def kind_told(toks: list[Tok], start: int, end: int) -> str | None:
    """The kind of the move verb toks[start:end] as told: a move only announced (`announced`) is a plan.
    None for `sẽ được` in a sentence telling what a decision made says (`Theo quyết định của Bộ Chính
    trị, bà A sẽ được điều động ...`): the `sẽ` tells when, and the verb after it the kind."""
    kind = _VERB_KIND[" ".join(t.low for t in toks[start:end])]
    if kind == "plan" and toks[start].low in cue_words("future") and cues("decided_opening").match(toks, 0):
        return None
    return "plan" if kind in _MOVING_KINDS and announced(toks, start, end) else kind


def announced(toks: list[Tok], start: int, end: int | None = None) -> bool:
    """A `future` cue (`sẽ`, `sắp`) right before toks[start], or before the `được`/`bị` there: the
    move told from toks[start] is not made yet (`sẽ điều động ông A`, `sắp được bổ nhiệm`). In the
    active voice the verb (ending at `end`) must move someone told right after it, a person or a post
    (`sẽ bổ nhiệm ông A`): `sẽ kiện toàn công tác nhân sự` plans no one's move, and its `sẽ` must not
    turn a move told later in the sentence into a plan."""
    passive = bool(start) and toks[start - 1].low in cue_words("passive")
    k = start - 1 if passive else start
    if not (k > 0 and toks[k - 1].low in cue_words("future")):
        return False
    if cues("decided_opening").match(toks, 0):
        return False  # "Theo quyết định này, ông A sẽ chuyển đến ...": made, to take effect
    return passive or end is None or _someone_after(toks, end)


def _someone_after(toks: list[Tok], end: int) -> bool:
    """A person (`ông`, `đồng chí`, a capitalised name) or a post marker right after toks[:end]."""
    return end < len(toks) and (toks[end].low in cue_words("pronoun") or toks[end].is_cap
                                or _post_marker_at(toks, end))
