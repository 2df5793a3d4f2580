"""Stage 3, segment and tokenise: sentences, then words, carried in a spaCy `Doc`.

Sentences come from a rule splitter that knows Vietnamese news abbreviations
(`TP.`, `ThS.`, `PGS.`), numbers (`1.000`, `7.10.2017`) and paragraph breaks.
Words come from underthesea's CRF word segmenter (`Lò Văn Thân` is one token),
which is the expensive step: it runs only on the stretches of text where an
extractor consults word boundaries (a few syllables around each candidate name);
everywhere else tokens are syllables. Every
token is aligned to the normalised text, so `doc.text` is that text exactly.

Entry points: `split_sentences(text)`, and `VietnameseTokenizer`, the spaCy
tokenizer registered as `rotation_facts.VietnameseTokenizer.v1`.
"""

from __future__ import annotations

from typing import Callable, Iterable

import regex
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

Span = tuple[int, int]

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = (
    r"TP|Tp|tp|TX|Tx|TT|Q|P|X|H|ThS|Ths|TS|PGS|GS|BS|KS|CN|NSND|NSƯT|Th\.S|v\.v|St|Mr|Mrs|Ms|Dr|No|Sđd|tr"
)
# A sentence ends at . ! ? … (with closing quotes or brackets) before white space and
# an upper-case letter, a digit or an opening quote; or at a line break.
_SENTENCE_END_RE = regex.compile(
    # A run of end marks is tried once, at its first mark, and taken whole (possessive):
    # "...." repeated a million times stays linear instead of quadratic.
    r"(?<![.!?…])(?<!\b(?:%s))(?<!\b\p{Lu})[.!?…]++[\"'”’)\]]*+(?=[ ]+[\"“'‘(\[]?[\p{Lu}\p{N}])" % _ABBREVIATIONS
    + r"|\n"
)
_SYLLABLE_RE = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:[-/.,'][\p{L}\p{M}\p{N}]+)*|\S")


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of `text`, without surrounding white space."""
    spans: list[Span] = []
    start = 0
    for m in _SENTENCE_END_RE.finditer(text):
        end = m.start() if m.group() == "\n" else m.end()
        _add_trimmed(text, start, end, spans)
        start = m.end()
    _add_trimmed(text, start, len(text), spans)
    return spans


def _add_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def syllable_tokens(text: str, start: int, end: int) -> list[Span]:
    """Cheap tokens: syllables, numbers and document symbols, and single punctuation."""
    return [m.span() for m in _SYLLABLE_RE.finditer(text, start, end)]


def word_tokens(text: str, start: int, end: int) -> list[Span]:
    """underthesea's words for text[start:end]: its CRF word segmenter run on our syllables.

    This is `underthesea.word_tokenize` without its own regex tokenizer: the model tags
    each syllable as beginning (B-W) or inside (I-W) a word, and the syllables of a word
    are joined. Giving it our syllables keeps every token aligned to the text by
    construction and spares a second tokenisation of the same stretch.
    """
    syllables = syllable_tokens(text, start, end)
    if not syllables:
        return []
    tags = _word_model().predict([[text[s:e]] for s, e in syllables])
    spans: list[Span] = []
    for (s, e), tag in zip(syllables, tags):
        if tag == "I-W" and spans:
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    return spans


def _word_model():
    """underthesea's word segmentation model, loaded once per process (by `word_tokenize` itself)."""
    from underthesea.pipeline import word_tokenize as module

    if module.word_tokenize_model is None:
        module.word_tokenize("Việt Nam")  # loads the model
    return module.word_tokenize_model


class VietnameseTokenizer:
    """Builds a `Doc` whose tokens are words where an extractor reads words, syllables elsewhere.

    `word_windows(text, start, end)` gives the stretches of the sentence text[start:end]
    to segment into words (sorted, disjoint); the default (None) segments every sentence whole.
    """

    def __init__(self, vocab: Vocab, word_windows: Callable[[str, int, int], list[Span]] | None = None):
        self.vocab = vocab
        self.word_windows = word_windows

    def __call__(self, text: str) -> Doc:
        token_spans: list[Span] = []
        sent_starts: list[int] = []
        sentences = split_sentences(text)
        for start, end in sentences:
            windows = [(start, end)] if self.word_windows is None else self.word_windows(text, start, end)
            spans = _sentence_tokens(text, start, end, windows)
            if spans:
                sent_starts.append(len(token_spans))
                token_spans.extend(spans)
        doc = _doc_from_spans(self.vocab, text, token_spans, set(sent_starts))
        # spaCy rebuilds Doc.text from every Token object on each access, and iterating
        # tokens creates a Python object per token: the extractors read these instead.
        doc.user_data[_TEXT] = text
        doc.user_data[_SENTENCES] = sentences
        doc.user_data[_WORDS] = token_spans
        return doc


def _sentence_tokens(text: str, start: int, end: int, windows: list[Span]) -> list[Span]:
    """Words inside the windows, syllables between them."""
    spans: list[Span] = []
    pos = start
    for window_start, window_end in windows:
        spans += syllable_tokens(text, pos, window_start)
        spans += word_tokens(text, window_start, window_end)
        pos = window_end
    spans += syllable_tokens(text, pos, end)
    return spans


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
        from extractors.registry import window_finders, word_windows

        finders = window_finders()  # once: the tokenizer asks for every sentence
        return VietnameseTokenizer(nlp.vocab, lambda text, start, end: word_windows(text, start, end, finders))

    return make


_TEXT = "rotation_facts.text"
_SENTENCES = "rotation_facts.sentences"
_WORDS = "rotation_facts.words"


def doc_text(doc: Doc) -> str:
    """`doc.text`, computed once per Doc (spaCy rebuilds it from the tokens on every access)."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def word_spans(doc: Doc) -> list[Span]:
    """Character spans of the doc's non-space tokens (words where segmented, else syllables)."""
    spans = doc.user_data.get(_WORDS)
    if spans is None:
        spans = doc.user_data[_WORDS] = [(t.idx, t.idx + len(t)) for t in doc if not t.is_space]
    return spans


def sentence_spans(doc: Doc) -> Iterable[Span]:
    """Character spans of the doc's sentences, white space excluded.

    Our tokenizer records them; a Doc from someone else's pipeline may carry no
    sentence boundaries, and then the rule splitter supplies them, so the
    extractors work in any pipeline.
    """
    recorded = doc.user_data.get(_SENTENCES)
    if recorded is not None:
        yield from recorded
        return
    if not doc.has_annotation("SENT_START"):
        yield from split_sentences(doc_text(doc))
        return
    text = doc_text(doc)
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end > start:
            yield start, end
