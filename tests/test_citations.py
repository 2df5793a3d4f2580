"""The citation extractor: the case table, identity (`ref`), spans, and linear time."""

from __future__ import annotations

import gc
import time
import unicodedata

import pytest

from extractors.citations import find_citations
from pipeline.stages.segment import segment
from tests.conftest import assert_facts_match, best_seconds, facts_of, load_cases

KEY_FIELDS = ("text", "kind", "number", "code", "issued", "issuer", "ref")


@pytest.mark.parametrize("case", load_cases("citations"))
def test_citation_cases(case):
    assert_facts_match(facts_of(case["text"], "citation"), case["expect"], KEY_FIELDS)


def test_case_table_is_large_and_mixed():
    cases = [p.values[0] for p in load_cases("citations")]
    assert len(cases) >= 150
    negatives = sum(1 for c in cases if not c["expect"])
    assert 30 <= negatives <= len(cases) - 100


# --- identity -------------------------------------------------------------------------

ARTICLE = (
    "Quán triệt Quy định số 98-QĐ/TW ngày 07/10/2017 của Bộ Chính trị “Về luân chuyển cán bộ”, "
    "Nghị quyết 02-NQ/TU ngày 30/12/2021 của Ban Chấp hành Đảng bộ tỉnh về công tác cán bộ.\n"
    "Từ khi có Quy định số 98-QĐ/TW của Bộ Chính trị, tỉnh đã luân chuyển 40 cán bộ.\n"
    "Thời gian tới, tỉnh tiếp tục thực hiện Quy định số 98-QĐ ngày 07/10/2017 và Nghị quyết 02 của Tỉnh ủy; "
    "Quy định 98 là cơ sở quan trọng."
)


def test_every_mention_of_one_document_shares_one_ref():
    found = facts_of(ARTICLE, "citation")
    refs = {}
    for r in found:
        refs.setdefault((r["kind"], r["number"].lstrip("0")), set()).add(r["ref"])
    assert refs == {
        ("quy_dinh", "98"): {"quy_dinh:98-QĐ/TW:2017-10-07"},
        ("nghi_quyet", "2"): {"nghi_quyet:02-NQ/TU:2021-12-30"},
    }
    assert len(found) == 6


def test_ref_is_deterministic():
    assert [r["ref"] for r in facts_of(ARTICLE, "citation")] == [r["ref"] for r in facts_of(ARTICLE, "citation")]


def test_number_alone_is_not_identity_across_terms():
    text = ("Nghị quyết số 02-NQ/TU ngày 12/1/2016 của Tỉnh ủy khóa cũ. "
            "Nghị quyết số 02-NQ/TU ngày 20/5/2021 của Tỉnh ủy khóa mới. "
            "Nghị quyết 02 ngày 20/5/2021 được sơ kết.")
    refs = [r["ref"] for r in facts_of(text, "citation")]
    assert refs == ["nghi_quyet:02-NQ/TU:2016-01-12", "nghi_quyet:02-NQ/TU:2021-05-20",
                    "nghi_quyet:02-NQ/TU:2021-05-20"]


def test_undated_symbol_joins_the_nearest_earlier_term():
    text = ("Nghị quyết số 02-NQ/TU ngày 12/1/2016 đã hoàn thành. "
            "Nghị quyết số 02-NQ/TU ngày 20/5/2021 được ban hành. "
            "Sau một năm thực hiện Nghị quyết số 02-NQ/TU, tỉnh sơ kết.")
    refs = [r["ref"] for r in facts_of(text, "citation")]
    assert refs[2] == refs[1] == "nghi_quyet:02-NQ/TU:2021-05-20"


# --- spans ----------------------------------------------------------------------------


def _assert_spans_slice(original: str) -> list[dict]:
    found = facts_of(original, "citation")
    for r in found:
        start, end = r["span"]
        assert original[start:end] == r["text"]
        assert r["sentence"] in original
    return found


def test_spans_slice_the_original_text():
    found = _assert_spans_slice(ARTICLE)
    assert found[0]["text"] == "Quy định số 98-QĐ/TW"


def test_spans_slice_nfd_input_with_eth():
    original = unicodedata.normalize("NFD", "Thực hiện  Quy định   số 02-QÐi/HU, ngày 27/11/2018 của Ban Thường vụ Huyện ủy.")
    found = _assert_spans_slice(original)
    assert len(found) == 1
    assert found[0]["code"] == "02-QĐi/HU"
    assert found[0]["issued"] == "2018-11-27"
    assert unicodedata.normalize("NFC", found[0]["text"]).startswith("Quy định")


def test_spans_slice_text_with_odd_dashes_and_spaces():
    original = "Căn cứ Nghị định số 138/2020/NĐ – CP\u00a0ngày 27/11/2020 và Kế hoạch số 79‑KH/HU."
    found = _assert_spans_slice(original)
    assert [r["code"] for r in found] == ["138/2020/NĐ-CP", "79-KH/HU"]
    assert found[0]["text"] == "Nghị định số 138/2020/NĐ – CP"


# --- linear time ----------------------------------------------------------------------


def _time_find(text: str) -> float:
    """CPU seconds of the extractor alone, best of two (the machine may be busy), with the
    garbage collector paused: its full passes over tens of thousands of live mentions grow
    with the heap, not with the algorithm this measures, and made a CI run read 9.8x for 4x."""
    segmented = segment(text, lambda text, start, end: [])
    gc.collect()
    gc.disable()
    try:
        return best_seconds(lambda: find_citations(segmented), tries=2, clock=time.process_time)
    finally:
        gc.enable()


@pytest.mark.parametrize("unit, size", [
    ("1", 1_000_000), ("1/", 1_000_000), ("1-", 1_000_000), ("12-QĐ/", 1_000_000), ("12/2020/", 1_000_000),
    ("1 - 1 / ", 1_000_000), ("Quyết định số 1/", 1_000_000),
    ("98-QĐ/TW ", 200_000), ("Quy định số 7 ngày 1/1/2020 của Bộ Chính trị, ", 200_000),  # every piece a citation
])
def test_symbol_pieces_run_in_linear_time(unit, size):
    small = unit * (size // 4 // len(unit))
    large = unit * (size // len(unit))
    t_small, t_large = _time_find(small), _time_find(large)
    assert t_large < 10.0
    # four times the input: linear is about 4x; quadratic would be 16x
    assert t_large < 9 * max(t_small, 0.05)


# --- the fast scans find what the patterns find -----------------------------------------
# find_citations looks for type words in the lower-cased text with stdlib `re` and lets
# KIND_RE decide; it searches for digits once across sentences; it skips SYMBOL_RE in a
# sentence with no "/" or "-". These compare each with the plain pattern.

import random  # noqa: E402

import regex  # noqa: E402

from extractors import citations as C  # noqa: E402

_PIECES = ["Quyết định", "QUYẾT ĐỊNH", "quyết định", "Nghị quyết", "Nghị quyết liên tịch", "nghị", "quyết",
           "Thông báo kết luận", "kết luận", "Luật", "luật", "Kế hoạch", "kế", "Chỉ thị", "Đề án", "Văn bản",
           " ", " ", " số ", "số:", "05", "98-QĐ/TW", "1234/QĐ-UBND", "138/2020/NĐ-CP", "2021-2025", "x", "ư",
           "\u0301", "İ", "ngày 07/10/2017", ", ", ".", "\n", "Luậtsư", "aQuy định"]


def _texts(count: int = 2000, seed: int = 6) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(_PIECES) for _ in range(rnd.randint(0, 30))) for _ in range(count)]


def test_type_word_scan_finds_what_kind_re_finds():
    for text in _texts():
        for start, end in [(0, len(text)), (len(text) // 3, 2 * len(text) // 3)]:
            expected = [m.span() for m in C.KIND_RE.finditer(text, start, end)]
            assert [m.span() for m in C._kind_words(text, start, end)] == expected


def test_type_word_letters_lower_case_to_themselves():
    """KIND_RE is case-insensitive the `regex` way; the candidate scan looks in
    `text.lower()`. Every character `regex` takes for a type word's letter must lower-case
    to that letter, or the scan would miss a type word written with it; or lower-case to
    more than one character ("İ" to "i̇"), which turns the scan off for that text."""
    letters = sorted({ch for word in C.KINDS for ch in word})
    any_letter = regex.compile("(?i)[%s]" % regex.escape("".join(letters)))
    per_letter = {ch: regex.compile("(?i)" + regex.escape(ch)) for ch in letters}
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000 or not any_letter.fullmatch(chr(code)):
            continue
        for letter, pattern in per_letter.items():
            if pattern.fullmatch(chr(code)):
                lower = chr(code).lower()
                assert lower == letter or len(lower) > 1, (hex(code), letter)


def test_digit_sentences_are_those_prefilter_finds():
    rnd = random.Random(7)
    for text in _texts(500):
        cuts = sorted(rnd.randint(0, len(text)) for _ in range(rnd.randint(0, 8)))
        sentences = list(zip([0] + cuts, cuts + [len(text)]))
        for order in (sentences, sentences[::-1], rnd.sample(sentences, len(sentences))):
            expected = [(s, C.PREFILTER.search(text, *s).start()) for s in order if C.PREFILTER.search(text, *s)]
            assert list(C._with_digit(text, order)) == expected


def test_symbol_scan_finds_what_symbol_re_finds():
    for text in _texts(1000):
        for start, end in [(0, len(text)), (len(text) // 3, 2 * len(text) // 3)]:
            first_digit = C.PREFILTER.search(text, start, end)
            if first_digit:
                expected = [m.span() for m in C.SYMBOL_RE.finditer(text, start, end)]
                assert [m.span() for m in C._symbols(text, first_digit.start(), end).values()] == expected
