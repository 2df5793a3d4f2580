"""The Vietnamese number parser."""

from __future__ import annotations

import pytest

from extractors.numbers import find_numbers, parse_number, words_value


@pytest.mark.parametrize("text, value", [
    ("7", 7), ("07", 7), ("1.000", 1000), ("12.500", 12500), ("hơn 100", 100), ("gần 500", 500),
    ("khoảng 40", 40), ("trên 2.000", 2000), ("hai", 2), ("mười", 10), ("mười lăm", 15), ("mười một", 11),
    ("hai mươi", 20), ("hai mươi mốt", 21), ("ba mươi tư", 34), ("bốn mươi lăm", 45), ("chín mươi chín", 99),
    ("một trăm", 100), ("một trăm linh năm", 105), ("hai trăm lẻ một", 201), ("ba trăm hai mươi", 320),
    ("một nghìn", 1000), ("hai nghìn năm trăm", 2500), ("năm", 5), ("Hai", 2), ("bẩy", 7),
    # thousands in digits and a word, the rest in digits
    ("1 nghìn 400", 1400), ("gần 1 nghìn 400", 1400), ("2 ngàn", 2000), ("1,4 nghìn", 1400), ("3,25 nghìn", 3250),
    ("hơn 2 ngàn 350", 2350),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", [
    "937/2.071", "4/30", "14/17", "75%", "21,22", "1,5", "07/10/2017", "98-QĐ/TW", "một", "mốt", "tư", "lăm",
    "trăm", "mươi", "hai ba", "1,4 nghìn 200",
])
def test_not_a_number(text):
    assert parse_number(text) is None


def test_range_keeps_both_ends():
    [n] = find_numbers("giới thiệu 45- 47 đồng chí")
    assert (n.value, n.high) == (45, 47)
    [n] = find_numbers("từ 10 đến 12 cán bộ")
    assert (n.value, n.high) == (10, 12)


def test_year_words_are_not_five():
    assert find_numbers("hằng năm cán bộ") == []
    assert find_numbers("cuối năm") == []
    assert [n.value for n in find_numbers("luân chuyển năm cán bộ")] == [5]


def test_word_run_stops_where_the_number_ends():
    first, year = find_numbers("hai mươi năm 2020")
    assert (first.value, year.value) == (25, 2020)  # "hai mươi năm" reads as 25: only a unit after it makes a count
    assert find_numbers("một năm") == []


def test_spans_and_qualifiers():
    text = "đã luân chuyển gần 500 cán bộ"
    [n] = find_numbers(text)
    assert text[n.start:n.end] == "gần 500" and n.qualifier == "gần"


def test_digits_glossed_in_words_are_one_number():
    text = "điều động 03 (ba) đồng chí và 12 ( mười hai ) cán bộ"
    first, second = find_numbers(text)
    assert (first.value, text[first.start:first.end]) == (3, "03 (ba)")
    assert (second.value, text[second.start:second.end]) == (12, "12 ( mười hai )")
    assert parse_number("05 (năm)") == 5


def test_number_words_glossed_in_figures_are_one_number():
    text = "Hai mươi lăm (25) cán bộ và ba(03) đồng chí, bảy ( 7 ) công chức"
    first, second, third = find_numbers(text)
    assert (first.value, text[first.start:first.end]) == (25, "Hai mươi lăm (25)")
    assert (second.value, text[second.start:second.end]) == (3, "ba(03)")
    assert (third.value, text[third.start:third.end]) == (7, "bảy ( 7 )")


def test_figures_saying_something_else_are_no_gloss_of_words():
    text = "luân chuyển ba (4) cán bộ"  # the words and the figures disagree: two numbers
    three, four = find_numbers(text)
    assert (three.value, three.end, four.value) == (3, text.index(" ("), 4)


def test_a_bracket_saying_something_else_is_no_gloss():
    text = "luân chuyển 5 (hai) cán bộ"  # a gloss of another value: the digits alone, the word apart
    five, two = find_numbers(text)
    assert (five.value, five.end, two.value) == (5, text.index(" ("), 2)
    text = "đã luân chuyển 8 (năm 2023) cán bộ"
    assert find_numbers(text)[0].end == text.index(" (")


def test_words_value_rejects_malformed_runs():
    assert words_value("mươi hai") is None
    assert words_value("hai hai") is None
    assert words_value("năm linh") is None


@pytest.mark.parametrize("text", [
    "Huyện đã luân chuyển ſáu người về xã.",          # long s: `regex` folds it to "s", lower() does not
    "Huyện đã luân chuyển \U00010D43 người về xã.",   # Garay digit: `regex` knows it, Python's int may not
    "Huyện đã luân chuyển 1\U00010D43 - 2\U00010D44 người về xã.",
])
def test_odd_characters_in_numbers_do_not_fail_the_article(text):
    from pipeline import extract_text

    article = extract_text(text)[0]
    assert article.error is None
