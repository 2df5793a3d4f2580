"""The word segmenter's features built in Python (`pipeline.stages.word_features`) are, string
for string, those underthesea_core's `CRFFeaturizer` writes, less those the tagger's word_model does
not know (which the tagger skips): so the tagger's scores, its tags, and every word are the same."""

from __future__ import annotations

import random

import pytest

from pipeline.stages import segment as segment_module
from pipeline.stages.segment import syllable_tokens
from pipeline.stages.word_features import CACHE_LIMIT, SAFE_CHARS, Featurizer, may_be_unsafe, model_attributes



def underthesea_features(word_model, tokens: list[str]) -> list[list[str]]:
    """CRFFeaturizer's strings, less those the tagger does not know (what ours leave out)."""
    rows = word_model.featurizer.process([[[token] for token in tokens]])[0]
    known = word_model.features.known
    return rows if known is None else [[s for s in row if s in known] for row in rows]


def same_as_underthesea(word_model, tokens: list[str]) -> bool:
    """Our strings are CRFFeaturizer's less the unknown ones, and the tagger scores both alike."""
    ours = word_model.features.process(tokens)
    if ours != underthesea_features(word_model, tokens):
        return False
    theirs = word_model.featurizer.process([[[token] for token in tokens]])[0]
    return word_model.tagger.tag_with_score(ours) == word_model.tagger.tag_with_score(theirs)  # labels and score, exactly


def test_every_safe_character_is_featurized_as_underthesea_does(word_model):
    """Lower case, upper case (`istitle`), digits: each character of SAFE_CHARS alone, and
    between others, gives underthesea_core's strings (its case tables are Rust's, not Python's)."""
    safe = [chr(c) for c in range(0x2100) if SAFE_CHARS.match(chr(c)) and not chr(c).isspace()]
    assert len(safe) > 1000
    for start in range(0, len(safe), 200):
        chunk = safe[start:start + 200]
        tokens = [c for c in chunk] + [c + "a" for c in chunk] + ["A" + c for c in chunk]
        assert same_as_underthesea(word_model, tokens)


def test_a_text_said_safe_is_all_safe_characters_once_normalised():
    """`may_be_unsafe` (whether a run loads underthesea_core for an article) says no only for a text
    whose normalised form is all SAFE_CHARS: every such character, alone, after letters and around
    the characters normalisation rewrites; combining marks, which NFC may compose into a character
    past them (`<` + U+0338 = `≮`), and the characters past them say yes."""
    from pipeline.stages.normalize import normalize

    said_safe = [chr(c) for c in range(0x2100) if not may_be_unsafe(chr(c))]
    assert len(said_safe) > 900
    text = "".join(said_safe) + " " + " ".join(f"a{c} {c}o {c}à {c}  {c}" for c in said_safe)
    assert not may_be_unsafe(text)
    assert SAFE_CHARS.match(normalize(text).text)
    assert may_be_unsafe("Văn <\u0338 An") and may_be_unsafe("Nguyễn Văn A\u0301n") and may_be_unsafe("Σοφία")


@pytest.mark.parametrize("text", [
    "Đồng chí Lò Văn Thân được điều động giữ chức Bí thư Đảng ủy xã Pa Tần",
    "Ông Nguyễn Văn An , Phó Chủ tịch UBND huyện , về làm Chủ tịch xã",
    "Quyết định số 98-QĐ/TW ngày 07/10/2017 , 2147483647 người , 2147483648 , -12 +7 + - 0",
    "A", "Văn Thân", "H'Hen Niê , H’Yim", "ĐỒNG CHÍ đ/c TP.HCM", "1.000 cán bộ ( 25 % ) …",
    "İstanbul ǅemal ß ﬁ",  # characters whose case mappings are special: still the same strings
    "Σοφία ΣΑΣ τα ΟΔΟΣ",  # outside the safe characters: underthesea's own featurizer
])
def test_features_of_sentences_are_underthesea_s(word_model, text):
    tokens = [text[s:e] for s, e in syllable_tokens(text, 0, len(text))]
    assert same_as_underthesea(word_model, tokens)


def test_random_sequences_of_syllables_and_marks(word_model):
    """Sequences of every length from 1, drawn from syllables, numbers and marks, many times over
    (the caches then hold most n-grams: hits and misses both checked)."""
    rng = random.Random(17)
    pool = ["Nguyễn", "văn", "Văn", "An", "bí", "thư", "Bí", "Thư", "UBND", "tỉnh", "2025", "07", "-3", "+4",
            "12/2024", "98-QĐ/TW", ",", ".", "(", "“", "…", "đ/c", "TP.HCM", "ông", "Ông", "x", "Đắk", "Lắk", "0"]
    for _ in range(300):
        tokens = [rng.choice(pool) for _ in range(rng.randint(1, 14))]
        assert same_as_underthesea(word_model, tokens)


def test_a_cache_over_its_limit_starts_anew(word_model):
    """Hostile text of ever new syllables: the caches stay bounded, the strings stay right."""
    features: Featurizer = word_model.features
    tokens = [f"x{i}" for i in range(CACHE_LIMIT + 10)]
    for start in range(0, len(tokens), 5000):
        features.process(tokens[start:start + 5000])
    assert all(len(cache) <= CACHE_LIMIT + 5000 for cache in features.caches.values())
    assert same_as_underthesea(word_model, tokens[-20:])


def test_words_are_underthesea_s_with_and_without_the_python_features(word_model):
    text = ("Ngày 5/3 , Ban Thường vụ Tỉnh ủy Hà Giang điều động đồng chí Nguyễn Văn Sơn , Phó Giám đốc Sở "
            "Nội vụ , giữ chức Phó Bí thư Huyện ủy Mèo Vạc nhiệm kỳ 2020 - 2025 .")
    numeric, word_model.numeric = word_model.numeric, None  # the strings, not the numeric tagger (test_word_tagger)
    try:
        with_python = segment_module.word_tokens(text, 0, len(text))
        features, word_model.features = word_model.features, None
        try:
            assert segment_module.word_tokens(text, 0, len(text)) == with_python
        finally:
            word_model.features = features
    finally:
        word_model.numeric = numeric


def test_the_model_s_attributes_are_read_from_its_file(word_model, tmp_path):
    """The strings left out are those the word_model lacks: read from the CRFsuite file the tagger
    loads; a file of another layout gives None (then nothing is left out)."""
    known = word_model.features.known
    assert known is not None and len(known) == 50671  # the header's count, every record read
    assert {"T[-2]=BOS", "T[0]=Văn", "T[0,1].lower=bí thư"} <= known
    assert "T[-1,0]=Thu Nam" not in known
    for name, content in (("empty.bin", b""), ("other.bin", b"not a word_model" * 10)):
        (tmp_path / name).write_bytes(content)
        assert model_attributes(tmp_path / name) is None
    assert model_attributes(tmp_path / "missing.bin") is None


def test_templates_of_another_form_use_underthesea_s_featurizer():
    assert Featurizer.from_templates(["T[0]", "T[0][1].lower"], set(), lambda s: s) is None
    assert Featurizer.from_templates(["T[0].suffix3"], set(), lambda s: s) is None
