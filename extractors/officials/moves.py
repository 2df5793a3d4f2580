"""Moves in one sentence: each new-post marker, the verbs before it, and whose move it tells.

A marker of the new post (`giữ chức`, `làm`, `về nhận công tác tại`) is read with the post or
body after it and the verbs before it; it belongs to the person named last before it, within
reach, or to the one the sentence points at (`... giữ chức X đối với bà Y`, `Người kế nhiệm ông
giữ chức X là ông Y`, an opening `Khi được điều động về ...`). It is no move when the person
tells of others' moves (`công bố quyết định`), charges others who move (`lưu ý cán bộ được luân
chuyển về ...`), moves others (`đã điều động lực lượng về xã`), owns what moves (`hồ sơ của ông A
được chuyển về ...`), goes on a trip (`được chuyển đến Bệnh viện X điều trị`), held the post
(`đang làm`, `từng giữ chức`), left it (`thôi giữ chức`), or was only planned or elected to it; a
marker with no post takes the post of the person replaced (`thay ông B`). A headline may tell a
new post with no verb (`Đồng chí A, <post> làm Bí thư Huyện ủy X`), and so may an item of an open list
of moves, its new post after a dash or under a heading of the list's unit (`item_moves`).

Entry points: `_moves(art, toks, mentions) -> {id(mention): (mention, OfficialMove)}`, `OfficialMove`,
`item_moves(art, toks, mentions)` (the same for a list item with no marker), `annulled_decision_end(toks)`
(where the words withdrawing a decision end, for moves undone later).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from extractors.gazetteer import LEVEL_RANK, is_place_name, level_of
from extractors.names import honorifics_before
from extractors.numbers import lone_words
from extractors.officials.language import (
    _AFTER_MOVE_MARKERS, _ASSIGNING_MARKERS, _ELECTED_MARKERS, _MARKER_KIND, _VERB_KIND, FRONTED_REACH, MAX_REACH,
    _elected_right_before, _kinds, _markers, _verb_right_before, _verbs, announced, fold, kind_told,
)
from extractors.officials.lists import (
    LIST_REACH, _bullet_length, _items_listed_before, _listed_after, _listed_on, _listed_with,
)
from extractors.officials.people import Article, Mention, vacated_post
from extractors.officials.posts_moved import _decider_after
from extractors.posts import (
    DASHES, MAX_START_DATE, Lexicon, bodies, completed_by, cue_words, cues, honorific_ending_at, honorifics,
    is_task_post, lexicon, names_a_place, person_named_at, place_ending, place_types, post_replaced, read_body,
    read_org, read_post, replaced_at, same_body_named, same_unit, served_title_start, span_text, spelled_out_after,
    surnames, task_body_at, title_at, unit_parts, unit_unnamed,
)
from extractors.tokens import Tok


@dataclass
class OfficialMove:
    posts: list[str] = field(default_factory=list)   # new posts: "giữ chức Phó Bí thư ..."
    bodies: list[str] = field(default_factory=list)  # destinations without a post: "về nhận công tác tại UBND tỉnh"
    kinds: set[str] = field(default_factory=set)
    motion: bool = False
    first_marker: int = 0
    decider_after: str | None = None  # "... theo quyết định của Ban Thường vụ Huyện ủy"
    left: str | None = None  # the post left for this one: "thôi giữ chức X ... để giữ chức Y"


MIN_NAME_SYLLABLES = 3  # "Lê Văn Bình": a short tail after a place's word may be the place itself


def _post_of_someone_named(toks: list[Tok], j: int, end: int) -> bool:
    """The post toks[j:end] is another person's: a title then a name (`phó giám đốc | Trần Văn Bé`), or
    a post ending in one (`Phó Chủ tịch UBND tỉnh | Lê Văn Bình`: a family name opening three capitalised
    syllables or more that name no place)."""
    if person_named_at(toks, j + title_at(toks, j)):
        return True
    for k in range(j + 1, end):
        if surnames().match(toks, k) and toks[k].is_cap and end - k >= MIN_NAME_SYLLABLES \
                and all(t.is_cap and t.is_word for t in toks[k:end]) \
                and not is_place_name(" ".join(t.text for t in toks[k:end])):
            return True
    return False


def _target(toks: list[Tok], k: int, n: int, limit: int) -> tuple[list[tuple[int, int]], bool]:
    """The post(s) or body after the marker toks[k:k+n], and whether it is a body."""
    j = k + n
    posts = []
    while j < limit:
        end = read_post(toks, j, limit)
        if end == j or (posts and _post_of_someone_named(toks, j, end)):
            # "giữ chức Giám đốc Sở Y tế, | Phó Chủ tịch UBND tỉnh Lê Văn Bình trao ...": another person's post
            break
        if end + 1 < limit and toks[end].text == "," and toks[end + 1].is_cap and bodies().match(toks, end + 1) \
                and not title_at(toks, end + 1) and title_at(toks, j) == end - j:
            # "giữ chức Phó Tham mưu trưởng, Bộ CHQS tỉnh": a bare title, then the body it is in
            end = max(end, read_body(toks, end + 1, limit))
        end = spelled_out_after(toks, j, end, limit)
        posts.append((j, end))
        if end + 1 < limit and toks[end].low in (",", "kiêm", "và") and title_at(toks, end + 1):
            # "Phó Bí thư Đảng ủy xã, Chủ tịch UBND xã Y"; "Phó Tư lệnh kiêm Tham mưu trưởng ..."; "Giám
            # đốc Sở Nội vụ và Giám đốc Sở Tài chính" (a post ends before `và` and a title: posts._and_goes_on)
            j = end + 1
            continue
        if end + 2 < limit and toks[end].text == "," and toks[end + 1].low == "kiêm" and title_at(toks, end + 2):
            j = end + 2  # "Chủ tịch HĐND xã Y, kiêm Chính trị viên Ban Chỉ huy quân sự xã": one more post taken
            continue
        break
    kind = _MARKER_KIND[" ".join(t.low for t in toks[k:k + n])]
    if posts or kind == "post":
        return posts, False
    if kind == "join" and not cues("joined_body").match(toks, k + n):
        return [], True  # "tham gia Ban Chỉ đạo phòng chống dịch": a task, not a Party committee joined
    start = k + n
    if kind == "body":  # "nhận nhiệm vụ mới tại cơ quan Ủy ban Kiểm tra Trung ương": the agency named after
        start += cues("body_noun").match(toks, start, lower_only=True)
    end = read_body(toks, start, limit)
    if end == start and kind == "body":
        end = _named_body_in_lower_case(toks, start, limit)
    placed = kind != "body" or any(place_types().match(toks, i) for i in range(start, end))
    while not placed and end > start and end + 1 < limit and toks[end].text == "," and bodies().match(toks, end + 1):
        # "nhận công tác tại Đảng ủy, HĐND phường X": bodies of one place, the place told after the last
        after = read_body(toks, end + 1, limit)
        if after <= end + 1:
            break
        placed = any(place_types().match(toks, i) for i in range(end + 1, after))
        end = after
    while kind == "join" and end > start and end + 1 < limit and toks[end].text == "," \
            and cues("joined_body").match(toks, end + 1):
        # "tham gia Ban Chấp hành, Ban Thường vụ Huyện ủy X": every committee joined
        end = max(end + 1, read_body(toks, end + 1, limit))
    return ([(start, end)] if end > start else []), True


def _places_elided_after(toks: list[Tok], end: int) -> int:
    """Places named after a post ending at toks[end] with its title left out (`Trưởng Công an xã Y | và xã
    Z`): each is one more post of that title."""
    count, k = 0, end
    while k + 2 < len(toks) and toks[k].low in ("và", ",") and (n := place_types().match(toks, k + 1)) \
            and toks[k + 1].is_lower and k + 1 + n < len(toks) and toks[k + 1 + n].is_cap:
        count += 1
        k += 1 + n
        while k < len(toks) and toks[k].is_cap:
            k += 1
    return count


def _named_body_in_lower_case(toks: list[Tok], start: int, limit: int) -> int:
    """End of a body whose head is written in lower case but whose name is capitalised (`đến nhận công
    tác tại trường THPT Duy Xuyên`, `về công tác tại bệnh viện Đa khoa tỉnh`), else `start`. A lower-case
    head with no name after it (`tại trường`) is no body."""
    head = bodies().match(toks, start, lower_only=True)
    if not head or not toks[start].is_lower or start + head >= limit or not toks[start + head].is_cap:
        return start
    end = read_org(toks, start + head, limit)
    return end if end > start + head else start


def _moves(art: Article, toks: list[Tok], mentions: list[Mention]) -> dict[int, tuple[Mention, OfficialMove]]:
    """Moves in one sentence, by mention; a marker belongs to the last mention before it."""
    if not mentions:
        return {}  # no one to move
    # a person named inside another's post ("Trợ lý đồng chí A") is never the one a marker moves
    owners = [m for m in mentions if not _aide_principal(toks, m)]
    if not owners:
        return {}
    reader = _MoveReader(art, toks, sorted(owners, key=lambda m: m.j))
    for k in _markers().starts(toks, lower_only=True):  # only where a marker may start
        if k >= reader.resume:
            reader.read_marker(k)
    return reader.moves



MAX_SERVED_TITLE_TOKENS = 8  # "Trợ lý Phó Thủ tướng Chính phủ", "Thư ký Chủ tịch Quốc hội"


def _aide_principal(toks: list[Tok], mention: Mention) -> bool:
    """The person is named as the one an aide serves (`Trợ lý đồng chí A`, `thư ký của ông B`), also
    by their title or rank alone (`Trợ lý Phó Thủ tướng A`, `Thư ký Đại tướng B`): the aide's post
    names them, the move told after it is the aide's."""
    aides = cues("aide_of")
    if any(aides.match(toks, i) == mention.i - i for i in range(max(0, mention.i - 5), mention.i)):
        return True
    first = mention.i - honorific_ending_at(toks, mention.i)  # a rank before the name: "Đại tướng"
    return any(served_title_start(toks, i, first, ranked=first < mention.i) is not None
               for i in range(max(0, first - MAX_SERVED_TITLE_TOKENS - 2), first))


def _marker_length(toks: list[Tok], k: int) -> int:
    """Tokens of the move marker starting at toks[k], 0 if none does; a marker does not take
    the capital word after it (`giữ chức Vụ trưởng Vụ X`: the capital opens the title)."""
    n = _markers().match(toks, k, lower_only=True)
    while n > 1 and toks[k + n - 1].is_cap and " ".join(t.low for t in toks[k:k + n - 1]) in _MARKER_KIND:
        n -= 1  # "giữ chức Vụ trưởng Vụ X": the marker is "giữ chức"
    return n


def _task_for_others(toks: list[Tok], k: int, n: int, marker: str) -> bool:
    """A marker that tells a post only right after a rotating or appointing verb (`giao`,
    `official_to_markers.tsv`'s after_move), with no such verb right before, no passive `được`,
    no acting post after it and no direction word before: a task given to others."""
    return marker in _AFTER_MOVE_MARKERS and not _verb_right_before(toks, k, ("rotation", "appoint")) \
        and not (k and toks[k - 1].low == "được") and not _acting_post_given(toks, k + n) \
        and not _direction_before(toks, k, marker) and not _agent_between_passive(toks, k)


MAX_VERB_BEFORE_OWNER = 3  # tokens of the verb that governs a person named right after it: "bầu ông"


def _agent_between_passive(toks: list[Tok], k: int) -> bool:
    """`được` shortly before the marker at toks[k] with only the agent's capitalised title or body between
    (`được Bộ trưởng Bộ Y tế giao quyền Giám đốc ...`): the passive of a post given to the person named
    before, not a task given to others."""
    for j in range(k - 1, max(-1, k - MAX_AGENT_LEAD - 2), -1):
        if toks[j].low == "được":
            return j < k - 1 and toks[j + 1].is_cap
        if not toks[j].is_word:
            return False  # a comma, a bracket: another clause
    return False

class _MoveReader:
    """The markers of one sentence read in order, with what earlier ones told: the moves so far
    (by mention), the person moved last (a list of moves inherits their verbs), the posts people
    left (`thôi giữ chức X ... để giữ chức Y`), and where reading resumes."""

    def __init__(self, art: Article, toks: list[Tok], ordered: list[Mention]):
        self.art, self.toks, self.ordered = art, toks, ordered
        self.moves: dict[int, tuple[Mention, OfficialMove]] = {}
        self.seen = 0                          # mentions ending before the current marker
        self.last_moved: Mention | None = None
        self.resume = 0                        # tokens before this were read with a move
        self.moved_end = 0                     # where the new post of the last move read ends
        self.exited: dict[int, tuple[str, int]] = {}  # by mention: the post left, where it ends
        self.exited_end: dict[int, int] = {}  # by mention: where the last post they left ends
        self.kept_end = 0                      # where the last post kept or planned (no move) ends

    @cached_property
    def annulled(self) -> bool:
        """The sentence tells its decision withdrawn (`đã bị thu hồi`): read once, at its first marker."""
        return _annulled(self.toks)

    def _placed_by_nomination(self, owner: Mention, nominated: tuple[int, int]) -> None:
        """`giữ chức Phó Bí thư Đảng ủy xã, giới thiệu ứng cử để HĐND xã bầu giữ chức Chủ tịch UBND xã
        Y`: the post moved to leaves its place unnamed and the post put up for names it: the
        place is the same (`Phó Bí thư Đảng ủy xã Y`); the nominated post itself is not taken."""
        place = place_ending(span_text(self.art.text, self.toks, *nominated))
        if place:
            move = self.moves[id(owner)][1]
            move.posts = [post if names_a_place(post) else completed_by(post, place) for post in move.posts]

    def read_marker(self, k: int) -> None:
        """Read the move marker starting at toks[k] (`giữ chức`, `về công tác tại`, `làm`), if one does.

        Its targets (the posts or the body after it) go to its owner (`_owner`: the person
        named last before it, or the one a frame points to), or to each of the people listed
        with them. Markers that tell no move of their own end the reading early: a bare
        `chức danh` of an election, a task given to others, a post left or held, a trip, a post
        only put up for election. The move's kinds come from the verbs around the marker
        (`_kinds`; `sẽ`/`sắp` before it: a plan), completed by the frames that make a bare marker
        an appointment (a decision opening the sentence, a passive, a headline); a demotion, a
        concurrent post and a post in the unit named by `này` stay where the person is
        (`_kept_where_held`). A destination named after a word of going moves the person (`về Ngân
        hàng X làm ...`) and, as a body, completes a bare title (`_travelled_to_before`). A post
        kept or a plan is recorded as a post held; a move is added to `self.moves`.
        `self.resume` says where reading goes on."""
        toks, ordered = self.toks, self.ordered
        while self.seen < len(ordered) and ordered[self.seen].j <= k:
            self.seen += 1
        n = _marker_length(toks, k)
        if not n:
            return
        marker = " ".join(t.low for t in toks[k:k + n])
        if marker in _ELECTED_MARKERS and not _elected_right_before(toks, k) and not self._named_by_verb_before(k):
            if _passive_exit_at(toks, k, n):
                self._post_lost(k, n)  # "ông A bị bãi nhiệm chức danh Chủ tịch X": A held X
            return  # "miễn nhiệm chức danh X đối với ông Y": the bare noun tells no post of the one before
        if _task_for_others(toks, k, n, marker):
            return  # "UBND tỉnh giao Chủ tịch UBND huyện chỉ đạo ...": a task given to others
        if _paper_ends_at(toks, k):
            return  # "ông A ... gửi đơn đến Chủ tịch UBND huyện": the petition goes there, not A
        targets, is_body = _target(toks, k, n, len(toks))
        given_to = _given_to_at(toks, k + n) if marker in _AFTER_MOVE_MARKERS else None
        if given_to is not None:
            # "(ông A, <post>,) giao quyền X cho ông B": the acting post goes to B, never to A who gives it
            owner = next((m for m in self.ordered if m.i == given_to), None)
            successor = None
        else:
            owner, successor = self._owner(k, targets)
        if owner is None:
            return
        if not targets:
            if _MARKER_KIND[marker] == "post" and _exit_before(toks, k):
                self._left_unnamed(owner, k, n)  # "thôi giữ chức để đảm nhận chức vụ Y": the post they hold
            elif _MARKER_KIND[marker] == "post":
                self._take_vacated(owner, k, n)  # "đến nhận chức vụ thay ông Cường": Cường's post
            return
        if not self.seen and owner.i - targets[-1][1] > FRONTED_REACH:
            return
        if is_body and (_trip_not_posting(toks, targets[-1]) or _task_joined_before(toks, owner.after, k)
                        or _brought_in(toks, owner)):
            self.resume = targets[-1][1]
            # "được chuyển đến Bệnh viện X điều trị", "được điều về Hà Nội họp": a trip, not a posting;
            # "đối tượng A được đưa về Công an huyện": a suspect brought in
            return
        if self._left_or_held(owner, k, marker, targets):
            return
        kinds, left = self._kinds(owner, k, marker, targets, successor)
        kinds = self._kept_where_held(owner, k, targets, is_body, kinds)
        if not is_body and _keeps_held_post(self.art.text, toks, owner, targets[-1][1]):
            kinds.add("stay")  # "giữ chức X, đồng thời là <the post held>": X is added to it, no move
        if self.last_moved is owner and id(owner) in self.moves and _nominated_between(toks, self.moved_end, k):
            self._placed_by_nomination(owner, targets[-1])
            self.resume = targets[-1][1]
            return  # "điều động làm X và giới thiệu (để HĐND) bầu giữ chức Y": Y is only put up for election
        if not kinds and _MARKER_KIND[marker] == "post" and _opens_with_decision(toks, owner) \
                and not any(is_task_post(toks, s, e, any_case=True) for s, e in targets):
            kinds = {"appoint"}  # "Theo Quyết định của UBND tỉnh, ông A, <post> giữ chức X": the decision's post
        if marker in _AFTER_MOVE_MARKERS and ((k and toks[k - 1].low in cue_words("passive"))
                                              or _given_to_person_after(toks, k + n)):
            # "được giao Quyền Chủ tịch UBND huyện X", "giao quyền Chủ tịch UBND tỉnh X cho ông Y": the
            # marker is the verb
            kinds.add("appoint")
        if _VERB_KIND.get(marker) == "elect":
            kinds.add("elect")  # "tái đắc cử Bí thư Huyện ủy X": the marker is the election itself
        if announced(toks, k) or self.annulled:
            kinds.add("plan")  # "sắp về làm X", "sẽ giữ chức X": not made yet; "... đã bị thu hồi": undone
        if not kinds and _MARKER_KIND[marker] == "post" and owner.posts \
                and (_is_headline(self.art.text, toks) or _is_item_line(self.art.text, toks, owner, marker, k)) \
                and not any(is_task_post(toks, s, e, any_case=True) for s, e in targets):
            # "Đồng chí A, <post> làm Bí thư Huyện ủy X": a headline tells a new post; so does a line of a
            # list of them ("Ông B – <post> làm Giám đốc Sở Y.")
            kinds = {"appoint"}
        if marker in _ASSIGNING_MARKERS and not kinds - {"exit"}:  # "thôi làm X ..., do nhận nhiệm vụ mới tại Y"
            # "nhận nhiệm vụ mới là Bí thư Huyện ủy X": a move from another unit; "nhận nhiệm vụ mới tại
            # cơ quan X": a transfer to that body; "thay ông B nhận nhiệm vụ Bí thư Huyện ủy X": B left the
            # post filled here for an assignment elsewhere, whatever post he is named with
            replaced_away = left is None and not owner.posts and _replaced(toks, owner)
            # but not to the body a post the person is named with is in ("A, Phó Giám đốc Sở Y tế, nhận nhiệm vụ
            # tại Sở Y tế"): no other body
            own_body = is_body and _in_own_body(self.art.text, toks, owner, targets[-1])
            kinds = {"rotation"} if (is_body and not own_body) or replaced_away else {"appoint"}
        if is_body and left and "appoint" in kinds and not kinds & {"plan", "stay", "elect"}:
            kinds.add("rotation")  # "thôi giữ chức X để (về) nhận công tác tại Ủy ban Y": X left for body Y
        destination = _travelled_to_before(toks, k, marker, targets[-1])  # "về Ngân hàng X làm Tổng giám đốc"
        motion = marker.split()[0] in cue_words("motion") or _direction_before(toks, k, marker) \
            or destination is not None
        if is_body and _MARKER_KIND[marker] == "join" and "appoint" in kinds \
                and _joins_committee_elsewhere(self.art.text, toks, owner, targets[-1]):
            kinds.add("rotation")  # "chỉ định ông A, <post in the city> tham gia Ban Chấp hành Đảng bộ phường X"
        if is_body and marker.split()[0] in cue_words("motion") and "công tác" in marker and "appoint" in kinds \
                and not kinds & {"plan", "stay", "elect"} and _sent_to_another_body(self.art.text, toks, owner, targets[-1]):
            kinds.add("rotation")  # "phân công bà A, <post>, sang công tác tại Ủy ban Y": sent to work in another body
        if kinds & {"plan", "stay"} or (is_body and not kinds & {"rotation", "swap"}):
            if "stay" in kinds and not is_body and "plan" not in kinds:
                # "tiếp tục giữ chức X", "bổ nhiệm lại X": a post held, not a move
                held = [span_text(self.art.text, toks, s, e) for s, e in targets]
                # "bổ nhiệm lại ông A và bà B (lần lượt) giữ chức X(, Y)": each listed holds theirs
                listed = _listed_with(toks, ordered[:self.seen - 1], owner) + [owner] if self.seen else [owner]
                each = [[text] for text in held] if _respectively(toks, listed, targets, k, held) else [held] * len(listed)
                for one, theirs in zip(listed, each):
                    one.person.add_posts(theirs)
                if owner.i > targets[-1][1]:  # "kéo dài thời gian giữ chức X đối với ông A, ông B": both hold X
                    for other in _listed_after(toks, [m for m in ordered if m.i > owner.i], owner):
                        other.person.add_posts(held)
            self.resume = k + n
            if targets and not is_body:
                self.kept_end = targets[-1][1]
            return
        texts = [span_text(self.art.text, toks, s, e) for s, e in targets]
        if left and "elect" in kinds and not kinds & {"plan", "stay"} and not is_body \
                and (body := _nominated_elsewhere(self.art.text, toks, left, k, targets[-1])):
            # "thôi giữ chức Chủ tịch UBND huyện X, giới thiệu để bầu giữ chức Phó Chủ tịch Hội Nông dân
            # tỉnh": the post left for a body elsewhere, where only an election will give the post
            kinds, is_body, texts = {"rotation"}, True, [body]
        # "Các ông: A, B, C giữ chức ...", "luân chuyển các đồng chí A và B về làm ...": one post, each of them
        owners = _listed_with(toks, ordered[:self.seen - 1], owner) + [owner] if self.seen else [owner]
        if len(owners) == 1 and owner.posts and self.seen:
            # "điều động ông A, <post> và ông B, <post> (lần lượt) giữ chức ...": each with their own post
            owners = _paired_before(toks, ordered[:self.seen - 1], owner, kinds) + [owner]
        given = len(targets) + _places_elided_after(toks, targets[-1][1]) if targets and not is_body else 0
        if len(owners) == 1 and owner.posts and self.seen and given > 1:
            owners = self._sharing_last_post(owner, given) + [owner]
        # "Các ông A, B lần lượt giữ chức X, Y": A takes X and B takes Y
        each = [[text] for text in texts] if _respectively(toks, owners, targets, k, texts) else [texts] * len(owners)
        if self._not_moved(owner, kinds, targets, motion):
            for one, theirs in zip(owners, each):  # "ông A giữ chức Chủ tịch xã": a post held, not a move
                if "elect" in kinds and not one.posts:
                    one.person.settle_pending_by(theirs)
                one.person.add_posts(theirs)
                if one.person.rotated:
                    one.person.refine_targets(theirs)
        else:
            decider_after = _decider_after(self.art, toks, targets[-1][1])
            for one, theirs in zip(owners, each):
                _, move = self.moves.setdefault(id(one), (one, OfficialMove(first_marker=k)))
                move.decider_after = move.decider_after or decider_after
                move.left = move.left or (left[0] if left else None)
                move.kinds |= kinds - {"elect"}
                move.motion |= motion
                found = move.bodies if is_body else move.posts
                found += [text for text in theirs if fold(text) not in map(fold, found)]
                if destination is not None and destination[2] and not is_body and not move.bodies:
                    move.bodies.append(span_text(self.art.text, toks, *destination[:2]))  # completes a bare title
            self.last_moved, self.moved_end = owner, targets[-1][1]
        self.resume = targets[-1][1]

    def _sharing_last_post(self, owner: Mention, given: int) -> list[Mention]:
        """People named bare right before `owner`, one fewer than the `given` posts (`ông A, ông B,
        Phó Giám đốc Sở X, giữ chức Bí thư Huyện ủy Y và Bí thư Huyện ủy Z`; `thượng tá A, thượng tá B,
        Phó Công an huyện X, giữ chức Trưởng Công an xã Y và xã Z`): the post after the last name is
        each one's, and each takes a post in turn."""
        bare = _listed_with(self.toks, self.ordered[:self.seen - 1], replace(owner, posts=[]))
        if len(bare) + 1 != given:
            return []
        held = [span_text(self.art.text, self.toks, s, e) for s, e in owner.posts]
        for one in bare:
            one.person.add_posts(held)
        return bare

    def _kept_where_held(self, owner: Mention, k: int, targets: list[tuple[int, int]], is_body: bool,
                         kinds: set[str]) -> set[str]:
        """The kinds, with `stay` where the new post at toks[k] is in the unit the owner holds a post in:
        a demotion with no rotation verb (`giáng chức ông A từ X xuống Trưởng phòng của Sở`), a post
        added to the one held (`<post> được phân công kiêm (nhiệm) giữ chức Y`, unless a move was told first),
        a post in the unit named only by `này` (`A, Giám đốc Trung tâm X, bị điều chuyển xuống làm Phó
        Giám đốc đơn vị này`, unless the move named a body)."""
        toks = self.toks
        if kinds & {"demote", "promote"}:  # "giáng chức", "thăng chức": a post of another rank where one is
            kinds = (kinds - {"demote", "promote"}) | (set() if kinds & {"rotation", "swap"} else {"stay"})
        if is_body:
            return kinds
        if _concurrent_before(toks, k) and id(owner) not in self.moves:
            kinds.add("stay")
        moved_to_body = id(owner) in self.moves and bool(self.moves[id(owner)][1].bodies)
        if _in_own_unit(toks, owner, targets[-1][1]) and not moved_to_body:
            kinds.add("stay")
        return kinds

    def _owner(self, k: int, targets: list[tuple[int, int]]) -> tuple[Mention | None, Mention | None]:
        """Whose move a marker at toks[k] tells, and whether as a successor: the person named last
        before it, within reach of them and their posts (a long apposition is no distance), unless
        they tell of others' moves; else the one an opening passive clause, `đối với` or the
        successor frame points to."""
        toks, ordered, seen = self.toks, self.ordered, self.seen
        if seen >= 2 and _passive_agent(toks, ordered[seen - 1], k):
            seen -= 1  # "A đã được Chủ tịch nước B bổ nhiệm làm X": B decides, A moves
        owner = ordered[seen - 1] if seen and k - ordered[seen - 1].after <= MAX_REACH else None
        if owner is not None and (_reports_between(toks, owner.after, k) or _acts_on_others(toks, owner.after, k)):
            # "ông T, Trưởng ban Tổ chức, công bố quyết định ... về giữ chức ...": others move; the one named
            # after the post by `đối với` when there is one ("... bổ nhiệm chức danh X đối với ông Y")
            return (_concerned(toks, ordered, targets[-1][1]) if targets else None), None
        if owner is not None and _others_passive(toks, owner.after, k):
            return None, None  # "ông T, <post>, lưu ý cán bộ được luân chuyển về giữ chức ...": they move
        if owner is not None and _said_by(toks, owner, k):
            return None, None  # "Theo ông A, <post>, hồ sơ đã được chuyển về ...": what A says moves
        if owner is not None and _possessor(toks, owner, k):
            return None, None  # "Hồ sơ của ông A, <post>, được chuyển đến Ủy ban Kiểm tra": the file moves
        if seen:
            return owner, None
        if _opens_with_passive(toks):
            owner = ordered[0]  # "Kể từ khi được luân chuyển về giữ chức ..., anh X ...": X, named after
        if targets:
            owner = _concerned(toks, ordered, targets[-1][1]) or owner  # "... giữ chức X đối với bà Y"
            successor = _successor(toks, ordered, targets[-1][1])  # "Người kế nhiệm ông giữ chức X là ông Y"
            if successor is not None:
                return successor, successor
        return owner, None

    def _take_vacated(self, owner: Mention, k: int, n: int) -> None:
        """A marker with no post, then `thay ông B`: the owner takes the post B left."""
        vacated = _vacated_after(self.toks, self.ordered, k + n)
        if vacated is None:
            return
        _, move = self.moves.setdefault(id(owner), (owner, OfficialMove(first_marker=k)))
        move.kinds.add("appoint")
        move.motion |= self.toks[k].low in cue_words("motion")
        move.posts.append(vacated)
        self.last_moved, self.resume, self.moved_end = owner, k + n, k + n

    def _left_unnamed(self, owner: Mention, k: int, n: int) -> None:
        """`ông A, <post>, thôi giữ chức (vụ này) để ...`: the post left is not named again, it is the
        one A is named with; remembered like a named one for `... để giữ chức Y`."""
        if not owner.posts or id(owner) in self.exited:
            return
        texts = [span_text(self.art.text, self.toks, s, e) for s, e in owner.posts]
        self.exited[id(owner)] = (", ".join(texts), k + n)
        self.exited_end[id(owner)] = k + n
        self.resume = k + n

    def _post_lost(self, k: int, n: int) -> None:
        """`ông A bị cách chức Giám đốc Sở X`, `được miễn nhiệm chức vụ Y`: the post is the one A held,
        no move; the person is the one named last before, within reach."""
        targets, _ = _target(self.toks, k, n, len(self.toks))
        if not targets or not self.seen or k - self.ordered[self.seen - 1].after > MAX_REACH:
            return
        owner = self.ordered[self.seen - 1]
        owner.person.add_posts([span_text(self.art.text, self.toks, s, e) for s, e in targets])
        self.resume = targets[-1][1]

    def _left_or_held(self, owner: Mention, k: int, marker: str, targets: list[tuple[int, int]]) -> bool:
        """`thôi giữ chức X` (left), `khi đó đang làm X`, `từng giữ chức X` (held): no new post, but
        a post the person had; the one left is remembered for `... để giữ chức Y`."""
        toks = self.toks
        held = _held_before(toks, owner.after if owner.after < k else max(0, k - 3), k) or _held_for_a_while(toks, k) \
            or (id(owner) in self.moves and _held_after_move(toks, k)) or _held_through_term(toks, targets[-1][1])
        if not held and not _exit_before(toks, k):
            return False
        if _MARKER_KIND[marker] == "post":
            texts = [span_text(self.art.text, toks, s, e) for s, e in targets]
            owner.person.add_posts(texts)
            if not held:
                self.exited.setdefault(id(owner), (", ".join(texts), targets[-1][1]))
                self.exited_end[id(owner)] = targets[-1][1]
                if _moved_by_verb(toks, owner, k):
                    # "điều động đồng chí A thôi giữ chức X ...": A moves; the new post may be told elsewhere
                    owner.person.left_by_move = owner.person.left_by_move or ", ".join(texts)
        self.resume = targets[-1][1]
        return True

    def _named_by_verb_before(self, k: int) -> bool:
        """The bare post noun at toks[k] comes right after the comma that closes the posts of a person
        whom a verb giving a post names right before them (`bổ nhiệm Trung tướng A, Tư lệnh Quân khu
        5, chức Thứ trưởng Bộ X`): the noun tells the post given."""
        toks = self.toks
        if not k or toks[k - 1].text != ",":
            return False
        named = next((m for m in reversed(self.ordered) if m.j < k), None)
        return named is not None and named.posts != [] and named.after == k - 1 \
            and _elected_right_before(toks, named.i - honorifics_before(toks, named.i))

    def _kinds(self, owner: Mention, k: int, marker: str, targets: list[tuple[int, int]],
               successor: Mention | None) -> tuple[set[str], tuple[str, int] | None]:
        """The kinds of move the verbs before a marker tell of its owner, and the post they left
        for it if any. With no verb of their own, a person inherits the move told just before in
        the sentence or in a list of moves; the person replaced (`thay cho ông B`) never does."""
        toks, ordered, seen = self.toks, self.ordered, self.seen
        replaced = _replaced(toks, owner)
        # the verbs after the end of another person's move are this marker's ("A được điều động giữ
        # chức X; B tái đắc cử chức Y": B's own verb, not A's), those before it that move's. The reach
        # is counted from the end of the person's own posts: a long apposition is no distance
        # ("điều động, chỉ định ông A, <four posts>, thôi giữ chức X, tham gia ..., giữ chức Y")
        lo = owner.i if replaced else max(ordered[seen - 2].after if seen > 1 else 0, min(k, owner.after) - MAX_REACH,
                                          self.moved_end if self.last_moved not in (None, owner) else 0)
        lo = max(lo, _clause_opened_before(toks, lo, owner.i - honorifics_before(toks, owner.i)))
        if self.kept_end > owner.after:
            lo = max(lo, self.kept_end)  # "không được bổ nhiệm lại làm X mà chuyển sang làm Y": X's verbs are X's
        if replaced:
            inherited: set[str] = set()  # "..., thay cho ông B, ... được bầu giữ chức ...": B's own verbs only
        elif self.last_moved is not None:
            inherited = set(self.moves[id(self.last_moved)][1].kinds)
        elif seen > 1 and (own := _kinds(toks, 0, lo)):
            # "HĐND bầu ông A, <post>, giữ chức X, ông B, <post> giữ chức Y": the sentence's own verb
            # is B's too, not the move of a list told in a sentence before
            inherited = own
        else:
            inherited = _listed_on(self.art, toks, owner, k)
            thereby = bool(cues("thereby").match(toks, 0))  # after a decision: a capitalised task too
            if inherited and all(is_task_post(toks, s, len(toks), any_case=thereby) for s, _ in targets):
                # "Bà C, <post>, làm Trưởng đoàn kiểm tra", "Theo đó, ông A, <post> làm Trưởng ban chỉ
                # đạo": a task, not the list's next move
                inherited = set()
        own = _kinds(toks, lo, k)
        first = owner.i - honorifics_before(toks, owner.i)
        if seen > 1 and id(ordered[seen - 2]) in self.exited and len(own) > 1 \
                and _kinds(toks, max(lo, first - MAX_VERB_BEFORE_OWNER), first) == {"elect"}:
            # "cho bà A thôi giữ chức X do chuyển công tác khác và bầu ông B giữ chức X": the transfer is
            # why A left; B is elected
            own = {"elect"}
        if not own and marker in _AFTER_MOVE_MARKERS and ((k and toks[k - 1].low == "được") or _agent_between_passive(toks, k)):
            # "được Bộ trưởng Bộ Y tế giao quyền Giám đốc ...", "được giao Quyền Hiệu trưởng": the marker is
            # the verb, the sentence's own, not the list's before it
            own = {"appoint"}
        kinds = own or _list_opener_kinds(toks, ordered[:seen - 1], owner) or inherited
        if not own and any(cues("merger").match(toks, i) for i in range(k) if toks[i].low == "sau"):
            # "X - Bí thư Tỉnh ủy A sau sáp nhập giữ chức Y": a post given by the merger; a bare title, told
            # alone or after another's post ("Sau hợp nhất, ông B, Giám đốc Sở X tỉnh C, giữ chức Phó Giám
            # đốc"), is a post in the merged unit, no move
            kinds = set() if _bare_titles(toks, targets) else (kinds or {"appoint"})
        if successor is not None and (cues("successor").match(toks, 0) or not kinds):
            # the successor takes the post: a rotation when they come from another unit; the one a sentence
            # names last keeps its verbs ("Người được bầu giữ chức X là ông Y": elected)
            kinds = {"appoint"}
        kinds |= _by_decision_after(toks, targets[-1][1])
        left = self.exited.get(id(owner))
        if left and (any(t.low == "để" for t in toks[left[1]:k])
                     or (toks[k - 1].text in (",", ";")
                         and not _named_outside_brackets(toks, self.exited_end[id(owner)], k))):
            # "thôi giữ chức X ... để giữ chức Y", "thôi giữ chức X nhiệm kỳ 2020-2025, giữ chức Y": Y in
            # exchange for X; a decision's clauses apart by a semicolon too ("thôi giữ chức X; giữ chức Y")
            kinds.add("appoint")
        if left is None and replaced and not owner.posts:
            # "<post> thay ông B đã được bổ nhiệm làm Y": B left the post his successor now holds
            left = _post_replaced_in(self.art.text, toks, owner)
        return kinds, left

    def _not_moved(self, owner: Mention, kinds: set[str], targets: list[tuple[int, int]], motion: bool) -> bool:
        """Whether the new post is held, not moved to: no move verb nor motion; or elected (`được bầu
        giữ chức`), unless the election completes a move told first (`chỉ định giữ chức X, giới
        thiệu để HĐND bầu giữ chức Y`); or a task given (`được giao làm Trưởng ban tổ chức hội thi`)."""
        if not (kinds & {"rotation", "appoint", "swap"} or motion):
            return True
        if kinds & {"rotation", "swap"} or id(owner) in self.moves:
            return False
        # the task read past the post's end: "giao làm Trưởng ban | chỉ đạo ..." (the post stops before lower case)
        return "elect" in kinds or all(is_task_post(self.toks, s, len(self.toks)) or _task_body_told_before(self.toks, s, e)
                                       for s, e in targets)


def _concurrent_before(toks: list[Tok], k: int) -> bool:
    """`kiêm`, `kiêm nhiệm` right before the marker at toks[k]: a post taken on beside the one held."""
    words = cue_words("concurrent")
    return any(k >= n and " ".join(t.low for t in toks[k - n:k]) in words for n in (1, 2))


def _task_body_told_before(toks: list[Tok], s: int, e: int) -> bool:
    """A post in a body named by its head alone (`làm Chủ tịch Hội đồng`), that head having opened the
    name of a body set up for a task earlier in the sentence (`kiện toàn Hội đồng Thi đua - Khen thưởng
    tỉnh, do ông A, <post>, làm Chủ tịch Hội đồng`): that task body, no move."""
    head = title_at(toks, s)
    rest = [t.low for t in toks[s + head:e]]
    if not head:
        return False
    if not rest or rest == ["thường", "trực"]:
        return _board_title_of_task_before(toks, s, head)
    n = len(rest)
    return any([t.low for t in toks[p:p + n]] == rest and task_body_at(toks, p) > n for p in range(s))


def _board_title_of_task_before(toks: list[Tok], s: int, head: int) -> bool:
    """A bare title of a board (`làm Trưởng ban`, `Phó Trưởng ban Thường trực`, `Tổ phó`, `Ủy viên`)
    after a body set up for a task of that kind named earlier in the sentence (`kiện toàn Ban Chỉ đạo
    phòng, chống thiên tai tỉnh: ông A làm Trưởng ban; ...`): a seat on that task body, no move."""
    words = [t.low for t in toks[s:s + head]]
    kind = next((w for w in words if w in cue_words("board_kind")), None)  # "Trưởng ban", "Tổ phó"
    if kind is None and " ".join(words) not in cue_words("board_member"):
        return False
    return any(toks[p].is_cap and (kind is None or toks[p].low == kind) and task_body_at(toks, p) for p in range(s))


def _named_outside_brackets(toks: list[Tok], lo: int, hi: int) -> bool:
    """A capitalised word in toks[lo:hi] outside brackets: a name or a body between a post left and
    the next marker. The short name of the body left (`thôi giữ chức Chủ tịch Tập đoàn X (EVN), về
    nhận công tác tại Bộ Y`) is no other clause."""
    depth = 0
    for t in toks[lo:hi]:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth = max(0, depth - 1)
        elif not depth and t.is_cap:
            return True
    return False


def _clause_opened_before(toks: list[Tok], lo: int, first: int) -> int:
    """Where a clause that opens right before a person starts (`... để bầu Chủ tịch UBND tỉnh sau khi
    ông A, <post>, được phân công làm X`): the verbs before it are another clause's, not A's."""
    openers = cues("clause_opener")
    for q in range(first - 1, lo, -1):
        if openers.match(toks, q - 1) == 2:
            return q + 1
    return lo


def _respectively(toks: list[Tok], owners: list[Mention], targets: list[tuple[int, int]], k: int,
                  texts: list[str]) -> bool:
    """As many posts as people, and `lần lượt` (respectively) between the first person listed and
    the marker, or posts in as many different units (`A và B được điều động làm Bí thư Huyện ủy X và
    Bí thư Huyện ủy Y`: no one holds both): each takes the post in their place in the list."""
    if len(owners) < 2 or len(targets) != len(owners):
        return False
    if any(toks[i].low == "lần" and toks[i + 1].low == "lượt" for i in range(owners[0].j, k)):
        return True
    return all(not same_unit(a, b) and not same_unit(b, a) for n, a in enumerate(texts) for b in texts[n + 1:])


_PAIR_JOINS = (("và",), (",",), (",", "và"))  # between one person's post and the next person listed


def _paired_before(toks: list[Tok], before: list[Mention], last: Mention, kinds: set[str]) -> list[Mention]:
    """The people listed right before `last`, each with an honorific and a post of their own, joined
    by `và` or a comma, the first the object of a move verb (`điều động ông A, Giám đốc Sở X và ông
    B, Giám đốc Sở Y giữ chức ...`) or the subject opening the sentence of `last`'s move (`Ông A,
    <post> và ông B, <post> được điều động giữ chức ...`): each is told what `last` is told. Under a
    plural honorific the names may come bare, their posts after the last (`điều chuyển các ông A, B
    (hạt trưởng và hạt phó Hạt Kiểm lâm X) về công tác tại ...`)."""
    listed: list[Mention] = []
    nxt, bare, postless = last, False, False
    for mention in reversed(before):
        end = _past_bracketed_name(toks, max([e for _, e in mention.posts] + [mention.after]), nxt.i)
        lead = honorifics_before(toks, nxt.i)
        if tuple(t.low for t in toks[end:nxt.i - lead]) not in _PAIR_JOINS:
            break
        if not mention.posts:
            if not last.posts:
                break  # names with no post at all: the group's own reading (`các ông A, B được ...`)
            postless = True
        bare |= not lead
        listed.insert(0, mention)
        nxt = mention
    if not listed:
        return []
    first = listed[0].i - honorifics_before(toks, listed[0].i)
    plural = first > 0 and first < listed[0].i and toks[first - 1].low == "các"
    if postless and not plural:
        return []
    if bare and not plural and not _respectively_after(toks, last):
        # a name with no honorific of its own: only "Các ông A, <post> và B, <post>" or "Ông A, <post> và
        # B, <post> lần lượt ..." lists it
        return []
    first -= plural
    opens = first == 0 or toks[first - 1].text in (":", ";")
    return listed if verbs_moving(toks, listed[0], first if plural else None) & {"rotation", "appoint"} \
        or (opens and kinds & {"rotation", "appoint"}) else []


MAX_BRACKETED = 6  # tokens of a body's short name in brackets after its post: "(Viettel Telecom)"


def _past_bracketed_name(toks: list[Tok], end: int, limit: int) -> int:
    """Past a short name in brackets right after a post (`Tổng Giám đốc Tổng Công ty X (Viettel
    Telecom) và ...`): the post's body told again, no break in the list."""
    if end < limit and toks[end].text == "(":
        for k in range(end + 1, min(limit, end + 1 + MAX_BRACKETED)):
            if toks[k].text == ")":
                return k + 1
            if not toks[k].is_word:
                break
    return end


def _respectively_after(toks: list[Tok], last: Mention) -> bool:
    """`lần lượt` (respectively) right after the last person listed and their post."""
    end = max([e for _, e in last.posts] + [last.after])
    return any(toks[i].low == "lần" and toks[i + 1].low == "lượt" for i in range(end, min(len(toks) - 1, end + 3)))


def _list_opener_kinds(toks: list[Tok], before: list[Mention], owner: Mention) -> set[str]:
    """The verbs before the colon that opens a list of `name, post;` items ending with `owner`
    (`Tỉnh ủy điều động các đồng chí: A, <post>; B, <post> về công tác tại ...`): the move of them
    all."""
    listed = _items_listed_before(toks, before, owner) if owner.posts else []
    if not listed:
        return set()
    colon = listed[0].i - honorific_ending_at(toks, listed[0].i) - 1
    return _kinds(toks, max(0, colon - MAX_REACH), colon)


def _vacated_after(toks: list[Tok], ordered: list[Mention], k: int) -> str | None:
    """After a marker with no post (`đến nhận chức vụ`), `thay ông B`: the post B left."""
    n = cues("replaces").match(toks, k, lower_only=True)
    if not n:
        return None
    replaced = next((m for m in ordered if m.i - honorific_ending_at(toks, m.i) == k + n), None)
    return vacated_post(replaced.person) if replaced is not None else None


def _reports_between(toks: list[Tok], start: int, end: int) -> bool:
    """A verb of saying, announcing or presiding between a person and a new-post marker (`công bố`,
    `trao quyết định`, `có thông báo`, `chủ trì`): the person tells of a move, the move is others'.
    Not in the passive, even with its agent (`được trao quyết định điều động về làm ...`, `được cấp
    thẩm quyền tỉnh trao quyết định ...`): told of the one who moves."""
    report = cues("report")
    return any(report.match(toks, k, lower_only=True) and not _passive_before(toks, max(start, _agent_reach(toks, k)), k)
               for k in range(start, end) if toks[k].low in report.by_first)


PASSIVE_AGENT_REACH = 7  # tokens from a passive word to its verb, past the agent ("được Ban Thường vụ Tỉnh ủy trao")
MAX_AGENT_CAPITALS = 12  # capitalised tokens of an agent's title and name ("Chủ tịch UBND tỉnh Hoàng Văn A")


def _agent_reach(toks: list[Tok], k: int) -> int:
    """Where a passive word before toks[k] may lie: PASSIVE_AGENT_REACH tokens back, not counting the
    capitalised ones of an agent named by title and name (`được Chủ tịch UBND tỉnh Hoàng Văn A ký
    quyết định ...`)."""
    lower = 0
    for i in range(k - 1, max(-1, k - PASSIVE_AGENT_REACH - MAX_AGENT_CAPITALS - 1), -1):
        lower += not toks[i].is_cap
        if lower > PASSIVE_AGENT_REACH:
            return i + 1
    return max(0, k - PASSIVE_AGENT_REACH - MAX_AGENT_CAPITALS)


def _passive_before(toks: list[Tok], lo: int, k: int) -> bool:
    """A passive word before toks[k] in the same clause (no comma between, but the one of a list of
    agents: `được Đảng, Nhà nước tin tưởng giao ...`): `được (<agent>) <verb>`."""
    for i in range(k - 1, lo - 1, -1):
        if toks[i].text == "," and lo < i < k - 1 and toks[i - 1].is_cap and toks[i + 1].is_cap:
            continue  # "Đảng, Nhà nước": one agent told as a list of bodies
        if toks[i].text in (",", ";", ":"):
            return False
        if toks[i].low in cue_words("passive"):
            return True
    return False


@lru_cache(maxsize=1)
def _move_objects() -> Lexicon:
    return lexicon("official_move_objects.txt")


def _acts_on_others(toks: list[Tok], start: int, end: int) -> bool:
    """The person before a marker moves others: an active move verb between them and the marker, with
    an object of its own (`ông T, Giám đốc Công an tỉnh, đã điều động lực lượng về xã ...`, `luân
    chuyển 15 cán bộ về ...`). Not in the passive (`được Bộ Chính trị điều động, phân công tham gia
    ...`). The object opens with a number or a word for people or forces (`official_move_objects.txt`):
    anything else after the verb is the person's own move (`chuyển công tác từ Sở X về ...`, `điều
    động, giới thiệu hiệp thương giữ chức ...`)."""
    verbs, chooses = _verbs(), cues("chooses")
    for v in range(start, end):
        if toks[v].low in cue_words("passive"):
            return False
        if toks[v].low in chooses.by_first and (c := chooses.match(toks, v, lower_only=True)):
            # "ông A, Giám đốc Sở, nêu ý kiến lựa chọn một trưởng phòng thuộc Sở để đảm nhiệm X": the one
            # chosen; else a move verb may follow ("lựa chọn, điều động 3 cán bộ ...")
            if v + c < end and _object_of_move(toks, v + c):
                return True
            continue
        n = verbs.match(toks, v, lower_only=True) if toks[v].low in verbs.by_first else 0
        if not n or _VERB_KIND[" ".join(t.low for t in toks[v:v + n])] not in ("rotation", "appoint"):
            continue
        j = v + n
        while j < end:  # past more verbs and their commas: "điều động, bổ nhiệm, chỉ định"
            m = verbs.match(toks, j, lower_only=True) if toks[j].low in verbs.by_first else 0
            if not m and toks[j].text != "," and toks[j].low != "và":
                break
            j += m or 1
        return j < end and _object_of_move(toks, j)
    return False


def _object_of_move(toks: list[Tok], j: int) -> bool:
    """Whether other people open at toks[j]: a number, a word for people or forces
    (`official_move_objects.txt`), or `một` and a title (`một trưởng phòng`, `một phó giám đốc`)."""
    if toks[j].text.isdigit() or _move_objects().match(toks, j, lower_only=True) > 0:
        return True
    return toks[j].low == "một" and j + 1 < len(toks) and toks[j + 1].is_lower and title_at(toks, j + 1) > 0


def _others_passive(toks: list[Tok], start: int, k: int) -> bool:
    """Between a person and a marker, a verb of theirs governs other people, the subject of the
    passive move (`ông T, <post>, lưu ý cán bộ được luân chuyển về ...`, `kỳ vọng các cán bộ được
    điều động đến ...`, `cùng các đồng chí được điều động ...`): the move is theirs. Not when the
    people noun names the person (`, cán bộ được luân chuyển về xã,`; `là một trong các cán bộ được
    ...`): a word of the person's own must come before it."""
    for i in range(start + 1, k):
        if toks[i].low not in cue_words("passive"):
            continue
        for noun in cue_words("people_noun"):
            n = len(noun.split())
            p = i - n
            if p <= start or " ".join(t.low for t in toks[p:i]) != noun:
                continue
            if toks[p - 1].low in cue_words("plural"):
                p -= 1
            elif noun == "đồng chí":
                continue  # "đồng chí" alone is an honorific: "... chào đón đồng chí A được điều động ..."
            before = toks[p - 1] if p > start else None
            if before is not None and before.is_lower and before.low not in cue_words("names_the_person"):
                return True
    return False


@lru_cache(maxsize=1)
def _trip_purposes() -> Lexicon:
    return lexicon("official_trip_purposes.txt")


def _keeps_held_post(text: str, toks: list[Tok], owner: Mention, end: int) -> bool:
    """Whether the new post ending at toks[end] is told with a post the person goes on holding, one
    they are named with (`ông A, Chủ tịch Ủy ban MTTQ tỉnh, giữ chức Trưởng Ban Dân vận, đồng thời là
    Chủ tịch Ủy ban MTTQ tỉnh X`): the new post comes on top of the one kept, a concurrent post. A
    post after `đồng thời là` that the person does not hold (`..., đồng thời là Chủ tịch HĐND huyện`)
    is a second new post, and the move stands."""
    if not owner.posts:
        return False
    k = end + 1 if end < len(toks) and toks[end].text == "," else end
    n = cues("alongside").match(toks, k, lower_only=True)
    if not n:
        return False
    head = title_at(toks, k + n)
    stop = read_post(toks, k + n, len(toks))
    if not head or stop <= k + n:
        return False
    kept, title = span_text(text, toks, k + n, stop), fold(span_text(text, toks, k + n, k + n + head))
    for s, e in owner.posts:
        held_head = title_at(toks, s)
        held = span_text(text, toks, s, e)
        if held_head and fold(span_text(text, toks, s, s + held_head)) == title \
                and same_unit(held, kept) and same_unit(kept, held):
            return True
    return False


def _trip_not_posting(toks: list[Tok], body: tuple[int, int]) -> bool:
    """A destination followed by the purpose of a trip (`official_trip_purposes.txt`: `điều trị`,
    `họp`, `tập huấn`): the person goes there and keeps their post. The body read may run over
    the purpose (`Bệnh viện Bạch Mai điều trị`), so its own lower-case words are looked at too."""
    purposes = _trip_purposes()
    start, end = body
    return any(toks[i].is_lower and purposes.match(toks, i, lower_only=True)
               for i in range(start, min(end + 1, len(toks))))


@lru_cache(maxsize=1)
def _papers_moved() -> Lexicon:
    return lexicon("official_papers_moved.txt")


def _paper_ends_at(toks: list[Tok], end: int) -> bool:
    """A word for papers sent on (`official_papers_moved.txt`: `đơn`, `hồ sơ`) ends right before toks[end]."""
    papers = _papers_moved()
    return any(papers.match(toks, p, lower_only=True) == end - p for p in range(max(0, end - 2), end))


@lru_cache(maxsize=1)
def _custody_words() -> Lexicon:
    return lexicon("official_custody_words.txt")


def _brought_in(toks: list[Tok], mention: Mention) -> bool:
    """The person is named as one held, tried or treated (`official_custody_words.txt`: `đối tượng A`,
    `bị can B`, `nạn nhân C`): a body they are taken to is no posting."""
    first = mention.i - honorific_ending_at(toks, mention.i)
    words = _custody_words()
    # lower case but at a sentence's start ("Nạn nhân A được chuyển về ...")
    return any(words.match(toks, start, lower_only=start > 0) == first - start for start in range(max(0, first - 2), first))


def _said_by(toks: list[Tok], mention: Mention, k: int) -> bool:
    """`Theo <post> <name>, ...` (according to): the clause after the comma, where the marker at
    toks[k] is, tells what the person says, not their move."""
    first = min([s for s, _ in mention.posts] + [mention.i])
    first -= honorific_ending_at(toks, first)
    return first > 0 and toks[first - 1].low == "theo" and any(t.text == "," for t in toks[mention.after:k])


def _task_joined_before(toks: list[Tok], start: int, k: int) -> bool:
    """`tham gia` and a task in lower case between the person and a destination (`được điều động
    tham gia đoàn cứu trợ về huyện X`): the person goes there on the task, keeping their post. A Party
    committee joined (`tham gia Ban Chấp hành ...`) is no task."""
    return any(toks[i].low == "tham" and toks[i + 1].low == "gia" and toks[i + 2].is_lower
               and not cues("joined_body").match(toks, i + 2)
               for i in range(start, k - 2) if toks[i].is_lower)


def _possessor(toks: list[Tok], mention: Mention, k: int) -> bool:
    """The person is named after `của` and a passive follows (`Hồ sơ của ông A, <post>, được chuyển
    về ...`, `Đơn của bà B được chuyển đến ...`): what is theirs is moved, not they. A move verb told
    before the name (`quyết định điều động của ông A`) leaves the move theirs."""
    first = mention.i - honorific_ending_at(toks, mention.i)
    if first == 0 or toks[first - 1].low != "của":
        return False
    if _paper_ends_at(toks, first - 1):
        return True  # "chuyển đơn của bà A ... đến Chủ tịch UBND thành phố": the petition is sent on
    if first >= 3 and (toks[first - 3].low, toks[first - 2].low) == ("trường", "hợp"):
        return False  # "trường hợp của ông A, <post>, được điều về ...": the case is A's own move
    if _kinds(toks, max(0, first - 4), first - 1):
        return False
    if _replaced(toks, mention):
        return False  # "thay vị trí của Đại tá A, <post>, được điều động ...": the post, and A's own move
    if any(toks[i].text == "," and toks[i + 1].low == "người" for i in range(mention.after, k - 1)):
        return False  # "sự tham dự của ông A, người vừa được bổ nhiệm giữ chức X": a relative clause of A's
    return any(t.low in cue_words("passive") for t in toks[mention.after:k])


def _joins_committee_elsewhere(text: str, toks: list[Tok], owner: Mention, body: tuple[int, int]) -> bool:
    """A person named with a post, appointed (`chỉ định`) to join the Party committee of a unit named
    by its place (`tham gia Ban Chấp hành Đảng bộ phường X`), that none of their posts is in: they
    move there. Joining their own unit's committee, or one with no place named (`tham gia Ban Thường
    vụ Đảng ủy, giữ chức ...`: the post told next names it), is no move by itself."""
    if not owner.posts:
        return False
    joined = span_text(text, toks, *body)
    if not names_a_place(joined):
        return False
    held = [span_text(text, toks, s, e) for s, e in owner.posts]
    place = unit_parts(joined)[0]
    # "Chỉ huy trưởng Bộ CHQS tỉnh X ... tham gia Ban Chấp hành Đảng bộ tỉnh X": the committee of the
    # place their unit is in, joined where they are
    if any(same_unit(post, joined) or unit_parts(post)[0] == place for post in held):
        return False
    # "chỉ định ông A, Chủ tịch UBND Quận 12, tham gia Ban Chấp hành Đảng bộ TP. Hồ Chí Minh": a committee
    # above every place A works in, a seat taken from where A is
    joined_level = level_of(*place) if place else None
    held_levels = [level_of(*where) for post in held if (where := unit_parts(post)[0])]
    return not (joined_level and held_levels and all(
        level and LEVEL_RANK[joined_level] > LEVEL_RANK[level] for level in held_levels))


def _bare_titles(toks: list[Tok], targets: list[tuple[int, int]]) -> bool:
    """Every target is a title alone, naming no unit (`giữ chức Phó Giám đốc`)."""
    return bool(targets) and all(s + title_at(toks, s) >= e for s, e in targets)


def _in_own_body(text: str, toks: list[Tok], owner: Mention, body: tuple[int, int]) -> bool:
    """A post the person is named with is in the body told (`A, Phó Giám đốc Sở Y tế, nhận nhiệm vụ tại Sở Y tế`);
    a bare title (`Phó Cục trưởng`) names no body, so says nothing."""
    joined = span_text(text, toks, *body)
    for s, e in owner.posts:
        if title_at(toks, s) == e - s:
            continue
        held = span_text(text, toks, s, e)
        if same_unit(held, joined) or same_body_named(held, joined):
            return True
    return False


def _sent_to_another_body(text: str, toks: list[Tok], owner: Mention, body: tuple[int, int]) -> bool:
    """A person named with a post, appointed (`phân công`, `cử`) to go and work in a body (`sang công
    tác tại Hội X`) that none of their posts is in: a transfer there. With no post told, nothing says
    they come from elsewhere (a graduate placed in a commune is recruited, not moved); a body named as
    the post's own with a place added (`Sở Nội vụ` -> `Sở Nội vụ tỉnh`) is the same one."""
    if not owner.posts:
        return False
    joined = span_text(text, toks, *body)
    return not any(same_unit(held := span_text(text, toks, s, e), joined) or same_body_named(held, joined)
                   for s, e in owner.posts)


MAX_ANNULLING_AGENT = 5  # tokens between `bị` and the verb: "bị UBND tỉnh Quảng Ninh thu hồi"


MAX_AGENT_LEAD = 12  # tokens from `được`/`bị` to the agent's name: "được Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ ông"
SHORT_AGENT_LEAD = 8  # within this many, any title between is taken on trust: "được Chủ tịch UBND tỉnh Hà Giang ông"


def _passive_agent(toks: list[Tok], mention: Mention, k: int) -> bool:
    """Whether `mention` names the agent of a passive move told before the marker at toks[k] (`A được
    Chủ tịch nước B bổ nhiệm làm X`): `được` or `bị` shortly before the name, with only its title
    between, and a verb of moving or appointing between the name and the marker."""
    start = mention.i - honorifics_before(toks, mention.i)
    # a comma before a title is the agent's titles listed ("được Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ B")
    lead = next((j for j in range(start - 1, max(-1, start - MAX_AGENT_LEAD - 1), -1)
                 if toks[j].low in ("được", "bị") or (toks[j].text in (",", ";", ".") and not (
                     toks[j].text == "," and toks[j + 1].is_cap and title_at(toks, j + 1)))), None)
    if lead is None or toks[lead].low not in ("được", "bị"):
        return False
    if start - lead > SHORT_AGENT_LEAD and not _posts_only_between(toks, lead + 1, start):
        return False  # "A được bầu giữ chức Chủ tịch UBND tỉnh X thay ông B": words of A's own between
    return bool(_kinds(toks, mention.after, k) & {"rotation", "appoint"})


def _posts_only_between(toks: list[Tok], i: int, j: int) -> bool:
    """Whether toks[i:j] is nothing but posts, separated by commas (an agent's titles)."""
    while i < j:
        end = read_post(toks, i, j)
        if end <= i:
            return False
        i = end + (end < j and toks[end].text == ",")
    return True


def _annulled(toks: list[Tok]) -> bool:
    """The sentence tells that the decision was withdrawn or annulled (`annul` in official_cues.tsv, in
    the passive: `đã bị UBND tỉnh thu hồi`, or before `quyết định`: `hủy bỏ quyết định`): its move was
    not made."""
    annul = cues("annul")
    for i, tok in enumerate(toks):
        n = annul.match(toks, i, lower_only=True) if tok.low in annul.by_first else 0
        if not n:
            continue
        if _decision_after(toks, i + n):
            return True
        if any(t.low == "bị" for t in toks[max(0, i - MAX_ANNULLING_AGENT - 1):i]):
            return True
    return False


def annulled_decision_end(toks: list[Tok]) -> int | None:
    """Where the words withdrawing a decision end (`thu hồi, hủy | quyết định ...`: `annul` in
    official_cues.tsv right before `quyết định`), else None: the moves told after it are undone."""
    annul = cues("annul")
    return next((i + n for i, tok in enumerate(toks) if tok.low in annul.by_first
                 and (n := annul.match(toks, i, lower_only=True)) and _decision_after(toks, i + n)), None)


def _decision_after(toks: list[Tok], k: int) -> bool:
    return k + 1 < len(toks) and (toks[k].low, toks[k + 1].low) == ("quyết", "định")


def _acting_post_given(toks: list[Tok], k: int) -> bool:
    """`..., giao quyền Giám đốc Bệnh viện X`: an acting post, after the person moved and their post
    (`điều động ông A, <post>, giao quyền ...`, a comma before `giao`) or given to a person named after
    it (`giao quyền X cho ông Y`), not a task given to others."""
    if k >= len(toks) or toks[k].low != "quyền":
        return False
    # "..., giao quyền", "... và giao quyền", "..., đồng thời giao quyền"
    return (k >= 2 and (toks[k - 2].text == "," or toks[k - 2].low in ("và", "thời"))) or _given_to_person_after(toks, k)


MAX_ACTING_POST = 20  # tokens from `quyền` to the `cho` that names whom the acting post is given to


def _given_to_person_after(toks: list[Tok], k: int) -> bool:
    """`giao quyền Chủ tịch UBND tỉnh X cho ông Y`: the acting post, then `cho` and a person (an
    honorific right after it) before the clause ends: given to Y, not a task for others."""
    return _given_to_at(toks, k) is not None


def _given_to_at(toks: list[Tok], k: int) -> int | None:
    """Where the person an acting post from toks[k] is given to starts (after `cho` and an honorific,
    `_given_to_person_after`), else None."""
    if k >= len(toks) or toks[k].low != "quyền":
        return None
    for j in range(k, min(len(toks) - 1, k + MAX_ACTING_POST)):
        if toks[j].text in (".", ";", ":"):
            return None
        if toks[j].low == "cho" and (n := honorifics().match(toks, j + 1)):
            return j + 1 + n
    return None


def _held_before(toks: list[Tok], start: int, k: int) -> bool:
    """`đang`, `hiện`, `từng` between a person and a marker, with no move verb after it: a post
    held now or before, not one moved to (`khi đó đang làm ...`, `từng giữ các chức vụ ..., trở
    thành ...`; but `từng giữ chức X, được điều động làm Y` moves to Y)."""
    held, verbs = cues("held"), _verbs()
    for i in range(k - 1, start - 1, -1):
        if toks[i].low in verbs.by_first and verbs.match(toks, i, lower_only=True):
            return False
        if toks[i].low in held.by_first and held.match(toks, i, lower_only=True):
            # ", người từng giữ chức X, làm Y": the relative clause closed before the marker holds X only
            return not (i and toks[i - 1].low in cue_words("relative_head") and any(t.text == "," for t in toks[i:k]))
    return False


def _in_own_unit(toks: list[Tok], owner: Mention, end: int) -> bool:
    """A new post whose unit is named only as `this` (`làm Phó Giám đốc đơn vị này`, `giữ chức Phó
    trưởng phòng cơ quan này`) for a person named with a post and no destination told: the unit is
    the one they are in, no move; so is one in the unit merged from theirs (`Tổng biên tập của đơn vị hợp
    nhất`). So is a post in a unit named by its kind alone after `của`, `thuộc`
    (`làm chuyên viên Phòng Kế hoạch của trung tâm`, `làm Phó Giám đốc của Sở này`), when the person's own
    post names that kind (`Giám đốc Trung tâm Y tế huyện`): the unit they head or work in."""
    if not owner.posts:
        return False
    own = cues("own_unit_noun")
    if any(end >= n and own.match(toks, end - n, lower_only=True) == n for n in (2, 1)):
        return True  # "giữ chức hiệu trưởng nhà trường": the school the person is in
    if end >= len(toks):
        return False
    if cues("merged_unit").match(toks, end, lower_only=True):
        return True  # "giữ chức Tổng biên tập của đơn vị hợp nhất": the person's own unit, merged with others
    if toks[end].low == "này":
        referents = cues("unit_referent")
        return any(end >= n and referents.match(toks, end - n, lower_only=True) == n for n in (1, 2))
    kinds, links = cue_words("unit_kind"), cue_words("own_unit_link")
    # the link and kind right after the post, or read as its end ("Trưởng khoa Khám bệnh thuộc trung tâm")
    for link, n in [(end, n) for n in (2, 1)] + [(end - n - 1, n) for n in (2, 1)]:
        after = link + 1 + n
        if link < 0 or after > len(toks) or toks[link].low not in links:
            continue
        if not toks[link + 1].is_lower and not (after < len(toks) and toks[after].low == "này"):
            continue  # "của Sở Tài chính": a unit named; but "của Sở này" points back at the person's own
        kind = " ".join(t.low for t in toks[link + 1:after])
        if kind not in kinds or (after < len(toks) and toks[after].is_word and toks[after].low != "này"):
            continue  # "của Sở Tài chính", "của trung tâm y tế dự phòng": a unit named, maybe another
        return any(f" {kind} " in " " + " ".join(t.low for t in toks[s:e]) + " " for s, e in owner.posts)
    return False


MAX_WHILE = 6  # tokens from `sau` to a marker: "sau chưa đầy một năm làm ..."


def _held_after_move(toks: list[Tok], k: int) -> bool:
    """`trước khi` right before the marker at toks[k], after a move told of the same person (`được điều
    động về làm X năm 2015 trước khi làm Y`): Y is a post held later, not a second post of that move."""
    return k >= 2 and cues("until_moved").match(toks, k - 2, lower_only=True) == 2


def _held_for_a_while(toks: list[Tok], k: int) -> bool:
    """`sau (chưa đầy | gần | hơn) N năm làm X`, `sau thời gian làm X`, `sau khi làm X` right before
    the marker at toks[k]: X is the post held until the move told before it, not a second new post
    (`được điều động giữ chức Y sau chưa đầy một năm làm X`)."""
    words = cues("while_held")
    q = next((q for q in range(k - 1, max(-1, k - 1 - MAX_WHILE), -1) if toks[q].low == "sau"), None)
    if q is None or q == k - 1:
        return False
    i = q + 1
    while i < k:  # "chưa đầy | một | năm", "thời gian", "5 | năm": the time's words, then the marker
        n = words.match(toks, i, lower_only=True) or int(toks[i].text.isdigit() or toks[i].low in lone_words())
        if not n:
            return False
        i += n
    return i == k


def _held_through_term(toks: list[Tok], end: int) -> bool:
    """A time the post was held told right after it (`làm Hiệu trưởng Trường X đủ hai nhiệm kỳ`, `giữ
    chức Y được 5 năm`; `term_held_after` in official_cues.tsv, then a number and a `term_unit`): a post
    held that long, not one moved to."""
    n = cues("term_held_after").match(toks, end, lower_only=True) if end < len(toks) else 0
    if not n:
        return False
    i = end + n
    if i < len(toks) and (toks[i].text.isdigit() or toks[i].low in lone_words() or toks[i].low in cue_words("term_number")):
        i += 1
    else:
        return False
    return i < len(toks) and toks[i].low in cue_words("term_unit")


def _passive_exit_at(toks: list[Tok], k: int, n: int) -> bool:
    """A verb of losing a post in the passive ends at the post noun toks[k:k+n] or right before it
    (`bị bãi nhiệm | chức danh`, `bị cách chức`, `được miễn nhiệm | chức vụ`, `bị giáng chức`): what
    follows is the post the subject held."""
    verbs = _verbs()
    for start in range(max(1, k - 3), k + 1):
        if toks[start].low not in verbs.by_first or not _passive_led(toks, start):
            continue
        m = verbs.match(toks, start, lower_only=True)
        if m and start + m in (k, k + n) \
                and _VERB_KIND[" ".join(t.low for t in toks[start:start + m])] in ("exit", "demote"):
            return True
    return False


def _passive_led(toks: list[Tok], start: int) -> bool:
    """A passive word right before toks[start], or `được` before the body acting (`được HĐND tỉnh | miễn
    nhiệm`, as `_agent_between_passive` reads it)."""
    return toks[start - 1].low in cue_words("passive") or _agent_between_passive(toks, start)


MAX_VERB_CHAIN = 4  # verbs joined by commas before the person they move: "tiếp nhận, điều động, bổ nhiệm"


def verbs_moving(toks: list[Tok], mention: Mention, start: int | None = None) -> set[str]:
    """The kinds of the verbs right before the person and their honorific (or before `start`, where
    the words naming them begin: `các ông A, B`), which the person is the object of (`điều động đồng
    chí A`, `tiếp nhận, bổ nhiệm ông B`); none after a ceremony's noun (`buổi tiếp nhận ông A`)."""
    k = mention.i - honorific_ending_at(toks, mention.i) if start is None else start
    kinds: set[str] = set()
    verbs = _verbs()
    for _ in range(MAX_VERB_CHAIN):
        if k > 0 and (toks[k - 1].text == "," or toks[k - 1].low == "và") and kinds:
            k -= 1
        start = next((s for s in range(max(0, k - 6), k) if toks[s].low in verbs.by_first  # "Điều động ông A" opens a sentence
                      and verbs.match(toks, s, lower_only=s > 0 and toks[s - 1].text != ":") == k - s), None)
        if start is None:
            break
        if (kind := kind_told(toks, start, k)) is not None:
            kinds.add(kind)
        k = start
    return set() if k > 0 and toks[k - 1].low in cue_words("event_noun") else kinds


def _moved_by_verb(toks: list[Tok], mention: Mention, k: int) -> bool:
    """A rotation verb governs the person: right before the name and its honorific (`điều động đồng
    chí A`, `tiếp nhận ông B`) or in the passive between them and the marker at toks[k] (`A được điều
    động thôi giữ chức ...`)."""
    return "rotation" in verbs_moving(toks, mention) or "rotation" in _kinds(toks, mention.after, k)


def _direction_before(toks: list[Tok], k: int, marker: str) -> bool:
    """A direction word right before a new-post marker (`về đảm nhận chức vụ X`, `sang đảm nhiệm
    cương vị X`, `lên giữ chức X`): the person moves there, as with `về làm`. A capital inside the
    sentence is the last syllable of a name (`Ông Trịnh Văn Sang làm Giám đốc ...`), no motion."""
    return k > 0 and _MARKER_KIND[marker] == "post" and toks[k - 1].low in cue_words("motion") \
        and (k == 1 or not toks[k - 1].is_cap)


MAX_DESTINATION = 8  # tokens of a destination named between a word of going and a new post: "Tổng công ty Sông Đà"


def _travelled_to_before(toks: list[Tok], k: int, marker: str,
                         target: tuple[int, int]) -> tuple[int, int, bool] | None:
    """A word of going, then the destination by its capitalised name or as a body, right before a
    new-post marker (`về Ngân hàng X làm Tổng giám đốc`, `ra Hà Nội làm Phó Trưởng Ban ...`, `về
    Tổng công ty Y làm ...`): the person moves there, as with `về làm`; the destination's span and
    whether it is a body (which completes a bare title; a place never does). `về quê làm ...`, `ra
    quyết định làm ...` name no destination; a trip to head a task (`lên X làm Trưởng đoàn diễn
    tập`, `vào Y làm Trưởng ban chỉ đạo ...`) or to a place to be a bare title (`ra Hà Nội làm Phó
    Trưởng ban`) is no move."""
    if not k or _MARKER_KIND[marker] != "post" or is_task_post(toks, target[0], len(toks)):
        return None
    travel = cue_words("travel")
    for j in range(k - 2, max(-1, k - 2 - MAX_DESTINATION), -1):
        if not toks[j].is_word:
            return None
        if toks[j].low in travel and toks[j].is_lower:
            if _a_place(toks, j + 1, k):  # "ra Hà Nội làm ...": a move only with a post named in full
                bare_title = title_at(toks, target[0]) >= target[1] - target[0]
                return None if bare_title else (j + 1, k, False)
            named = all(t.is_cap and t.is_word for t in toks[j + 1:k]) and not title_at(toks, j + 1)
            return (j + 1, k, True) if named or read_body(toks, j + 1, k) == k else None
    return None


def _a_place(toks: list[Tok], i: int, j: int) -> bool:
    """Whether toks[i:j] names a place (`Hà Nội`, `TP Hồ Chí Minh`), not an organisation."""
    start = i + place_types().match(toks, i)
    return start < j and is_place_name(" ".join(t.text for t in toks[start:j]))


def _nominated_between(toks: list[Tok], lo: int, k: int) -> bool:
    """`giới thiệu (để HĐND huyện) bầu` or `giới thiệu ứng cử` between the end of a move and the next
    marker: the post after it is one the person is put up for, not the post moved to."""
    nominates, elects = cues("nominates"), cues("nominated_to")
    for i in range(max(lo, k - 12), k):
        if nominates.match(toks, i, lower_only=True):
            return any(elects.match(toks, q, lower_only=True) for q in range(i + 1, k + 1))
    return False


MAX_NOMINATION_TOKENS = 20  # "giới thiệu để bầu bổ sung Ban Chấp hành, Ban Thường vụ, giữ chức"


def _nominated_elsewhere(text: str, toks: list[Tok], left: tuple[str, int], k: int,
                         target: tuple[int, int]) -> str | None:
    """The body of a post the person is put up for (`giới thiệu để bầu ... giữ chức X`) right after
    leaving another (`thôi giữ chức Y, ...`), both told as the decider's own acts, when X's body is
    not Y's unit: the body they are sent to, whose post only an election will give (the post itself is
    no `to_post`); else None. Left `để` another body elects them (`thôi giữ chức Y để Quốc hội giới
    thiệu, bầu ...`), the move waits for that election: None."""
    post_left, left_end = left
    nominates, elects = cues("nominates"), cues("nominated_to")
    lo = max(left_end, k - MAX_NOMINATION_TOKENS)
    put_up = next((i for i in range(lo, k) if nominates.match(toks, i, lower_only=True)), None)
    if put_up is None or not any(elects.match(toks, q, lower_only=True) for q in range(put_up + 1, k)):
        return None
    if any(t.low == "để" for t in toks[left_end:put_up]):
        return None  # "thôi giữ chức X để Quốc hội giới thiệu, bầu giữ chức Y": left for another body's election
    start, end = target
    head = title_at(toks, start)
    new_post = span_text(text, toks, start, end)
    if not head or start + head >= end or same_unit(post_left, new_post):
        return None  # "thôi giữ chức Phó Chủ tịch UBND huyện, giới thiệu bầu Chủ tịch UBND huyện": one unit
    return span_text(text, toks, start + head, end)


def _exit_before(toks: list[Tok], k: int) -> bool:
    """`thôi` right before a marker (`thôi giữ chức`, `thôi tham gia`): the post is left, not taken."""
    return k > 0 and toks[k - 1].low in cue_words("exit")


def _replaced(toks: list[Tok], mention: Mention) -> bool:
    """The person comes right after `thay`, `thay cho`, `thay thế`: the one replaced, whose own
    clause may follow (`thay cho ông B, nguyên Chủ tịch ..., được điều động giữ chức ...`)."""
    return replaced_at(toks, mention.i - honorific_ending_at(toks, mention.i)) is not None


def _post_replaced_in(text: str, toks: list[Tok], mention: Mention) -> tuple[str, int] | None:
    """The post told right before the `thay` that names the person replaced (`giữ chức Bí thư Huyện
    ủy X thay bà B`): the one B held and left, and where it ends."""
    cue = replaced_at(toks, mention.i - honorific_ending_at(toks, mention.i))
    span = post_replaced(toks, cue) if cue is not None else None
    return (span_text(text, toks, *span), cue) if span else None


def _successor(toks: list[Tok], ordered: list[Mention], after: int) -> Mention | None:
    """`Người kế nhiệm ông giữ chức X là Thượng tướng Y, <post>`: Y, who takes X. So too when the
    sentence names the one moved last (`_named_last`: `Người được UBND huyện điều động giữ chức X từ
    ngày 1/3 là thầy Y`)."""
    if not cues("successor").match(toks, 0) and not _named_last(toks):
        return None
    after = _past_start_date(toks, after)  # "giữ chức X | từ ngày 1/3/2023 | là ..."
    if after >= len(toks) or toks[after].low != "là":
        return None
    return next((m for m in ordered if m.i - honorific_ending_at(toks, m.i) == after + 1), None)


def _named_last(toks: list[Tok]) -> bool:
    """The sentence opens with the one moved, unnamed (`Người được UBND huyện điều động giữ chức X là
    thầy Y`: official_cues.tsv moved_one)."""
    return bool(cues("moved_one").match(toks, 0))


def _past_start_date(toks: list[Tok], k: int) -> int:
    """Past the date a post is held from, told right after it (`từ ngày 1/3/2023`, `kể từ tháng 7`),
    else k."""
    if k >= len(toks) or toks[k].low not in ("từ", "kể"):
        return k
    for q in range(k, min(len(toks), k + MAX_START_DATE)):
        if toks[q].low == "là":
            return q
        if not (toks[q].text[:1].isdigit() or toks[q].text in ("/", ".", "-") or toks[q].low in ("từ", "kể", "ngày", "tháng", "năm")):
            return k
    return k


MAX_TERM_TOKENS = 8  # "nhiệm kỳ 2020 - 2025": a term told between a post and `đối với`


def _concerned(toks: list[Tok], ordered: list[Mention], after: int) -> Mention | None:
    """The person a decision told before them concerns: `điều động, phân công giữ chức Bí thư Tỉnh
    ủy X nhiệm kỳ 2020 - 2025 đối với bà Y` moves Y."""
    concerning = cues("concerning")
    for k in range(after, min(len(toks), after + MAX_TERM_TOKENS)):
        n = concerning.match(toks, k, lower_only=True)
        if n:
            # "đối với đồng chí Thượng tướng Y": the pronoun and the rank both lead in to the name
            return next((m for m in ordered if m.i - honorifics_before(toks, m.i) == k + n), None)
    return None


def _is_headline(text: str, toks: list[Tok]) -> bool:
    """The sentence is the article's first line, with no full stop: a headline, which tells a new
    post without a verb (`Đồng chí A, Phó Trưởng ban Tổ chức Tỉnh ủy làm Bí thư Huyện ủy X`). In
    the body, `ông A, <post> làm Y` is a post held or a task, never read as a move by itself."""
    if not toks or toks[-1].text in (".", "!", "?", ";", ":") or not _alone_on_line(text, toks[0].start, toks[-1].end):
        return False
    i = toks[0].start  # the article's first line: only white space before it (scanned over white space alone)
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i == 0


def _is_item_line(text: str, toks: list[Tok], owner: Mention, marker: str, k: int) -> bool:
    """The sentence is a line of its own that opens with the person, their post set off by a dash,
    and the bare `làm` right after that post, before the new one: an item of a list of new posts (`Ông B –
    Giám đốc Sở X làm Giám đốc Sở Y.`), as a headline tells one. With a comma or `giữ chức` the same words may be a
    post held (`ông A, Giám đốc Sở X, làm việc ...` reads no post at all)."""
    if marker != "làm" or k != owner.after or not toks or not _alone_on_line(text, toks[0].start, toks[-1].end):
        return False
    opener = owner.i - honorifics_before(toks, owner.i)
    return opener == 0 and owner.j < len(toks) and toks[owner.j].text in DASHES \
        and bool(owner.posts) and owner.posts[0][0] == owner.j + 1 \
        and not cues("former_mark").match(toks, owner.j + 1)  # "Ông A – nguyên Giám đốc Sở X làm ...": retired


_ITEM_ENDS = (";", ".", ",")


def item_moves(art: Article, toks: list[Tok], mentions: list[Mention]) -> dict[int, tuple[Mention, OfficialMove]]:
    """A move told by an item of an open list of moves with no marker, its new post after a dash (`Danh
    sách cán bộ được luân chuyển: ⏎ - Ông A (<post held>) - <new post>;`, `điều động, phân công các đồng
    chí sau: ⏎ • Bà B, <post held> – <new post>;`): the list's verbs move the one person the item opens
    with. The post held in brackets, or set off by a comma and naming a unit apart from the new one (`Bí
    thư Đảng ủy - Chủ tịch HĐND xã X` is two posts of one commune, held together)."""
    if len(mentions) != 1 or art.moved_in < 0 or art.list_broken or art.sentence_no - art.moved_in > LIST_REACH:
        return {}
    (owner,) = mentions
    opener = _bullet_length(toks)
    if not owner.posts or not (opener or _alone_on_line(art.text, _past_item_number(art.text, toks[0].start),
                                                         toks[-1].end)):
        return {}
    end = len(toks) - (toks[-1].text in _ITEM_ENDS)
    if owner.i - honorifics_before(toks, owner.i) != opener:
        return _labelled_item_move(art, toks, owner, opener, end)
    held = owner.posts[0]
    if held[0] == owner.j + 1 and toks[owner.j].text == "(" and held[1] < end and toks[held[1]].text == ")":
        dash = held[1] + 1  # "Ông A (<post held>) - <new post>"
    elif held[0] == owner.j + 1 and toks[owner.j].text == "," and len(owner.posts) == 2:
        dash = held[1]  # "Bà B, <post held> – <new post>"
    else:
        return {}
    if dash + 1 >= end or toks[dash].text not in DASHES or not title_at(toks, dash + 1) \
            or read_post(toks, dash + 1, end) != end:
        return {}
    left, new = span_text(art.text, toks, *held), span_text(art.text, toks, dash + 1, end)
    if fold(left) == fold(new) or (toks[owner.j].text == "," and (same_unit(left, new) or unit_unnamed(left))):
        return {}  # the same post again; "Bí thư Đảng ủy - Chủ tịch HĐND xã X": two posts of one commune
    move = OfficialMove(posts=[new], kinds=set(art.move_kinds), first_marker=dash, left=left)
    return {id(owner): (owner, move)}


MAX_ITEM_NUMBER = 3  # digits of an item's number: "12."


def _past_item_number(text: str, start: int) -> int:
    """Where the line's item number opens when only one stands before text[start] on its line (`1. ` told
    apart as a sentence of its own), else `start`."""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    if i == 0 or text[i - 1] not in ".)":
        return start
    j = i - 1
    while j > 0 and i - 1 - j < MAX_ITEM_NUMBER and text[j - 1].isdigit():
        j -= 1
    return j if j < i - 1 else start


def _labelled_item_move(art: Article, toks: list[Tok], owner: Mention, opener: int,
                        end: int) -> dict[int, tuple[Mention, OfficialMove]]:
    """`- Giám đốc: ông A, nguyên <post held>.` under a heading of the list (`1. Sở Nội vụ:`): the bare
    title before the colon in the heading's unit is the new post, the one after the name the post held.
    A whole post as the label needs no heading, but a post held after the name (`1. Đại sứ Việt Nam tại
    Cộng hòa Chile, bà A, Tổng Lãnh sự tại Osaka.`, `- Phó Giám đốc Sở Y tế: bà B, Trưởng phòng ...`):
    without it the item names someone appointed, not where from."""
    label = owner.posts[0]
    if label[0] != opener or label[1] + 1 != owner.i - honorifics_before(toks, owner.i) \
            or toks[label[1]].text not in (":", ","):
        return {}
    bare = title_at(toks, opener) == label[1] - opener
    if bare and (art.heading is None or toks[label[1]].text != ":"):
        return {}
    unit = art.heading if bare else None
    new, left, kinds = span_text(art.text, toks, *label), None, set(art.move_kinds)
    if unit is not None:
        new = f"{new} {unit}"
    if len(owner.posts) > 1 and toks[owner.j].text == "," and owner.posts[1][0] == owner.j + 1:
        s, e = owner.posts[1]
        s += cues("former_mark").match(toks, s)  # "nguyên Phó Giám đốc Sở X": the post held until now
        left = span_text(art.text, toks, s, e) if s < e else None
        if left is not None and unit is not None and _of_own_unit(toks, e, end, unit):
            left = f"{left} {unit}"  # "Trưởng phòng Quản lý ngân sách của Sở": a division of the heading's unit
        elif left is not None and e != end:
            left = None
    if unit is None and left is None:
        return {}
    if left is not None and same_unit(left, new):
        kinds.discard("rotation")  # promoted inside the label's unit: an appointment there, no move
    move = OfficialMove(posts=[new], kinds=kinds, first_marker=label[0], left=left)
    return {id(owner): (owner, move)}


def _of_own_unit(toks: list[Tok], start: int, end: int, unit: str) -> bool:
    """toks[start:end] is `của`/`thuộc` and the kind of the heading's unit (`của Sở` under `Sở Tài chính:`)."""
    return end - start == 2 and toks[start].low in cue_words("own_unit_link") \
        and toks[start + 1].low == unit.split()[0].lower()


def _alone_on_line(text: str, start: int, end: int) -> bool:
    """Only white space between text[start:end] and the line breaks (or the text's ends) around it. Each
    side is scanned over white space only, so a text of one long line costs no more than its length."""
    i = start
    while i > 0 and text[i - 1] != "\n":
        if not text[i - 1].isspace():
            return False
        i -= 1
    j = end
    while j < len(text) and text[j] != "\n":
        if not text[j].isspace():
            return False
        j += 1
    return True


def _opens_with_decision(toks: list[Tok], owner: Mention) -> bool:
    """The sentence opens with the decision (`Theo Quyết định số 12/QĐ-UBND của Chủ tịch UBND tỉnh,`,
    `Thực hiện quyết định của Ban Thường vụ,`) and the person is named after its comma: the post
    told of them is the one the decision gives. Not `Theo kế hoạch,` (a plan) nor `Theo ông A,`."""
    n = cues("decision_opener").match(toks, 0)
    if not n:
        return False
    first = owner.i - honorifics_before(toks, owner.i)
    return any(t.text == "," for t in toks[n:first]) and toks[first - 1].text == ","


def _opens_with_passive(toks: list[Tok]) -> bool:
    """The sentence opens with a clause told of someone not yet named (`Khi được điều động về
    ...`, `Sau khi được luân chuyển ...`): its move belongs to the first person named after it."""
    n = cues("opener").match(toks, 0)
    # "Nhận quyết định luân chuyển về làm X, anh A ...": the decision A received
    if n and toks[n - 1].low == "được":
        return True
    m = cues("received_decision").match(toks, 0)
    # not a decision moving others: "Nhận quyết định điều động cán bộ về làm ..."
    return m > 0 and not any(toks[q].text.isdigit() or _move_objects().match(toks, q, lower_only=True)
                             for q in range(m, min(len(toks), m + 6)))


def _by_decision_after(toks: list[Tok], k: int) -> set[str]:
    """`... Chủ tịch UBND xã Tả Van theo quyết định luân chuyển của Huyện ủy`: the verb after."""
    n = cues("by_decision").match(toks, k)
    return _kinds(toks, k + n, min(len(toks), k + n + 6)) if n else set()
