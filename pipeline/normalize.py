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

    def original_slice(self, start: int, end: int) -> str:
        s, e = self.original_span(start, end)
        return self.original[s:e]


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
_CHAR_MAP = str.maketrans({
    "\u00d0": "\u0110",  # Ð (Icelandic eth) typed for Đ
    "\u00f0": "\u0111",  # ð for đ
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\ufe63": "-", "\uff0d": "-",
    "\u2044": "/", "\u2215": "/", "\uff0f": "/",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u3000": " ",
    "\t": " ", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x0b": "\n", "\x0c": "\n",
})
_INVISIBLE_RE = regex.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]+")
_MARK_CLUSTER_RE = regex.compile(r"\P{M}\p{M}+")
_SPACES_RE = regex.compile(r"[ \u2000-\u2006\u2008-\u200a\u205f]{2,}|[\u2000-\u2006\u2008-\u200a\u205f]")
# Each run of spaces is tried once, from its first space, and taken whole: a
# megabyte of spaces without a line break stays linear (no retry at every space).
_BLANK_LINES_RE = regex.compile(r"(?<![ ])[ ]*+\n[ \n]*")


def _nfc_edits(text: str) -> Iterable[Edit]:
    for m in _MARK_CLUSTER_RE.finditer(text):
        composed = unicodedata.normalize("NFC", m.group())
        if composed != m.group():
            yield m.start(), m.end(), composed


def _tone_edits(text: str) -> Iterable[Edit]:
    for m in _TONE_RE.finditer(text):
        old = m.group()
        new = TONE_STYLE[old.lower()]
        # keep the case of each letter as written
        yield m.start(), m.end(), "".join(n.upper() if o.isupper() else n for o, n in zip(old, new))


def _invisible_edits(text: str) -> Iterable[Edit]:
    for m in _INVISIBLE_RE.finditer(text):
        yield m.start(), m.end(), ""


def _whitespace_edits(text: str) -> Iterable[Edit]:
    for m in _SPACES_RE.finditer(text):
        yield m.start(), m.end(), " "
    for m in _BLANK_LINES_RE.finditer(text):
        if m.group() != "\n":
            yield m.start(), m.end(), "\n"


@lru_cache(maxsize=1)
def _clutter_re() -> regex.Pattern:
    """Lines that are page furniture, not article text (data file: one regex per line)."""
    lines = resources.files("pipeline").joinpath("data/clutter.txt").read_text("utf-8").splitlines()
    patterns = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    return regex.compile(r"(?m)^[ ]*(?:%s)[ ]*$" % "|".join(f"(?:{p})" for p in patterns), regex.IGNORECASE)


# A photo credit at the end of a caption line: "Ảnh: Sầm Phúc", "(Ảnh: TTXVN)", "Ảnh: Tư liệu",
# "Ảnh minh họa". Only a credit's shape is removed (a few capitalised words, or a stock
# word like "tư liệu"): a caption written after "Ảnh:" ("Ảnh: Đồng chí X phát biểu ...")
# has lower-case words and stays, so the officials it names are not lost.
_CREDIT_WORD = r"(?:(?i:tư liệu|minh họa|sưu tầm|internet|chụp màn hình)|\p{Lu}[\p{L}\p{M}.]{0,20}|[A-Z]{1,6}\.[A-Z]{1,6})"
_PHOTO_CREDIT_RE = regex.compile(
    r"(?<![ ])[ ]*+[(\[]?\b(?:Ảnh|Nguồn ảnh|Video|Clip)[ ]{0,3}(?::|-)[ ]{0,3}"
    rf"{_CREDIT_WORD}(?:[ ]{{0,3}}[-/,&]?[ ]{{0,3}}{_CREDIT_WORD}){{0,5}}[ ]{{0,3}}[)\]]?[ ]*$"
    r"|(?<![ ])[ ]*+[(\[]?Ảnh minh họa[)\]]?[ ]*$",
    regex.MULTILINE,
)


def _clutter_edits(text: str) -> Iterable[Edit]:
    for m in _clutter_re().finditer(text):
        yield m.start(), m.end(), ""
    for m in _PHOTO_CREDIT_RE.finditer(text):
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


def _apply(text: str, edits: list[Edit]) -> tuple[str, np.ndarray, np.ndarray]:
    """Apply edits; return the new text and, per new char, its [start, end) in `text`."""
    pieces: list[str] = []
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    pos = 0
    for start, end, repl in edits:
        if start > pos:
            pieces.append(text[pos:start])
            starts.append(np.arange(pos, start))
            ends.append(np.arange(pos + 1, start + 1))
        if repl:
            pieces.append(repl)
            # one-for-one replacements keep per-char offsets; others map to the whole range
            if len(repl) == end - start:
                starts.append(np.arange(start, end))
                ends.append(np.arange(start + 1, end + 1))
            else:
                starts.append(np.full(len(repl), start))
                ends.append(np.full(len(repl), end))
        pos = end
    if pos < len(text):
        pieces.append(text[pos:])
        starts.append(np.arange(pos, len(text)))
        ends.append(np.arange(pos + 1, len(text) + 1))
    new_text = "".join(pieces)
    if not starts:
        return new_text, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return new_text, np.concatenate(starts).astype(np.int64), np.concatenate(ends).astype(np.int64)


_PASSES: list[Callable[[str], Iterable[Edit]]] = [
    _nfc_edits,
    _invisible_edits,
    _tone_edits,
    _clutter_edits,
    _whitespace_edits,
]


def normalize(text: str) -> NormalizedText:
    """Normalise `text` for extraction, keeping a map back to the original."""
    original = text
    starts: np.ndarray | None = None
    ends: np.ndarray | None = None
    current = text.translate(_CHAR_MAP)  # one-for-one: no offset change
    for make_edits in _PASSES:
        edits = _merge(make_edits(current))
        if not edits:
            continue
        current, step_starts, step_ends = _apply(current, edits)
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
