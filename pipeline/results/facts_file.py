"""Read a facts file (the JSONL `rotation-facts extract` writes), grouped by article.

Shared by `review`, `diff` and `export`. Records are kept as plain dicts, so a
file written by an older or newer version of the models can still be compared
and reviewed; `export` validates them against the models itself.

Entry points: `load_run(path) -> dict[doc_id, ArticleFacts]` (in file order),
`run_identity(path)` (what judgments of the run carry, to be matched with it);
`numbered_lines(path, error)`, the JSON Lines reading this and `judgments` share.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from schemas.records import FACT_MODELS

FACT_TYPES = tuple(FACT_MODELS)


class FactsFileError(ValueError):
    """The facts file is not JSONL of records: says which line and why."""


@dataclass
class ArticleFacts:
    """One article's record (None when the file has facts but no article line) and its facts."""

    doc_id: str
    article: dict | None = None
    facts: list[dict] = field(default_factory=list)
    line: int = 0  # line of the article record (or of its first fact) in the file


def numbered_lines(path: str | Path, error: type[Exception]) -> Iterator[tuple[int, str]]:
    """The non-blank lines of a JSON Lines file, each with its line number (from 1), for a
    reader to parse as its own kind of line; a file that cannot be read as UTF-8 raises `error`.
    (The dataset's reader streams bytes through orjson instead: `dataset.load`.)"""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"cannot read {path}: {exc}") from exc
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield number, line


def read_records(path: str | Path) -> list[tuple[int, dict]]:
    """Every record in the file with its line number; raises `FactsFileError` on a bad line."""
    return [(number, parse_record(path, number, line)) for number, line in numbered_lines(path, FactsFileError)]


def parse_record(path: str | Path, number: int, line: str | bytes,
                 loads: Callable[[str | bytes], object] = json.loads) -> dict:
    """Line `number` of `path`, decoded with `loads`, if it is an article or fact record (a
    JSON object with a `doc_id`, a known `type`, a fact's `[start, end]` span); else
    `FactsFileError`. The dataset passes orjson's `loads` (it reads millions of lines), whose
    decoding error is a `json.JSONDecodeError` too."""
    try:
        obj = loads(line)
    except json.JSONDecodeError as exc:
        raise FactsFileError(f"{path}:{number}: not JSON ({exc.msg})") from exc
    return _check_record(path, number, obj)


def _check_record(path: str | Path, number: int, obj: object) -> dict:
    if not isinstance(obj, dict) or not isinstance(obj.get("doc_id"), str):
        raise FactsFileError(f"{path}:{number}: not a record (a JSON object with a 'doc_id')")
    kind = obj.get("type")
    if kind != "article" and kind not in FACT_TYPES:
        raise FactsFileError(f"{path}:{number}: unknown record type {kind!r}")
    if kind in FACT_TYPES and not _is_span(obj.get("span")):
        raise FactsFileError(f"{path}:{number}: a {kind} needs 'span': [start, end]")
    return obj


def _is_span(value: object) -> bool:
    return (isinstance(value, list) and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value))


def load_run(path: str | Path) -> dict[str, ArticleFacts]:
    """The records of one run, grouped by article, in file order.

    Keys are doc_ids. Facts belong to the latest article record with their doc_id
    (the writer puts an article's facts right after it); when two inputs share a
    doc_id, the second is keyed `doc_id#2`, the third `doc_id#3`, and so on.
    """
    run: dict[str, ArticleFacts] = {}
    current: dict[str, str] = {}  # doc_id -> key of its latest article
    for number, record in read_records(path):
        doc_id = record["doc_id"]
        if record["type"] == "article":
            key = _free_key(run, doc_id)
            current[doc_id] = key
            run[key] = ArticleFacts(doc_id, article=record, line=number)
            continue
        key = current.setdefault(doc_id, doc_id)
        if key not in run:
            run[key] = ArticleFacts(doc_id, line=number)
        run[key].facts.append(record)
    return run


def _free_key(run: dict[str, ArticleFacts], doc_id: str) -> str:
    if doc_id not in run:
        return doc_id
    n = 2
    while f"{doc_id}#{n}" in run:
        n += 1
    return f"{doc_id}#{n}"


def run_identity(path: str | Path) -> str:
    """The run's identity: the first 16 hex digits of the SHA-256 of the facts file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]
