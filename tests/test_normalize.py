"""Stage 2: normalisation, and the offset map back to the text as read."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.normalize import normalize
from tests.conftest import load_cases


@pytest.mark.parametrize("case", load_cases("normalize"))
def test_normalized_form(case):
    assert normalize(case["text"]).text == case["normalized"]


@pytest.mark.parametrize("case", load_cases("normalize"))
def test_every_character_maps_into_the_original(case):
    n = normalize(case["text"])
    previous_end = 0
    for i in range(len(n.text)):
        start, end = n.original_span(i, i + 1)
        assert 0 <= start < end <= len(case["text"])
        assert start >= previous_end or n.original_span(i - 1, i)[0] == start  # monotonic
        previous_end = start


WORDS = ["Thành ủy", "Lò Văn Thân", "98-QĐ/TW", "Đảng ủy"]


@pytest.mark.parametrize("original", [
    "Thành uỷ quyết định luân chuyển Lò Văn Thân.",
    unicodedata.normalize("NFD", "Thành ủy quyết định luân chuyển đồng chí Lò Văn Thân."),
    "A- A A+\n\n  Quy  định số 98\u2013QĐ\uff0fTW của \u00d0ảng   uỷ,   ông   Lò Văn Thân.",
    "\ufeffĐảng ủy\u200b xã\u00a0và Lò\u00a0Văn\u00a0Thân",
])
def test_spans_map_back_to_the_original_text(original):
    n = normalize(original)
    for word in WORDS:
        i = n.text.find(word)
        if i < 0:
            continue
        s, e = n.original_span(i, i + len(word))
        back = unicodedata.normalize("NFC", original[s:e]).translate(
            {0x00D0: "Đ", 0x2013: "-", 0xFF0F: "/", 0x00A0: " "})
        back = " ".join(back.split()).replace("uỷ", "ủy")
        assert back == word


def test_identity_when_nothing_changes():
    n = normalize("Quy định số 98-QĐ/TW.")
    assert n.text == "Quy định số 98-QĐ/TW."
    assert n.original_span(4, 8) == (4, 8)


def test_empty_text():
    assert normalize("").text == ""
    assert normalize(" \n ").text == ""
