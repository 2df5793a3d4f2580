"""The administrative-unit gazetteer: both structures, levels, and place names."""

from __future__ import annotations

import pytest

from extractors.gazetteer import is_place_name, level_of, units


@pytest.mark.parametrize("type_word, name, level", [
    ("thành phố", "Hà Nội", "province"),        # centrally-run city
    ("thành phố", "Cần Thơ", "province"),
    ("TP", "Hồ Chí Minh", "province"),
    ("thành phố", "Hà Tĩnh", "district"),       # a city under a province
    ("TP", "Hải Dương", "district"),
    ("thành phố", None, None),                  # ambiguous without a name
    ("huyện", None, "district"),
    ("quận", None, "district"),
    ("thị xã", None, "district"),
    ("xã", None, "commune"),
    ("phường", None, "commune"),
    ("thị trấn", None, "commune"),
    ("tỉnh", None, "province"),
])
def test_level_of(type_word, name, level):
    assert level_of(type_word, name) == level


def test_both_structures_are_loaded():
    eras = {u.era for u in units("Hà Tĩnh")}
    assert eras == {"legacy", "2025"}
    assert any(u.level == "district" for u in units("Nậm Pồ"))  # districts exist only before 2025


@pytest.mark.parametrize("name, expected", [
    ("Tây Hồ", True), ("Đống Đa", True), ("Hà Tĩnh", True), ("tây hồ", True),
    ("Lê Thị", False), ("Nguyễn Văn", False), ("Ban Thường vụ", False),
])
def test_is_place_name(name, expected):
    assert is_place_name(name) is expected
