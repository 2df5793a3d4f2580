"""`--resume`: continue a run that was killed, from the articles it finished.

A run with `-o OUT.jsonl` writes `OUT.jsonl.part` one article at a time (the
article record, then its `n_facts` fact records) and renames it to
`OUT.jsonl` at the end. A killed run leaves the part file. Resuming

1. reads the part file and keeps its longest prefix of complete articles: every
   line whole and valid JSON, each article followed by exactly its `n_facts`
   facts; the rest (the article that was being written) is cut off;
2. reads the inputs again, in the same order, and skips as many articles as
   were kept, checking each skipped one is the article recorded (same source,
   line and doc id), so changed inputs are an error rather than a silent mix;
3. processes the remaining articles, appending to the part file.

Articles come out in input order whatever the engine, so a resumed run's
output is byte for byte the output of an uninterrupted run. If there is no
part file but `OUT.jsonl` exists (the run had finished), it is taken as the
part file: only articles added to the inputs since are processed.

Entry points: `load_partial(out, on_article)`, `skip_done(articles, done)`.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from pydantic import TypeAdapter, ValidationError

from pipeline.inputs.read import RawArticle
from pipeline.stages.write import part_path
from schemas.records import AnyRecord

Key = tuple[str, str, "int | None"]  # (source, doc_id, line) of an article


class ResumeError(Exception):
    """The part file or the inputs do not allow the run to be continued."""


@dataclass
class Partial:
    """What an interrupted run finished."""

    path: str                 # the part file
    size: int = 0             # bytes of complete articles (the rest is cut off)
    done: list[Key] = field(default_factory=list)
    dropped_bytes: int = 0    # bytes of the unfinished article, cut off


def load_partial(out: str, on_article: Callable[[list], None] | None = None) -> Partial:
    """The complete articles of the run writing `out`; `on_article(records)` for each.

    No part file and no `out`: nothing done, the run starts from the beginning.
    """
    part = part_path(out)
    if not os.path.exists(part):
        if not os.path.exists(out):
            return Partial(part)
        shutil.copyfile(out, part)  # a finished run: continue it with any new inputs
    adapter = TypeAdapter(AnyRecord)
    partial = Partial(part)
    with open(part, "rb") as fh:
        offset = 0
        group: list = []
        wanted = 0  # fact lines still expected for the article in `group`
        for number, raw_line in enumerate(fh, 1):
            if not raw_line.endswith(b"\n"):
                break  # cut off in the middle of a line
            try:
                record = adapter.validate_json(raw_line)
            except (ValidationError, ValueError):
                if not group:
                    raise ResumeError(f"{part}, line {number}: not a record of this tool; "
                                      "run without --resume to start over") from None
                break  # a damaged line in the unfinished article
            if record.type == "article":
                if wanted:
                    break  # the previous article lost facts: it is the unfinished one
                group, wanted = [record], record.n_facts
            elif not group or not wanted:
                raise ResumeError(f"{part}, line {number}: a fact record outside any article; "
                                  "run without --resume to start over")
            else:
                group.append(record)
                wanted -= 1
            if group and not wanted:  # an article is complete
                offset_after = offset + len(raw_line)
                partial.size = offset_after
                article = group[0]
                partial.done.append((article.source, article.doc_id, article.line))
                if on_article:
                    on_article(group)
                group = []
            offset += len(raw_line)
        partial.dropped_bytes = os.path.getsize(part) - partial.size
    return partial


def skip_done(articles: Iterable[RawArticle], done: list[Key]) -> Iterator[RawArticle]:
    """The articles after the first `len(done)`, which must be the `done` ones, in order."""
    stream = iter(articles)
    for index, key in enumerate(done):
        raw = next(stream, None)
        if raw is None:
            raise ResumeError(f"the inputs now hold {index} articles, but the interrupted run had finished "
                              f"{len(done)}; run without --resume to start over")
        found = (raw.source, raw.doc_id, raw.line)
        if found != key:
            raise ResumeError(f"article {index + 1} of the inputs is {_show(found)}, but the interrupted run "
                              f"wrote {_show(key)} there: the inputs changed; run without --resume to start over")
    yield from stream


def _show(key: Key) -> str:
    source, doc_id, line = key
    return f"{doc_id!r} ({source}{'' if line is None else f', line {line}'})"

