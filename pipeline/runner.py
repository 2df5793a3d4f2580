"""The runner: articles in, records out, one article at a time, the stages in the order they run.

    read (`pipeline.inputs`) -> normalise -> segment -> extract (`extractors`)
    -> validate -> write (`pipeline.stages`)

`process_article` takes one `RawArticle` through normalise, segment (asking the
registered extractors which word windows they need), extract, and validate, and
returns its records: the `article` record first, then its facts in text order.
Every article yields an article record, with an `error` when it failed; a fault in
one article never stops the run. Each article runs under a time limit and a memory
limit (`execution.limits`, `execution.memory`). `run` reads the inputs, has
`written_article` (the same, the facts serialised as they are validated) mapped over
them by worker processes (one by default), this process or Dask (`pipeline.execution`),
and writes what comes back; a Dask run over files or URLs goes to
`execution.distributed.run_on_cluster` instead, whose workers read the inputs and write
the records themselves (in the same `written_article` form).

Entry points: `process_article(raw)`, `written_article(raw)` (the same, as a run writes it),
`extract_text(text)`, `extract_files(paths)`, `find_in(text)`, `run(paths, out)`.
"""

from __future__ import annotations

import itertools
import logging
import os
import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import partial
from typing import IO, TYPE_CHECKING, Callable, Iterable, Iterator

from pydantic import BaseModel

if TYPE_CHECKING:
    from pipeline.execution.resume import InFlight, InFlightNote

from extractors.base import Found
from extractors.registry import find_facts, load_all, window_finders, word_windows
from pipeline.inputs.locations import is_url
from pipeline.inputs.read import DEFAULT_MAX_CHARS, RawArticle, ReadOptions, read_articles
from pipeline.stages.normalize import normalize
from pipeline.stages.segment import load_word_model, segment
from pipeline.stages.validate import iter_records
from pipeline.stages.write import Written, open_output, write_written
from schemas import NOT_ARTICLE_CODES, ArticleError, ArticleRecord, ErrorCode, RejectedFact

Records = list[BaseModel]


def process_article(raw: RawArticle, segment_all: bool = False, timeout: float | None = None,
                    max_memory: int | None = None) -> Records:
    """All records for one article: its article record, then its facts.

    `timeout` (seconds; else `raw.timeout`, else `limits.DEFAULT_TIMEOUT`; 0 = none)
    bounds the extraction: an article over it gets an error record with code `timeout`.
    `max_memory` (bytes; else `raw.max_memory`; None or 0 = none) bounds the memory the
    extraction may add to the process (`execution.memory`): over it, code `out_of_memory`.
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
    from pipeline.execution.limits import DEFAULT_TIMEOUT, ArticleTimeout, time_limit
    from pipeline.execution.memory import ArticleOutOfMemory, memory_limit

    limit = next((t for t in (timeout, raw.timeout) if t is not None), DEFAULT_TIMEOUT)
    memory = next((m for m in (max_memory, raw.max_memory) if m is not None), None)
    error = None
    counted = _Counted(add)
    try:
        load_all()  # outside the limits: loading is not the article's time, nor its memory
        if memory:
            load_word_model()
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
    """Records per article, for every article under `paths`, in input order."""
    for raw in read_articles(paths, max_chars=max_chars):
        yield process_article(raw)


@dataclass
class Summary:
    """What a run did: articles, failures by code, facts by type; the records of an
    input that are not articles by design (a web archive's images, redirects,
    revisits: `NOT_ARTICLE_CODES`) are counted apart, as `skipped`, and are no failure."""

    articles: int = 0
    failed: int = 0
    errors: Counter = field(default_factory=Counter)
    facts: Counter = field(default_factory=Counter)
    rejected: int = 0
    skipped: Counter = field(default_factory=Counter)
    chars: int = 0
    seconds: float = 0.0

    def add(self, records: Records) -> None:
        self.add_article(records[0], Counter(r.type for r in records[1:]))

    def add_written(self, written: Written) -> None:
        self.add_article(written.article, written.types)

    def add_article(self, article: ArticleRecord, types: Counter) -> None:
        if article.error and article.error.code in NOT_ARTICLE_CODES:
            self.skipped[article.error.code.value] += 1
            return
        self.articles += 1
        self.chars += article.n_chars
        if article.error:
            self.failed += 1
            self.errors[article.error.code.value] += 1
        self.rejected += len(article.rejected)
        self.facts.update(types)

    def merge(self, other: "Summary") -> None:
        """Add the counts of another part of the run (a Dask worker's piece)."""
        self.articles += other.articles
        self.failed += other.failed
        self.errors.update(other.errors)
        self.facts.update(other.facts)
        self.rejected += other.rejected
        self.skipped.update(other.skipped)
        self.chars += other.chars

    def line(self) -> str:
        facts = ", ".join(f"{t}s {self.facts[t]}" for t in ("citation", "count", "official"))
        errors = "".join(f" [{c}: {n}]" for c, n in sorted(self.errors.items()))
        skipped = sum(self.skipped.values())
        others = (f"; not articles {skipped}" + "".join(f" [{c}: {n}]" for c, n in sorted(self.skipped.items()))
                  if skipped else "")
        return (f"articles read {self.articles}, written {self.articles - self.failed}, failed {self.failed}{errors}"
                f"{others}; {facts}; rejected facts {self.rejected}; {self.seconds:.1f} s")


def run(paths: list[str], out: str | None, max_chars: int = DEFAULT_MAX_CHARS,
        progress: IO[str] | None = sys.stderr, jobs: int = 1, engine: str = "local",
        scheduler: str | None = None, show_progress: bool | None = None,
        timeout: float | None = None, resume: bool = False, max_memory: int | None = None,
        in_process: bool = False, options: ReadOptions | None = None) -> Summary:
    """Extract every article under `paths` to `out` (JSONL; stdout for None).

    `jobs` worker processes, one by default, extracting while this process reads and writes
    (`in_process` with one job: no worker), or Dask workers with `engine="dask"`, on the
    cluster at `scheduler`; the output is the same whatever the engine. With Dask, the workers
    read the inputs and write the records themselves (`execution.distributed`; `out` may then
    be a folder, `DIR/`, for numbered parts and a manifest), except for standard input and
    `resume`, which this process reads. A progress bar goes to `progress` when it is a
    terminal (`show_progress` True forces it, False hides it).
    `timeout`: seconds per article (None: `limits.DEFAULT_TIMEOUT`, 0: none). `max_memory`:
    bytes one article may add to its process (None or 0: no limit; the command line's default
    is `memory.default_max_memory(jobs)`; not applied in Dask workers, see `parallel._DaskPool`).
    `resume` continues an interrupted run writing `out` (see `pipeline.execution.resume`),
    retrying alone the article a dead run was working on; the summary then counts the articles
    kept from it too. `options`: field names and storage options for the readers (`max_chars`
    overrides its size limit).
    """
    started = time.perf_counter()
    from pipeline.execution.limits import with_limits
    from pipeline.execution.parallel import process_stream
    from pipeline.execution.progress import progress_bar
    from pipeline.execution.resume import InFlight, load_partial, read_in_flight, skip_done

    options = replace(options or ReadOptions(), max_chars=max_chars)
    if engine == "dask" and not resume and "-" not in paths:
        from pipeline.execution.distributed import run_on_cluster

        with progress_bar(progress, show_progress) as bar:
            summary = run_on_cluster(paths, out, options, jobs=jobs, scheduler=scheduler, timeout=timeout, bar=bar)
        summary.seconds = time.perf_counter() - started
        return summary
    summary = Summary()
    articles = with_limits(read_articles(paths, options=options), timeout, max_memory)
    resume_at = None
    suspect = None
    if resume and out not in (None, "-"):
        partial = load_partial(out, summary.add)
        articles, resume_at = skip_done(articles, partial.done), partial.size
        suspect = read_in_flight(out)
        if progress:
            print(f"resuming: {len(partial.done)} articles kept from {partial.path}"
                  f"{f', {partial.dropped_bytes} bytes of an unfinished article dropped' if partial.dropped_bytes else ''}",
                  file=progress)
    with open_output(out, keep_partial=True, resume_at=resume_at, storage=options.storage()) as fh, \
            progress_bar(progress, show_progress) as bar:
        # the note of the article in flight sits beside a local output (--resume needs one)
        in_flight = InFlight(out) if out not in (None, "-") and not is_url(out) else None
        try:
            if suspect is not None:
                articles = _retry_suspect(articles, suspect, in_flight, fh, summary, bar, progress)
            for written in process_stream(articles, jobs=jobs, engine=engine, scheduler=scheduler,
                                          on_start=in_flight.started if in_flight else None,
                                          in_process=in_process, written=True):
                write_written(fh, written)
                summary.add_written(written)
                bar.update(written.article)
        finally:
            if in_flight:
                in_flight.close()  # reached unless the process dies: only a dead run leaves the note
    summary.seconds = time.perf_counter() - started
    return summary


def _retry_suspect(articles: Iterator[RawArticle], suspect: "InFlightNote", in_flight: "InFlight", fh: IO[str],
                   summary: Summary, bar, progress: IO[str] | None) -> Iterator[RawArticle]:
    """The run that is being resumed died on `suspect` (its in-flight note): if that is the next
    article, retry it alone in a process of its own, or, if it had been retried so already, give
    it a `crashed` record; write its records; return the articles after it."""
    from pipeline.execution.parallel import crashed_record, process_isolated
    from pipeline.execution.resume import key_of

    first = next(articles, None)
    if first is None:
        return iter(())
    if key_of(first) != suspect.key:
        return itertools.chain([first], articles)  # it had been written: nothing to retry
    if suspect.isolated:
        records = crashed_record(first)  # the run died again while it was retried alone
    else:
        if progress:
            print(f"the interrupted run died while extracting {first.doc_id!r}: retrying it alone", file=progress)
        in_flight.started(first, isolated=True)
        records = process_isolated(first)
    written = Written.of(records)
    write_written(fh, written)
    summary.add_written(written)
    bar.update(written.article)
    return articles
