"""The independent sentence sets of corpus/variants/ stay well formed, and their scorer judges rows
as its README says.

The sets are a measure, not a test (their rows need not pass); what must hold is that every row
can be scored: it parses, has an id of its own, a text, an expectation of the kind's fields, and
the expected numbers and names are in its text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import get_args

import pytest

from schemas.records import Direction, Level

VARIANTS = Path(__file__).resolve().parent.parent / "corpus" / "variants"
sys.path.insert(0, str(VARIANTS))

import variants  # noqa: E402  (corpus/variants/variants.py)

SETS = sorted(VARIANTS.glob("*.jsonl"))
LEVELS = {None, *get_args(Level)}
DIRECTIONS = {None, *get_args(Direction)}


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# the rounds of writers, by the kind of fact each wrote (the first round's sets have no number)
ROUNDS = {"counts": ("", "2", "3", "5", "7", "9", "12", "13", "14", "15"),
          "moves": ("", "2", "3", "4", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15"),
          "officials": ("4",)}


def test_the_sets_are_there():
    """Each round of writers wrote one kind of fact, each set split into rows worked from and rows held out."""
    assert [p.name for p in SETS] == sorted(f"{kind}.{part}{number}.jsonl" for kind, numbers in ROUNDS.items()
                                            for number in numbers for part in ("heldout", "worked"))


@pytest.mark.parametrize("kind, round_", [("counts", 3), ("moves", 3), ("moves", 4), ("officials", 4), ("counts", 5), ("moves", 6),
                                          ("counts", 7), ("moves", 7), ("moves", 8), ("counts", 9), ("moves", 9),
                                          ("moves", 10), ("moves", 11), ("counts", 12), ("moves", 12), ("counts", 13),
                                          ("moves", 13), ("counts", 14), ("moves", 14)])
def test_each_round_split_alike(kind: str, round_: int):
    """The later rounds were split by alternate rows within positives and within near misses, so the
    rows worked from and the rows held out hold as many of each, give or take the odd one."""
    worked, held = rows(VARIANTS / f"{kind}.worked{round_}.jsonl"), rows(VARIANTS / f"{kind}.heldout{round_}.jsonl")
    positives = [sum(variants.is_positive(kind, row) for row in part) for part in (worked, held)]
    # alternate rows: an odd class leaves one more row of it on the worked side
    assert 0 <= positives[0] - positives[1] <= 1
    assert 0 <= (len(worked) - positives[0]) - (len(held) - positives[1]) <= 1
    assert not {row["id"] for row in worked} & {row["id"] for row in held}


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_rows_are_well_formed(path: Path):
    seen = set()
    for row in rows(path):
        assert {"id", "text", "expect"} <= set(row), row
        assert row["id"] not in seen, row["id"]
        seen.add(row["id"])
        for fact in row["expect"]:
            if path.name.startswith("counts"):
                assert isinstance(fact["value"], int), row["id"]
                assert fact.get("from_level") in LEVELS and fact.get("to_level") in LEVELS, row["id"]
                assert fact.get("direction") in DIRECTIONS, row["id"]
            else:
                assert variants.fold(fact["name"]) in variants.fold(row["text"]), row["id"]
                assert isinstance(fact.get("rotated", False), bool), row["id"]


COUNT_ROW = {"id": "t", "text": "", "expect": [{"value": 9, "from_level": None, "to_level": "commune",
                                                 "direction": "down"}]}
MOVE_ROW = {"id": "t", "text": "", "expect": [{"name": "Nguyễn Văn An", "rotated": True,
                                                  "to_post": "Bí thư Huyện ủy Hải Lăng"}]}


@pytest.mark.parametrize("text, passes", [
    ("Năm 2023, Huyện ủy đã luân chuyển 9 cán bộ về các xã.", True),
    ("Năm 2023, Huyện ủy đã luân chuyển 9 cán bộ sang các phòng, ban của huyện.", False),  # lateral
    ("Huyện hiện có 9 cán bộ được quy hoạch.", False),  # no count at all
    ("Năm 2023, Huyện ủy đã luân chuyển 9 cán bộ từ huyện về các xã.", True),  # a level the row leaves null, filled in
    ("Năm 2023, Huyện ủy đã luân chuyển 9 cán bộ từ xã lên huyện.", False),  # the row's own level and direction
])
def test_a_count_row_passes_only_with_its_fields(text: str, passes: bool):
    row = dict(COUNT_ROW, text=text)
    assert variants.counts_pass(row, variants.extract_text(text)) is passes


@pytest.mark.parametrize("text, passes", [
    ("Ban Thường vụ Tỉnh ủy điều động ông Nguyễn Văn An, Phó Bí thư Huyện ủy Cam Lộ, "
     "giữ chức Bí thư Huyện ủy Hải Lăng.", True),
    ("Ông Nguyễn Văn An, Bí thư Huyện ủy Hải Lăng, phát biểu tại hội nghị.", False),  # found, not moved
    ("Ban Thường vụ Tỉnh ủy điều động ông Nguyễn Văn An, Phó Bí thư Huyện ủy Cam Lộ, "
     "giữ chức Giám đốc Sở Nội vụ.", False),  # moved, another post
])
def test_a_move_row_passes_only_with_its_move_and_post(text: str, passes: bool):
    row = dict(MOVE_ROW, text=text)
    assert variants.moves_pass(row, variants.extract_text(text)) is passes
