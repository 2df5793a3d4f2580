"""Levels and direction: the level words in a count's own stretch of text, the moves they state,
and the direction they give (`direction_of`).

Level words (`tỉnh`, `xã`, `thành phố`, `cơ sở`) are read as levels, against the article's
`Vantage` where they must be (`resolve_level`), except in phrases that name no place (`diện Ban
Thường vụ Tỉnh ủy quản lý`: `_masked`); the motion words between them make
moves (`moves_in`: `từ huyện về xã`, `về phường`, `cán bộ tỉnh về`; where people work,
`công tác tại ...`, is where they came from when a move away follows; a second destination joined
by `và` is a second move); moves `giữa` two levels go both ways (mixed); the acting unit (`_actor`)
or the article's own level completes a half-stated one; lateral and reverse cues
(`luân chuyển ngang`, `và ngược lại`) add theirs; and the moves sum up as from_level, to_level
and direction.

Entry functions: `direction_of`, `resolve_level`, `moves_in`, `_actor` (the level of the unit
doing the rotating), `recipient_and_sender` (a receiving unit before `được` and the sending one
after it), `_held` (the level named with the people), and `_pair_direction` (people rotated in
pairs).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors.base import alternation, data_lines
from extractors.counts.language import (_B, _E, Span, _actions, _compile, _cue_res, _fragments, _heads, _level_table,
                                        _motions, _phrases, agent_fragment, expanded)
from extractors.counts.mentions import Mention
from extractors.counts.vantage import Vantage
from extractors.counts.verbs import _SUBJECT_WINDOW
from extractors.gazetteer import LEVEL_RANK, MERGER_ASIDES, level_of
from extractors.heads import folded_text

BELOW = {"central": "province", "province": "district", "district": "commune"}

# Words that may stand between "từ"/"về"/"thuộc" and the level word ("từ các phòng, ban thuộc huyện"):
# data/count_level_prefixes.txt.
_PREFIX = rf"(?:(?:{alternation(data_lines('count_level_prefixes.txt'))})(?:\s*,)?\s+){{0,5}}"
_PREFIX_RE = _compile(rf"\s+{_PREFIX}")
# ("Công an tỉnh", "Công an các huyện": the police of a level, never far from its level word)
_SHORT_PREFIX_RE = _compile(r"\s+(?:(?:các|cấp|tuyến|những|một số|công an|\d{1,3})\s+){0,2}")  # (`cho 27 tỉnh`)
_WINDOW_STOP_RE = _compile(rf"{_B}từ{_E}|;")
# "trở lên"/"trở xuống" bound a number (`từ 5 người trở lên`: five or more), they move nobody
_BOUND_RE = _compile(rf"{_B}trở\s{{1,3}}$")
# A unit's proper name (capitalised words, abbreviations, its number), then a bracket that opens on
# its parent: `Trung đoàn CSCĐ Đông Nam Bộ (`; and the bracket's close right after the parent.
_NAMED_UNIT_RE = regex.compile(r"\s{1,3}\p{Lu}[\p{L}\p{M}]{0,12}(?:\s{1,3}[\p{L}\p{M}\d]{1,12}){0,9}\s{0,2}\(\s{0,2}")
_CLOSING_RE = regex.compile(r"\s{0,2}\)")
# `lên` before a number of people raises a figure (`nâng tổng số lên 424 đồng chí`): no motion up the
# levels; before a number of places it is one (`biệt phái lên 2 xã biên giới`)
_RAISED_TO_RE = _compile(rf"\s{{1,3}}(?:(?:hơn|gần|trên)\s{{1,3}})?\d[\d.]{{0,6}}\s{{1,3}}"
                         rf"(?:{alternation(data_lines('count_people_nouns.txt'))}){_E}")
_DIRECTIONAL = ("về", "xuống", "lên", "sang", "ra", "vào")  # motion words that say which way, not which post
# motion words that name the post taken up ("nhận (các) chức danh/vụ ...", not "nhận quyết định")
_POST_WORDS = ("làm", "giữ", "đảm nhận", "đảm nhiệm", "nhận chức", "nhận các chức")
_LEAVING = (*_DIRECTIONAL, "đến", "tới")  # after a workplace, motion words that leave it
_POST_RE = _compile(rf"\s*(?:{alternation(_POST_WORDS)})(?![\p{{L}}\p{{M}}])")
_PHRASE_BREAK_RE = _compile(rf"[,;:()]|{_B}(?:và|hoặc){_E}")  # where a move's phrase ends
_POST_WINDOW = 160  # how far a list of titles may run before the level of their body
# Where a list of titles is held, after it: "đảm nhiệm chức danh Trưởng Công an, ... và Công an viên tại các xã",
# "... ở 61 xã, thị trấn" (how many places, not how many people).
_POST_PLACE_RE = _compile(r"(?<![\p{L}\p{M}])(?:tại|ở)\s+(?:(?:các|cấp|\d{1,4})\s+)?$")
# A list of titles goes on with capitalised titles after its commas; a lower-case word after a
# comma starts a new clause ("... bí thư chi bộ thôn, góp phần ... ở các xã"), not a title.
_NEW_CLAUSE_RE = regex.compile(r",[ \n]{0,3}\p{Ll}")  # case-sensitive on purpose
_SOURCE_GAP_RE = _compile(rf"\s*(?:(?:khác|này|đó|trên)\s+)?")
# Between two origins' level words joined right before a motion word: `cấp tỉnh và cấp xã`, `tỉnh, huyện hoặc xã`.
_JOINED_LEVEL_GAP_RE = _compile(rf"\s*,?\s+(?:và|hoặc)\s+(?:(?:các|cấp|những|của)\s+){{0,2}}")
# A level word after one of these is a place moved from or to, or the unit a place belongs to
# (`xã biên giới xa nhất của tỉnh X được điều động thêm ...`), not the acting unit.
_MARKED_RE = _compile(rf"{_B}(?:từ|về|xuống|lên|sang|đến|tới|tại|ở|thuộc|của|do|giữa|cán bộ|công chức|làm|giữ)\s+{_PREFIX}$")
_ADDRESS_GAP_RE = _compile(r"\s*[,(]\s*")
# "được" and the acting body right before a verb (`... được Bộ Công an tăng cường`).
_RECIPIENT_PASSIVE_RE = _compile(rf"{_B}được\s+(?P<agent>{agent_fragment()})$")
_ORIGIN_AFTER_RE = _compile(rf"\s+(?:của|từ|thuộc)(?=\s)")  # right after the people: where they come from
# "giữa A và B": the two ends of moves made both ways (`_between_levels`); B ends at its clause.
_BETWEEN_RE = _compile(rf"{_B}giữa\s+(?P<a>[^;:()]{{1,60}}?)\s+(?:và|với)\s+(?P<b>[^;:(),.]{{1,40}})")
# A second destination after the first: "và", then within a short phrase its level.
_JOINED_RE = _compile(rf"\s+(?:và|cùng)\s+")
_JOINED_STOP_RE = _compile(rf"[,;:()]|{_B}(?:từ|và|hoặc|để|nhằm){_E}")
_JOINED_WINDOW = 40
# How far after the people's noun their own level may be named, and after "là" and their post.
_HELD_REACH = 30
# (also after their own rotation verb: `2 đồng chí được luân chuyển đợt này là phó giám đốc sở`)
_HELD_AS_RE = _compile(rf"\s+(?:(?:đã\s+|vừa\s+)?được\s+(?:luân chuyển|điều động|biệt phái|điều chuyển)"
                       rf"(?:\s+(?:lần|đợt)\s+này)?\s+)?là{_E}")
_HELD_AS_REACH = 60
# Two origins joined: `từ A và từ B`, `từ A, từ B`, `từ A hoặc từ B` (the text after the first "từ").
_JOINED_FROM_RE = _compile(rf"(?:,|{_B}và|{_B}hoặc)\s*$")
# A second origin right after the first with no "từ" of its own: `từ các sở của tỉnh và các xã khác`.
# (the first's name may run on a few words past its level word: `các sở, ngành tỉnh`, `Công an tỉnh A`)
_JOINED_SOURCE_RE = _compile(rf"[^,;:()]{{0,30}}?\s+(?:và|hoặc)\s+")
_REVERSE_RE = _compile(rf"{_B}(?:và|hoặc)\s+ngược\s+lại{_E}")
# After "về", places that are not levels ("về các trường vùng khó", "về những đơn vị"): the
# cadres went there, not to the acting unit.
_UNNAMED_PLACES_RE = _compile(rf"\s+(?:các|những|một số){_E}")
# "lên vùng cao", "lên các trường miền núi": up on the map, not up the levels (count_upland_areas.txt)
# After "đi" and its level, a trip's purpose (count_trip_purposes.txt), past the words saying what
# kind of place it is: `điều động 20 cán bộ đi cơ sở nắm tình hình` is a field trip, no direction.
_TRIP_AFTER_RE = _compile(rf"(?:\s+(?:{expanded('{place_modifier}')}){_E}){{0,4}}\s+(?:{expanded('{purpose}')}){_E}")
_UPLAND_RE = _compile(rf"\s+(?:{expanded('{workplace}')})?(?:(?:các|những)\s+)?(?:(?:trường|điểm trường|thôn|xóm)\s+)?(?:{_phrases('count_upland_areas.txt')}){_E}")


def resolve_level(m: regex.Match, vantage: Vantage) -> str | None:
    """The level a level word names, read from the article's vantage where it must be."""
    word = " ".join(m.group("word").lower().split())
    level = _level_table().get(word, _level_table().get(word.rstrip(".")))
    if level == "city":
        name = (m.group("name") or "").strip()
        return (level_of("thành phố", name) if name else None) or vantage.city_level
    if level == "base":
        return "commune"  # the grassroots; the vantage finder does not infer a central vantage
    if level == "local":
        return BELOW.get(vantage.level or "", "local")
    return level


@dataclass
class CountMove:
    src: str | None
    dst: str | None
    hint: str | None = None   # the direction a motion word implies when a level is missing
    arrives: bool = False     # a "về" with no place after it: the cadres came to the acting unit
    joined: bool = False      # a second destination joined to the one before by "và"


def _levels(text: str, start: int, end: int, vantage: Vantage) -> list[tuple[int, int, str | None]]:
    found = _heads()["level"].finditer(text, start, end)
    if not found:
        return []
    masked = _masked(text, start, end)
    return [(m.start(), m.end(), resolve_level(m, vantage)) for m in found
            if not any(a <= m.start() < b for a, b in masked)]


def _masked(text: str, start: int, end: int) -> list[Span]:
    """Phrases whose level words are not places (`diện Ban Thường vụ Tỉnh ủy quản lý`)."""
    return [(m.start(), m.end()) for m in _heads()["not_level"].finditer(text, max(0, start - 70), end + 70)]


def _level_right_after(text: str, pos: int, end: int, vantage: Vantage,
                       parent: bool = False) -> tuple[int, str | None] | None:
    """The level word right after `pos`: after a short prefix (`các`, `cấp`) if there is one
    (`từ các sở, ngành, huyện` starts at `sở`), else after a longer one (`từ các phòng, ban thuộc huyện`).
    With `parent`, a unit named without a level word may give its parent's in brackets right after
    it (`thuộc Trung đoàn Cảnh sát cơ động Tây Bắc (Bộ Công an)`: the ministry's level)."""
    for prefix in (_SHORT_PREFIX_RE, _PREFIX_RE):
        m = prefix.match(text, pos, end)
        lm = _heads()["level"].match(text, m.end(), end) if m else None
        if lm:
            return lm.end(), resolve_level(lm, vantage)
    if parent and (named := _NAMED_UNIT_RE.match(text, pos, end)):
        lm = _heads()["level"].match(text, named.end(), end)
        if lm and _CLOSING_RE.match(text, lm.end(), end):
            return lm.end(), resolve_level(lm, vantage)
    return None


def moves_in(text: str, start: int, end: int, vantage: Vantage) -> tuple[list[CountMove], list[str]]:
    """Moves stated in text[start:end]: `từ A về B` pairs and bare destinations, and the
    origins named before any move (`cán bộ tỉnh`, `do tỉnh điều động`, `tại thành phố`)."""
    pairs: list[CountMove] = []
    dests: list[CountMove] = []
    origins: list[str] = []
    open_src: str | None = None
    found = [m for m in _heads()["motion"].finditer(text, start, end)
             if not (m.group("word").lower() == "về" and _about_re().match(text, m.end(), end))
             and not (m.group("word").lower() == "lên" and _RAISED_TO_RE.match(text, m.end(), end))
             and not _BOUND_RE.search(text, max(start, m.start() - 4), m.start())]
    last_leaving = max((i for i, m in enumerate(found) if m.group("word").lower() in _LEAVING), default=-1)
    first_verb: int | None = -1  # where the first rotation verb stands, once looked for
    vague_at: int | None = None  # the last destination, when read from a vantage word (`địa phương`)
    held_post: tuple[int, CountMove] | None = None  # a first post, which a motion word after it makes the one held
    joined_srcs: list[str] = []  # origins joined to the open one by "và"/"hoặc": they share its destination
    origin_end: int | None = None  # where the last origin's level ends
    from_end = start
    for i, m in enumerate(found):
        word = m.group("word").lower()
        role, hint = _motions()[word]
        upland = hint == "up" and _UPLAND_RE.match(text, m.end(), end) is not None
        if upland:
            hint = None  # `lên vùng cao`: a place on the map; a level named there still says its own way
        if role == "workplace":  # where they work when they leave it, else where they go
            if i >= last_leaving and (pairs or dests):
                continue  # told after where they went (`... cho Công an tỉnh, công tác tại các cục của Bộ`): no second destination
            role = "from" if i < last_leaving else "to"
        elif role == "current":  # where they work now: where they came from, unless the move is told before
            if first_verb == -1:
                first_verb = _first_rotation_verb(text, start, end)
            role = "from" if i < last_leaving or first_verb is None or first_verb > m.start() else "to"
        if role == "from":
            got = _level_right_after(text, m.end(), end, vantage, parent=True)
            if got:
                if open_src and _JOINED_FROM_RE.search(text, from_end, m.start()):
                    joined_srcs.append(open_src)  # `từ các sở và từ các xã dôi dư về ...`: both go there
                elif open_src:
                    pairs.append(CountMove(open_src, None))
                open_src = got[1]
                from_end = m.end()
                if got[1] and (also := _joined_level(text, got[0], end, vantage, origin=True)) not in (None, got[1]):
                    joined_srcs.append(also)  # `từ các phòng của tỉnh và công an các xã về ...`: both go there
        elif role in ("to", "to_near"):
            if word in _DIRECTIONAL and held_post is not None and _same_phrase(text, held_post[0], m.start()):
                # `1 đồng chí làm phó chánh văn phòng huyện ủy về làm chủ tịch xã`: the post before the
                # move is the one they held, so its level is where they came from
                dests.remove(held_post[1])
                open_src = held_post[1].dst
            held_post = None
            dst = _destination(text, m.end(), end, vantage, near=role == "to_near", post=word in _POST_WORDS)
            if dst is None and role == "to_near":
                continue
            if word == "đi" and _trip_after(text, m.end(), end, vantage):
                continue  # `đi cơ sở nắm tình hình`: a trip, not a move to the grassroots
            level = dst[1] if dst else None
            if word in _DIRECTIONAL and not (pairs or dests):
                if open_src is None and (before := _sources_before(text, start, m.start(), vantage)):
                    open_src, joined_srcs = before[-1], before[:-1]  # `cán bộ cấp tỉnh và cấp xã về ...`
            if open_src:
                arrives = level is None and hint is None and not upland and not _UNNAMED_PLACES_RE.match(text, m.end(), end)
                pairs.append(CountMove(open_src, level, hint, arrives=arrives))
                pairs += [CountMove(src, level, hint, arrives=arrives) for src in joined_srcs if src != open_src]
                joined_srcs = []
                if level and (also := _joined_level(text, dst[0], end, vantage, origin=False)) not in (None, level):
                    pairs.append(CountMove(open_src, also, hint))  # "tại Công an cấp xã và các phòng thuộc Công an tỉnh"
                open_src = None
            elif level and word in _POST_WORDS and vague_at is not None and _same_phrase(text, vague_at, m.start()):
                dests[-1] = CountMove(None, level)  # `về địa phương giữ chức Phó Bí thư Tỉnh ủy`: the post says where
            elif level or word in ("về", "xuống", "lên"):
                dests.append(CountMove(None, level, hint if not level else _kept_hint(hint, level)))
                if level and (also := _joined_level(text, dst[0], end, vantage, origin=False)) not in (None, level):
                    dests.append(CountMove(None, also, _kept_hint(hint, also), joined=True))
                if level and word in _POST_WORDS and not pairs and len(dests) == 1:
                    held_post = (dst[0], dests[-1])
            vague_at = dst[0] if dst and dests and dests[-1].dst == level and _vague(text, dst[0]) else None
        elif role == "origin" and not pairs and not dests and open_src is None:
            got = _level_right_after(text, m.end(), end, vantage, parent=True)
            if got and got[1] and origins and origin_end is not None \
                    and _address_link(text, (origin_end, origin_end, origins[-1]), (m.end(), got[0], got[1])):
                continue  # "công chức cấp huyện | của tỉnh X": where the district staff are, not a second origin
            if got and got[1]:
                origins.append(got[1])
                origin_end = got[0]
                if (also := _joined_level(text, got[0], end, vantage, origin=True)) not in (None, got[1]):
                    origins.append(also)  # `công chức thuộc các sở của tỉnh và các xã lân cận về ...`
    if open_src:
        pairs += [CountMove(src, None) for src in (*joined_srcs, open_src)]
    return pairs + dests, origins


# links from a people's level to the unit above it they belong to ("công chức cấp huyện của tỉnh X"),
# past the words that date a level by the 2025 mergers ("cấp huyện cũ của tỉnh X": MERGER_ASIDES)
_ADDRESS_LINKS = frozenset(("của", "thuộc"))


def _address_link(text: str, lower: tuple[int, int, str], higher: tuple[int, int, str]) -> bool:
    """A level joined to the one before it as where that one lies (`cấp xã | thuộc | huyện X`, `cấp
    huyện cũ | của | tỉnh Y`): a link word, perhaps after a merger's aside, and a higher level."""
    words = text[lower[1]:higher[0]].lower().split()
    return bool(words) and words[-1] in _ADDRESS_LINKS and set(words[:-1]) <= MERGER_ASIDES \
        and LEVEL_RANK.get(higher[2], -1) > LEVEL_RANK.get(lower[2], 9)


def _trip_after(text: str, pos: int, end: int, vantage: Vantage) -> bool:
    """Whether a trip's purpose follows the level named right after `pos` (`đi các xã | kiểm tra`)."""
    got = _level_right_after(text, pos, end, vantage)
    return got is not None and _TRIP_AFTER_RE.match(text, got[0], end) is not None


def _goes_to_between(text: str, start: int, end: int) -> bool:
    """A motion word that opens a destination (`về`, `xuống`, `đến`) in text[start:end]."""
    return any(_motions()[m.group("word").lower()][0] in ("to", "to_near")
               for m in _heads()["motion"].finditer(text, start, end))


def _joined_level(text: str, pos: int, end: int, vantage: Vantage, *, origin: bool) -> str | None:
    """A second origin or destination joined to the first, and its level, if one is named before
    the next comma, clause or verb (`từ tỉnh và được cử về xã` names none).

    An origin (`origin=True`; the first one's level word ends at `pos`) is joined by "và"/"hoặc"
    a few words on (`từ các phòng thuộc Công an tỉnh và Công an các xã khác đến ...`), unless a
    motion word or a verb comes first (`từ tỉnh về huyện và xã`: what follows "và" is a second
    destination), and its level must come before the next motion word too. A destination (the
    first one's level word starts at `pos`) is joined by "và"/"cùng" right after that word (`về
    công an cấp xã và các phòng thuộc Công an tỉnh`)."""
    if origin:
        joined = _JOINED_SOURCE_RE.match(text, pos, end)
        # the words up to the conjunction are the joined match's own (" về huyện và "): a word of going
        # there or a verb among them ends the origin's phrase (not `của`: "các sở của tỉnh và ...")
        if joined is not None and (_goes_to_between(text, pos, joined.end())
                                   or _heads()["actions"].search(text, pos, joined.start()) is not None):
            return None
    else:
        first = _heads()["level"].match(text, pos, end)
        joined = _JOINED_RE.match(text, first.end(), end) if first else None
    if joined is None:
        return None
    stop = min(end, joined.end() + _JOINED_WINDOW)
    if (brk := _JOINED_STOP_RE.search(text, joined.end(), stop)) is not None:
        stop = brk.start()
    for stopping in ("actions", "motion") if origin else ("actions",):
        if (cue := _heads()[stopping].search(text, joined.end(), stop)) is not None:
            stop = cue.start()
    levels = [level for _, _, level in _levels(text, joined.end(), stop, vantage) if level and level != "local"]
    return levels[0] if levels else None


def _kept_hint(hint: str | None, level: str | None) -> str | None:
    """The direction `lên`/`xuống`/`sang` keep beside the level they name, for when no origin is
    found (`điều động ... 4 cán bộ lên huyện` in a district's article: from below it, so up;
    `Bộ Quốc phòng biệt phái 3 sĩ quan sang Bộ Công an`: across). Not `lên` to a commune, which
    is uphill, not up the hierarchy (`biệt phái lên các xã vùng cao`), nor `xuống` to the centre,
    nor `sang` to a commune, whose people come from above as often as from a neighbour."""
    if (hint == "up" and level == "commune") or (hint == "down" and level == "central"):
        return None
    if hint == "lateral" and level == "commune":
        return None
    return hint if hint in ("up", "down", "lateral") else None


def _vague(text: str, pos: int) -> bool:
    """The level word at `pos` is read from the article's vantage (`địa phương`, `cơ sở`, an
    unnamed `thành phố`), not named."""
    m = _heads()["level"].match(text, pos, min(len(text), pos + 40))
    if m is None or m.group("name"):
        return False
    word = " ".join(m.group("word").lower().split())
    return _level_table().get(word) in ("local", "base", "city")


def _same_phrase(text: str, pos: int, post: int) -> bool:
    """A post word right after a destination, in its phrase (`về địa phương giữ chức ...`)."""
    return post - pos <= 30 and not _PHRASE_BREAK_RE.search(text, pos, post)


@lru_cache(maxsize=1)
def _about_re() -> regex.Pattern:
    """`về` meaning "about" (`phức tạp về an ninh trật tự`): the topics of data/count_about_topics.txt."""
    return _compile(rf"\s+(?:{_phrases('count_about_topics.txt')}){_E}")


def _first_rotation_verb(text: str, start: int, end: int) -> int | None:
    """Where the first rotation verb of text[start:end] starts (`18 cán bộ luân chuyển đang công tác ở cơ sở`)."""
    kinds = _actions()[1]
    return next((m.start() for m in _heads()["actions"].finditer(text, start, end)
                 if kinds[int(m.lastgroup[1:])] in ("rotate", "receive")), None)


def _sources_before(text: str, start: int, pos: int, vantage: Vantage) -> list[str]:
    """A level word right before a motion word is where they came from: `cán bộ xã về huyện`,
    `(tỉnh về huyện 15, ...)`, `tiếp nhận huyện khác về`; with the level joined to it by
    "và"/"hoặc" right before it, both (`cán bộ cấp tỉnh và cấp xã về ...`), first to last."""
    before = [(s, e, level) for s, e, level in _levels(text, max(start, pos - 40), pos, vantage) if level]
    if not before or not _SOURCE_GAP_RE.fullmatch(text, before[-1][1], pos):
        return []
    if len(before) > 1 and _address_link(text, before[-2], before[-1]):
        return [before[-2][2]]  # "công chức cấp xã thuộc huyện X về ...": the commune staff of that district
    if len(before) > 1 and before[-2][2] not in (before[-1][2], "local") and before[-1][2] != "local" \
            and _JOINED_LEVEL_GAP_RE.fullmatch(text, before[-2][1], before[-1][0]):
        return [before[-2][2], before[-1][2]]
    return [before[-1][2]]


def _destination(text: str, pos: int, end: int, vantage: Vantage, near: bool,
                 post: bool = False) -> tuple[int, str | None] | None:
    """The first level word after a motion word, before the next `từ`, verb or clause end.
    After a post (`về làm Bí thư kiêm Chủ tịch UBND, Phó Bí thư Đảng ủy các xã`) the level of
    the post's body is the destination, however long the list of titles before it."""
    if near:
        got = _level_right_after(text, pos, end, vantage)
        return (pos, got[1]) if got else None
    post = post or bool(_POST_RE.match(text, pos, end))
    stop = min(end, pos + (_POST_WINDOW if post else 60))
    nxt = (_WINDOW_STOP_RE.search(text, pos, stop)
           if text.find(";", pos, stop) >= 0 or folded_text(text).find("từ", pos, stop) >= 0 else None)
    stop = nxt.start() if nxt else stop
    cue = _heads()["actions"].search(text, pos, stop)
    stop = cue.start() if cue else stop
    for s, _, level in _levels(text, pos, stop, vantage):
        if (s - pos <= 60 or _body_re().search(text, max(pos, s - 40), s)
                or (post and _POST_PLACE_RE.search(text, max(pos, s - 12), s)
                    and not _NEW_CLAUSE_RE.search(text, pos, s))):
            return s, level
        return None  # far into the sentence and not a post's body: the post phrase has ended
    return None


@lru_cache(maxsize=1)
def _other_unit_re() -> regex.Pattern:
    """`huyện khác`, `xã khác`: another unit of a level."""
    return _compile(rf"{_B}(?:{alternation(list(_level_table()))})\s+khác{_E}")


@lru_cache(maxsize=1)
def _body_re() -> regex.Pattern:
    return _compile(rf"{_B}(?:{_phrases('count_post_bodies.txt')})\s+(?:(?:các|cấp)\s+)?$")


def direction_of(text: str, span: Span, vantage: Vantage, receive: bool, actor: str | None = None,
                 held: str | None = None, held_post: bool = False) -> dict:
    """from_level, to_level and direction for the count whose own text is text[span].

    `actor` is the level of the unit that does the rotating (`Tỉnh ủy đã luân
    chuyển ...`); with the article's vantage it completes a half-stated move.
    `held` is the level named with the people themselves (`4 Bí thư Huyện ủy`); `held_post` says
    they are named by a post's title there (not `sĩ quan thuộc Bộ Chỉ huy Quân sự tỉnh`).
    """
    start, end = span
    moves, origins = moves_in(text, start, end, vantage)
    origins = [o for o in origins if o != "local"]
    f = folded_text(text)  # the patterns below need these words: look for them first
    lateral = bool(_heads()["lateral"].search(text, start, end)) \
        or (f.find("giữa", start, end) >= 0 and _among_peers(text, span))
    if not origins and f.find("khác", start, end) >= 0 and not any(mv.src for mv in moves):
        # (over the level named with the people, which may be the body that decided: `3 đồng chí
        # được Tỉnh ủy điều động về huyện khác` left a district)
        origins = _another_of_its_kind(text, span, moves)
    if not origins and held and not (held_post and _title_of_destination(text, span, moves, held, lateral, f)):
        origins = [held]
    if f.find("giữa", start, end) >= 0 and _between_levels(text, span, vantage):
        return {"from_level": None, "to_level": None, "direction": "mixed"}
    # the home level completes moves, receptions and lateral moves: with none, the article's
    # vantage is not read (it is found from the whole text, when a count first needs it)
    home = actor or (vantage.level if moves or receive or lateral else None)
    # the article's own level, with no acting unit named, is no evidence of a move within one
    # level, unless the text says the cadres came from another unit of it (`huyện khác`)
    same_level_ok = actor is not None or (f.find("khác", start, end) >= 0
                                          and bool(_other_unit_re().search(text, start, end)))
    moves = [_arrive(mv, home, receive, same_level_ok) for mv in moves]
    within = _within_level(text, span, vantage) if f.find("nội bộ", start, end) >= 0 else None
    if within:
        moves = [CountMove(within, within, "lateral")]
    cues = _cue_res()
    explicit = [mv for mv in moves if mv.src is not None]
    if not explicit:
        moves = _complete_destinations(moves, origins, home, receive, lateral, same_level_ok)
    if lateral and not explicit:
        level = _lateral_level(text, span, moves, origins, vantage, home)
        moves = [CountMove(level, level, "lateral")]
    elif lateral:
        moves.append(CountMove(None, None, "lateral"))
    if f.find("ngược", start, end) >= 0 and (back := _REVERSE_RE.search(text, start, end)) \
            and _levels(text, start, back.start(), vantage):
        # (`từ huyện về xã và ngược lại`: the move told before it, both ways; `và ngược lại 2 cán bộ
        # từ xã lên huyện` opens a move of its own, the reverse of the count before)
        moves += [CountMove(mv.dst, mv.src, _opposite(mv.hint)) for mv in explicit]
    moves = [_relative(mv) for mv in moves]
    directions = {d for d in (_direction(mv) for mv in moves) if d}
    if (f.find("chiều", start, end) >= 0 or f.find("dưới lên", start, end) >= 0) \
            and cues["mixed"].search(text, start, end):
        directions.add("mixed")
    return _summarise(moves, directions)


@lru_cache(maxsize=1)
def _peers_re() -> regex.Pattern:
    return _compile(rf"{_B}(?:{_fragments('count_lateral_peers.txt')})")


_FIRST_NUMBER_RE = regex.compile(r"\d")
_PEER_PHRASE_END_RE = _compile(r"[,;:()]")


def _among_peers(text: str, span: Span) -> bool:
    """The people moved among units of one kind (`luân chuyển 30 hiệu trưởng giữa các trường`:
    data/count_lateral_peers.txt), said in the number's own phrase: from its first number to the
    comma that ends it, so a link between units told after the move (`..., tăng cường liên kết
    giữa các trường`) is not the move."""
    start, end = span
    number = _FIRST_NUMBER_RE.search(text, start, end)
    lo = number.start() if number else start
    stop = _PEER_PHRASE_END_RE.search(text, lo, end)
    return _peers_re().search(text, lo, stop.start() if stop else end) is not None


def _title_of_destination(text: str, span: Span, moves: list[CountMove], held: str, lateral: bool,
                          folded: str) -> bool:
    """The post whose title names the people (at level `held`) is the one they took up, not where
    they came from, when every destination stated is that same level and nothing says they moved
    within it (`N Trưởng Công an xã được điều động về cơ sở`; but `4 Bí thư Huyện ủy về tỉnh`
    came from the districts, `5 bí thư xã được luân chuyển sang xã khác` moved across)."""
    ends = {mv.dst for mv in moves}
    if lateral or len(ends) != 1 or held not in ends:
        return False
    start, end = span
    return not (folded.find("khác", start, end) >= 0 and _other_unit_re().search(text, start, end))


def _between_levels(text: str, span: Span, vantage: Vantage) -> bool:
    """Moves between two levels, both ways: `giữa các cơ quan thành phố và các xã, phường`. Between
    units of one level, or of no level named (`giữa các cơ quan đảng và chính quyền`), it is not."""
    for m in _BETWEEN_RE.finditer(text, *span):
        first = [level for _, _, level in _levels(text, m.start("a"), m.end("a"), vantage) if level]
        second = [level for _, _, level in _levels(text, m.start("b"), m.end("b"), vantage) if level]
        if first and second and first[-1] != second[0] and "local" not in (first[-1], second[0]):
            return True
    return False


@lru_cache(maxsize=1)
def _within_re() -> regex.Pattern:
    return _compile(rf"{_B}(?:{_phrases('count_within.txt')}){_E}")


def _within_level(text: str, span: Span, vantage: Vantage) -> str | None:
    """The level a move stays inside (`nội bộ xã, phường`: data/count_within.txt), if the text says so."""
    for m in _within_re().finditer(text, *span):
        got = _level_right_after(text, m.end(), span[1], vantage)
        if got and got[1] and got[1] != "local":
            return got[1]
    return None


def _arrive(mv: CountMove, home: str | None, receive: bool, same_level_ok: bool) -> CountMove:
    """`từ huyện khác về` with no level after `về`: they came to the acting unit. Cadres of the
    acting unit's own level that it sends `về` somewhere unnamed did not arrive at it: their
    destination is unknown, not a lateral move (`huyện ... cán bộ của huyện về làm bí thư`);
    nor is a move within one level read from the article's level alone (`same_level_ok`)."""
    if mv.src and mv.dst is None and (receive or mv.arrives):
        if mv.src != home or (receive and same_level_ok):
            return CountMove(mv.src, home, mv.hint)
    return mv


def _relative(mv: CountMove) -> CountMove:
    """`địa phương` read against the other end: one level below it (`từ Trung ương về địa phương`)."""
    src = BELOW.get(mv.dst or "") if mv.src == "local" else mv.src
    dst = BELOW.get(mv.src or "") if mv.dst == "local" else mv.dst
    return CountMove(src, dst, mv.hint, mv.arrives)


def _another_of_its_kind(text: str, span: Span, moves: list[CountMove]) -> list[str]:
    """Sent to another unit of a level (`về nhận nhiệm vụ tại huyện khác`, `sang xã khác`) with no
    origin stated: they left a unit of that level, whoever decided the move (`được Tỉnh ủy điều động`:
    the deciding body is not where they were). The level is their origin, when every destination
    stated is that level."""
    kinds = {_level_table().get(" ".join(m.group(0).lower().split()[:-1])) for m in _other_unit_re().finditer(text, *span)}
    ends = {mv.dst for mv in moves} - {None}
    if len(kinds) == 1 and ends == kinds and kinds <= set(LEVEL_RANK):
        return list(kinds)
    return []


def _complete_destinations(moves: list[CountMove], origins: list[str], home: str | None, receive: bool,
                           lateral: bool, same_level_ok: bool) -> list[CountMove]:
    """A half-stated move: a destination starts at the stated origin or at home (the acting
    unit, else the article's own); cadres received, or sent "về" with no level, arrive home
    (but not at the article's level alone when they come from that same level)."""
    if receive and not moves:
        moves = [CountMove(None, None)]
    with_level = [mv for mv in moves if mv.dst] or moves[:1]
    # posts of two levels, one of them the acting unit's own (`Huyện ủy điều động 10 cán bộ giữ chức
    # trưởng phòng cấp huyện và bí thư đảng ủy cấp xã`): those sent below went down, the others did not
    ends = {mv.dst for mv in with_level}
    spread = (not origins and not receive and not lateral and home in ends and len(ends - {None}) > 1
              and any(mv.joined for mv in with_level))
    done = []
    for mv in with_level:
        # (origins joined by "và" each make the move: `cán bộ của tỉnh và các xã về xã`, down and lateral)
        for src in dict.fromkeys(origins or [None]):
            dst = mv.dst or (home if receive and (same_level_ok or src != home) else None)
            if src is None and not receive and not lateral and dst and home and dst != home:
                src = home
            hint = mv.hint or _towards(dst) or ("mixed" if spread and dst == home else None)
            done.append(CountMove(src, dst, hint))
    return done


def _towards(dst: str | None) -> str | None:
    """With no source, a move to the grassroots is down and one to the centre is up."""
    return {"commune": "down", "central": "up"}.get(dst or "")


def _lateral_level(text: str, span: Span, moves: list[CountMove], origins: list[str], vantage: Vantage,
                   home: str | None) -> str | None:
    for mv in moves:
        if mv.dst:
            return mv.dst
    if origins:
        return origins[0]
    bare = [level for _, _, level in _levels(text, *span, vantage) if level and level != "local"]
    return bare[0] if bare else home


def _direction(mv: CountMove) -> str | None:
    if mv.src and mv.dst:
        if mv.src == mv.dst:
            return "lateral"
        return "down" if LEVEL_RANK[mv.src] > LEVEL_RANK[mv.dst] else "up"
    return mv.hint


def _opposite(hint: str | None) -> str | None:
    return {"down": "up", "up": "down"}.get(hint or "", hint)


def _summarise(moves: list[CountMove], directions: set[str]) -> dict:
    srcs = {mv.src for mv in moves if mv.src}
    dsts = {mv.dst for mv in moves if mv.dst}
    if "mixed" in directions:
        return {"from_level": None, "to_level": None, "direction": "mixed"}
    if len(directions) > 1:
        # moves told apart: an end that every one of them shares is still stated
        # ("từ công an cấp huyện về công an cấp xã và các phòng của Công an tỉnh": from district)
        shared_src = srcs.pop() if len(srcs) == 1 and all(mv.src for mv in moves) else None
        shared_dst = dsts.pop() if len(dsts) == 1 and all(mv.dst for mv in moves) else None
        return {"from_level": shared_src, "to_level": shared_dst, "direction": "mixed"}
    src = srcs.pop() if len(srcs) == 1 else None
    dst = dsts.pop() if len(dsts) == 1 else None
    if not directions and src in LEVEL_RANK and dst in LEVEL_RANK:
        # one origin and one destination told apart ("từ cấp thành phố về tăng cường cho các phường")
        directions = {_direction(CountMove(src, dst))}
    if directions == {"lateral"} and (src in LEVEL_RANK) != (dst in LEVEL_RANK):
        src = dst = src if src in LEVEL_RANK else dst  # within one level: one end names both (`sang cơ quan khác`)
    return {"from_level": src, "to_level": dst, "direction": directions.pop() if directions else None}


def _pair_direction(lateral: bool, held: str | None) -> dict:
    """People rotated in pairs (`02 cặp gồm 04 cán bộ chủ chốt cấp xã`) swap posts between units
    of the level that qualifies them; the move is lateral when the sentence or the one before says
    so (`giữa các xã`, `với nhau`), else its direction is not stated."""
    if lateral:
        return {"from_level": held, "to_level": held, "direction": "lateral"}
    return {"from_level": held, "to_level": None, "direction": None}


_PASSIVE_AGENT_RE = regex.compile(r"(?<![\p{L}\p{M}])được\s{1,3}(?=\p{Lu})")  # case-sensitive: a named agent


def _held(text: str, mention: Mention, span: Span, vantage: Vantage) -> str | None:
    """A level named with the people, before any motion word (`4 Bí thư Huyện ủy`, `cán bộ xã`)."""
    unit_start = mention.number.end
    # their post told after "là" runs longer (`12 cán bộ là phó trưởng công an cấp huyện`)
    reach = _HELD_AS_REACH if _HELD_AS_RE.match(text, mention.end) else _HELD_REACH
    stop = min(span[1], mention.clause[1], mention.end + reach)
    motion = next((m.start() for m in _heads()["motion"].finditer(text, mention.end, stop)
                   if _motions()[m.group("word").lower()][0] in ("to", "to_near", "from", "workplace", "current")), stop)
    levels = [level for _, _, level in _levels(text, unit_start, motion, vantage) if level and level != "local"]
    if levels and _agent_to_own_level(text, mention, levels[-1], vantage):
        return None  # "2 người được Bộ Chính trị điều động về Trung ương": who decided, not where they worked
    return levels[0] if levels else None


_AGENT_REACH = 80  # characters from the people to the motion word after their passive's agent


def _agent_to_own_level(text: str, mention: Mention, level: str, vantage: Vantage) -> bool:
    """A passive's named agent (`được Bộ Chính trị`) of the level the people go to: the body that
    decided their move, not the one they left (`được Trung ương điều động về tỉnh` did leave it)."""
    stop = min(mention.clause[1], mention.end + _AGENT_REACH)
    agent = _PASSIVE_AGENT_RE.search(text, mention.end, stop)
    motion = agent and next((m for m in _heads()["motion"].finditer(text, agent.end(), stop)
                             if _motions()[m.group("word").lower()][0] in ("to", "to_near")), None)
    if not motion or not any(lv == level for _, _, lv in _levels(text, agent.end(), motion.start(), vantage)):
        return False
    destination = _level_right_after(text, motion.end(), mention.clause[1], vantage)
    return destination is not None and destination[1] == level


def _actor(text: str, mention: Mention, vantage: Vantage) -> str | None:
    """The level of the unit named before the verb and number, as their subject (`Tỉnh ủy đã điều động`)."""
    if not mention.cue:
        return None
    # the verb before the number, or the number itself when its verb follows ("Huyện có 2 đồng chí được ...")
    end = min(mention.cue.start, mention.start)
    window = max(mention.clause[0], end - _SUBJECT_WINDOW)
    subjects = [(s, e, level) for s, e, level in _levels(text, window, end, vantage)
                if level and not _MARKED_RE.search(text, max(mention.clause[0], s - 14), s)]
    while len(subjects) > 1 and _address_of(text, subjects[-2], subjects[-1]):
        subjects.pop()
    return subjects[-1][2] if subjects else None


def recipient_and_sender(text: str, mention: Mention, vantage: Vantage) -> tuple[str, str] | None:
    """A unit that receives the people as the subject of a passive verb, and the unit that sends them
    as its agent (`Công an tỉnh được Bộ Công an tăng cường 7 cán bộ`): their levels, when both are named
    and differ; with no agent, the people's origin right after them is the sender (`Các xã được tăng
    cường 9 cán bộ của huyện`). The acting unit alone (`_actor`) would be the sender, with nowhere
    to send to."""
    if not mention.cue or mention.cue.start > mention.start:
        return None
    window = max(mention.clause[0], mention.cue.start - _SUBJECT_WINDOW)
    passive = _RECIPIENT_PASSIVE_RE.search(text, window, mention.cue.start)
    if passive is None:
        return None
    senders = [level for _, _, level in _levels(text, passive.start("agent"), mention.cue.start, vantage) if level]
    if not senders and (origin := _ORIGIN_AFTER_RE.match(text, mention.end, mention.clause[1])):
        # no agent: the people's own origin right after them (`Các xã được tăng cường 9 cán bộ của huyện`)
        got = _level_right_after(text, origin.end(), mention.clause[1], vantage, parent=True)
        senders = [got[1]] if got and got[1] else []
    receivers = [level for s, _, level in _levels(text, window, passive.start(), vantage)
                 if level and not _MARKED_RE.search(text, max(mention.clause[0], s - 14), s)]
    if senders and receivers and senders[-1] != receivers[-1] and "local" not in (senders[-1], receivers[-1]):
        return receivers[-1], senders[-1]
    return None


def _address_of(text: str, unit: tuple[int, int, str], after: tuple[int, int, str]) -> bool:
    """`Công an huyện Krông Pắc, tỉnh Đắk Lắk`: a named unit of a higher level right after a unit,
    set off by a comma or a bracket, is where that unit lies, not another actor."""
    if LEVEL_RANK.get(after[2], -1) <= LEVEL_RANK.get(unit[2], -1) or not _ADDRESS_GAP_RE.fullmatch(text, unit[1], after[0]):
        return False
    m = _heads()["level"].match(text, after[0], after[1])
    return bool(m and m.group("name"))
