"""The citation extractor: the case table, identity (`ref`), spans, and linear time."""

from __future__ import annotations

import time
import unicodedata

import pytest
import spacy

from extractors.citations import find_citations
from tests.conftest import assert_facts_match, facts_of, load_cases

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
    """CPU seconds of the extractor alone, best of two (the machine may be busy)."""
    nlp = spacy.blank("xx")
    nlp.max_length = len(text) + 1
    doc = nlp.make_doc(text)
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        find_citations(doc)
        best = min(best, time.process_time() - start)
    return best


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
