"""Web archives: the pages in a `.warc` or `.warc.gz` file, one article per captured page.

Read with warcio, the Webrecorder project's streaming WARC library: pure Python, it
reads every WARC a researcher gets (Browsertrix, Heritrix, `wget --warc-file`,
Common Crawl), record-by-record gzip or plain, and it undoes HTTP chunked transfer
and gzip/deflate/brotli content encoding, so a payload comes out as the server
meant it. FastWARC is faster but cannot undo those encodings for us and writes no
archives; speed, where it matters, comes from reading many files at once (Dask).

What each record becomes (every `response` or `revisit` record gives one article
record, so a researcher can count what happened to every capture):

* a `response` with status 2xx and an HTML (or plain text) payload: an article.
  Its text, title and date come from the page (trafilatura, as for `.html` files);
  the charset from the HTTP header, else the page's `<meta>`; `published` is the
  page's date, else the capture date (WARC-Date, noted). `doc_id` is the
  WARC-Record-ID in a filename-safe form (the UUID of `<urn:uuid:...>`), `url`
  the WARC-Target-URI; a note gives the record id and its byte offset.
* a `response` whose payload is an image, style sheet, script, PDF...: `not_article`
  (with the content type); with a status other than 2xx: `http_status` (with the
  redirect target); with the same URL and payload digest as an earlier page in the
  same file: `duplicate` (naming the first).
* a `revisit` record: `revisit` (the payload was captured before and is not repeated).
* `warcinfo`, `request`, `metadata`, `resource` and other records hold no captured
  page: they are counted in one `warc_summary` record per file, written after its
  pages, with the number of records of each type and of each outcome.
* a file cut short or corrupt: the records before the damage are kept, then one
  `archive_damaged` record gives the byte offset of the damaged record. warcio
  stops quietly on a cut file; the checks here (each record's block complete, its
  headers whole, the iteration reaching the end of the file) make it loud.

Duplicates are found within one file (a crawl's revisits already mark those across
files), so each file is read on its own and a Dask worker can read it alone.

Entry point: `read_warc(stream, source, stem, options) -> Iterator[RawArticle]`.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections import Counter
from typing import BinaryIO, Iterator

from pipeline.inputs import decode
from pipeline.inputs.article import RawArticle, ReadOptions, from_bytes
from schemas import ErrorCode

HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain"}
PAGE_BYTES_PER_CHAR = 10  # as for .html files: a payload this large is refused without being held


class DamagedArchive(Exception):
    """The archive is cut short or corrupt at `offset`."""

    def __init__(self, offset: int, reason: str):
        super().__init__(reason)
        self.offset, self.reason = offset, reason


def read_warc(stream: BinaryIO, source: str, stem: str, options: ReadOptions) -> Iterator[RawArticle]:
    """Every capture in one WARC file, in file order, then the file's summary record."""
    reading = _Reading(source, stem, options)
    try:
        yield from reading.records(stream)
    except _WholeFileGzip:
        # gzip over the whole file rather than record by record: read it decompressed
        # (offsets are then in the uncompressed archive), skipping the records already given
        stream.seek(0)
        reading.restart(uncompressed_offsets=True)
        yield from reading.records(gzip.GzipFile(fileobj=stream, mode="rb"))
    except DamagedArchive as exc:
        yield reading.damaged(exc)
    yield reading.summary()


class _WholeFileGzip(Exception):
    pass


class _Reading:
    """The state of reading one file: counts for the summary, page digests seen."""

    def __init__(self, source: str, stem: str, options: ReadOptions):
        self.source, self.stem, self.options = source, stem, options
        self.types: Counter = Counter()      # WARC-Type -> records
        self.outcomes: Counter = Counter()   # article / error code -> records
        self.seen: dict[bytes, tuple[str, int]] = {}  # hash of (URL, digest) -> (doc id, offset)
        self.given = 0       # records handled, for a restart
        self.skip = 0
        self.offset_note = "byte"

    def restart(self, uncompressed_offsets: bool) -> None:
        self.skip, self.given = self.given, 0
        self.types.clear()
        self.outcomes.clear()
        self.seen.clear()
        self.offset_note = "uncompressed byte" if uncompressed_offsets else "byte"

    def records(self, stream: BinaryIO) -> Iterator[RawArticle]:
        from warcio.exceptions import ArchiveLoadFailed

        counting = _Counting(stream)
        it = _archive_iterator(counting)
        while True:
            start = it.offset
            try:
                record = next(it)
            except StopIteration:
                break
            except ArchiveLoadFailed as exc:
                if "non-chunked gzip" in str(exc):
                    raise _WholeFileGzip() from exc
                raise DamagedArchive(start, _first_line(exc)) from exc
            except Exception as exc:  # warcio meets bytes it cannot parse: zlib, EOF, bad headers
                raise DamagedArchive(start, f"{type(exc).__name__}: {_first_line(exc)}") from exc
            _check_headers(record, start)
            article = self._record(record, start)   # reads the payload (bounded)
            _check_complete(it, record, start)      # only now: the record's block was whole
            self.given += 1
            if self.given <= self.skip:
                continue
            if article is not None:
                self.outcomes["article" if article.error is None else article.error[0].value] += 1
                yield article
        while counting.read(1 << 16):  # the iteration stopped: were there bytes it could not read?
            pass
        if it.offset < counting.position:
            raise DamagedArchive(it.offset, f"{counting.position - it.offset} bytes at the end are not a whole record")

    def _record(self, record, start: int) -> RawArticle | None:
        kind = record.rec_type
        if self.given >= self.skip:
            self.types[kind] += 1
        uri = record.rec_headers.get_header("WARC-Target-URI") or ""
        if kind == "response" or (kind == "resource" and uri.startswith(("http://", "https://"))):
            return self._response(record, start, uri)
        if kind == "revisit":
            return self._revisit(record, start, uri)
        return None

    def _base(self, record, start: int, uri: str) -> RawArticle:
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        return RawArticle(safe_id(record_id), self.source, url=uri or None,
                          notes=[f"WARC record {record_id} at {self.offset_note} offset {start}"])

    def _response(self, record, start: int, uri: str) -> RawArticle:
        art = self._base(record, start, uri)
        http = record.http_headers
        if http is not None and record.rec_type == "response":
            status = http.get_statuscode() or ""
            if not status.startswith("2"):
                location = http.get_header("Location")
                art.error = (ErrorCode.http_status, f"HTTP {http.statusline}"
                             + (f", redirect to {location}" if location else "") + ": no page captured")
                return art
        content_type = (http.get_header("Content-Type") if http is not None else None) \
            or record.rec_headers.get_header("Content-Type") or ""
        media_type = content_type.split(";")[0].strip().lower()
        if media_type and media_type not in HTML_TYPES | TEXT_TYPES:  # not read: an image may be huge
            art.error = (ErrorCode.not_article, f"{media_type} payload, not a page")
            return art
        limit = self.options.max_chars * PAGE_BYTES_PER_CHAR
        payload = record.content_stream().read(limit + 1)
        if not media_type and not decode.looks_like_html(payload[:2000].decode("latin-1")):
            art.error = (ErrorCode.not_article, "payload without a content type that is not HTML")
            return art
        if len(payload) > limit:
            art.error = (ErrorCode.too_large, f"payload over {limit} bytes, more than the limit of "
                                              f"{self.options.max_chars} characters")
            return art
        first = self._first_capture(record, uri, payload, art.doc_id, start)
        if first is not None:
            art.error = (ErrorCode.duplicate, f"same URL and payload digest as record {first[0]} at "
                                              f"{self.offset_note} offset {first[1]}: the same page captured again")
            return art
        page = from_bytes(payload, self.source, art.doc_id, is_html=media_type not in TEXT_TYPES,
                          max_chars=self.options.max_chars, charset=_charset(content_type))
        page.url, page.notes = art.url, art.notes + page.notes
        if page.error is None and page.published is None:
            captured = decode.iso_date(record.rec_headers.get_header("WARC-Date"))
            if captured:
                page.published = captured
                page.notes.append("published: the capture date (WARC-Date); the page gives no date")
        return page

    def _first_capture(self, record, uri: str, payload: bytes, doc_id: str, start: int) -> tuple[str, int] | None:
        """The first record with this URL and payload, if this one repeats it; else remember this one."""
        digest = record.rec_headers.get_header("WARC-Payload-Digest") or hashlib.sha1(payload).hexdigest()
        key = hashlib.sha1(f"{uri}\n{digest}".encode("utf-8", "surrogatepass")).digest()
        first = self.seen.get(key)
        if first is None:
            self.seen[key] = (doc_id, start)
        return first

    def _revisit(self, record, start: int, uri: str) -> RawArticle:
        art = self._base(record, start, uri)
        headers = record.rec_headers
        refers = headers.get_header("WARC-Refers-To-Target-URI") or uri
        when = headers.get_header("WARC-Refers-To-Date")
        profile = (headers.get_header("WARC-Profile") or "").rstrip("/").rsplit("/", 1)[-1]
        art.error = (ErrorCode.revisit, f"revisit of {refers}" + (f" captured {when}" if when else "")
                     + (f" ({profile})" if profile else "") + ": the payload is not repeated in this record")
        return art

    def damaged(self, exc: DamagedArchive) -> RawArticle:
        self.outcomes[ErrorCode.archive_damaged.value] += 1
        return RawArticle(f"{self.stem}:damaged", self.source, error=(
            ErrorCode.archive_damaged,
            f"archive cut short or corrupt at {self.offset_note} offset {exc.offset} ({exc.reason}); "
            f"the {self.given} records before it were read, the rest of the file was not"[:500]))

    def summary(self) -> RawArticle:
        total = sum(self.types.values())
        types = ", ".join(f"{n} {t}" for t, n in sorted(self.types.items(), key=lambda kv: (-kv[1], kv[0])))
        outcomes = ", ".join(f"{n} {o}" for o, n in sorted(self.outcomes.items(), key=lambda kv: (-kv[1], kv[0])))
        others = total - self.types["response"] - self.types["revisit"]
        message = (f"{total} WARC records ({types or 'none'}); outcomes, each with its own record: "
                   f"{outcomes or 'none'}; the {others} records that hold no captured page "
                   "(warcinfo, request, metadata, ...) are counted here only")
        return RawArticle(f"{self.stem}:summary", self.source, error=(ErrorCode.warc_summary, message))


def safe_id(record_id: str) -> str:
    """A WARC-Record-ID as a stable, filename-safe doc id: `<urn:uuid:1b2...>` -> `1b2...`."""
    inner = record_id.strip().strip("<>")
    inner = re.sub(r"^urn:uuid:", "", inner, flags=re.I)
    return re.sub(r"[^A-Za-z0-9._-]+", "_", inner).strip("_") or "record"


def _charset(content_type: str) -> str | None:
    found = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.I)
    return found.group(1) if found else None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:200]


def _check_headers(record, start: int) -> None:
    headers = record.rec_headers
    length = (headers.get_header("Content-Length") or "").strip()
    if not record.rec_type or not headers.get_header("WARC-Record-ID") or not length.isdigit():
        raise DamagedArchive(start, "a record without WARC-Type, WARC-Record-ID or Content-Length")


def _check_complete(it, record, start: int) -> None:
    """After a record is read to its end: was all of its block there, followed by a record break?"""
    errors_before = it.err_count
    it.read_to_end()
    stream, missing = record.raw_stream, 0
    while stream is not None:  # the block's length limit, however deeply warcio wrapped it
        missing = max(missing, getattr(stream, "limit", 0) or 0)
        stream = getattr(stream, "stream", None)
    if missing:
        raise DamagedArchive(start, f"the record is cut short: {missing} bytes of its block are missing")
    if it.err_count > errors_before:
        raise DamagedArchive(start, "the record is not followed by a record break: its Content-Length is wrong")


def _archive_iterator(stream):
    """warcio's iterator, quiet: it prints a warning for a wrong Content-Length, which we report instead."""
    from warcio.archiveiterator import ArchiveIterator  # loaded only for WARC input

    iterator = ArchiveIterator(stream)
    iterator.INC_RECORD = ""
    return iterator


class _Counting:
    """A read-only stream that counts the bytes read through it."""

    def __init__(self, stream: BinaryIO):
        self.stream, self.position = stream, 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.position += len(data)
        return data

    def tell(self) -> int:
        return self.position
