"""The extractors `rotation-facts extract` runs, in order, and the calls that run them all.

The built-in extractors are listed here, explicitly: each module declares one
`Extractor` (`extractors.base`) and imports nothing of this one, so there is no
import cycle and the order is the order below. Other packages add extractors the
way spaCy finds factories, through an entry point of the group
`rotation_facts.extractors` whose value is an `Extractor`
(`myextractor = "mypackage.module:EXTRACTOR"` under
`[project.entry-points."rotation_facts.extractors"]`); they run after the
built-in ones, by entry-point name. `register(extractor)` adds one at run time.

Every registered extractor is part of `rotation-facts extract` (`find_facts`) and a
spaCy pipeline component of its name (`pipeline.nlp`).

`word_windows(text, start, end)` tells the segment stage which stretches of a
sentence need the expensive word segmentation: those where an extractor that
reads words consults word boundaries. Everywhere else syllables do.

Nothing here imports spaCy or the pipeline: the extractors read the text model
(`textmodel.SegmentedText`) the segment stage builds.
"""

from __future__ import annotations

from importlib.metadata import entry_points

from extractors import citations, counts, officials
from extractors.base import Extractor, Found
from textmodel import SegmentedText, Span, WindowFinder

BUILT_IN: tuple[Extractor, ...] = (citations.EXTRACTOR, counts.EXTRACTOR, officials.EXTRACTOR)
ENTRY_POINT_GROUP = "rotation_facts.extractors"

EXTRACTORS: dict[str, Extractor] = {e.name: e for e in BUILT_IN}
_plugins_loaded = False


def register(extractor: Extractor) -> Extractor:
    """Add `extractor` (or replace the one of its name); it runs after those already registered."""
    if not isinstance(extractor, Extractor):
        raise TypeError(f"not an Extractor: {extractor!r}")
    EXTRACTORS[extractor.name] = extractor
    return extractor


def load_all() -> dict[str, Extractor]:
    """Every registered extractor, with those of installed entry points (looked up once)."""
    global _plugins_loaded
    if not _plugins_loaded:
        _plugins_loaded = True
        for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: p.name):
            if point.name not in EXTRACTORS:
                register(point.load())
    return EXTRACTORS


def find_facts(segmented: SegmentedText) -> list[Found]:
    """Every registered extractor's facts in the segmented text, extractor by extractor."""
    return [fact for extractor in load_all().values() for fact in whole_sentences(extractor.find(segmented), segmented)]


def whole_sentences(found: list[Found], segmented: SegmentedText) -> list[Found]:
    """The facts, each with its whole sentence as evidence where the extractor read a piece of one."""
    if segmented.whole_sentences is not segmented.sentences:
        for fact in found:
            fact.sentence = segmented.sentence_of(fact.sentence)
    return found


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
