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

An article that kills its process (the OOM killer, a crash in native code)
would kill every resumed run in turn. So the run notes, in `OUT.jsonl.inflight`,
the article it is working on (`InFlight`; with workers, the first article not
yet written) before it starts it; the note is removed when the run ends, even
by an exception or Ctrl-C, so only a run that died leaves it. On `--resume`,
the noted article, if it is the first one left, is retried once, alone, in a
process of its own (`process_isolated`); if that process dies too (or the run
dies again during that retry), the article gets an error record with code
`crashed` and the run goes on.

Entry points: `load_partial(out, on_article)`, `skip_done(articles, done)`,
`InFlight(out)`, `read_in_flight(out)`.
"""

from __future__ import annotations

import json
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



# --- the article in flight -------------------------------------------------------


def in_flight_path(out: str) -> str:
    return out + ".inflight"


def key_of(raw: RawArticle) -> Key:
    return (raw.source, raw.doc_id, raw.line)


@dataclass
class InFlightNote:
    """What a run that died was working on."""

    key: Key
    isolated: bool  # it was already being retried in a process of its own


class InFlight:
    """The note of the article a run is working on, kept in one small file beside the output.

    Written before each article starts (a write into the page cache: it outlives a killed
    process, and costs microseconds), removed by `close` when the run ends however it ends,
    except by death.
    """

    def __init__(self, out: str):
        self.path = in_flight_path(out)
        self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        self.current: Key | None = None

    def started(self, raw: RawArticle, isolated: bool = False) -> None:
        key = key_of(raw)
        if key == self.current and not isolated:
            return
        self.current = key
        note = json.dumps({"source": key[0], "doc_id": key[1], "line": key[2], "isolated": isolated},
                          ensure_ascii=False).encode("utf-8") + b"\n"
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, note, 0)

    def close(self) -> None:
        os.close(self.fd)
        if os.path.exists(self.path):
            os.unlink(self.path)


def read_in_flight(out: str) -> InFlightNote | None:
    """The note a run that died left, if any (a damaged note counts as none)."""
    try:
        with open(in_flight_path(out), encoding="utf-8") as fh:
            note = json.loads(fh.read())
        return InFlightNote((note["source"], note["doc_id"], note["line"]), bool(note["isolated"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
