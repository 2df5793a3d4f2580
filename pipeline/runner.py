"""The runner: one article in, its records out, the stages in the order they run.

    read (`pipeline.inputs`) -> normalise -> segment -> extract (`extractors`)
    -> validate -> write (`pipeline.stages`)

`process_article` takes one `RawArticle` through normalise, segment (asking the
registered extractors which word windows they need), extract, and validate, and
returns its records: the `article` record first, then its facts in text order.
Every article yields an article record, with an `error` when it failed; a fault in
one article never stops the run. Each article runs under a time limit and a memory
limit (`pipeline.limits`). `written_article` is the same, the facts serialised as they
are validated: what a run writes. A whole run over many articles (workers, Dask,
resume, the summary) is `pipeline.execution.job.run`, which maps `written_article`
over the inputs; this module imports nothing of `execution/`.

Entry points: `process_article(raw)`, `written_article(raw)` (the same, as a run writes it),
`extract_text(text)`, `extract_files(paths)`, `find_in(text)`.
"""

from __future__ import annotations

import logging
import os
import signal
from collections import Counter
from functools import partial
from typing import Callable, Iterable, Iterator

from pydantic import BaseModel

from extractors.base import Found
from extractors.registry import find_facts, load_all, window_finders, word_windows
from pipeline.inputs.locations import check_exist
from pipeline.inputs.read import DEFAULT_MAX_CHARS, RawArticle, read_articles
from pipeline.limits.memory import ArticleOutOfMemory, memory_limit
from pipeline.limits.timeout import DEFAULT_TIMEOUT, ArticleTimeout, time_limit
from pipeline.stages.normalize import normalize
from pipeline.stages.segment import load_word_model, segment
from pipeline.stages.validate import iter_records
from pipeline.stages.write import Written
from schemas import ArticleError, ArticleRecord, ErrorCode, RejectedFact

Records = list[BaseModel]


def process_article(raw: RawArticle, segment_all: bool = False, timeout: float | None = None,
                    max_memory: int | None = None) -> Records:
    """All records for one article: its article record, then its facts.

    `timeout` (seconds; else `raw.timeout`, else `limits.DEFAULT_TIMEOUT`; 0 = none)
    bounds the extraction: an article over it gets an error record with code `timeout`.
    `max_memory` (bytes; else `raw.max_memory`; None or 0 = none) bounds the memory the
    extraction may add to the process (`limits.memory`): over it, code `out_of_memory`.
    """
    facts: list[BaseModel] = []
    article = _process(raw, segment_all, timeout, max_memory, facts.append)
    return [article, *facts] if article.error is None else [article]


def written_article(raw: RawArticle, segment_all: bool = False, timeout: float | None = None,
                    max_memory: int | None = None) -> Written:
    """`process_article`, with the facts serialised as they are validated (what a run writes)."""
    written = Written(article=None)  # the article record comes last: it counts the facts
    written.article = _process(raw, segment_all, timeout, max_memory, written.add)
    if written.article.error is not None:
        written.facts, written.types = bytearray(), Counter()
    return written


def _process(raw: RawArticle, segment_all: bool, timeout: float | None, max_memory: int | None,
             add: Callable[[BaseModel], None]) -> ArticleRecord:
    """Extract one article, handing each valid fact record to `add` in text order; return its
    article record (with an error, the facts handed over are not the article's: drop them)."""
    meta = dict(doc_id=raw.doc_id, source=raw.source, line=raw.line, title=raw.title, url=raw.url,
                published=raw.published, notes=list(raw.notes))
    if raw.error:
        code, message = raw.error
        return ArticleRecord(**meta, n_chars=0, error=ArticleError(code=code, message=message))
    assert raw.text is not None
    limit = next((t for t in (timeout, raw.timeout) if t is not None), DEFAULT_TIMEOUT)
    memory = next((m for m in (max_memory, raw.max_memory) if m is not None), None)
    error = None
    counted = _Counted(add)
    try:
        load_all()  # outside the limits: loading is not the article's time, nor its memory
        if memory:
            load_word_model(raw.text)  # underthesea_core only if the text may need it: not inside the limit
        with time_limit(limit), memory_limit(memory):
            _die_if_asked(raw.doc_id)
            rejected = _extract(raw.doc_id, raw.text, segment_all, counted, raw.published)
    except ArticleTimeout:
        error = ArticleError(code=ErrorCode.timeout, message=f"extraction took over the time limit of {limit:g} s")
    except ArticleOutOfMemory as exc:
        error = ArticleError(code=ErrorCode.out_of_memory, message=exc.message())
        logging.getLogger("rotation_facts").warning("%s: out of memory: %s", raw.doc_id, exc.measured())
    except MemoryError:  # no limit of ours: the machine itself ran out
        error = ArticleError(code=ErrorCode.out_of_memory, message="extraction ran out of memory (no --max-memory set)")
    except Exception as exc:  # one bad article must not stop a night's run
        error = ArticleError(code=ErrorCode.extraction_failed, message=f"{type(exc).__name__}: {exc}"[:500])
    if error is not None:
        return ArticleRecord(**meta, n_chars=len(raw.text), error=error)
    return ArticleRecord(**meta, n_chars=len(raw.text), n_facts=counted.n, rejected=rejected)


class _Counted:
    """`add`, counting the records handed to it."""

    def __init__(self, add: Callable[[BaseModel], None]):
        self.add, self.n = add, 0

    def __call__(self, record: BaseModel) -> None:
        self.add(record)
        self.n += 1


# TEST ONLY. Names an article whose extraction kills its own process with SIGKILL, as the
# OOM killer would: the tests use it to check that a run survives such an article. It acts
# only on a value of the form "sigkill-when-extracting:<doc_id>", so neither an empty
# variable nor a stray one can set it off; nothing outside the tests sets it.
TEST_KILL_VARIABLE = "ROTATION_FACTS_TEST_ONLY_KILL"
_TEST_KILL_PREFIX = "sigkill-when-extracting:"


def _die_if_asked(doc_id: str) -> None:
    wanted = os.environ.get(TEST_KILL_VARIABLE)
    if wanted and wanted.startswith(_TEST_KILL_PREFIX) and wanted[len(_TEST_KILL_PREFIX):] == doc_id:
        os.kill(os.getpid(), signal.SIGKILL)


def _extract(doc_id: str, text: str, segment_all: bool, add: Callable[[BaseModel], None],
             published: str | None = None) -> list[RejectedFact]:
    """Normalise, segment, extract and validate; each record goes to `add`, the rejected are returned.
    `published` (the article's date) lets an official's age give a birth year."""
    normalized = normalize(text)
    found = find_in(normalized.text, segment_all)
    rejected: list[RejectedFact] = []
    for record in iter_records(doc_id, normalized, found, rejected, published):  # empties `found` as it goes
        add(record)
    return rejected


def find_in(text: str, segment_all: bool = False) -> list[Found]:
    """The segment and extract stages: every registered extractor's facts in the normalised `text`.

    Words are segmented only in the windows the extractors ask for; `segment_all`
    segments every sentence whole instead: slower, and (tests check) the same facts.
    """
    windows = None if segment_all else partial(word_windows, finders=window_finders())
    return find_facts(segment(text, windows))


def extract_text(text: str, doc_id: str = "text", published: str | None = None) -> Records:
    """One article's text in, its validated records out (article record first).

    `published` (YYYY-MM-DD), when known, lets an official's stated age give a birth year.
    """
    return process_article(RawArticle(doc_id=doc_id, source="<text>", text=text, published=published))


def extract_files(paths: Iterable[str], max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Records]:
    """Records per article, for every article under `paths`, in input order.

    A path that names nothing is refused at once with `InputNotFound` (a ValueError), before
    anything is read, as `pipeline.run` refuses it: a typo must not cost a silent error
    record. A file that exists but cannot be read is an article with `read_failed`."""
    paths = list(paths)
    check_exist(paths)
    return (process_article(raw) for raw in read_articles(paths, max_chars=max_chars))
