"""`SegmentedText`: one article's normalised text, its sentences, and its words on demand.

Every span is `(start, end)` into the normalised text, so nothing needs aligning back.
How the words are cut is not this module's business: the segment stage hands in a
function that cuts a sentence into words (underthesea's in windows, syllables
elsewhere), and `from_tokens` wraps words another tokenizer cut (spaCy's, say).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Callable

Span = tuple[int, int]
# (text, start, end) -> the stretches of the sentence text[start:end] that need word segmentation
WindowFinder = Callable[[str, int, int], list[Span]]


# Sentences whose words are kept once worked out: the extractors read an article sentence
# by sentence, so a few recent ones are all they ask for again, and an article of a
# million words does not keep them all.
CACHED_SENTENCES = 16


class SegmentedText:
    """One article's normalised text, its sentences, and its words, segmented on demand.

    What the extractors read. The words of a sentence are worked out the first time an
    extractor asks for them and kept while it reads on nearby: most sentences are never
    asked about, so most of an article is never cut into words at all.

    `sentences` are what the extractors read, in text order: the article's sentences, a very
    long one in pieces (the segment stage bounds them). `whole_sentences`, when given, are the
    sentences before that cut; `sentence_of` maps a piece back to its whole sentence, which is
    what a fact reports as its evidence.
    """

    def __init__(self, text: str, sentences: list[Span], words_of: Callable[[int, int], list[Span]],
                 whole_sentences: list[Span] | None = None):
        self.text = text
        self.sentences = sentences  # spans, white space excluded, in text order
        self._sentence_starts = [start for start, _ in sentences]
        self._words_of = words_of   # (start, end) of a sentence -> its word spans
        self._words: dict[int, list[Span]] = {}
        self.whole_sentences = sentences if whole_sentences is None else whole_sentences
        self._whole_starts = None if whole_sentences is None else [start for start, _ in whole_sentences]

    def sentence_words(self, index: int) -> list[Span]:
        """Word spans of sentence `index` (words where segmented, syllables elsewhere)."""
        words = self._words.get(index)
        if words is None:
            if len(self._words) >= CACHED_SENTENCES:
                del self._words[next(iter(self._words))]  # the earliest asked for
            words = self._words[index] = self._words_of(*self.sentences[index])
        return words

    def sentence_of(self, span: Span) -> Span:
        """The whole sentence holding `span` (a sentence or piece of one, or a stretch of it)."""
        if self._whole_starts is None:
            return span
        index = max(0, bisect_right(self._whole_starts, span[0]) - 1)
        start, end = self.whole_sentences[index]
        return min(start, span[0]), max(end, span[1])

    def words_between(self, start: int, end: int) -> list[Span]:
        """Word spans of every sentence that overlaps or touches text[start:end], in text order."""
        first = bisect_right(self._sentence_starts, start) - 1  # the last sentence starting by `start`
        if first < 0 or self.sentences[first][1] < start:  # it ends before: begin with the next
            first += 1
        spans: list[Span] = []
        for index in range(first, len(self.sentences)):
            if self.sentences[index][0] > end:
                break
            spans += self.sentence_words(index)
        return spans


def from_tokens(text: str, sentences: list[Span], word_spans: list[Span],
                whole_sentences: list[Span] | None = None) -> SegmentedText:
    """A `SegmentedText` over words already cut (another tokenizer's tokens)."""
    starts = [start for start, _ in word_spans]

    def words_of(start: int, end: int) -> list[Span]:
        first = bisect_right(starts, start) - 1  # a token may begin before the sentence
        if first < 0 or word_spans[first][1] <= start:
            first += 1
        return word_spans[first:bisect_left(starts, end)]

    return SegmentedText(text, sentences, words_of, whole_sentences)


def trimmed(text: str, start: int, end: int) -> Span:
    """text[start:end] without the white space at either end (empty: start == end)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
