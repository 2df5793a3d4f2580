"""Stage 4, extract: the spaCy pipeline that runs the registered extractors.

`build_nlp()` returns a blank Vietnamese `Language` with our tokenizer (no pyvi,
no model download) and one component per registered extractor. A user can add
the same components to a pipeline of their own:

    import extractors.registry; extractors.registry.load_all()
    nlp.add_pipe("rotation_citations")
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

import pipeline.segment  # noqa: F401  (registers the tokenizer)
from extractors.registry import load_all


@lru_cache(maxsize=2)
def build_nlp(segment_all: bool = False) -> Language:
    """The extraction pipeline. `segment_all` runs word segmentation on every sentence."""
    extractors = load_all()
    config = {"nlp": {"tokenizer": {"@tokenizers": "rotation_facts.VietnameseTokenizer.v1",
                                    "segment_all": segment_all}}}
    nlp = spacy.blank("vi", config=config)
    for name in extractors:
        nlp.add_pipe(name)
    return nlp
