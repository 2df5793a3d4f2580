"""Officials and their moves: the case table, plus the guarantees a table cannot state."""

from __future__ import annotations

import time

import pytest

from tests.conftest import assert_facts_match, facts_of, load_cases

KEY_FIELDS = ("name", "rotated", "to_post")


@pytest.mark.parametrize("case", load_cases("officials"))
def test_official_cases(case):
    assert_facts_match(facts_of(case["text"], "official"), case["expect"], KEY_FIELDS)


def test_every_official_span_is_its_first_name_mention():
    text = "Ông Lê Văn Hòa, Chủ tịch UBND xã, phát biểu. Ông Lê Văn Hòa cho biết thêm."
    [fact] = facts_of(text, "official")
    assert fact["span"] == [4, 14] and fact["text"] == "Lê Văn Hòa"
    assert fact["sentence"] == "Ông Lê Văn Hòa, Chủ tịch UBND xã, phát biểu."


def test_rotated_fact_carries_old_post_date_and_decider():
    text = ("Tháng 2/2024, Ban Thường vụ Huyện ủy luân chuyển đồng chí Trần Văn Hợi, "
            "Phó Trưởng phòng Nội vụ huyện giữ chức Phó Bí thư Đảng ủy xã Đông Phong.")
    [fact] = facts_of(text, "official")
    assert fact["from_post"] == "Phó Trưởng phòng Nội vụ huyện"
    assert fact["date"] == "Tháng 2/2024"
    assert fact["decided_by"] == "Ban Thường vụ Huyện ủy"


def test_not_rotated_has_no_move_fields():
    [fact] = facts_of("Bí thư Huyện ủy Lê Văn Tư chủ trì hội nghị.", "official")
    assert (fact["to_post"], fact["from_post"], fact["date"], fact["decided_by"]) == (None,) * 4


@pytest.mark.parametrize("unit", [
    "Nguyễn Văn ", "đồng chí ", "Bí thư Huyện ủy ", "Hà Nội ",
    "đồng chí Lê Văn A giữ chức Bí thư xã, ",  # many markers, one long sentence
    "ông Lê Văn Tám, Chủ tịch xã X được luân chuyển giữ chức Bí thư xã Y, anh Tám được điều động làm Phó Bí thư xã, ",
])
def test_linear_time_on_long_repetitive_input(unit):
    """Long runs of capitalised syllables or honorifics cannot make the scan quadratic."""
    from extractors.officials import PREFILTER, find_officials
    from pipeline.nlp import build_nlp

    nlp = build_nlp()
    timings = []
    for repeats in (500, 2_000):
        text = unit * repeats
        doc = _syllable_doc(nlp, text)
        best = float("inf")
        for _ in range(3):  # best of three: a busy machine only ever adds time
            started = time.perf_counter()
            PREFILTER.search(text)
            find_officials(doc)
            best = min(best, time.perf_counter() - started)
        timings.append(best)
    assert timings[1] < 8 * timings[0] + 0.3  # 4x the input: ~4x the time; quadratic would be 16x


def _syllable_doc(nlp, text):
    """A Doc with syllable tokens: the scan's cost, without underthesea's."""
    from pipeline.segment import VietnameseTokenizer

    return VietnameseTokenizer(nlp.vocab, lambda text, start, end: [])(text)
