"""One sentence's mentions of people: full names, aliases and pronouns, with their own posts.

A full name takes the posts around it (`Bí thư Huyện ủy X Lê Văn A`, `ông A, Chủ tịch UBND xã`),
a post running up to the next name being that name's; a writer's byline (`Tác giả: Lê Lan`) is
no mention. An honorific before part of a name already met (`đồng chí Thân`, `ông Hải`) is that
person again; a bare `anh`, `ông` before a move verb is the person named last, in the sentence or
up to PRONOUN_REACH sentences before.

Entry points: `name_mentions(art, toks, runs, sentence)`, `_alias_mentions(art, toks, runs, taken)`,
`_pronoun_mentions(art, toks, named, before)`, `caption_post(art, caption, start, end)` (a name line, then a
post line under it), `continued_line(text, start)` and `_line_continued_mention(art, toks, start, named, before)` (a
line going on with the person named on the lines above it: `Đồng chí A⏎<post>⏎được điều động giữ chức ...`).
"""

from __future__ import annotations

from dataclasses import replace

from extractors.gazetteer import cut_from_place_name
from extractors.names import NameSpan, find_names, is_syllable, name_ranges
from extractors.officials.language import PRONOUN_REACH, _markers, _verbs, fold
from extractors.officials.people import Article, Mention, Person
from extractors.posts import (
    committee_at, cue_words, cues, honorific_ending_at, honorifics, lexicon, place_types, post_before,
    post_replaced, posts_after, posts_chain_before, read_body, replaced_at, served_title_start, span_text, stopwords,
    title_at,
)
from extractors.tokens import Tok, tokenize


def _is_byline(toks: list[Tok], name: NameSpan) -> bool:
    """`Tác giả: Lê Lan`, `Bài và ảnh: ...`: the writer, not a subject."""
    if name.honorific:  # "Ảnh: Đồng chí X, Bí thư ..." is a caption about X
        return False
    k = name.i
    if k >= 1 and toks[k - 1].text in (":", "-", "("):
        k -= 1
    if k == name.i:
        return False  # no mark before the name: the cheap half of the test, first
    cues = lexicon("official_byline_cues.txt")
    return any(k - n >= 0 and cues.match(toks, k - n) == n for n in (1, 2, 3, 4))


def name_mentions(art: Article, toks: list[Tok], runs: list[tuple[int, int]],
                  sentence: tuple[int, int]) -> list[Mention]:
    """The people named in a sentence (`find_names` over its capitalised runs), each with the
    posts written before and after the name (a post running up to the next name is that
    name's), recorded in the article's people. A byline is no mention. A line that is a name
    alone is kept as a caption, whose post may follow on the next line."""
    mentions: list[Mention] = []
    floor = 0
    names = find_names(art.text, toks, art.words_in(name_ranges(toks, runs)), runs)
    for number, name in enumerate(names):
        if _is_byline(toks, name) or _place_cut_by_page_end(art, toks, name):
            continue
        name = _with_lower_case_end(art, toks, name)
        before = post_before(toks, name.i - name.honorific if name.honorific else name.i, floor)
        if before is None and name.honorific:
            before = post_before(toks, name.i, floor)
        if before is not None and _new_post_of_one_before(toks, before):
            before = None  # "điều ông A về làm Chánh Thanh tra, ông B ...": the post is A's new one
        posts = posts_chain_before(toks, before[0], floor) + [before] if before else []
        # "nguyên Thủ tướng A, nguyên Chủ tịch nước B": a post that runs up to the next name is that name's
        following = names[number + 1] if number + 1 < len(names) else None
        limit = following.i - following.honorific if following else len(toks)
        after = posts_after(toks, name.j, limit)
        served = served_title_start(toks, *after[-1], ranked=bool(following.honorific)) \
            if after and after[-1][1] == limit and following else None
        # "A, Trợ lý Phó Thủ tướng B": an aide's post names the leader served, and stays the aide's
        if served is None:
            posts += after[:-1] if after and after[-1][1] == limit and following else after
        else:  # the aide's post names the leader: it runs through the leader's name
            posts += after[:-1] + [(after[-1][0], following.j)]
        if not posts and mentions and (shared := _title_shared_with(toks, mentions[-1], name)) is not None:
            posts = [shared]  # "Phó ban Tổ chức Trung ương A và B": the title before A is B's too
        start, end = toks[name.i].start, toks[name.j - 1].end
        person = art.person(name.text, start, end, sentence)
        person.add_posts([span_text(art.text, toks, s, e) for s, e in posts])
        if not posts and not person.posts and (cue := replaced_at(toks, name.i - name.honorific)) is not None \
                and (vacated := post_replaced(toks, cue)) is not None:
            # "giữ chức Ủy viên UBND tỉnh thay ông B nghỉ hưu": B, named with no post of his own, held it
            person.add_posts([span_text(art.text, toks, *vacated)])
        mention = Mention(person, name.i, name.j, posts, floor)
        mentions.append(mention)
        floor = mention.after if served is None else served  # the leader's own title is still theirs
    if len(mentions) == 1 and not mentions[0].posts and names[-1].j == len(toks) \
            and names[-1].i - names[-1].honorific == 0 and art.text.startswith("\n", sentence[1]):
        art.caption = (mentions[0].person, sentence[1])  # a line that is a name alone: its post may follow
    return mentions


def vacated_by_successor(toks: list[Tok], mentions: list[Mention]) -> None:
    """`Ông A đảm nhiệm thay vị trí của ông B, vừa được bổ nhiệm làm Y`, with no post told before
    `thay` and A's new post told earlier in the article: B, named with no post, held the one A took."""
    for number in range(1, len(mentions)):
        person, before = mentions[number].person, mentions[number - 1]
        if person.posts or not (before.person.rotated and before.person.to_post):
            continue
        cue = replaced_at(toks, mentions[number].i - honorific_ending_at(toks, mentions[number].i))
        if cue is not None and before.j <= cue and post_replaced(toks, cue) is None:
            person.add_posts([before.person.to_post])


def _title_shared_with(toks: list[Tok], before: Mention, name: NameSpan) -> tuple[int, int] | None:
    """The post written before the name of the person named right before, when this name follows it
    joined by `và` alone, neither of them with any other post or word of address (`Phó ban Tổ chức Trung
    ương A và B được ...`): one title for both; else None."""
    if name.honorific or name.i < 2 or toks[name.i - 1].low != "và" or before.j != name.i - 1 \
            or len(before.posts) != 1 or before.posts[0][1] > before.i:
        return None
    return before.posts[0]


MAX_MARKER_TOKENS = 6  # the longest new-post marker: "về nhận nhiệm vụ mới tại"


def _new_post_of_one_before(toks: list[Tok], post: tuple[int, int]) -> bool:
    """The post before a name follows a new-post marker and ends at a comma (`về làm Chi cục trưởng,
    ông B`): the new post of the person named before, in a list of moves, not B's."""
    start, end = post
    if end >= len(toks) or toks[end].text != ",":
        return False
    if end + 1 < len(toks) and toks[end + 1].low in ("nhiệm", "khóa"):
        return False  # "miễn nhiệm chức vụ X, nhiệm kỳ 2016 - 2021 đối với ông B": the comma opens X's term
    markers = _markers()
    return any(markers.match(toks, k, lower_only=True) == start - k
               for k in range(max(0, start - MAX_MARKER_TOKENS), start))


MAX_CAPTION_REST = 2  # lower-case words a post line may end with past the post read ("... Đảng ủy | cơ quan")


def caption_post(art: Article, caption: tuple[Person, int], start: int, end: int) -> bool:
    """A line that is a post alone, right under a line that is a name alone (a list or a photo
    caption: `Đồng chí Nguyễn Văn A` / `Phó Chủ tịch UBND huyện`): the post is that person's."""
    person, name_end = caption
    if art.text[name_end:start].strip() or art.text.count("\n", name_end, start) != 1:
        return False
    toks = tokenize(art.text, start, end)
    last = len(toks) - (1 if toks and toks[-1].text in (".", ";", ",") else 0)
    posts = posts_after(toks, 0, last) if toks and title_at(toks, 0) else []
    if not posts or posts[0][0] != 0 or last - posts[-1][1] > MAX_CAPTION_REST \
            or any(not tok.is_lower or stopwords().match(toks, k) for k, tok in enumerate(toks[posts[-1][1]:last],
                                                                                      posts[-1][1])):
        return False  # a headline or a sentence that only opens with a post
    person.add_posts([span_text(art.text, toks, s, e) for s, e in posts])
    return True


def _alias_mentions(art: Article, toks: list[Tok], runs: list[tuple[int, int]], taken: set[int]) -> list[Mention]:
    """`đồng chí Thân`, `ông Hải`: an honorific and part of a name already met."""
    mentions = []
    firsts = honorifics().by_first
    for a, b in runs:
        if toks[a].low in firsts:  # a dict look-up first: most runs start with no honorific
            a += honorifics().match(toks, a)  # "Ông Kiên" at a sentence start
        # the cheapest test first (all are pure): most runs follow no honorific
        if a >= b or b - a > 3 or not honorific_ending_at(toks, a) or taken.intersection(range(a, b)):
            continue
        person = art.by_alias(art.text[toks[a].start:toks[b - 1].end])
        if person is None:
            continue
        alias = art.text[toks[a].start:toks[b - 1].end]
        if fold(alias) != fold(person.name) and alias not in person.aliases:
            person.aliases.append(alias)
        posts = posts_after(toks, b, len(toks))
        person.add_posts([span_text(art.text, toks, s, e) for s, e in posts])
        art.last, art.last_seen = person, art.sentence_no
        mentions.append(Mention(person, a, b, posts, 0))
    return mentions


def _place_cut_by_page_end(art: Article, toks: list[Tok], name: NameSpan) -> bool:
    """A run after a committee's or a unit's word that the page's end cuts off (`Tỉnh ủy Lâm Đồ`, `UBND
    thành phố Hà Nội Nguy`, the excerpt ending there): the place's name cut short, not a person."""
    if name.honorific or name.j != len(toks) or art.text[toks[-1].end:].strip():
        return False
    i = name.i
    return any(i - n >= 0 and (committee_at(toks, i - n) == n or place_types().match(toks, i - n) == n) for n in (1, 2)) \
        and cut_from_place_name(name.text)


def _with_lower_case_end(art: Article, toks: list[Tok], name: NameSpan) -> NameSpan:
    """A name whose last syllable the page typed in lower case (`bà Phạm Thị Thanh trà`), when the
    whole of it is the name of a person named before: that person, the syllable included."""
    j = name.j
    if j >= len(toks) or not toks[j].is_lower or not toks[j].is_word:
        return name
    text = art.text[toks[name.i].start:toks[j].end]
    return replace(name, j=j + 1, text=text) if fold(text) in art.people else name


_LINE_FINISHED = frozenset('.!?…:;"”»')  # a line ending with one of these ends its sentence too


def continued_line(text: str, start: int) -> bool:
    """Whether the sentence at text[start:] is a line that goes on with the one above it: it opens with a
    lower-case `được` right after a line break, and the line above ends with no mark that ends a sentence
    (`Đồng chí A, <post>⏎được điều động giữ chức ...`: one sentence broken over lines by the page)."""
    if not text.startswith("được", start) or (start + 4 < len(text) and text[start + 4].isalnum()):
        return False
    above = text[:start].rstrip(" \t")
    if not above.endswith("\n"):
        return False
    above = above.rstrip()
    return bool(above) and above[-1] not in _LINE_FINISHED


LINE_REACH = 2  # sentences back to the name a continued line goes on with: the name's line, then its post's


def _line_continued_mention(art: Article, toks: list[Tok], start: int, named: list[Mention],
                            before: tuple[Person | None, int]) -> list[Mention]:
    """The person named on the lines just above, for a line that goes on with them (`continued_line`)
    naming no one before its first word: a mention of no width at its start, who its move is told of."""
    person, seen_in = before
    if person is None or art.sentence_no - seen_in > LINE_REACH or any(m.i == 0 for m in named) \
            or not continued_line(art.text, start):
        return []
    return [Mention(person, 0, 0, [], 0)]


MAX_DATE_OPENING = 8  # tokens of a date opening a sentence: "Từ tháng 3 năm 2009 đến 2010 ,"


_DATE_WORDS = frozenset(("ngày", "tháng", "năm"))


def _counted_before(toks: list[Tok], k: int) -> bool:
    """A number of people right before toks[k] (`4 | đồng chí`), not the end of a date (`tháng 12-2011 |
    ông`, `năm 2018 | ông`)."""
    if not toks[k - 1].text.isdigit():
        return False
    return k < 2 or (toks[k - 2].text not in ("-", "/", ".") and toks[k - 2].low not in _DATE_WORDS)


def _pronoun_mentions(art: Article, toks: list[Tok], named: list[Mention],
                      before: tuple[Person | None, int]) -> list[Mention]:
    """A bare `anh`, `ông`, `đồng chí` before a move verb: the person named last before it, in
    this sentence or (within PRONOUN_REACH sentences) before it (`before`: who that was, and the
    sentence); never someone named after it (`ông được bầu ..., thay ông B`: not B)."""
    previous, seen_in = before
    if previous is not None and art.sentence_no - seen_in > PRONOUN_REACH:
        previous = None  # a bare "anh" far from any name is not resolved
    if previous is None and not named:
        return []
    found: list[Mention] = []
    pronouns = cues("pronoun")
    starts = pronouns.starts(toks)
    if not starts:
        return found  # most sentences: the tokens the names cover are not needed
    if previous is not None and not named and art.last is previous and (
            (starts[0] == 0 and toks[0].is_cap) or _after_date_opening(toks, starts[0])):
        # "Ông là Ủy viên ...", "Tháng 12-2004, ông làm ...": a sentence about them keeps them in reach
        art.last_seen = art.sentence_no
    covered = {k for m in named for k in range(m.i, m.after)}
    for k in starts:
        n = pronouns.match(toks, k)
        if not n or (k + n < len(toks) and is_syllable(toks[k + n])) or k in covered:
            continue
        if k and (toks[k - 1].low in cue_words("plural") or _counted_before(toks, k)):
            # "trao quyết định cho các đồng chí được điều động ...", "4 đồng chí được chỉ định chức danh Phó Bí
            # thư": many others, not the person
            continue
        earlier = [m for m in named if m.j <= k]
        person = max(earlier, key=lambda m: m.j).person if earlier else previous
        window = list(range(k + n, min(len(toks), k + n + 4)))
        passive = next((w for w in window[:3] if toks[w].low == "được"), None)
        if passive is not None and passive + 1 < len(toks):
            # "ông (vừa) được Bộ Chính trị phân công ...": past the body that acts
            agent = read_body(toks, passive + 1, len(toks))
            window += range(agent, min(len(toks), agent + 2))
        if person is not None and (any(_verbs().match(toks, w, lower_only=True) for w in window)
                                   or _held_until_moved(toks, k + n) or _post_at_body(person, toks, k + n)
                                   or _held_before_appointment(person, toks, k, k + n)
                                   or _moves_on_to_post(toks, k + n)):
            found.append(Mention(person, k, k + n, [], 0))
    return found


def _post_at_body(person: Person, toks: list[Tok], k: int) -> bool:
    """`... được điều động về Sở X. Tại đây, ông giữ chức Phó Giám đốc Sở`: the post a person moved to a
    body (no post told yet) holds there, right after the pronoun."""
    if not (person.rotated and person.to_body) or k + 1 >= len(toks):
        return False
    if any(t.low in cue_words("told_before") for t in toks[:k]):
        return False  # "Trước đó, ông giữ chức ...": a post held before the move
    return cues("holds_post").match(toks, k) > 0


def _moves_on_to_post(toks: list[Tok], k: int) -> bool:
    """`ông về làm X`, `bà chuyển sang làm X`: a word of motion opening a new-post marker right after
    the pronoun, the move told with no verb of deciding."""
    return k < len(toks) and toks[k].low in cue_words("motion") and _markers().match(toks, k, lower_only=True) > 1


def _after_date_opening(toks: list[Tok], k: int) -> bool:
    """Only a date stands before the token k (`Tháng 12-2004,`, `Đến tháng 12-2011`, `Từ năm 2009 -
    2010`): a biography's step, whose subject comes next."""
    if not 1 < k <= MAX_DATE_OPENING or not toks[0].is_cap or not any(t.text[0].isdigit() for t in toks[:k]):
        return False
    words = cue_words("date_opener")
    return all(t.low in words or t.text[0].isdigit() or t.text in "-–/.," for t in toks[:k])


def _held_before_appointment(person: Person, toks: list[Tok], k: int, after: int) -> bool:
    """`... được bổ nhiệm X. Trước đó, ông là Y`: the post held before an appointment that told none
    (`person.pending`), or before a move that told no post left, right after a pronoun that opens
    the sentence after `Trước đó,` or `Trước khi được điều động,` (the clause alone tells of a move,
    so the sentence may come before the move's own)."""
    if after >= len(toks) or toks[k - 1].text != "," or not opens_with_time_before(toks, k):
        return False
    # not after a move to a body only: a post told there completes the new post (`Tại đây, bà giữ chức ...`)
    if not ((person.pending is not None and not person.rotated)
            or (person.rotated and person.from_post is None and not person.to_body)
            or (not person.rotated and toks[1].low == "khi")):
        return False
    return held_post_cue(toks, after) > 0


def held_post_cue(toks: list[Tok], k: int) -> int:
    """Tokens of the words opening a post held at toks[k]: `là` or a `holds_post` cue (`giữ chức`), with
    `từng` before them (`ông từng là Y`), else 0."""
    past = 1 if k < len(toks) and toks[k].low == "từng" else 0
    k += past
    if k >= len(toks):
        return 0
    n = 1 if toks[k].low == "là" else cues("holds_post").match(toks, k)
    return past + n if n else 0


MAX_BEFORE_CLAUSE = 8  # tokens of an opening "Trước khi được điều động về Sở X," clause


def opens_with_time_before(toks: list[Tok], k: int) -> bool:
    """The sentence opens, before toks[k], with a time before a move: `Trước đó` or a short clause
    `Trước khi (được) <verb of moving>,` (`Trước khi được bổ nhiệm, ông A là ...`)."""
    if len(toks) < 3 or toks[0].low != "trước":
        return False
    if toks[1].low == "đó":
        return True
    if toks[1].low != "khi":
        return False
    comma = next((i for i in range(2, min(k, MAX_BEFORE_CLAUSE + 2)) if toks[i].text == ","), None)
    return comma is not None and any(_verbs().match(toks, i, lower_only=True) or toks[i].low in cue_words("motion")
                                     for i in range(2, comma))


def _held_until_moved(toks: list[Tok], k: int) -> bool:
    """`Ông từng giữ chức X trước khi được điều động làm Y`: a post held, then the move that ended
    it, later in the sentence than a pronoun's usual reach."""
    if k >= len(toks) or toks[k].low != "từng":
        return False
    until = cues("until_moved")
    for q in range(k + 1, len(toks) - 1):
        n = until.match(toks, q)
        if n and any(_verbs().match(toks, w, lower_only=True) for w in range(q + n, min(len(toks), q + n + 3))):
            return True
    return False
