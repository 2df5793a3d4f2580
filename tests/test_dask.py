"""The Dask engine: a LocalCluster on loopback gives the same records, in the same order."""

from __future__ import annotations

import json

import pytest

distributed = pytest.importorskip("distributed")

from conftest import CORPUS  # noqa: E402
from pipeline.cli import main  # noqa: E402
from pipeline.execution.parallel import process_stream  # noqa: E402
from pipeline.inputs.read import read_articles  # noqa: E402
from pipeline.stages.write import record_line  # noqa: E402

ARTICLES = str(CORPUS / "articles")


def _jsonl(records_stream) -> str:
    return "".join(record_line(r) for records in records_stream for r in records)


@pytest.fixture(scope="module")
def cluster():
    """One in-process worker (threads, no extra processes) on 127.0.0.1: quick to start."""
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", host="127.0.0.1",
                                  dashboard_address=":0", silence_logs=40) as c:
        yield c


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """The corpus plus failing lines, as JSONL."""
    path = tmp_path_factory.mktemp("dask") / "in.jsonl"
    lines = [json.dumps({"id": raw.doc_id, "text": raw.text}, ensure_ascii=False) for raw in read_articles([ARTICLES])]
    lines[2:2] = ["[1, 2]", json.dumps({"id": "no-text"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_dask_records_equal_local_records(cluster, inputs):
    local = _jsonl(process_stream(read_articles([inputs])))
    on_dask = _jsonl(process_stream(read_articles([inputs]), engine="dask", scheduler=cluster.scheduler_address,
                                    chunk_chars=1, window=3))  # one article per partition, several in flight
    assert local.count('"type": "article"') == 7
    assert on_dask == local


def test_cli_with_scheduler_address(cluster, tmp_path, capsys):
    local, on_dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    assert main(["extract", ARTICLES, "-o", str(local)]) == 0
    assert main(["extract", ARTICLES, "-o", str(on_dask), "--engine", "dask", "--scheduler",
                 cluster.scheduler_address]) == 0
    assert local.read_bytes() == on_dask.read_bytes()
    assert capsys.readouterr().err.splitlines()[-1].startswith("articles read 5, written 5, failed 0")


def test_cli_starts_its_own_local_cluster(tmp_path):
    """No --scheduler: a LocalCluster of worker processes on 127.0.0.1, started and stopped by the run."""
    local, on_dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    assert main(["extract", ARTICLES, "-o", str(local)]) == 0
    assert main(["extract", ARTICLES, "-o", str(on_dask), "--engine", "dask", "--jobs", "1"]) == 0
    assert local.read_bytes() == on_dask.read_bytes()
