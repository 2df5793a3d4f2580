"""The counts extractor's fast paths give exactly what the plain scans they replace give.

`find_counts` reads an article's numbers once (`numbers.NumberIndex`), tries its big patterns
only where their first words stand (`extractors.heads.Heads`), and skips sentences that cannot hold a
number of people (`mentions.may_mention`). Each is checked here against the plain `regex`
scan on the corpus articles, the case table and texts made to hit the edges (spans ending
inside a word, ranges written against `đến`, capitals that fold oddly).
"""

from __future__ import annotations

import json
import random
import re
import threading

import pytest
import regex

from extractors.counts import language, levels, mentions, vantage
from extractors.heads import _inner_heads, folded_text, literal_heads
from extractors.numbers import (LATIN_LETTERS, NumberIndex, _readable, _start_words, _word_spans, _word_start_re, find_numbers,
                                folded, literal_trie, number_re)
from pipeline.stages.normalize import normalize
from pipeline.stages.segment import split_sentences
from tests.conftest import CASES, CORPUS, best_seconds, facts_of

EDGES = [
    "Huyện ủy đã luân chuyển 45 đến47 cán bộ; tỉnh điều động 12- 15 đồng chí (tỉnh về huyện 3, huyện về xã 9).",
    "Năm 2022 có 5một đồng chí, hai mươi mốt người và hơn 1.000 cán bộ được điều chuyển đổi vị trí công tác.",
    "Tổng số cán bộ được luân chuyển là 11. Số lượng công chức: 7. Trong đó, từ huyện về xã 4 đồng chí.",
    "HAI MƯƠI NGƯỜI, BA CÁN BỘ, MỘT ĐỒNG CHÍ; TRÊN 30 CÁN BỘ tỉnh Nghệ An, TP. Hà Tĩnh, thành phố Vinh.",
    "İba người, Ba ſố cán bộ, ba\u0301 người, tuba 3 người, ban 4 người, 3người, hằng năm cán bộ, cuối năm 2020 đồng chí.",
    "Thành ủy, Quận ủy Ba Đình, thị xã Kỳ Anh, huyện  Nậm Pồ, tỉnh\nLai Châu, quận ủy, Tỉnh ủy Hà Giang bố trí.",
    "luân chuyển 7/10/2017, 75% cán bộ, 937/2.071 người, 21,22 đồng chí, 4/30 người, Quyết định số 98-QĐ/TU.",
]


ARTICLES = [normalize(p.read_text("utf-8")).text for p in sorted((CORPUS / "articles").glob("*.txt"))]
CASE_TEXTS = [json.loads(line)["text"] for line in (CASES / "counts.jsonl").read_text("utf-8").splitlines()
              if line.strip() and not line.lstrip().startswith("//")]
TEXTS = ARTICLES + CASE_TEXTS + EDGES
# Random spans per text. The case table's texts are single short sentences, more than a thousand of
# them: a few spans each cut them everywhere a long article's forty do, at a fifth of the suite's time.
RANDOM_SPANS_PER_CASE, RANDOM_SPANS_PER_TEXT = 8, 40


def _spans(text: str, rng: random.Random, n_random: int) -> list[tuple[int, int]]:
    """The text's sentences, and spans starting and ending anywhere (inside words too)."""
    spans = list(split_sentences(text))
    spans += [tuple(sorted((rng.randrange(len(text) + 1), rng.randrange(len(text) + 1)))) for _ in range(n_random)]
    spans += [(s, min(e, s + rng.randrange(1, 60))) for s, e in list(spans)]
    return spans


def _all_spans():
    rng = random.Random(6)
    for text in ARTICLES + EDGES:
        spans = _spans(text, rng, RANDOM_SPANS_PER_TEXT)
        if text in EDGES:  # every end inside the edge texts' words
            spans += [(0, end) for end in range(len(text) + 1)] + [(start, len(text)) for start in range(len(text))]
        yield text, spans
    for text in CASE_TEXTS:
        yield text, _spans(text, rng, RANDOM_SPANS_PER_CASE)


def test_number_index_finds_what_find_numbers_finds():
    for text, spans in _all_spans():
        index = NumberIndex(text)
        for start, end in spans:
            expected = find_numbers(text, start, end)
            assert index.find(start, end) == expected, (text[start:end], start, end)
            if expected:
                assert index.may_hold(start, end)


def test_number_index_lists_every_place_a_number_may_start():
    for text, spans in _all_spans():
        index = NumberIndex(text)
        for start, end in spans[:60]:
            places = set(index.places(start, end))
            assert {m.start() for m in number_re().finditer(text, start, end)} <= places


@pytest.mark.parametrize("name", sorted(language._heads()))
def test_heads_find_what_the_pattern_finds(name):
    heads = language._heads()[name]
    assert heads.heads, "every big pattern has heads to look for"
    for text, spans in _all_spans():
        for start, end in spans:
            plain = [(m.span(), m.groupdict()) for m in heads.pattern.finditer(text, start, end)]
            assert [(m.span(), m.groupdict()) for m in heads.finditer(text, start, end)] == plain
            first = heads.pattern.search(text, start, end)
            found = heads.search(text, start, end)
            assert (found and found.span()) == (first and first.span())
            # at the span's start (mostly no head) and where the plain scan found a match
            for pos in [start] + [span[0] for span, _ in plain]:
                m, plain_m = heads.match(text, pos, end), heads.pattern.match(text, pos, end)
                assert (m and (m.span(), m.groupdict())) == (plain_m and (plain_m.span(), plain_m.groupdict()))


def test_may_mention_holds_wherever_a_mention_is():
    for text, spans in _all_spans():
        index = NumberIndex(text)
        for start, end in spans:
            if mentions.mentions_in(text, (start, end)):
                assert mentions.may_mention(text, start, end, index), text[start:end]
            assert mentions.mentions_in(text, (start, end), index) == [] or mentions.may_mention(text, start, end, index)


def test_may_mention_skips_sentences_without_people():
    index_text = "Hội nghị năm 2022 đã đánh giá công tác cán bộ. Có 12 đồng chí được luân chuyển."
    index = NumberIndex(index_text)
    first, second = split_sentences(index_text)
    assert not mentions.may_mention(index_text, *first, index)
    assert mentions.may_mention(index_text, *second, index)


def test_find_counts_reads_the_edges_as_before():
    # what the extractor found in these texts before the fast paths (value, direction, part_of)
    before = [[(45, None, None), (12, None, None), (3, "down", 1), (9, "down", 1)],
              [(21, None, None), (1000, None, None)],
              [(11, None, None)]]
    for text, expected in zip(EDGES, before):
        assert [(c["value"], c["direction"], c["part_of"]) for c in facts_of(text, "count")] == expected


# ---------------------------------------------------------------- the heads, read from the patterns

def test_literal_heads_read_groups_options_and_look_arounds():
    assert literal_heads(r"(?:thuộc\s+)?diện\s+x") == {"thuộc", "diện x"}  # a space: any white space
    assert literal_heads(r"(?<!khoa\s)học(?!\s+viện)") == {"học"}
    assert literal_heads("luân chuyển", "Điều động") == {"luân chuyển", "điều động"}
    assert literal_heads(r"T\.?Ư|TW") == {"t.", "tư", "tw"}
    assert literal_heads(r"T\.?Ư|TW", fold=False) == {"T.", "TƯ", "TW"}
    assert literal_heads("bộ|bộ chính trị") == {"bộ"}  # one head another begins with is enough


def test_literal_heads_give_up_where_a_match_may_begin_otherwise():
    assert literal_heads(r"\p{L}+ khác") is None  # syntax only `regex` knows
    assert literal_heads(r"(?:hai|\d)\s+chiều") is None  # a digit is no head
    assert literal_heads(r"x?") is None
    assert literal_heads(r"[^,;]{0,5}quản lý") is None


def test_a_head_inside_another_makes_the_scan_look_everywhere():
    assert _inner_heads(frozenset({"điều chuyển", "chuyển đổi"}), True)
    assert not _inner_heads(frozenset({"luân chuyển", "điều động"}), True)
    assert _inner_heads(frozenset({"ba", "an"}), False)  # `an` in `ban`, for a pattern that may start anywhere
    assert not _inner_heads(frozenset({"ba", "an"}), True)  # after a letter: no word starts there


# ---------------------------------------------------------------- folding: the scans see what `regex` sees

def _head_letters() -> set[str]:
    words = set(_start_words()) | {"khác", "ngược", "chiều", "là", "số", "lượng", "đến", "tới", "một", "trong"}
    words |= set(mentions._unit_first_words() or ())
    for heads in language._heads().values():
        if heads._fold:  # (the committee pattern minds case: its heads are looked for as written)
            words |= set(heads.heads or ())
    return {c for w in words for c in w if c.isalpha()}


_ALL = [chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF]


@pytest.mark.parametrize("flags", [regex.IGNORECASE, regex.IGNORECASE | regex.VERSION1], ids=["simple", "full"])
def test_a_character_matches_a_head_letter_only_as_its_folded_self(flags):
    letters = sorted(_head_letters())
    any_letter = regex.compile(f"[{''.join(letters)}]", flags)
    for ch in _ALL:
        if any_letter.fullmatch(ch):
            for letter in letters:
                if regex.fullmatch(regex.escape(letter), ch, flags):
                    assert folded(ch) == letter, (hex(ord(ch)), letter)
    # a character that full case folding turns into several is no part of a head
    heads = [h for hs in language._heads().values() if hs._fold for h in hs.heads or ()]
    for ch in _ALL:
        if len(ch.casefold()) > 1:
            assert not any(ch.casefold() in h for h in heads), hex(ord(ch))


def test_folding_keeps_length_and_latin_letters_are_letters():
    letter = regex.compile(r"\p{L}")
    latin = re.compile(f"[{LATIN_LETTERS}]")
    for ch in _ALL:
        assert len(folded(ch)) == 1
        if latin.fullmatch(folded(ch)):
            assert letter.fullmatch(ch), hex(ord(ch))


def test_white_space_for_the_scans_covers_regexs_and_digits_fold_to_themselves():
    space, digit = regex.compile(r"\s"), regex.compile(r"\d")
    for ch in _ALL:
        if space.fullmatch(ch):
            assert re.fullmatch(r"\s", ch) and ch.isspace() and folded(ch) == ch, hex(ord(ch))
        if digit.fullmatch(ch):
            assert folded(ch) == ch, hex(ord(ch))


def test_a_digit_only_regex_knows_is_found():
    digits = "\U00010d40\U00010d43"  # Garay digits 0 and 3 (Unicode 16)
    if not regex.fullmatch(r"\d+", digits):
        pytest.skip("this regex does not know Garay digits")
    text = f"luân chuyển {digits} cán bộ và 5 đồng chí"
    index = NumberIndex(text)
    # (its value is another matter: int() of this Python does not read these digits either)
    assert [m.start() for m in number_re().finditer(text)] == [12, 25]
    assert {12, 25} <= set(index.places(0, len(text))) and index.has_digits(0, 20)
    assert index.may_hold(0, 20) and index.followed(0, 20, ('cán',))


def _case_variant_runs() -> list[str]:
    """Strings of several characters that full case folding may read as one (`ﬄ` as `FFL`)."""
    runs = {v for ch in _ALL for v in (ch.casefold(), ch.upper(), ch.lower(), ch.title()) if len(v) > 1}
    return sorted(runs | {r.swapcase() for r in runs} | {r.capitalize() for r in runs})


@pytest.mark.parametrize("side", ["start", "end"])
def test_word_edges_ignore_case_folding_as_the_plain_class_does(side):
    # `_B`/`_E` test a letter case-sensitively inside case-insensitive patterns (faster in `regex`);
    # the plain class under full case folding must stand or fall at the same places
    flags = regex.IGNORECASE | regex.VERSION1
    plain_edge = f"(?<!{language._W})" if side == "start" else f"(?!{language._W})"
    fast_edge = language._B if side == "start" else language._E
    plain, fast = (regex.compile(f"{edge}x" if side == "start" else f"x{edge}", flags)
                   for edge in (plain_edge, fast_edge))
    for context in ("x", " ", "1", "x\u0301"):
        chars = context.join(_ALL) + context
        assert [m.start() for m in fast.finditer(chars)] == [m.start() for m in plain.finditer(chars)], repr(context)
    for run in _case_variant_runs():
        for text in (f"{run}x", f"x{run}", f" {run} x ", f"x {run}x"):
            assert [m.start() for m in fast.finditer(text)] == [m.start() for m in plain.finditer(text)], run


@pytest.mark.parametrize("digits", ["7", "07", "1.000", "12.500.000", ".", "1.", "\U00010d40\U00010d43", "1\U00010d43",
                                    "٣", "१२", "²", "①", "1.٣", ""])
def test_readable_digits_are_read_as_one_by_one(digits):
    # `_readable` tests a run at once; each character, as Python reads it, decides the same
    assert _readable(digits) == all(ch == "." or ch.isdecimal() for ch in digits)
    assert _readable("5", digits) == _readable(digits)


UNIT_CASES = ["3 cán bộ", "3  cán bộ", "3\u00a0người", "3\tđồng chí", "3 " + " " * 8 + "người", "3 Người", "3 NGƯỜI",
              "3người", "3 cán", "3 ban", "3 ,người", "3 người dân", "3 người trong số", "3 lượt cán bộ", "3 cánbộ",
              "trong số 3 cán bộ", "trong tổng số 3", "TRONG SỐ 3", "trongsố 3", "tron g số 3", "Trong  tổng  số  3"]


def test_unit_and_reference_checks_find_what_their_patterns_find():
    # each is tried only where a literal it needs stands: the answers are the plain patterns'
    for text in TEXTS + UNIT_CASES:
        for number in find_numbers(text):
            for end in (len(text), min(len(text), number.end + 3), number.end):
                plain = language.unit_re().match(text, number.end, end)
                got = mentions.unit_after(text, number.end, end)
                assert (got and (got.span(), got.group("unit"))) == (plain and (plain.span(), plain.group("unit")))
            lo = max(0, number.start - 16)
            assert mentions._reference_before(text, lo, number.start) == bool(mentions._REFERENCE_RE.search(text, lo, number.start))
    assert mentions.unit_after("3 cán bộ", 1, 8) and not mentions.unit_after("3 ban", 1, 5)
    assert mentions._reference_before("TRONG SỐ 3", 0, 9) and not mentions._reference_before("tron g số 3", 0, 10)


COMMITTEE_CASES = ["tỉnh Nghệ An", "tỉnh. Hà Tĩnh", "TP.HCM", "TP. Hà Tĩnh", "TP Vinh", "huyện  Nậm Pồ", "thành phố\nVinh",
                   "tỉnh ủy", "Tỉnh ủy Hà Giang", "Huyện ủy", "huyện 3", "quận Ba Đình", "thị xã Kỳ Anh", "Athành phố Vinh",
                   "tỉnh, huyện Mường Tè", "huyện " + " " * 9 + "Nậm", "thành  phố Hà Nội", "thành phố ĐÀ NẴNG", "quận Ǆ",
                   "huyện ǅa", "huyện Ωmega", "quận ıa", "thị xã\u00a0Sơn Tây", "TPHà"]


def _counted(matches) -> list:
    return [(m.span(), m.group("kind", "name")) for m in matches if m.group("name") or m.group("kind").endswith("ủy")]


def test_named_committees_are_found_as_the_plain_scan_finds_them():
    for text in TEXTS + COMMITTEE_CASES + [" ".join(COMMITTEE_CASES)]:
        assert _counted(vantage._committees(text)) == _counted(vantage._COMMITTEE_RE.finditer(text)), text
    # the scan passes over unnamed units only
    assert _counted(vantage._committees("huyện Nậm Pồ")) and not list(vantage._committees("huyện, xã"))


def test_a_trie_word_with_a_tail_ends_only_where_its_look_ahead_holds():
    trie = re.compile(literal_trie(["a", "ab", "b"], {"a": "(?=x)"}))
    assert [trie.match(t) and trie.match(t).group() for t in ("ax", "ab", "ay", "b", "by")] == ["a", "ab", None, "b", "b"]
    assert literal_trie(["ba", "bốn", "b"]) == re.compile(literal_trie(["ba", "bốn", "b"], {})).pattern == "b(?:a|ốn)?"


WORD_CASES = ["", "ba", "ba người", "hai,ba", "5một", "tuba", "hai  ba", "жhai", "bán", "ba5", "mười2", "một-hai",
              "\nnăm", "x năm", "nămnăm", "hơn hai mươi mốt", "İba", "ſáu"]


def test_start_words_are_found_as_the_look_behind_scan_finds_them():
    for text in TEXTS + WORD_CASES:
        f = folded(text)
        assert _word_spans(f) == [m.span() for m in _word_start_re().finditer(f)], text
    assert _word_spans("ba người, hai,ba") == [(0, 2), (10, 13), (14, 16)]


def test_folded_text_is_each_articles_own_in_every_thread():
    # the fold last asked for is shared between threads: each text must still get its own
    texts = ["Tỉnh Ủy İ " + text for text in TEXTS[:6]]
    errors = []

    def work(k: int) -> None:
        for i in range(300):
            text = texts[(k + i) % len(texts)] if i % 3 else texts[k]
            if folded_text(text) != folded(text):
                errors.append((k, i))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and folded_text(texts[0]) == folded(texts[0]) and folded_text("") == ""


class _Unread:
    """A vantage that must not be read."""

    def __getattr__(self, name):
        raise AssertionError(f"vantage.{name} read")


@pytest.mark.parametrize("text, receive, read", [
    ("đã luân chuyển 15 cán bộ trong năm", False, False),
    ("điều động 3 đồng chí Ủy viên Ban Thường vụ", False, False),
    ("luân chuyển 15 cán bộ về xã", False, True),          # a move: home completes it
    ("tiếp nhận 4 cán bộ", True, True),                    # received: they arrive home
    ("luân chuyển ngang 6 cán bộ", False, True),            # lateral: at home's level
    ("luân chuyển 5 cán bộ cùng cấp", False, True),
])
def test_the_vantage_is_read_only_when_home_completes_a_move(text, receive, read):
    span = (0, len(text))
    plain = [levels.direction_of(text, span, vantage.Vantage(level), receive) for level in ("province", "district", None)]
    if read:
        with pytest.raises(AssertionError, match="vantage"):
            levels.direction_of(text, span, _Unread(), receive)
    else:  # unread, and whatever the article's level, the same
        assert levels.direction_of(text, span, _Unread(), receive) == plain[0] == plain[1] == plain[2]


HOSTILE_SCANS = {
    "unit-words-then-space-runs": "huyện" + " " * 60,
    "committee-words": "huyện tỉnh Thành ủy TP. thị xã ",
    "capitalised-unit-words": "Huyện Tỉnh Thành phố Quận ủy Thị xã ",
    "capitalised-unit-words-then-space-runs": "Huyện" + " " * 60,
    "heads-then-space-runs": "luân" + " " * 40 + "điều",
    "start-words": "ba hai một năm hơn ",
    "digits-and-dots": "1.2.3.4 ",
    "one-word": "x",
}


def _scan_seconds(text: str) -> float:
    def scan() -> None:
        list(vantage._committees(text))
        _word_spans(folded(text))
        for heads in language._heads().values():
            heads.places(text, 0, len(text))
        mentions.unit_after(text, 0, len(text))

    return best_seconds(scan, tries=2)


@pytest.mark.parametrize("kind", HOSTILE_SCANS)
def test_the_scans_take_time_in_proportion_to_the_text(kind):
    # (as tests/test_hostile.py does for the pipeline: ten times the text, under twenty times the time)
    unit = HOSTILE_SCANS[kind]
    small, large = [(unit * (size // len(unit) + 1))[:size] for size in (10_000, 100_000)]
    for _ in range(2):
        if _scan_seconds(large) < 20 * _scan_seconds(small) + 0.02:
            return
    pytest.fail(f"{kind}: the scans took over twenty times as long on ten times the text")


@pytest.mark.parametrize("before", list(".,/-09") + ["(", " ", ": ", "x", "/ ", "- ", "\u0660", "đ", "\u00a0"])
def test_digits_after_any_character_are_read_as_find_numbers_reads_them(before):
    # the index passes over digits right after some characters without trying the pattern there
    for text in (f"có{before}12 người", f"{before}7", f"năm 2020{before}15 cán bộ", f"hơn{before}3 đồng chí"):
        assert NumberIndex(text).find(0, len(text)) == find_numbers(text), text
