"""`rotation-facts export`: flat tables from the models, loaded back by pandas and DuckDB."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.results.export import LIST_SEPARATOR, build_tables, empty_tables, export
from pipeline.results.facts_file import FactsFileError
from schemas.records import FACT_MODELS, ArticleRecord, BioEvidence

pd = pytest.importorskip("pandas")
duckdb = pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

RECORDS = Path(__file__).resolve().parent / "fixtures" / "records"
RUN = RECORDS / "run_new.jsonl"
ROWS = {"articles": 5, "citations": 3, "counts": 3, "officials": 3, "rejected": 0}


def _records() -> list[dict]:
    return [json.loads(line) for line in RUN.read_text("utf-8").splitlines()]


def test_columns_come_from_the_models():
    tables = empty_tables()
    for fact_type, name in (("citation", "citations"), ("count", "counts"), ("official", "officials")):
        columns = [c.name for c in tables[name].columns]
        spans = ("span", "sentence_span")  # each as two columns, _start and _end
        fields = [f for f in FACT_MODELS[fact_type].model_fields if f not in ("type", *spans, "evidence")]
        assert columns[:4] == ["doc_id", "fact_index", "span_start", "span_end"]
        assert {"sentence_span_start", "sentence_span_end"} <= set(columns)
        # an official's biography evidence, a record of spans, becomes a start and end column per field
        nested = [c for c in columns if c.startswith("evidence_")]
        assert nested == ([f"evidence_{n}_{e}" for n in BioEvidence.model_fields for e in ("start", "end")]
                          if fact_type == "official" else [])
        assert [c for c in columns if c in fields] == fields
        assert len(columns) == len(fields) + 1 + 2 * len(spans) + len(nested)
    articles = [c.name for c in tables["articles"].columns]
    assert {"error_code", "error_message", "n_rejected"} <= set(articles)
    assert "error" not in articles and "rejected" not in articles
    assert len(articles) == len(ArticleRecord.model_fields) - 1 + 1  # -type, error -> 2 columns


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_every_table_loads_back_with_its_rows(tmp_path, fmt):
    written = export(RUN, tmp_path, fmt)
    assert {name: rows for name, (_, rows) in written.items()} == ROWS
    read = pd.read_csv if fmt == "csv" else pd.read_parquet
    for name, rows in ROWS.items():
        path = tmp_path / f"{name}.{fmt}"
        assert len(read(path)) == rows
        assert duckdb.sql(f"select count(*) from '{path}'").fetchone()[0] == rows


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_values_survive_the_round_trip(tmp_path, fmt):
    export(RUN, tmp_path, fmt)
    read = pd.read_csv if fmt == "csv" else pd.read_parquet
    counts = read(tmp_path / f"counts.{fmt}")
    expected = [r for r in _records() if r["type"] == "count"]
    assert counts["value"].tolist() == [r["value"] for r in expected]
    assert counts[["span_start", "span_end"]].values.tolist() == [r["span"] for r in expected]
    assert counts["doc_id"].tolist() == ["a1", "d4", "e5"]
    assert counts["fact_index"].tolist() == [0, 0, 0]
    assert counts["direction"].iloc[0] == "down" and pd.isna(counts["direction"].iloc[1])

    officials = read(tmp_path / f"officials.{fmt}")
    an = officials[officials["name"] == "Nguyễn Văn An"].iloc[0]
    assert bool(an["rotated"]) is True and an["to_post"] == "Phó Bí thư Tỉnh ủy"
    posts = an["posts"] if fmt == "csv" else LIST_SEPARATOR.join(an["posts"])
    assert posts == "Bí thư Huyện ủy"
    assert officials["fact_index"].tolist() == [0, 1, 0]  # per article and type

    articles = read(tmp_path / f"articles.{fmt}").set_index("doc_id")
    assert articles.loc["f6", "error_code"] == "empty" and pd.isna(articles.loc["a1", "error_code"])
    assert articles.loc["a1", "n_facts"] == 5


def test_duckdb_joins_the_tables(tmp_path):
    export(RUN, tmp_path, "parquet")
    rows = duckdb.sql(
        f"select a.doc_id, count(o.name) from '{tmp_path}/articles.parquet' a "
        f"left join '{tmp_path}/officials.parquet' o using (doc_id) group by 1 order by 1").fetchall()
    assert rows == [("a1", 2), ("c3", 1), ("d4", 0), ("e5", 0), ("f6", 0)]
    posts = duckdb.sql(f"select unnest(posts) from '{tmp_path}/officials.parquet' where name = 'Lê Thị Bình'").fetchall()
    assert posts == [("Chủ tịch UBND xã",)]


def test_rejected_facts_get_a_table_of_their_own(tmp_path):
    records = _records()
    records[0]["rejected"] = [{"type": "count", "span": [3, 9], "message": "value out of range"}]
    path = tmp_path / "run.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    tables = build_tables(path)
    assert tables["rejected"].rows == [{"doc_id": "a1", "type": "count", "span_start": 3, "span_end": 9,
                                        "message": "value out of range"}]
    assert tables["articles"].rows[0]["n_rejected"] == 1


def test_an_invalid_record_is_refused_with_its_line(tmp_path, capsys):
    records = _records()
    records[2]["value"] = -1
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    with pytest.raises(FactsFileError, match=r"bad.jsonl:3: .*value"):
        build_tables(path)
    assert main(["export", str(path), "-o", str(tmp_path / "out")]) == 2
    assert "bad.jsonl:3" in capsys.readouterr().err


def test_cli_writes_the_tables(tmp_path, capsys):
    assert main(["export", str(RUN), "--format", "parquet", "-o", str(tmp_path / "t")]) == 0
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == sorted(f"{n}.parquet" for n in ROWS)
    assert "counts.parquet: 3 rows" in capsys.readouterr().err
    (tmp_path / "file").write_text("x")
    assert main(["export", str(RUN), "-o", str(tmp_path / "file")]) == 2


def test_usage_doc_shows_what_export_writes(tmp_path):
    from tests.test_diff import _usage_block

    export(RUN, tmp_path, "csv")
    head = "\n".join((tmp_path / "counts.csv").read_text("utf-8").splitlines()[:4])
    assert _usage_block("head -4 out/tables/counts.csv") == head, "update the export example in docs/USAGE.md"
