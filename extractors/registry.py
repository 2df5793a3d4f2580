"""The extractors, registered by name, and the one call that runs them all.

Each extractor is one module with one entry function `find_*(segmented) -> list[Found]`
over a `pipeline.segment.SegmentedText`; each skips, with a cheap test of its own,
the sentences that cannot hold its facts. Registering it here makes it part of
`rotation-facts extract` (`find_facts`), in registration order, and a spaCy
pipeline component of its name (`pipeline.nlp`).

`word_windows(text, start, end)` tells segmentation which stretches of a sentence
need the expensive word segmentation: those where an extractor that reads words
consults word boundaries. Everywhere else syllables do.

Nothing here imports spaCy: the command line runs without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Callable

from extractors.base import Found

if TYPE_CHECKING:
    from pipeline.segment import SegmentedText

Span = tuple[int, int]
WindowFinder = Callable[[str, int, int], list[Span]]


@dataclass(frozen=True)
class Extractor:
    name: str                      # spaCy component name
    fact_type: str                 # "citation", "count", "official"
    find: Callable[["SegmentedText"], list[Found]]
    # For an extractor that reads words: (text, start, end) -> the stretches of the
    # sentence text[start:end] where it consults word boundaries. None: it reads none.
    word_windows: WindowFinder | None = None


EXTRACTORS: dict[str, Extractor] = {}


def register(extractor: Extractor) -> Extractor:
    EXTRACTORS[extractor.name] = extractor
    return extractor


def load_all() -> dict[str, Extractor]:
    """Import the extractor modules so they register themselves."""
    from extractors import citations, counts, officials  # noqa: F401

    return EXTRACTORS


def find_facts(text: str, segment_all: bool = False) -> list[Found]:
    """Every registered extractor's facts in the normalised `text`, extractor by extractor.

    `segment_all` segments every sentence into words whole, instead of only the
    windows the extractors ask for: slower, and (tests check) the same facts.
    """
    from pipeline.segment import segment

    extractors = load_all()
    windows = None if segment_all else partial(word_windows, finders=window_finders())
    segmented = segment(text, windows)
    return [fact for extractor in extractors.values() for fact in extractor.find(segmented)]


def window_finders() -> tuple[WindowFinder, ...]:
    """The `word_windows` of the extractors that read words, as registered now."""
    return tuple(e.word_windows for e in load_all().values() if e.word_windows is not None)


def word_windows(text: str, start: int, end: int, finders: tuple[WindowFinder, ...] | None = None) -> list[Span]:
    """The stretches of the sentence text[start:end] that need word segmentation, sorted and disjoint."""
    spans = sorted(w for find in (window_finders() if finders is None else finders) for w in find(text, start, end))
    merged: list[Span] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged
