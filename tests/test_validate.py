"""Stage 5: found facts become records with original spans; invalid ones are reported, not written."""

from __future__ import annotations

import pytest

from extractors.base import Found
from pipeline.stages.normalize import normalize
from pipeline.stages.validate import evidence_window, to_records
from schemas.records import CUT_MARK, MAX_EVIDENCE, MAX_FIELD, MAX_ITEMS

ORIGINAL = "Thành uỷ   đã điều động 15  đồng chí. Trong đó, 7 đồng chí về xã."


def _count(text: str, phrase: str, **fields) -> Found:
    start = text.index(phrase)
    base = dict(value=1, unit="đồng chí", actions=["điều động"], from_level=None, to_level=None,
                direction=None, part_of=None, parts_sum_ok=None, planned=False)
    base.update(fields)
    return Found("count", start, start + len(phrase), (0, len(text)), base)


def test_spans_point_into_the_original_and_slice_to_text():
    n = normalize(ORIGINAL)
    facts, rejected = to_records("d1", n, [_count(n.text, "15 đồng chí", value=15)])
    assert not rejected
    (record,) = facts
    s, e = record.span
    assert ORIGINAL[s:e] == record.text == "15  đồng chí"
    assert record.sentence.startswith("Thành uỷ   đã")


def test_invalid_fact_is_rejected_with_a_message_not_written():
    n = normalize(ORIGINAL)
    bad = _count(n.text, "15 đồng chí", value=-3)
    good = _count(n.text, "7 đồng chí", value=7)
    facts, rejected = to_records("d1", n, [bad, good])
    assert [f.value for f in facts] == [7]
    assert len(rejected) == 1 and rejected[0].type == "count" and "value" in rejected[0].message


def test_facts_come_out_in_text_order_and_part_of_is_remapped():
    n = normalize(ORIGINAL)
    total = _count(n.text, "15 đồng chí", value=15, parts_sum_ok=False)
    part = _count(n.text, "7 đồng chí", value=7, part_of=0)
    facts, _ = to_records("d1", n, [part, total])
    assert [f.value for f in facts] == [15, 7]
    assert facts[1].part_of == 0


def test_part_of_a_rejected_total_becomes_null():
    n = normalize(ORIGINAL)
    total = _count(n.text, "15 đồng chí", value=-15)
    part = _count(n.text, "7 đồng chí", value=7, part_of=0)
    facts, rejected = to_records("d1", n, [total, part])
    assert len(rejected) == 1 and facts[0].part_of is None


# --- bounded evidence ------------------------------------------------------------------


def test_a_short_sentence_is_the_evidence_whole_with_its_span():
    n = normalize(ORIGINAL)
    (record,), _ = to_records("d1", n, [_count(n.text, "15 đồng chí", value=15)])
    start, end = record.sentence_span
    assert ORIGINAL[start:end] == record.sentence == ORIGINAL  # the helper's sentence: all of it


@pytest.mark.parametrize("where", [0.0, 0.02, 0.5, 0.98, 1.0])
def test_a_long_sentence_gives_a_window_around_the_fact(where):
    words = [f"từ{i}" for i in range(1_000)]
    at = int(where * (len(words) - 1))
    words[at] = "15 đồng chí"
    text = " ".join(words) + "."
    start = text.index("15 đồng chí")
    n = normalize(text)
    fact = Found("count", start, start + 11, (0, len(text)), dict(value=15, unit="đồng chí"))
    (record,), _ = to_records("d1", n, [fact])
    assert record.sentence_span == (0, len(text))
    assert len(record.sentence) <= MAX_EVIDENCE and record.text in record.sentence
    assert record.sentence in text and record.sentence == record.sentence.strip()
    first = text.index(record.sentence)
    # cut at white space: no word is cut in two (but the sentence's own ends)
    assert first == 0 or text[first - 1] == " "
    last = first + len(record.sentence)
    assert last == len(text) or text[last] == " "
    # centred where the sentence allows: at least a third of the window on each side that has room
    room = MAX_EVIDENCE // 3
    assert start - first >= min(room, start) - 10 and last - (start + 11) >= min(room, len(text) - start - 11) - 10


def test_the_window_is_counted_in_the_text_as_read_and_holds_the_span():
    text = "x" * 5_000 + " 15 đồng chí " + "y" * 5_000  # no space near it: the window is the span
    assert evidence_window(text, (0, len(text)), (5_001, 5_012)) == (5_001, 5_012)
    spaced = "ab " * 2_000
    lo, hi = evidence_window(spaced, (0, len(spaced) - 1), (3_000, 3_002))
    assert hi - lo <= MAX_EVIDENCE and lo <= 3_000 < 3_002 <= hi and spaced[lo:hi].startswith("ab")


def test_long_text_fields_are_cut_with_a_mark_and_lists_kept_short():
    n = normalize(ORIGINAL)
    fact = _count(n.text, "15 đồng chí", value=15, unit="đồng chí " * 100, actions=[f"điều động {i}" for i in range(50)])
    (record,), rejected = to_records("d1", n, [fact])
    assert not rejected
    assert len(record.unit) <= MAX_FIELD and record.unit.endswith(CUT_MARK)
    assert len(record.actions) == MAX_ITEMS and record.actions[0] == "điều động 0"


def test_an_officials_biography_is_bounded_traced_to_the_text_as_read_and_dated_by_publication():
    """The free-text biography fields are capped like the others; their evidence spans map back
    to the text as read (here, with runs of spaces that normalising squeezes), and the age gives
    a birth year only from the published date that reaches `to_records`."""
    place = "thôn " + "Đông " * 80 + "tỉnh Nghệ An"
    original = f"Ông  Lê   Văn Tư, 58  tuổi, quê {place}, được điều động."
    n = normalize(original)

    def span_in(phrase: str) -> tuple[int, int]:
        start = n.text.index(phrase)
        return start, start + len(phrase)

    name, age, home = span_in("Lê Văn Tư"), span_in("58 tuổi"), span_in(" ".join(place.split()))
    fact = Found("official", *name, (0, len(n.text)), dict(
        name="Lê Văn Tư", posts=[], age=58, hometown=" ".join(place.split()), hometown_province="Nghệ An",
        hometown_province_code="40", hometown_province_now="Nghệ An", hometown_province_now_code="40",
        evidence={"age": age, "hometown": home}))
    (record,), rejected = to_records("d1", n, [fact], published="2025-10-01")
    assert not rejected
    assert len(record.hometown) <= MAX_FIELD and record.hometown.endswith(CUT_MARK)
    a_start, a_end = record.evidence.age
    assert original[a_start:a_end] == "58  tuổi"
    h_start, h_end = record.evidence.hometown
    assert original[h_start:h_end] == place  # the whole hometown as read, though the field is cut
    assert (record.birth_year, record.birth_year_approx, record.evidence.birth_year) == (1967, True, (a_start, a_end))
    (undated,), _ = to_records("d1", n, [fact])
    assert undated.birth_year is None and undated.age == 58
