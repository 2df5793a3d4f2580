"""The corpus articles written in each form researchers hold: a WARC crawl, compressed JSON Lines,
CSV, Parquet (with a scraper's own column names), for the tests of reading and of cluster runs.

The texts are the corpus articles with runs of white space made single and blank lines dropped:
the text an HTML page's paragraphs give back, so a page and a `.txt` file hold the same text.

Also a script, for the worked examples of docs/USAGE.md: `python tests/archive_forms.py DIR`
writes every form into DIR.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import re
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

# The column names of a scraper export, as `--text-field body --id-field article_id ...` name them.
FIELD_OPTIONS = dict(text="body", id="article_id", url="link", date="day", title="headline")
HOST = "https://tin.example.vn"


def corpus_texts() -> list[tuple[str, str]]:
    """(doc_id, text) of each corpus article, in paragraphs as an HTML page gives them back."""
    out = []
    for path in sorted((CORPUS / "articles").glob("*.txt")):
        lines = (re.sub(r"\s+", " ", line).strip() for line in path.read_text("utf-8").split("\n"))
        out.append((path.stem, "\n".join(line for line in lines if line)))
    return out


def page(text: str, title: str = "Tin", head: str = "") -> str:
    """A simple news page: the article's paragraphs inside <article>."""
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.split("\n"))
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>{head}</head>"
            f"<body><nav><a href=\"/\">Trang chủ</a></nav><article>{body}</article></body></html>")


def rows(texts) -> list[dict]:
    return [{"article_id": doc_id, "headline": f"Bài {i}", "body": text, "link": f"{HOST}/bai/{doc_id}",
             "day": f"2023-07-{10 + i:02d}"} for i, (doc_id, text) in enumerate(texts)]


def write_txt(folder: Path, texts) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, text in texts:
        (folder / f"{doc_id}.txt").write_text(text, "utf-8")
    return folder


def write_jsonl_gz(path: Path, texts) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows(texts))
    return path


def write_jsonl_zst(path: Path, texts) -> Path:
    import zstandard

    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows(texts)).encode()
    path.write_bytes(zstandard.ZstdCompressor().compress(data))
    return path


def write_csv(path: Path, texts) -> Path:
    table = rows(texts)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    return path


def write_parquet(path: Path, texts, row_group_size: int = 2) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows(texts)), path, row_group_size=row_group_size)
    return path


def write_warc(path: Path, texts, gzip_records: bool = True) -> dict:
    """A small crawl: for each article a request and a response; then an image, a redirect,
    the first page captured again (a duplicate) and a revisit of it. Returns the record ids."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    ids: dict = {"pages": []}
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzip_records)

        def write(uri: str, kind: str, payload: bytes, status: str = "200 OK", headers=(), **kw):
            http = StatusAndHeaders(status, list(headers), protocol="HTTP/1.1") if kind == "response" else None
            record = writer.create_warc_record(uri, kind, payload=io.BytesIO(payload), http_headers=http, **kw)
            writer.write_record(record)
            return record.rec_headers.get_header("WARC-Record-ID")

        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "rotation-facts tests"}))
        for doc_id, text in texts:
            uri = f"{HOST}/bai/{doc_id}"
            write(uri, "request", f"GET /bai/{doc_id} HTTP/1.1\r\nHost: tin.example.vn\r\n\r\n".encode(),
                  warc_content_type="application/http; msgtype=request")
            ids["pages"].append(write(uri, "response", page(text, title=doc_id).encode("utf-8"),
                                      headers=[("Content-Type", "text/html; charset=utf-8")]))
        ids["image"] = write(f"{HOST}/logo.png", "response", b"\x89PNG\r\n\x1a\n" + bytes(200),
                             headers=[("Content-Type", "image/png")])
        ids["redirect"] = write("http://tin.example.vn/", "response", b"", status="301 Moved Permanently",
                                headers=[("Location", f"{HOST}/")])
        first_id, first_text = texts[0]
        ids["duplicate"] = write(f"{HOST}/bai/{first_id}", "response", page(first_text, title=first_id).encode(),
                                 headers=[("Content-Type", "text/html; charset=utf-8")])
        revisit = writer.create_revisit_record(f"{HOST}/bai/{first_id}", digest="sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ",
                                               refers_to_uri=f"{HOST}/bai/{first_id}",
                                               refers_to_date="2023-07-10T08:00:00Z")
        writer.write_record(revisit)
        ids["revisit"] = revisit.rec_headers.get_header("WARC-Record-ID")
    return ids


def write_all(folder: Path) -> list[Path]:
    """Every form of the corpus in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = corpus_texts()
    made = [folder / "crawl.warc.gz", write_jsonl_gz(folder / "news.jsonl.gz", texts),
            write_jsonl_zst(folder / "news.jsonl.zst", texts), write_csv(folder / "news.csv", texts),
            write_parquet(folder / "news.parquet", texts)]
    write_warc(folder / "crawl.warc.gz", texts)
    return made


if __name__ == "__main__":
    for path in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "examples")):
        print(path)
