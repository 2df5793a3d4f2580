"""Counts: how many cadres were rotated, in which direction, and how totals break down.

Entry point: `find_counts(doc) -> list[Found]` (spaCy component `rotation_counts`).
"""

from __future__ import annotations

import regex
from spacy.tokens import Doc

from extractors.base import Found
from extractors.registry import Extractor, register
from pipeline.segment import sentence_spans

ACTIONS = ["luân chuyển", "điều động", "biệt phái", "chuyển đổi vị trí công tác", "tiếp nhận", "tăng cường"]
_ACTION_RE = regex.compile("|".join(ACTIONS), regex.IGNORECASE)
_COUNT_RE = regex.compile(r"(?<![\d/.,])(?P<value>\d{1,3}(?:\.\d{3})*)\s+(?P<unit>lượt cán bộ|đồng chí|cán bộ|người)\b")
_NOT_ROTATION_RE = regex.compile(r"bồi dưỡng|đào tạo|học|kết nạp|quy hoạch nguồn|tinh giản|giới thiệu|bầu")
LEVELS = {"trung ương": "central", "tỉnh": "province", "huyện": "district", "quận": "district",
          "thị xã": "district", "xã": "commune", "phường": "commune", "thị trấn": "commune", "cơ sở": "commune"}
_LEVEL = "|".join(sorted(LEVELS, key=len, reverse=True))
_FROM_TO_RE = regex.compile(rf"từ\s+(?P<src>{_LEVEL})(?:,\s*(?:{_LEVEL}))?\s+(?:về|xuống|lên|sang)\s+(?P<dst>{_LEVEL})")
_RANK = {"central": 3, "province": 2, "district": 1, "commune": 0}

PREFILTER = regex.compile(r"\d")


def find_counts(doc: Doc) -> list[Found]:
    text = doc.text
    found: list[Found] = []
    for s, e in sentence_spans(doc):
        sentence = text[s:e]
        if not _ACTION_RE.search(sentence):
            continue
        for m in _COUNT_RE.finditer(text, s, e):
            before = text[max(s, m.start() - 80): m.start()]
            if _NOT_ROTATION_RE.search(before[-40:]):
                continue
            src = dst = None
            direction = None
            ft = list(_FROM_TO_RE.finditer(before))
            if ft:
                src, dst = LEVELS[ft[-1].group("src")], LEVELS[ft[-1].group("dst")]
                direction = "lateral" if src == dst else ("down" if _RANK[src] > _RANK[dst] else "up")
            fields = {"value": int(m.group("value").replace(".", "")), "unit": m.group("unit"),
                      "actions": sorted({a.lower() for a in _ACTION_RE.findall(sentence)}),
                      "from_level": src, "to_level": dst, "direction": direction,
                      "part_of": None, "parts_sum_ok": None, "planned": False}
            found.append(Found("count", m.start(), m.end(), (s, e), fields))
    return found


register(Extractor("rotation_counts", "count", find_counts, PREFILTER, reads_words=False))
