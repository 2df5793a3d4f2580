"""Property tests (hypothesis): for any text, extraction does not raise, and its records are sound.

For any Unicode string: an article record comes first and has no error (an
`extraction_failed` record would mean a stage raised); every fact's span lies
inside the text and slices exactly to the record's `text`, its sentence
contains it, and every record validates against the schema when read back
from its JSON line. Strings are drawn both from all of Unicode and from an
alphabet of the characters the extractors look at, so facts are actually
found. Example counts stay modest so the suite stays fast.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from pipeline.inputs import decode
from pipeline.runner import extract_text
from pipeline.stages.write import record_line
from schemas.records import AnyRecord

RECORD = TypeAdapter(AnyRecord)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that make facts: document words and symbols, counts, names and posts, odd spacing and marks.
PIECES = [
    "Quyết định số ", "Quy định ", "Nghị quyết số ", "Kết luận ", "98-QĐ/TW", "15/2020/NĐ-CP", "ngày 07/10/2017",
    " của Ban Bí thư", " về \"luân chuyển\"", "luân chuyển ", "điều động ", "15 ", "1.000 ", "cán bộ", "đồng chí ",
    "từ tỉnh về huyện", "Ông ", "bà ", "Nguyễn Văn An", "Lò Văn Thân", ", Bí thư Huyện ủy", ", Chủ tịch UBND xã ",
    "Phó ", "TP. ", "Hà Nội", ". ", ".", "\n", "\n\n", "  ", "\t", "\u00a0", "\u200b", "\u0301", "\u0323", "Ð", "–",
    "…", "“", "”", "(", ")", "a", "Đ", "ủy", "uỷ", "hoà", "1", "/", "-", ",", ";", ":", "\r\n", "\ufeff",
]
fact_like = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
any_text = st.text(max_size=300)


def _check(text: str) -> None:
    records = extract_text(text)
    article = records[0]
    assert article.type == "article"
    assert article.error is None or article.error.code.value != "extraction_failed", article.error
    assert article.n_chars == len(text)
    assert article.n_facts == len(records) - 1
    for record in records:
        line = record_line(record)
        assert RECORD.validate_python(json.loads(line)) == record  # round-trips through JSON
    for fact in records[1:]:
        start, end = fact.span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == fact.text
        assert fact.text in fact.sentence and fact.sentence in text


@SETTINGS
@given(any_text)
def test_any_unicode_text(text):
    _check(text)


@SETTINGS
@given(fact_like)
def test_fact_like_text(text):
    _check(text)


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_are_reported(data):
    text, error, notes = decode.decode_bytes(data)
    assert (text is None) != (error is None)
    if text is not None:
        _check(text)
