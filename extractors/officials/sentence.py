"""Reading one sentence: its mentions, the moves they make, and what they change in the article.

`_read_sentence` finds the sentence's mentions (names, aliases, pronouns), the posts of groups,
the moves its markers tell (`moves`), and applies each to its person (`_apply_move`: the new
posts completed by the body the move names, the post left, whether it is a rotation, the date
and deciding body). Without a marker a sentence may still tell a move: a successor named after
the person they replace (`Thay bà A là ông B, ...`), two people swapping posts, a person
introduced as a rotated cadre (`là một trong 36 cán bộ được luân chuyển`), received by a unit
(`UBND tỉnh tiếp nhận đồng chí X`), or rotated to a level (`X, ..., được luân chuyển về xã`).

Entry point: `_read_sentence(art, sentence)`.
"""

from __future__ import annotations

from extractors.biography import sighting
from extractors.names import capital_runs, honorific_before
from extractors.officials.language import _VERB_KIND, MAX_REACH, _kinds, _verbs, fold
from extractors.officials.lists import _group_posts, _maybe_end_list
from extractors.officials.mentions import _alias_mentions, _name_mentions, _pronoun_mentions
from extractors.officials.moves import Move, _moves, verbs_moving
from extractors.officials.people import Article, Mention, vacated_post
from extractors.officials.posts_moved import _date, _decided_by, _from_post
from extractors.posts import (
    Tok, bare_place_named_apart, completed_by, cue_words, cues, kept_by_merger, lexicon, places_named,
    promoted_in_place, same_unit, span_text, tokenize,
)


def _replacement(art: Article, toks: list[Tok], sentence: tuple[int, int], mentions: list[Mention]) -> None:
    """`Thay (vị trí) bà Hoàng là ông Y, <post>`: Y takes the post Hoàng left (a rotation when Y
    comes from another unit)."""
    if len(mentions) < 2 or toks[0].low not in cues("replaces").by_first:
        return  # settles nearly every sentence
    n = cues("replaces").match(toks, 0)
    if not n:
        return
    replaced, successor = mentions[0], mentions[1]
    start = successor.i - honorific_before(toks, successor.i)
    if replaced.i - honorific_before(toks, replaced.i) > n + 2 or replaced.after >= start \
            or [t.low for t in toks[replaced.after:start]] != ["là"]:
        return
    vacated = vacated_post(replaced.person)
    if vacated is None or successor.person.rotated:
        return
    move = Move(posts=[vacated], kinds={"appoint"}, first_marker=successor.i)
    _apply_move(art, toks, sentence, successor, move)


def _apply_move(art: Article, toks: list[Tok], sentence: tuple[int, int], mention: Mention, move: Move) -> None:
    person = mention.person
    from_post = move.left or _from_post(art, toks, mention, move.first_marker, tuple(move.posts))
    # the new posts, each completed by the body the move names ("đến nhận công tác tại Sở Tư pháp và bổ
    # nhiệm giữ chức Phó giám đốc"; "luân chuyển về xã Cô Ba giữ chức Chủ tịch UBND xã"); the body
    # itself only when no post is told
    posts = [completed_by(post, move.bodies[0]) for post in move.posts] if move.bodies else move.posts
    targets = posts or move.bodies
    rotated = bool(move.kinds & {"rotation", "swap"}) or move.motion or (
        "appoint" in move.kinds and from_post is not None and not same_unit(from_post, targets[0])
        and not kept_by_merger(from_post, targets[0]))
    if not rotated and "appoint" in move.kinds and from_post is not None and posts and not person.rotated \
            and bare_place_named_apart(from_post, posts[0], lambda word: places_named(art.text, *person.sentence, word)):
        rotated = True  # "HĐND tỉnh A miễn nhiệm chức vụ Chủ tịch UBND tỉnh đối với ông X. Ông X ... giữ chức ... tỉnh B"
    if rotated and from_post is not None and posts and promoted_in_place(from_post, posts[0]):
        rotated = False  # "Phó Giám đốc Sở X ... được điều động, bổ nhiệm giữ chức Giám đốc Sở X": promoted in place
    if rotated and person.pending and not person.rotated and not mention.posts and posts \
            and not (move.kinds & {"rotation", "swap"} or move.motion) \
            and from_post is not None and fold(from_post) == fold(person.pending) != fold(posts[0]):
        # the news first ("được phân công làm Bí thư Thành ủy X"), then a biography's appointment that
        # only the news post would make a move ("Sau đó, ông được phê chuẩn làm Bộ trưởng Y"): Y came
        # before X, the news move is to X
        person.add_posts(posts)
        person.rotated, person.to_post, person.from_post = True, person.pending, ", ".join(posts)
        person.targets = [person.pending]
        return
    person.add_posts(posts)
    if person.rotated:
        person.refine_targets(posts)
        return
    if not rotated:
        if "appoint" in move.kinds and posts:
            person.pending = person.pending or ", ".join(posts)
        return
    if not posts and person.pending:
        targets = [person.pending]  # "phân công bà X giữ chức Y. ... điều động ... bà X tham gia Ban Chấp hành"
    person.rotated, person.from_post, person.targets = True, from_post, list(targets)
    person.to_post = ", ".join(targets)
    person.to_body = not posts and not person.pending
    person.date = _date(art, sentence)
    person.decided_by = _decided_by(art, toks, move.first_marker) or move.decider_after


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
    k = mention.after
    if k < len(toks) and toks[k].text == "," and not _reported(toks, mention):
        n = cues("apposition").match(toks, k + 1)
        if n and "rotation" in _kinds(toks, k + 1 + n, min(len(toks), k + 1 + n + 3)):
            closed = any(t.text == "," for t in toks[k + 1 + n:k + 1 + n + MAX_REACH])
            return closed or toks[k + 1].low == "là"
    return False


def _reported(toks: list[Tok], mention: Mention) -> bool:
    """`Theo <post> <name>, ...`: what follows the comma is what the person said."""
    first = min([s for s, _ in mention.posts] + [mention.i])
    first -= honorific_before(toks, first)
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


def _read_sentence(art: Article, sentence: tuple[int, int]) -> None:
    art.sentence_no += 1
    before = (art.last, art.last_seen)  # who a pronoun may mean before this sentence's names
    toks = tokenize(art.text, *sentence)
    runs = capital_runs(toks)  # once: names and aliases both start from them
    named = _name_mentions(art, toks, runs, sentence)
    taken = {k for m in named for k in range(m.i, m.j)}
    mentions = sorted(named + _alias_mentions(art, toks, runs, taken), key=lambda m: m.i)
    mentions = sorted(mentions + _pronoun_mentions(art, toks, mentions, before), key=lambda m: m.i)
    for mention in mentions:
        mention.person.sightings.append(sighting(toks, mention.i, mention.j, mention.posts))
    _group_posts(art, toks, named)
    moves = _moves(art, toks, mentions)
    for mention, move in moves.values():
        _apply_move(art, toks, sentence, mention, move)
    if not moves:
        _replacement(art, toks, sentence, mentions)
    told = frozenset().union(*(move.kinds for _, move in moves.values())) & {"rotation", "appoint", "swap"}
    if told:
        art.moved_in, art.move_kinds, art.list_broken = art.sentence_no, told, False
    else:
        _maybe_end_list(art, *sentence)
    if not moves and _swap(art, toks, mentions):
        return
    for mention in named:
        person = mention.person
        if id(mention) in moves or person.rotated:
            continue
        if _introduced_as_rotated(toks, mention):
            person.rotated = True
            person.to_post = span_text(art.text, toks, *mention.posts[-1]) if mention.posts else None
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


_FINISHED = frozenset('.!?…:;"”»)')


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
        and not lexicon("official_trip_purposes.txt").match(toks, end, lower_only=True)


def _received_by(art: Article, toks: list[Tok], mention: Mention) -> str | None:
    """`UBND tỉnh Hà Nam tiếp nhận đồng chí X, <post in another province>`: X moves to the receiver."""
    first = mention.i - honorific_before(toks, mention.i)
    if first < 2 or " ".join(t.low for t in toks[first - 2:first]) != "tiếp nhận":
        return None
    return _decided_by(art, toks, first)
