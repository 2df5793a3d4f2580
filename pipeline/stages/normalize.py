"""Stage 2, normalise: one spelling of the text for the extractors, with a way back.

The extractors see one canonical form: Unicode NFC, `Ð` (U+00D0) read as `Đ`,
one tone-mark placement (`ủy`, `hòa`), ASCII dashes and slashes, collapsed white
space, and no page clutter (font-size widgets, "Bình luận", photo credits).
Every reported span must still point into the text exactly as it was read, so
each rewrite records where its characters came from; `NormalizedText.original_span`
maps a span of the normalised text back to the original.

Entry point: `normalize(text) -> NormalizedText`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterable

import numpy as np
import regex

# An edit replaces original[start:end] with `replacement`.
Edit = tuple[int, int, str]


@dataclass(frozen=True)
class NormalizedText:
    """The normalised text and, per character, the original range it came from."""

    text: str
    original: str
    starts: np.ndarray | None  # original start of each normalised char; None when identical
    ends: np.ndarray | None    # original end of each normalised char

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a non-empty span [start, end) of `text` to the original text."""
        if self.starts is None:
            return start, end
        return int(self.starts[start]), int(self.ends[end - 1])


# --- the rewrites, in order -------------------------------------------------

# Word-final old-style tone placement -> the placement the gold and most news use.
TONE_STYLE = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
# Not after q: in "quý", "quỳnh" the u belongs to the consonant and the tone sits on y.
_TONE_RE = regex.compile(r"(?<![qQ])(%s)(?!\w)" % "|".join(TONE_STYLE), regex.IGNORECASE)

# One-for-one character replacements (same length, so offsets are untouched).
_CHAR_TABLE: dict[str, str] = {
    "\u00d0": "\u0110",  # Ð (Icelandic eth) typed for Đ
    "\u00f0": "\u0111",  # ð for đ
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\ufe63": "-", "\uff0d": "-",
    "\u2044": "/", "\u2215": "/", "\uff0f": "/",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u3000": " ",
    "\t": " ", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x0b": "\n", "\x0c": "\n",
}
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE_RE = regex.compile("[%s]+" % _INVISIBLE)
_MARK_CLUSTER_RE = regex.compile(r"\P{M}\p{M}+")
_ANY_MARK_RE = regex.compile(r"\p{M}")
_ODD_SPACES = "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f"
_SPACES_RE = regex.compile("[ %s]{2,}|[%s]" % (_ODD_SPACES, _ODD_SPACES))
# Each run of spaces is tried once, from its first space, and taken whole: a
# megabyte of spaces without a line break stays linear (no retry at every space).
_BLANK_LINES_RE = regex.compile(r"(?<![ ])[ ]*+\n[ \n]*")

# Fast scanners. The patterns above define the passes; the `regex` module tries them
# at every position of the text, which costs about as much as the rest of the stage
# together. Where a pattern can only match around a literal ("\n", a keyword, two
# spaces), these find the candidates first: stdlib `re` and `str` find plain
# characters several times faster, and the defining pattern still decides each match.
_DOUBLE_SPACES_RE = re.compile("  +")  # written so: `re` finds the literal "  " prefix fast
_NEWLINE_RUN_RE = re.compile("\n[ \n]*")


def _replace_chars(text: str) -> str:
    """`text.translate(str.maketrans(_CHAR_TABLE))`, but only for the characters present.

    translate looks up every character of a non-ASCII text in a dict; a substring
    test per table entry is a fast C scan, and most texts hold two or three of them.
    No replacement is itself a key, so replacing one character at a time is the same.
    """
    for old, new in _CHAR_TABLE.items():
        if old in text:
            text = text.replace(old, new)
    return text


def _nfc_edits(text: str) -> Iterable[Edit]:
    if not _ANY_MARK_RE.search(text):  # no combining mark (precomposed Vietnamese): nothing to compose
        return
    for m in _MARK_CLUSTER_RE.finditer(text):
        composed = unicodedata.normalize("NFC", m.group())
        if composed != m.group():
            yield m.start(), m.end(), composed


# Candidates for _TONE_RE: a first letter of a key followed by a second letter of a key,
# in either case (IGNORECASE in `regex` pairs these letters only with their upper case:
# tests/test_normalize.py checks it), not followed by an ASCII letter (a word character
# for `regex` too: "toàn", "ngoài" are not word-final). Two candidates never overlap: a
# second letter is never a first letter.
_TONE_FIRST = sorted({k[0] for k in TONE_STYLE} | {k[0].upper() for k in TONE_STYLE})
_TONE_SECOND = sorted({k[1] for k in TONE_STYLE} | {k[1].upper() for k in TONE_STYLE})
_TONE_CANDIDATE_RE = re.compile("[%s][%s](?![A-Za-z])" % ("".join(_TONE_FIRST), "".join(_TONE_SECOND)))


def _tone_edits(text: str) -> Iterable[Edit]:
    for candidate in _TONE_CANDIDATE_RE.finditer(text):
        m = _TONE_RE.match(text, candidate.start())  # every match is two letters: a candidate
        if not m:
            continue
        old = m.group()
        new = TONE_STYLE[old.lower()]
        # keep the case of each letter as written
        yield m.start(), m.end(), "".join(n.upper() if o.isupper() else n for o, n in zip(old, new))


def _invisible_edits(text: str) -> Iterable[Edit]:
    if not any(ch in text for ch in _INVISIBLE):
        return
    for m in _INVISIBLE_RE.finditer(text):
        yield m.start(), m.end(), ""


def _space_run_edits(text: str) -> Iterable[Edit]:
    """The matches of _SPACES_RE, each replaced by one space."""
    if any(ch in text for ch in _ODD_SPACES):
        runs = _SPACES_RE.finditer(text)
    else:  # without odd spaces _SPACES_RE matches exactly the runs of two or more spaces
        runs = _DOUBLE_SPACES_RE.finditer(text)
    for m in runs:
        yield m.start(), m.end(), " "


def _blank_line_edits(text: str) -> Iterable[Edit]:
    """The matches of _BLANK_LINES_RE other than a lone "\n", each replaced by one "\n".

    A match is a whole run of spaces and line breaks that holds a line break: the
    spaces before its first "\n", that "\n" and everything after it. _NEWLINE_RUN_RE
    finds the run from its first "\n" on; the spaces before are counted back from there.
    """
    previous_end = 0
    for m in _NEWLINE_RUN_RE.finditer(text):
        start = m.start() - _spaces_before(text, m.start(), previous_end)
        if m.end() - start > 1:
            yield start, m.end(), "\n"
        previous_end = m.end()


def _spaces_before(text: str, pos: int, floor: int) -> int:
    """How many spaces stand right before `pos`, looking no further back than `floor`."""
    if pos == floor or text[pos - 1] != " ":  # the usual case: no slice
        return 0
    before = text[floor:pos]
    return len(before) - len(before.rstrip(" "))


@lru_cache(maxsize=1)
def _clutter_res() -> tuple[regex.Pattern, regex.Pattern]:
    """Lines that are page furniture, not article text (data file: one regex per line).

    Two forms of one pattern: anchored at a line start, and led by the "\n" before the
    line, which `regex` finds by a fast literal scan instead of trying every position.
    """
    lines = resources.files("pipeline").joinpath("data/clutter.txt").read_text("utf-8").splitlines()
    patterns = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    line = r"[ ]*(?:%s)[ ]*$" % "|".join(f"(?:{p})" for p in patterns)
    return (regex.compile("(?m)^" + line, regex.IGNORECASE),
            regex.compile("(?m)\n" + line, regex.IGNORECASE))


def _clutter_spans(text: str) -> list[tuple[int, int]]:
    """The matches of the clutter pattern, as its finditer would find them, left to right."""
    at_line_start, after_newline = _clutter_res()
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        # A match can end just after a "\n" (a pattern's \s): the line starting there
        # has its "\n" behind the search position, so try it in place first.
        here = at_line_start.match(text, pos) if pos == 0 or text[pos - 1] == "\n" else None
        if here:
            span = here.span()
        else:
            led = after_newline.search(text, pos)
            if not led:
                return spans
            span = (led.start() + 1, led.end())
        if span[0] == span[1]:
            # Only a data pattern that can match an empty line gets here: the plain
            # scan keeps the exact semantics of empty matches.
            return [m.span() for m in at_line_start.finditer(text)]
        spans.append(span)
        pos = span[1]


# A photo credit at the end of a caption line: "Ảnh: Sầm Phúc", "(Ảnh: TTXVN)", "Ảnh: Tư liệu",
# "Ảnh minh họa", "<caption> - Ảnh 1.". Only a credit's shape is removed (a few capitalised words, or a stock
# word like "tư liệu"): a caption written after "Ảnh:" ("Ảnh: Đồng chí X phát biểu ...")
# has lower-case words and stays, so the officials it names are not lost.
_CREDIT_WORD = r"(?:(?i:tư liệu|minh họa|sưu tầm|internet|chụp màn hình)|\p{Lu}[\p{L}\p{M}.]{0,20}|[A-Z]{1,6}\.[A-Z]{1,6})"
_PHOTO_CREDIT_RE = regex.compile(
    r"(?<![ ])[ ]*+[(\[]?\b(?:Ảnh|Nguồn ảnh|Video|Clip)[ ]{0,3}(?::|-)[ ]{0,3}"
    rf"{_CREDIT_WORD}(?:[ ]{{0,3}}[-/,&]?[ ]{{0,3}}{_CREDIT_WORD}){{0,5}}[ ]{{0,3}}[)\]]?[ ]*$"
    r"|(?<![ ])[ ]*+[(\[]?Ảnh minh họa[)\]]?[ ]*$"
    # an image's alt text numbered by the site at the end of its caption line ("<headline> - Ảnh 1.")
    r"|(?<![ ])[ ]*+[-–][ ]{0,3}Ảnh[ ]{1,3}\d{1,2}[.]?[ ]*$",
    regex.MULTILINE,
)
# Every photo credit holds one of these words and lies within one line (nothing in the
# pattern matches "\n"), so only the lines holding one need the pattern.
_PHOTO_WORD_RE = re.compile("Ảnh|Nguồn ảnh|Video|Clip")


def _lines_with(pattern: re.Pattern, text: str) -> Iterable[tuple[int, int]]:
    """Each line (start, end before its "\n") holding a match of `pattern`, once, in order."""
    pos = 0
    while hit := pattern.search(text, pos):
        start = text.rfind("\n", 0, hit.start()) + 1
        end = text.find("\n", hit.end())
        end = len(text) if end < 0 else end
        yield start, end
        pos = end + 1


def _clutter_edits(text: str) -> Iterable[Edit]:
    for start, end in _clutter_spans(text):
        yield start, end, ""
    for line_start, line_end in _lines_with(_PHOTO_WORD_RE, text):
        for m in _PHOTO_CREDIT_RE.finditer(text, line_start, line_end):
            yield m.start(), m.end(), ""


def _merge(edits: Iterable[Edit]) -> list[Edit]:
    """Sort edits and drop any that overlap one already kept."""
    merged: list[Edit] = []
    last_end = -1
    for start, end, repl in sorted(edits, key=lambda e: (e[0], e[1])):
        if start >= last_end:
            merged.append((start, end, repl))
            last_end = end
    return merged


def _apply(text: str, edits: list[Edit]) -> tuple[str, np.ndarray | None, np.ndarray | None]:
    """Apply edits; return the new text and, per new char, its [start, end) in `text`.

    The map is None when every edit keeps its length (the tone marks): each char
    then maps to itself.
    """
    pieces: list[str] = []
    pos = 0
    for start, end, repl in edits:
        pieces.append(text[pos:start])
        pieces.append(repl)
        pos = end
    pieces.append(text[pos:])
    new_text = "".join(pieces)
    if all(len(repl) == end - start for start, end, repl in edits):
        return new_text, None, None
    starts, ends = _offset_map(edits, len(new_text))
    return new_text, starts, ends


def _offset_map(edits: list[Edit], new_length: int) -> tuple[np.ndarray, np.ndarray]:
    """Per char of the edited text, the [start, end) it came from (edits sorted, disjoint).

    A kept char, and a char of a same-length replacement, comes from one char: its own
    position shifted by what the edits before it removed. A char of any other
    replacement comes from the whole range that replacement took. One pass over the
    edits, then whole-array steps (no per-char loop: this runs for every article).
    """
    segment_lengths: list[int] = []  # the new text, cut after each replacement
    shifts: list[int] = [0]          # per segment: old position minus new position
    collapsed: list[tuple[int, int, int, int]] = []  # new range <- old range
    removed = 0
    cut = 0
    for start, end, repl in edits:
        new_start = start - removed
        if repl and len(repl) != end - start:
            collapsed.append((new_start, new_start + len(repl), start, end))
        removed += (end - start) - len(repl)
        segment_lengths.append(new_start + len(repl) - cut)
        shifts.append(removed)
        cut = new_start + len(repl)
    segment_lengths.append(new_length - cut)
    starts = np.arange(new_length, dtype=np.int64) + np.repeat(np.array(shifts, dtype=np.int64), segment_lengths)
    ends = starts + 1
    for new_start, new_end, start, end in collapsed:
        starts[new_start:new_end] = start
        ends[new_start:new_end] = end
    return starts, ends


_PASSES: list[Callable[[str], Iterable[Edit]]] = [
    _nfc_edits,
    _invisible_edits,
    _tone_edits,
    _clutter_edits,
    # Two passes, in this order: blank lines are found among plain spaces only once odd
    # spaces and runs of spaces are one " " ("x  \n\ny", "x\u2003\ny" both give "x\ny").
    _space_run_edits,
    _blank_line_edits,
]


def normalize(text: str) -> NormalizedText:
    """Normalise `text` for extraction, keeping a map back to the original."""
    original = text
    starts: np.ndarray | None = None
    ends: np.ndarray | None = None
    current = _replace_chars(text)  # one-for-one: no offset change
    for make_edits in _PASSES:
        edits = _merge(make_edits(current))
        if not edits:
            continue
        current, step_starts, step_ends = _apply(current, edits)
        if step_starts is None:  # same-length edits: offsets unchanged
            continue
        if starts is None:
            starts, ends = step_starts, step_ends
        else:
            # compose: a new char's range in the original spans its sources' ranges
            starts, ends = starts[step_starts], ends[step_ends - 1]
    # trim the ends of the whole text
    lead = len(current) - len(current.lstrip(" \n"))
    trail = len(current.rstrip(" \n"))
    if lead or trail < len(current):
        if starts is None:
            starts, ends = np.arange(len(current)), np.arange(1, len(current) + 1)
        current, starts, ends = current[lead:trail], starts[lead:trail], ends[lead:trail]
    return NormalizedText(current, original, starts, ends)
