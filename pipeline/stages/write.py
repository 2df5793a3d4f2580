"""Stage 6, write: records as JSON Lines, one per line, keys in model order.

UTF-8 without ASCII escaping, so Vietnamese stays readable in a diff. `-o FILE`
is written to `FILE.part` beside it, one article at a time, and renamed into
place when the run ends, so a killed run never leaves a truncated file that
looks complete, and `--resume` can continue from the part file.

A run does not hand the writer an article's records but its `Written` form: the
article record, and its facts already as JSON Lines (UTF-8 bytes, serialised one by
one as they are validated). An article of a hundred thousand facts (a scraped index
of document numbers) then never holds them all as objects, and a worker process ships
bytes to the main one instead of a hundred thousand pickled models.

Entry point: `write_written(fh, written)`, one article into the file `open_output(path)`
gives (what a run calls); `record_line(record)` serialises one record. `write_records(articles,
path)` (with `write_article(fh, records)`) writes lists of records, for notebooks and tests.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Iterable, Iterator

from pydantic import BaseModel

from pipeline.inputs.locations import filesystem, is_url

try:
    import fcntl  # POSIX: lock the part file against a second run on the same output
except ImportError:  # Windows: no lock
    fcntl = None


def record_line(record: BaseModel) -> str:
    """One record as one JSON line (with the newline)."""
    return json.dumps(record.model_dump(mode="json"), ensure_ascii=False) + "\n"


# Lines joined per write: one article may have a hundred thousand facts (a scraped index of
# document numbers), and joining them all at once would hold its whole output twice over.
LINES_PER_WRITE = 256


def write_article(fh: IO[str], records: list[BaseModel]) -> None:
    """One article's records, in batches of lines (most articles: one write)."""
    for first in range(0, len(records), LINES_PER_WRITE):
        fh.write("".join(record_line(r) for r in records[first:first + LINES_PER_WRITE]))


@dataclass
class Written:
    """One article as it is written: its article record, its facts as JSON Lines (UTF-8), and
    how many facts of each type those lines hold."""

    article: BaseModel | None  # None only while its facts are being added: it counts them
    facts: bytearray = field(default_factory=bytearray)
    types: Counter = field(default_factory=Counter)

    def add(self, record: BaseModel) -> None:
        """Append one fact record (serialised now: the record itself need not be kept)."""
        self.facts += record_line(record).encode("utf-8")
        self.types[record.type] += 1

    @classmethod
    def of(cls, records: list[BaseModel]) -> "Written":
        written = cls(records[0])
        for record in records[1:]:
            written.add(record)
        return written


def write_written(fh: IO[str], written: Written) -> None:
    """The article line, then its facts' bytes as they are."""
    fh.write(record_line(written.article))
    if not written.facts:
        return
    binary = getattr(fh, "buffer", None)
    if binary is None:  # a text stream with no bytes underneath (io.StringIO)
        fh.write(written.facts.decode("utf-8"))
        return
    fh.flush()
    binary.write(written.facts)
    binary.flush()  # whole articles reach the file, as with line-buffered text


PART_SUFFIX = ".part"


class OutputBusy(Exception):
    """Another run is writing the same output file."""


def part_path(path: str) -> str:
    """Where `-o path` grows while the run lasts: `path.part`, renamed to `path` at the end."""
    return path + PART_SUFFIX


@contextmanager
def open_output(path: str | None, keep_partial: bool = False, resume_at: int | None = None,
                storage: dict | None = None) -> Iterator[IO[str]]:
    """Standard output for None or '-'; otherwise a file that appears only when complete.

    A URL (`s3://bucket/facts.jsonl`) is written through fsspec (`storage`: its
    options); object stores make it appear only when complete too (the upload is
    finished on close). `resume_at` does not apply to URLs.

    Records go to `path.part`, line-buffered, so each article's records reach
    the file as soon as they are written and a killed run leaves every finished
    article on disk; at the end the part file is synced and renamed to `path`.
    `resume_at` keeps the first that many bytes of an existing part file and
    appends after them (`--resume`). `keep_partial` keeps the part file when
    the run fails (the runner always keeps it, for `--resume`). A second run
    writing the same file at the same time is refused (`OutputBusy`).
    """
    if path in (None, "-"):
        yield sys.stdout
        sys.stdout.flush()
        return
    if is_url(path):
        yield from _open_url(path, storage or {})
        return
    part = part_path(path)
    fd = os.open(part, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise OutputBusy(f"{part} is locked: another run is writing {path}") from None
    ok = False
    try:
        os.ftruncate(fd, resume_at or 0)
        os.lseek(fd, 0, os.SEEK_END)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n", buffering=1) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
            os.replace(part, path)  # still holding the lock
        ok = True
    finally:
        if not ok and not keep_partial and os.path.exists(part):
            os.unlink(part)


def _open_url(url: str, storage: dict) -> Iterator[IO[str]]:
    import io

    fs, inner = filesystem(url, storage)
    raw = fs.open(inner, "wb", autocommit=False)  # the object appears on commit, whole
    text = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
    try:
        yield text
        text.flush()
        text.detach()
        raw.close()
        raw.commit()
    except BaseException:
        raw.discard()
        raise


def write_records(articles: Iterable[Iterable[BaseModel]], path: str | None) -> int:
    """Write each article's records (its article record, then its facts) to `path`
    (standard output for None or '-'), atomically; return how many articles were written."""
    n = 0
    with open_output(path) as fh:
        for records in articles:
            write_article(fh, list(records))
            n += 1
    return n
