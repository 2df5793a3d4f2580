"""`rotation-facts eval`: the matching rules of the annotation guideline, on small fixtures."""

from __future__ import annotations

import json

from pipeline.results.evaluate import fold, score


def _write(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return str(path)


GOLD = [{
    "doc_id": "a",
    "citations": [{"kind": "quy_dinh", "number": "98", "code": "98-QĐ/TW", "issued": "2017-10-07"},
                  {"kind": "chi_thi", "number": "05", "code": None, "issued": None}],
    "counts": [{"value": 15, "from_level": None, "to_level": None, "direction": None},
               {"value": 7, "from_level": "district", "to_level": "commune", "direction": "down"}],
    "officials": [{"name": "Lò Văn Thân", "rotated": True, "to_post": "Chủ tịch UBND xã Pa Tần"},
                  {"name": "Lê Thị Thu Hằng", "rotated": False}],
    "optional": {"citations": [{"kind": "nghi_quyet", "number": "4"}], "counts": [{"value": 3}], "officials": []},
}]


def test_scores_follow_the_guideline(tmp_path):
    pred = [
        {"type": "article", "doc_id": "a"},
        {"type": "citation", "doc_id": "a", "kind": "quy_dinh", "number": "98", "code": "98-QÐ/TW", "issued": "2017-10-07"},
        {"type": "citation", "doc_id": "a", "kind": "quy_dinh", "number": "98", "code": None, "issued": None},
        {"type": "citation", "doc_id": "a", "kind": "nghi_quyet", "number": "4"},        # optional: no penalty
        {"type": "citation", "doc_id": "a", "kind": "ke_hoach", "number": "79"},         # false positive
        {"type": "count", "doc_id": "a", "value": 15, "direction": None},
        {"type": "count", "doc_id": "a", "value": 7, "from_level": "district", "to_level": "commune", "direction": "up"},
        {"type": "count", "doc_id": "a", "value": 3},                                      # optional
        {"type": "count", "doc_id": "a", "value": 11},                                     # false positive
        {"type": "official", "doc_id": "a", "name": "Lò Văn Thân", "rotated": True, "to_post": "Chủ tịch UBND xã Pa Tần"},
        {"type": "official", "doc_id": "a", "name": "Tây Hồ Lê Thị Thu Hằng", "rotated": False},
        {"type": "official", "doc_id": "z", "name": "Not scored", "rotated": True},        # doc not in gold
    ]
    result = score(_write(tmp_path / "g.jsonl", GOLD), _write(tmp_path / "p.jsonl", pred))
    assert result["citation"] | {} == {"tp": 1, "fp": 1, "fn": 1, "p": 0.5, "r": 0.5, "f1": 0.5}
    assert (result["count"]["tp"], result["count"]["fp"], result["count"]["fn"]) == (2, 1, 0)
    assert result["count.direction"] == {"n": 1, "acc": 0.0}
    assert (result["official"]["tp"], result["official"]["fp"], result["official"]["fn"]) == (1, 1, 1)
    assert (result["move"]["tp"], result["move"]["fp"], result["move"]["fn"]) == (1, 0, 0)
    assert result["move.to_post"] == {"n": 1, "acc": 1.0}
    assert result["citation.code"] == {"n": 1, "acc": 1.0}  # Ð and Đ compare equal


def test_fold_treats_tone_placement_and_case_alike():
    assert fold("Thành Uỷ  Hoà") == fold("thành ủy hòa")
