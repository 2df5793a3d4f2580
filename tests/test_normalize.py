"""Stage 2: normalisation, and the offset map back to the text as read."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.stages.normalize import normalize
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


# --- the fast scanners find what their defining patterns find ---------------------
# normalize.py runs each pass's pattern only where a cheap scan says it can match; these
# compare the two on random texts built from the pieces the patterns care about.

import random  # noqa: E402

import regex  # noqa: E402

from pipeline.stages import normalize as N  # noqa: E402

PIECES = [" ", " ", "  ", "\n", "\n\n", " \n ", "a", "Bộ", "x.", "123", "\u2003", "\u205f", "\u00a0", "\t",
          "\u200b", "\u00ad", "\u0301", "e\u0301", "oà", "uý", "Hoà", "OÀ", "quý", "toàn", "uỷ.",
          "Ảnh: TTXVN", "(Ảnh: Tư liệu)", "Ảnh minh họa", "Video - VTV", "Nguồn ảnh: Bộ", "Clip:", "ảnh",
          "Tin khác", "Bình luận", "Bình luận \n(3)", "Lượt xem:", "Lượt xem:\n\n12", "A- A A+", "A-\nA\nA+",
          "Đánh giá:", "Facebook", " Facebook |\nZalo", "Nguồn: abc.vn", "(còn nữa)", "Chia sẻ",
          "\u2013", "\u00d0", "\r", "\u2028"]


def _random_texts(count: int = 3000, seed: int = 6) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 40))) for _ in range(count)]


def test_character_table_matches_translate():
    table = str.maketrans(N._CHAR_TABLE)
    for text in _random_texts():
        assert N._replace_chars(text) == text.translate(table)


def test_fast_scanners_agree_with_the_patterns():
    at_line_start, _ = N._clutter_res()
    for text in _random_texts():
        text = N._replace_chars(text)
        assert list(N._space_run_edits(text)) == [(m.start(), m.end(), " ") for m in N._SPACES_RE.finditer(text)]
        assert list(N._blank_line_edits(text)) == [
            (m.start(), m.end(), "\n") for m in N._BLANK_LINES_RE.finditer(text) if m.group() != "\n"]
        assert N._clutter_spans(text) == [m.span() for m in at_line_start.finditer(text)]
        photo = [e[:2] for e in N._clutter_edits(text)][len(N._clutter_spans(text)):]
        assert photo == [m.span() for m in N._PHOTO_CREDIT_RE.finditer(text)]
        assert [e[:2] for e in N._tone_edits(text)] == [m.span() for m in N._TONE_RE.finditer(text)]
        assert [e[:2] for e in N._nfc_edits(text)] == [
            m.span() for m in N._MARK_CLUSTER_RE.finditer(text)
            if unicodedata.normalize("NFC", m.group()) != m.group()]
        assert [e[:2] for e in N._invisible_edits(text)] == [m.span() for m in N._INVISIBLE_RE.finditer(text)]


def test_tone_candidates_cover_every_case_variant():
    """IGNORECASE in `regex` could pair a letter with more than its upper case (as it pairs
    s with ſ); the candidate scan must then list that character too."""
    letters = {ch for key in N.TONE_STYLE for ch in key}
    any_case = regex.compile("(?i)[%s]" % regex.escape("".join(sorted(letters))))
    listed = set(N._TONE_FIRST) | set(N._TONE_SECOND)
    variants = {chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000 and any_case.fullmatch(chr(c))}
    assert variants <= listed


def _reference_map(text: str, edits: list) -> tuple[list[int], list[int]]:
    """Per char of the edited text, its [start, end) in `text`, built one char at a time."""
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for start, end, repl in edits + [(len(text), len(text), "")]:
        starts += range(pos, start)
        ends += range(pos + 1, start + 1)
        if len(repl) == end - start:
            starts += range(start, end)
            ends += range(start + 1, end + 1)
        else:
            starts += [start] * len(repl)
            ends += [end] * len(repl)
        pos = end
    return starts, ends


def test_offset_map_matches_a_char_by_char_map():
    for text in _random_texts(1000):
        text = N._replace_chars(text)
        for make_edits in N._PASSES:
            edits = N._merge(make_edits(text))
            new_text, starts, ends = N._apply(text, edits)
            ref_starts, ref_ends = _reference_map(text, edits)
            assert len(ref_starts) == len(new_text)
            if starts is None:  # same-length edits: every char maps to itself
                assert ref_starts == list(range(len(new_text))) and ref_ends == list(range(1, len(new_text) + 1))
            else:
                assert starts.tolist() == ref_starts and ends.tolist() == ref_ends
            text = new_text
