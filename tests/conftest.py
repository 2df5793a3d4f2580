"""Shared test helpers: run the pipeline on one sentence, load case tables."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CASES = Path(__file__).resolve().parent / "cases"


def facts_of(text: str, fact_type: str | None = None) -> list[dict]:
    """The fact records extracted from `text`, as JSON-ready dicts."""
    from pipeline import extract_text

    records = extract_text(text)
    out = [r.model_dump(mode="json") for r in records[1:]]
    return [r for r in out if fact_type is None or r["type"] == fact_type]


def load_cases(name: str) -> list:
    """A case table from `tests/cases/NAME.jsonl` as pytest params, id = the case's `id`.

    Each line: {"id": ..., "text": ..., "expect": [{field: value, ...}, ...]}. An
    empty `expect` is a negative case: nothing of that type may be found.
    """
    params = []
    for number, line in enumerate((CASES / f"{name}.jsonl").read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        case = json.loads(line)
        params.append(pytest.param(case, id=case.get("id") or f"{name}-{number}"))
    return params


def assert_facts_match(found: list[dict], expected: list[dict], key_fields: tuple[str, ...]) -> None:
    """Every expected fact is found (its listed fields equal), and nothing else is.

    Facts are paired in order; `key_fields` are shown in failure messages.
    """
    summary = [{k: f.get(k) for k in key_fields} for f in found]
    assert len(found) == len(expected), f"expected {len(expected)} facts, found {len(found)}: {summary}"
    for got, want in zip(found, expected):
        diffs = {k: (got.get(k), v) for k, v in want.items() if got.get(k) != v}
        assert not diffs, f"field mismatches (got, want): {diffs}; found: {summary}"


def case_articles() -> list:
    """Every text of every case table, as articles (doc ids name the table and line)."""
    from pipeline.inputs.read import RawArticle

    raws = []
    for table in sorted(CASES.glob("*.jsonl")):
        for number, line in enumerate(table.read_text("utf-8").splitlines(), 1):
            if line.strip() and not line.lstrip().startswith("//"):
                text = json.loads(line).get("text")
                if text:
                    raws.append(RawArticle(doc_id=f"{table.stem}-{number}", source=table.name, text=text))
    return raws


def best_seconds(run, tries: int = 3, clock=time.perf_counter) -> float:
    """The shortest of `tries` timings of `run()`: a busy machine only ever adds time, so the
    best run is the one closest to the code's own cost (for linear-time checks)."""
    best = float("inf")
    for _ in range(tries):
        started = clock()
        run()
        best = min(best, clock() - started)
    return best


@pytest.fixture(scope="session")
def word_model():
    """The word segmenter's model with its Python featurizer and numeric tagger (the tests of
    both compare them with underthesea_core's own)."""
    from pipeline.stages import segment

    model = segment._word_model()
    if not isinstance(model, segment._WordModel) or model.features is None or model.numeric is None:
        pytest.skip("underthesea's model files are not where this underthesea keeps them")
    return model


@pytest.fixture(scope="session")
def s3_endpoint():
    """A local S3-compatible server (moto's server mode) on 127.0.0.1 and a free port, with test
    credentials in the environment (Dask workers started after this inherit them). The default
    endpoint is pointed at a closed loopback port, so a call that forgets `endpoint_url` fails here
    instead of going anywhere else."""
    import logging
    import os
    import socket

    moto_server = pytest.importorskip("moto.server")
    pytest.importorskip("s3fs")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request on stderr
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_ENDPOINT_URL": "http://127.0.0.1:9"}
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="session")
def s3(s3_endpoint):
    """An s3fs filesystem on the local server, with a bucket `crawl` (listings never cached)."""
    import s3fs

    fs = s3fs.S3FileSystem(endpoint_url=s3_endpoint, use_listings_cache=False)
    fs.mkdir("crawl")
    return fs
