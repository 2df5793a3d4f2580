"""Biographies of officials: the case table, and what a table cannot state (spans, dates, time)."""

from __future__ import annotations

import pytest

from tests.conftest import best_seconds, load_cases

BIO_FIELDS = ("birth_year", "birth_year_approx", "age", "hometown", "hometown_province", "hometown_province_code",
              "hometown_province_now", "hometown_province_now_code", "birthplace", "ethnicity", "party_rank")
EMPTY = {name: (False if name == "birth_year_approx" else None) for name in BIO_FIELDS}


def officials_of(text: str, published: str | None = None) -> list[dict]:
    from pipeline import extract_text

    records = extract_text(text, published=published)
    return [r.model_dump(mode="json") for r in records[1:] if r.type == "official"]


@pytest.mark.parametrize("case", load_cases("biographies"))
def test_biography_cases(case):
    """Every official listed has exactly the fields listed (the rest empty); an official found
    but not listed has no biography at all: no one gets another person's facts."""
    found = {o["name"]: o for o in officials_of(case["text"], case.get("published"))}
    listed = {want["name"] for want in case["expect"]}
    assert listed <= set(found), f"officials not found: {listed - set(found)}; found {sorted(found)}"
    for name, official in found.items():
        want = {**EMPTY, **next((w for w in case["expect"] if w["name"] == name), {})}
        got = {k: official[k] for k in BIO_FIELDS}
        diffs = {k: (got[k], want[k]) for k in BIO_FIELDS if got[k] != want[k]}
        assert not diffs, f"{name}: (got, want) {diffs}"
        _check_evidence(case["text"], official)


def _check_evidence(text: str, official: dict) -> None:
    """Each value can be traced: its span holds the words that state it."""
    evidence = official["evidence"] or {}
    assert set(evidence) == {k for k in ("birth_year", "age", "hometown", "birthplace", "ethnicity", "party_rank")
                             if official[k] is not None}
    quoted = {name: text[start:end] for name, (start, end) in evidence.items()}
    if official["birth_year"] is not None:
        assert (str(official["age"]) if official["birth_year_approx"] else str(official["birth_year"])) in quoted["birth_year"]
    if official["age"] is not None:
        assert quoted["age"].startswith(str(official["age"])) and "tuổi" in quoted["age"]
    for place in ("hometown", "birthplace"):
        if official[place] is not None:
            assert quoted[place] == official[place]
    if official["ethnicity"] is not None:
        assert quoted["ethnicity"].lower().startswith(("dân tộc", "người dân tộc"))
    if official["party_rank"] is not None:
        assert quoted["party_rank"].lower().startswith(("ủy viên", "bí thư", "uv"))


def test_evidence_points_into_the_text_as_read():
    """Spans are mapped back through normalisation (NFD input, old tone placement)."""
    import unicodedata

    text = unicodedata.normalize("NFD", "Ông Hoàng Văn Hoà, Bí thư Huyện uỷ, sinh năm 1970, quê Thanh Hoá.")
    [official] = officials_of(text)
    (b0, b1), (h0, h1) = official["evidence"]["birth_year"], official["evidence"]["hometown"]
    assert unicodedata.normalize("NFC", text[b0:b1]) == "sinh năm 1970"
    assert unicodedata.normalize("NFC", text[h0:h1]) == "Thanh Hoá"
    assert official["hometown"] == "Thanh Hóa" and official["hometown_province_code"] == "38"


def test_an_age_gives_a_birth_year_only_with_the_publication_date():
    from pipeline.inputs.read import RawArticle
    from pipeline.runner import extract_text, process_article

    text = "Ông Lê Văn Tâm (58 tuổi), Chủ tịch UBND tỉnh, được điều động giữ chức Bí thư Tỉnh ủy."
    [without] = [r for r in extract_text(text)[1:]]
    assert (without.age, without.birth_year, without.birth_year_approx) == (58, None, False)
    article, official = process_article(RawArticle(doc_id="a", source="x.jsonl", text=text, published="2025-10-01"))
    assert article.published == "2025-10-01"
    assert (official.birth_year, official.birth_year_approx) == (1967, True)
    assert official.evidence.birth_year == official.evidence.age


def test_published_date_reaches_the_birth_year_from_a_jsonl_input(tmp_path):
    import json

    from pipeline.runner import extract_files

    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "p1", "published": "2025-09-30", "text":
                                  "Ông Trương Văn Hòa, 55 tuổi, Bí thư Tỉnh ủy, quê Nam Định (cũ)."},
                                 ensure_ascii=False) + "\n", encoding="utf-8")
    [[_, official]] = list(extract_files([str(source)]))
    assert (official.birth_year, official.birth_year_approx, official.hometown_province_now) == (1970, True, "Ninh Bình")


def test_records_without_a_biography_carry_no_evidence():
    [official] = officials_of("Bí thư Huyện ủy Lê Văn Tư chủ trì hội nghị.")
    assert official["evidence"] is None and all(official[k] == EMPTY[k] for k in BIO_FIELDS)


def test_evidence_lists_only_the_fields_stated():
    from pipeline.stages.write import record_line
    from pipeline import extract_text

    [_, official] = extract_text("Ông Lê Văn Tư, Bí thư Huyện ủy, sinh năm 1970.")
    assert '"evidence": {"birth_year": [' in record_line(official)
    assert '"hometown": [' not in record_line(official)


def test_a_record_without_evidence_for_a_value_is_rejected():
    from pydantic import ValidationError

    from schemas import OfficialRecord

    base = dict(doc_id="d", span=(0, 5), text="Lê Tư", sentence="Lê Tư.", sentence_span=(0, 6), name="Lê Tư")
    with pytest.raises(ValidationError, match="no evidence span for birth_year"):
        OfficialRecord(**base, birth_year=1970)
    with pytest.raises(ValidationError, match="hometown provinces"):
        OfficialRecord(**base, hometown="Nghệ An", hometown_province="Nghệ An", evidence={"hometown": (0, 5)})
    OfficialRecord(**base, birth_year=1970, evidence={"birth_year": (0, 5)})


def test_export_flattens_the_evidence(tmp_path):
    import csv

    from pipeline.results.export import export
    from pipeline.stages.write import write_records
    from pipeline import extract_text

    facts = tmp_path / "facts.jsonl"
    write_records([extract_text("Ông Lê Văn Tư, Bí thư Huyện ủy, sinh năm 1970, quê Hà Tĩnh.")], str(facts))
    export(str(facts), str(tmp_path / "out"), "csv")
    with open(tmp_path / "out" / "officials.csv", encoding="utf-8") as fh:
        [row] = list(csv.DictReader(fh))
    assert row["birth_year"] == "1970" and row["hometown_province_now_code"] == "42"
    assert row["evidence_birth_year_start"] and row["evidence_hometown_end"] and row["evidence_age_start"] == ""


def test_the_lexicons_hold_54_groups_and_4_ranks():
    from extractors.base import data_table

    assert len(data_table("bio_ethnic_groups.tsv")) == 54
    assert [row[0] for row in data_table("bio_party_ranks.tsv")] == [
        "Ủy viên Bộ Chính trị", "Bí thư Trung ương Đảng", "Ủy viên Trung ương Đảng", "Ủy viên dự khuyết Trung ương Đảng"]


@pytest.mark.parametrize("unit", [
    "Ông Lê Văn Ba, Bí thư Huyện ủy, sinh năm 1970, quê Hà Tĩnh. ",
    "Ông Ba (SN 1970, 55 tuổi), quê xã A, huyện B, tỉnh Nghệ An. Ông sinh năm 1970, dân tộc Tày. ",
    "Hội nghị bàn về ngân sách, sinh năm, quê, tuổi, dân tộc. ",  # cues with no one near
])
def test_linear_time_on_long_repetitive_input(unit):
    """The biography pass reads only near people, and each sentence a bounded number of times."""
    from extractors.officials import find_officials
    from pipeline.stages.segment import segment

    timings = []
    for repeats in (200, 800):
        segmented = segment(unit * repeats, lambda text, start, end: [])
        timings.append(best_seconds(lambda: find_officials(segmented)))
    assert timings[1] < 8 * timings[0] + 0.3  # 4x the input: ~4x the time; quadratic would be 16x
