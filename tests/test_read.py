"""Stage 1, read: every input becomes exactly one RawArticle per article, bounded reads."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from pipeline.inputs.read import read_articles
from schemas import ErrorCode

GOOD = "Huyện đã luân chuyển 3 cán bộ về xã."


def _codes(paths, **kw):
    return [(a.doc_id, a.line, a.error[0].value if a.error else None) for a in read_articles([str(p) for p in paths], **kw)]


def test_jsonl_lines_are_decoded_one_by_one(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a", "text": GOOD}, ensure_ascii=False).encode(),
        b'{"id": "b", "text": "caf\xe9 \xff\xfe"}',            # bad bytes in this line only
        json.dumps({"id": "c", "text": GOOD}, ensure_ascii=False).encode(),
        b'{"id": "d", "text": "cut off',                          # truncated last line
    ]
    path.write_bytes(b"\n".join(lines))
    got = _codes([path])
    assert [g[0] for g in got][0] == "a" and got[2] == ("c", 3, None)
    assert got[0][2] is None
    assert got[1][1] == 2 and got[1][2] in {"decode_failed", None}
    assert got[3] == ("batch:4", 4, "bad_json_line")


def test_jsonl_with_utf8_bom_crlf_and_blank_lines(tmp_path):
    path = tmp_path / "b.jsonl"
    body = "\r\n".join([json.dumps({"id": "x", "text": GOOD}, ensure_ascii=False), "", "  ",
                        json.dumps({"id": "y", "content": GOOD}, ensure_ascii=False)])
    path.write_bytes(b"\xef\xbb\xbf" + body.encode())
    arts = list(read_articles([str(path)]))
    assert [(a.doc_id, a.line, a.text) for a in arts] == [("x", 1, GOOD), ("y", 4, GOOD)]


def test_utf16_jsonl(tmp_path):
    path = tmp_path / "w.jsonl"
    path.write_bytes((json.dumps({"id": "x", "text": GOOD}, ensure_ascii=False) + "\n").encode("utf-16"))
    [a] = list(read_articles([str(path)]))
    assert a.error is None and a.text == GOOD


@pytest.mark.parametrize("line,code", [
    ("[1, 2]", "bad_json_line"),
    ('"just a string"', "bad_json_line"),
    ("{not json}", "bad_json_line"),
    ('{"id": "n", "text": ""}', "missing_text"),
    ('{"id": "n", "text": 42}', "missing_text"),
    ('{"id": "n", "title": "no body"}', "missing_text"),
    ('{"id": "n", "text": "\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005"}', "not_text"),
])
def test_bad_json_lines(tmp_path, line, code):
    path = tmp_path / "x.jsonl"
    path.write_text(line + "\n", "utf-8")
    [a] = list(read_articles([str(path)]))
    assert a.error[0].value == code and a.line == 1 and a.source == str(path)


def test_too_large_is_decided_without_reading_the_whole_file(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("a" * 1000, "utf-8")
    assert _codes([path], max_chars=999) == [("big", None, "too_large")]
    assert _codes([path], max_chars=1000) == [("big", None, None)]
    assert _codes([path], max_chars=100) == [("big", None, "too_large")]  # over 4 bytes a char: not even read


def test_an_endless_device_is_refused_not_read_forever():
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    [a] = list(read_articles(["/dev/zero"], max_chars=1000))
    assert a.error[0] == ErrorCode.too_large


def test_too_large_jsonl_line(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"id": "big", "text": "a" * 2000}) + "\n" + json.dumps({"id": "ok", "text": GOOD},
                    ensure_ascii=False) + "\n", "utf-8")
    assert _codes([path], max_chars=100) == [("big", 1, "too_large"), ("ok", 2, None)]


def test_unreadable_files_are_reported(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "ok.txt").write_text(GOOD, "utf-8")
    assert _codes([tmp_path]) == [("gone", None, "read_failed"), ("ok", None, None)]


def test_empty_and_whitespace_files(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text(" \n\t\n", "utf-8")
    (tmp_path / "c.html").write_text("<html><body><script>x()</script></body></html>", "utf-8")
    assert [c[2] for c in _codes([tmp_path])] == ["empty", "empty", "empty"]


def test_html_in_a_txt_file_is_read_as_html(tmp_path):
    (tmp_path / "page.txt").write_text(f"<!DOCTYPE html><html><body><p>{GOOD}</p></body></html>", "utf-8")
    [a] = list(read_articles([str(tmp_path / "page.txt")]))
    assert a.error is None and GOOD in a.text and "<p>" not in a.text


def test_a_page_the_html_extractor_chokes_on_is_that_articles_error(tmp_path, monkeypatch):
    from pipeline.inputs import article, html_page

    def choke(html):
        raise ValueError("bad page")

    def hang(html):
        while True:
            time.sleep(0.01)

    (tmp_path / "a.html").write_text("<html><body><p>x</p></body></html>", "utf-8")
    monkeypatch.setattr(html_page, "article_from_html", choke)
    assert _codes([tmp_path]) == [("a", None, "extraction_failed")]
    monkeypatch.setattr(html_page, "article_from_html", hang)
    monkeypatch.setattr(article, "HTML_TIMEOUT", 0.2)
    assert _codes([tmp_path]) == [("a", None, "timeout")]


def test_a_folder_reports_files_it_does_not_read(tmp_path):
    """A .pdf or .json in a folder is not read, but not lost either: it gets a record."""
    (tmp_path / "a.txt").write_text("Ông Lò Văn Thân về xã.", encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4 ...")
    (tmp_path / "c.json").write_text('{"text": "x"}', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.html").write_text("<p>Bài viết.</p>", encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\0\0")                  # hidden: skipped
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: main", encoding="utf-8")  # in a hidden folder: skipped
    got = {Path(a.source).name: a.error[0] if a.error else None for a in read_articles([str(tmp_path)])}
    assert got == {"a.txt": None, "b.pdf": ErrorCode.unsupported_format,
                   "c.json": ErrorCode.unsupported_format, "d.html": None}
    message = next(a.error[1] for a in read_articles([str(tmp_path)]) if a.source.endswith("c.json"))
    assert message.startswith("not read: .json files")


def test_a_file_named_on_its_own_is_read_whatever_its_suffix(tmp_path):
    path = tmp_path / "bai.md"
    path.write_text("Ông Lò Văn Thân về xã.", encoding="utf-8")
    [article] = read_articles([str(path)])
    assert article.error is None and article.text.startswith("Ông")


@pytest.mark.parametrize("text, row, expected, note", [
    # the input's own date wins, and is not noted
    ("Thứ Hai, 16/09/2019 10:30\nBài viết.", {"published": "2020-01-02"}, "2020-01-02", None),
    # a dateline at the top of a plain text
    ("Thứ Hai, 16/09/2019 10:30 GMT+7\nBài viết.", {}, "2019-09-16", "published: read from the text's dateline"),
    ("Cập nhật: 03/02/2021\nBài viết.", {}, "2021-02-03", "published: read from the text's dateline"),
    ("23/08/2022 10:15\n\nGiai đoạn 2016-2021, tỉnh A luân chuyển 9 cán bộ.", {}, "2022-08-23", "published: read from the text's dateline"),
    # no dateline: the URL's date
    ("Bài viết.", {"url": "https://bao.vn/2019/09/16/tin.html"}, "2019-09-16", "published: read from the URL"),
    # a date in the body is a fact's date, not the article's; an index's 'date 2025-06' header is no dateline
    ("Ngày 16/9/2019, ông A được điều động.", {}, None, None),
    ("date 2025-06\nBài viết.", {}, None, None),
])
def test_a_missing_published_date_is_read_from_the_dateline_or_url_and_noted(tmp_path, text, row, expected, note):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a", "text": text, **row}, ensure_ascii=False) + "\n", encoding="utf-8")
    (art,) = read_articles([str(path)])
    assert art.published == expected
    assert [n for n in art.notes if n.startswith("published:")] == ([note] if note else [])


def test_a_plain_text_file_with_a_dateline_gets_its_published_date(tmp_path):
    path = tmp_path / "tin.txt"
    path.write_text("Chủ nhật, 05/01/2025 08:00\n\nÔng Trần Văn B, 58 tuổi, được điều động giữ chức Bí thư Huyện ủy.\n",
                    encoding="utf-8")
    (art,) = read_articles([str(path)])
    assert art.published == "2025-01-05" and "published: read from the text's dateline" in art.notes
    # so the age gives a birth year, as it would with a date from the input
    from pipeline import extract_files

    (records,) = list(extract_files([str(path)]))
    (official,) = [r for r in records if r.type == "official"]
    assert (official.age, official.birth_year, official.birth_year_approx) == (58, 1967, True)


def test_storage_options_are_typed_as_fsspec_wants_them():
    """`anon=true` must reach s3fs as True, a port as a number; other values stay text."""
    from pipeline.inputs.read import ReadOptions

    parsed = ReadOptions.parse_storage_options(["anon=true", "endpoint_url=http://127.0.0.1:9000", " retries=3",
                                                "token=null", "prefix=007", "a=b=c"])
    assert parsed == (("anon", True), ("endpoint_url", "http://127.0.0.1:9000"), ("retries", 3), ("token", None),
                      ("prefix", "007"), ("a", "b=c"))
    for bad in ("endpoint_url", "=value"):
        with pytest.raises(ValueError, match="give KEY=VALUE"):
            ReadOptions.parse_storage_options([bad])
