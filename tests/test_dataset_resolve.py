"""The dataset's resolution from context, one table of our own cases each: dates, posts, the article's unit."""

from __future__ import annotations

import pytest

from pipeline.dataset.resolve_dates import compatible, resolve_date
from pipeline.dataset.resolve_posts import Context, resolve_post
from pipeline.inputs.published import published_date
from pipeline.results.article_unit import article_unit
from schemas.dataset import ResolvedPost
from tests.conftest import load_cases


@pytest.mark.parametrize("case", load_cases("dataset_dates"))
def test_dates(case):
    found = resolve_date(case["date"], case["published"])
    if case["expect"] is None:  # nothing that names a real day, month or year
        assert found is None or found.value is None
        return
    assert found is not None
    got = {"value": found.value, "precision": found.precision, "year_from_published": found.year_from_published}
    assert {k: got[k] for k in case["expect"]} == case["expect"]


def _part(p) -> dict:
    row = ResolvedPost.model_validate(p.row()).model_dump()  # a valid row of its model
    unit = row["unit"] or {}
    return {**row, "unit_code": unit.get("code"), "unit_filled_from": unit.get("filled_from")}


@pytest.mark.parametrize("case", load_cases("dataset_posts"))
def test_posts(case):
    resolved = resolve_post(case["post"], Context(case.get("province"), case.get("district"), None, case.get("sentence")))
    parts = [_part(p) for p in resolved.parts]
    assert len(parts) == len(case["expect"]), parts
    for got, want in zip(parts, case["expect"]):
        assert {k: got[k] for k in want} == want
    assert all(p.text in case["post"] for p in resolved.parts)  # the text as written is kept


@pytest.mark.parametrize("case", load_cases("dataset_units"))
def test_article_unit(case):
    unit = article_unit(case["texts"], case.get("title"), case.get("url")).model_dump()
    assert {k: unit[k] for k in case["expect"]} == case["expect"]


def test_compatible_dates():
    assert compatible("2019", "2019-09-16") and compatible("2019-09-16", "2019-09-20") and compatible(None, "2019")
    assert not compatible("2019-09", "2019-10") and not compatible("2018", "2019-01-02")
    assert not compatible("2019-01-01", "2019-03-01")


def test_published_date_sources():
    assert published_date({"published": "2020-01-02", "url": "https://x.vn/2019/09/16/a"}) == ("2020-01-02", "input")
    assert published_date({}, "Thứ Hai, 16/09/2019 10:30 GMT+7\nBài viết") == ("2019-09-16", "text")
    assert published_date({}, "Cập nhật: 16/09/2019\nBài viết") == ("2019-09-16", "text")
    assert published_date({"url": "https://x.vn/2019/09/16/abc.html"}) == ("2019-09-16", "url")
    assert published_date({"url": "https://x.vn/tin-20190916.html"}) == ("2019-09-16", "url")
    assert published_date({}, "Ngày 16/9/2019, ông A được điều động.") == (None, None)  # a fact's date, not a dateline


def test_one_persons_posts_match_across_spellings_and_cuts_but_not_across_units():
    from pipeline.dataset.link import same_post

    def post(text, province=None, date=None):
        return resolve_post(text, Context(province, None, date))

    assert same_post(post("Bí thư Tỉnh ủy Sóc Trăng"), post("Bí thư Sóc Trăng"))
    # a province keeps its name across the 2025 mergers, though Gia Lai took another code
    assert same_post(post("Chủ tịch UBND tỉnh Gia Lai", date="2024-01-01"), post("Chủ tịch UBND tỉnh Gia Lai", date="2025-10-01"))
    # an organisation cut short after four words or more
    assert same_post(post("Trưởng ban Quản lý khu kinh tế Nghi Sơn"),
                     post("Trưởng Ban Quản lý Khu kinh tế Nghi Sơn và các Khu công nghiệp tỉnh Thanh Hóa"))
    assert not same_post(post("Giám đốc Sở Y tế", "Quảng Ngãi"), post("Giám đốc Sở Y tế dự phòng", "Quảng Ngãi"))
    assert not same_post(post("Bí thư Tỉnh ủy Sóc Trăng"), post("Bí thư Tỉnh ủy Bạc Liêu"))
    assert not same_post(post("Bí thư Huyện ủy Phúc Thọ"), post("Chủ tịch UBND huyện Phúc Thọ"))


def test_the_province_pattern_finds_what_a_plain_alternation_finds():
    """article_unit writes the province names as a trie for speed; it must match as the plain
    longest-first alternation behind a look-behind does."""
    import re

    from pipeline.results.article_unit import _provinces, _trie_alternation

    words = ["Hà Nam", "Hà Nội", "Hà Giang", "Nam Định", "Ninh Bình", "Ninh Thuận", "Bình Định", "Bình"]
    plain = re.compile(r"(?<![\wÀ-ỹ])(" + "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
                       + r")(?![\wÀ-ỹ])")
    trie = re.compile("(" + _trie_alternation(words) + r")(?![\wÀ-ỹ])")
    text = ("Tỉnh Hà Nam, Hà Nội và Hà Giang; HàNam; Nam Định-Ninh Bình (Ninh Thuận), Bình Định, Bình, "
            "Bình Dương, xBình, Hà Namx, Ninh\nBình.")
    assert [m.span(1) for m in trie.finditer(text)] == [m.span(1) for m in plain.finditer(text)]
    assert [m.group(1) for m in _provinces()[0].finditer("tỉnh Bắc Ninh và Ninh Bình, Hà Nội.")] == \
        ["Bắc Ninh", "Ninh Bình", "Hà Nội"]
