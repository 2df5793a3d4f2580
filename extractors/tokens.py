"""Tokens: the syllables, numbers and marks of a sentence, the unit every extractor reads.

`tokenize(text, start, end)` gives a sentence's `Tok`s with offsets into the text as read.
Its pattern uses `regex`'s \\p{...} classes; the standard `re` engine runs the same pattern
about twice as fast, with the classes spelled out as code-point ranges (`spelled`) for the
characters below SPELLED_BELOW. `beyond_spelled` says whether a span holds a character past
them, so the `re` twin cannot read it (the officials' gates and the segmenter ask it too).

Entry points: `tokenize`, `Tok`; `beyond_spelled`, `spelled` and SPELLED_BELOW for the
`re` twins of other modules' patterns.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter

import regex

# A token: a syllable or number, with joined pieces kept whole ("9/2022", "NN&PTNT", "H'"); or one mark.
_TOKEN_PATTERN = r"({word}+(?:['’]{letter}*)?(?:[./&]{word}+)*|{mark})"  # one group: `split` keeps the tokens
_TOKEN_CLASSES = {"word": r"[\p{L}\p{M}\p{N}]", "letter": r"[\p{L}\p{M}]", "mark": r"\S"}
_TOKEN_RE = regex.compile(_TOKEN_PATTERN.format(**_TOKEN_CLASSES))

# The same pattern for the standard `re` engine, which runs it faster (about half the
# instructions on news text) but has no \p{...} classes: they are spelled out as ranges
# of code points, asked of `regex` itself, for the characters below SPELLED_BELOW (Latin,
# Vietnamese, common punctuation: nearly every news sentence). A sentence with a
# character beyond uses `regex`. (The officials' sentence gates do the same.)
SPELLED_BELOW = 0x2100
_BEYOND_SPELLED_RE = re.compile(f"[^\\x00-\\u{SPELLED_BELOW - 1:04x}]")


# Texts shorter than this are searched whole at each call instead of through `_beyond_offsets`: a
# post or a place name tokenised on its own is new text each time, and caching its offsets would
# only push the article's own out of the cache (a scan of the whole article again at the next ask).
SEARCHED_WHOLE_BELOW = 512


def beyond_spelled(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] holds a character past SPELLED_BELOW: `re` twins cannot read it."""
    if len(text) < SEARCHED_WHOLE_BELOW:
        return _BEYOND_SPELLED_RE.search(text, start, end) is not None
    offsets = _beyond_offsets(text)
    return bool(offsets) and bisect_left(offsets, start) < bisect_left(offsets, end)


@lru_cache(maxsize=4)
def _beyond_offsets(text: str) -> list[int]:
    """Where the characters past SPELLED_BELOW are in `text`, found once for all its sentences
    (an article's text is asked about sentence by sentence; most have none)."""
    return [m.start() for m in _BEYOND_SPELLED_RE.finditer(text)]


@lru_cache(maxsize=None)  # the gates ask again for the same few classes (each case of a letter): a scan each
def spelled(char_class: str) -> str:
    """The characters below SPELLED_BELOW that the `regex` class `char_class` matches, as an `re` class."""
    below = "".join(map(chr, range(SPELLED_BELOW)))
    ranges = [(m.start(), m.end() - 1) for m in regex.finditer(char_class + "+", below)]
    return "[" + "".join(_in_class(first) if first == last else f"{_in_class(first)}-{_in_class(last)}"
                         for first, last in ranges) + "]"


_CLASS_SYNTAX = frozenset("\\[]^-&~|")  # what a class may read as syntax (`&&`, `~~`, `||`: set operations to come)


def _in_class(code: int) -> str:
    """A character as an `re` class writes it: itself where it stands for itself (`re` parses that
    several times faster than an escape, and the officials' gates spell hundreds), else its escape."""
    char = chr(code)
    return char if char.isprintable() and not char.isspace() and char not in _CLASS_SYNTAX else f"\\u{code:04x}"



@lru_cache(maxsize=1)
def _spelled_token_re() -> re.Pattern:
    return re.compile(_TOKEN_PATTERN.format(**{name: spelled(cls) for name, cls in _TOKEN_CLASSES.items()}))


class Tok:
    """One token of a sentence.

    A sentence's tokens are looked at many times (each lexicon tries them), so the
    lower-case form and whether it is written in lower case are stored (computed by
    `tokenize` for a whole sentence at once); the rarer questions are properties.
    Slots, not a tuple: Python reads a slot about twice as fast as a named field.
    """

    __slots__ = ("start", "end", "text", "low", "is_lower")

    def __init__(self, start: int, end: int, text: str, low: str, is_lower: bool):
        self.start = start
        self.end = end
        self.text = text
        self.low = low
        self.is_lower = is_lower

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def is_cap(self) -> bool:
        return self.text[0].isupper()

    def __repr__(self) -> str:
        return f"Tok({self.start}, {self.end}, {self.text!r})"


def first_token(text: str) -> str | None:
    """The text of `tokenize(text)[0]` when `text` opens with it (no white space before), else None:
    one match instead of all the tokens, for a look-up that needs only the first word."""
    if not text or text[0].isspace():  # str.isspace takes in every character the pattern's `\\S` leaves out
        return None
    pattern = _TOKEN_RE if beyond_spelled(text, 0, len(text)) else _spelled_token_re()
    return pattern.match(text).group()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Tok]:
    """The tokens of text[start:end].

    The pattern holds no anchor or look-around, so its matches in the slice are those
    of `finditer(text, start, end)`; and as a mark is any non-space character, every
    character is in a token or in the gap between two. Splitting around the tokens
    (`[gap, token, gap, ..., token, gap]`) gives their texts, and the running sum of
    the pieces' lengths their offsets, all in C: per token, Python runs only `Tok()`.
    """
    end = len(text) if end is None else end
    pattern = _TOKEN_RE if beyond_spelled(text, start, end) else _spelled_token_re()  # the same tokens either way
    pieces = pattern.split(text[start:end])
    offsets = list(accumulate(map(len, pieces), initial=start))
    texts = pieces[1::2]
    return list(map(Tok, offsets[1::2], offsets[2::2], texts, map(str.lower, texts),
                    map(str.islower, map(itemgetter(0), texts))))
