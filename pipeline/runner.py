"""The runner: articles in, records out, one article at a time, the stages in the order they run.

    read (`pipeline.inputs`) -> normalise -> segment -> extract (`extractors`)
    -> validate -> write (`pipeline.stages`)

`process_article` takes one `RawArticle` through normalise, segment (asking the
registered extractors which word windows they need), extract, and validate, and
returns its records: the `article` record first, then its facts in text order.
Every article yields an article record, with an `error` when it failed; a fault in
one article never stops the run. `run` reads the inputs, maps `process_article`
over them (in this process, worker processes or Dask: `pipeline.execution`) and
writes the records.

Entry points: `process_article(raw)`, `extract_text(text)`, `extract_files(paths)`,
`find_in(text)`, `run(paths, out)`.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import partial
from typing import IO, Iterable, Iterator

from pydantic import BaseModel

from extractors.base import Found
from extractors.registry import find_facts, load_all, window_finders, word_windows
from pipeline.inputs.read import DEFAULT_MAX_CHARS, RawArticle, ReadOptions, read_articles
from pipeline.stages.normalize import normalize
from pipeline.stages.segment import segment
from pipeline.stages.validate import to_records
from pipeline.stages.write import open_output, record_line
from schemas import NOT_ARTICLE_CODES, ArticleError, ArticleRecord, ErrorCode

Records = list[BaseModel]


def process_article(raw: RawArticle, segment_all: bool = False, timeout: float | None = None) -> Records:
    """All records for one article: its article record, then its facts.

    `timeout` (seconds; else `raw.timeout`, else `limits.DEFAULT_TIMEOUT`; 0 = none)
    bounds the extraction: an article over it gets an error record with code `timeout`.
    """
    meta = dict(doc_id=raw.doc_id, source=raw.source, line=raw.line, title=raw.title, url=raw.url,
                published=raw.published, notes=list(raw.notes))
    if raw.error:
        code, message = raw.error
        return [ArticleRecord(**meta, n_chars=0, error=ArticleError(code=code, message=message))]
    assert raw.text is not None
    from pipeline.execution.limits import DEFAULT_TIMEOUT, ArticleTimeout, time_limit

    limit = next((t for t in (timeout, raw.timeout) if t is not None), DEFAULT_TIMEOUT)
    try:
        load_all()  # outside the time limit: loading is not the article's time
        with time_limit(limit):
            facts, rejected = _extract(raw.doc_id, raw.text, segment_all, raw.published)
    except ArticleTimeout:
        error = ArticleError(code=ErrorCode.timeout, message=f"extraction took over the time limit of {limit:g} s")
        return [ArticleRecord(**meta, n_chars=len(raw.text), error=error)]
    except Exception as exc:  # one bad article must not stop a night's run
        error = ArticleError(code=ErrorCode.extraction_failed, message=f"{type(exc).__name__}: {exc}"[:500])
        return [ArticleRecord(**meta, n_chars=len(raw.text), error=error)]
    article = ArticleRecord(**meta, n_chars=len(raw.text), n_facts=len(facts), rejected=rejected)
    return [article, *facts]


def _extract(doc_id: str, text: str, segment_all: bool, published: str | None = None):
    normalized = normalize(text)
    return to_records(doc_id, normalized, find_in(normalized.text, segment_all), published)


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
        article = records[0]
        if article.error and article.error.code in NOT_ARTICLE_CODES:
            self.skipped[article.error.code.value] += 1
            return
        self.articles += 1
        self.chars += article.n_chars
        if article.error:
            self.failed += 1
            self.errors[article.error.code.value] += 1
        self.rejected += len(article.rejected)
        for r in records[1:]:
            self.facts[r.type] += 1

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
        timeout: float | None = None, resume: bool = False, options: ReadOptions | None = None) -> Summary:
    """Extract every article under `paths` to `out` (JSONL; stdout for None).

    `jobs` worker processes (or Dask workers with `engine="dask"`, on the cluster at
    `scheduler`); the output is the same whatever the engine. With Dask, the workers read
    the inputs and write the records themselves (`execution.distributed`; `out` may then
    be a folder, `DIR/`, for numbered parts and a manifest), except for standard input
    and `resume`, which the client reads. A progress bar goes to
    `progress` when it is a terminal (`show_progress` True forces it, False hides it).
    `timeout`: seconds per article (None: `limits.DEFAULT_TIMEOUT`, 0: none). `resume`
    continues an interrupted run writing `out` (see `pipeline.execution.resume`); the summary
    then counts the articles kept from it too. `options`: field names and storage options
    for the readers (`max_chars` overrides its size limit).
    """
    started = time.perf_counter()
    from pipeline.execution.parallel import process_stream
    from pipeline.execution.progress import progress_bar

    from pipeline.execution.limits import with_timeout
    from pipeline.execution.resume import load_partial, skip_done

    options = replace(options or ReadOptions(), max_chars=max_chars)
    if engine == "dask" and not resume and "-" not in paths:
        from pipeline.execution.distributed import run_on_cluster

        with progress_bar(progress, show_progress) as bar:
            summary = run_on_cluster(paths, out, options, jobs=jobs, scheduler=scheduler, timeout=timeout, bar=bar)
        summary.seconds = time.perf_counter() - started
        return summary
    summary = Summary()
    articles = with_timeout(read_articles(paths, options=options), timeout)
    resume_at = None
    if resume and out not in (None, "-"):
        partial = load_partial(out, summary.add)
        articles, resume_at = skip_done(articles, partial.done), partial.size
        if progress:
            print(f"resuming: {len(partial.done)} articles kept from {partial.path}"
                  f"{f', {partial.dropped_bytes} bytes of an unfinished article dropped' if partial.dropped_bytes else ''}",
                  file=progress)
    with open_output(out, keep_partial=True, resume_at=resume_at, storage=options.storage()) as fh, \
            progress_bar(progress, show_progress) as bar:
        for records in process_stream(articles, jobs=jobs, engine=engine, scheduler=scheduler):
            fh.write("".join(record_line(r) for r in records))
            summary.add(records)
            bar.update(records)
    summary.seconds = time.perf_counter() - started
    return summary
