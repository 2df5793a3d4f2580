"""One article per row: JSON Lines (plain, gzip, zstandard), CSV/TSV (plain or compressed), Parquet.

These are the files scrapers export (news-please, trafilatura, Scrapy feeds, Hugging
Face datasets). Every form is streamed: JSON Lines and CSV are decompressed and read a
line (a row) at a time, each line bounded (a line over the limit is `too_large`
without being held whole); Parquet is read by row groups, in batches of rows, only
the columns an article needs. So memory depends on the longest article, not on the
file (a test measures it).

Which column holds what is told by `Fields` (`--text-field`, `--id-field`, ...);
`line` on each article is the line of a JSON Lines file, or the row number (1 for
the first row after the header) of a CSV or Parquet table. A compressed file that
is cut short or corrupt yields the rows before the damage, then one `archive_damaged`
record saying where it broke. A table none of whose columns can hold the text says
so on each row, naming the columns it has.

Entry point: `read_table(stream, kind, source, stem, options, row_groups=None)`; also
`parquet_row_groups(stream)` (the row counts a client needs to split a big file).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import zlib
from typing import BinaryIO, Iterable, Iterator, Sequence

from pipeline.inputs import decode
from pipeline.inputs.article import Fields, RawArticle, ReadOptions, from_fields
from schemas import ErrorCode

# kind -> (format, compression)
KINDS = {
    "jsonl": ("jsonl", None), "jsonl.gz": ("jsonl", "gzip"), "jsonl.zst": ("jsonl", "zstd"),
    "csv": ("csv", None), "csv.gz": ("csv", "gzip"), "csv.zst": ("csv", "zstd"),
    "tsv": ("tsv", None), "tsv.gz": ("tsv", "gzip"), "tsv.zst": ("tsv", "zstd"),
    "parquet": ("parquet", None),
}
PARQUET_BATCH_ROWS = 64  # rows decoded at a time: a batch of long HTML pages stays a few MB


def read_table(stream: BinaryIO, kind: str, source: str, stem: str, options: ReadOptions,
               row_groups: Sequence[int] | None = None) -> Iterator[RawArticle]:
    """Every article in one table file, in file order (`row_groups`: only those, for Parquet)."""
    form, compression = KINDS[kind]
    if form == "parquet":
        yield from _read_parquet(stream, source, stem, options, row_groups)
        return
    raw = _decompressed(stream, compression)
    try:
        if form == "jsonl":
            if compression is None:
                yield from _read_jsonl_file(raw, source, stem, options)
            else:
                yield from jsonl_lines(raw, source, stem, options)
        else:
            yield from _read_csv(raw, source, stem, options, delimiter="\t" if form == "tsv" else ",")
    except (EOFError, OSError, zlib.error, _zstd_error()) as exc:
        yield _damaged(source, stem, compression, stream, exc)


def _damaged(source: str, stem: str, compression: str | None, stream: BinaryIO, exc: BaseException) -> RawArticle:
    where = _tell(stream)
    at = f", found at byte {where} of the file" if where is not None else ""
    kind = f"{compression} stream" if compression else "file"
    return RawArticle(f"{stem}:damaged", source, error=(
        ErrorCode.archive_damaged,
        f"{kind} cut short or corrupt{at} ({type(exc).__name__}: {exc}); the rows before it were read"[:500]))


def _tell(stream: BinaryIO) -> int | None:
    try:
        return stream.tell()
    except (OSError, ValueError, AttributeError):
        return None


# --- JSON Lines ---------------------------------------------------------------------------

def _read_jsonl_file(raw: BinaryIO, source: str, stem: str, options: ReadOptions) -> Iterator[RawArticle]:
    """A plain JSON Lines file: line by line (a UTF-16 file, rare, is decoded whole, bounded)."""
    head = raw.read(4096)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
        limit = options.max_chars * 12 + 65536
        data = head + raw.read(limit)
        if len(data) > limit:
            yield RawArticle(stem, source, error=(
                ErrorCode.too_large, f"UTF-16 JSON Lines file over {limit} bytes: convert it to UTF-8 to read it line by line"))
            return
        yield from jsonl_text(data, source, stem, options)
        return
    raw.seek(0)  # files we open are seekable (local, fsspec)
    yield from jsonl_lines(raw, source, stem, options)


def jsonl_lines(stream: BinaryIO, source: str, stem: str, options: ReadOptions) -> Iterator[RawArticle]:
    """One article per line of a UTF-8 stream, each line decoded on its own."""
    max_chars = options.max_chars
    line_limit = max_chars * 6 + 65536  # a JSON string escapes a character in at most 6 bytes
    for number, raw_line, size in bounded_lines(stream, line_limit):
        if number == 1 and raw_line and raw_line.startswith(codecs.BOM_UTF8):
            raw_line = raw_line[len(codecs.BOM_UTF8):]
        if raw_line is None:
            yield RawArticle(f"{stem}:{number}", source, line=number, error=(
                ErrorCode.too_large, f"line {number} is {size} bytes, over the limit for {max_chars} characters"))
            continue
        if not raw_line.strip():
            continue
        text, error, _ = decode.decode_bytes(raw_line.rstrip(b"\r\n"))
        if error:
            code, message = error
            yield RawArticle(f"{stem}:{number}", source, line=number, error=(code, f"line {number}: {message}"))
            continue
        yield from_json_line(text, source, stem, number, options)


def jsonl_text(data: bytes, source: str, stem: str, options: ReadOptions) -> Iterator[RawArticle]:
    """JSON Lines held whole (UTF-16, or standard input read at once)."""
    text, error, notes = decode.decode_bytes(data)
    if error:
        yield RawArticle(stem, source, error=error, notes=notes)
        return
    for number, raw_line in enumerate(text.split("\n"), 1):
        if raw_line.strip():
            yield from_json_line(raw_line, source, stem, number, options)


def from_json_line(raw_line: str, source: str, stem: str, number: int, options: ReadOptions) -> RawArticle:
    fallback_id = f"{stem}:{number}"
    try:
        obj = json.loads(raw_line)
    except json.JSONDecodeError as exc:
        return RawArticle(fallback_id, source, line=number,
                          error=(ErrorCode.bad_json_line, f"line {number} is not JSON: {exc.msg} at column {exc.colno}"))
    if not isinstance(obj, dict):
        return RawArticle(fallback_id, source, line=number,
                          error=(ErrorCode.bad_json_line, f"line {number} is JSON but not an object"))
    return from_fields(obj, source, fallback_id, number, options.fields, options.max_chars)


def bounded_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(number, line, size) for each line; a line over `limit` bytes comes as None, and is
    skipped without being held whole (a file with no newline must not fill the memory)."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) <= limit or line.endswith(b"\n"):
            yield number, line, len(line)
            continue
        size = len(line)
        while True:
            more = stream.readline(1 << 20)
            size += len(more)
            if not more or more.endswith(b"\n"):
                break
        yield number, None, size


# --- CSV ---------------------------------------------------------------------------------

def _read_csv(raw: BinaryIO, source: str, stem: str, options: ReadOptions, delimiter: str) -> Iterator[RawArticle]:
    """A CSV (or TSV) table with a header row, in UTF-8; one article per row."""
    _allow_fields_of(options.max_chars)
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
    reader = csv.DictReader(text, delimiter=delimiter)
    try:
        columns = reader.fieldnames or []
    except csv.Error as exc:
        yield RawArticle(stem, source, error=(ErrorCode.read_failed, f"no header row of a table: {exc}"))
        return
    hint = _columns_hint(columns, options.fields)
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # a row over the field limit, a NUL byte
            number += 1
            yield RawArticle(f"{stem}:{number}", source, line=number, error=(
                ErrorCode.too_large if "larger than field limit" in str(exc) else ErrorCode.not_text,
                f"row {number}: {exc}"))
            continue
        number += 1
        yield _from_row(row, source, stem, number, options, hint)


def _allow_fields_of(max_chars: int) -> None:
    """csv refuses fields over 128 KiB; an article (or its HTML) may be far longer."""
    wanted = max_chars * 10 + 65536
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)


# --- Parquet -----------------------------------------------------------------------------

def parquet_row_groups(stream: BinaryIO) -> list[int]:
    """The number of rows in each row group of a Parquet file (read from its footer)."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(stream).metadata
    return [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]


def _read_parquet(stream: BinaryIO, source: str, stem: str, options: ReadOptions,
                  row_groups: Sequence[int] | None) -> Iterator[RawArticle]:
    try:
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - depends on the install
        yield RawArticle(stem, source, error=(ErrorCode.read_failed, "Parquet needs pyarrow: pip install pyarrow"))
        return
    try:
        table = pq.ParquetFile(stream)
    except Exception as exc:  # not Parquet, or its footer is gone (a cut file)
        yield RawArticle(stem, source, error=(ErrorCode.archive_damaged, f"not a readable Parquet file: {exc}"[:500]))
        return
    meta = table.metadata
    groups = list(range(meta.num_row_groups)) if row_groups is None else list(row_groups)
    names = set(table.schema_arrow.names)
    columns = [c for c in options.fields.columns() if c in names]
    hint = _columns_hint(table.schema_arrow.names, options.fields)
    number = sum(meta.row_group(i).num_rows for i in range(groups[0])) if groups else 0
    try:
        for group in groups:
            for batch in table.iter_batches(batch_size=PARQUET_BATCH_ROWS, row_groups=[group], columns=columns):
                for row in batch.to_pylist():
                    number += 1
                    yield _from_row(row, source, stem, number, options, hint)
    except OSError as exc:  # a damaged column chunk
        yield RawArticle(f"{stem}:damaged", source, error=(
            ErrorCode.archive_damaged, f"Parquet data damaged after row {number}: {exc}; the rows before it were read"[:500]))


# --- shared ------------------------------------------------------------------------------

def _from_row(row: dict, source: str, stem: str, number: int, options: ReadOptions, hint: str | None) -> RawArticle:
    if hint:
        return RawArticle(f"{stem}:{number}", source, line=number, error=(ErrorCode.missing_text, f"row {number}: {hint}"))
    return from_fields(row, source, f"{stem}:{number}", number, options.fields, options.max_chars)


def _columns_hint(columns: Iterable[str], fields: Fields) -> str | None:
    """When no column can hold the text, say which columns there are (checked once per table)."""
    columns = list(columns)
    if set(columns) & set((*fields.text, *fields.html)):
        return None
    shown = ", ".join(columns[:20]) + (", ..." if len(columns) > 20 else "")
    return (f"the table has no {fields.text_names()} column (its columns: {shown}); "
            "name the text column with --text-field")


def _decompressed(stream: BinaryIO, compression: str | None) -> BinaryIO:
    if compression == "gzip":
        return gzip.GzipFile(fileobj=stream, mode="rb")
    if compression == "zstd":
        return io.BufferedReader(_ZstdReader(stream), buffer_size=1 << 16)
    return stream


def _zstd_error() -> type[BaseException]:
    try:
        import zstandard
    except ImportError:  # pragma: no cover - depends on the install
        return OSError
    return zstandard.ZstdError


class _ZstdReader(io.RawIOBase):
    """A zstandard stream (one or more frames), decompressed as it is read.

    zstandard's own stream reader ends quietly on a cut frame; this one raises
    EOFError, so a truncated `.zst` file is reported, not taken as complete.
    """

    def __init__(self, stream: BinaryIO):
        try:
            import zstandard
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise OSError("reading .zst files needs zstandard: pip install zstandard") from exc
        self.stream, self.zstandard = stream, zstandard
        self.obj = zstandard.ZstdDecompressor().decompressobj()
        self.pending = b""
        self.started = False  # whether the current frame has had any input

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.pending:
            chunk = self.stream.read(1 << 16)
            if not chunk:
                if self.started and not self.obj.eof:
                    raise EOFError("zstandard stream ended inside a frame")
                return 0
            self.pending = self._feed(chunk)
        n = min(len(buffer), len(self.pending))
        buffer[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n

    def _feed(self, chunk: bytes) -> bytes:
        out = []
        while chunk:
            self.started = True
            out.append(self.obj.decompress(chunk))
            if not self.obj.eof:
                break
            chunk = self.obj.unused_data  # the next frame starts here
            self.obj = self.zstandard.ZstdDecompressor().decompressobj()
            self.started = False
        return b"".join(out)
