"""Stage 5: found facts become records with original spans; invalid ones are reported, not written."""

from __future__ import annotations

from extractors.base import Found
from pipeline.stages.normalize import normalize
from pipeline.stages.validate import to_records

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
