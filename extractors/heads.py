"""Fast scans for big patterns: find the literal words every match begins with, then try the pattern there.

The counts extractor's patterns (verbs, levels, motion words, ...) are alternations of
hundreds of phrases from data files. The `regex` module tries such a pattern at every
position of the text; the standard `re` finds plain words several times faster. So each
pattern's *heads*, the literal words its matches begin with, are read from the pattern's
own syntax (`literal_heads`, with the standard library's regex parser), found with `re`,
and the pattern is tried only there (`Heads`). Results are the same as the pattern's own
`finditer`/`search`: tests/test_counts_speed.py holds every fast path to the plain scan.

Entry points: `Heads(pattern, heads, word_start)`, `literal_heads(*fragments)`,
`folded_text(text)`.
"""

from __future__ import annotations

import re
import threading

import regex

from extractors.numbers import LATIN_LETTERS, folded, literal_trie

try:  # the standard library's regex parser is private: without it, patterns scan as usual
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover
    _sre = _sre_parse = None


class Heads:
    """A pattern, and the literal words one of which begins every match of it (its heads).

    `regex` tries a large pattern at every position of a span; the heads are found first on
    the folded text (`numbers.folded`) with the standard `re`, many times faster, and the
    pattern is tried only there: `finditer`, `search` and `match` give what the pattern's own do.
    Whether a pattern matches at a position does not depend on where its scan began (its
    look-behinds see the text before the span), so trying it at each head in turn, after
    the end of the match before, finds the same matches.

    A space in a head stands for any run of white space. `word_start`: every match starts
    after a character that is not a letter, so a Latin letter before a head rules it out (the
    scan checks that unless `check_start` is off: for some patterns that costs more than it
    saves). `fold`: the pattern ignores case, so the heads are looked for on the folded text;
    else as they are written. Where heads are checked for a word start, or a match of the pattern
    could start inside one (after a space in it, `điều chuyển` / `chuyển đổi`), heads are looked for
    at every position; else the scan passes over each head it finds. Without heads (a pattern whose
    matches may begin otherwise), the pattern scans as usual.
    """

    def __init__(self, pattern: regex.Pattern | None, heads: frozenset[str] | None, word_start: bool,
                 fold: bool = True, check_start: bool = True):
        """`pattern`, whose matches each begin with one of `heads` (None: any place may begin one);
        `word_start`: a match starts a word; `fold`: heads are looked for in the folded text;
        `check_start`: the scan itself checks that no letter comes before a head. Compiles the
        `re` patterns that find the heads (see the class's docstring)."""
        self.pattern = pattern
        self.heads = heads
        self._fold = fold
        if heads is None:
            self._at = self._scan = None
            self._before = False
            return
        after = rf"(?<![{LATIN_LETTERS}])" if word_start and check_start else ""
        trie = literal_trie(heads).replace(r"\ ", r"\s+")
        inner = _inner_heads(heads, word_start)
        head = rf"(?=(?:{trie}))" if inner else rf"(?:{trie})"
        self._at = re.compile(after + head)  # a head at a given place
        # `re` tries a scan that opens with a look-around at every place, but skips ahead to where
        # one that opens with a class may match. So after a look-behind the scan takes in the
        # character before each head (the head is a look-ahead: the match ends where it starts),
        # and a head at the span's first place, with no character of the span before it, is
        # looked for on its own; heads that may overlap take in their first letter (and look
        # back at the head from after it: the match starts where it does).
        self._before = bool(after)
        if after:
            self._scan = re.compile(rf"[^{LATIN_LETTERS}](?=(?:{trie}))")
        elif inner:
            firsts = "".join(re.escape(ch) for ch in sorted({h[0] for h in heads}))
            self._scan = re.compile(rf"[{firsts}](?<=(?=(?:{trie})).)")
        else:
            self._scan = self._at

    def places(self, text: str, start: int, end: int) -> list[int]:
        """Where heads stand in text[start:end], in order (only with heads)."""
        f = folded_text(text) if self._fold else text
        if not self._before:
            return [head.start() for head in self._scan.finditer(f, start, end)]
        found = [head.end() for head in self._scan.finditer(f, start, end)]
        return [start] + found if self._at.match(f, start, end) is not None else found

    def at(self, text: str, pos: int, end: int) -> bool:
        """Whether a head stands at `pos` (ending by `end`; only with heads)."""
        return self._at.match(folded_text(text) if self._fold else text, pos, end) is not None

    def finditer(self, text: str, start: int, end: int) -> list[regex.Match]:
        if self._at is None:
            return list(self.pattern.finditer(text, start, end))
        match, found, pos = self.pattern.match, [], start
        for p in self.places(text, start, end):
            if p >= pos:
                m = match(text, p, end)
                if m is not None:
                    found.append(m)
                    pos = max(m.end(), p + 1)
        return found

    def match(self, text: str, pos: int, end: int) -> regex.Match | None:
        """`pattern.match(text, pos, end)`: tried only when a head stands at `pos`."""
        if self._at is not None and not self.at(text, pos, end):
            return None  # every match begins with a head
        return self.pattern.match(text, pos, end)

    def search(self, text: str, start: int, end: int) -> regex.Match | None:
        if self._at is None:
            return self.pattern.search(text, start, end)
        match = self.pattern.match
        for p in self.places(text, start, end):
            m = match(text, p, end)
            if m is not None:
                return m
        return None


def _inner_heads(heads: frozenset[str], word_start: bool) -> bool:
    """Whether a head may begin inside another (after a non-letter in it, for `word_start`)."""
    for h in heads:
        for k in range(1, len(h)):
            if word_start and h[k - 1].isalpha() or h[k] == " ":
                continue
            rest = h[k:]
            if any(rest.startswith(o) or o.startswith(rest) for o in heads):
                return True
    return False


_LAST = threading.local()
_SHARED: tuple[str, str] = ("", "")  # the pair any thread kept last: read without the thread's own


def folded_text(text: str) -> str:
    """`numbers.folded(text)`, kept for the article in hand (the same string object) in each thread.
    A pair holds its text and that text's fold whichever thread wrote it, so the shared one, if it
    is for this text, is right; threads working on other articles fall back on their own."""
    global _SHARED
    last = _SHARED
    if last[0] is text:
        return last[1]
    last = getattr(_LAST, "folded", None)
    if last is None or last[0] is not text:
        last = _LAST.folded = (text, folded(text))
    _SHARED = last
    return last[1]


def literal_heads(*fragments: str, fold: bool = True) -> frozenset[str] | None:
    """The literal text every match of one of these regex fragments begins with, read from the
    fragments' syntax: letters, and after a letter `.,-` and white space (a space or a run of
    white space: a space in the head), up to the first anything else, through groups,
    alternatives and optional parts, past look-arounds and anchors; folded (`numbers.folded`)
    for a pattern that ignores case. None when some match may begin otherwise (or with no
    letter, or the standard `re` cannot parse a fragment)."""
    if _sre_parse is None:
        return None
    heads: set[str] = set()
    for fragment in fragments:
        try:  # a `regex` property class is a class all the same: it ends a head
            found = _walk(list(_sre_parse.parse(_PROPERTY_RE.sub(r"\\w", fragment))), "")
        except Exception:  # other syntax only `regex` knows (variable look-behinds, sets): no heads
            return None
        if found is None:
            return None
        heads |= {folded(h) if fold else h for h in found}
    # a head another one begins with adds nothing
    return frozenset(h for h in heads if not any(o != h and h.startswith(o) for o in heads))


_PROPERTY_RE = re.compile(r"\\[pP]\{[^}]*\}")
if _sre is not None:
    _ZERO_WIDTH = (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT)
    _REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)
    _SPACE = [(_sre.IN, [(_sre.CATEGORY, _sre.CATEGORY_SPACE)])]


def _walk(items: list, prefix: str) -> set[str] | None:
    """Heads of the sequence `items` after the literal `prefix` (see `literal_heads`)."""
    for i, (op, av) in enumerate(items):
        if op in _ZERO_WIDTH:
            continue
        if op is _sre.LITERAL and (chr(av).isalpha() or (chr(av) in " .,-" and prefix[-1:] not in ("", " "))):
            prefix += chr(av)
            continue
        rest = items[i + 1:]
        if op in _REPEATS and av[0] >= 1 and list(av[2]) == _SPACE and prefix[-1:] not in ("", " "):
            prefix += " "  # a run of white space
            continue
        if op is _sre.SUBPATTERN:
            return _walk(list(av[-1]) + rest, prefix)
        if op is _sre.ATOMIC_GROUP:
            return _walk(list(av) + rest, prefix)
        if op is _sre.BRANCH:
            return _union(_walk(list(branch) + rest, prefix) for branch in av[1])
        if op in _REPEATS:
            low, _, body = av
            once = _walk(list(body), prefix)  # what follows the first time through is not read on
            return once if low else _union([once, _walk(rest, prefix)])
        break
    prefix = prefix.rstrip()
    return {prefix} if prefix else None


def _union(parts) -> set[str] | None:
    heads: set[str] = set()
    for part in parts:
        if part is None:
            return None
        heads |= part
    return heads
