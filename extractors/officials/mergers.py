"""Mergers an article states: which units were merged into which.

`stated_mergers(text)` reads the sentences that tell a merger in the two frames news uses:

- the successor founded from its parts: `Phường X được thành lập trên cơ sở sáp nhập phường A,
  phường B và xã C` (or `trên cơ sở sắp xếp toàn bộ ...`), `Tỉnh Y (mới) được thành lập trên cơ sở
  hợp nhất tỉnh A và tỉnh Y`, `nghị quyết thành lập xã X trên cơ sở ...`;
- the parts merged into it: `Sở A hợp nhất vào Sở B`, `sáp nhập xã A và xã B thành xã X`, `ba xã A,
  B và C hợp nhất thành xã X`, and a
  body reorganised or renamed (`Trung tâm A được tổ chức lại thành Trung tâm B`);
- two units of one kind merged with no successor after them (`hợp nhất Ban A Trung ương và Ban B Trung
  ương`), the successor named by joining their names (`Ban A và B Trung ương`) where the text names it.

Each pair is (old unit, successor), the kind in lower case and the name as written (`phường Đồng
Tiến`, `phường Hòa Bình`). The officials extractor uses them to tell a head kept in the successor body from one moved
(`posts.kept_in_stated_merger`): the precedent is that a merger moves no one when the text itself
states it.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from extractors.base import data_table

# the verbs of a merger, and of a reorganisation or a renaming that keeps one body under a new name
# any case: a sentence may open with one ("Hợp nhất Sở A ...")
_MERGING = r"(?i:sáp nhập|hợp nhất|nhập|tổ chức lại|đổi tên)"
_MERGING_WORDS = ("nhập", "hợp nhất", "tổ chức lại", "đổi tên", "sắp xếp")  # a cheap test before any pattern


@lru_cache(maxsize=1)
def _kinds() -> dict[str, tuple[str, ...]]:
    """The unit kinds a merged unit's name opens with (official_merger_units.tsv), places and bodies,
    each longest first."""
    rows = data_table("official_merger_units.tsv")
    return {role: tuple(sorted((row[0] for row in rows if row[1] == role), key=len, reverse=True))
            for role in ("place", "body")}


# words that end a body's name though written in lower case: verbs and the words around a merger
_NAME_ENDS = (r"(?:được|đã|đang|sẽ|vào|thành|với|mới|cũ|từ|theo|để|trên|gồm|của|thuộc|sau|kể|sáp|hợp|nhập|"
              r"các|những|là|có|tại|ở|do|cho|về|thực|tiến|tổ|chính thức)")


@lru_cache(maxsize=1)
def _unit_pattern() -> regex.Pattern[str]:
    """One unit: its kind, then its name: capitalised words for a place (`phường Đồng Tiến`); for a
    body, after a first capitalised word, lower-case words and `và` too (`Sở Khoa học và Công nghệ`),
    up to a comma, `và` before another unit, or a word that is no name's."""
    places, bodies = ("|".join(regex.escape(k) for k in _kinds()[role]) for role in ("place", "body"))
    word = r"(?:\p{Lu}[\p{L}\d'’-]*|\d+)"
    # the case-blind group holds the kinds only: `\p{Lu}` inside one would match any letter
    kind_ahead = rf"(?:và\s+)?(?i:{places}|{bodies})\s+[\p{{Lu}}\d]"  # "và Quân đoàn 4": a unit named by number too
    inner = rf"(?:(?!{kind_ahead}|{_NAME_ENDS}\b)\p{{Ll}}[\p{{L}}-]*)"
    place = rf"(?P<place>(?i:{places}))\s+(?P<place_name>{word}(?:\s+{word})*)"
    # a body's name may join its parts by a dash (`Lao động - Thương binh và Xã hội`) and close with its place
    # its first capitalised word or number may come after two lower-case words (`khu vực 1`)
    body = rf"(?P<body>(?i:{bodies}))\s+(?P<body_name>(?:{inner}\s+){{0,2}}{word}(?:\s+(?:{word}|{inner})|\s*[-–]\s*{word})*" \
           rf"(?:\s+(?i:{places})\s+{word}(?:\s+{word})*)?)"
    return regex.compile(rf"(?<![\p{{L}}\d])(?:{place}|{body})")


def _units(span: str) -> list[str]:
    """The units named in a span, in order, the kind in lower case and the name as written (`Phường Hòa
    Bình` -> `phường Hòa Bình`): a place's name is told by its capitals."""
    found = []
    for match in _unit_pattern().finditer(span):
        kind = match.group("place") or match.group("body")
        name = regex.sub(r"\s+và$", "", match.group("place_name") or match.group("body_name"))
        found += [f"{kind.lower()} {one}" for one in _numbered_apart(name)]
        if match.group("place"):
            # "3 phường An Hòa Nam, Hương Sơ Đông và Hương Long Bắc": one kind word for each name listed
            at = match.end()
            while (more := _PLACE_LISTED_RE.match(span, at)) and not _unit_pattern().match(span, more.start("name")):
                found.append(f"{kind.lower()} {more.group('name')}")
                at = more.end()
    return found


# another place's name after a listed one, its kind word left out: ", Hương Sơ Đông", " và Hương Long Bắc"
_PLACE_LISTED_RE = regex.compile(r"(?:\s*,\s*|\s+và\s+)(?P<name>\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*)")


def _numbered_apart(name: str) -> list[str]:
    """A name that joins two numbered units sharing their words (`Quân sự khu vực 1 và khu vực 2`):
    each unit named in full (`Quân sự khu vực 1`, `Quân sự khu vực 2`); any other name as it is."""
    match = regex.fullmatch(r"(?P<head>.*?)(?P<word>\p{L}+(?:\s+\p{L}+)?)\s+(?P<first>\d+)\s+và\s+(?P=word)\s+(?P<second>\d+)", name)
    if match is None:
        return [name]
    head, word = match.group("head"), match.group("word")
    return [f"{head}{word} {match.group('first')}", f"{head}{word} {match.group('second')}"]


@lru_cache(maxsize=1)
def _founded() -> regex.Pattern[str]:
    # "X (mới) được thành lập trên cơ sở sáp nhập A, B và C"; the successor is the last unit before it. So too
    # "X được thành lập (vào ngày 1/8/2025), sau khi sáp nhập A, B và C"
    return regex.compile(
        rf"(?:\(mới\)\s*|mới\s+)?(?:được\s+|đã\s+được\s+)?(?:thành lập|hình thành)\s+"
        rf"(?:(?:vào\s+)?(?:ngày\s+)?\d{{1,2}}[/.-]\d{{1,2}}(?:[/.-]\d{{2,4}})?\s*,?\s+(?=sau khi))?"
        # the successor between the verb and its ground, when the decision is the subject: "nghị quyết
        # thành lập xã X trên cơ sở ..." (a few words only: no pattern runs on across a long sentence)
        rf"(?P<new>(?:[^\s.;:]+\s+){{1,8}}?(?=trên cơ sở))?(?:trên cơ sở|từ việc|từ|sau khi)\s+"
        rf"(?:sắp xếp(?:,?\s+{_MERGING})?|{_MERGING})\s+(?:toàn bộ\s+)?(?:diện tích[^.;]*?(?:của|dân số)\s+)?(?P<olds>[^.;:\n]+)")


_ASIDE_RE = regex.compile(r"\s*\([^()]*\)")  # a bracketed aside: where a unit lies, or its short name


@lru_cache(maxsize=1)
def _merged_into() -> regex.Pattern[str]:
    # "sáp nhập A và B vào C", "hợp nhất A, B thành C", "A hợp nhất vào B"
    return regex.compile(rf"{_MERGING}\s+(?:toàn bộ\s+)?(?P<olds>[^.;:\n]*?)\s*(?:vào|thành)\s+(?P<new>[^.;:\n]+)")


MAX_CLAUSE_COMMAS = 4  # commas back from a merger's verb to the start of the units it merges


def _units_before(clause: str) -> list[str]:
    """The units merged, told before the verb in its own clause: after the last comma (`Theo Nghị quyết,
    A và B ... sáp nhập thành C`), or, when that leaves a bare list of names, from an earlier comma, where
    the list's kind word is (`Sau sắp xếp, ba xã A, B và C hợp nhất thành ...`)."""
    start = len(clause)
    for _ in range(MAX_CLAUSE_COMMAS):
        start = clause.rfind(",", 0, start)
        units = _units(clause[start + 1:])
        if units or start < 0:
            return units
    return []


def stated_mergers(text: str) -> list[tuple[str, str]]:
    """Every (old unit, successor) pair the text states, in text order, each once."""
    pairs: list[tuple[str, str]] = []
    lowered = text.lower()
    if not any(verb in lowered for verb in _MERGING_WORDS):
        return pairs  # most articles tell no merger: no sentence is read
    at = after = 0  # where the sentence read starts in the text, and where the one before it ended
    for sentence in regex.split(r"(?<=[.;!?])\s+|\n+", text):
        at = text.find(sentence, after)
        after = at + len(sentence)
        for match in _founded().finditer(sentence):
            # the successor is the last unit before the verb, not one in brackets after it ("Xã X (tỉnh Y) được
            # thành lập ...": where X lies)
            before = _units(match.group("new") or "") or _units(_ASIDE_RE.sub("", sentence[:match.start()]))
            if before:
                pairs += [(old, before[-1]) for old in _units(match.group("olds")) if old.lower() != before[-1].lower()]
        for match in _merged_into().finditer(sentence):
            olds, news = _units(match.group("olds")), _units(match.group("new"))
            if not olds:
                # "Sở A hợp nhất vào Sở B", "Xã A và xã B sáp nhập thành xã C": the units before the verb, in
                # its own clause (after the last comma: "Theo Nghị quyết, A và B ... sáp nhập thành C")
                olds = _units_before(sentence[:match.start()])
            if news:
                pairs += [(old, news[0]) for old in olds if old.lower() != news[0].lower()]
        for match in _merged_pair().finditer(sentence):
            joined = _joined_successor(_units(match.group("olds")))
            # the successor named near the merger (a window, not the whole text: a text of many mergers
            # costs no more than its length)
            if joined is not None and lowered.find(joined.lower(), at, at + len(sentence) + JOINED_REACH) >= 0:
                pairs += [(old, joined) for old in _units(match.group("olds"))]
    return list(dict.fromkeys(pairs))


JOINED_REACH = 3000  # characters after a merger's sentence where the joined successor's name is looked for


@lru_cache(maxsize=1)
def _merged_pair() -> regex.Pattern[str]:
    # "hợp nhất Ban A Trung ương và Ban B Trung ương" told with no successor after it
    return regex.compile(r"(?i:sáp nhập|hợp nhất)\s+(?P<olds>[^.;:\n]+?)"
                         r"(?=\s*(?:[.;:\n]|$)|\s*,|\s+(?:và|để)\s+(?:\p{Ll}))")


def _joined_successor(olds: list[str]) -> str | None:
    """Two units of one kind merged with no successor named after them (`ban Tuyên giáo Trung ương`, `ban Dân
    vận Trung ương`): the successor named by joining their own names before the words they share at the end
    (`ban Tuyên giáo và Dân vận Trung ương`), which the caller checks the text names."""
    if len(olds) != 2:
        return None
    (kind, *first), (other_kind, *second) = (old.split() for old in olds)
    if kind != other_kind:
        return None
    shared = 0
    while shared < min(len(first), len(second)) - 1 and first[-1 - shared] == second[-1 - shared]:
        shared += 1
    own_first, own_second = first[:len(first) - shared], second[:len(second) - shared]
    return " ".join([kind, *own_first, "và", *own_second, *first[len(first) - shared:]])
