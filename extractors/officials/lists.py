"""Lists: people listed together, and a decision's list of moves across sentences.

Names listed bare before one marker share its move (`A, B và C giữ chức ...`: `_listed_with`), and so do
the `name - post;` items of a list opened by a colon (`_items_listed_before`);
a list of moves goes on across sentences and line breaks, past a photo caption, until a
sentence names someone without telling a move (`_listed_on`, `_maybe_end_list`); the members
listed after a group's title hold it (`4 phó giám đốc ... gồm: ông A, ông B`, `cả ba phó giám đốc A, B và C`,
`bổ nhiệm phó giám đốc cho các ông A, B`: `_group_posts`), and so
do the people listed after a decision's `<post> đối với ông A và ông B` (`_concerned_listed`).

Entry points: `_listed_with(toks, before, last)`, `_listed_after(toks, after, first)`, `_items_listed_before(toks, before, last)`,
`_listed_on(art, toks, owner, marker)`, `_maybe_end_list(art, start, end, toks)`, `_group_posts(art, toks, named)`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache

import regex

from extractors.base import alternation, data_lines
from extractors.names import ROMAN_NUMERAL_RE, honorifics_before
from extractors.numbers import lone_words
from extractors.officials.language import MAX_REACH, _kinds, fold, tells_new_post
from extractors.officials.people import Article, Mention
from extractors.posts import (
    ITEM_BULLETS, Lexicon, bodies, cue_words, cues, honorific_ending_at, honorifics, kept_in_stated_merger, lexicon,
    moved_between, read_body, read_post, span_text, title_at, title_first_words,
)
from extractors.tokens import Tok, tokenize


MAX_ASIDE = 12  # tokens in a bracketed aside inside a list of names: "(SN 1967)", "(Tổng Tham mưu trưởng)"


def _list_gap(toks: list[Tok], start: int, end: int, semicolons: bool = False, purposes: bool = False) -> bool:
    """Whether toks[start:end] only separates names in a list: commas, `và`, a colon, `các`,
    honorifics (`các ông`, `Thượng tướng`) and bracketed asides (`(SN 1967)`); with `semicolons`,
    semicolons too (the members of a group: `3 Phó Chủ nhiệm gồm Thượng tướng A; Trung tướng B`);
    with `purposes`, the reason told of the one before (`đối với ông A để nghỉ hưu trước tuổi và ông
    B`, `đối với: ông A, để nghỉ hưu; ông B`: lower-case words after `để`, `do`, up to the next
    separator, a semicolon among them)."""
    k = start
    while k < end:
        tok = toks[k]
        if tok.text in (",", ":", ")") or tok.low in ("và", "các") or ((semicolons or purposes) and tok.text == ";"):
            # ")": of a post told in brackets
            k += 1
        elif purposes and tok.low in ("để", "do") and tok.is_lower:
            stop = next((c for c in range(k + 1, min(end, k + MAX_ASIDE))
                         if toks[c].text in (",", ";") or toks[c].low == "và"), None)
            if stop is None or not all(t.is_lower for t in toks[k + 1:stop]):
                return False
            k = stop
        elif tok.text == "(":
            close = next((c for c in range(k + 1, min(end, k + MAX_ASIDE)) if toks[c].text == ")"), None)
            if close is None:
                return False
            k = close + 1
        elif (n := honorifics().match(toks, k)) and k + n <= end:
            k += n
            if k + 1 < end and _named_short(toks, k):
                k += 1  # "gồm ông Khải, ông Lê Văn B": one named short is another item of the list
        else:
            return False
    return True


def _named_short(toks: list[Tok], k: int) -> bool:
    """A lone capitalised syllable at toks[k] (after an honorific) closed by a list separator: someone
    named by the given name alone (`ông Khải,`), whoever they are."""
    nxt = toks[k + 1]
    return toks[k].is_word and toks[k].is_cap and (nxt.text in (",", ";", ")") or nxt.low == "và")


def _listed_after(toks: list[Tok], after: list[Mention], first: Mention) -> list[Mention]:
    """The people listed right after `first` with no post of their own (`... đối với đồng chí A,
    đồng chí B`): a decision told before the list concerns each of them."""
    listed, start = [], first.after
    for other in after:
        if other.posts or not _list_gap(toks, start, other.i - honorifics_before(toks, other.i), purposes=True):
            break
        listed.append(other)
        start = other.after
    return listed


def _listed_with(toks: list[Tok], before: list[Mention], last: Mention) -> list[Mention]:
    """The people named in a list right before `last`, none with a post of their own, nor `last`
    (`A, B và C giữ chức ...`): each is told what `last` is told. Posts that are everyone's do not
    count as anyone's own: those after `đều là`, `cùng là` (`ông A và ông B, cùng là <post>, được điều
    động ...`) and a group's title before the cue opening the list (`hai <post> là ông A và ông B`)."""
    shared = bool(last.posts) and _plural_copula_before(toks, last)
    if last.posts and not shared and not (before and _titled_alike(toks, before[-1], last)):
        return _items_listed_before(toks, before, last) or _pair_joined_before(toks, before, last)
    listed: list[Mention] = []
    nxt = last
    for mention in reversed(before):
        own = mention.posts and not _titled_alike(toks, mention, last) and not _group_title_only(toks, mention)
        if own or mention.after > nxt.i \
                or not _list_gap(toks, mention.after, _title_start(toks, nxt)):
            break
        listed.insert(0, mention)
        nxt = mention
    return listed


def _group_title_only(toks: list[Tok], mention: Mention) -> bool:
    """Whether a mention's only post is a quantified title told right before the cue that lists it
    (`hai Phó Giám đốc Công an tỉnh X là đại tá A và đại tá B`): the group's title, not A's alone."""
    if len(mention.posts) != 1:
        return False
    start, end = mention.posts[0]
    if end > mention.i or not _quantified_before(toks, start):
        return False
    n = cues("group").match(toks, end, lower_only=True)
    k = end + n + (end + n < mention.i and toks[end + n].text == ":")
    return bool(n) and k == mention.i - honorific_ending_at(toks, mention.i)


def _title_start(toks: list[Tok], mention: Mention) -> int:
    """Where a mention starts with the bare title written right before its name, if any (`thẩm phán | A`)."""
    return min([mention.i] + [s for s, e in mention.posts if e == mention.i and title_at(toks, s) == e - s])


def _titled_alike(toks: list[Tok], mention: Mention, last: Mention) -> bool:
    """Whether a mention's only post is a bare title right before its name, the same as the last one's
    (`thẩm phán A, thẩm phán B, thẩm phán C được điều động ...`): one list, each named by the title."""
    def bare_titles(m: Mention) -> list[str]:
        return [" ".join(t.low for t in toks[s:e]) for s, e in m.posts if e == m.i and title_at(toks, s) == e - s]
    own = bare_titles(mention)
    return bool(own) and len(own) == len(mention.posts) and own == bare_titles(last)


def _items_listed_before(toks: list[Tok], before: list[Mention], last: Mention) -> list[Mention]:
    """The items of a list opened by a colon, each a name with its post and closed by a semicolon,
    right before `last` (`Các đồng chí: A - Phó Giám đốc Sở X; B - Phó Chánh Văn phòng được điều
    động ...`): each is told what `last` is told. Without the colon, or with anything but the
    semicolon between two items, nobody else shares the move."""
    listed: list[Mention] = []
    nxt = last
    for mention in reversed(before):
        end = max([e for _, e in mention.posts] + [mention.after])
        start = nxt.i - honorific_ending_at(toks, nxt.i)
        if end + 1 != start or toks[end].text != ";":
            break
        listed.insert(0, mention)
        nxt = mention
    if not listed:
        return []
    first = nxt.i - honorific_ending_at(toks, nxt.i)
    return listed if first > 0 and toks[first - 1].text == ":" else []


def _pair_joined_before(toks: list[Tok], before: list[Mention], last: Mention) -> list[Mention]:
    """The person joined to `last` by `và`, each named with a post (`ông A - Bí thư Đảng ủy phường X và ông
    B - Chủ tịch UBND phường X, được điều động về ...`): told what `last` is told."""
    if not before or not before[-1].posts:
        return []
    pair = before[-1]
    end = max([e for _, e in pair.posts] + [pair.after])
    start = last.i - honorific_ending_at(toks, last.i)
    return [pair] if end + 1 == start and toks[end].low == "và" else []


LIST_REACH = 3  # sentences: a list of moves goes on past up to two photo captions


def _listed_on(art: Article, toks: list[Tok], owner: Mention, marker: int) -> set[str]:
    """The kinds of the move told in a sentence just before, for a person who continues its list:
    named with a post of their own, in apposition or before the name (`Ông B, Giám đốc Sở X giữ
    chức ...`, `Bà C - Bí thư ..., giữ chức ...`, `Bí thư Tỉnh ủy A Nguyễn Văn D giữ chức ...`), no
    verb of their own. The list goes on across sentences and line breaks, and
    past a caption that names no one, until a sentence names someone without telling a move.
    After a sentence telling a decision of moves (`... công bố quyết định điều động, bổ nhiệm ...`), a
    sentence opening with `Theo đó,` lists its moves, unless a sentence telling neither the decision
    nor a move came between (`Article.decided_in`).
    Elsewhere `ông A giữ chức ...` alone is a post held, and so is `ông B, ..., hiện giữ chức ...`."""
    if (owner.posts or "assign" in art.decided_kinds) and 0 <= art.decided_in \
            and art.sentence_no - art.decided_in <= LIST_REACH and cues("thereby").match(toks, 0) and owner.i < marker:
        return set(art.decided_kinds)  # "... công bố quyết định điều động, bổ nhiệm ... Theo đó, ông A, <post> giữ chức X"
    if owner.posts and art.decided_in >= 0 and art.sentence_no - art.decided_in == 1 and owner.i < marker \
            and owner.i - honorifics_before(toks, owner.i) <= _bullet_length(toks) and "rotation" in art.decided_kinds:
        # "... công bố các quyết định luân chuyển, phân công cán bộ. Đồng chí A, <post>, giữ chức X.": the
        # decision's first item, right after it, its person opening the sentence
        return set(art.decided_kinds)
    if art.moved_in < 0 or art.list_broken or art.sentence_no - art.moved_in > LIST_REACH:
        return set()
    if not owner.posts:
        return set()
    if any(_current_adverbs().match(toks, k) == marker - k for k in range(max(0, marker - 2), marker)):
        return set()
    return set(art.move_kinds)


def _bullet_length(toks: list[Tok]) -> int:
    """Tokens of an item's bullet opening the sentence (`-`, `+`, `•`, `1.`), 0 when none."""
    if toks and toks[0].text in ITEM_BULLETS:
        return 1
    if len(toks) > 1 and toks[0].text.isdigit() and toks[1].text in (".", ")"):
        return 2
    return 0


@lru_cache(maxsize=1)
def _current_adverbs() -> Lexicon:
    return lexicon("official_current_adverbs.txt")


MAX_GROUP_HEAD = 20  # tokens from a quantified title to the `gồm` / `là` that opens its list


def _group_posts(art: Article, toks: list[Tok], named: list[Mention]) -> None:
    """Posts told of a group, then its members: `Sở có 4 phó giám đốc nghỉ hưu gồm: ông A (SN
    1967), ông B và bà C`, `Các Thứ trưởng gồm: Đại tướng A, Thượng tướng B`, `3 Phó bí thư là
    ông A, ông B và ông C`; and `A và B, đều là Phó Giám đốc Sở X` (each of them)."""
    if not named:
        return
    for at, mention in enumerate(named):  # "A (SN 1973) và B, đều là <post>": B's posts are A's too
        if mention.posts and (_plural_copula_before(toks, mention) or _shared_after_list(toks, named, at)):
            texts = [span_text(art.text, toks, s, e) for s, e in mention.posts]
            for one in _listed_with(toks, [m for m in named if m.after <= mention.i], replace(mention, posts=[])):
                one.person.add_posts(texts)
    _concerned_listed(art, toks, named)
    _members_of_body(art, toks, named)
    if not _quantified_title_in(art.text, toks) and not _plural_members_in(art.text, toks):
        return  # most sentences: no "4 phó giám đốc", "Các Thứ trưởng" to list the members of
    _quantified_title_before_list(art, toks, named)
    for c, n in _group_cues(toks):
        head = _group_head(toks, c, named)
        if head is None:
            continue
        given = _post_given_after_group(toks, head, c)
        newly = given is None and (_newly_given(toks, head[0] + 1, c) or _given_to_members(toks, head[0], c)
                                   or _appointed_by_number(toks, head[0]))
        if newly and toks[head[1] - 1].low == "mới":
            head = (head[0], head[1] - 1)  # "Các Thứ trưởng mới được bổ nhiệm": the title without "mới"
        text = span_text(art.text, toks, *head)
        start = c + n
        for mention in sorted((m for m in named if m.i >= start), key=lambda m: m.i):
            if not _list_gap(toks, start, mention.i - honorific_ending_at(toks, mention.i), semicolons=True):
                break
            if newly and mention.posts and not mention.person.rotated and not any(
                    _holds_title(span_text(art.text, toks, *post), text) for post in mention.posts):
                # "chỉ định các Phó bí thư Thành ủy gồm: ông A, Phó bí thư thường trực Thành ủy, Chủ tịch HĐND TP":
                # a title A holds already is no move, whatever A's last post
                _moved_to_group_post(art, mention.person, span_text(art.text, toks, *mention.posts[-1]), text)
            mention.person.add_posts([text])
            if given is not None and not mention.person.rotated:
                # "điều động các Phó giám đốc Sở X làm Phó giám đốc Sở Y, gồm: A, B": each from X to Y
                _moved_to_group_post(art, mention.person, text, span_text(art.text, toks, *given))
            start = mention.after


MAX_RANK_WORDS = 2  # a rank between a title and its unit: "Phó bí thư | thường trực | Thành ủy"


def _holds_title(held: str, given: str) -> bool:
    """Whether a post held is the group's title given, or that title with a rank between it and its unit
    (`Phó bí thư thường trực Thành ủy` holds `Phó bí thư Thành ủy`)."""
    given_toks = tokenize(given)
    n = title_at(given_toks, 0)
    if not n:
        return False
    held_words, given_words = [fold(t.text) for t in tokenize(held)], [fold(t.text) for t in given_toks]
    title, unit = given_words[:n], given_words[n:]
    if held_words[:n] != title or len(held_words) - len(given_words) > MAX_RANK_WORDS:
        return False
    return held_words[len(held_words) - len(unit):] == unit if unit else len(held_words) == n


def _post_given_after_group(toks: list[Tok], head: tuple[int, int], cue: int) -> tuple[int, int] | None:
    """The new post told between a group's title and the cue listing its members, after a verb of
    appointment or transfer before the title (`điều động, bổ nhiệm các Phó giám đốc Sở X làm Phó giám
    đốc Sở Y, gồm: ...`): the group's title is the post its members held, this one the post given."""
    k = head[1]
    if k >= cue or toks[k].low not in _GIVEN_POST_WORDS or not toks[k].is_lower:
        return None
    k += 1
    while k < cue and toks[k].low in _GIVEN_POST_WORDS:
        k += 1  # "giữ chức vụ"
    end = read_post(toks, k, cue)
    if end == k or toks[end:cue] and any(t.text != "," for t in toks[end:cue]):
        return None
    kinds = _kinds(toks, max(0, head[0] - MAX_REACH), head[0])  # bounded: a sentence may list many groups
    return (k, end) if tells_new_post(kinds) else None


def _quantified_title_before_list(art: Article, toks: list[Tok], named: list[Mention]) -> None:
    """A quantified title right before a list of names, with no cue between (`cả ba phó giám đốc A, B và
    C`): the title read as the first one's post is that of each listed after them with no post of their own."""
    for number, mention in enumerate(named):
        if not mention.posts or mention.posts[-1][1] != mention.i - honorific_ending_at(toks, mention.i):
            continue
        if not _quantified_before(toks, mention.posts[-1][0]):
            continue
        texts = [span_text(art.text, toks, *mention.posts[-1])]
        for other in _listed_after(toks, named[number + 1:], mention):
            other.person.add_posts(texts)


def _newly_given(toks: list[Tok], lo: int, cue: int) -> bool:
    """`mới`/`vừa` and a verb of appointment or transfer between a group's title and its list (`Các
    Thứ trưởng mới được bổ nhiệm gồm: ...`, `3 Phó Giám đốc vừa được điều động là ...`): the title
    is the post the members were just given, not one they hold."""
    if not any(t.low in ("mới", "vừa") for t in toks[lo:cue]):
        return False
    kinds = _kinds(toks, lo, cue)
    return tells_new_post(kinds)


MAX_VERB_BEFORE_NUMBER = 4  # tokens of the verbs right before a number of posts: "điều động, bổ nhiệm"


def _appointed_by_number(toks: list[Tok], head: int) -> bool:
    """A verb of appointment or transfer right before the number of posts given (`vừa bổ nhiệm hai Phó
    Tổng giám đốc Tổng công ty: ông A, <post>, và bà B, <post>`): the title is the post the members
    are given, not one they hold; none of election, plan, stay or exit."""
    if head < 2 or not _quantifies(toks[head - 1]):
        return False
    kinds = _kinds(toks, max(0, head - 1 - MAX_VERB_BEFORE_NUMBER), head - 1)
    return bool(kinds & {"rotation", "appoint"}) and not kinds & {"elect", "plan", "stay", "exit"}


def _given_to_members(toks: list[Tok], head: int, cue: int) -> bool:
    """A post given to the people listed after it (`điều động, bổ nhiệm giữ chức <post> gồm các ông: A,
    <post>; B, <post>`): a verb of appointment or transfer before the post, none of election, plan,
    stay or exit."""
    if not (head and toks[head - 1].low in _GIVEN_POST_WORDS and _plural_members_after(toks, cue)):
        return False
    kinds = _kinds(toks, 0, head)
    return bool(kinds & {"rotation", "appoint"}) and not kinds & {"elect", "plan", "stay", "exit"}


def _moved_to_group_post(art: Article, person, held: str, new: str) -> None:
    """A member of a group just given a post moves to it from the post named with them, when that
    one is in another unit (`Trung tướng A, Tư lệnh Quân khu X` -> `Thứ trưởng`); from the same unit
    it is a promotion in place, and from a unit the text says was merged into the new one a post kept
    there (`hợp nhất Ban A và Ban B`: `Phó trưởng ban A` -> `Phó trưởng ban A và B`), no move."""
    if not moved_between(held, new) or kept_in_stated_merger(held, new, art.mergers()):
        return
    person.rotated, person.to_post, person.from_post, person.targets = True, new, held, [new]


def _group_cues(toks: list[Tok]) -> list[tuple[int, int]]:
    """Where a group's members may be listed, as (token, length): a group cue (`gồm`, `là`), or a
    colon right after a quantified title with none (`Bộ hiện có 6 Thứ trưởng: A, B, ... và C`);
    a colon after a cue (`gồm:`) is part of that cue's list, not a second one."""
    cues_ = cues("group")
    found = [(c, n) for c in cues_.starts(toks, lower_only=True) if (n := cues_.match(toks, c, lower_only=True))]
    recipients = cues("recipients")  # "bổ nhiệm <post> cho các ông A, B": only before a plural honorific
    found += [(c, n) for c in recipients.starts(toks, lower_only=True)
              if (n := recipients.match(toks, c, lower_only=True)) and _plural_members_after(toks, c)]
    ends = {c + n for c, n in found}
    found += [(k, 1) for k, tok in enumerate(toks) if tok.text == ":" and k not in ends]
    return sorted(found)


MAX_TERM = 10  # tokens of a term told after a post: "khóa XIII, nhiệm kỳ 2021 - 2026"
_TERM_TOKENS = frozenset(("khóa", "khoá", "nhiệm", "kỳ", "-", "–", ",", "(", ")"))


def _in_term(toks: list[Tok], k: int) -> bool:
    tok = toks[k]
    return tok.low in _TERM_TOKENS or tok.text.isdigit() or (tok.text.isupper() and tok.text.isalpha())


def _concerned_listed(art: Article, toks: list[Tok], named: list[Mention]) -> None:
    """A post a decision tells before `đối với` and everyone listed after it: `phê chuẩn kết quả bầu
    Phó Chủ tịch HĐND tỉnh đối với bà A và ông B`, `miễn nhiệm chức vụ X đối với ông A để nghỉ hưu và
    ông B để nhận nhiệm vụ mới` (each of them holds it), for the listed who have no post of their own."""
    concerning = cues("concerning")
    for number, mention in enumerate(named):
        if not mention.posts or mention.posts[-1][1] >= mention.i:
            continue
        end = mention.posts[-1][1]
        while end < mention.i and end - mention.posts[-1][1] < MAX_TERM and _in_term(toks, end):
            end += 1  # "Phó Chủ tịch HĐND tỉnh khóa XIII, nhiệm kỳ 2021 - 2026 đối với ..."
        if not concerning.match(toks, end, lower_only=True):
            continue  # most posts: not "<post> đối với <name>"
        texts = [span_text(art.text, toks, *mention.posts[-1])]
        for other in _listed_after(toks, named[number + 1:], mention):
            other.person.add_posts(texts)


def _quantifies(tok: Tok) -> bool:
    return tok.text.isdigit() or tok.low in cue_words("quantifier")


def _quantified_before(toks: list[Tok], k: int) -> bool:
    """A number or quantifier right before the title at toks[k] (`4 phó giám đốc`, `Các Thứ trưởng`,
    past a classifier: `bốn vị thứ trưởng`),
    or before a plural honorific there (`các đồng chí Phó Viện trưởng: A, B`, `các ông Phó Giám đốc A
    và B`): the honorific says who the group is, the title is still each member's."""
    if k == 0:
        return False
    if toks[k - 1].low in cue_words("title_classifier") and toks[k - 1].is_lower:
        k -= 1  # "bốn vị thứ trưởng": the classifier between the number and the title
    if _quantifies(toks[k - 1]):
        return True
    n = honorific_ending_at(toks, k)
    return bool(n) and k - n >= 1 and _quantifies(toks[k - n - 1])


@lru_cache(maxsize=1)
def _quantified_title_re() -> re.Pattern:
    """A number or quantifier, then (past an honorific: `các đồng chí`) a word a title (or its modifier)
    starts with: where a group may be told (`4 phó giám đốc`, `Các Thứ trưởng`, `các đồng chí Phó
    Viện trưởng`)."""
    def either(words) -> str:
        return "|".join(sorted(map(re.escape, words), key=len, reverse=True))

    firsts = title_first_words()
    honorific = either(data_lines("official_honorifics.txt"))
    classifier = either(cue_words("title_classifier"))
    return re.compile(rf"(?i)(?<!\w)(?:\d+|{either(cue_words('quantifier'))})\s+(?:(?:{honorific}|{classifier})\s+)?"
                      rf"(?:{either(firsts)})(?!\w)")


def _quantified_title_in(text: str, toks: list[Tok]) -> bool:
    """A quantifier or number right before a title (`4 phó giám đốc`, `Các Thứ trưởng`): a cheap
    search of the sentence's text (a superset: any word a title may start with) before the groups
    are looked for token by token."""
    return bool(toks) and _quantified_title_re().search(text, toks[0].start, toks[-1].end) is not None


# "gồm các ông, bà:", "gồm các đồng chí", "cho các ông": the list after a cue names several people
_PLURAL_MEMBERS_RE = re.compile(r"(?i)(?<!\w)(?:gồm(?: có)?|cho)\s*:?\s*các\s+(?:ông|bà|đồng chí)(?!\w)")


def _plural_members_in(text: str, toks: list[Tok]) -> bool:
    """`gồm các ông, bà:` in the sentence: a cheap search before a group's post is looked for."""
    return bool(toks) and _PLURAL_MEMBERS_RE.search(text, toks[0].start, toks[-1].end) is not None


def _group_head(toks: list[Tok], cue: int, named: list[Mention]) -> tuple[int, int] | None:
    """The quantified title a group cue at toks[cue] lists the members of (`4 phó giám đốc`, `Các
    Thứ trưởng`, `Hai Phó Giám đốc Sở X`), as a token range, else None: the nearest before the
    cue, with no one named in between. Or the post given right before a cue that lists several
    people (`được bổ nhiệm giữ chức Phó Tổng Biên tập Báo X gồm các ông, bà: A, B và C`)."""
    starts = {m.i - honorific_ending_at(toks, m.i) for m in named} | {m.i for m in named}
    given = _plural_members_after(toks, cue)
    recipients = toks[cue].low in cue_words("recipients")  # "cho các ông": only a post just given
    for k in range(cue - 1, max(0, cue - MAX_GROUP_HEAD), -1):
        if k in starts or toks[k].text in (";", ":", "."):
            return None
        before = toks[k - 1]
        if not recipients and _quantified_before(toks, k) and title_at(toks, k):
            end = read_post(toks, k, cue)
            return (k, end) if end > k else None
        if given and before.low in _GIVEN_POST_WORDS and before.is_lower and title_at(toks, k):
            end = read_post(toks, k, cue)
            if end > k and _term_only(toks, end, cue):
                return (k, end)  # "giữ chức <post> (nhiệm kỳ ...) gồm các ông, bà:": the post each of them is given
    return None


def _term_only(toks: list[Tok], end: int, cue: int) -> bool:
    """Nothing but a term (`nhiệm kỳ 2021 - 2026`, `khóa XIII`) between a post's end and a cue."""
    return cue - end <= MAX_TERM and all(_in_term(toks, k) for k in range(end, cue))


# the last word of what names a post given ("giữ chức", "chức vụ", "chức danh", "làm", "bổ nhiệm")
_GIVEN_POST_WORDS = frozenset(("chức", "vụ", "danh", "làm", "nhiệm"))


def _plural_members_after(toks: list[Tok], cue: int) -> bool:
    """`các ông, bà`, `các đồng chí` right after the group cue at toks[cue] (past a colon)."""
    k = cue + (cues("group").match(toks, cue, lower_only=True) or cues("recipients").match(toks, cue, lower_only=True))
    if k < len(toks) and toks[k].text == ":":
        k += 1
    return k + 1 < len(toks) and toks[k].low == "các" and bool(honorific_ending_at(toks, k + 1) or
                                                                 honorifics().match(toks, k + 1))


MAX_BODY_LEAD = 12  # tokens from a body's start to the colon that opens its members' list


def _members_of_body(art: Article, toks: list[Tok], named: list[Mention]) -> None:
    """The members a body's list names, none with a post of their own: `các đồng chí trong Ban
    Thường vụ Tỉnh ủy: A, B, C`, `bầu Ban Thường vụ Đảng ủy xã khóa mới gồm 5 đồng chí: A, B, C`. Each
    is named as a member of that body, their post in it (the body, as written)."""
    starts = [m.i for m in named]  # in text order
    for k, tok in enumerate(toks):
        if tok.text != ":" or k > starts[-1]:
            continue
        body = _body_before_colon(toks, k)
        if body is None:
            continue
        text = span_text(art.text, toks, *body)
        start = k + 1
        for mention in named[bisect_right(starts, k):]:
            if mention.posts or not _list_gap(toks, start, mention.i - honorific_ending_at(toks, mention.i)):
                break
            mention.person.add_posts([text])
            start = mention.after


def _body_before_colon(toks: list[Tok], colon: int) -> tuple[int, int] | None:
    """The body whose members a colon at toks[colon] lists: `trong <body>:` / `thuộc <body>:`, or
    `<body> ... gồm (N đồng chí):`, the body read whole (`read_body`), within reach of the colon."""
    for i in range(max(0, colon - MAX_BODY_LEAD), colon):
        if not toks[i].is_cap or not bodies().match(toks, i):
            continue
        end = read_body(toks, i, colon)
        if end <= i + 1 or any(title_at(toks, j) == i - j for j in range(max(0, i - 4), i)):
            continue  # none, or the unit of a title ("giữ chức Phó Bí thư Đảng ủy xã X gồm các đồng chí:")
        lead = toks[i - 1].low if i else ""
        rest = [t.low for t in toks[end:colon]]
        if lead in ("trong", "thuộc") and not rest:
            return i, end  # "các đồng chí trong Ban Thường vụ Tỉnh ủy:"
        if "gồm" in rest and all(w in _MEMBER_LEAD for w in rest if not w.isdigit()):
            return i, end  # "Ban Thường vụ Đảng ủy xã khóa mới gồm 5 đồng chí:"
    return None


# the words between a body and the colon of its members' list: its term and the count of members
_MEMBER_LEAD = frozenset(("khóa", "khoá", "mới", "nhiệm", "kỳ", "gồm", "có", "đồng", "chí", "thành", "viên",
                          "các", "-", "–", ","))


def _shared_after_list(toks: list[Tok], named: list[Mention], at: int) -> bool:
    """The last of a list of names carries the only post, after its name, and the list says it is
    everyone's, after a dash: opened by a plural honorific (`các đồng chí A, B, C - Phó Chủ tịch UBND
    tỉnh`), or two people with honorifics joined by `và` (`ông A và ông B - Thành viên`). `at`: the last
    one's place in `named`."""
    last = named[at]
    if min(s for s, _ in last.posts) <= last.j or last.j >= len(toks) or toks[last.j].text not in ("-", "–"):
        # told before the name, or in brackets or after a comma (`..., C (Trưởng phòng X)`): the name's own
        return False
    if not at or named[at - 1].posts:
        return False  # nobody named bare right before: no list (and no walk back over a long one per name)
    listed = _listed_with(toks, named[:at], replace(last, posts=[]))
    if not listed:
        return False
    first = listed[0].i - honorifics_before(toks, listed[0].i)
    if first > 0 and toks[first - 1].low == "các" and honorifics_before(toks, listed[0].i):
        return True
    gap = [t.low for t in toks[listed[-1].after:last.i - honorifics_before(toks, last.i)]]
    return len(listed) == 1 and gap == ["và"] and honorifics_before(toks, listed[0].i) > 0


def _plural_copula_before(toks: list[Tok], mention: Mention) -> bool:
    """`đều là`, `cùng là` between a name and its posts: the posts are those of everyone listed."""
    first = min(s for s, _ in mention.posts)
    return first > mention.j and any(toks[k].low in ("đều", "cùng") for k in range(mention.j, first))


# A photo caption or credit inside a list of moves ("... (Ảnh: Tỉnh ủy)"): page furniture, not the end of the list
_CAPTION_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}])(?i:{alternation(data_lines('official_byline_cues.txt'))})\s*:")


_WORD_RE = re.compile(r"[^\W\d_]{2,}")  # a word of two letters or more: "2." or "-" alone is no sentence

# A sentence telling that a number of people were moved, in the passive, before the list of them
# ("Ngoài ra, 7 nhân sự khác được điều động, bổ nhiệm.", "các cán bộ vừa được luân chuyển gồm"):
# the sentences after it that name a person with a post and a new post continue its list.
# The number words are those that may stand alone as a number (`numbers.lone_words`), each in
# lower case or capitalised (`re` has no case-insensitive group).
_GROUP_MOVED_RE = re.compile(
    r"(?<!\w)(?:\d+|"
    + "|".join(f"[{word[0].upper()}{word[0]}]{re.escape(word[1:])}" for word in lone_words())
    + r"|[Cc]ác|[Nn]hững)\s+"
    r"(?:nhân sự|cán bộ|đồng chí|lãnh đạo|sĩ quan)(?:\s+khác)?"
    r"\s+(?:vừa\s+|đã\s+|cũng\s+|sẽ\s+)?được(?:\s+\w+){0,6}?\s+"
    r"(?:điều động|luân chuyển|điều chuyển|tiếp nhận|bổ nhiệm|phân công)(?!\w)")


# The same told actively, the deciding body moving a number of people before naming them one by one
# ("Bộ Quốc phòng điều động hai cán bộ về Quân khu X. Đại tá A, <post>, giữ chức ..."): only a number,
# no `các`, which may open anything
_GROUP_MOVING_RE = re.compile(
    r"(?<!\w)(?i:điều động|luân chuyển|điều chuyển|bổ nhiệm)"
    r"(?:\s*,\s*(?i:điều động|luân chuyển|điều chuyển|bổ nhiệm|phân công)|\s+và\s+(?i:bổ nhiệm|phân công))*"
    r"\s+(?:\d+|" + "|".join(re.escape(word) for word in lone_words()) + r")"
    r"\s+(?:nhân sự|cán bộ|đồng chí|lãnh đạo|sĩ quan)(?!\w)")


_DECISION_RE = re.compile(r"(?<!\w)[Qq]uyết định(?!\w)")  # a decision told: its moves may be listed after `Theo đó,`


def decision_told(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] names a decision (`quyết định`, `Quyết định`): its moves may be listed
    after it. An all-capitals heading (`QUYẾT ĐỊNH`) is a document's title, not a sentence telling one."""
    return _DECISION_RE.search(text, start, end) is not None


def group_moved(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] tells that a number of people were moved (`_GROUP_MOVED_RE`; a
    substring test first: most sentences have no `được`) or that a body moves a number of people
    (`_GROUP_MOVING_RE`)."""
    return (text.find("được", start, end) >= 0 and _GROUP_MOVED_RE.search(text, start, end) is not None) \
        or _GROUP_MOVING_RE.search(text, start, end) is not None


def _bare_opener(toks: list[Tok]) -> bool:
    """The sentence is only an opener of items and a colon (`bare_opener` in official_cues.tsv)."""
    return len(toks) > 1 and toks[-1].text == ":" and cues("bare_opener").match(toks, 0) == len(toks) - 1


def _heading_unit(text: str, toks: list[Tok]) -> str | None:
    """The body a heading line names (`1. Sở Nội vụ:`, `Trường Cao đẳng Y tế:`): an optional number, the
    body, a colon and nothing else; None for any other sentence."""
    roman = len(toks) > 2 and toks[1].text in (".", ")") and ROMAN_NUMERAL_RE.fullmatch(toks[0].text) is not None
    start = 2 if roman else _bullet_length(toks)  # "II. Khối chính quyền:", "1. Sở Nội vụ:", "- Sở Nội vụ:"
    end = len(toks) - 1
    if end <= start or toks[end].text != ":" or read_body(toks, start, end) != end:
        return None
    return span_text(text, toks, start, end)


def _maybe_end_list(art: Article, start: int, end: int, toks: list[Tok] | None = None) -> None:
    """After a sentence that tells no move: one that ends with a colon and has move verbs, or tells
    that a number of people were moved (`group_moved`), opens a list of moves (`... điều động, bổ
    nhiệm các cán bộ sau:`, `7 nhân sự khác được điều động, bổ nhiệm.`); any other ends the list,
    unless it is a photo caption or a bare item number (`2.`). `toks`: the sentence's tokens, when
    the caller has them (a sentence read whole); else they are made here if needed, once. A bare
    `Trong đó:` carries the decision told before it on to the items after it."""
    if art.text[end - 1] == ":" and art.moved_in >= 0 and not art.list_broken:
        toks = tokenize(art.text, start, end) if toks is None else toks
        # "1. Sở Nội vụ:" inside a list of moves: its items follow, their bare titles in that unit; any other
        # line ending in a colon ("II. Khối Đảng:") ends the heading before it
        art.heading = _heading_unit(art.text, toks)
        if art.heading is not None:
            art.moved_in = art.sentence_no
            return
    if art.text[end - 1] == ":" and _bare_opener(toks if toks is not None else tokenize(art.text, start, end)):
        if art.decided_in == art.sentence_no - 1:
            art.decided_in = art.sentence_no  # "... trao quyết định điều động ... Trong đó: - Ông A, <post>, giữ chức X"
        return
    if art.text[end - 1] == ":" or group_moved(art.text, start, end):
        toks = tokenize(art.text, start, end) if toks is None else toks
        told = _kinds(toks, 0, len(toks))
        kinds = told & {"rotation", "appoint"}
        if kinds and "plan" not in told:  # "Tỉnh dự kiến điều động 4 cán bộ.": no list of moves made
            art.moved_in, art.move_kinds, art.list_broken = art.sentence_no, frozenset(kinds), False
            art.heading = None  # a new list: no heading of it yet
            return
    if decision_told(art.text, start, end):
        toks = tokenize(art.text, start, end) if toks is None else toks
        kinds = _kinds(toks, 0, len(toks))
        if tells_new_post(kinds):
            art.decided_in, art.decided_kinds = art.sentence_no, frozenset(kinds & {"rotation", "appoint", "assign"})
    elif art.decided_in >= 0 and _WORD_RE.search(art.text, start, end) and not _CAPTION_RE.search(art.text, start, end):
        art.decided_in = -1  # "Hội nghị diễn ra sáng nay.": what follows is no longer the decision's list
    if art.moved_in >= 0 and not art.list_broken and _WORD_RE.search(art.text, start, end) \
            and not _CAPTION_RE.search(art.text, start, end):
        art.list_broken, art.heading = True, None
