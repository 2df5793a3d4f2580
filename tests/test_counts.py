"""The counts extractor: a table of sentences, breakdowns, and the article's vantage point."""

from __future__ import annotations

import pytest

from tests.conftest import assert_facts_match, best_seconds, facts_of, load_cases

KEYS = ("value", "from_level", "to_level", "direction", "part_of", "parts_sum_ok", "planned")


@pytest.mark.parametrize("case", load_cases("counts"))
def test_sentence_case(case):
    assert_facts_match(facts_of(case["text"], "count"), case["expect"], KEYS)


def test_case_table_is_large_enough():
    cases = load_cases("counts")
    assert len(cases) >= 150
    assert sum(1 for c in cases if not c.values[0]["expect"]) >= 40  # numbers to leave


# --- breakdowns -----------------------------------------------------------------------------

def test_parts_point_at_their_total_among_the_articles_counts():
    text = ("Năm 2022, huyện đã tiếp nhận 2 đồng chí do tỉnh điều động về. "
            "Cũng trong nhiệm kỳ, Huyện ủy đã luân chuyển 15 đồng chí. "
            "Trong đó, từ huyện về xã 7 đồng chí; từ xã về huyện 2 đồng chí; từ xã này sang xã khác 6 đồng chí.")
    counts = facts_of(text, "count")
    assert [c["value"] for c in counts] == [2, 15, 7, 2, 6]
    assert [c["part_of"] for c in counts] == [None, None, 1, 1, 1]
    assert counts[1]["parts_sum_ok"] is True
    assert counts[0]["parts_sum_ok"] is None
    assert [c["direction"] for c in counts[2:]] == ["down", "up", "lateral"]


def test_parts_that_do_not_add_up_are_flagged():
    text = "Thành ủy đã luân chuyển 11 đồng chí. Trong đó, về phường 7 đồng chí; từ phường về thành phố 4 đồng chí; luân chuyển ngang 8 đồng chí."
    counts = facts_of(text, "count")
    assert [c["value"] for c in counts] == [11, 7, 4, 8]
    assert counts[0]["parts_sum_ok"] is False
    assert all(c["part_of"] == 0 for c in counts[1:])


def test_a_breakdown_needs_its_total_right_before():
    text = ("Huyện ủy đã luân chuyển 15 đồng chí. Công tác đánh giá cán bộ được làm tốt. "
            "Trong đó, từ huyện về xã 7 đồng chí.")
    counts = facts_of(text, "count")
    assert [c["value"] for c in counts] == [15]  # a part with no verb and no total is not taken


def test_the_total_keeps_no_direction_when_the_parts_give_them():
    counts = facts_of("Huyện đã luân chuyển 9 đồng chí, trong đó từ huyện về xã 5 đồng chí, từ xã về huyện 4 đồng chí.",
                      "count")
    assert counts[0]["direction"] is None and counts[0]["from_level"] is None


# --- the article's vantage point ------------------------------------------------------------

def _lead(unit: str) -> str:
    return (f"Ban Thường vụ {unit} xác định luân chuyển cán bộ là khâu đột phá. "
            f"Nhiều năm qua, {unit} chỉ đạo chặt chẽ công tác cán bộ. ")


def test_thanh_pho_is_district_level_in_an_article_about_a_provincial_city():
    counts = facts_of(_lead("Thành ủy Hà Tĩnh") + "Có 4 đồng chí được luân chuyển từ phường về thành phố.", "count")
    assert (counts[0]["from_level"], counts[0]["to_level"], counts[0]["direction"]) == ("commune", "district", "up")


def test_thanh_pho_is_province_level_in_an_article_about_a_centrally_run_city():
    counts = facts_of(_lead("Thành ủy Đà Nẵng") + "Có 4 đồng chí được luân chuyển từ phường về thành phố.", "count")
    assert (counts[0]["from_level"], counts[0]["to_level"], counts[0]["direction"]) == ("commune", "province", "up")


def test_a_destination_alone_starts_at_the_articles_unit():
    province = facts_of(_lead("Tỉnh ủy Lai Châu") + "Trong đó, luân chuyển về huyện 6 đồng chí.", "count")
    district = facts_of(_lead("Huyện ủy Mường Tè") + "Đã luân chuyển về cơ sở 6 đồng chí.", "count")
    assert (province[0]["from_level"], province[0]["to_level"]) == ("province", "district")
    assert (district[0]["from_level"], district[0]["to_level"]) == ("district", "commune")


def test_lateral_moves_take_the_articles_level():
    city = facts_of(_lead("Thành ủy Hải Dương") + "Số cán bộ luân chuyển ngang trong hệ thống chính trị là 5 đồng chí.",
                    "count")
    assert (city[0]["from_level"], city[0]["to_level"], city[0]["direction"]) == ("district", "district", "lateral")


def test_received_cadres_arrive_at_the_articles_unit():
    counts = facts_of(_lead("Thành ủy Vinh") + "Thành phố đã tiếp nhận 03 đồng chí cán bộ tỉnh về bổ nhiệm trưởng phòng.",
                      "count")
    assert (counts[0]["value"], counts[0]["from_level"], counts[0]["to_level"], counts[0]["direction"]) == (
        3, "province", "district", "down")


def test_sent_up_from_the_articles_unit():
    counts = facts_of(_lead("Thành ủy Hà Tĩnh")
                      + "Tỉnh điều động 02 đồng chí cán bộ chủ chốt tại thành phố lên giữ các chức vụ chủ chốt ở tỉnh.",
                      "count")
    assert (counts[0]["from_level"], counts[0]["to_level"], counts[0]["direction"]) == ("district", "province", "up")


def test_vantage_from_committee_names():
    from extractors.counts.vantage import article_vantage

    assert article_vantage(_lead("Thành ủy Hà Tĩnh")).level == "district"
    assert article_vantage(_lead("Thành ủy Hà Nội")).level == "province"
    assert article_vantage(_lead("Huyện ủy Nậm Pồ")).level == "district"
    assert article_vantage(_lead("Tỉnh ủy Điện Biên")).level == "province"
    assert article_vantage("Không có đơn vị nào.").level is None


# --- record details ---------------------------------------------------------------------------

def test_span_text_unit_and_actions():
    [count] = facts_of("Ban Thường vụ Quận ủy đã luân chuyển, điều động, chuyển đổi vị trí công tác đối với 5 đồng chí.",
                       "count")
    assert count["text"] == "5 đồng chí"
    assert count["unit"] == "đồng chí"
    assert count["actions"] == ["luân chuyển", "điều động", "chuyển đổi vị trí công tác"]


def test_qualified_number_keeps_its_qualifier_in_the_span():
    [count] = facts_of("Tỉnh đã luân chuyển hơn 100 cán bộ về cơ sở.", "count")
    assert (count["text"], count["value"]) == ("hơn 100 cán bộ", 100)


def test_spans_map_back_to_the_original_text():
    text = "Huyện  đã luân chuyển\u00a007 đồng chí về xã."
    [count] = facts_of(text, "count")
    assert text[count["span"][0]:count["span"][1]] == count["text"] == "07 đồng chí"


def test_a_headline_count_restated_in_the_body_is_one_fact():
    text = ("Điện Biên: Luân chuyển 9 cán bộ về cơ sở\n"
            "Hôm qua, Tỉnh ủy đã công bố quyết định luân chuyển 9 cán bộ về các xã. Tỉnh cũng tiếp nhận 2 cán bộ từ Trung ương.")
    counts = facts_of(text, "count")
    assert [c["value"] for c in counts] == [9, 2]
    assert counts[0]["sentence"].startswith("Hôm qua")


@pytest.mark.parametrize("text, values, first_sentence", [
    # headline total, its breakdown in the lead, both told again in the body: one of each
    ("Huyện ủy Kim Sơn: Điều động, luân chuyển 24 cán bộ\n\n"
     "Trong đó có 5 cán bộ của huyện về làm lãnh đạo các xã.\n\n"
     "Từ đầu năm, Ban Thường vụ Huyện ủy đã điều động, luân chuyển 24 cán bộ. Trong đó có 5 cán bộ của huyện về "
     "làm Bí thư các xã.", [24, 5], "Từ đầu năm"),
    # the body tells the total with other parts: the headline's group stays
    ("Huyện ủy Kim Sơn: Điều động, luân chuyển 24 cán bộ\n\n"
     "Trong đó có 5 cán bộ của huyện về làm lãnh đạo các xã.\n\n"
     "Từ đầu năm, Ban Thường vụ Huyện ủy đã điều động, luân chuyển 24 cán bộ. Trong đó có 7 cán bộ từ xã lên huyện.",
     [24, 5, 24, 7], "Huyện ủy Kim Sơn"),
    # the body tells the total alone: the headline's total, with its breakdown, is the one fact
    ("Huyện ủy Kim Sơn: Điều động, luân chuyển 24 cán bộ\n\n"
     "Trong đó có 5 cán bộ của huyện về làm lãnh đạo các xã.\n\n"
     "Từ đầu năm, Ban Thường vụ Huyện ủy đã điều động, luân chuyển 24 cán bộ.", [24, 5], "Huyện ủy Kim Sơn"),
])
def test_a_headline_group_told_again_in_the_body_is_kept_once(text, values, first_sentence):
    counts = facts_of(text, "count")
    assert [c["value"] for c in counts] == values
    assert counts[0]["sentence"].startswith(first_sentence)
    totals = [i for i, c in enumerate(counts) if c["parts_sum_ok"] is not None]
    assert all(c["part_of"] in totals for c in counts if c["part_of"] is not None)


def test_a_headline_count_alone_is_kept():
    counts = facts_of("Luân chuyển 9 cán bộ về cơ sở\nTỉnh ủy tổng kết công tác cán bộ năm 2024.", "count")
    assert [c["value"] for c in counts] == [9]


def test_random_phrases_never_break_the_extractor():
    """Jumbled rotation vocabulary: no fault, no record that fails validation."""
    import random

    from pipeline import extract_text

    words = ("luân chuyển|điều động|tiếp nhận|bố trí|không phải người địa phương|trong đó|Trong đó,|gồm|theo đó|"
             "từ|về|xuống|lên|sang|cho|làm|giữ|tỉnh|huyện|xã|thành phố|Thành ủy|Huyện ủy|Trung ương|địa phương|"
             "cơ sở|ngang|và ngược lại|15|07|1.000|hơn 100|45- 47|hai|mười lăm|năm|đồng chí|cán bộ|người|"
             "lượt cán bộ|,|;|:|(|)|.|\n|- |được|đã|sẽ|số|là|có|bồi dưỡng|cử|đi học|trong tổng số|này|khác").split("|")
    rng = random.Random(4)
    for _ in range(120):
        article = extract_text(" ".join(rng.choice(words) for _ in range(rng.randint(3, 50))))[0]
        assert article.error is None and not article.rejected, article


def test_every_pattern_has_bounded_repeats():
    """Open repeats (`\\s+`, `\\p{L}+`, `[...]*`) are capped: no runaway backtracking on hostile text."""
    import importlib
    import pkgutil

    import regex

    from extractors import counts, numbers
    from extractors.counts import language

    patterns = [language.unit_re(), language.level_re(), language.motion_re(), language._actions()[0],
                language._number_of_re(), numbers.number_re(), *language._cue_res().values()]
    # every module of the counts package, each one's own compiled patterns
    modules = [counts, *(importlib.import_module(f"{counts.__name__}.{m.name}") for m in pkgutil.iter_modules(counts.__path__))]
    patterns += [v for module in modules for v in vars(module).values() if isinstance(v, regex.Pattern)]
    for pattern in patterns:
        assert not regex.search(r"(?<!\\)(?:\\s|\\p\{L\}|\])[+*]", pattern.pattern), pattern.pattern[:200]


def test_action_placeholders_are_spelled_out_from_their_lexicons():
    """count_actions.tsv names number words, people and levels by placeholders: each is spelled out
    (a place, never a body nor a "cấp" phrase), and a misspelt one stops the read."""
    import pytest

    from extractors.counts import language

    assert not any(language._PLACEHOLDER_RE.search(p) for p, _ in language._action_rows())
    places = language.expanded("{level:province}").split("|")
    assert "tỉnh" in places and "sở" not in places and not any(p.startswith("cấp") for p in places)
    assert {"một", "bẩy", "mười"} <= set(language.expanded("{number_word}").split("|"))
    assert "trăm" not in language.expanded("{number_word}").split("|")
    with pytest.raises(ValueError, match="unknown placeholder"):
        language.expanded(r"chuyển\s+{levels}")


def test_an_unnamed_thanh_uy_is_province_level_in_an_urban_district_article():
    text = (_lead("Quận ủy Hoàn Kiếm")
            + "Quận cũng tiếp nhận 4 cán bộ do Thành ủy điều động về.")
    counts = facts_of(text, "count")
    assert (counts[0]["from_level"], counts[0]["to_level"], counts[0]["direction"]) == ("province", "district", "down")


# --- time ---------------------------------------------------------------------------------------

_LONG_CLAUSES = {
    "one-verb-many-numbers": ("Tỉnh đã luân chuyển ", "3 người "),
    "verb-number-repeated": ("", "luân chuyển 15 đồng chí "),
}


def _long_clause(kind: str, size: int) -> str:
    head, unit = _LONG_CLAUSES[kind]
    return (head + unit * (size // len(unit) + 1))[:size]


@pytest.mark.parametrize("kind", _LONG_CLAUSES)
def test_time_grows_linearly_in_one_long_clause(kind):
    """No comma, many numbers: each number looks only at the text near it. Ten times the input
    must take under twenty times as long (measured here; best of several runs, measured again
    once before failing, so a busy machine does not fail it). The quadratic version took ~100x."""

    from pipeline.runner import extract_text

    def seconds(text: str, repeats: int) -> float:
        def run() -> None:
            assert extract_text(text)[0].error is None

        return best_seconds(run, tries=repeats)

    small, large = _long_clause(kind, 10_000), _long_clause(kind, 100_000)
    seconds(small, 1)  # warm up
    for _ in range(2):
        t_small, t_large = seconds(small, 3), seconds(large, 2)
        if t_large < 20 * t_small + 0.05:
            return
    pytest.fail(f"{kind}: 100 kB took {t_large:.2f} s, 10 kB {t_small:.3f} s (over 20 times)")
