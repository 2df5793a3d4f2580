"""Reading one sentence: its mentions, the moves they make, and what they change in the article.

`read_sentence` finds the sentence's mentions (names, aliases, pronouns), the posts of groups,
the moves its markers tell (`moves`), and applies each to its person (`_apply_move`: the new
posts completed by the body the move names, the post left, whether it is a rotation, the date
and deciding body). Without a marker a sentence may still tell a move: a successor named after
the person they replace (`Thay bà A là ông B, ...`), two people swapping posts, a person
introduced as a rotated cadre (`là một trong 36 cán bộ được luân chuyển`), received by a unit
(`UBND tỉnh tiếp nhận đồng chí X`), or rotated to a level (`X, ..., được luân chuyển về xã`).

Entry point: `read_sentence(art, sentence)`.
"""

from __future__ import annotations

from functools import lru_cache

from extractors.base import data_table
from extractors.biography import is_party_rank, sighting
from extractors.names import capital_runs, honorifics_before
from extractors.officials.language import _VERB_KIND, MAX_REACH, _kinds, _verbs, fold, tells_new_post
from extractors.officials.lists import _group_posts, _maybe_end_list
from extractors.officials.mentions import (
    _alias_mentions, _line_continued_mention, _pronoun_mentions, held_post_cue, name_mentions,
    opens_with_time_before, vacated_by_successor,
)
from extractors.officials.moves import (
    OfficialMove, _moves, _trip_purposes, annulled_decision_end, item_moves, verbs_moving,
)
from extractors.officials.people import Article, Mention, Person, vacated_post
from extractors.officials.posts_moved import _date, _decided_by, _from_post, _year
from extractors.posts import (
    Lexicon, agency_head_made_its_leader, bare_place_named_apart, board_of_own_enterprise, board_of_own_institution,
    bodies, completed_by, cue_words, cues, head_title_alone, first_in_shared_unit, honorific_ending_at, in_body,
    in_elected_body, kept_by_merger, kept_in_merged_unit, kept_in_stated_merger, lexicon, moved_between,
    party_bloc_of_same_place, place_leader_heads_its_government,
    party_organ_of_own_unit, party_title_alone, places_named, promoted_from_bare_deputy, promoted_from_one_held,
    promoted_in_place, read_body, read_post, same_unit, seat_on_own_place_committee, span_text, spelled_alike, title_at,
    unit_apart_head_made_leader, unit_parts, unit_unnamed, with_abbreviation_told, without_new_mark,
)
from extractors.tokens import Tok, tokenize


def _replacement(art: Article, toks: list[Tok], sentence: tuple[int, int], mentions: list[Mention]) -> None:
    """`Thay (vị trí) bà Hoàng là ông Y, <post>`: Y takes the post Hoàng left (a rotation when Y
    comes from another unit); so too `Người thay ông Khải ở cương vị Giám đốc Sở là ông Y`, the post
    named as Khải's, told in full where it was named before."""
    opener = int(bool(toks) and toks[0].low == "người")  # "Người thay ông A ...": the one who replaces A
    if len(mentions) < 2 or len(toks) <= opener or toks[opener].low not in cues("replaces").by_first:
        return  # settles nearly every sentence
    n = cues("replaces").match(toks, opener)
    if not n:
        return
    replaced, successor = mentions[0], mentions[1]
    start = successor.i - honorific_ending_at(toks, successor.i)
    if replaced.i - honorific_ending_at(toks, replaced.i) > opener + n + 2 or replaced.after >= start \
            or toks[start - 1].low != "là":
        return
    vacated = vacated_post(replaced.person)
    if replaced.after < start - 1:
        # "ở cương vị Giám đốc Sở": the post the replaced one left, named between them
        stated = _seat_named(art.text, toks, replaced.after, start - 1)
        if stated is None:
            return
        vacated = vacated if vacated is not None and fold(vacated).startswith(fold(stated)) else stated
    if vacated is None or successor.person.rotated:
        return
    # the post told after the successor's name is the one they leave ("là ông Y, Phó Bí thư Huyện ủy X"), not
    # the one named before it, which is the post they take
    after = [post for post in successor.posts if post[0] >= successor.j]
    left = span_text(art.text, toks, *after[0]) if after else None
    move = OfficialMove(posts=[vacated], kinds={"appoint"}, first_marker=successor.i, left=left)
    _apply_move(art, toks, sentence, successor, move)


def _seat_named(text: str, toks: list[Tok], start: int, end: int) -> str | None:
    """The post toks[start:end] names after `ở|trên cương vị`, `ở vị trí` (official_cues.tsv `seat_of`), and
    nothing else; None when they are anything else."""
    n = cues("seat_of").match(toks, start, lower_only=True)
    if not n or read_post(toks, start + n, end) != end or start + n == end:
        return None
    return span_text(text, toks, start + n, end)


def _apply_move(art: Article, toks: list[Tok], sentence: tuple[int, int], mention: Mention, move: OfficialMove) -> None:
    """Write what `move` (the markers read for `mention` in this sentence) says into the person's record.

    The new posts are completed by the body the move names (or the unit that receives them);
    the post left is the one the move names, else the one held before. It is a move (rotated)
    when a rotating verb or motion word tells it, or an appointment lands outside the unit of
    the post left; not when it is a promotion in place (`promoted_in_place`, `head_title_alone`)
    or the person was told in that unit before (`_told_in_unit_before`). A person already moved has their targets refined, unless this is
    the news after a past move; an appointment that is no move is kept as `pending`, which a
    later move with no post of its own goes to."""
    person = mention.person
    from_post = move.left or _from_post(art, toks, mention, move.first_marker, tuple(move.posts))
    # the new posts, each completed by the body the move names ("đến nhận công tác tại Sở Tư pháp và bổ
    # nhiệm giữ chức Phó giám đốc"; "luân chuyển về xã Cô Ba giữ chức Chủ tịch UBND xã"); the body
    # itself only when no post is told
    posts = [completed_by(post, move.bodies[0]) for post in move.posts] if move.bodies else move.posts
    posts = [without_new_mark(post) for post in posts]  # "bổ nhiệm tân Giám đốc Sở X": the post is "Giám đốc Sở X"
    if posts and not move.bodies and (receiver := _receiving_unit(art, toks, mention)):
        posts = [completed_by(post, receiver) for post in posts]  # "Trạm Y tế xã X đón bác sĩ A, ..., về làm Trạm trưởng"
    # "thôi chức vụ Chi cục trưởng Chi cục X đối với ông A và điều ông B về làm Chi cục trưởng": that Chi cục
    posts = [_in_unit_named_before(art, toks, post, move.first_marker) for post in posts]
    if posts and sentence[1] >= art.text_end and toks and toks[-1].text[-1] not in _FINISHED:
        # "... giữ chức Phó Tư lệnh kiêm Tham mưu trưởng Qu" at a page's end: a post told before, cut short
        posts = [_told_before_in_full(person, post) for post in posts]
    targets = posts or move.bodies
    told_moved = bool(move.kinds & {"rotation", "swap"} or move.motion)  # a move verb or a motion, not an appointment alone
    if told_moved and posts and move.left is None and not mention.posts and from_post is not None \
            and person.holds(from_post) and _holds_already(person, posts[0]):
        # "A, Phó Giám đốc Sở X, được bổ nhiệm Giám đốc Sở. ... Tháng 9/2015 ông được điều động về làm Phó
        # Giám đốc Sở X": the move that brought A to the post held; the posts known came after it
        from_post = None
    # the post left as told with the abbreviation of its body ("Phó Giám đốc Sở Thông tin và Truyền thông
    # (TT&TT) giữ chức Giám đốc Sở TT&TT"), for telling whether the new post is in that body
    from_told = with_abbreviation_told(art.text[sentence[0]:sentence[1]], from_post) if from_post else from_post
    parent = _bracketed_parent(art, toks, mention) if from_post is not None and move.left is None else None
    if parent is not None and from_told.endswith(span_text(art.text, toks, *mention.posts[-1])):
        from_told = f"{from_told} {parent}"  # "Trưởng khoa Ngoại (Bệnh viện X)": a division of Bệnh viện X
    else:
        parent = None
    first = first_in_shared_unit(targets)  # "giữ chức Phó Chỉ huy trưởng, Tham mưu trưởng Bộ CHQS tỉnh X"
    rotated = told_moved or (
        "appoint" in move.kinds and from_post is not None
        # a rank told as the post held (`chỉ định ông A, Ủy viên Trung ương Đảng, làm Bí thư Tỉnh ủy X`) names
        # no unit the person leaves
        and not is_party_rank(from_post)
        and (not same_unit(from_told, first) or unit_apart_head_made_leader(from_post, first))
        and not kept_by_merger(from_post, first)
        and not (parent is not None and in_body(first, parent))) or (
        # "được Bộ Chính trị phân công làm Bí thư Thành ủy X": assigned to a post, no post held told
        "assign" in move.kinds and from_post is None and bool(posts))

    def named_apart() -> bool:
        # "HĐND tỉnh A miễn nhiệm chức vụ Chủ tịch UBND tỉnh đối với ông X. Ông X ... giữ chức ... tỉnh B": two
        # provinces (asked only where it decides: not rotated yet, or rotated but seemingly promoted in place)
        return from_post is not None and bool(posts) and not person.rotated and bare_place_named_apart(
            from_post, posts[0], lambda word: places_named(art.text, *_told_before_new(
                art, toks, sentence, person.sentence, move.first_marker), word))

    if not rotated and "appoint" in move.kinds and named_apart():
        rotated = True
    if rotated and not told_moved and from_post is not None and posts \
            and _told_in_unit_before(person, from_post, posts[0]):
        rotated = False  # "Cục trưởng Cục X, Bộ Y, được bổ nhiệm Thứ trưởng Bộ Y. ... bổ nhiệm Cục trưởng Cục X giữ chức ..."
    if rotated and told_moved and not move.motion and {"rotation", "appoint"} <= move.kinds and mention.posts \
            and from_post is not None and posts and _told_as_reassigned(art, sentence) and _named_in_one_unit(from_told, first) \
            and not agency_head_made_its_leader(_past_rank(from_post), posts[0]):
        # "điều động, bổ nhiệm ông A, Trưởng phòng X, giữ chức Phó Giám đốc Sở": inside one unit (heldout10); but
        # an agency's head made its ministry's leader so is moved (heldout9: "Cục trưởng Cục X, Bộ Y" -> "Thứ trưởng Bộ Y")
        rotated = False
    if rotated and from_post is not None and posts and promoted_in_place(from_told, first_in_shared_unit(posts)) \
            and not named_apart():
        rotated = False  # "Phó Giám đốc Sở X ... được điều động, bổ nhiệm giữ chức Giám đốc Sở X": promoted in place
    if rotated and not told_moved and posts and in_elected_body(posts[0]) and _front_choice_before(toks, move.first_marker):
        rotated = False  # "ông A, Phó Bí thư Huyện ủy, được cử giữ chức Phó Chủ tịch Ủy ban MTTQ tỉnh": chosen there
    if rotated and from_post is not None and posts and kept_in_merged_unit(from_told, posts[0]):
        rotated = False  # "điều động, bổ nhiệm ông A, Giám đốc Đài X, giữ chức Giám đốc Báo và Đài X": the merger kept A
    if rotated and from_post is not None and posts and kept_in_stated_merger(from_post, posts[0], art.mergers()):
        rotated = False  # "Phường B được thành lập trên cơ sở sáp nhập phường A, ... Ông X, Chủ tịch UBND phường A, giữ chức Chủ tịch UBND phường B"
    if rotated and posts and promoted_from_one_held(_held_told(art, toks, mention, posts), posts[0]):
        rotated = False  # "A, Ủy viên Trung ương Đảng, Phó Bí thư Thành ủy, Chủ tịch UBND TP X nay giữ chức Bí thư Thành ủy TP X"
    if rotated and not told_moved and posts and promoted_from_bare_deputy(_held_told(art, toks, mention, posts), posts[0]):
        rotated = False  # "bổ nhiệm Thiếu tá A, Ủy viên Ban Thường vụ, Phó Chính ủy giữ chức Chính ủy Lữ đoàn X"
    if rotated and not told_moved and from_post is not None and posts and (
            party_bloc_of_same_place(from_post, posts[0]) or seat_on_own_place_committee(from_post, posts[0])
            or place_leader_heads_its_government(from_post, posts[0])):
        # "chỉ định đồng chí A, Phó Chủ tịch HĐND huyện giữ chức Bí thư Đảng ủy Khối Chính quyền", "chỉ định
        # đồng chí B, Trưởng phòng X TP làm Ủy viên Ban Chấp hành Đảng bộ TP Y": held alongside; "chỉ định ông C,
        # Phó Bí thư Thành ủy X, giữ chức Chủ tịch UBND TP X": the place's leadership shared out
        rotated = False
    if rotated and not told_moved and from_post is not None and posts and party_title_alone(posts[0]):
        # "Trung ương chỉ định 4 Phó bí thư là bà A (Chủ tịch Ủy ban MTTQ tỉnh), ...": a designation naming no
        # committee seats A on the one of the place A works in, held alongside
        rotated = False
    if rotated and not told_moved and posts and art.founds_party_organ() and _bare_party_post(posts[0]):
        rotated = False  # "thành lập Đảng bộ Sở X ... A, Giám đốc Sở, được chỉ định làm Bí thư Đảng ủy": held alongside
    if rotated and not told_moved and from_post is not None and posts \
            and agency_head_made_its_leader(_past_rank(from_post), posts[0]):
        rotated = False  # "bổ nhiệm ông A, Tổng cục trưởng Tổng cục X, giữ chức Thứ trưởng Bộ Y": inside Bộ Y
    if rotated and not told_moved and from_post is not None and posts \
            and head_title_alone(from_post, posts[0]):
        rotated = False  # "bổ nhiệm ông A - phó chánh văn phòng Sở X - giữ chức chánh văn phòng": promoted there
    if rotated and not told_moved and from_post is not None and posts \
            and (board_of_own_enterprise(from_post, posts[0]) or board_of_own_enterprise(posts[0], from_post)
                 or party_organ_of_own_unit(from_post, posts[0]) or board_of_own_institution(from_post, posts[0])):
        # "bổ nhiệm ông A, Phó Tổng giám đốc Tập đoàn X, giữ chức Chủ tịch Hội đồng thành viên", and the
        # biography after it ("Từ năm N, ông được bổ nhiệm Phó Tổng giám đốc Tập đoàn X"): one enterprise;
        # "chỉ định ông A, Giám đốc Học viện X, giữ chức Bí thư Đảng ủy Học viện": that institution's Party organ;
        # "công nhận ông A, Bí thư Đảng ủy, giữ chức Chủ tịch Hội đồng trường": that school's council
        rotated = False
    if rotated and person.pending and not person.rotated and not mention.posts and posts \
            and not told_moved \
            and from_post is not None and fold(from_post) == fold(person.pending) != fold(posts[0]):
        # the news first ("được phân công làm Bí thư Thành ủy X"), then a biography's appointment that
        # only the news post would make a move ("Sau đó, ông được phê chuẩn làm Bộ trưởng Y"): Y came
        # before X, the news move is to X
        person.add_posts(posts)
        person.rotated, person.to_post, person.from_post = True, person.pending, ", ".join(posts)
        person.targets = [person.pending]
        return
    person.add_posts(posts)
    past = _told_as_past(toks, move.first_marker)
    if person.rotated and person.past_move and not past and rotated and targets:
        # "A từng được luân chuyển làm X năm N. Nay ông được điều động giữ chức Y": the news is Y
        person.past_move, person.from_post, person.targets = False, from_post, list(targets)
        person.to_post, person.to_body = ", ".join(targets), not posts
        person.date, person.move_year = _date(art, sentence), _year(art, sentence)
        return
    year = _year(art, sentence)
    if person.rotated and rotated and targets and year is not None and person.move_year is not None \
            and year > person.move_year:
        # a biography's steps in turn ("Tháng 12-2011 ông được điều chuyển về làm X. Tháng 1-2018 ông về làm
        # Y"): the later step is the move to the post held now, from the one before
        person.from_post = move.left or (from_post if mention.posts else None) or person.to_post
        person.targets, person.to_post, person.to_body = list(targets), ", ".join(targets), not posts
        person.date, person.move_year = _date(art, sentence), year
        return
    if person.rotated and person.to_body and rotated and not posts and move.bodies and not past \
            and not _step_dated(art, sentence) and person.move_year is None \
            and not any(fold(target).startswith(fold(move.bodies[0])) for target in person.targets):
        # "điều động ông A ... đến công tác tại Tỉnh ủy. Sau đó, ... tiếp nhận và điều động ông A đến công tác
        # tại Cơ quan Hội Nông dân tỉnh": moved on from the body first named, the later one is where A goes;
        # not the same body told again cut short ("tham gia Ban Chấp hành, Ban Thường vụ Tỉnh ủy X" and later
        # "tham gia Ban Chấp hành, Ban Thường vụ")
        person.targets, person.to_post = list(move.bodies), ", ".join(move.bodies)
        return
    if person.rotated:
        # "được điều động về huyện X. Ông A được phân công giữ chức Phó Bí thư Huyện ủy": in that body
        bare = len(person.targets) == 1 and unit_unnamed(person.targets[0]) and not person.to_body
        person.refine_targets(posts, body_told=bool(move.bodies))
        if bare and not rotated and posts and person.from_post is not None \
                and same_unit(person.from_post, person.to_post or ""):
            # "A, Giám đốc Sở X, xuống làm Phó Giám đốc", then "... bổ nhiệm giữ chức phó giám đốc sở này": the
            # bare title was in the unit A is in, no move
            person.annul_move()
        return
    if not rotated:
        if "appoint" in move.kinds and posts:
            person.pending = person.pending or ", ".join(posts)
            if from_post is not None and person.in_unit is None and same_unit(from_post, posts[0]):
                person.in_unit = (from_post, posts[0])
        return
    if not posts and person.pending:
        targets = [person.pending]  # "phân công bà X giữ chức Y. ... điều động ... bà X tham gia Ban Chấp hành"
    person.rotated, person.from_post, person.targets = True, from_post, list(targets)
    person.to_post = ", ".join(targets)
    person.to_body = not posts and not person.pending
    person.past_move = past
    person.date, person.move_year = _date(art, sentence), year
    person.decided_by = _decided_by(art, toks, move.first_marker) or move.decider_after


def _step_dated(art: Article, sentence: tuple[int, int]) -> bool:
    """Whether the sentence is dated as a biography's step is, by a month or a year (`Tháng 9/2015`, `Năm
    2013`), not by a day (`ngày 1.3.2025`: news)."""
    date = _date(art, sentence)
    return date is not None and not date.lower().startswith("ngày")


def _told_before_new(art: Article, toks: list[Tok], sentence: tuple[int, int], first: tuple[int, int],
                     marker: int) -> tuple[int, int]:
    """Where the old post's place may be named: the sentence that first named the person, up to the
    new post when it is this one (`BĐBP tỉnh Hà Giang chia tay Đại tá A, Phó Chỉ huy trưởng BĐBP tỉnh,
    nhận nhiệm vụ mới là ... tỉnh Cao Bằng`: the new post names its own place)."""
    return (sentence[0], toks[marker].start) if first == sentence else first


MAX_HELD_POSTS = 8  # the posts a person is introduced with, and a few more: a biography's first steps


def _holds_already(person: Person, new: str) -> bool:
    """Whether a post told before as held (not the appointment awaiting its move, `pending`) is the new
    post, or begins it (`Phó Giám đốc Sở Khoa học` told short, `... Sở Khoa học và Công nghệ`); a bare
    title (`Phó Giám đốc`) names no unit, so it begins many posts and tells nothing."""
    folded = fold(new)
    pending = fold(person.pending) if person.pending else None
    return any(folded.startswith(held) and folded[len(held):len(held) + 1] in ("", " ", ",") and held != pending
               and unit_parts(post)[1] for post in person.posts[:MAX_HELD_POSTS] if (held := fold(post)))


def _bare_party_post(post: str) -> bool:
    """A Party committee's post naming no committee but the bare one (`Bí thư Đảng ủy`, `Phó Bí thư`,
    `Bí thư Chi bộ`): in an article telling a Party organ founded, that organ's seat."""
    toks = tokenize(post)
    n = title_at(toks, 0)
    rest = " ".join(t.low for t in toks[n:])
    return " ".join(t.low for t in toks[:n]) in cue_words("party_committee_title") \
        and (not rest or rest in cue_words("bare_party_committee"))


def _named_in_one_unit(from_post: str, to_post: str) -> bool:
    """Whether the new post is in the unit of the old one, told by the same name (one holds the other's
    organisation: `Trưởng phòng Tổ chức Sở Y tế` -> `Phó Giám đốc Sở Y tế`), or the old post names no unit:
    stricter than `same_unit`, which lets a place named on one side only (`quận 7`, `quận 1`) pass. A unit
    named by its kind alone with the very title held (`Giám đốc Trung tâm Y tế huyện X` -> `Giám đốc Trung
    tâm`) is another unit of that kind: no one is appointed to the post they hold."""
    from_post, to_post = spelled_alike(from_post, to_post)  # "Vụ Hợp tác quốc tế", "Vụ HTQT": one name
    old, new = unit_parts(from_post)[1], unit_parts(to_post)[1]
    if new in cue_words("unit_kind") and _title_of(from_post) == _title_of(to_post):
        return False
    return same_unit(from_post, to_post) and (not old or (bool(new) and (new in old or old in new)))


def _title_of(post: str) -> str:
    """A post's title, folded (`Giám đốc Trung tâm Y tế` -> `giám đốc`)."""
    toks = tokenize(post)
    return " ".join(t.low for t in toks[:title_at(toks, 0)])


def _told_as_reassigned(art: Article, sentence: tuple[int, int]) -> bool:
    """Whether the sentence's only verb of moving is `điều động` beside an appointment (`điều động, bổ
    nhiệm`), none that moves by itself (`moves_by_itself` in official_cues.tsv: `luân chuyển`, `biệt
    phái`): within one unit it reassigns, it moves no one (the heldout10 precedent)."""
    text = art.text[sentence[0]:sentence[1]].lower()
    return "điều động" in text and not any(verb in text for verb in cue_words("moves_by_itself"))


def _held_told(art: Article, toks: list[Tok], mention: Mention, new: list[str]) -> list[str]:
    """The posts told with the mention that are not among the `new` ones: those the person held."""
    folded_new = {fold(post) for post in new}
    return [text for s, e in mention.posts if fold(text := span_text(art.text, toks, s, e)) not in folded_new]


def _told_in_unit_before(person: Person, from_post: str, new: str) -> bool:
    """The same appointment read before as inside one unit, its old post told whole there and cut
    short here (`Cục trưởng Cục X, Bộ Y` then `Cục trưởng Cục X`), to the same new post."""
    if person.in_unit is None:
        return False
    whole, to = map(fold, person.in_unit)
    short = fold(from_post)
    return fold(new) == to and whole != short and whole.startswith(short + ",")


MAX_RECEIVER_TOKENS = 10  # a unit with its level and place ("Trung tâm Y tế huyện Z") runs to about seven


def _kind_pointed_back(toks: list[Tok], post_toks: list[Tok]) -> tuple[str, ...] | None:
    """The kind of unit a post ends with when `này` follows it in the sentence (`giữ chức Phó Cục trưởng
    Cục này`): the unit named before, of that kind; else None."""
    n = title_at(post_toks, 0)
    kind = tuple(t.low for t in post_toks[n:])
    if not n or " ".join(kind) not in cue_words("unit_kind"):
        return None
    words = [t.low for t in post_toks]
    return kind if any([t.low for t in toks[k:k + len(words)]] == words and k + len(words) < len(toks)
                       and toks[k + len(words)].low == "này" for k in range(len(toks))) else None


@lru_cache(maxsize=1)
def _kind_titles() -> dict[str, tuple[str, ...]]:
    """`official_kind_titles.tsv`: a title naming the kind of unit it heads (lower case) -> that kind's words."""
    return {row[0].lower(): tuple(row[1].lower().split()) for row in data_table("official_kind_titles.tsv")
            if len(row) > 1}


MAX_PARENT_TOKENS = 12  # a body named in brackets after the posts held: "(Bệnh viện Trung ương Huế)"


def _bracketed_parent(art: Article, toks: list[Tok], mention: Mention) -> str | None:
    """The body in brackets right after the posts told with the person (`Trưởng khoa X (Bệnh viện Y)`):
    the unit those posts are in; None when there is none."""
    if not mention.posts:
        return None
    end = mention.posts[-1][1]
    if end >= len(toks) or toks[end].text != "(":
        return None
    close = next((k for k in range(end + 1, min(len(toks), end + MAX_PARENT_TOKENS)) if toks[k].text == ")"), None)
    if close is None or close == end + 1 or read_body(toks, end + 1, close) != close:
        return None
    return span_text(art.text, toks, end + 1, close)


def _in_unit_named_before(art: Article, toks: list[Tok], post: str, before: int) -> str:
    """A bare title that names the kind of unit it heads (`Chi cục trưởng`, `Đội phó`), or a post whose
    unit is only its kind pointed back to (`Phó Cục trưởng Cục | này`), completed by the last unit of
    that kind the sentence names before toks[before] (`Chi cục Kiểm lâm`, `Cục Quản lý xây dựng`); else
    the post."""
    post_toks = tokenize(post)
    kind = _kind_titles().get(" ".join(t.low for t in post_toks)) or _kind_pointed_back(toks, post_toks)
    if kind is None:
        return post
    # "Phó Cục trưởng Cục (này)": the kind told again after the title, left for the unit's full name
    title = span_text(post, post_toks, 0, len(post_toks) - len(kind)) \
        if kind == tuple(t.low for t in post_toks[-len(kind):]) else post
    n = len(kind)
    concerning = cues("concerning")
    for i in range(before - n, -1, -1):
        # the unit itself, not another title of its kind ("Chi cục trưởng" given to someone before)
        if toks[i].is_cap and tuple(t.low for t in toks[i:i + n]) == kind and not title_at(toks, i):
            end = read_body(toks, i, before)
            # "Chi cục X đối với ông A": the unit ends where the person it concerns is introduced
            end = next((k for k in range(i + n, end) if concerning.match(toks, k, lower_only=True)), end)
            if end > i + n:
                return completed_by(title, span_text(art.text, toks, i, end))
    return post


def _receiving_unit(art: Article, toks: list[Tok], mention: Mention) -> str | None:
    """The unit the sentence opens with when it welcomes the person moved (`Trạm Y tế xã X đón BS A,
    <post>, được điều động về làm Trạm trưởng`), or names as the place of its news (`Tại Bộ Nội vụ, ông A
    ... được bổ nhiệm giữ chức Thứ trưởng thường trực`): the unit their bare new title is in, else None."""
    if not toks or not toks[0].is_cap:
        return None
    if toks[0].low == "tại" and (comma := next((c for c in range(2, min(len(toks), MAX_RECEIVER_TOKENS + 2))
                                                if toks[c].text == ","), None)) is not None:
        # "Tại Bộ Nội vụ, ...": a body and nothing else before the comma, before the person
        return span_text(art.text, toks, 1, comma) if comma < mention.i and bodies().match(toks, 1) \
            and read_body(toks, 1, comma) == comma else None
    welcomes = cues("welcomes")
    end = next((w for w in range(1, min(mention.i, MAX_RECEIVER_TOKENS + 1)) if welcomes.match(toks, w)), None)
    if end is None or not all(t.is_word for t in toks[:end]) or not toks[end - 1].is_cap:
        return None
    return span_text(art.text, toks, 0, end)


MAX_PAST_REACH = 6  # tokens from `từng` to the marker: "từng được Ban Thường vụ luân chuyển làm"


def _told_as_past(toks: list[Tok], marker: int) -> bool:
    """`từng` (once) shortly before a move's marker: a move of the person's past, not the news."""
    return any(t.low == "từng" for t in toks[max(0, marker - MAX_PAST_REACH):marker])


MAX_ONE_OF = 8  # tokens from `là một trong` to the passive rotation verb: "36 cán bộ được Trung ương luân chuyển"


def _one_of_rotated(toks: list[Tok], mention: Mention) -> bool:
    """`X(, <post>,) là một trong 36 cán bộ được Trung ương luân chuyển về ...`: one of the rotated."""
    k = mention.after + (mention.after < len(toks) and toks[mention.after].text == ",")
    if k >= len(toks) or toks[k].low not in cues("one_of").by_first:
        return False  # a dict look-up settles nearly every person
    n = cues("one_of").match(toks, k, lower_only=True)
    if not n:
        return False
    for m in range(k + n, min(len(toks) - 1, k + n + MAX_ONE_OF)):
        if toks[m].low == "được":
            kinds = _kinds(toks, m + 1, min(len(toks), m + 5))
            return "rotation" in kinds and not kinds & {"plan", "stay"}
    return False


def _introduced_as_rotated(toks: list[Tok], mention: Mention) -> bool:
    """`Là cán bộ được luân chuyển ..., Bí thư ... X` or `X, Bí thư ..., cán bộ được luân chuyển về ...`."""
    if _one_of_rotated(toks, mention):
        return True
    if not mention.posts:
        return False
    first = min(s for s, _ in mention.posts + [(mention.i, 0)])
    opener = cues("opener").match(toks, mention.floor)
    if opener and first > 0 and toks[first - 1].text == "," and first - mention.floor <= MAX_REACH \
            and "rotation" in _kinds(toks, mention.floor, first):
        return True
    k = _past_aside(toks, mention.after)
    if k < len(toks) and toks[k].text == "," and not _reported(toks, mention):
        n = cues("apposition").match(toks, k + 1)
        if n and "rotation" in _kinds(toks, k + 1 + n, min(len(toks), k + 1 + n + 3)):
            closed = any(t.text == "," for t in toks[k + 1 + n:k + 1 + n + MAX_REACH])
            return closed or toks[k + 1].low == "là"
    if k < len(toks) and toks[k].low == "là" and first < mention.i and not _reported(toks, mention):
        # "Bí thư Đảng ủy xã X Nguyễn Văn A (bìa trái) là cán bộ vừa được luân chuyển từ ...": the post named
        # before the person, then what the person is
        n = cues("apposition").match(toks, k, lower_only=True)
        v = k + n
        while v < len(toks) and toks[v].low in cue_words("recently"):
            v += 1
        if not n or v >= len(toks) or toks[v].low != "được":
            return False  # "... là cán bộ phụ trách luân chuyển", "... là người đề xuất luân chuyển": not moved
        kinds = _kinds(toks, v + 1, min(len(toks), v + 5))
        return "rotation" in kinds and not kinds & {"plan", "stay"}
    return False


MAX_ASIDE = 12  # tokens in a bracketed aside after a name: "(thứ 2 từ trái sang)"


def _past_aside(toks: list[Tok], k: int) -> int:
    """The token after a short bracketed aside at toks[k] (`(thứ 2 từ trái sang)`, `(SN 1980)`), else k."""
    if k < len(toks) and toks[k].text == "(":
        close = next((c for c in range(k + 1, min(len(toks), k + MAX_ASIDE)) if toks[c].text == ")"), None)
        if close is not None:
            return close + 1
    return k


def _handover_moved(art: Article, toks: list[Tok], mention: Mention) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """A handover between the person who leaves and the one who comes (`bàn giao nhiệm vụ Bí thư Tỉnh ủy
    giữa đồng chí A – Phó Bí thư Thành ủy Y, nguyên Bí thư Tỉnh ủy X và đồng chí B – Bí thư Tỉnh ủy X`):
    A is named with the post held now and the one left (`nguyên`, `cựu`: `former_mark` in official_cues.tsv),
    in another unit, so A has moved. Returns (the post held now, the post left without `nguyên`), else None.
    Outside a handover, `<post>, nguyên <post>` is only a career told."""
    if not any(toks[k].low == "bàn" and toks[k + 1].low == "giao" for k in range(0, mention.i - 1)):
        return None  # nearly every person
    former = cue_words("former_mark")
    now = next(((s, e) for s, e in mention.posts if s > mention.i and toks[s].low not in former), None)
    left = next(((s, e) for s, e in mention.posts if now and s > now[0] and toks[s].low in former and e > s + 1), None)
    if now is None or left is None:
        return None
    old, new = span_text(art.text, toks, left[0] + 1, left[1]), span_text(art.text, toks, *now)
    if not moved_between(old, new) or same_unit(new, old):
        return None
    return now, (left[0] + 1, left[1])


def _new_in_post(toks: list[Tok], mention: Mention) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """`Tân Bí thư Huyện ủy X A (sinh năm ...), trước khi được điều động(, ông) là <post>`, `tân <post> A
    phát biểu sau khi nhận quyết định điều động từ vị trí <post>`, `A, tân <post>, cảm ơn ... khi luân
    chuyển đồng chí từ Sở Y về huyện`: the post named new around the person is the one the move gave.
    Returns (new post without `Tân`, the post held before or None), else None."""
    new = next(((s, e) for s, e in mention.posts if toks[s].low == "tân" and e > s + 1), None) \
        or next(((s - 1, e) for s, e in mention.posts if s > 0 and toks[s - 1].low == "tân"), None)  # ", tân <post>,"
    if new is None:
        return None
    until = cues("until_moved")
    for q in range(mention.after, len(toks) - 2):
        if n := until.match(toks, q):
            kinds = _kinds(toks, q + n, min(len(toks), q + n + 4))
            if "rotation" not in kinds or kinds & {"plan", "stay"}:
                return None
            for c in range(q + n + 1, min(len(toks) - 1, q + 10)):
                if toks[c].low == "là":
                    end = read_post(toks, c + 1, len(toks))
                    return (new[0] + 1, new[1]), ((c + 1, end) if end > c + 1 else None)
            return (new[0] + 1, new[1]), None
        if toks[q].low == "khi" and (moved_at := _moved_since(toks, q + 1)):
            return (new[0] + 1, new[1]), _from_after(toks, moved_at)
        if toks[q].low == "được" and _moved_right_after(toks, mention, q):
            # "Tân Giám đốc Sở X A vốn là <post>, vừa được UBND tỉnh điều động, bổ nhiệm": the move made the post new
            return (new[0] + 1, new[1]), _held_before_after(toks, mention.after)
    return None


def _moved_right_after(toks: list[Tok], mention: Mention, k: int) -> bool:
    """The person is the one moved by the passive at toks[k] (`được`, then the deciding body, then a
    rotation verb): only auxiliaries, commas and the post held before (`vốn là <post>,`) between them.
    Not `... cảm ơn các cán bộ được điều động`, whose cadres move; not `từng được điều động`, a past move,
    nor `sẽ được điều động`, a plan."""
    held = _held_before_after(toks, mention.after)
    gap = [q for q in range(mention.after, k) if not (held and held[0] - 2 <= q < held[1])]
    if any(toks[q].text != "," and toks[q].low not in cue_words("auxiliary") for q in gap) \
            or any(toks[q].low == "từng" or toks[q].low in cue_words("future") for q in gap):
        return False
    v = read_body(toks, k + 1, len(toks))
    n = _verbs().match(toks, v, lower_only=True) if v < len(toks) else 0
    return bool(n) and _VERB_KIND[" ".join(t.low for t in toks[v:v + n])] == "rotation"


def _new_named_after(art: Article, toks: list[Tok], mention: Mention) -> tuple[int, int] | None:
    """`Tân Chánh Văn phòng Ngân hàng X là ông A, Phó Tổng giám đốc Ngân hàng Y`: the sentence opens
    with the new post, then names who holds it now with the post they came from, in another unit;
    the new post's span. A post in the same unit (`Tân Giám đốc Sở X là ông A, Phó Giám đốc Sở
    X`) is a promotion in place, no move."""
    if not mention.posts or len(toks) < 4 or toks[0].low != "tân":  # 4: "Tân <title> là <name>" at the least
        return None
    end = read_post(toks, 1, mention.i)
    first = mention.i - honorifics_before(toks, mention.i)
    if end == 1 or end >= len(toks) or toks[end].low != "là" or first != end + 1:
        return None
    new, held = span_text(art.text, toks, 1, end), span_text(art.text, toks, *mention.posts[-1])
    if not moved_between(held, new):
        return None
    return 1, end


MAX_MOVED_SINCE = 5  # tokens from `khi` past the rotation verb: "nhận quyết định điều động", "được Tỉnh ủy luân chuyển"


def _moved_since(toks: list[Tok], k: int) -> int:
    """`(sau) khi | được điều động`, `nhận quyết định luân chuyển`, `luân chuyển đồng chí`: where the
    rotation verb after `khi` ends when it is told of the person (passive, their decision, or the
    person as its pronoun object), else 0. Not a rotation of others (`khi luân chuyển cán bộ về xã`)."""
    for v in range(k, min(len(toks), k + MAX_MOVED_SINCE)):
        n = _verbs().match(toks, v, lower_only=True) if toks[v].low in _verbs().by_first else 0
        if not n:
            continue
        if _VERB_KIND[" ".join(t.low for t in toks[v:v + n])] != "rotation":
            continue
        lead = [t.low for t in toks[k:v]]
        pronoun = cues("pronoun").match(toks, v + n, lower_only=True)
        if any(_trip_purposes().match(toks, t, lower_only=True)
               for t in range(v + n, min(len(toks), v + n + 4))):
            return 0  # "khi được điều động đến dự hội nghị": a trip
        if "được" in lead or "quyết" in lead or (pronoun and not (
                v + n + pronoun < len(toks) and toks[v + n + pronoun].is_cap)):
            return v + n
        return 0
    return 0


def _from_after(toks: list[Tok], k: int) -> tuple[int, int] | None:
    """The post or body after `từ (vị trí)` within a few tokens of a move (`được điều động từ Bệnh viện X`)."""
    for q in range(k, min(len(toks) - 1, k + 4)):
        if toks[q].low == "từ":
            start = q + (cues("former_after").match(toks, q) or 1)  # "từ vị trí <post>", "từ <body>"
            end = max(read_post(toks, start, len(toks)), read_body(toks, start, len(toks)))
            return (start, end) if end > start else None
    return None


def _held_now_after(toks: list[Tok], start: int) -> tuple[int, int] | None:
    """The post a person introduced as rotated holds now, told later in the sentence (`là một trong
    12 cán bộ được luân chuyển về cơ sở, hiện giữ chức Bí thư Đảng ủy xã X`), else None."""
    return _post_after_cue(toks, cues("held_now"), start, len(toks))


MAX_DECISION_GAP = 8  # tokens from `quyết định` to the post it gives: "quyết định điều động, bổ nhiệm chức vụ"
_LIST_LEAD = frozenset({":", ",", ";", "và", "các", "ông", "bà", "đồng", "chí"})


# a decision handed over to the people listed after it: the post it gives, its verbs' kinds, where the
# list has reached
Handed = tuple[tuple[int, int], set[str], int]


def _handed_decision(toks: list[Tok], mention: Mention, handed: Handed | None) -> Handed | None:
    """`trao quyết định (điều động, bổ nhiệm) <post> cho (các) ông: A, <post>(, và B, <post>)`: the post a
    decision gives, named before the people it is handed to, the kinds of its verbs, and where the
    list of them has reached; None when the mention is not (or no longer) one of them."""
    first = mention.i - honorifics_before(toks, mention.i)
    q = first - 1
    while q > 0 and toks[q].low in _LIST_LEAD and toks[q].low != "cho":
        q -= 1
    if q > 0 and toks[q].low == "cho":
        post_start = next((p for p in range(max(0, q - 15), q) if title_at(toks, p) and read_post(toks, p, q) == q), None)
        if post_start is None:
            return None
        lead = post_start
        while lead > 0 and toks[lead - 1].low in ("chức", "vụ", "danh"):
            lead -= 1
        decided = next((d for d in range(max(0, lead - MAX_DECISION_GAP), lead)
                        if toks[d].low == "quyết" and toks[d + 1].low == "định"), None)
        if decided is None or any(t.low == "của" or t.is_cap for t in toks[decided + 2:lead]):
            return None  # "trao quyết định của Chủ tịch UBND tỉnh cho ông A": the post is the decider's
        kinds = _kinds(toks, decided + 2, lead)
        if not kinds and decided > 0 and toks[decided - 1].low == "trao":
            kinds = {"appoint"}  # "trao quyết định Phó Giám đốc Sở cho ...": the decision names the post alone
        if not tells_new_post(kinds):
            return None
        return (post_start, q), kinds, mention.after
    if handed is not None and all(t.low in _LIST_LEAD for t in toks[handed[2]:first]):
        return handed[0], handed[1], mention.after  # the next person in the list
    return None


def _moved_by_handed(art: Article, toks: list[Tok], mention: Mention, handed: Handed) -> bool:
    """The decision handed over moves the person: a rotation, or an appointment from another unit."""
    post, kinds, _ = handed
    if "rotation" in kinds:
        return True
    if not mention.posts:
        return False
    old, new = span_text(art.text, toks, *mention.posts[-1]), span_text(art.text, toks, *post)
    return moved_between(old, new) and not kept_by_merger(old, new) and not kept_in_merged_unit(old, new)


def _front_choice_before(toks: list[Tok], marker: int) -> bool:
    """Whether the bare verb of the Front's choice (`front_choice`: `cử`) opens the marker or ends
    right before it (`được cử giữ chức`)."""
    choice = cues("front_choice")
    return bool(choice.match(toks, marker)) or any(
        k + choice.match(toks, k) == marker for k in range(max(0, marker - 2), marker) if choice.match(toks, k))


MAX_GROUP_VERB = 6  # tokens from `được` to the group's move verb: "được Ban Thường vụ Tỉnh ủy luân chuyển"


def _example_of_moved(art: Article, toks: list[Tok], mention: Mention) -> tuple[int, int] | None:
    """`Nhiều cán bộ được luân chuyển về cơ sở, như đồng chí A, <post>, nay là Bí thư Đảng ủy xã X`,
    `... được bổ nhiệm giữ chức lãnh đạo ở Tổng công ty, như Phó Tổng Giám đốc B (trước là Giám đốc
    Công ty Y)`: a person given as an example of people moved, in the passive, before `như`. The new
    post is the one held now (`nay là`), else the person's own; an appointment is a move only when
    the post held before (`trước là`, `nguyên`) is in another unit. Returns the new post's range."""
    starts = [s for s, _ in mention.posts if s < mention.i] + [mention.i]
    first = min(starts)
    first -= honorifics_before(toks, first)
    if first < 3 or toks[first - 1].low != "như":
        return None  # nearly every person
    q = first - 1
    kinds: set[str] = set()
    for d in range(q):
        if toks[d].low == "được" and not _after_clause_opener(toks, d):
            kinds |= _kinds(toks, d + 1, min(q, d + 1 + MAX_GROUP_VERB))
    if not kinds & {"rotation", "appoint"} or kinds & {"plan", "stay", "elect"}:
        return None
    now = _held_now_after(toks, mention.after)
    own = mention.posts[-1] if mention.posts else None
    new = now or own
    if new is None:
        return None
    if "rotation" not in kinds:
        before = _held_before_after(toks, mention.j)
        if before is None or same_unit(span_text(art.text, toks, *before), span_text(art.text, toks, *new)):
            return None
    return new


def _after_clause_opener(toks: list[Tok], d: int) -> bool:
    """A clause opener right before toks[d] (`Sau khi | được luân chuyển ...`): a time told of the
    group, not the move the example is given of."""
    return any(d >= n and cues("clause_opener").match(toks, d - n, lower_only=False) == n for n in (1, 2))


def _held_before_after(toks: list[Tok], start: int) -> tuple[int, int] | None:
    """The post held before, told right after a person (`(trước là Giám đốc Công ty Y)`, `, nguyên
    Phó Giám đốc Sở X,`), else None."""
    return _post_after_cue(toks, cues("held_before"), start, min(len(toks), start + 4))


def _post_after_cue(toks: list[Tok], cue: Lexicon, start: int, stop: int) -> tuple[int, int] | None:
    """The post read right after the first phrase of `cue` starting in toks[start:stop], else None
    (None too when no post follows that phrase)."""
    for q in range(start, stop):
        if n := cue.match(toks, q):
            end = read_post(toks, q + n, len(toks))
            return (q + n, end) if end > q + n else None
    return None


def _reported(toks: list[Tok], mention: Mention) -> bool:
    """`Theo <post> <name>, ...`: what follows the comma is what the person said."""
    first = min([s for s, _ in mention.posts] + [mention.i])
    first -= honorific_ending_at(toks, first)
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


def _past_rank(post: str) -> str:
    """The post held without a Central Committee rank told before it (`Ủy viên Trung ương Đảng, Phó Tổng
    Tham mưu trưởng ...`): the rank names no unit, the post after it does."""
    rank, comma, rest = post.partition(", ")
    return rest if comma and rest and is_party_rank(rank) else post


def read_sentence(art: Article, sentence: tuple[int, int]) -> None:
    """The officials' reading of one sentence, in the order the article is read.

    Finds the people mentioned (names, then aliases of people named before, then pronouns),
    records where each is seen, reads the move markers (`_moves`) and applies each move
    (`_apply_move`); with no marker, a replacement (`thay ông A`) or a swap of two people's
    posts. A sentence telling a move keeps a list of moved people open; others may end it.
    Then each named person not yet moved is tried against the frames that tell a move without
    a marker, first match wins: introduced as rotated, a handover, new in a post, a decision
    handed to them, an example of those moved, received by a unit, moved to a level."""
    art.sentence_no += 1
    before = (art.last, art.last_seen)  # who a pronoun may mean before this sentence's names
    toks = tokenize(art.text, *sentence)
    runs = capital_runs(toks)  # once: names and aliases both start from them
    named = name_mentions(art, toks, runs, sentence)
    taken = {k for m in named for k in range(m.i, m.j)}
    mentions = sorted(named + _alias_mentions(art, toks, runs, taken), key=lambda m: m.i)
    mentions = sorted(mentions + _pronoun_mentions(art, toks, mentions, before), key=lambda m: m.i)
    for mention in mentions:
        mention.person.sightings.append(sighting(toks, mention.i, mention.j, mention.posts))
    # "Đồng chí A⏎<post>⏎được điều động giữ chức X": the line goes on with A (no sighting: no word of theirs)
    mentions = _line_continued_mention(art, toks, sentence[0], mentions, before) + mentions
    _group_posts(art, toks, named)
    vacated_by_successor(toks, mentions)  # "Ông A thay ông B, vừa được bổ nhiệm ...": B held A's new post
    moves = _moves(art, toks, mentions) or item_moves(art, toks, mentions)
    for mention, move in moves.values():
        _apply_move(art, toks, sentence, mention, move)
    if not moves:
        _replacement(art, toks, sentence, mentions)
        for mention in _moves_annulled(toks, mentions):
            mention.person.annul_move()  # "... hủy quyết định tiếp nhận và bổ nhiệm ông A": A's move undone
    told = frozenset().union(*(move.kinds for _, move in moves.values())) & {"rotation", "appoint", "swap"}
    if told:
        art.moved_in, art.move_kinds, art.list_broken = art.sentence_no, told, False
        art.decided_in = -1  # the decision's list goes on as a list of moves
    elif not (named and all(m.person.rotated for m in named)):
        # a sentence naming only people already moved (a photo caption, `Ông A sinh năm ...`) goes on
        # with the list; any other may end it
        _maybe_end_list(art, *sentence, toks)
    if not moves and _swap(art, toks, mentions):
        return
    for mention in mentions:
        if id(mention) not in moves and (held := _held_just_before(art, toks, mention)) is not None:
            person = mention.person
            if person.held_before is None:
                person.held_before = held  # "Trước khi được điều động, ông là X": the post a move left
            person.settle_pending_by_held(held)  # "... được bổ nhiệm X. Trước đó, bà A giữ chức Y"
    handed: Handed | None = None
    for mention in named:
        person = mention.person
        handed = _handed_decision(toks, mention, handed)
        if id(mention) in moves or person.rotated:
            continue
        if _introduced_as_rotated(toks, mention):
            person.rotated = True
            now = mention.posts[-1] if mention.posts else _held_now_after(toks, mention.after)
            person.to_post = span_text(art.text, toks, *now) if now else None
            person.date = _date(art, sentence)
        elif (handed_over := _handover_moved(art, toks, mention)) is not None:
            person.rotated, person.to_post = True, span_text(art.text, toks, *handed_over[0])
            person.from_post = span_text(art.text, toks, *handed_over[1])
            person.date = _date(art, sentence)
        elif (told_new := _new_in_post(toks, mention)) is not None:
            person.rotated, person.to_post = True, span_text(art.text, toks, *told_new[0])
            person.from_post = span_text(art.text, toks, *told_new[1]) if told_new[1] else None
            person.date = _date(art, sentence)
        elif (named_new := _new_named_after(art, toks, mention)) is not None:
            person.rotated, person.to_post = True, span_text(art.text, toks, *named_new)
            person.from_post = span_text(art.text, toks, *mention.posts[-1])
            person.date = _date(art, sentence)
        elif handed is not None and _moved_by_handed(art, toks, mention, handed):
            person.rotated, person.to_post = True, without_new_mark(span_text(art.text, toks, *handed[0]))
            person.from_post = span_text(art.text, toks, *mention.posts[-1]) if mention.posts else None
            person.date = _date(art, sentence)
        elif (now := _example_of_moved(art, toks, mention)) is not None:
            person.rotated, person.to_post = True, span_text(art.text, toks, *now)
            before = _held_before_after(toks, mention.j) or next((p for p in mention.posts if p != now), None)
            person.from_post = span_text(art.text, toks, *before) if before else None
            person.date = _date(art, sentence)
        elif (receiver := _received_by(art, toks, mention)) is not None:
            person.rotated, person.to_post, person.decided_by = True, receiver, receiver
            person.from_post = _from_post(art, toks, mention, mention.i)
            person.date = _date(art, sentence)
        elif _moved_to_a_level(toks, mention) or _cut_off_move(art, toks, sentence, mention):
            # no post and no named unit (or the text ends before them): `to_post` stays empty
            person.rotated = True
            person.from_post = _from_post(art, toks, mention, mention.i)
            person.date = _date(art, sentence)


def _held_just_before(art: Article, toks: list[Tok], mention: Mention) -> str | None:
    """The post a sentence opening with `Trước đó` or `Trước khi được bổ nhiệm,` tells a person held (`Trước
    đó, bà A giữ chức Y`, `Trước khi được bổ nhiệm, ông A là Y`), else None."""
    if not opens_with_time_before(toks, mention.i):
        return None
    after = [span for span in mention.posts if span[0] >= mention.j]
    if not after and (n := held_post_cue(toks, mention.after)):  # "Trước đó, ông là Y", "ông giữ chức Y"
        end = read_post(toks, mention.after + n, len(toks))
        after = [(mention.after + n, end)] if end > mention.after + n else []
    return span_text(art.text, toks, *after[0]) if after else None


def _moves_annulled(toks: list[Tok], mentions: list[Mention]) -> list[Mention]:
    """The people moved earlier whose decision this sentence withdraws (`annul` in official_cues.tsv
    before `quyết định`, then the decision's verbs of moving and the person: `thu hồi, hủy quyết định
    tiếp nhận và bổ nhiệm ông A`)."""
    at = annulled_decision_end(toks)
    if at is None:
        return []
    return [m for m in mentions if m.i > at and m.person.rotated and m.i - at <= MAX_REACH
            and tells_new_post(_kinds(toks, at, m.i))]


_FINISHED = frozenset('.!?…:;"”»)')


def _told_before_in_full(person: Person, post: str) -> str:
    """The post the person was told with before of which `post` is the start, cut short by the page's end
    (`Tham mưu trưởng Qu` for `Tham mưu trưởng Quân khu 1`), else `post`."""
    cut = fold(post)
    known = person.posts + ([person.pending] if person.pending else [])
    told = [part for posts in known for part in posts.split(", ")]  # "Phó Tư lệnh, Tham mưu trưởng Quân khu 1"
    return next((held for held in told if len(fold(held)) > len(cut) and fold(held).startswith(cut)), post)


def _cut_off_move(art: Article, toks: list[Tok], sentence: tuple[int, int], mention: Mention) -> bool:
    """The text ends in the middle of this sentence, after a rotation verb and the person it moves
    (`Thủ tướng tiếp nhận, bổ nhiệm ông A, <post>, giữ ch`): a page cut short, the move told but
    not its new post."""
    start, end = sentence
    if end < art.text_end or not toks or toks[-1].text[-1] in _FINISHED:
        return False  # nearly every sentence: not the text's last, or finished
    return "rotation" in verbs_moving(toks, mention)


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
    # "được điều động về huyện dự hội nghị": a trip, not a posting
    return bool(n) and (end >= len(toks) or not toks[end].is_cap) \
        and not _trip_purposes().match(toks, end, lower_only=True)


def _received_by(art: Article, toks: list[Tok], mention: Mention) -> str | None:
    """`UBND tỉnh Hà Nam tiếp nhận đồng chí X, <post in another province>`: X moves to the receiver."""
    first = mention.i - honorific_ending_at(toks, mention.i)
    if first < 2 or " ".join(t.low for t in toks[first - 2:first]) != "tiếp nhận":
        return None
    return _decided_by(art, toks, first)
