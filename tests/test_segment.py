"""Stage 3: sentences, and words carried in a spaCy Doc whose text is exactly the input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.vocab import Vocab

from pipeline.segment import VietnameseTokenizer, split_sentences, syllable_tokens, word_tokens
from tests.conftest import load_cases


@pytest.mark.parametrize("case", load_cases("sentences"))
def test_sentences(case):
    text = case["text"]
    assert [text[s:e] for s, e in split_sentences(text)] == case["sentences"]


def test_word_tokens_group_syllables_and_align():
    text = "Tháng 9/2022, đồng chí Lò Văn Thân được điều động về xã."
    spans = word_tokens(text, 0, len(text))
    words = [text[s:e] for s, e in spans]
    assert "Lò Văn Thân" in words
    assert "điều động" in words
    assert all(text[s:e].strip() == text[s:e] for s, e in spans)


def test_syllable_tokens_keep_symbols_whole():
    text = "Quy định số 98-QĐ/TW ngày 07/10/2017."
    assert [text[s:e] for s, e in syllable_tokens(text, 0, len(text))] == [
        "Quy", "định", "số", "98-QĐ/TW", "ngày", "07/10/2017", "."]


@pytest.mark.parametrize("text", [
    "Ông Lò Văn Thân, Chủ tịch UBND xã về.\nQuy định số 98-QĐ/TW ngày 07/10/2017.",
    "  lead and trail  ",
    "Một.\n\nHai  ba.",
    "",
    "x",
])
@pytest.mark.parametrize("segment_all", [True, False])
def test_doc_text_is_the_input_exactly(text, segment_all):
    tokenizer = VietnameseTokenizer(Vocab(), None if segment_all else (lambda text, start, end: []))
    doc = tokenizer(text)
    assert doc.text == text


def test_gated_tokenizer_segments_only_the_windows():
    text = "Đồng chí Lò Văn Thân về xã. Trời hôm nay đẹp quá."
    name = text.index("Lò"), text.index(" về")

    def windows(text, start, end):
        return [name] if start <= name[0] < end else []

    doc = VietnameseTokenizer(Vocab(), windows)(text)
    tokens = [t.text for t in doc]
    assert "Lò Văn Thân" in tokens              # inside the window: words
    assert "Đồng" in tokens and "chí" in tokens  # before it, same sentence: syllables
    assert "hôm" in tokens and "nay" in tokens  # other sentence: syllables
    assert [s.text.strip() for s in doc.sents] == ["Đồng chí Lò Văn Thân về xã.", "Trời hôm nay đẹp quá."]
    assert doc.text == text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Ông", "Lò", "Văn", "xã", ".", ",", " ", "  ", "\n", "\n\n", " \n", "98-QĐ/TW"]),
                max_size=25))
def test_doc_tokens_are_the_spans_and_the_gaps_between_them(pieces):
    """Every syllable is a token at its own offsets; white space other than one space after a
    token is a token of its own; each sentence's first token starts a sentence."""
    text = "".join(pieces)
    doc = VietnameseTokenizer(Vocab(), lambda text, start, end: [])(text)
    assert doc.text == text
    expected = [span for start, end in split_sentences(text) for span in syllable_tokens(text, start, end)]
    assert [(t.idx, t.idx + len(t)) for t in doc if not t.text.isspace()] == expected
    firsts = {syllable_tokens(text, s, e)[0][0] for s, e in split_sentences(text)}
    assert {t.idx for t in doc if t.is_sent_start and not t.text.isspace()} == firsts
