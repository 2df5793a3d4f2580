"""What every extractor returns, and the small helpers they share.

An extractor reads a `textmodel.SegmentedText` (normalised text, its sentences,
words on demand) and returns `Found` facts with spans into that text. It does not
know about the original text, doc ids or JSON: the validate stage maps spans back
and builds the Pydantic records. Each extractor module declares itself as one
`Extractor` (name, fact type, entry function, word windows), which
`extractors.registry` lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

import regex

from textmodel import SegmentedText, WindowFinder


@dataclass
class Found:
    """One fact found in the normalised text."""

    type: str                # "citation", "count" or "official"
    start: int               # span of the mention in the normalised text
    end: int
    sentence: tuple[int, int]  # span of its evidence sentence in the normalised text
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass(frozen=True)
class Extractor:
    """One fact type's extractor, as the registry, the runner and spaCy see it."""

    name: str                      # spaCy component name
    fact_type: str                 # "citation", "count", "official"
    find: Callable[[SegmentedText], list[Found]]
    # For an extractor that reads words: (text, start, end) -> the stretches of the
    # sentence text[start:end] where it consults word boundaries. None: it reads none.
    word_windows: WindowFinder | None = None


@lru_cache(maxsize=None)
def data_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a data file in `extractors/data/`."""
    text = resources.files("extractors").joinpath("data", name).read_text("utf-8")
    return tuple(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#"))


@lru_cache(maxsize=None)
def data_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated data file in `extractors/data/`."""
    return tuple(tuple(cell.strip() for cell in ln.split("\t")) for ln in data_lines(name))


def fold(text: str) -> str:
    """`text` as compared regardless of case and spacing (`Quyết định  số` = `quyết định số`):
    case-folded, each run of white space one space. Used to tell whether two phrases read in
    the text are the same; `numbers.folded` is the other fold, which keeps every character's
    offset for matching patterns over a whole text."""
    return " ".join(text.casefold().split())


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of literal phrases, longest first so the longest wins."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in ordered)
