"""Stage 1, read: turn paths into a stream of articles, one `RawArticle` each.

What a path may name (`locations`: local paths, folders, globs, and `s3://`, `gs://`,
`file://` URLs), and what each file is read as, by its suffix:

| suffix | read as | module |
| --- | --- | --- |
| `.txt`, `.text`, none | one article (doc_id: the file name without extension) | here |
| `.html`, `.htm`, `.xhtml` | one article: the page's main text (trafilatura) | here |
| `.jsonl`, `.ndjson` (`.gz`, `.zst`) | one article per line | `tables` |
| `.csv`, `.tsv` (`.gz`, `.zst`), `.parquet` | one article per row | `tables` |
| `.warc`, `.warc.gz` | one article per captured page | `warc` |

and `-` for standard input (JSONL if it parses as such, else one plain-text article).

Nothing is dropped: an input that cannot be read still yields a `RawArticle`
carrying an `error`, so the writer can account for it. Reads are bounded: a
text file over 4 bytes per allowed character (an HTML page over 10) is
`too_large` without being read whole; tables and archives are streamed. In a
folder (or a glob, or a bucket prefix), a file with another suffix (`.pdf`,
`.json`, `.docx`) is not read but still yields an `unsupported_format` record, so a
folder of the wrong kind of files does not pass as a folder without facts; hidden
files (`.DS_Store`) are skipped. A file named explicitly is read whatever its suffix
(sniffed as text, HTML or binary).

Reading is cut into pieces (`list_pieces`): one per file, or a few row groups of a
large Parquet file, so that Dask workers can each read their own (`read_piece`);
`read_articles` reads the pieces in order, which is why a cluster run and a local
run see the same articles in the same order.

Entry point: `read_articles(paths, max_chars=..., options=ReadOptions(...)) -> Iterator[RawArticle]`;
for the execution layer, `list_pieces(paths, options)` and `read_piece(piece, options)`.
"""

from __future__ import annotations

import codecs
import os
import posixpath
import sys
from dataclasses import dataclass, replace
from typing import Iterable, Iterator

from pipeline.inputs import locations, tables
from pipeline.inputs.article import DEFAULT_MAX_CHARS, Fields, RawArticle, ReadOptions, from_bytes
from pipeline.inputs.locations import Location
from schemas import ErrorCode

__all__ = ["DEFAULT_MAX_CHARS", "Fields", "Piece", "RawArticle", "ReadOptions", "input_files",
           "kind_of", "list_pieces", "read_articles", "read_piece"]

TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
# longest first: `.jsonl.gz` before `.gz`
KIND_SUFFIXES = sorted(
    [(s, "text") for s in TEXT_SUFFIXES if s] + [(s, "html") for s in HTML_SUFFIXES]
    + [(".ndjson" + c, "jsonl" + c) for c in ("", ".gz", ".zst")]
    + [("." + k, k) for k in tables.KINDS] + [(".warc", "warc"), (".warc.gz", "warc")],
    key=lambda pair: -len(pair[0]))

TEXT_BYTES_PER_CHAR = 4   # no encoding we read takes more: a bigger file is surely too large
HTML_BYTES_PER_CHAR = 10  # markup around the text: a page this big is refused unread


@dataclass(frozen=True)
class Piece:
    """A unit of reading: one file, or some row groups of a large Parquet file, or standard input."""

    name: str                  # path or URL as shown in `source`; "-" for standard input
    listed: bool = False       # found in a folder, prefix or glob (an unknown suffix is not read)
    row_groups: tuple[int, ...] | None = None  # Parquet only: these row groups, else the whole file

    @property
    def kind(self) -> str | None:
        return kind_of(self.name)

    @property
    def client_only(self) -> bool:
        """Only this process can read it (standard input)."""
        return self.name == "-"


def kind_of(name: str) -> str | None:
    """The form a file is read as, by its suffix; None for a suffix we do not know."""
    base = posixpath.basename(name.replace(os.sep, "/")).lower()
    for suffix, kind in KIND_SUFFIXES:
        if base.endswith(suffix) and len(base) > len(suffix):
            return kind
    return "text" if "." not in base.lstrip(".") else None


def read_articles(paths: Iterable[str], max_chars: int | None = None,
                  options: ReadOptions | None = None) -> Iterator[RawArticle]:
    """Yield every article under `paths`, in input order.

    `options` holds the field names and storage options; `max_chars`, if given, its size limit.
    """
    options = options or ReadOptions()
    if max_chars is not None:
        options = replace(options, max_chars=max_chars)
    for piece in list_pieces(paths, options):
        yield from read_piece(piece, options)


def list_pieces(paths: Iterable[str], options: ReadOptions | None = None,
                split_rows: int | None = None) -> Iterator[Piece]:
    """The pieces `read_articles` reads, in order. With `split_rows`, a Parquet file of more
    rows is cut into pieces of whole row groups of about that many rows (its footer is read)."""
    options = options or ReadOptions()
    for path in paths:
        if path == "-":
            yield Piece("-")
            continue
        for location in locations.expand([path], options.storage()):
            piece = Piece(location.name, location.listed)
            if split_rows and piece.kind == "parquet":
                yield from _split_parquet(piece, options, split_rows)
            else:
                yield piece


def read_piece(piece: Piece, options: ReadOptions | None = None) -> Iterator[RawArticle]:
    """The articles of one piece, in order. A fault past the first article (a dropped
    connection, a bug in a parser) ends the piece with a `read_failed` record, not the run."""
    options = options or ReadOptions()
    if piece.client_only:
        yield from _read_stdin(options)
        return
    given = 0
    try:
        for article in _read_location(piece, options):
            given += 1
            yield article
    except Exception as exc:  # noqa: BLE001 - every input is accounted for, whatever broke
        yield RawArticle(f"{_stem(piece.name)}:failed", piece.name, error=(
            ErrorCode.read_failed, f"reading {piece.name} stopped after {given} articles: "
                                   f"{type(exc).__name__}: {exc}"[:500]))


def input_files(paths: Iterable[str]) -> list[str]:
    """The local files `read_articles` would open (used to refuse overwriting an input)."""
    return [loc.name for loc in locations.expand(p for p in paths if p != "-" and not locations.is_url(p))]


def _read_location(piece: Piece, options: ReadOptions) -> Iterator[RawArticle]:
    kind, name = piece.kind, piece.name
    if kind is None and piece.listed:
        yield _unsupported(name)
        return
    stem = _stem(name)
    try:
        stream = locations.open_binary(name, options.storage())
    except Exception as exc:  # noqa: BLE001 - missing file, no permission, no credentials, no s3fs
        yield RawArticle(stem, name, error=(ErrorCode.read_failed, f"cannot read {name}: {_reason(exc)}"))
        return
    with stream:
        if kind in tables.KINDS:
            yield from tables.read_table(stream, kind, name, stem, options, piece.row_groups)
        elif kind == "warc":
            from pipeline.inputs import warc  # warcio is loaded only for archives

            yield from warc.read_warc(stream, name, stem, options)
        else:
            yield _read_whole(stream, name, stem, is_html=kind == "html", max_chars=options.max_chars)


def _read_whole(stream, source: str, doc_id: str, *, is_html: bool, max_chars: int) -> RawArticle:
    """A file that is one article, read at most up to its size limit."""
    limit = max_chars * (HTML_BYTES_PER_CHAR if is_html else TEXT_BYTES_PER_CHAR)
    try:
        data = stream.read(limit + 1)  # bounded: /dev/zero or a 40 GB dump must not eat the memory
    except OSError as exc:
        return RawArticle(doc_id, source, error=(ErrorCode.read_failed, f"cannot read {source}: {_reason(exc)}"))
    if len(data) > limit:
        return RawArticle(doc_id, source, error=(
            ErrorCode.too_large, f"file over {limit} bytes, more than the limit of {max_chars} characters"))
    return from_bytes(data, source, doc_id, is_html=is_html, max_chars=max_chars)


def _split_parquet(piece: Piece, options: ReadOptions, rows: int) -> Iterator[Piece]:
    try:
        with locations.open_binary(piece.name, options.storage()) as stream:
            sizes = tables.parquet_row_groups(stream)
    except Exception:  # noqa: BLE001 - unreadable: the worker reading it whole reports why
        yield piece
        return
    if sum(sizes) <= rows or len(sizes) < 2:
        yield piece
        return
    group: list[int] = []
    count = 0
    for index, size in enumerate(sizes):
        group.append(index)
        count += size
        if count >= rows:
            yield replace(piece, row_groups=tuple(group))
            group, count = [], 0
    if group:
        yield replace(piece, row_groups=tuple(group))


def _stem(name: str) -> str:
    """The file name without its read-as suffix: `crawl.warc.gz` -> `crawl`, `a.b.txt` -> `a.b`."""
    base = posixpath.basename(name.replace(os.sep, "/").rstrip("/"))
    lowered = base.lower()
    for suffix, _ in KIND_SUFFIXES:
        if lowered.endswith(suffix) and len(base) > len(suffix):
            return base[: -len(suffix)]
    return os.path.splitext(base)[0] or base


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _unsupported(name: str) -> RawArticle:
    kinds = ", ".join(sorted({s for s, _ in KIND_SUFFIXES}))
    suffix = os.path.splitext(name)[1]
    return RawArticle(_stem(name), name, error=(
        ErrorCode.unsupported_format,
        f"not read: {suffix} files are not articles this tool reads in a folder "
        f"({kinds}); name the file on its own to have it read as text"))


def _read_stdin(options: ReadOptions) -> Iterator[RawArticle]:
    """JSONL (streamed line by line) if the input opens with `{`, else one article (bounded read)."""
    max_chars = options.max_chars
    stream = sys.stdin.buffer
    head = stream.peek(4096)[:4096] if hasattr(stream, "peek") else b""
    first = head.removeprefix(codecs.BOM_UTF8).lstrip()[:1]
    if first == b"{" and b"\x00" not in head:
        yield from tables.jsonl_lines(stream, "-", "stdin", options)
        return
    limit = max_chars * TEXT_BYTES_PER_CHAR
    data = stream.read(limit + 1)
    if len(data) > limit:
        yield RawArticle("stdin", "-", error=(
            ErrorCode.too_large, f"input over {limit} bytes, more than the limit of {max_chars} characters"))
        return
    first = data.removeprefix(codecs.BOM_UTF8).lstrip()[:1]
    if first == b"{":
        yield from tables.jsonl_text(data, "-", "stdin", options)
    else:
        yield from_bytes(data, "-", "stdin", is_html=first == b"<", max_chars=max_chars)
