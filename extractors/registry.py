"""The extractors, registered by name, and the spaCy components that run them.

Each extractor is one module with one entry function `find_*(doc) -> list[Found]`
and a cheap `PREFILTER` regex. Registering it here makes it

* a spaCy pipeline component (`nlp.add_pipe("rotation_citations")`), usable in
  a pipeline of one's own; the component appends to `doc._.rotation_facts` and
  fills `doc.spans[<type>]` for displaCy;
* part of `rotation-facts extract`, in registration order.

`wants_words(sentence)` tells the tokenizer which sentences need the expensive
word segmentation: those where an extractor that reads words could fire.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import regex
from spacy.language import Language
from spacy.tokens import Doc

from extractors.base import Found


@dataclass(frozen=True)
class Extractor:
    name: str                      # spaCy component name
    fact_type: str                 # "citation", "count", "official"
    find: Callable[[Doc], list[Found]]
    prefilter: regex.Pattern       # a sentence without a match cannot hold this fact
    reads_words: bool              # whether it uses word-segmented tokens


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


def word_prefilters() -> tuple[regex.Pattern, ...]:
    """The prefilters of the extractors that read words, as registered now."""
    return tuple(e.prefilter for e in load_all().values() if e.reads_words)


def wants_words(sentence: str, prefilters: tuple[regex.Pattern, ...] | None = None) -> bool:
    """Whether an extractor that reads words could fire in `sentence`."""
    return any(p.search(sentence) for p in (word_prefilters() if prefilters is None else prefilters))
