"""The extractors, registered by name, and the spaCy components that run them.

Each extractor is one module with one entry function `find_*(doc) -> list[Found]`;
each skips, with a cheap test of its own, the sentences that cannot hold its facts.
Registering it here makes it

* a spaCy pipeline component (`nlp.add_pipe("rotation_citations")`), usable in
  a pipeline of one's own; the component appends to `doc._.rotation_facts` and
  fills `doc.spans[<type>]` for displaCy;
* part of `rotation-facts extract`, in registration order.

`word_windows(text, start, end)` tells the tokenizer which stretches of a sentence
need the expensive word segmentation: those where an extractor that reads words
consults word boundaries. Everywhere else syllables do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from spacy.language import Language
from spacy.tokens import Doc

from extractors.base import Found

Span = tuple[int, int]


@dataclass(frozen=True)
class Extractor:
    name: str                      # spaCy component name
    fact_type: str                 # "citation", "count", "official"
    find: Callable[[Doc], list[Found]]
    # For an extractor that reads word-segmented tokens: (text, start, end) -> the stretches
    # of the sentence text[start:end] where it consults word boundaries. None: it reads none.
    word_windows: Callable[[str, int, int], list[Span]] | None = None


EXTRACTORS: dict[str, Extractor] = {}

if not Doc.has_extension("rotation_facts"):
    Doc.set_extension("rotation_facts", default=None)


def register(extractor: Extractor) -> Extractor:
    EXTRACTORS[extractor.name] = extractor

    def make_component(nlp: Language, name: str) -> Callable[[Doc], Doc]:
        def component(doc: Doc) -> Doc:
            found = extractor.find(doc)
            if doc._.rotation_facts is None:
                doc._.rotation_facts = []
            doc._.rotation_facts.extend(found)
            doc.spans[extractor.fact_type] = [
                doc.char_span(f.start, f.end, label=extractor.fact_type, alignment_mode="expand") for f in found
            ]
            return doc

        return component

    if not Language.has_factory(extractor.name):
        Language.factory(extractor.name)(make_component)
    return extractor


def load_all() -> dict[str, Extractor]:
    """Import the extractor modules so they register themselves."""
    from extractors import citations, counts, officials  # noqa: F401

    return EXTRACTORS


WindowFinder = Callable[[str, int, int], list[Span]]


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
