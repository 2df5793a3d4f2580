"""Biographies in the dataset and the non-local posting: the people table's biography, the
moves' destination and home provinces compared in the structure of the move's date, the
post types, and birth year and home province as linking evidence.

Tables of our own cases (tests/cases/dataset_locality.jsonl, dataset_post_types.jsonl)
and the invented articles of tests/fixtures/dataset/facts_d.jsonl (written by its make.py).
"""

from __future__ import annotations

from typing import get_args

import pytest

from pipeline.dataset import build_dataset
from pipeline.dataset.locality import compare, destination_place, era_at, home_place
from pipeline.dataset.post_types import _rules, post_type
from pipeline.dataset.resolve_posts import Context, resolve_post
from schemas.dataset import PostType
from tests.conftest import ROOT, load_cases

FIXTURES = ROOT / "tests" / "fixtures" / "dataset"


@pytest.mark.parametrize("case", load_cases("dataset_locality"))
def test_locality(case):
    home = home_place(case["home"], case["hometown"], case["written"])
    destination = destination_place(case["to"], case.get("to_unit_era"))
    era = era_at(case["date"])
    got = {"era": era, "nonlocal": compare(home, destination, era),
           "home_at": [p.name, p.code] if home and (p := home.at(era)) else None,
           "to_at": [p.name, p.code] if destination and (p := destination.at(era)) else None}
    assert {k: got[k] for k in case["expect"]} == case["expect"]


@pytest.mark.parametrize("case", load_cases("dataset_post_types"))
def test_post_types(case):
    assert post_type(resolve_post(case["post"], Context("Nghệ An", None, "2020-01-01"))) == case["expect"]


def test_the_post_types_of_the_data_file_are_the_schemas():
    assert {kind for kind, _, _ in _rules()} | {"other"} == set(get_args(PostType))


@pytest.fixture(scope="module")
def ds():
    return build_dataset([FIXTURES / "facts_d.jsonl"])


def moves_of(ds, name):
    return sorted((m for m in ds.rows("moves") if m["name"] == name), key=lambda m: m["date"] or "")


def person(ds, name):
    (row,) = [p for p in ds.rows("people") if p["name"] == name]
    return row


def test_a_move_across_a_province_merged_in_2025_is_compared_at_its_date(ds):
    # from Hậu Giang: posted to Cần Thơ in 2016 (two provinces), moved within Cần Thơ in 2025 (one since)
    before, after = moves_of(ds, "Trương Thị Ngọc Hân")
    assert (before["province_structure"], before["to_province"], before["to_province_code"],
            before["home_province"], before["home_province_code"], before["nonlocal"]) == \
        ("legacy", "Cần Thơ", "92", "Hậu Giang", "93", True)
    assert (after["province_structure"], after["to_province"], after["home_province"], after["home_province_code"],
            after["nonlocal"]) == ("2025", "Cần Thơ", "Cần Thơ", "92", False)


def test_a_home_written_after_the_mergers_takes_its_old_province_from_an_earlier_source(ds):
    # m2 (2026) writes 'tỉnh Ninh Bình', which since 2025 takes in Nam Định; m1 (2019) says Nam Định
    khai = person(ds, "Đinh Công Khải")
    assert (khai["hometown_province"], khai["hometown_province_code"], khai["hometown_province_now"],
            khai["hometown_province_now_code"]) == ("Nam Định", "36", "Ninh Bình", "37")
    assert khai["conflicts"] == [] and khai["hometown"] == "huyện Hải Hậu, tỉnh Nam Định"
    to_ninh_binh_2019, to_ninh_binh_2026 = moves_of(ds, "Đinh Công Khải")
    assert (to_ninh_binh_2019["home_province"], to_ninh_binh_2019["to_province"], to_ninh_binh_2019["nonlocal"]) == \
        ("Nam Định", "Ninh Bình", True)
    assert to_ninh_binh_2026["nonlocal"] is False


def test_local_non_local_unknown_hometown_and_central(ds):
    (local,) = moves_of(ds, "Phan Đức Lộc")
    assert (local["to_level"], local["to_post_type"], local["to_province"], local["nonlocal"]) == \
        ("district", "chairman", "Nghệ An", False)
    to_ha_tinh, to_centre = moves_of(ds, "Đỗ Văn Thịnh")
    assert (to_ha_tinh["to_post_type"], to_ha_tinh["home_province"], to_ha_tinh["to_province"],
            to_ha_tinh["nonlocal"]) == ("party_secretary", "Nghệ An", "Hà Tĩnh", True)
    assert to_centre["to_level"] == "central" and to_centre["to_province"] is None and to_centre["nonlocal"] is None
    (no_hometown,) = moves_of(ds, "Lại Quang Vinh")
    assert no_hometown["to_province"] == "Nghệ An" and no_hometown["home_province"] is None
    assert no_hometown["nonlocal"] is None


def test_a_year_from_an_age_within_one_of_a_stated_year_agrees(ds):
    # n2: 52 tuổi in 2020 (so 1968, or 1967 before the birthday); n3: sinh năm 1967
    thinh = person(ds, "Đỗ Văn Thịnh")
    assert (thinh["birth_year"], thinh["birth_year_approx"], thinh["conflicts"]) == (1967, False, [])
    assert {(s["field"], s["value"], s["doc_id"]) for s in thinh["biography_sources"]} >= {
        ("birth_year", "~1968", "n2"), ("age", "52", "n2"), ("birth_year", "1967", "n3")}


def test_two_articles_giving_different_birth_years_are_a_conflict_with_each_source(ds):
    truong = person(ds, "Mai Xuân Trường")
    assert sorted({s["doc_id"] for s in truong["sources"]}) == ["b1", "b2"]
    (conflict,) = truong["conflicts"]
    assert conflict["field"] == "birth_year"
    assert {v["value"]: [s["doc_id"] for s in v["sources"]] for v in conflict["values"]} == \
        {"1970": ["b2"], "1971": ["b1"]}
    # each source's span is the evidence of the year in its article
    text = {"b1": "sinh năm 1971", "b2": "sinh năm 1970"}
    for value in conflict["values"]:
        (source,) = value["sources"]
        article = next(a for a in _articles() if a["id"] == source["doc_id"])
        assert article["text"][slice(*source["span"])] == text[source["doc_id"]]


def _articles():
    import json

    return [json.loads(line) for line in (FIXTURES / "articles.jsonl").read_text("utf-8").splitlines()]


def test_one_name_and_post_born_ten_years_apart_are_two_people_reported(ds):
    tams = [p for p in ds.rows("people") if p["name"] == "Vũ Minh Tâm"]
    assert sorted(p["birth_year"] for p in tams) == [1960, 1970]
    (link,) = [u for u in ds.rows("uncertain_links") if u["name"] == "Vũ Minh Tâm"]
    assert sorted(link["person_ids"]) == sorted(p["person_id"] for p in tams)
    assert "different birth year" in link["reason"]


def test_same_name_birth_year_and_home_province_link_without_a_shared_post(ds):
    yen = person(ds, "Lò Thị Yến")
    assert sorted({s["doc_id"] for s in yen["sources"]}) == ["y1", "y2"]
    assert (yen["birth_year"], yen["hometown_province"], yen["provinces"]) == (1980, "Sơn La", ["Sơn La", "Điện Biên"])


def test_the_duckdb_view_counts_non_local_postings_by_year_level_and_type(ds):
    rows = ds.duckdb().sql("""select year, level, post_type, postings, known, non_local, share_non_local
                              from nonlocal_by_year_level_type where year in (2016, 2020, 2025)""").fetchall()
    assert (2016, "province", "other", 1, 1, 1, 1.0) in rows
    assert (2020, "province", "party_secretary", 1, 1, 1, 1.0) in rows
    assert (2020, "district", "chairman", 1, 1, 0, 0.0) in rows
    assert (2025, "province", "other", 1, 1, 0, 0.0) in rows
    assert not [r for r in rows if r[1] == "central"]  # central posts are not postings to a province
