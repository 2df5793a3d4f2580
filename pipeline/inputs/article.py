"""One article from what a reader found: the `RawArticle` every reader yields, and how to build it.

Every input form (a text file, an HTML page, a row of a table, a WARC record) ends
here: raw bytes go through `from_bytes` (encoding, then the HTML path or plain
text), a row's fields through `from_fields` (which column holds the id, the text,
the address, the date, the title: `Fields`), and `check_size` applies the same
limits to all. `ReadOptions` is what a reader is told: the size limit, the field
names, and the storage options for remote paths (`s3://...`); it is small and
picklable, so it travels to Dask workers with the paths they read.

Entry points: `RawArticle`, `ReadOptions`, `Fields`, `from_bytes(...)`,
`from_fields(...)`, `fill_from_html(art, html)`, `check_size(art, max_chars)` (`art`: a `RawArticle`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from pipeline.inputs import decode
from pipeline.inputs.published import fill_published
from schemas import ErrorCode

DEFAULT_MAX_CHARS = 5_000_000
HTML_TIMEOUT = 120.0  # seconds for trafilatura on one page; over it, the article is a `timeout` error


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


@dataclass(frozen=True)
class Fields:
    """Which field (JSON key, CSV or Parquet column) holds each part of an article.

    Each part lists the names tried in order; the first present and non-empty wins.
    `text` holds plain text; `html` a page whose article text is taken out of it.
    A text field named by the user (`--text-field body`) is read as HTML when its
    value is an HTML document, since scrapers store either under their own names.
    """

    id: tuple[str, ...] = ("doc_id", "id")
    text: tuple[str, ...] = ("text", "content")
    html: tuple[str, ...] = ("html",)
    url: tuple[str, ...] = ("url",)
    title: tuple[str, ...] = ("title",)
    published: tuple[str, ...] = ("published",)
    sniff_html: bool = False  # a text field that holds an HTML page is read as HTML

    @classmethod
    def named(cls, *, text: str | None = None, id: str | None = None, url: str | None = None,
              date: str | None = None, title: str | None = None) -> "Fields":
        """The defaults, with each part the user named replaced by that one name."""
        default = cls()
        return cls(id=(id,) if id else default.id,
                   text=(text,) if text else default.text,
                   html=() if text else default.html,
                   url=(url,) if url else default.url,
                   title=(title,) if title else default.title,
                   published=(date,) if date else default.published,
                   sniff_html=bool(text))

    def columns(self) -> list[str]:
        """Every name a reader may look at (the columns to load from a Parquet file)."""
        names = [*self.id, *self.text, *self.html, *self.url, *self.title, *self.published]
        return list(dict.fromkeys(names))

    def text_names(self) -> str:
        """"'text', 'content' or 'html'": the fields an article's text may be in, for messages."""
        names = [f"'{n}'" for n in (*self.text, *self.html)]
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


@dataclass(frozen=True)
class ReadOptions:
    """What the readers are told: size limit, field names, options for remote storage."""

    max_chars: int = DEFAULT_MAX_CHARS
    fields: Fields = Fields()
    storage_options: tuple[tuple[str, object], ...] = ()  # fsspec options (endpoint_url=..., anon=...)

    def storage(self) -> dict:
        return dict(self.storage_options)

    @staticmethod
    def parse_storage_options(items: Iterable[str]) -> tuple[tuple[str, object], ...]:
        """`KEY=VALUE` strings (the command line's `--storage-option`) as fsspec options: true,
        false, null and integers become JSON values (`anon=true` must reach s3fs as True), the
        rest stays text. A string without `=` or a key raises ValueError."""
        options = []
        for item in items:
            key, sep, value = item.partition("=")
            if not sep or not key.strip():
                raise ValueError(f"{item}: give KEY=VALUE")
            try:
                parsed = json.loads(value) if value in ("true", "false", "null") or value.lstrip("-").isdigit() else value
            except ValueError:  # digits JSON does not read as a number ("007"): text
                parsed = value
            options.append((key.strip(), parsed))
        return tuple(options)


def from_bytes(data: bytes, source: str, doc_id: str, *, is_html: bool, max_chars: int,
               line: int | None = None, charset: str | None = None) -> RawArticle:
    """An article from a file's bytes (or a WARC record's payload): decoded, then HTML or text.

    `charset` is the encoding the server declared (HTTP header); a page's own
    `<meta charset>` is read when there is none.
    """
    if is_html and charset is None:
        charset = decode.meta_charset(data)
    text, error, notes = decode.decode_bytes(data, declared=charset)
    if error:
        return RawArticle(doc_id, source, line=line, error=error, notes=notes)
    art = RawArticle(doc_id, source, line=line, notes=notes)
    if is_html or decode.looks_like_html(text):
        fill_from_html(art, text)
    else:
        art.text = text
    return _finish(art, max_chars)


def from_fields(row: Mapping[str, object], source: str, fallback_id: str, number: int,
                fields: Fields, max_chars: int) -> RawArticle:
    """An article from one row of a table or one JSON object, by the names in `fields`."""
    doc_id = next((_id_text(row[k]) for k in fields.id if _id_text(row.get(k))), fallback_id)
    art = RawArticle(doc_id, source, line=number, title=_first_text(row, fields.title),
                     url=_first_text(row, fields.url), published=_first_date(row, fields.published))
    body = next((row[k] for k in fields.text if isinstance(row.get(k), str) and row[k].strip()), None)
    page = next((row[k] for k in fields.html if isinstance(row.get(k), str) and row[k].strip()), None)
    if body is not None and fields.sniff_html and decode.looks_like_html(body):
        body, page = None, body
    if body is not None:
        art.text, error, art.notes = decode.check_text(body)
        art.error = error
    elif page is not None:
        fill_from_html(art, page)
    else:
        art.error = (ErrorCode.missing_text, f"line {number} has no non-empty {fields.text_names()} field")
        return art
    return _finish(art, max_chars)


def fill_from_html(art: RawArticle, html: str) -> None:
    """The page's article text, title, date and address into `art` (or the reason it failed)."""
    from pipeline.inputs import html_page  # trafilatura is heavy: import on first HTML input
    from pipeline.limits.timeout import ArticleTimeout, time_limit

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


def _finish(art: RawArticle, max_chars: int) -> RawArticle:
    """The limits every form shares, then a missing published date from the text's dateline
    or the URL (`published.fill_published`)."""
    art = check_size(art, max_chars)
    fill_published(art)
    return art


def check_size(art: RawArticle, max_chars: int) -> RawArticle:
    """`empty` without text, `too_large` over the limit; else the article unchanged."""
    if art.error:
        return art
    if art.text is None or not art.text.strip():
        art.text = None
        art.error = (ErrorCode.empty, "no article text after reading")
    elif len(art.text) > max_chars:
        art.error = (ErrorCode.too_large, f"{len(art.text)} characters, over the limit of {max_chars}")
        art.text = None
    return art


def _id_text(value: object) -> str | None:
    """An id as text: strings stripped, whole numbers without '.0' (a CSV or Parquet column of ids)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _first_text(row: Mapping[str, object], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = row.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _first_date(row: Mapping[str, object], names: tuple[str, ...]) -> str | None:
    """A date column may hold text ('12/07/2023'), or a date or timestamp (Parquet, pandas)."""
    for name in names:
        value = row.get(name)
        if isinstance(value, (dt.date, dt.datetime)):
            return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
        found = decode.iso_date(value)
        if found:
            return found
    return None
