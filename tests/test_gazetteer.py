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


# --- provinces and the 2025 mergers (the hometowns of biographies) ---

@pytest.mark.parametrize("name, old_code, now, now_code", [
    ("Nam Định", "36", "Ninh Bình", "37"),
    ("Thừa Thiên Huế", "46", "Huế", "46"),
    ("TT-Huế", "46", "Huế", "46"),
    ("Bà Rịa - Vũng Tàu", "77", "Hồ Chí Minh", "79"),
    ("Bắc Giang", "24", "Bắc Ninh", "24"),
    ("Bắc Ninh", "27", "Bắc Ninh", "24"),   # the code of a name changes with the structure
    ("Long An", "80", "Tây Ninh", "80"),
    ("Hà Giang", "02", "Tuyên Quang", "08"),
    ("Thanh Hoá", "38", "Thanh Hóa", "38"),
    ("TP.HCM", "79", "Hồ Chí Minh", "79"),
])
def test_provinces_before_and_after_the_mergers(name, old_code, now, now_code):
    from extractors.gazetteer import province, province_now

    old = province(name)
    assert (old.code, old.era) == (old_code, "legacy")
    assert (province_now(old).name, province_now(old).code, province_now(old).era) == (now, now_code, "2025")


def test_every_province_before_2025_is_part_of_one_after():
    from extractors.gazetteer import _provinces, province, province_now

    olds = [province(record["provinceShort"]) for record in _provinces()["legacy"].values()]
    assert len(olds) == 63 and len({p.code for p in olds}) == 63
    assert len({province_now(p).code for p in olds}) == 34


@pytest.mark.parametrize("name", ["", "Tây Hồ", "Hà Tây", "Nguyễn Văn", "xyz"])
def test_what_names_no_province(name):
    from extractors.gazetteer import province

    assert province(name) is None
