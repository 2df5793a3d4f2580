"""The archives researchers hold: a WARC crawl, .jsonl.gz, .jsonl.zst, CSV and Parquet exports with
their own column names, globs and file:// URLs. Each gives exactly the facts (same spans) of the
same articles read as .txt files; every WARC record is accounted for; a damaged file keeps what
came before the damage; reading streams (memory measured on a big file against a small one)."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import textwrap
import unicodedata

import pytest

import archive_forms as forms
from pipeline.cli import main
from pipeline.inputs.read import Fields, ReadOptions, read_articles
from pipeline.runner import process_article
from schemas import ErrorCode
from test_decode import to_cp1258

OPTIONS = ReadOptions(fields=Fields.named(**forms.FIELD_OPTIONS))


@pytest.fixture(scope="module")
def texts():
    return forms.corpus_texts()


@pytest.fixture(scope="module")
def made(tmp_path_factory, texts):
    """Every form of the corpus, once for the module."""
    root = tmp_path_factory.mktemp("forms")
    paths = {
        "txt": forms.write_txt(root / "txt", texts),
        "jsonl.gz": forms.write_jsonl_gz(root / "news.jsonl.gz", texts),
        "jsonl.zst": forms.write_jsonl_zst(root / "news.jsonl.zst", texts),
        "csv": forms.write_csv(root / "news.csv", texts),
        "csv.gz": forms.write_csv(root / "news.csv.gz", texts),
        "parquet": forms.write_parquet(root / "news.parquet", texts),
        "warc.gz": root / "crawl.warc.gz",
        "warc": root / "crawl.warc",
    }
    ids = forms.write_warc(paths["warc.gz"], texts)
    forms.write_warc(paths["warc"], texts, gzip_records=False)
    return paths, ids


def _articles_and_facts(paths, options=OPTIONS):
    """Per article read (records that are not articles left out): (article record, its facts without doc_id)."""
    out = []
    for raw in read_articles([str(p) for p in paths], options=options):
        article, *facts = process_article(raw)
        if raw.error and raw.error[0].value in {"not_article", "http_status", "revisit", "duplicate", "warc_summary"}:
            continue
        out.append((article, [f.model_dump(mode="json", exclude={"doc_id"}) for f in facts]))
    return out


@pytest.fixture(scope="module")
def from_txt(made):
    paths, _ = made
    return _articles_and_facts([paths["txt"]], ReadOptions())


@pytest.mark.parametrize("form", ["warc.gz", "warc", "jsonl.gz", "jsonl.zst", "csv", "csv.gz", "parquet"])
def test_each_form_gives_the_facts_of_the_txt_files(made, from_txt, form):
    paths, _ = made
    got = _articles_and_facts([paths[form]])
    assert len(got) == len(from_txt) == 5
    assert sum(len(facts) for _, facts in from_txt) > 20
    for (article, facts), (txt_article, txt_facts) in zip(got, from_txt):
        assert article.error is None and article.n_chars == txt_article.n_chars
        assert facts == txt_facts  # every field, spans included


def test_table_fields_are_read_from_the_named_columns(made, texts):
    paths, _ = made
    for form in ("jsonl.gz", "csv", "parquet"):
        arts = list(read_articles([str(paths[form])], options=OPTIONS))
        assert [(a.doc_id, a.line) for a in arts] == [(d, i) for i, (d, _) in enumerate(texts, 1)], form
        assert arts[1].url == f"{forms.HOST}/bai/{texts[1][0]}" and arts[1].published == "2023-07-11"
        assert arts[1].title == "Bài 1"


def test_a_table_without_the_text_column_names_its_columns(made):
    paths, _ = made
    arts = list(read_articles([str(paths["csv"])]))
    assert {a.error[0] for a in arts} == {ErrorCode.missing_text} and len(arts) == 5
    assert "its columns: article_id, headline, body, link, day" in arts[0].error[1]
    assert "--text-field" in arts[0].error[1]


def test_every_warc_record_is_accounted_for(made, texts):
    paths, ids = made
    arts = list(read_articles([str(paths["warc.gz"])]))
    codes = [a.error[0].value if a.error else None for a in arts]
    assert codes == [None] * 5 + ["not_article", "http_status", "duplicate", "revisit", "warc_summary"]
    first = arts[0]
    assert first.doc_id == ids["pages"][0].strip("<>").removeprefix("urn:uuid:")
    assert first.url == f"{forms.HOST}/bai/{texts[0][0]}"
    assert first.notes[0].startswith(f"WARC record {ids['pages'][0]} at byte offset ")
    assert "image/png" in arts[5].error[1]
    assert "301 Moved Permanently" in arts[6].error[1] and f"{forms.HOST}/" in arts[6].error[1]
    assert first.doc_id in arts[7].error[1]  # the duplicate names the first capture
    summary = arts[-1].error[1]
    assert summary.startswith("15 WARC records (8 response, 5 request, 1 revisit, 1 warcinfo)")
    assert "5 article, 1 duplicate, 1 http_status, 1 not_article, 1 revisit" in summary


def _warc(records) -> bytes:
    """An uncompressed WARC of (uri, http status line, headers, payload) responses and one metadata record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for uri, status, headers, payload in records:
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http,
                                                      warc_headers_dict={"WARC-Date": "2024-03-05T10:00:00Z"}))
    writer.write_record(writer.create_warc_record(records[0][0], "metadata", payload=io.BytesIO(b"outlink: x"),
                                                  warc_content_type="application/warc-fields"))
    return buf.getvalue()


def _chunked(data: bytes, size: int = 100) -> bytes:
    parts = [b"%x\r\n%s\r\n" % (len(data[i:i + size]), data[i:i + size]) for i in range(0, len(data), size)]
    return b"".join(parts) + b"0\r\n\r\n"


def test_transfer_encodings_charsets_and_the_capture_date(tmp_path):
    text = "Huyện ủy đã điều động, luân chuyển 15 đồng chí về công tác tại các xã."
    html_page = forms.page(text).replace('<meta charset="utf-8">', "")
    path = tmp_path / "odd.warc"
    path.write_bytes(_warc([
        ("https://a.vn/1", "200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked"),
                                      ("Content-Encoding", "gzip")], _chunked(gzip.compress(html_page.encode()))),
        ("https://a.vn/2", "200 OK", [("Content-Type", "text/html; charset=windows-1258")], to_cp1258(html_page)),
        ("https://a.vn/3", "200 OK", [("Content-Type", "text/plain")], text.encode()),
        ("https://a.vn/4", "200 OK", [("Content-Type", "text/html")],  # the charset only in the page's <meta>
         to_cp1258(html_page.replace("<head>", '<head><meta http-equiv="Content-Type" '
                                               'content="text/html; charset=windows-1258">'))),
    ]))
    arts = list(read_articles([str(path)]))
    assert [a.error for a in arts[:4]] == [None, None, None, None]
    assert all(text in unicodedata.normalize("NFC", arts[i].text) for i in (0, 1, 3)) and arts[2].text == text
    assert "decoded as cp1258 (the charset the page declares)" in arts[1].notes
    assert "decoded as cp1258 (the charset the page declares)" in arts[3].notes
    assert arts[0].published == "2024-03-05"
    assert "published: the capture date (WARC-Date); the page gives no date" in arts[0].notes
    assert "1 metadata" in arts[-1].error[1] and arts[-1].error[0] == ErrorCode.warc_summary


def test_a_cut_warc_keeps_every_record_before_the_damage(made, tmp_path, from_txt):
    paths, _ = made
    for form in ("warc.gz", "warc"):
        whole = paths[form].read_bytes()
        arts = list(read_articles([str(paths[form])]))
        fourth = int(arts[3].notes[0].rsplit(" ", 1)[1])  # where the 4th page's record starts
        cut = tmp_path / f"cut.{form}"
        cut.write_bytes(whole[: fourth + 300])
        got = list(read_articles([str(cut)]))
        assert [a.doc_id for a in got[:3]] == [a.doc_id for a in arts[:3]] and all(a.error is None for a in got[:3])
        damaged, summary = got[3:]
        assert damaged.error[0] == ErrorCode.archive_damaged and summary.error[0] == ErrorCode.warc_summary
        assert f"offset {fourth} " in damaged.error[1] and "cut short" in damaged.error[1]
    facts = [[f.model_dump(mode="json", exclude={"doc_id"}) for f in process_article(a)[1:]] for a in got[:3]]
    assert facts == [f for _, f in from_txt[:3]]


def test_a_corrupt_warc_record_is_reported_where_it_is(made, tmp_path):
    paths, _ = made
    data = bytearray(paths["warc"].read_bytes())
    arts = list(read_articles([str(paths["warc"])]))
    second = int(arts[1].notes[0].rsplit(" ", 1)[1])
    data[second:second + 8] = b"GARBAGE!"
    bad = tmp_path / "bad.warc"
    bad.write_bytes(bytes(data))
    got = list(read_articles([str(bad)]))
    assert got[0].error is None and got[1].error[0] == ErrorCode.archive_damaged
    assert f"offset {second} " in got[1].error[1]


def test_a_whole_file_gzip_warc_is_read_too(made, tmp_path):
    """`gzip crawl.warc` (one gzip stream, not one per record) is common; it is read, not damaged."""
    paths, _ = made
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(paths["warc"].read_bytes()))
    codes = [a.error[0].value if a.error else None for a in read_articles([str(whole)])]
    assert codes == [None] * 5 + ["not_article", "http_status", "duplicate", "revisit", "warc_summary"]


@pytest.mark.parametrize("form", ["jsonl.gz", "jsonl.zst"])
def test_a_cut_compressed_file_keeps_the_lines_before(texts, tmp_path, form):
    many = texts * 8  # 40 lines, 360 KB: more than one zstandard block (a block is decoded whole)
    path = (forms.write_jsonl_gz if form == "jsonl.gz" else forms.write_jsonl_zst)(tmp_path / f"news.{form}", many)
    data = path.read_bytes()
    cut = tmp_path / f"cut.{form}"
    cut.write_bytes(data[:-100])  # the last block (the repeats compress to little) cut short
    got = list(read_articles([str(cut)], options=OPTIONS))
    assert got[-1].error[0] == ErrorCode.archive_damaged and "the rows before it were read" in got[-1].error[1]
    assert all(a.error is None for a in got[:-1]) and 5 <= len(got) - 1 < 40
    assert [a.line for a in got[:-1]] == list(range(1, len(got)))


def test_globs_and_file_urls(made, tmp_path):
    paths, _ = made
    root = paths["txt"].parent
    names = [a.source for a in read_articles([str(root / "news.*")], options=OPTIONS)]
    order = list(dict.fromkeys(names))
    assert [n.rsplit("/", 1)[1] for n in order] == ["news.csv", "news.csv.gz", "news.jsonl.gz", "news.jsonl.zst",
                                                     "news.parquet"]
    assert len(names) == 25
    via_url = [a.doc_id for a in read_articles([f"file://{paths['txt']}"])]
    assert via_url == [a.doc_id for a in read_articles([str(paths["txt"])])] and len(via_url) == 5


def test_cli_field_options(made, tmp_path, capsys):
    paths, _ = made
    out = tmp_path / "facts.jsonl"
    args = ["extract", str(paths["csv"]), "-o", str(out)]
    for name, value in forms.FIELD_OPTIONS.items():
        args += [f"--{name}-field", value]
    assert main(args) == 0
    first = json.loads(out.read_text("utf-8").splitlines()[0])
    assert first["doc_id"] == "000_1da3c149c9a899de" and first["line"] == 1 and first["published"] == "2023-07-10"


def test_cli_warc_summary_counts_records_that_are_not_articles_apart(made, capsys):
    paths, _ = made
    assert main(["extract", str(paths["warc.gz"]), "-o", "-"]) == 0  # images and revisits are no failure
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("articles read 5, written 5, failed 0; not articles 5 [duplicate: 1] [http_status: 1] "
                           "[not_article: 1] [revisit: 1] [warc_summary: 1]")


# --- streaming: memory of reading a big file against a small one ------------------------------

_MEASURE = textwrap.dedent("""
    import sys
    from pipeline.inputs.read import Fields, ReadOptions, read_articles
    options = ReadOptions(fields=Fields.named(text="body"))
    n = chars = 0
    for article in read_articles([sys.argv[1]], options=options):
        n += 1
        chars += len(article.text or "")
    # VmHWM: this process's peak RSS (ru_maxrss would carry the forking test process's over exec)
    peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:")).split()[1]
    print(n, chars, peak)
""")

_BODY = ("Theo Quy định số 98-QĐ/TW, huyện đã luân chuyển 5 cán bộ về xã trong năm qua. " * 40)[:3000]


def _big_input(path, form: str, n: int):
    """`n` articles of 3,000 characters (about 4 KB of UTF-8 each) in `form`."""
    if form == "jsonl.gz":
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as fh:
            for i in range(n):
                fh.write(json.dumps({"id": i, "body": f"{i} {_BODY}"}, ensure_ascii=False) + "\n")
    elif form == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        with pq.ParquetWriter(path, pa.schema([("id", pa.int64()), ("body", pa.string())])) as writer:
            for start in range(0, n, 1000):
                ids = list(range(start, min(n, start + 1000)))
                writer.write_table(pa.table({"id": ids, "body": [f"{i} {_BODY}" for i in ids]}))
    else:  # warc.gz of plain-text pages
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        with open(path, "wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            for i in range(n):
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/plain; charset=utf-8")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    f"https://a.vn/{i}", "response", payload=io.BytesIO(f"{i} {_BODY}".encode()), http_headers=http))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the peak RSS from /proc")
@pytest.mark.parametrize("form", ["jsonl.gz", "parquet", "warc.gz"])
def test_reading_streams_memory_does_not_grow_with_the_file(tmp_path, form):
    """Peak memory (RSS of a fresh process) reading 8,000 articles (~30 MB of UTF-8 text) against 120:
    a reader that held the file would need 30 MB more."""
    peaks = {}
    for n in (120, 8_000):
        path = tmp_path / f"in{n}.{form}"
        _big_input(path, form, n)
        done = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, check=True)
        count, chars, peak_kb = map(int, done.stdout.split())
        assert count == n + (1 if form == "warc.gz" else 0)  # the WARC's summary record
        peaks[n] = peak_kb / 1024
    ratio = peaks[8_000] / peaks[120]
    print(f"{form}: peak RSS {peaks[120]:.1f} MB for 120 articles, {peaks[8_000]:.1f} MB for 8,000 "
          f"(ratio {ratio:.2f}; text read {chars / 1e6:.0f} M characters)")
    assert peaks[8_000] - peaks[120] < 15 and ratio < 1.2
