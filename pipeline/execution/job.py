"""A whole extraction run: every article under the inputs to one JSON Lines output.

`run` reads the inputs, has `runner.written_article` mapped over them by worker processes
(one by default), this process or Dask (`parallel`), and writes what comes back in input
order, counting it in a `Summary`; a Dask run over files or URLs goes to
`distributed.run_on_cluster` instead, whose workers read the inputs and write the records
themselves (in the same `written_article` form). With `resume`, it continues an interrupted
run (`resume`), first retrying alone the article a dead run was working on.

Before anything is read or written, `run` checks its arguments, its output and its inputs
(`check_arguments`, `check_output`, `locations.check_exist`): an output that is one of the
inputs, a directory, or in no existing directory is refused with `RunArgumentError` (a
ValueError), so the library never overwrites its own input, and an input that names nothing
with `InputNotFound` (a ValueError too). These are the only checks: the command line calls
`run` and turns their errors into usage errors.

Entry point: `run(paths, out, ...) -> Summary` (also importable as `pipeline.run`).
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from dataclasses import replace
from typing import IO, Iterator

from pipeline.execution.parallel import ENGINES, crashed_record, default_jobs, process_isolated, process_stream, with_limits
from pipeline.execution.parts import is_directory
from pipeline.execution.progress import progress_bar
from pipeline.execution.resume import InFlight, InFlightNote, key_of, load_partial, read_in_flight, skip_done
from pipeline.execution.summary import Summary
from pipeline.inputs.locations import check_exist, is_url
from pipeline.inputs.read import DEFAULT_MAX_CHARS, RawArticle, ReadOptions, input_files, read_articles
from pipeline.stages.write import Written, open_output, write_written


class RunArgumentError(ValueError):
    """Arguments of `run` that cannot work (the messages name the command line's flags, each
    the same as `run`'s parameter of that name)."""


def check_arguments(paths: list[str], out: str | None, *, max_chars: int, jobs: int, engine: str,
                    scheduler: str | None, timeout: float | None, resume: bool, in_process: bool) -> None:
    """Raise `RunArgumentError` for arguments of `run` that do not go together."""
    if max_chars < 1:
        raise RunArgumentError(f"--max-chars {max_chars}: give a positive number of characters")
    if jobs < 0:
        raise RunArgumentError(f"--jobs {jobs}: give a number of processes, or 0 for one per CPU")
    if engine not in ENGINES:
        raise RunArgumentError(f"--engine {engine}: give one of {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        raise RunArgumentError("--scheduler needs --engine dask")
    if in_process and (jobs != 1 or engine != "local"):
        raise RunArgumentError("--in-process runs one job in the main process: not with --jobs or --engine dask")
    if resume and out in (None, "-"):
        raise RunArgumentError("--resume needs -o OUT.jsonl (the run to continue)")
    if timeout is not None and timeout < 0:
        raise RunArgumentError(f"--timeout {timeout:g}: give seconds, or 0 for no limit")


def check_output(out: str | None, paths: list[str], engine: str = "local", resume: bool = False) -> None:
    """Raise `RunArgumentError` unless `run` can write `out`: never one of the inputs (through a
    symlink too), a directory only for Dask's parts, a local file only in an existing directory."""
    if out in (None, "-"):
        return
    if is_directory(out):
        if engine != "dask":
            raise RunArgumentError(f"-o {out} is a directory; give a file name such as {out.rstrip('/')}/facts.jsonl "
                                   "(a directory takes the parts written by Dask workers: --engine dask)")
        if resume:
            raise RunArgumentError(f"--resume continues one output file, not a directory of parts ({out})")
        if not is_url(out) and os.path.exists(out.rstrip("/")) and not os.path.isdir(out.rstrip("/")):
            raise RunArgumentError(f"-o {out}: {out.rstrip('/')} is a file")
        return
    if is_url(out):
        if resume:
            raise RunArgumentError(f"--resume needs a local output file, not {out}")
        return
    parent = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(parent):
        raise RunArgumentError(f"-o {out}: no such directory {parent}")
    target = os.path.realpath(out)
    if any(os.path.realpath(f) == target for f in input_files(paths)):
        raise RunArgumentError(f"-o {out} is one of the inputs; refusing to overwrite it")


def run(paths: list[str], out: str | None, max_chars: int = DEFAULT_MAX_CHARS,
        progress: IO[str] | None = sys.stderr, jobs: int = 1, engine: str = "local",
        scheduler: str | None = None, show_progress: bool | None = None,
        timeout: float | None = None, resume: bool = False, max_memory: int | None = None,
        in_process: bool = False, options: ReadOptions | None = None) -> Summary:
    """Extract every article under `paths` to `out` (JSONL; stdout for None).

    `jobs` worker processes (0: one per CPU), one by default, extracting while this process reads and writes
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
    overrides its size limit). Arguments that do not go together, or an output that would
    overwrite an input, raise `RunArgumentError`, and an input that names nothing
    `InputNotFound`, before anything is read or written.
    """
    started = time.perf_counter()
    check_arguments(paths, out, max_chars=max_chars, jobs=jobs, engine=engine, scheduler=scheduler,
                    timeout=timeout, resume=resume, in_process=in_process)
    check_output(out, paths, engine, resume)
    options = replace(options or ReadOptions(), max_chars=max_chars)
    check_exist(paths, options.storage())
    jobs = jobs or default_jobs()
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


def _retry_suspect(articles: Iterator[RawArticle], suspect: InFlightNote, in_flight: InFlight, fh: IO[str],
                   summary: Summary, bar, progress: IO[str] | None) -> Iterator[RawArticle]:
    """The run that is being resumed died on `suspect` (its in-flight note): if that is the next
    article, retry it alone in a process of its own, or, if it had been retried so already, give
    it a `crashed` record; write its records; return the articles after it."""
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
