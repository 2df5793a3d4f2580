"""The research dataset (`rotation-facts dataset`): merging, linking, conflicts, order and increments.

The fixtures (tests/fixtures/dataset/, written by its make.py) are invented articles
and the facts `extract` would write for them; each situation below is one of them.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.dataset import DatasetError, build_dataset, write_dataset
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "dataset"
FACTS = [FIXTURES / "facts_a.jsonl", FIXTURES / "facts_b.jsonl", FIXTURES / "facts_c.jsonl"]
TABLE_FILES = ("moves", "people", "documents", "counts", "articles", "uncertain_links")


@pytest.fixture(scope="module")
def ds():
    return build_dataset(FACTS)


def rows(ds, table, **match):
    return [r for r in ds.rows(table) if all(r.get(k) == v for k, v in match.items())]


def docs_of(row):
    return sorted({s["doc_id"] for s in row["sources"]})


def test_one_move_told_by_three_articles_is_one_move_with_three_sources(ds):
    (move,) = rows(ds, "moves", name="Trần Quốc Bảo")
    assert docs_of(move) == ["s1", "s2", "s3"] and move["n_sources"] == 3 and move["n_articles"] == 3
    # 'ngày 16/9/2019' is written whole in s2; s1's 'Ngày 16.9' takes its year from the published date
    assert (move["date"], move["date_precision"], move["date_as_written"]) == ("2019-09-16", "day", "ngày 16/9/2019")
    assert move["to_post"] == "Bí thư Tỉnh ủy tỉnh Sóc Trăng"  # the most complete of the three forms
    assert move["to_resolved"]["unit"]["code"] == "94" and move["to_resolved"]["key"] == "bí thư|đảng ủy|p:Sóc Trăng"
    assert (move["from_level"], move["to_level"], move["direction"]) == ("province", "province", "lateral")
    assert move["decided_by"] == "Ban Bí thư" and move["conflicts"] == []


def test_two_officials_of_one_name_in_two_provinces_stay_two_people(ds):
    hung = rows(ds, "people", name="Nguyễn Văn Hùng")
    by_docs = {tuple(docs_of(p)): p for p in hung}
    # q1 says 'Giám đốc Sở Y tế' in an article about Quảng Ngãi, q3 'Giám đốc Sở Y tế tỉnh Quảng Ngãi': one post
    assert set(by_docs) == {("q1", "q3"), ("l1",), ("q4",)}
    assert by_docs[("l1",)]["provinces"] == ["Lạng Sơn"] and by_docs[("q1", "q3")]["provinces"] == ["Quảng Ngãi"]
    # the Quảng Ngãi official with no post to link by is reported, not merged
    (link,) = ds.rows("uncertain_links")
    assert sorted(link["person_ids"]) == sorted([by_docs[("q1", "q3")]["person_id"], by_docs[("q4",)]["person_id"]])
    assert "not merged" in link["reason"]


@pytest.mark.parametrize("names, expected_groups", [
    # two reports of one ministry's appointments: the bare title 'Thứ trưởng' is no key, but the
    # three names the two articles share tie each of them
    (("Đặng Quốc Khánh", "Lường Văn Thạch", "Hà Minh Tuấn"), [("e1", "e2")]),
    # the same three names in two provinces: two teams, not one
    (("Vương Đình Lộc", "Hoàng Văn Sơn", "Triệu Văn Tài"), [("e3",), ("e4",)]),
    # two shared names are not enough
    (("Phan Hữu Định", "Kiều Minh Quân"), [("e5",), ("e6",)]),
])
def test_people_named_together_in_two_articles_are_the_same_people(names, expected_groups):
    ds = build_dataset([FIXTURES / "facts_e.jsonl"], articles=[str(FIXTURES / "articles.jsonl")])
    for name in names:
        assert sorted(tuple(docs_of(p)) for p in rows(ds, "people", name=name)) == expected_groups, name


def test_a_career_of_three_moves_is_one_person_with_three_moves_in_date_order(ds):
    (person,) = rows(ds, "people", name="Lê Minh Khoa")
    moves = {m["move_id"]: m for m in rows(ds, "moves", name="Lê Minh Khoa")}
    assert person["n_moves"] == 3 and set(person["move_ids"]) == set(moves)
    career = [moves[i] for i in person["move_ids"]]
    assert [m["date"] for m in career] == ["2015-03", "2018-06-05", "2021"]
    assert [m["direction"] for m in career] == ["lateral", "up", "lateral"]
    assert [m["to_post"] for m in career[:2]] == [career[1]["from_post"] + ", tỉnh Sơn La", career[2]["from_post"]]
    assert person["provinces"] == ["Sơn La", "Điện Biên"]
    assert [p["post"] for p in person["posts"]] == [  # in the order held
        "Phó Chủ tịch UBND huyện Mộc Châu", "Chủ tịch UBND huyện Yên Châu, tỉnh Sơn La",
        "Giám đốc Sở Nội vụ tỉnh Sơn La", "Phó Chủ tịch UBND tỉnh Điện Biên"]


def test_sources_disagreeing_on_the_post_moved_to_are_reported_as_a_conflict(ds):
    (move,) = rows(ds, "moves", name="Phạm Thị Lan")
    assert docs_of(move) == ["k1", "k2"]
    (conflict,) = move["conflicts"]
    assert conflict["field"] == "to_post"
    values = {v["value"]: [s["doc_id"] for s in v["sources"]] for v in conflict["values"]}
    assert values == {"Bí thư Đảng ủy xã Tú Lý, tỉnh Hòa Bình": ["k1"], "Chủ tịch UBND xã Tú Lý": ["k2"]}


def test_documents_are_merged_nationwide_for_central_symbols_and_within_a_province_for_local_ones(ds):
    by_key = {d["key"]: d for d in ds.rows("documents")}
    national = by_key["quy_dinh|98-QĐ/TW"]
    assert national["n_articles"] == 3 and national["scope"] == "national"
    assert (national["first_cited"], national["last_cited"]) == ("2019-09-17", "2022-12-20")
    assert national["issued"] == "2017-10-07" and national["issuer"] == "Bộ Chính trị"
    assert {k for k in by_key if "02-NQ/TU" in k} == {"nghi_quyet|02-NQ/TU|Quảng Ngãi", "nghi_quyet|02-NQ/TU|Sóc Trăng"}


def test_a_count_restated_by_two_articles_is_one_row_with_both_sources(ds):
    (count,) = ds.rows("counts")
    assert (count["value"], count["province"], count["year"], count["year_source"]) == (12, "Quảng Ngãi", 2022, "sentence")
    assert docs_of(count) == ["q1", "q2"] and count["actions"] == ["luân chuyển", "điều động"]


def test_articles_carry_their_unit_and_facts(ds):
    by_doc = {a["doc_id"]: a for a in ds.rows("articles")}
    assert len(by_doc) == 13
    assert by_doc["k1"]["unit"]["district"] == "Đà Bắc" and by_doc["k1"]["unit"]["level"] == "district"
    assert by_doc["s1"]["unit"]["province"] == "Sóc Trăng" and "title" in by_doc["s1"]["unit"]["evidence"]
    assert by_doc["c3"]["unit"]["province"] is None  # Sơn La and Điện Biên once each: no guess
    assert by_doc["s1"]["n_moves"] == 1 and by_doc["q1"]["n_counts"] == 1


def test_every_row_validates_and_the_api_gives_frames_and_duckdb(ds):
    assert list(ds.moves.columns)[:3] == ["move_id", "person_id", "name"] and len(ds.moves) == 5
    assert isinstance(ds.people, pd.DataFrame) and len(ds.people) == 6
    con = ds.duckdb()
    assert con.sql("select sum(moves) from moves_by_year_direction").fetchone()[0] == 5
    assert con.sql("select name, n_moves from people_most_moves limit 1").fetchone() == ("Lê Minh Khoa", 3)


# ---- the directory: order, increments, replacements -----------------------------------------------

def table_bytes(out: Path) -> dict[str, bytes]:
    return {name: (out / f"{name}.jsonl").read_bytes() for name in TABLE_FILES}


def shuffled_copies(tmp: Path, seed: int) -> list[Path]:
    """The fixtures' articles, shuffled and dealt into files of other sizes and names."""
    articles: list[list[str]] = []
    for path in FACTS:
        for line in path.read_text("utf-8").splitlines():
            if json.loads(line)["type"] == "article":
                articles.append([])
            articles[-1].append(line)
    random.Random(seed).shuffle(articles)
    files = []
    for n, chunk in enumerate((articles[:2], articles[2:9], articles[9:])):
        path = tmp / f"part{seed}_{n}.jsonl"
        path.write_text("".join(line + "\n" for a in chunk for line in a), "utf-8")
        files.append(path)
    return files[::-1]


def test_inputs_in_any_order_give_byte_identical_tables(tmp_path):
    first = tmp_path / "first"
    write_dataset(FACTS, first)
    for seed in (1, 2):
        other = tmp_path / f"shuffled{seed}"
        write_dataset(shuffled_copies(tmp_path, seed), other)
        assert table_bytes(other) == table_bytes(first)
        assert (other / "report.html").read_bytes() == (first / "report.html").read_bytes()


def test_adding_inputs_one_by_one_equals_building_from_all(tmp_path):
    whole, step = tmp_path / "whole", tmp_path / "step"
    write_dataset(FACTS, whole, report=False)
    write_dataset(FACTS[:1], step, report=False)
    write_dataset(FACTS[1:2], step, add=True, report=False)
    write_dataset(FACTS[2:], step, add=True, report=False)
    write_dataset(FACTS[:1], step, add=True, report=False)  # the same file again changes nothing
    assert table_bytes(step) == table_bytes(whole)
    assert len(json.loads((step / "inputs" / "manifest.json").read_text("utf-8"))["batches"]) == 3


def test_a_changed_extraction_of_a_doc_id_replaces_the_old_one_when_added(tmp_path):
    out = tmp_path / "ds"
    write_dataset(FACTS, out, report=False)
    changed = tmp_path / "k2_again.jsonl"
    lines = [line for line in FACTS[2].read_text("utf-8").splitlines() if json.loads(line)["doc_id"] == "k2"]
    changed.write_text("\n".join(lines).replace("Chủ tịch UBND xã Tú Lý", "Bí thư Đảng ủy xã Tú Lý") + "\n", "utf-8")
    with pytest.raises(DatasetError, match="k2"):  # given together, nothing could choose between the two
        build_dataset([*FACTS, changed])
    dataset = write_dataset([changed], out, add=True, report=False)
    assert dataset.loaded.replaced == ["k2"]
    (move,) = [m for m in dataset.rows("moves") if m["name"] == "Phạm Thị Lan"]
    assert move["conflicts"] == [] and docs_of(move) == ["k1", "k2"]


def test_an_existing_dataset_is_not_overwritten_without_asking(tmp_path):
    out = tmp_path / "ds"
    write_dataset(FACTS[:1], out, report=False)
    with pytest.raises(DatasetError, match="--add"):
        write_dataset(FACTS[1:], out, report=False)
    write_dataset(FACTS[1:], out, overwrite=True, report=False)
    assert {a["doc_id"] for a in map(json.loads, (out / "articles.jsonl").read_text("utf-8").splitlines())} == \
        {"q3", "q4", "l1", "c1", "c2", "c3", "k1", "k2"}
    assert len(list((out / "inputs").glob("*.jsonl"))) == 2  # the first input, no longer used, is gone
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", "utf-8")
    with pytest.raises(DatasetError, match="non-empty"):
        write_dataset(FACTS, other)


def test_the_files_written_parquet_and_duckdb_hold_the_tables(tmp_path):
    out = tmp_path / "ds"
    assert main(["dataset", *map(str, FACTS), "-o", str(out)]) == 0
    for name in TABLE_FILES:
        jsonl_rows = (out / f"{name}.jsonl").read_text("utf-8").splitlines()
        assert len(pd.read_parquet(out / "parquet" / f"{name}.parquet")) == len(jsonl_rows)
    con = duckdb.connect(str(out / "rotation.duckdb"), read_only=True)
    assert con.sql("select count(*) from moves").fetchone()[0] == 5
    assert con.sql("select province, people from counts_by_province_year").fetchall() == [("Quảng Ngãi", 12)]
    top = con.sql("select document, n_articles from top_documents limit 1").fetchone()
    assert top == ("98-QĐ/TW", 3)
    spans = con.sql("select s.span from moves, unnest(sources) as t(s) where name = 'Phạm Thị Lan'").fetchall()
    assert len(spans) == 2
    con.close()
    assert main(["dataset", str(FACTS[0]), "-o", str(out)]) == 2  # exists: --add or --overwrite
    assert main(["dataset", str(FACTS[0]), "-o", str(out), "--add", "--overwrite"]) == 2


def test_review_of_a_dataset_row_highlights_its_sources(tmp_path):
    out = tmp_path / "ds"
    dataset = write_dataset(FACTS, out, report=False)
    (move,) = [m for m in dataset.rows("moves") if m["name"] == "Trần Quốc Bảo"]
    page = tmp_path / "move.html"
    assert main(["review", "--dataset", str(out), "--move", move["move_id"],
                 "--articles", str(FIXTURES / "articles.jsonl"), "-o", str(page)]) == 0
    html = page.read_text("utf-8")
    assert html.count('data-doc="s') >= 3 and "Trần Quốc Bảo" in html
    assert main(["review", "--dataset", str(out), "--move", "Mnothere", "--articles",
                 str(FIXTURES / "articles.jsonl"), "-o", str(page)]) == 2


def test_the_fixture_files_are_what_make_py_writes(tmp_path):
    """make.py writes into tests/fixtures/dataset; run it on a copy and compare."""
    import runpy

    copy = tmp_path / "tests" / "fixtures" / "dataset"
    copy.mkdir(parents=True)
    shutil.copy(FIXTURES / "make.py", copy / "make.py")
    import os

    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        runpy.run_path(str(copy / "make.py"), run_name="__main__")
    finally:
        os.chdir(here)
    for path in [*sorted(FIXTURES.glob("facts_*.jsonl")), FIXTURES / "articles.jsonl"]:
        assert (copy / path.name).read_bytes() == path.read_bytes(), path.name


def test_merge_scores_against_a_gold_of_person_and_move_keys(ds):
    """The gold says q4's Nguyễn Văn Hùng is q1's: a pair the dataset (rightly, on its evidence) did not make."""
    from pipeline.dataset.merge_eval import score_links

    scores = score_links(ds, FIXTURES / "gold_links.jsonl")
    people, moves = scores["people"], scores["moves"]
    assert (people["gold_mentions"], people["found"]) == (13, 12)  # the optional official was never extracted
    # gold pairs: Bảo 3, Hùng of Quảng Ngãi 3, Khoa 3, Lan 1 = 10; predicted: all but q4's two = 8
    assert (people["gold_pairs"], people["predicted_pairs"], people["true_pairs"]) == (10, 8, 8)
    assert people["precision"] == 1.0 and people["recall"] == 0.8 and people["wrong_merges"] == []
    assert (moves["gold_pairs"], moves["predicted_pairs"], moves["true_pairs"]) == (4, 4, 4)
    assert moves["precision"] == moves["recall"] == 1.0


def test_a_facts_file_that_is_not_extract_output_is_refused_with_where(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "article", "doc_id": "x1"}\n{"type": "official", "doc_id": "x1", "span": [0, 3]}\n', "utf-8")
    out = tmp_path / "ds"
    assert main(["dataset", str(bad), "-o", str(out)]) == 2
    assert not out.exists()  # nothing half-built left behind
    with pytest.raises(DatasetError, match="bad.jsonl: article x1"):
        build_dataset([bad])
    bad.write_text("not json\n", "utf-8")
    with pytest.raises(DatasetError, match="bad.jsonl:1"):
        build_dataset([bad])


def test_the_bundled_corpus_builds_every_table(tmp_path):
    """The step after extract, as the README shows it: extract the corpus, build the dataset
    with the texts; every row was validated against its model on the way out."""
    from pipeline.execution.job import run

    facts = tmp_path / "facts.jsonl"
    run([str(ROOT / "corpus" / "articles")], str(facts), progress=None, show_progress=False)
    out = tmp_path / "ds"
    assert main(["dataset", str(facts), "-o", str(out), "--articles", str(ROOT / "corpus" / "articles")]) == 0
    sizes = {name: len((out / f"{name}.jsonl").read_text("utf-8").splitlines()) for name in TABLE_FILES}
    assert sizes["articles"] == 5 and sizes["moves"] >= 1 and sizes["people"] >= 5
    assert sizes["documents"] >= 5 and sizes["counts"] >= 5
    articles = [json.loads(line) for line in (out / "articles.jsonl").read_text("utf-8").splitlines()]
    assert all(a["unit"]["evidence"] in ([], ["text"]) for a in articles)  # read from the texts
    assert (out / "report.html").stat().st_size > 10_000


def test_the_dataset_checks_the_modules_its_extra_installs(monkeypatch):
    """`missing_dependencies` asks the import system for `DATASET_MODULES`, which must be what
    pyproject.toml's `dataset` extra installs: the command's check then names what a user lacks
    (nothing with the test extra installed, every one with nothing importable)."""
    import tomllib

    from pipeline import dataset

    extra = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["optional-dependencies"]["dataset"]
    names = [re.match(r"[A-Za-z0-9_.]+", requirement).group() for requirement in extra]
    assert list(dataset.DATASET_MODULES) == names
    assert dataset.missing_dependencies() == []  # the test extra holds the dataset's
    monkeypatch.setattr(dataset.importlib.util, "find_spec", lambda name: None)
    assert dataset.missing_dependencies() == names
