"""The word segmenter's tagging on numbers (`pipeline.stages.word_tagger`) gives, sequence for
sequence, underthesea_core's tags and the very score of its best path (the same sums, added in
the same order, and the same comparisons), so every word is the same."""

from __future__ import annotations

import random

import pytest

from pipeline.stages import segment as segment_module
from pipeline.stages.segment import syllable_tokens
from pipeline.stages.word_features import CACHE_LIMIT, UnsafeToken
from pipeline.stages.word_tagger import model_weights



def same_as_underthesea(word_model, tokens: list[str]) -> bool:
    """Labels and best-path score of the numeric tagger are the tagger's, exactly."""
    theirs = word_model.tagger.tag_with_score(word_model.featurizer.process([[[token] for token in tokens]])[0])
    return word_model.numeric.tag_with_score(tokens) == (theirs[0], theirs[1])


@pytest.mark.parametrize("text", [
    "Đồng chí Lò Văn Thân được điều động giữ chức Bí thư Đảng ủy xã Pa Tần",
    "Ông Nguyễn Văn An , Phó Chủ tịch UBND huyện , về làm Chủ tịch xã",
    "Quyết định số 98-QĐ/TW ngày 07/10/2017 , 2147483647 người , 2147483648 , -12 +7 + - 0",
    "A", "Văn Thân", "H'Hen Niê , H’Yim", "ĐỒNG CHÍ đ/c TP.HCM", "1.000 cán bộ ( 25 % ) …",
    "Bà Rịa - Vũng Tàu , Thừa Thiên - Huế , Đắk Lắk , Kon Tum",
])
def test_tags_and_scores_of_sentences_are_underthesea_s(word_model, text):
    tokens = [text[s:e] for s, e in syllable_tokens(text, 0, len(text))]
    assert same_as_underthesea(word_model, tokens)


def test_random_sequences_of_every_length(word_model):
    """Sequences of 1 to 40 tokens drawn from syllables, numbers and marks (the caches then hold
    most n-grams, so rows read from the table and rows just made are both checked), and
    syllables never seen before."""
    rng = random.Random(23)
    pool = ["Nguyễn", "văn", "Văn", "An", "bí", "thư", "Bí", "Thư", "UBND", "tỉnh", "2025", "07", "-3", "+4",
            "12/2024", "98-QĐ/TW", ",", ".", "(", "“", "…", "đ/c", "TP.HCM", "ông", "Ông", "x", "Đắk", "Lắk",
            "0", "giữ", "chức", "Phó", "Chủ", "tịch", "huyện", "xã", "Hà", "Giang", "được", "điều", "động"]
    for _ in range(400):
        tokens = [rng.choice(pool) if rng.random() < 0.9 else f"Zq{rng.randint(0, 10**6)}"
                  for _ in range(rng.randint(1, 40))]
        assert same_as_underthesea(word_model, tokens)


def test_a_token_the_features_leave_to_underthesea_is_tagged_by_underthesea(word_model):
    """Greek (case mappings Python and Rust may disagree on): the numeric tagger declines, and
    the words come from underthesea_core's own featurizer and tagger."""
    tokens = ["Ông", "Σοφία", "Nguyễn", "Văn", "An"]
    with pytest.raises(UnsafeToken):
        word_model.numeric.tags(tokens)
    text = " ".join(tokens)
    expected = word_model.tagger.tag(word_model.featurizer.process([[[token] for token in tokens]])[0])
    assert word_model.tags(tokens) == expected
    assert len(segment_module.word_tokens(text, 0, len(text))) == expected.count("B-W")


def test_words_are_the_same_with_numbers_with_strings_and_with_underthesea_alone(word_model):
    text = ("Ngày 5/3 , Ban Thường vụ Tỉnh ủy Hà Giang điều động đồng chí Nguyễn Văn Sơn , Phó Giám đốc Sở "
            "Nội vụ , giữ chức Phó Bí thư Huyện ủy Mèo Vạc nhiệm kỳ 2020 - 2025 .")
    with_numbers = segment_module.word_tokens(text, 0, len(text))
    numeric, features = word_model.numeric, word_model.features
    try:
        word_model.numeric = None
        assert segment_module.word_tokens(text, 0, len(text)) == with_numbers
        word_model.features = None
        assert segment_module.word_tokens(text, 0, len(text)) == with_numbers
    finally:
        word_model.numeric, word_model.features = numeric, features


def test_caches_over_their_limit_start_anew(word_model):
    """Hostile text of ever new syllables: caches and table stay bounded, the tags stay right."""
    numeric = word_model.numeric
    tokens = [f"y{i}" for i in range(CACHE_LIMIT + 10)]
    for start in range(0, len(tokens), 5000):
        numeric.tags(tokens[start:start + 5000])
    assert all(len(cache) <= CACHE_LIMIT + 5000 for cache in numeric.caches.values())
    assert len(numeric.table) <= 4 * (CACHE_LIMIT + 5000)
    assert same_as_underthesea(word_model, tokens[-30:])


def test_the_weights_are_read_from_the_model_file(word_model, tmp_path):
    weights = word_model.numeric.weights
    assert weights.labels == ["B-W", "I-W"]
    assert len(weights.attribute_ids) == 50671 and weights.state.shape == (50672, 2)
    assert not weights.state[-1].any()  # the row of an unknown string adds nothing
    for name, content in (("empty.bin", b""), ("other.bin", b"not a word_model" * 10)):
        (tmp_path / name).write_bytes(content)
        assert model_weights(tmp_path / name) is None
    assert model_weights(tmp_path / "missing.bin") is None
