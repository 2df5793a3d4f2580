"""Stage 3: sentences and words as spans of the text, segmented on demand; and the same
words carried in a spaCy Doc whose text is exactly the input (`pipeline.nlp`)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.vocab import Vocab

from pipeline.stages import segment as segment_module
from pipeline.nlp import VietnameseTokenizer, segmented
from pipeline.stages.segment import (
    MAX_SENTENCE, bounded_pieces, segment, split_sentences, syllable_tokens, word_tokens,
)
from textmodel import from_tokens
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


# --- words on demand ------------------------------------------------------------------


def _count_segmented(monkeypatch) -> list[tuple[int, int]]:
    """Record each sentence stretch cut into words or syllables."""
    asked: list[tuple[int, int]] = []
    real = segment_module._sentence_tokens

    def counting(text, start, end, windows):
        asked.append((start, end))
        return real(text, start, end, windows)

    monkeypatch.setattr(segment_module, "_sentence_tokens", counting)
    return asked


def test_a_sentence_is_segmented_only_when_asked_and_only_once(monkeypatch):
    asked = _count_segmented(monkeypatch)
    text = "Một hai. Ba bốn năm. Sáu."
    seg = segment(text, lambda text, start, end: [])
    assert [text[s:e] for s, e in seg.sentences] == ["Một hai.", "Ba bốn năm.", "Sáu."]
    assert asked == []
    assert [text[s:e] for s, e in seg.sentence_words(1)] == ["Ba", "bốn", "năm", "."]
    seg.sentence_words(1)
    assert asked == [seg.sentences[1]]


@pytest.mark.parametrize("start, end, expected", [
    (0, 3, ["Một", "hai", "."]),                   # inside the first sentence
    (9, 12, ["Ba", "bốn", "năm", "."]),            # inside the second
    (7, 8, ["Một", "hai", "."]),                   # its last character
    (4, 10, ["Một", "hai", ".", "Ba", "bốn", "năm", "."]),  # across the boundary
    (21, 24, ["Sáu", "."]),
    (20, 24, ["Ba", "bốn", "năm", ".", "Sáu", "."]),  # touching the second's end
    (8, 8, ["Một", "hai", "."]),                   # touching the first's end, in the gap
    (30, 40, []),                                  # past the text
    (0, 24, ["Một", "hai", ".", "Ba", "bốn", "năm", ".", "Sáu", "."]),
])
def test_words_between_gives_the_words_of_the_sentences_overlapped(start, end, expected):
    text = "Một hai. Ba bốn năm. Sáu."
    seg = segment(text, lambda text, start, end: [])
    assert [text[s:e] for s, e in seg.words_between(start, end)] == expected


@pytest.mark.parametrize("text", [
    "Ông Lò Văn Thân, Chủ tịch UBND xã về.\nQuy định số 98-QĐ/TW ngày 07/10/2017.",
    "Đồng chí Lò Văn Thân về xã. Trời hôm nay đẹp quá.",
    "  lead and trail  ", "", "x",
])
@pytest.mark.parametrize("segment_all", [True, False])
def test_the_doc_holds_the_segmentation_words(text, segment_all):
    windows = None if segment_all else (lambda text, start, end: [(start, end)] if "Lò" in text[start:end] else [])
    seg = segment(text, windows)
    doc = VietnameseTokenizer(Vocab(), windows)(text)
    words = [span for i in range(len(seg.sentences)) for span in seg.sentence_words(i)]
    assert [(t.idx, t.idx + len(t)) for t in doc if not t.text.isspace()] == words
    assert segmented(doc).sentences == seg.sentences


def test_words_of_another_tokenizer_are_sliced_by_sentence():
    text = "Một hai. Ba bốn."
    words = [(0, 3), (4, 7), (7, 8), (9, 11), (12, 15), (15, 16)]
    seg = from_tokens(text, split_sentences(text), words)
    assert seg.sentence_words(0) == words[:3] and seg.sentence_words(1) == words[3:]
    # a token running across a sentence boundary belongs to both sentences
    seg = from_tokens(text, split_sentences(text), [(0, 3), (4, 11), (12, 16)])
    assert seg.sentence_words(0) == [(0, 3), (4, 11)] and seg.sentence_words(1) == [(4, 11), (12, 16)]


def test_a_foreign_doc_without_sentences_gets_the_rule_splitters():
    import spacy

    doc = spacy.blank("xx")("Một hai. Ba bốn.")
    assert segmented(doc).sentences == split_sentences(doc.text)


@pytest.mark.parametrize("sentence", [
    "Bác sĩ bây giờ có thể thản nhiên báo tin bệnh nhân bị ung thư",
    "Đồng chí Lò Văn Thân được điều động giữ chức Bí thư Đảng ủy xã Pa Tần",
    "Ông Nguyễn Văn An , Phó Chủ tịch UBND huyện , về làm Chủ tịch xã",
])
def test_the_word_model_loaded_from_files_tags_as_underthesea_does(sentence):
    """`_word_model` reads underthesea's model files itself; its tags must be underthesea's."""
    from underthesea import word_tokenize

    assert isinstance(segment_module._word_model(), segment_module._WordModel)  # not the fallback
    words = [sentence[s:e] for s, e in word_tokens(sentence, 0, len(sentence))]
    assert words == word_tokenize(sentence)


def test_without_the_model_files_underthesea_loads_the_model_itself(monkeypatch):
    """Should a later underthesea keep its model elsewhere, `word_tokenize`'s own loader is used."""
    sentence = "Đồng chí Lò Văn Thân được điều động giữ chức Bí thư Đảng ủy xã Pa Tần"
    expected = word_tokens(sentence, 0, len(sentence))

    def missing() -> None:
        raise OSError("no model here")

    monkeypatch.setattr(segment_module, "_word_model_dir", missing)
    segment_module._word_model.cache_clear()
    try:
        assert not isinstance(segment_module._word_model(), segment_module._WordModel)
        assert word_tokens(sentence, 0, len(sentence)) == expected
    finally:
        segment_module._word_model.cache_clear()  # the next caller loads from the files again


# --- very long sentences are read in pieces ----------------------------------------------


def test_no_sentence_of_real_length_is_cut():
    text = "Huyện đã luân chuyển 3 cán bộ về xã. " * 100
    sentences = split_sentences(text)
    assert bounded_pieces(text, sentences) is sentences  # the same list: nothing copied
    seg = segment(text)
    assert seg.whole_sentences is seg.sentences
    assert seg.sentence_of(seg.sentences[3]) == seg.sentences[3]


@pytest.mark.parametrize("unit,cut_after", [
    ("Quyết định số 12-QĐ/TU; ", ";"),     # a clause mark: cut after it
    ("ông Lê Văn An, Bí thư, ", ","),
    ("luân chuyển cán bộ ", " "),          # only spaces: cut at one
    ("luânchuyểncánbộ", None),             # one long word: cut where the limit falls
])
def test_a_long_sentence_is_cut_into_bounded_pieces_at_the_best_mark(unit, cut_after):
    text = unit * (3 * MAX_SENTENCE // len(unit))
    whole = (0, len(text.rstrip()))
    pieces = bounded_pieces(text, [whole])
    assert len(pieces) >= 3 and all(0 < e - s <= MAX_SENTENCE for s, e in pieces)
    assert pieces[0][0] == 0 and pieces[-1][1] == whole[1]
    # consecutive and complete: only white space between pieces
    assert all(text[e:s].strip() == "" for (_, e), (s, _) in zip(pieces, pieces[1:]))
    for s, e in pieces[:-1]:
        assert e - s > MAX_SENTENCE // 2
        if cut_after in (";", ","):
            assert text[e - 1] == cut_after
        elif cut_after == " ":
            assert text[e] == " "


def test_facts_in_a_long_list_are_all_found_with_the_whole_sentence():
    items = [f"Quyết định số {n}-QĐ/TU ngày 01/02/2020" for n in range(1, 301)]
    text = "Căn cứ " + "; ".join(items) + "."
    from pipeline.runner import extract_text

    article, *facts = extract_text(text)
    assert len(text) > 5 * MAX_SENTENCE and len(facts) == 300
    assert [f.number for f in facts] == [str(n) for n in range(1, 301)]
    assert all(f.sentence_span == (0, len(text)) and len(f.sentence) <= 600 and f.text in f.sentence for f in facts)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("aĐđ ́ 1.,-/'’\n;:()x") + ["Văn", "07/10", "\u0300",
                                                                  # white space to `re` but not to `regex`; a
                                                                  # character past the `re` twin's classes
                                                                  "\x1c", "\x1f", "\u00a0", "\u3000", "中"]),
                max_size=40).map("".join),
       st.integers(0, 80), st.integers(0, 80))
def test_syllables_split_in_c_are_the_pattern_s_matches(text, a, b):
    """`syllable_tokens` splits the slice instead of running `finditer` over it (with the `re` twin of
    the pattern where it can read the slice): the same spans."""
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    assert syllable_tokens(text, start, end) == [m.span() for m in segment_module._SYLLABLE_RE.finditer(text, start, end)]
