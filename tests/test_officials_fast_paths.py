"""The officials extractor's fast paths, held to the plain paths they replace.

Each table pairs cases where the plain path says yes with cases where it says no,
and the fast path must agree on every one: a fast path that drifted in either
direction fails here.
"""

from __future__ import annotations

import random
import unicodedata

import pytest

from extractors.names import Words, capital_runs, is_syllable
from extractors.officials.gates import _REGEX_GATE, _gate, _spelled_gate
from extractors.posts import Lexicon
from extractors.tokens import _TOKEN_RE, SPELLED_BELOW, tokenize
from tests.conftest import best_seconds


def _plain_tokens(text: str, start: int, end: int) -> list[tuple]:
    """The tokens as the plain path reads them: one `regex` match at a time."""
    return [(m.start(), m.end(), m.group(), m.group().lower(), m.group()[0].islower())
            for m in _TOKEN_RE.finditer(text, start, end)]


TOKEN_TEXTS = [
    "",
    "   ",
    "Ông Nguyễn Văn A, Bí thư Huyện ủy (nay là Chủ tịch).",
    "ngày 9/2022,NN&PTNT;H'Mông ’s  x",
    "  Ủy ban nhân dân  tỉnh\tHà\u00a0Nam\u2028Lào Cai\n",
    "Đ/c Lò-Văn-Thân…“trích”—",
    unicodedata.normalize("NFD", "Phó Chủ tịch UBND xã Pa Tần"),  # combining marks inside words
    "Ông Nguyễn Văn A 🙂 Bí thư ✓ 9/2022",  # past SPELLED_BELOW: the regex engine
    "\x1c\x1dA\x1eB\x1f",  # separators `re` and `regex` disagree on as white space
    "İSTANBUL Σ ΟΔΟΣ ǅ",  # lower() changes length or depends on context
]


@pytest.mark.parametrize("text", TOKEN_TEXTS)
def test_tokenize_gives_the_plain_tokens(text):
    for start in range(len(text) + 1):
        for end in (start, (start + len(text)) // 2 + 1, len(text)):
            end = max(start, min(end, len(text)))
            got = [(t.start, t.end, t.text, t.low, t.is_lower) for t in tokenize(text, start, end)]
            assert got == _plain_tokens(text, start, end), (text, start, end)


def test_tokenize_gives_the_plain_tokens_on_random_text():
    rng = random.Random(11)
    pieces = list("aĐđÔôs'’./&-,()") + [" ", "  ", "\t", "\xa0", "\u0301", "\x1c", "Nguyễn", "9", "🙂", "İ"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        got = [(t.start, t.end, t.text, t.low, t.is_lower) for t in tokenize(text, start, end)]
        assert got == _plain_tokens(text, start, end), (text, start, end)


# (text, capital pair?, surname then a capital?, honorific word?, honorific then a capital?)
# by the `regex` patterns
GATE_CASES = [
    ("Bí thư Nguyễn Văn A phát biểu", True, True, False, False),
    ("Hoàng Phủ Ngọc chủ trì", True, True, False, False),
    ("thành phố Hà Nội", True, True, False, False),
    ("ông Lê Văn Tám", True, True, True, True),
    ("ông lê văn tám", False, False, True, False),
    ("Ủy Ban Nhân dân", True, False, False, False),
    ("Ủy ban nhân dân", False, False, False, False),
    ("cán bộ Trần\x1cVăn", False, False, False, False),  # \x1c: white space to `re`, not to `regex`
    ("cán bộ Trần\xa0Văn", True, True, False, False),
    ("Nguyễn  Thành\u2003Long", True, True, False, False),
    ("xNguyễn Văn", True, False, False, False),  # a surname inside a word
    ("Nguyễn Vănx", True, True, False, False),
    ("Nguyễn VănX", True, False, False, False),  # the capital's word runs on in capitals
    ("H' Mông", True, True, False, False),
    ("ĐỒNG CHÍ Thân", True, False, True, True),
    ("Đồng\tchí", False, False, True, False),
    ("đồngchí", False, False, False, False),
    ("Anh hùng", False, False, True, False),
    ("thanh niên", False, False, False, False),  # "anh" inside a word
    ("ông\u0301", False, False, False, False),  # a combining mark continues the word
    ("đ/c Lan", False, False, True, True),
    ("Đ/C Lê Lan", True, True, True, True),
    ("BÀ", False, False, True, False),
    ("ÔNG", False, False, True, False),
    ("Bà Rịa", True, False, True, True),
    ("Nguyễn Văn 🙂 ông", True, True, True, False),  # past SPELLED_BELOW: the `regex` patterns
    ("anh\u00a0Thân", False, False, True, True),
    ("thanh Thân", False, False, False, False),  # the honorific inside a word
    ("Ông Thân 🙂", True, False, True, True),  # past SPELLED_BELOW: the `regex` patterns
]


@pytest.mark.parametrize("text,capital_pair,candidate,honorific,alias_cue", GATE_CASES)
def test_spelled_gate_answers_as_the_regex_gate(text, capital_pair, candidate, honorific, alias_cue):
    regex_gate, fast = _REGEX_GATE, _gate(text, 0, len(text))
    answers = {"capital_pair": capital_pair, "candidate": candidate, "honorific": honorific, "alias_cue": alias_cue}
    for name, expected in answers.items():
        assert bool(getattr(regex_gate, name).search(text)) == expected, (name, text)  # the table itself
        assert bool(getattr(fast, name).search(text)) == expected, (name, text)


def test_spelled_gate_answers_as_the_regex_gate_on_random_text():
    """Random sentences, searched from random offsets: a lookbehind sees before `start` in both engines."""
    rng = random.Random(5)
    pieces = (["Nguyễn", "Hoàng", "Phủ", "Văn", "A", "Ông", "ông", "ĐỒNG", "chí", "đ/c", "Đ/C", "bà", "ANH", "H'", "x",
               "Lê", "ủy", "Hà", "Nội", "’", "-", ",", "\u0301", "9", "ǅ", "İ", "ß"]
              + [" "] * 8 + ["\t", "\xa0", "\x1c", "\u2028", "\u2003"])
    spelled = _spelled_gate()
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        for name in ("capital_pair", "candidate", "honorific", "alias_cue"):
            expected = getattr(_REGEX_GATE, name).search(text, start, end)
            assert bool(getattr(spelled, name).search(text, start, end)) == bool(expected), (name, text, start, end)


def test_spelled_gate_is_used_only_below_the_spelled_characters():
    assert _gate("Nguyễn Văn A", 0, 12) is _spelled_gate()
    assert _gate("Nguyễn Văn A " + chr(SPELLED_BELOW), 0, 14) is _REGEX_GATE
    assert _gate("Nguyễn Văn A " + chr(SPELLED_BELOW), 0, 12) is _spelled_gate()  # outside the sentence


def _plain_match(lex: Lexicon, toks: list, i: int, lower_only: bool = False) -> int:
    """The longest phrase at toks[i], one token compared at a time."""
    if i >= len(toks) or (lower_only and not toks[i].is_lower):
        return 0
    key = (lambda t: t.text) if lex.case_sensitive else (lambda t: t.low)
    for words in lex.by_first.get(key(toks[i]), []):
        n = len(words)
        if i + n <= len(toks) and all(key(toks[i + k]) == words[k] for k in range(1, n)):
            return n
    return 0


LEXICON_PHRASES = ["Bí thư", "Bí thư Huyện ủy", "bí", "Ban Thường vụ Tỉnh ủy", "ban", "xã", "Xã hội", "đ/c", "H'",
                   "làm"]
LEXICON_TEXTS = [
    "Bí thư Huyện ủy Lê Văn A",  # the longest phrase
    "bí thư huyện ủy",  # case: a match only when not case-sensitive
    "Bí thư Huyện",  # the longer phrase cut by the sentence's end
    "Ban Thường vụ Tỉnh",
    "ban thường vụ tỉnh ủy làm xã hội Xã hội",
    "Đ/c H' Mông làm Bí",
    "thư Bí, thư Bí",
    "",
]


@pytest.mark.parametrize("case_sensitive", [False, True])
@pytest.mark.parametrize("text", LEXICON_TEXTS)
def test_lexicon_match_gives_the_plain_match(text, case_sensitive):
    lex = Lexicon(LEXICON_PHRASES, case_sensitive)
    toks = tokenize(text)
    key = (lambda t: t.text) if case_sensitive else (lambda t: t.low)
    for lower_only in (False, True):
        for i in range(len(toks) + 2):
            assert lex.match(toks, i, lower_only) == _plain_match(lex, toks, i, lower_only), (text, i, lower_only)
        plain_starts = [k for k, t in enumerate(toks) if key(t) in lex.by_first and (t.is_lower or not lower_only)]
        assert lex.starts(toks, lower_only) == plain_starts, (text, lower_only)


def test_lexicon_match_finds_and_misses():
    """The plain path's answers themselves, so that both cannot drift together."""
    lex, toks = Lexicon(LEXICON_PHRASES), tokenize("Bí thư Huyện ủy; Bí thư Huyện")
    assert [lex.match(toks, i) for i in range(len(toks))] == [4, 0, 0, 0, 0, 2, 0, 0]
    assert Lexicon(LEXICON_PHRASES, case_sensitive=True).match(tokenize("bí thư"), 0) == 1
    assert lex.match(tokenize("Bí thư"), 0, lower_only=True) == 0
    assert lex.starts(toks) == [0, 5] and lex.starts(toks, lower_only=True) == []
    assert Lexicon(LEXICON_PHRASES, case_sensitive=True).starts(tokenize("xã Xã bí Bí")) == [0, 1, 2, 3]
    assert Lexicon(["Xã hội"], case_sensitive=True).starts(tokenize("xã Xã")) == [1]


@pytest.mark.parametrize("name,case_sensitive", [
    ("official_titles.txt", False), ("official_bodies.txt", False), ("official_stopwords.txt", False),
    ("official_place_types.txt", True), ("surnames.txt", True), ("official_honorifics.txt", False),
])
def test_data_lexicons_match_as_the_plain_match(name, case_sensitive):
    from extractors.base import data_lines

    lex = Lexicon(data_lines(name), case_sensitive)
    for phrase in data_lines(name)[:200]:
        toks = tokenize(f"x {phrase} {phrase.upper()} {phrase.lower()} Ủy ban nhân dân xã")
        for i in range(len(toks) + 1):
            assert lex.match(toks, i) == _plain_match(lex, toks, i), (phrase, i)


RUN_TEXTS = [
    "Bí thư Quận ủy Tây Hồ Lê Thị Thu Hằng, 45 tuổi.",
    "ông H' Mông và “Nguyễn Văn A” (SN 1980) - Giàng A Thào",
    unicodedata.normalize("NFD", "Chủ tịch UBND xã Pa Tần Lò Văn Thân"),
    "UBND 9/2022 NN&PTNT Hà-Nội A B C D E F G",
    "\u1c89a \u1c89 Ꞵa Ᲊb Ǆa ǅa Σα",  # capitals `str` may not know (a newer Unicode in `regex`), titlecase
    "ÀÁÂÃ Ê Ô Ơ Ư Đ ĐĐ Đđ đĐ",
]


@pytest.mark.parametrize("text", RUN_TEXTS)
def test_capital_runs_are_runs_of_syllables(text):
    """`capital_runs` skips the regex for tokens starting with no capital: the runs of `is_syllable`."""
    toks = tokenize(text)
    flags = [is_syllable(t) for t in toks] + [False]
    plain = [(k, next(j for j in range(k, len(flags)) if not flags[j]))
             for k in range(len(toks)) if flags[k] and (k == 0 or not flags[k - 1])]
    assert capital_runs(toks) == plain


def test_capital_runs_find_and_miss():
    assert capital_runs(tokenize("\u1c89a Văn")) == [(0, 2)]  # a capital to `regex` only
    assert capital_runs(tokenize("9 Văn, A. b")) == [(1, 2), (3, 4)]


class _Everything(dict):
    """A lexicon's `by_first` that claims every word: each dict look-up made before a
    `match` (or before a reader that starts with one) passes, so the plain path runs."""

    def __contains__(self, word: object) -> bool:
        return True


def _readings(text: str) -> list:
    """What the post and name readers find at every token of `text`."""
    from extractors.names import find_names
    from extractors.posts import post_before, posts_after, read_org

    toks = tokenize(text)
    return [[read_org(toks, j, len(toks)) for j in range(len(toks))],
            [post_before(toks, i, 0) for i in range(len(toks))],
            [posts_after(toks, j, len(toks)) for j in range(len(toks))],
            find_names(text, toks)]


# Words the lexicons key in their own case ("TP", "Tp") and in other cases, for the tests below.
READER_TEXTS = [
    "Phó Chủ tịch UBND xã, ông Lê Văn A, Bí thư Huyện ủy - Chủ tịch HĐND huyện",
    "Chủ tịch UBND TP. Hà Tĩnh Lê Văn A; Bí thư Thành ủy Tp Vinh Trần B; Giám đốc Sở Lao động - Thương binh "
    "và Xã hội tỉnh Hà Nam Đỗ C, Tỉnh đoàn, Thành Đoàn, huyện Đoàn Văn Thạch, Thị ủy, đô thị Ủy ban",
    "Chủ tịch UBND TP Lê Lan phát biểu; XÃ Lê Hoa, Xã Lê Hà, Công ty Trần Văn B, CÔNG TY Trần Văn C.",
]


def _case_texts() -> list[str]:
    import json
    from pathlib import Path

    lines = (Path(__file__).parent / "cases" / "officials.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip() and not line.lstrip().startswith("//")]


def test_lexicon_look_ups_before_the_readers_change_nothing(monkeypatch):
    """read_org, post_before and _name_in_run skip a reader where a dict says no phrase starts:
    with every dict claiming every word, the plain path, they must read the same."""
    from extractors import names, posts

    texts = _case_texts() + RUN_TEXTS + READER_TEXTS
    fast = [_readings(text) for text in texts]
    for lex in (posts.stopwords(), posts.place_types(), posts.committees(), names.surnames()):
        monkeypatch.setattr(lex, "by_first", _Everything(lex.by_first))
    monkeypatch.setattr(posts, "_title_first_words", lambda: _Everything())
    plain = [_readings(text) for text in texts]
    assert len(texts) > 200 and any(reading[1] != [None] * len(reading[1]) for reading in plain)
    for text, got, expected in zip(texts, fast, plain):
        assert got == expected, text


def _officials(texts: list[str]) -> list[list[tuple]]:
    from extractors.officials import find_officials
    from pipeline.stages.segment import segment

    syllables = lambda text, start, end: []  # noqa: E731  (no word windows: no underthesea)
    return [[(f.start, f.end, f.fields) for f in find_officials(segment(text, syllables))] for text in texts]


def test_officials_read_as_on_the_plain_path(monkeypatch):
    """Every dict look-up that spares a `match` or a regex (`Lexicon.starts`, the readers'
    checks, `_NO_CAPITAL`) passing every word: the whole extractor must find the same facts."""
    from extractors import names, posts

    texts = _case_texts() + READER_TEXTS + [
        "Ông Lò Văn Thân, công chức Phòng Nội vụ huyện Nậm Pồ. Năm 2020, anh được luân chuyển về xã giữ chức "
        "Chủ tịch UBND xã Pa Tần. Đồng chí Thân cho biết thêm."]
    fast = _officials(texts)
    # every lexicon's `by_first`, read through the class (a data descriptor wins over the instance's own)
    everything = property(lambda lex: _Everything(lex.__dict__["by_first"]),
                          lambda lex, value: lex.__dict__.__setitem__("by_first", value))
    monkeypatch.setattr(posts.Lexicon, "by_first", everything, raising=False)
    monkeypatch.setattr(posts, "_title_first_words", lambda: _Everything())
    monkeypatch.setattr(names, "_NO_CAPITAL", frozenset())
    plain = _officials(texts)
    assert isinstance(posts.titles().by_first, _Everything) and sum(map(len, plain)) > 150
    for text, got, expected in zip(texts, fast, plain):
        assert got == expected, text


def _plain_words(spans: list[tuple[int, int]], text: str) -> Words:
    inner = {}
    for s, e in spans:
        if " " in text[s:e]:
            for k in range(s, e):
                if text[k] == " ":
                    inner[k] = (s, e)
    return Words(frozenset(s for s, _ in spans), frozenset(e for _, e in spans), inner)


@pytest.mark.parametrize("text,spans,inner", [
    ("Lò Văn Thân", [(0, 2), (3, 6), (7, 11)], {}),  # syllables: no inner space
    ("Lò Văn Thân", [(0, 11)], {2: (0, 11), 6: (0, 11)}),  # one word
    ("Đoàn Thanh niên", [(0, 4), (5, 15)], {10: (5, 15)}),
    ("a  b c", [(0, 4), (0, 6)], {1: (0, 6), 2: (0, 6), 4: (0, 6)}),  # overlapping: the later span wins
    ("", [], {}),
])
def test_words_of_spans_is_the_plain_reading(text, spans, inner):
    assert Words.of_spans(spans, text) == _plain_words(spans, text)
    assert Words.of_spans(spans, text).inner == inner


def test_words_of_spans_is_the_plain_reading_on_random_spans():
    rng = random.Random(3)
    for _ in range(3000):
        text = "".join(rng.choice("ab  c") for _ in range(30))
        spans = [tuple(sorted((rng.randint(0, 30), rng.randint(0, 30)))) for _ in range(rng.randint(0, 8))]
        assert Words.of_spans(spans, text) == _plain_words(spans, text), (spans, text)


def test_beyond_spelled_finds_the_characters_the_plain_search_finds():
    """`beyond_spelled` answers from the text's offsets of such characters, found once per text."""
    from extractors.tokens import _BEYOND_SPELLED_RE, beyond_spelled

    from extractors.tokens import SEARCHED_WHOLE_BELOW

    rng = random.Random(9)
    pieces = ["a", " ", "Đ", chr(SPELLED_BELOW - 1), chr(SPELLED_BELOW), "🙂", "\u2028"]
    for n in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        # a long text's offsets are found once and kept; a short one is searched at each ask
        padding = "a" * (SEARCHED_WHOLE_BELOW if n % 2 else 0)
        text = padding + text + padding
        for start in range(len(padding), len(text) - len(padding) + 1):
            for end in range(start, len(text) - len(padding) + 1):
                expected = _BEYOND_SPELLED_RE.search(text, start, end) is not None
                assert beyond_spelled(text, start, end) == expected, (text, start, end)
    assert beyond_spelled("ab🙂", 0, 3) and not beyond_spelled("ab🙂", 0, 2) and not beyond_spelled("ab🙂", 3, 3)


@pytest.mark.parametrize("unit", [
    "Hoàng Phủ ", "Nguyễn Văn ", "ông đồng chí Đ/c ", "A" + "a" * 50 + " ", "Nguyễn A" + "a" * 50 + "B ",
    "ông Nguyễn" + "ễ" * 30 + " ",
])
def test_spelled_gate_runs_in_linear_time(unit):
    """The `re` twins cannot backtrack into quadratic time on long repetitive sentences."""

    gate = _spelled_gate()
    timings = []
    for repeats in (500, 2_000):
        text = unit * repeats
        patterns = (gate.capital_pair, gate.candidate, gate.honorific, gate.alias_cue)
        timings.append(best_seconds(lambda: [list(pattern.finditer(text)) for pattern in patterns]))
    assert timings[1] < 8 * timings[0] + 0.05  # 4x the input: ~4x the time; quadratic would be 16x


def _plain_abbreviation_told(text: str, post: str) -> str:
    """`with_abbreviation_told` as one `re.search` of the escaped post and the brackets' pattern."""
    import re

    from extractors.posts import _BRACKETED_ABBREVIATION

    match = re.search(re.escape(post) + _BRACKETED_ABBREVIATION.pattern, text)
    return f"{post} ({match.group(1)})" if match else post


def test_with_abbreviation_told_is_the_plain_search():
    """The post's first occurrence with brackets after it, found without a pattern per post."""
    from extractors.posts import with_abbreviation_told

    assert with_abbreviation_told("Phó Giám đốc Sở Thông tin và Truyền thông (TT&TT) tỉnh",
                                  "Phó Giám đốc Sở Thông tin và Truyền thông") \
        == "Phó Giám đốc Sở Thông tin và Truyền thông (TT&TT)"
    rng = random.Random(5)
    pieces = ["Sở", "TT", " ", "(", ")", "TT&TT", "Đ", "a", "\n", "Giám đốc", "X", "(TT)", " (ĐĐ)", ".", "*"]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        post = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 3)))
        assert with_abbreviation_told(text, post) == _plain_abbreviation_told(text, post), (text, post)


def test_first_token_is_the_first_of_the_tokens():
    """`first_token` is `tokenize(text)[0]`'s text where the text opens with that token, else None."""
    from extractors.tokens import first_token

    rng = random.Random(2)
    pieces = list("aĐđÔôs'’./&-,()") + [" ", "\t", "\xa0", "\u0301", "\x1c", "Nguyễn", "9", "🙂", "İ", "Σ"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        first = first_token(text)
        toks = tokenize(text)
        if first is None:
            assert not text or text[0].isspace(), text
        else:
            assert toks[0].start == 0 and toks[0].text == first, text


def test_is_place_answers_as_the_plain_reading():
    """`names._is_place` skips the tokens of a name no world place opens with: the same answers."""
    from extractors.gazetteer import is_place_name
    from extractors.names import _is_place
    from extractors.posts import world_places

    def plain(name: str) -> bool:
        toks = tokenize(name)
        return is_place_name(name) or (bool(toks) and world_places().match(toks, 0) == len(toks))

    rng = random.Random(6)
    places = ["Châu Á", "Hàn Quốc", "Đông Nam Á", "Hà Nội", "Nguyễn Văn A", " Hàn Quốc", "\x1cHàn Quốc", "Hàn Quốc Nhật"]
    pieces = ["Hàn", "Quốc", "Châu", "Mỹ", " ", "\xa0", "HÀN", "á", "Nam", "-", "🙂", "Σ"]
    names = places + [p.upper() for p in places] + [p.lower() for p in places] \
        + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(3000)]
    for name in names:
        assert _is_place.__wrapped__(name) == plain(name), name
