"""Officials and their moves: the case table, plus the guarantees a table cannot state."""

from __future__ import annotations


import pytest

from tests.conftest import assert_facts_match, best_seconds, facts_of, load_cases

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
    from extractors.officials import find_officials
    from extractors.officials.gates import PREFILTER

    timings = []
    for repeats in (500, 2_000):
        text = unit * repeats
        segmented = _syllables(text)
        timings.append(best_seconds(lambda: (PREFILTER.search(text), find_officials(segmented))))
    assert timings[1] < 8 * timings[0] + 0.3  # 4x the input: ~4x the time; quadratic would be 16x


def _syllables(text):
    """The text segmented into syllables only: the scan's cost, without underthesea's."""
    from pipeline.stages.segment import segment

    return segment(text, lambda text, start, end: [])


# Which sentences are read at all is decided by cheap tests (a capital pair and PREFILTER for
# names; an honorific, a pronoun within reach, or a known name's last syllable for later
# mentions); these cases check that what those tests skip could not have mattered.

def test_alias_far_from_the_name_still_adds_its_post():
    text = ("Ông Lò Văn Thân phát biểu tại hội nghị. Hội nghị kéo dài cả ngày. Mọi người thảo luận sôi nổi. "
            "Các đại biểu góp nhiều ý kiến. Đồng chí Thân, Bí thư Đảng ủy xã Pa Tần, cho biết thêm.")
    [fact] = facts_of(text, "official")
    assert fact["name"] == "Lò Văn Thân" and fact["aliases"] == ["Thân"]
    assert fact["posts"] == ["Bí thư Đảng ủy xã Pa Tần"]


def test_alias_in_decomposed_text_is_found_far_from_the_name():
    """The last-syllable test folds (NFC, case) as names are folded."""
    import unicodedata

    from extractors.officials import find_officials

    text = ("Ông Lò Văn Thân phát biểu tại hội nghị. Hội nghị kéo dài cả ngày. Mọi người thảo luận sôi nổi. "
            "Các đại biểu góp nhiều ý kiến. Đồng chí " + unicodedata.normalize("NFD", "Thân")
            + ", Bí thư Đảng ủy xã Pa Tần, cho biết thêm.")
    [found] = find_officials(_syllables(text))
    assert found.fields["posts"] == ["Bí thư Đảng ủy xã Pa Tần"]


def test_pronoun_within_reach_moves_the_last_person_named():
    text = ("Ông Lò Văn Thân, công chức Phòng Nội vụ huyện Nậm Pồ, là người dân tộc Thái. "
            "Năm 2020, anh được luân chuyển về xã giữ chức Chủ tịch UBND xã Pa Tần.")
    [fact] = facts_of(text, "official")
    assert fact["rotated"] and fact["to_post"] == "Chủ tịch UBND xã Pa Tần"


def test_honorific_before_anyone_is_named_changes_nothing():
    text = "Ông cho biết sẽ luân chuyển cán bộ. Bí thư Huyện ủy Lê Văn Tư chủ trì hội nghị."
    [fact] = facts_of(text, "official")
    assert fact["name"] == "Lê Văn Tư" and not fact["rotated"]


def test_alias_far_from_the_name_among_many_names():
    """Past MAX_SYLLABLE_TESTS known names the gate goes straight to its regex: same answer."""
    given = ("An Bình Chi Dũng Em Giang Hà Hải Hòa Hùng Khoa Lan Linh Long Mai Minh Nam Nga Ngọc Nhung "
             "Phong Phúc Quang Quân Sơn Tâm Thảo Thắng Thu Trang Trung Tuấn Vân Việt Vinh Xuân Yến Đức Định Khánh")
    text = " ".join(f"Ông Nguyễn Văn {name} dự họp." for name in given.split())
    text += " Hội nghị kéo dài. Mọi người thảo luận. Các đại biểu góp ý. Đồng chí An, Bí thư Đảng ủy xã Pa Tần, phát biểu."
    [fact] = facts_of(text, "official")
    assert fact["name"] == "Nguyễn Văn An" and fact["posts"] == ["Bí thư Đảng ủy xã Pa Tần"]


def test_choosing_verbs_end_the_post_before_them():
    """The verbs of choosing someone (`chooses` cue) are in the stopwords that end a post, so that
    `Giám đốc Sở X đề cử ...` reads `Giám đốc Sở X`; `chọn` alone is part of `tuyển chọn`."""
    from extractors.posts import cue_words, stopwords
    from extractors.tokens import tokenize

    for verb in sorted(cue_words("chooses") - {"chọn"}):
        toks = tokenize(verb)
        assert stopwords().match(toks, 0) == len(toks), verb


@pytest.mark.parametrize("table", ["official_move_verbs.tsv", "official_to_markers.tsv"])
def test_verb_and_marker_phrases_are_written_as_they_are_matched(table):
    """A phrase of the move verbs or markers is looked up by its tokens joined with spaces: a row written
    otherwise (`sắp xếp, tinh gọn` for `sắp xếp , tinh gọn`) would match in a text and then fail the
    look-up of its kind, and the whole article with it."""
    from extractors.base import data_table
    from extractors.tokens import tokenize

    for row in data_table(table):
        phrase = row[0].lower()
        assert " ".join(t.low for t in tokenize(phrase)) == phrase, row
