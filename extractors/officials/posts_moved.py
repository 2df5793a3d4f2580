"""Where a move comes from, who decided it, and when.

The post left is the person's own post at the mention (but not the new one told before the
name), a `từ <post or body>` before the marker, a `nguyên <post>`, or a post met earlier
(`_from_post`). The body that decided is the one before the verb (`quyết định của Ban Thường vụ
Thành ủy`, `được Ban Thường vụ Huyện ủy chỉ định`: `_decided_by`) or after the new post (`theo
quyết định của ...`: `_decider_after`). The date is the sentence's first date that is not a term
of office or a document's date (`_date`).

Entry points: `_from_post(art, toks, mention, before, new)`, `_decided_by(art, toks, before)`,
`_decider_after(art, toks, k)`, `_date(art, sentence)`, `_year(art, sentence)`.
"""

from __future__ import annotations

import regex

from extractors.officials.language import MAX_REACH, _verbs, fold
from extractors.officials.people import Article, Mention
from extractors.posts import bodies, cues, read_body, read_post, span_text, title_at
from extractors.tokens import Tok


_DATE_RE = regex.compile(
    r"(?i)(?<![\p{L}\d])(?:ngày\s+\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}"
    r"|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
    r"|tháng\s+\d{1,2}\s*[/.-]\s*\d{4}|tháng\s+\d{1,2}\s+năm\s+\d{4}"
    r"|(?:đầu\s+|cuối\s+|giữa\s+)?năm\s+\d{4})(?!\d)")
_NOT_DATE_BEFORE_RE = regex.compile(r"(?i)(?:nhiệm\s+kỳ|số\s+\S+|/\p{Lu}+\S*)\s*$")


def _decider_after(art: Article, toks: list[Tok], k: int) -> str | None:
    """`<new post> theo quyết định (luân chuyển) của <body>`: the body that decided."""
    n = cues("by_decision").match(toks, k)
    if not n:
        return None
    for j in range(k + n, min(len(toks) - 1, k + n + 6)):
        if toks[j].low == "của":
            end = read_body(toks, j + 1, len(toks))
            return span_text(art.text, toks, j + 1, end) if end > j + 1 else None
    return None


def _from_post(art: Article, toks: list[Tok], mention: Mention, before: int,
               new: tuple[str, ...] = ()) -> str | None:
    """The post held before the move: the mention's own (but none of the `new` posts: `X là
    Thượng tướng Y, <post>` tells the new post before the name), `khi đang là ...`, or one met
    earlier."""
    folded_new = {fold(post) for post in new}
    # a span ending with a new post is that post told with the words before it ("Thủ tướng giao quyền
    # Chủ tịch UBND tỉnh X | cho ông A"), not one held; but its deputy is ("Phó giám đốc PCAG giữ nhiệm vụ
    # Giám đốc PCAG")
    own = [text for s, e in mention.posts if not (held := fold(span_text(art.text, toks, s, e))) in folded_new
           and not any(held.endswith(" " + post) and held != "phó " + post for post in folded_new)
           and (text := _with_parent(art, toks, s, e))]
    if own:
        return ", ".join(own)
    for k in range(max(mention.j, before - MAX_REACH), before):  # "được điều động từ Ban Tuyên giáo Huyện ủy về làm ..."
        if toks[k].low == "từ" and toks[k].is_lower:
            end = max(read_post(toks, k + 1, before), read_body(toks, k + 1, before))
            if end > k + 2:
                return span_text(art.text, toks, k + 1, end)
    former = cues("former")
    for k in range(max(0, before - MAX_REACH), before):
        n = former.match(toks, k)
        if n:
            end = read_post(toks, k + n, before)
            if end > k + n:
                return span_text(art.text, toks, k + n, end)
    until = cues("former_until")
    for k in range(max(mention.j, before - MAX_REACH), before):
        n = until.match(toks, k, lower_only=True) if toks[k].low in until.by_first else 0
        end = read_post(toks, k + n, before) if n else k
        if end > k + n and any(toks[i].low == "trước" and toks[i + 1].low == "khi" for i in range(end, before - 1)):
            # "từng đảm nhận chức vụ X trước khi được bổ nhiệm giữ chức Y": X was left for Y
            return span_text(art.text, toks, k + n, end)
    former_after = cues("former_after")
    for k in range(before, len(toks)):  # "được điều động làm X từ vị trí Bí thư Thành ủy Y", "..., trước đó ông là Y"
        n = former_after.match(toks, k, lower_only=True) if toks[k].low in former_after.by_first else 0
        if n:
            end = read_post(toks, k + n, len(toks))
            if end > k + n:
                return span_text(art.text, toks, k + n, end)
    return next((post for post in mention.person.posts if fold(post) not in folded_new), None)


def _with_parent(art: Article, toks: list[Tok], start: int, end: int) -> str:
    """A post with the body it belongs to when that body is told right after it, between commas
    (`Cục trưởng Cục X, Bộ Y, được bổ nhiệm ...`):
    the unit the post is in, named whole, so that a new post in that body reads as one unit."""
    k = end + 1
    if k < len(toks) and toks[end].text == "," and toks[k].is_cap and bodies().match(toks, k) \
            and not title_at(toks, k) and not any(t.text == "," for t in toks[start:end]):
        stop = read_body(toks, k, len(toks))
        if stop > k + 1 and stop < len(toks) and toks[stop].text == ",":
            return span_text(art.text, toks, start, stop)
    return span_text(art.text, toks, start, end)


def _decided_by(art: Article, toks: list[Tok], before: int) -> str | None:
    """`quyết định của Ban Thường vụ Thành ủy`, `được Ban Thường vụ Huyện ủy chỉ định`."""
    for k in range(max(0, before - MAX_REACH), before):
        if not (toks[k].is_cap and bodies().match(toks, k)):
            continue
        cue = toks[k - 1].low if k else ""
        end = read_body(toks, k, before)
        follows = _verb_follows(toks, end, before)
        if cue in ("của", "được") or (k == 0 and follows) or (cue == "," and follows):
            return span_text(art.text, toks, k, end)
    return None


def _verb_follows(toks: list[Tok], k: int, limit: int) -> bool:
    """A move verb at toks[k], perhaps after `đã`, `quyết định`: the body before it decided."""
    auxiliaries = cues("auxiliary")
    for _ in range(3):
        n = auxiliaries.match(toks, k, lower_only=True)
        if not n:
            break
        k += n
    return k < limit and bool(_verbs().match(toks, k, lower_only=True))


def _year(art: Article, sentence: tuple[int, int]) -> int | None:
    """The year of the sentence's date (`_date`), when it tells one: a biography's step is dated so
    (`Tháng 9/2015 ông được điều động ...`, `Đến tháng 12-2011 ...`); `Ngày 14-7` tells none."""
    date = _date(art, sentence)
    year = regex.search(r"\d{4}$", date) if date else None
    return int(year.group()) if year else None


def _date(art: Article, sentence: tuple[int, int]) -> str | None:
    """The sentence's first date that is not a term of office or a document's date (once per sentence)."""
    if sentence not in art.dates:
        s, e = sentence
        art.dates[sentence] = next(
            (m.group() for m in _DATE_RE.finditer(art.text, s, e)
             if not _NOT_DATE_BEFORE_RE.search(art.text[max(s, m.start() - 30):m.start()])), None)
    return art.dates[sentence]
