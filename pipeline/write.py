"""Stage 6, write: records as JSON Lines, one per line, keys in model order.

UTF-8 without ASCII escaping, so Vietnamese stays readable in a diff. `-o FILE`
is written to a temporary file beside it and renamed into place when the run
ends, so a killed run never leaves a truncated file that looks complete.

Entry points: `record_line(record)`, `open_output(path)`.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from contextlib import contextmanager
from typing import IO, Iterator

from pydantic import BaseModel


def record_line(record: BaseModel) -> str:
    """One record as one JSON line (with the newline)."""
    return json.dumps(record.model_dump(mode="json"), ensure_ascii=False) + "\n"


@contextmanager
def open_output(path: str | None, keep_partial: bool = False) -> Iterator[IO[str]]:
    """Standard output for None or '-'; otherwise a file that appears only when complete.

    `keep_partial` keeps the temporary file on failure (for `--resume`).
    """
    if path in (None, "-"):
        yield sys.stdout
        sys.stdout.flush()
        return
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=os.path.basename(path) + ".", suffix=".part", dir=directory)
    ok = False
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        ok = True
    finally:
        if not ok and not keep_partial and os.path.exists(tmp):
            os.unlink(tmp)
