"""Dask runs where the workers read the inputs from S3 and write the records themselves.

A local S3-compatible server (moto, on loopback) holds the crawl; a LocalCluster of 2 worker
processes reads it. The merged output is byte-identical to a local run; parts and a manifest are
written by the workers to S3 and to a local folder; a worker that dies on an input costs only the
article that killed it; the client's memory stays flat while 10,000 articles pass."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap

import pytest

distributed = pytest.importorskip("distributed")

import archive_forms as forms  # noqa: E402
from pipeline.cli import main  # noqa: E402
from pipeline.execution.distributed import run_on_cluster  # noqa: E402
from pipeline.execution.parallel import CRASHED  # noqa: E402
from pipeline.inputs.read import Fields, ReadOptions  # noqa: E402
from pipeline.execution.job import run  # noqa: E402

FIELD_ARGS = [arg for name, value in forms.FIELD_OPTIONS.items() for arg in (f"--{name}-field", value)]


@pytest.fixture(scope="module")
def crawl(s3, tmp_path_factory):
    """The corpus as a crawl and scraper exports, uploaded to s3://crawl/forms/."""
    root = tmp_path_factory.mktemp("crawl")
    texts = forms.corpus_texts()
    forms.write_warc(root / "a-crawl.warc.gz", texts)
    forms.write_jsonl_gz(root / "b-news.jsonl.gz", texts)
    forms.write_csv(root / "c-news.csv", texts)
    forms.write_parquet(root / "d-news.parquet", texts, row_group_size=2)
    s3.put(str(root) + "/", "crawl/forms/", recursive=True)
    return "s3://crawl/forms/"


@pytest.fixture(scope="module")
def cluster(s3_endpoint):
    """Two worker processes on 127.0.0.1 (started after the S3 credentials are in the environment)."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=":0", silence_logs=40) as c:
        yield c


def _options(s3_endpoint) -> ReadOptions:
    return ReadOptions(fields=Fields.named(**forms.FIELD_OPTIONS), storage_options=(("endpoint_url", s3_endpoint),))


@pytest.fixture(scope="module")
def local_run(crawl, s3_endpoint, tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "facts.jsonl"
    run([crawl], str(out), options=_options(s3_endpoint), progress=None)
    return out.read_bytes()


def test_workers_read_s3_and_the_merged_output_equals_a_local_run(crawl, cluster, s3_endpoint, local_run, tmp_path,
                                                                   capsys):
    out = tmp_path / "dask.jsonl"
    code = main(["extract", crawl, "-o", str(out), "--engine", "dask", "--scheduler", cluster.scheduler_address,
                 "--storage-option", f"endpoint_url={s3_endpoint}", *FIELD_ARGS])
    assert code == 0  # the WARC's image, redirect, duplicate and revisit are no failures
    summary = capsys.readouterr().err.strip().splitlines()[-1]
    assert summary.startswith("articles read 20, written 20, failed 0; not articles 5")
    assert out.read_bytes() == local_run
    assert local_run.count(b'"type": "article"') == 25 and b'"s3://crawl/forms/a-crawl.warc.gz"' in local_run


def test_a_big_parquet_file_is_read_by_row_groups_on_several_workers(crawl, cluster, s3_endpoint, local_run,
                                                                     tmp_path):
    out = tmp_path / "split.jsonl"
    run_on_cluster([crawl], str(out), _options(s3_endpoint), scheduler=cluster.scheduler_address, split_rows=2)
    assert out.read_bytes() == local_run


def test_parts_and_manifest_written_by_the_workers_to_s3_and_to_a_folder(crawl, cluster, s3, s3_endpoint, local_run,
                                                                         tmp_path, capsys):
    common = ["--engine", "dask", "--scheduler", cluster.scheduler_address,
              "--storage-option", f"endpoint_url={s3_endpoint}", *FIELD_ARGS]
    folder = tmp_path / "run"
    for out in ("s3://crawl/runs/one/", f"{folder}/"):
        assert main(["extract", crawl, "-o", out, *common]) == 0
        if out.startswith("s3://"):
            names = sorted(p.rsplit("/", 1)[1] for p in s3.ls("crawl/runs/one/"))
            read = lambda name: s3.cat(f"crawl/runs/one/{name}")  # noqa: E731
        else:
            names = sorted(p.name for p in folder.iterdir())
            read = lambda name: (folder / name).read_bytes()  # noqa: E731
        assert names == ["manifest.json"] + [f"part-{i:05d}.jsonl" for i in range(4)]
        parts = [read(n) for n in names[1:]]
        assert b"".join(parts) == local_run  # cat DIR/part-*.jsonl
        manifest = json.loads(read("manifest.json"))
        assert manifest["inputs"] == [crawl] and manifest["version"]
        assert [p["input"].rsplit("/", 1)[1] for p in manifest["parts"]] == [
            "a-crawl.warc.gz", "b-news.jsonl.gz", "c-news.csv", "d-news.parquet"]
        assert [p["sha256"] for p in manifest["parts"]] == [hashlib.sha256(p).hexdigest() for p in parts]
        assert [p["records"] for p in manifest["parts"]] == [p.count(b"\n") for p in parts]
        assert manifest["totals"]["articles"] == 20 and manifest["totals"]["not_articles"]["warc_summary"] == 1
    capsys.readouterr()
    assert main(["extract", crawl, "-o", f"{folder}/", *common]) == 2  # parts of a run there already
    assert "already holds the parts of a run" in capsys.readouterr().err


def test_a_worker_that_dies_on_an_input_costs_only_the_article_that_killed_it(cluster, s3, s3_endpoint, tmp_path):
    """A worker plugin (re-installed in every restarted worker) makes the article 'boom' kill its
    process, as a segfault or the OOM killer would; the run goes on and accounts for it."""
    texts = [(f"bai-{i}", "Huyện ủy đã điều động, luân chuyển 15 đồng chí về công tác tại các xã.") for i in range(4)]
    texts[2] = ("boom", texts[2][1])
    local = tmp_path / "boom.jsonl.gz"
    forms.write_jsonl_gz(local, texts)
    s3.put(str(local), "crawl/boom/boom.jsonl.gz")

    class DieOnBoom(distributed.WorkerPlugin):
        name = "die-on-boom"

        def setup(self, worker):
            import os

            from pipeline.execution import distributed as on_cluster
            from pipeline.execution import parallel

            real = parallel.written_article

            def dying(raw, segment_all=False, timeout=None, **limits):
                if raw.doc_id == "boom":
                    os._exit(3)
                return real(raw, segment_all, timeout, **limits)

            on_cluster.written_article = parallel.written_article = dying

    out = tmp_path / "out.jsonl"
    with distributed.Client(cluster.scheduler_address) as client:
        client.register_plugin(DieOnBoom())
        cluster.scheduler.allowed_failures = 0  # give up on a task after one death (the scheduler runs here)
        try:
            summary = run_on_cluster(["s3://crawl/boom/"], str(out), _options(s3_endpoint),
                                     scheduler=cluster.scheduler_address)
        finally:
            client.unregister_worker_plugin("die-on-boom")  # workers restarted from now on are plain
            cluster.scheduler.allowed_failures = 3
    articles = [json.loads(line) for line in out.read_text("utf-8").splitlines() if '"type": "article"' in line]
    assert [a["doc_id"] for a in articles] == ["bai-0", "bai-1", "boom", "bai-3"]
    assert [a["error"]["code"] if a["error"] else None for a in articles] == [None, None, "crashed", None]
    assert articles[2]["error"]["message"] == CRASHED  # the same message as a local worker's death
    assert summary.failed == 1 and all(a["n_facts"] == 1 for a in articles if not a["error"])


_CLIENT = textwrap.dedent("""
    import sys
    from pipeline.cli import main
    code = main(sys.argv[1:])
    peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:")).split()[1]
    print("PEAK", code, peak)
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the peak RSS from /proc")
def test_the_clients_memory_stays_flat_while_10000_articles_pass(cluster, s3, s3_endpoint, tmp_path):
    """The client (its own process) lists 10 files on S3 and merges the workers' parts: its peak RSS
    for 10,000 articles is that for 1,000, though ten times the records pass through it."""
    filler = "Thời tiết hôm nay nắng nhẹ, người dân trong vùng tiếp tục chăm sóc cây trồng vụ đông. " * 4
    peaks = {}
    for total in (1_000, 10_000):
        prefix = f"crawl/flat-{total}/"
        for file in range(10):
            lines = [json.dumps({"id": f"{file}-{i}", "text": f"Năm 2023, Huyện ủy đã điều động, luân chuyển "
                                 f"{i % 40 + 2} cán bộ về công tác tại các xã. {filler}"}, ensure_ascii=False)
                     for i in range(total // 10)]
            s3.pipe(f"{prefix}{file:02d}.jsonl", ("\n".join(lines) + "\n").encode())
        out = tmp_path / f"flat-{total}.jsonl"
        done = subprocess.run([sys.executable, "-c", _CLIENT, "extract", f"s3://{prefix}", "-o", str(out),
                               "--engine", "dask", "--scheduler", cluster.scheduler_address,
                               "--storage-option", f"endpoint_url={s3_endpoint}"],
                              capture_output=True, text=True, check=True)
        _, code, peak_kb = done.stdout.split()[-3:]
        assert code == "0" and out.read_bytes().count(b'"type": "article"') == total
        peaks[total] = (int(peak_kb) / 1024, out.stat().st_size / 1e6)
    (small, small_out), (big, big_out) = peaks[1_000], peaks[10_000]
    print(f"client peak RSS: {small:.1f} MB for 1,000 articles ({small_out:.1f} MB of records), "
          f"{big:.1f} MB for 10,000 ({big_out:.1f} MB); growth {big - small:+.1f} MB")
    assert big - small < 0.5 * (big_out - small_out) and big / small < 1.1


def test_standard_input_is_still_read_by_the_client(cluster):
    """Only this process can read its standard input: its articles travel to the workers as before."""
    lines = [json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) for doc_id, text in forms.corpus_texts()[:2]]
    data = ("\n".join(lines) + "\n").encode()
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", "-"]
    local = subprocess.run(cmd, input=data, capture_output=True, check=True, timeout=120)
    on_dask = subprocess.run([*cmd, "--engine", "dask", "--scheduler", cluster.scheduler_address], input=data,
                             capture_output=True, check=True, timeout=120)
    assert on_dask.stdout == local.stdout and local.stdout.count(b'"type": "article"') == 2


def test_a_worker_that_cannot_see_the_parts_folder_sends_its_records_back(crawl, s3_endpoint, local_run):
    """What a worker does for a remote cluster and a local output file: the same records, as text."""
    from pipeline.execution.distributed import extract_piece
    from pipeline.inputs.read import list_pieces

    options = _options(s3_endpoint)
    results = [extract_piece(i, piece, options, None) for i, piece in enumerate(list_pieces([crawl], options))]
    assert all(r.part is None for r in results)
    assert "".join(r.text for r in results).encode() == local_run
    assert [r.sha256 for r in results] == [hashlib.sha256(r.text.encode()).hexdigest() for r in results]


def test_usage_errors_for_buckets_and_part_folders(crawl, s3_endpoint, tmp_path, capsys):
    endpoint = ["--storage-option", f"endpoint_url={s3_endpoint}"]
    assert main(["extract", "s3://crawl/no-such-prefix/", *endpoint]) == 2
    assert "no such file or directory: s3://crawl/no-such-prefix/" in capsys.readouterr().err
    assert main(["extract", "s3://crawl/forms/*.pdf", *endpoint]) == 2
    assert "nothing matches s3://crawl/forms/*.pdf" in capsys.readouterr().err
    assert main(["extract", crawl, "--storage-option", "endpoint_url"]) == 2
    assert "give KEY=VALUE" in capsys.readouterr().err
    assert main(["extract", crawl, *endpoint, "-o", f"{tmp_path}/"]) == 2  # a folder of parts needs Dask workers
    assert "--engine dask" in capsys.readouterr().err
