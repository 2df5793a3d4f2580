"""The extraction as a spaCy pipeline, for those who want a `Doc`.

`rotation-facts extract` does not need spaCy: it hands each article's
`SegmentedText` to the registered extractors (`pipeline.runner.find_in`).
This module wraps the same segmentation and the same extractors for spaCy:

* `VietnameseTokenizer`, registered as `rotation_facts.VietnameseTokenizer.v1`,
  builds a `Doc` whose tokens are the segmentation's words (syllables outside
  the word windows) and whose text is the normalised text exactly;
* each registered extractor is a component (`rotation_citations`,
  `rotation_counts`, `rotation_officials`) that appends its facts to
  `doc._.rotation_facts` and fills `doc.spans[<type>]` for displaCy;
* `build_nlp()` returns a blank Vietnamese `Language` with both (no pyvi, no
  model download). The facts are the same as `find_in`'s (a test checks).

A user can add the components to a pipeline of their own:

    import pipeline.nlp  # registers the components
    nlp.add_pipe("rotation_citations")
"""

from __future__ import annotations

from functools import lru_cache, partial
from typing import Callable

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from extractors.registry import EXTRACTORS, Extractor, load_all, whole_sentences, window_finders, word_windows
from pipeline.stages.segment import bounded_pieces, segment, split_sentences
from textmodel import SegmentedText, Span, WindowFinder, from_tokens, trimmed

_SEGMENTED = "rotation_facts.segmented"

if not Doc.has_extension("rotation_facts"):
    Doc.set_extension("rotation_facts", default=None)


class VietnameseTokenizer:
    """Builds a `Doc` whose tokens are the words of `segment(text, word_windows)`.

    `word_windows(text, start, end)` gives the stretches of a sentence to segment into
    words; None segments every sentence whole. The `SegmentedText` rides along in
    `doc.user_data`, so the components read it instead of the tokens.
    """

    def __init__(self, vocab: Vocab, word_windows: WindowFinder | None = None):
        self.vocab = vocab
        self.word_windows = word_windows

    def __call__(self, text: str) -> Doc:
        segmented = segment(text, self.word_windows)
        token_spans: list[Span] = []
        sent_starts: set[int] = set()
        for index in range(len(segmented.sentences)):
            words = segmented.sentence_words(index)
            if words:
                sent_starts.add(len(token_spans))
                token_spans += words
        doc = _doc_from_spans(self.vocab, text, token_spans, sent_starts)
        doc.user_data[_SEGMENTED] = segmented
        return doc


def _doc_from_spans(vocab: Vocab, text: str, spans: list[Span], sent_starts: set[int]) -> Doc:
    """A Doc whose text is exactly `text`: gaps other than one space become space tokens.

    Built from list comprehensions rather than a loop with a branch per token: this runs
    for every token of every article, and gaps other than "" or " " are rare.
    """
    if not spans:  # empty or white space only
        return Doc(vocab, words=[text] if text else [], spaces=[False] if text else [])
    words = [text[start:end] for start, end in spans]
    gaps = [text[end:start] for (_, end), (start, _) in zip(spans, spans[1:])] + [text[spans[-1][1]:]]
    spaces = [gap[:1] == " " for gap in gaps]
    starts = [False] * len(words)
    for i in sent_starts:
        starts[i] = True
    starts[0] = True
    # Whatever a gap holds beyond the one space its token carries is a token of its own,
    # inserted from the end so that the indices still to come stay valid.
    for i in reversed([i for i, gap in enumerate(gaps) if gap not in ("", " ")]):
        rest = gaps[i][1:] if spaces[i] else gaps[i]
        if rest:
            words.insert(i + 1, rest)
            spaces.insert(i + 1, False)
            starts.insert(i + 1, False)
    if spans[0][0] > 0:  # white space before the first token
        words.insert(0, text[:spans[0][0]])
        spaces.insert(0, False)
        starts.insert(0, True)
    return Doc(vocab, words=words, spaces=spaces, sent_starts=starts)


@registry.tokenizers("rotation_facts.VietnameseTokenizer.v1")
def create_tokenizer(segment_all: bool = False) -> Callable:
    """Registered tokenizer factory: the word windows come from the registered extractors."""

    def make(nlp) -> VietnameseTokenizer:
        if segment_all:
            return VietnameseTokenizer(nlp.vocab)
        finders = window_finders()  # once: the tokenizer asks for every sentence
        return VietnameseTokenizer(nlp.vocab, partial(word_windows, finders=finders))

    return make


def segmented(doc: Doc) -> SegmentedText:
    """What the extractors read of a `Doc`: the one our tokenizer made, or one built from
    the tokens of someone else's (with the rule splitter's sentences if it has none)."""
    found = doc.user_data.get(_SEGMENTED)
    if found is not None:
        return found
    text = doc.text
    words = [(t.idx, t.idx + len(t)) for t in doc if not t.text.isspace()]
    if doc.has_annotation("SENT_START"):
        sentences = [trimmed(text, s.start_char, s.end_char) for s in doc.sents]
        sentences = [(s, e) for s, e in sentences if e > s]
    else:
        sentences = split_sentences(text)
    pieces = bounded_pieces(text, sentences)  # a very long sentence in pieces, as `segment` reads it
    whole = None if pieces is sentences else sentences
    found = doc.user_data[_SEGMENTED] = from_tokens(text, pieces, words, whole_sentences=whole)
    return found


def _component_factory(extractor: Extractor) -> Callable:
    def make_component(nlp: Language, name: str) -> Callable[[Doc], Doc]:
        def component(doc: Doc) -> Doc:
            seg = segmented(doc)
            found = whole_sentences(extractor.find(seg), seg)
            if doc._.rotation_facts is None:
                doc._.rotation_facts = []
            doc._.rotation_facts.extend(found)
            doc.spans[extractor.fact_type] = [
                doc.char_span(f.start, f.end, label=extractor.fact_type, alignment_mode="expand") for f in found
            ]
            return doc

        return component

    return make_component


def register_components() -> None:
    """Make every registered extractor a spaCy factory of its name (again safe to call)."""
    for extractor in load_all().values():
        if not Language.has_factory(extractor.name):
            Language.factory(extractor.name)(_component_factory(extractor))


@lru_cache(maxsize=2)
def build_nlp(segment_all: bool = False) -> Language:
    """The extraction pipeline. `segment_all` runs word segmentation on every sentence."""
    register_components()  # extractors registered since this module was imported, too
    config = {"nlp": {"tokenizer": {"@tokenizers": "rotation_facts.VietnameseTokenizer.v1",
                                    "segment_all": segment_all}}}
    nlp = spacy.blank("vi", config=config)
    for name in EXTRACTORS:
        nlp.add_pipe(name)
    return nlp


register_components()
