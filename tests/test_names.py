"""Person-name recognition: where a place ends and a name begins, and what is not a name."""

from __future__ import annotations


import pytest

from extractors.names import Words, find_names
from extractors.tokens import tokenize
from tests.conftest import best_seconds


def names(text: str, words: list[tuple[int, int]] | None = None) -> list[str]:
    toks = tokenize(text)
    found = find_names(text, toks, Words.of_spans(words, text) if words is not None else None)
    return [n.text for n in found]


@pytest.mark.parametrize("text, expected", [
    ("Bí thư Quận ủy Ba Đình Trần Thị Lụa", ["Trần Thị Lụa"]),            # place, then name
    ("Chủ tịch UBND tỉnh Hà Giang Hà Văn Sáng", ["Hà Văn Sáng"]),         # place and name share a surname
    ("Bí thư Huyện ủy Yên Thế Nguyễn Doãn Khoa", ["Nguyễn Doãn Khoa"]),  # a surname inside the name
    ("Chủ tịch UBND huyện Mạc Văn Lộc", ["Mạc Văn Lộc"]),                 # a bare unit word, then a name
    ("ông Giàng A Páo", ["Giàng A Páo"]),
    ("Ông Lò Văn Pưn", ["Lò Văn Pưn"]),                                    # capitalised honorific
    ("bà Tôn Nữ Thị Ngọc Hà", ["Tôn Nữ Thị Ngọc Hà"]),                    # five syllables after an honorific
    ("Bí thư Thành Đoàn Lê Văn Tâm", ["Lê Văn Tâm"]),                      # a youth union written in capitals
    ("Chủ tịch UBND xã Lê Tân", []),                                        # a place the gazetteer lacks
])
def test_names_are_split_from_places(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "Thành ủy Hà Nội", "TP Hồ Chí Minh", "xã Lâm Hà", "Công ty Mai Linh", "Trường THPT Nguyễn Du",
    "đường Lê Hồng Phong", "BTV Huyện ủy", "MTTQ", "đạt TS- VM", "Hà",
])
def test_places_organisations_and_abbreviations_are_not_names(text):
    assert names(text) == []


def test_word_segmentation_vetoes_a_name_cut_inside_a_word():
    text = "Bí thư Đoàn Thanh niên xã"
    start = text.index("Thanh")
    words = [(0, 6), (7, 12), (start, start + len("Thanh niên")), (text.index("xã"), len(text))]
    assert names(text, words) == []


def test_a_segmenter_word_starting_before_the_name_is_ignored():
    text = "Huyện ủy Vi Thị Lan trao"
    words = [(0, 5), (6, len(text))]  # the segmenter glued "ủy Vi Thị Lan trao"
    assert names(text, words) == ["Vi Thị Lan"]


@pytest.mark.parametrize("unit", ["Nguyễn ", "Lê Văn ", "Hà Nội "])
def test_linear_in_long_capitalised_runs(unit):
    timings = []
    for repeats in (5_000, 20_000):
        text = unit * repeats
        timings.append(best_seconds(lambda: names(text)))
    assert timings[1] < 8 * timings[0] + 0.3  # 4x the input: ~4x the time; quadratic would be 16x


def test_spelled_tokenizer_gives_the_regex_engines_tokens():
    """`tokenize` runs an `re` twin of its `regex` pattern on most sentences: same tokens."""
    import random

    from extractors.tokens import _TOKEN_RE, SPELLED_BELOW, _spelled_token_re

    spelled = _spelled_token_re()
    every_char = "".join(map(chr, range(SPELLED_BELOW)))
    assert [m.span() for m in spelled.finditer(every_char)] == [m.span() for m in _TOKEN_RE.finditer(every_char)]
    rng = random.Random(7)
    pieces = [every_char[k] for k in range(SPELLED_BELOW)] + list(" \t\n\xa0\u2000\u2028'’./&-\u0301")
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        start = rng.randint(0, len(text))
        assert [m.span() for m in spelled.finditer(text, start)] == [m.span() for m in _TOKEN_RE.finditer(text, start)]


def test_tokenize_beyond_the_spelled_characters():
    text = "Ông Nguyễn Văn A 🙂 Bí thư ✓ 9/2022"  # characters past SPELLED_BELOW: the regex engine
    assert [t.text for t in tokenize(text)] == ["Ông", "Nguyễn", "Văn", "A", "🙂", "Bí", "thư", "✓", "9/2022"]
