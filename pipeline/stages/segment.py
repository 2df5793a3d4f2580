"""Stage 3, segment: sentences, then words, as spans of the normalised text.

Sentences come from a rule splitter that knows Vietnamese news abbreviations
(`TP.`, `ThS.`, `PGS.`), numbers (`1.000`, `7.10.2017`) and paragraph breaks.
Words come from underthesea's CRF word segmenter (`Lò Văn Thân` is one word;
its feature strings written by `word_features` and its tagging done on numbers by
`word_tagger`, faster, to the same tags),
which is the expensive step: it runs only on the stretches of text where an
extractor consults word boundaries (a few syllables around each candidate name),
and only in the sentences an extractor asks about; everywhere else words are
syllables. Every span points into the text, so nothing needs aligning back.

A "sentence" over `MAX_SENTENCE` characters (a scraped index of document numbers,
a page with no full stop: never a sentence of real prose) is read in pieces of at
most that length, cut after a clause mark or at a space (`bounded_pieces`): the
extractors' work on a sentence, and underthesea's on a run of capitalised words,
then stays bounded per piece, so time and memory grow linearly with any text. The
facts keep the whole sentence as their evidence sentence.

Entry points: `split_sentences(text)`, `bounded_pieces(text, sentences)`, and
`segment(text, word_windows)`, which returns the `SegmentedText` the extractors read. `pipeline.nlp` carries the same
segmentation in a spaCy `Doc` for those who want one.
"""

from __future__ import annotations

import importlib.util
import pickle
import re
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any, Callable

import regex

from extractors.tokens import beyond_spelled, spelled
from pipeline.stages.word_features import Featurizer, UnsafeToken, may_be_unsafe, model_attributes
from pipeline.stages.word_tagger import NumericTagger, model_weights
from textmodel import SegmentedText, Span, WindowFinder, trimmed

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
# The same, as a group to split on: the pieces alternate gap, syllable, gap, ..., syllable, gap.
_SYLLABLE_SPLIT_RE = regex.compile(f"({_SYLLABLE_RE.pattern})")


@lru_cache(maxsize=1)
def _spelled_syllable_split_re() -> re.Pattern:
    """`_SYLLABLE_SPLIT_RE` for the standard `re` engine, which splits about twice as fast: its
    classes spelled out as the characters below SPELLED_BELOW that `regex` matches (`re`'s own
    `\\S` differs: it takes \\x1c-\\x1f for white space). For a stretch with no character beyond
    (`beyond_spelled`), the same pieces; `tokens.tokenize` does the same."""
    word, mark = spelled(r"[\p{L}\p{M}\p{N}]"), spelled(r"\S")
    return re.compile(f"({word}+(?:[-/.,']{word}+)*|{mark})")


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


# The longest sentence of the corpus, the dev set and the benchmark corpus has 858 characters;
# a longer "sentence" is a list or a page without sentence ends, read in pieces of at most this.
MAX_SENTENCE = 2_000
# Where a long sentence is cut, best first: after a semicolon, after a comma, at a space; each
# looked for in the second half of the piece, so a piece is never under half the limit.
_CUT_AFTER = (";", ",")


def bounded_pieces(text: str, sentences: list[Span], limit: int = MAX_SENTENCE) -> list[Span]:
    """The sentences, each one over `limit` characters cut into consecutive pieces of at most
    `limit`, without white space at their ends (the others as they are; with none to cut, the
    same list)."""
    if all(end - start <= limit for start, end in sentences):
        return sentences  # nearly every article: no copy of a list of a million spans
    pieces: list[Span] = []
    for start, end in sentences:
        while end - start > limit:
            cut = _cut(text, start, start + limit)
            _add_trimmed(text, start, cut, pieces)
            start = cut
        _add_trimmed(text, start, end, pieces)
    return pieces


def _cut(text: str, start: int, stop: int) -> int:
    """Where a piece starting at `start` ends, at most at `stop`: after the last clause mark of its
    second half, else at its last space there, else at `stop` (one long word)."""
    half = start + (stop - start) // 2
    for mark in _CUT_AFTER:
        at = text.rfind(mark, half, stop - 1)
        if at >= 0:
            return at + 1
    at = max(text.rfind(" ", half, stop), text.rfind("\n", half, stop))
    return at if at > half else stop


def _add_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    start, end = trimmed(text, start, end)
    if end > start:
        spans.append((start, end))


def syllable_tokens(text: str, start: int, end: int) -> list[Span]:
    """Cheap tokens: syllables, numbers and document symbols, and single punctuation."""
    return _syllables(text, start, end)[0]


def _syllables(text: str, start: int, end: int) -> tuple[list[Span], list[str]]:
    """The syllable tokens of text[start:end] and their texts.

    The pattern holds no anchor or look-around, so its matches in the slice are those of
    `finditer(text, start, end)`; splitting around them gives their texts, and the running
    sum of the pieces' lengths their offsets, all in C (as `tokens.tokenize` does).
    """
    pattern = _SYLLABLE_SPLIT_RE if beyond_spelled(text, start, end) else _spelled_syllable_split_re()
    pieces = pattern.split(text[start:end])
    offsets = list(accumulate(map(len, pieces), initial=start))
    return list(zip(offsets[1::2], offsets[2::2])), pieces[1::2]


def word_tokens(text: str, start: int, end: int) -> list[Span]:
    """underthesea's words for text[start:end]: its CRF word segmenter run on our syllables.

    This is `underthesea.word_tokenize` without its own regex tokenizer: the model tags
    each syllable as beginning (B-W) or inside (I-W) a word, and the syllables of a word
    are joined. Giving it our syllables keeps every token aligned to the text by
    construction and spares a second tokenisation of the same stretch.
    """
    syllables, texts = _syllables(text, start, end)
    if not syllables:
        return []
    model = _word_model()
    tags = model.tags(texts) if isinstance(model, _WordModel) else model.predict([[t] for t in texts])
    spans: list[Span] = []
    for (s, e), tag in zip(syllables, tags):
        if tag == "I-W" and spans:
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    return spans


class _WordModel:
    """underthesea's word-segmentation CRF: its featurizer and tagger, as `word_tokenize` runs them.

    `features`, when given, writes the featurizer's strings faster (`word_features`: the same
    strings, cached per syllable, pair and triple, less those the model lacks, which the tagger
    would skip); `numeric`, when given, tags on numbers instead of strings (`word_tagger`: the
    tagger's own sums and comparisons, to the same tags), falling back to the tagger for a
    sequence with a token the features leave to underthesea_core.

    underthesea_core's featurizer and tagger come from `load_underthesea()`, called when first
    needed: with the numeric tagger, only for such a sequence (rare), so a run need not spend
    a tenth of a second loading them (`load_all` loads them now).
    """

    def __init__(self, load_underthesea: Callable[[], tuple[Any, Any]], features: Featurizer | None = None,
                 numeric: NumericTagger | None = None):
        self._load_underthesea = load_underthesea
        self._underthesea: tuple[Any, Any] | None = None
        self.features = features
        self.numeric = numeric

    @property
    def featurizer(self) -> Any:
        """underthesea_core's `CRFFeaturizer`."""
        return self.load_all()[0]

    @property
    def tagger(self) -> Any:
        """underthesea_core's `CRFTagger`, with the model loaded."""
        return self.load_all()[1]

    def load_all(self) -> tuple[Any, Any]:
        """underthesea_core's featurizer and tagger, loaded now if they are not yet."""
        if self._underthesea is None:
            self._underthesea = self._load_underthesea()
        return self._underthesea

    def predict(self, tokens: list[list[str]]) -> list[str]:
        """The tags of the tokens, given as `word_tokenize` gives them (one-column rows)."""
        return self.tags([token[0] for token in tokens])

    def tags(self, syllables: list[str]) -> list[str]:
        """B-W (a word begins) or I-W (it goes on) for each syllable."""
        if self.numeric is not None and syllables:
            try:
                return self.numeric.tags(syllables)
            except UnsafeToken:
                pass  # a character whose case Python may map otherwise: underthesea_core's strings
        if self.features is not None:
            return self.tagger.tag(self.features.process(syllables))
        return self.tagger.tag(self.featurizer.process([[[syllable] for syllable in syllables]])[0])


def load_word_model(text: str | None = None) -> None:
    """Load underthesea's model now, every part of it (it is otherwise loaded at the first word
    window, and underthesea_core's own tagger at the first sequence that needs it). Given the
    `text` an article is read from, underthesea_core's parts only if a token of it may need them
    (`word_features.may_be_unsafe`: a character past the Latin and Vietnamese ones; rare), so a
    run need not load them in every worker."""
    model = _word_model()
    if isinstance(model, _WordModel) and (text is None or may_be_unsafe(text)):
        model.load_all()


@lru_cache(maxsize=None)
def _word_model():
    """underthesea's word segmentation model, loaded once per process.

    Read from underthesea's own model files without importing underthesea: its package
    import loads every one of its pipelines (half a second per process), and its loader
    reads the pickles with joblib's pure-Python unpickler. Should the files not be where
    this underthesea keeps them, `word_tokenize` loads the model its own way.
    """
    try:
        return _load_word_model(_word_model_dir())
    except (ImportError, OSError, ValueError, pickle.UnpicklingError):
        from underthesea.pipeline import word_tokenize as module

        if module.word_tokenize_model is None:
            module.word_tokenize("Việt Nam")  # loads the model
        return module.word_tokenize_model


def _word_model_dir() -> Path:
    """The folder of `word_tokenize`'s CRF model inside the installed underthesea."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or spec.origin is None:
        raise ImportError("underthesea is not installed")
    models = Path(spec.origin).parent / "pipeline" / "word_tokenize" / "models"
    found = sorted(path.parent for path in models.glob("*/models.bin"))
    if len(found) != 1:
        raise OSError(f"expected one word segmentation model under {models}, found {len(found)}")
    return found[0]


def _load_word_model(folder: Path) -> _WordModel:
    from underthesea_core import CRFFeaturizer, CRFTagger

    with open(folder / "features.bin", "rb") as fh:
        features = pickle.load(fh)
    with open(folder / "dictionary.bin", "rb") as fh:
        dictionary = pickle.load(fh)

    def load_underthesea() -> tuple[CRFFeaturizer, CRFTagger]:
        tagger = CRFTagger()
        tagger.load(str(folder / "models.bin"))
        return CRFFeaturizer(features, dictionary), tagger

    model = _WordModel(load_underthesea)
    weights = model_weights(folder / "models.bin")  # its attribute strings are the model's known ones
    known = frozenset(weights.attribute_ids) if weights is not None else model_attributes(folder / "models.bin")
    model.features = Featurizer.from_templates(features, dictionary, lambda rows: model.featurizer.process(rows), known)
    if model.features is not None and known is not None and weights is not None and len(weights.labels) == 2:
        model.numeric = NumericTagger(model.features, weights)
    else:
        model.load_all()  # every sequence goes to underthesea_core's tagger
    return model


def segment(text: str, word_windows: WindowFinder | None = None) -> SegmentedText:
    """`text` cut into sentences (a long one in pieces); words segmented in the stretches `word_windows(text, start, end)`
    gives for a sentence (sorted, disjoint), syllables elsewhere. None segments every sentence whole."""

    def words_of(start: int, end: int) -> list[Span]:
        windows = [(start, end)] if word_windows is None else word_windows(text, start, end)
        return _sentence_tokens(text, start, end, windows)

    sentences = split_sentences(text)
    pieces = bounded_pieces(text, sentences)
    return SegmentedText(text, pieces, words_of, whole_sentences=None if pieces is sentences else sentences)


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
