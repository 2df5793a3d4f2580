"""Read `extract` outputs into one version of each article, keyed by doc_id.

Input files are read in batches: a build's own inputs are one batch; each
`--add` is a later batch. Within a batch, files are read in the order of their
content hash, so the order they were named in does not matter. An article (its
`article` record and the facts after it) is identified by its doc_id and the
hash of its records:

* the same doc_id with the same records, seen again (the same file given twice,
  overlapping runs): kept once;
* the same doc_id with different records within one batch: an error naming the
  doc_ids, since nothing but the order of the inputs could choose between them;
* in a later batch: the later version replaces the earlier one (a re-extraction
  with a newer extractor supersedes the old facts), and is reported.

Records are read line by line and handed on one article at a time, so memory
holds one article's records, not the file.

Entry points: `read_batches(batches) -> Loaded`, `iter_file_articles(path)`, `file_sha256(path)`.
"""

from __future__ import annotations

import hashlib

import orjson
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from pipeline.results.facts_file import FactsFileError, parse_record

CHUNK = 1 << 20


class DuplicateDocIds(ValueError):
    """Different records for one doc_id in inputs given together."""


@dataclass
class RawArticle:
    """One article's records as read: the `article` record (None if the file has none) and its facts."""

    doc_id: str
    sha256: str
    article: dict | None
    facts: list[dict]


@dataclass
class Loaded:
    """What reading the batches found, besides the articles handed on."""

    articles: int = 0
    duplicates: int = 0  # identical copies skipped
    replaced: list[str] = field(default_factory=list)  # doc_ids whose later version replaced an earlier one


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def iter_file_articles(path: str | Path) -> Iterator[RawArticle]:
    """The articles of one facts file, in file order, each with the hash of its record lines."""
    doc_id, article, facts, digest = None, None, [], None
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise FactsFileError(f"cannot read {path}: {exc}") from exc
    with fh:
        for number, raw in enumerate(fh, 1):
            line = raw.strip()
            if not line:
                continue
            record = parse_record(path, number, line, orjson.loads)
            kind = record["type"]
            if kind == "article" or record["doc_id"] != doc_id:
                if doc_id is not None:
                    yield RawArticle(doc_id, digest.hexdigest(), article, facts)
                doc_id, article, facts, digest = record["doc_id"], None, [], hashlib.sha256()
            digest.update(line + b"\n")
            if kind == "article":
                article = record
            else:
                facts.append(record)
    if doc_id is not None:
        yield RawArticle(doc_id, digest.hexdigest(), article, facts)


def read_batches(batches: list[list[Path]], keep: Callable[[RawArticle], object]) -> tuple[dict[str, object], Loaded]:
    """Every article of the batches, one version per doc_id, as `keep(article)` makes it.

    `keep` turns an article's raw records into what the caller holds on to (a compact
    form), so the raw records of all articles are never in memory at once. Returns
    doc_id -> kept, with what was skipped or replaced.
    """
    kept: dict[str, object] = {}
    version: dict[str, tuple[int, str]] = {}  # doc_id -> (batch, sha256) of the kept version
    loaded = Loaded()
    for batch_number, files in enumerate(batches):
        clashes: dict[str, set[str]] = {}
        for path in files:
            for raw in iter_file_articles(path):
                seen = version.get(raw.doc_id)
                if seen is not None and seen[1] == raw.sha256:
                    loaded.duplicates += 1
                    continue
                if seen is not None and seen[0] == batch_number:
                    clashes.setdefault(raw.doc_id, {seen[1]}).add(raw.sha256)
                    continue
                if seen is not None:
                    loaded.replaced.append(raw.doc_id)
                version[raw.doc_id] = (batch_number, raw.sha256)
                try:
                    kept[raw.doc_id] = keep(raw)
                except (KeyError, TypeError, ValueError, AttributeError) as exc:
                    raise FactsFileError(f"{path}: article {raw.doc_id}: a record is not as `extract` writes it "
                                         f"({type(exc).__name__}: {exc})") from exc
        if clashes:
            shown = ", ".join(sorted(clashes)[:10]) + (" ..." if len(clashes) > 10 else "")
            raise DuplicateDocIds(
                f"{len(clashes)} doc_id(s) have different records in the inputs given together: {shown}. "
                "Give each article its own doc_id, or add the newer extraction later with --add to replace the old one.")
    loaded.articles = len(kept)
    loaded.replaced = sorted(set(loaded.replaced))
    return kept, loaded
