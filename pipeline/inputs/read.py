"""Stage 1, read: turn paths into a stream of articles, one `RawArticle` each.

Accepts `.txt` files (doc_id is the file name without extension), `.html`/`.htm`
pages (the article text, without navigation and boilerplate, via trafilatura),
`.jsonl` files (one article per line), directories (recursively, sorted), and
`-` for standard input (JSONL if it parses as such, else one plain-text article).

Nothing is dropped: an input that cannot be read still yields a `RawArticle`
carrying an `error`, so the writer can account for it. Reads are bounded: a
text file over 4 bytes per allowed character (an HTML page over 10) is
`too_large` without being read whole, and a JSONL file is read line by line,
each line decoded on its own, so one bad byte costs one line, not the file.
In a directory, a file with another suffix (`.pdf`, `.json`, `.docx`) is not
read but still yields an `unsupported_format` record, so a folder of the wrong
kind of files does not pass as a folder without facts; hidden files (`.DS_Store`)
are skipped. A file named explicitly is read whatever its suffix (sniffed as
text, HTML or binary).

Entry point: `read_articles(paths, max_chars=...) -> Iterator[RawArticle]`.
"""

from __future__ import annotations

import codecs
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.inputs import decode
from schemas import ErrorCode

TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
DEFAULT_MAX_CHARS = 5_000_000

TEXT_FIELDS = ("text", "content")
ID_FIELDS = ("doc_id", "id")


@dataclass
class RawArticle:
    """One article as read, or the reason it could not be."""

    doc_id: str
    source: str
    text: str | None = None
    line: int | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    error: tuple[ErrorCode, str] | None = None
    notes: list[str] = field(default_factory=list)
    timeout: float | None = None  # per-article time limit (s); travels with the article to workers
    max_memory: int | None = None  # per-article memory limit (bytes of address space); likewise


def read_articles(paths: Iterable[str], max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[RawArticle]:
    """Yield every article under `paths`, in input order."""
    for path in paths:
        if path == "-":
            yield from _read_stdin(max_chars)
        elif os.path.isdir(path):
            for file in _walk(Path(path)):
                if file.suffix.lower() in KNOWN_SUFFIXES:
                    yield from read_file(file, max_chars)
                else:
                    yield _unsupported(file)
        else:
            yield from read_file(Path(path), max_chars)


def input_files(paths: Iterable[str]) -> list[str]:
    """The files `read_articles` would open (used to refuse overwriting an input)."""
    out: list[str] = []
    for path in paths:
        if path == "-":
            continue
        out.extend(str(p) for p in (_walk(Path(path)) if os.path.isdir(path) else [Path(path)]))
    return out


def _walk(root: Path) -> list[Path]:
    """Files under `root`, hidden ones aside, sorted by path so runs are reproducible."""
    found = [p for p in root.rglob("*") if (p.is_file() or (p.is_symlink() and not p.exists()))
             and not any(part.startswith(".") for part in p.relative_to(root).parts)]
    return sorted(found, key=lambda p: p.as_posix())


def _unsupported(path: Path) -> RawArticle:
    kinds = ", ".join(sorted(s for s in KNOWN_SUFFIXES if s))
    return RawArticle(path.stem, str(path), error=(
        ErrorCode.unsupported_format,
        f"not read: {path.suffix} files are not articles this tool reads in a folder "
        f"({kinds}); name the file on its own to have it read as text"))


TEXT_BYTES_PER_CHAR = 4   # no encoding we read takes more: a bigger file is surely too large
HTML_BYTES_PER_CHAR = 10  # markup around the text: a page this big is refused unread


def read_file(path: Path, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[RawArticle]:
    suffix = path.suffix.lower()
    source = str(path)
    doc_id = path.stem
    is_html = suffix in HTML_SUFFIXES
    limit = max_chars * (HTML_BYTES_PER_CHAR if is_html else TEXT_BYTES_PER_CHAR)
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl_file(path, source, doc_id, max_chars)
            return
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)  # bounded: /dev/zero or a 40 GB dump must not eat the memory
    except OSError as exc:
        yield RawArticle(doc_id, source, error=(ErrorCode.read_failed, f"cannot read {source}: {exc.strerror or exc}"))
        return
    if len(data) > limit:
        yield RawArticle(doc_id, source, error=(
            ErrorCode.too_large, f"file over {limit} bytes, more than the limit of {max_chars} characters"))
        return
    yield _article_from_bytes(data, source, doc_id, is_html=is_html, max_chars=max_chars)


def _read_jsonl_file(path: Path, source: str, stem: str, max_chars: int) -> Iterator[RawArticle]:
    """One article per line, read and decoded line by line (UTF-16 files are decoded whole)."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
            yield from _read_jsonl(head + fh.read(), source, stem, max_chars)
            return
        fh.seek(0)
        yield from _jsonl_lines(fh, source, stem, max_chars)


def _jsonl_lines(lines: Iterable[bytes], source: str, stem: str, max_chars: int) -> Iterator[RawArticle]:
    line_limit = max_chars * 6 + 65536  # a JSON string escapes a character in at most 6 bytes
    for number, raw_line in enumerate(lines, 1):
        if number == 1 and raw_line.startswith(codecs.BOM_UTF8):
            raw_line = raw_line[len(codecs.BOM_UTF8):]
        if not raw_line.strip():
            continue
        if len(raw_line) > line_limit:
            yield RawArticle(f"{stem}:{number}", source, line=number, error=(
                ErrorCode.too_large, f"line {number} is {len(raw_line)} bytes, over the limit for {max_chars} characters"))
            continue
        text, error, _ = decode.decode_bytes(raw_line.rstrip(b"\r\n"))
        if error:
            code, message = error
            yield RawArticle(f"{stem}:{number}", source, line=number, error=(code, f"line {number}: {message}"))
            continue
        yield _article_from_json_line(text, source, stem, number, max_chars)


def _read_stdin(max_chars: int) -> Iterator[RawArticle]:
    """JSONL (streamed line by line) if the input opens with `{`, else one article (bounded read)."""
    stream = sys.stdin.buffer
    head = stream.peek(4096)[:4096] if hasattr(stream, "peek") else b""
    first = head.removeprefix(codecs.BOM_UTF8).lstrip()[:1]
    if first == b"{" and b"\x00" not in head:
        yield from _jsonl_lines(stream, "-", "stdin", max_chars)
        return
    limit = max_chars * TEXT_BYTES_PER_CHAR
    data = stream.read(limit + 1)
    if len(data) > limit:
        yield RawArticle("stdin", "-", error=(
            ErrorCode.too_large, f"input over {limit} bytes, more than the limit of {max_chars} characters"))
        return
    first = data.removeprefix(codecs.BOM_UTF8).lstrip()[:1]
    if first == b"{":
        yield from _read_jsonl(data, "-", "stdin", max_chars)
    else:
        yield _article_from_bytes(data, "-", "stdin", is_html=first == b"<", max_chars=max_chars)


def _article_from_bytes(data: bytes, source: str, doc_id: str, *, is_html: bool, max_chars: int,
                        line: int | None = None) -> RawArticle:
    text, error, notes = decode.decode_bytes(data)
    if error:
        return RawArticle(doc_id, source, line=line, error=error, notes=notes)
    art = RawArticle(doc_id, source, line=line, notes=notes)
    if is_html or decode.looks_like_html(text):
        _fill_from_html(art, text)
    else:
        art.text = text
    return _check_size(art, max_chars)


HTML_TIMEOUT = 120.0  # seconds for trafilatura on one page; over it, the article is a `timeout` error


def _fill_from_html(art: RawArticle, html: str) -> None:
    from pipeline.inputs import html_page  # trafilatura is heavy: import on first HTML input
    from pipeline.execution.limits import ArticleTimeout, time_limit

    try:
        with time_limit(HTML_TIMEOUT):
            page = html_page.article_from_html(html)
    except ArticleTimeout:
        art.error = (ErrorCode.timeout, f"taking the article text out of the HTML took over {HTML_TIMEOUT:g} s")
        return
    except Exception as exc:  # a page lxml or trafilatura chokes on is this article's error, not the run's
        art.error = (ErrorCode.extraction_failed, f"HTML extraction failed: {type(exc).__name__}: {exc}"[:500])
        return
    art.text = page.text
    art.title = art.title or page.title
    art.published = art.published or page.published
    art.url = art.url or page.url


def _check_size(art: RawArticle, max_chars: int) -> RawArticle:
    if art.error:
        return art
    if art.text is None or not art.text.strip():
        art.text = None
        art.error = (ErrorCode.empty, "no article text after reading")
    elif len(art.text) > max_chars:
        art.error = (ErrorCode.too_large, f"{len(art.text)} characters, over the limit of {max_chars}")
        art.text = None
    return art


def _read_jsonl(data: bytes, source: str, stem: str, max_chars: int) -> Iterator[RawArticle]:
    text, error, notes = decode.decode_bytes(data)
    if error:
        yield RawArticle(stem, source, error=error, notes=notes)
        return
    for number, raw_line in enumerate(text.split("\n"), 1):
        if not raw_line.strip():
            continue
        yield _article_from_json_line(raw_line, source, stem, number, max_chars)


def _article_from_json_line(raw_line: str, source: str, stem: str, number: int, max_chars: int) -> RawArticle:
    fallback_id = f"{stem}:{number}"
    try:
        obj = json.loads(raw_line)
    except json.JSONDecodeError as exc:
        return RawArticle(fallback_id, source, line=number,
                          error=(ErrorCode.bad_json_line, f"line {number} is not JSON: {exc.msg} at column {exc.colno}"))
    if not isinstance(obj, dict):
        return RawArticle(fallback_id, source, line=number,
                          error=(ErrorCode.bad_json_line, f"line {number} is JSON but not an object"))
    doc_id = next((str(obj[k]) for k in ID_FIELDS if obj.get(k) not in (None, "")), fallback_id)
    art = RawArticle(doc_id, source, line=number, title=_str_or_none(obj.get("title")),
                     url=_str_or_none(obj.get("url")), published=decode.iso_date(obj.get("published")))
    body = next((obj[k] for k in TEXT_FIELDS if isinstance(obj.get(k), str) and obj[k].strip()), None)
    if body is not None:
        art.text, error, art.notes = decode.check_text(body)
        art.error = error
    elif isinstance(obj.get("html"), str) and obj["html"].strip():
        _fill_from_html(art, obj["html"])
    else:
        art.error = (ErrorCode.missing_text, f"line {number} has no non-empty 'text', 'content' or 'html' field")
        return art
    return _check_size(art, max_chars)


def _str_or_none(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
