"""Staged work: word segmentation only where an extractor reads words, same output.

underthesea's CRF is the costly stage. The officials extractor consults word
boundaries only in capitalised runs that hold a candidate name, so only those
runs, with a few syllables of context, are segmented (`names.name_windows`).
These tests hold the gated pipeline to the output of segmenting every sentence
whole, on the corpus and on every case table.
"""

from __future__ import annotations

import pytest

from conftest import CORPUS, case_articles
from pipeline.stages import segment
from pipeline.inputs.read import RawArticle, read_articles
from pipeline.runner import process_article
from pipeline.stages.write import record_line


def _jsonl(raws: list[RawArticle], segment_all: bool) -> str:
    return "".join(record_line(r) for raw in raws for r in process_article(raw, segment_all=segment_all))


def test_gated_output_equals_segmenting_every_sentence_on_the_corpus():
    raws = list(read_articles([str(CORPUS / "articles")]))
    gated, full = _jsonl(raws, False), _jsonl(raws, True)
    assert gated.count("\n") > 5  # the corpus yields facts, so the comparison means something
    assert gated == full


def test_gated_output_equals_segmenting_every_sentence_on_the_case_tables():
    raws = case_articles()
    assert len(raws) > 500
    gated, full = _jsonl(raws, False), _jsonl(raws, True)
    assert gated.count('"type": "official"') > 100
    assert gated == full


def test_gating_segments_a_small_part_of_the_text(monkeypatch):
    """The equality above is not vacuous: the gated run segments far less text."""
    segmented = {"chars": 0}
    real = segment.word_tokens

    def counting(text, start, end):
        segmented["chars"] += end - start
        return real(text, start, end)

    monkeypatch.setattr(segment, "word_tokens", counting)
    raws = list(read_articles([str(CORPUS / "articles")]))
    _jsonl(raws, False)
    gated = segmented["chars"]
    segmented["chars"] = 0
    _jsonl(raws, True)
    full = segmented["chars"]
    assert 0 < gated < full / 5


@pytest.mark.parametrize("sentence, windows", [
    # the capitalised run holding the name ("Ông ... An, Bí") and three chunks either side
    ("Ông Nguyễn Văn An, Bí thư Huyện ủy, được điều động.", ["Ông Nguyễn Văn An, Bí thư Huyện ủy,"]),
    ("Hôm qua, tại hội nghị, đồng chí Lò Văn Thân đã phát biểu chỉ đạo.",
     ["nghị, đồng chí Lò Văn Thân đã phát biểu"]),
    # two names far apart: two windows; close together: one
    ("Ông Trần Văn Bình làm việc ở đây từ lâu, nay được cử sang làm việc với ông Lê Thị Hoa ở tỉnh bạn.",
     ["Ông Trần Văn Bình làm việc ở", "việc với ông Lê Thị Hoa ở tỉnh bạn."]),
    ("Ông Trần Văn Bình và bà Lê Thị Hoa cùng dự.", ["Ông Trần Văn Bình và bà Lê Thị Hoa cùng dự."]),
    # a name in the context of another window whose run goes on past it
    ("Ông Phan Anh và Bùi Minh Tuấn Anh Quang dự họp tổng kết năm nay.",
     ["Ông Phan Anh và Bùi Minh Tuấn Anh Quang dự họp tổng"]),
    # nothing any extractor reads words for
    ("Công tác cán bộ được quan tâm.", []),
    ("Tỉnh ủy ban hành Quy định số 98-QĐ/TW về luân chuyển 15 cán bộ.", []),
])
def test_word_windows(sentence, windows):
    from extractors.registry import word_windows

    found = [sentence[s:e] for s, e in word_windows(sentence, 0, len(sentence))]
    assert found == windows


def test_word_windows_stay_linear_on_one_long_capitalised_run():
    from extractors.registry import word_windows

    text = " ".join(["Nguyễn Văn An"] * 20000)
    assert word_windows(text, 0, len(text)) == [(0, len(text))]


def test_every_run_that_may_hold_a_name_lies_in_a_window():
    """`name_windows` reads capitalised runs from white-space chunks, `find_names` from its own
    tokens (`names.name_ranges`): every run of the latter that holds a candidate name must lie
    inside a window of the former, or the name reading would see syllables, not words."""
    from extractors.names import capital_runs, name_ranges
    from extractors.officials import word_windows
    from extractors.officials.gates import PREFILTER
    from extractors.tokens import tokenize
    from pipeline.stages.normalize import normalize
    from pipeline.stages.segment import split_sentences

    raws = list(read_articles([str(CORPUS / "articles")])) + case_articles()
    checked = 0
    for raw in raws:
        text = normalize(raw.text).text
        for start, end in split_sentences(text):
            windows = word_windows(text, start, end)
            toks = tokenize(text, start, end)
            for a, b in name_ranges(toks, capital_runs(toks)):
                if PREFILTER.search(text, a, b):
                    checked += 1
                    assert any(ws <= a and b <= we for ws, we in windows), (raw.doc_id, text[a:b])
    assert checked > 200
