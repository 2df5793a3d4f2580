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


class SegmentedText:
    """One article's normalised text, its sentences, and its words, segmented on demand.

    What the extractors read. The words of a sentence are worked out the first time an
    extractor asks for them and kept: most sentences are never asked about, so most of
    an article is never cut into words at all.
    """

    def __init__(self, text: str, sentences: list[Span], words_of: Callable[[int, int], list[Span]]):
        self.text = text
        self.sentences = sentences  # spans, white space excluded, in text order
        self._sentence_starts = [start for start, _ in sentences]
        self._words_of = words_of   # (start, end) of a sentence -> its word spans
        self._words: dict[int, list[Span]] = {}

    def sentence_words(self, index: int) -> list[Span]:
        """Word spans of sentence `index` (words where segmented, syllables elsewhere)."""
        words = self._words.get(index)
        if words is None:
            words = self._words[index] = self._words_of(*self.sentences[index])
        return words

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


def from_tokens(text: str, sentences: list[Span], word_spans: list[Span]) -> SegmentedText:
    """A `SegmentedText` over words already cut (another tokenizer's tokens)."""
    starts = [start for start, _ in word_spans]

    def words_of(start: int, end: int) -> list[Span]:
        first = bisect_right(starts, start) - 1  # a token may begin before the sentence
        if first < 0 or word_spans[first][1] <= start:
            first += 1
        return word_spans[first:bisect_left(starts, end)]

    return SegmentedText(text, sentences, words_of)


def trimmed(text: str, start: int, end: int) -> Span:
    """text[start:end] without the white space at either end (empty: start == end)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
