"""Staged work: word segmentation only where a prefilter says a fact can be, same output."""

from __future__ import annotations

import pytest

from conftest import CORPUS
from pipeline import segment
from pipeline.read import read_articles
from pipeline.runner import process_article
from pipeline.write import record_line


def _jsonl(segment_all: bool) -> str:
    return "".join(record_line(r) for raw in read_articles([str(CORPUS / "articles")])
                   for r in process_article(raw, segment_all=segment_all))


def test_gated_output_equals_segmenting_every_sentence():
    gated, full = _jsonl(False), _jsonl(True)
    assert gated.count("\n") > 5  # the corpus yields facts, so the comparison means something
    assert gated == full


def test_gating_segments_fewer_sentences(monkeypatch):
    """The equality above is not vacuous: the gated run really skips sentences."""
    calls = {"words": 0}
    real = segment.word_tokens

    def counting(text, start, end):
        calls["words"] += 1
        return real(text, start, end)

    monkeypatch.setattr(segment, "word_tokens", counting)
    _jsonl(False)
    gated = calls["words"]
    calls["words"] = 0
    _jsonl(True)
    full = calls["words"]
    assert 0 < gated < full


@pytest.mark.parametrize("sentence, wanted", [
    ("Ông Nguyễn Văn An, Bí thư Huyện ủy, được điều động.", True),   # a name: officials read words
    ("Công tác cán bộ được quan tâm.", False),                      # nothing any extractor could find
])
def test_wants_words(sentence, wanted):
    from extractors.registry import wants_words

    assert wants_words(sentence) is wanted
