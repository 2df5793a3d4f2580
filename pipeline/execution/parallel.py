"""How articles are mapped to records: in this process, in worker processes, or on Dask.

Whatever the engine, records come back in input order, one list per article, so
the output is byte-identical to a one-process run. With `written=True` each article
comes back as a run writes it (`stages.write.Written`: the facts already serialised,
bytes rather than pickled models between processes).

* engine "local": a pool of `jobs` worker processes, one included; this process
  reads the articles and writes the records while they extract. Articles are grouped
  into chunks (about `chunk_chars` characters, at most `chunk_articles`
  articles) to amortise inter-process traffic; at most `window` chunks are in
  flight, so memory stays bounded however long the input is. Each worker loads
  the models and lexicons once (they are cached per process).
* `in_process=True` (with `jobs=1`): every article in this process, one by one. No
  worker to lose, but nothing survives an article that kills the process either
  (`--resume` then deals with it).
* engine "dask": the same chunks are the partitions of a Dask distributed run,
  submitted to the cluster at `scheduler` (or to a `LocalCluster` on
  127.0.0.1 started for the run, with `jobs` worker processes) with the same
  bounded window, sized to the cluster's threads. The articles are read here
  and shipped to the workers inside their partition, so the workers need no
  access to the input files, only this package installed. `run` uses this for
  standard input and `--resume` only: for files and URLs, the workers read and
  write themselves (`distributed.py`), which also sends a piece that killed its
  workers through here, one article at a time.

A worker process that dies (a crash in native code, the OOM killer, a native
library that aborts when an allocation fails at the memory limit: the Rust code
of pydantic-core and underthesea does) does not stop the run: the pool is
restarted, the chunk it was working on is retried one article at a time, and an
article that kills a worker on its own gets a `crashed` article record. `process_isolated` runs one article alone in a
process of its own the same way (`--resume` retries there the article a dead
run was working on).

Entry points: `process_stream(articles, jobs=1, engine="local", scheduler=None, on_start=None,
in_process=False, written=False) -> Iterator[Records | Written]`, `process_isolated(raw) -> Records`;
`with_limits(articles, seconds, max_memory)` gives the articles of a run their limits.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections import deque
from typing import Callable, Iterable, Iterator, Sequence

from pipeline.inputs.read import RawArticle
from pipeline.runner import Records, process_article, written_article
from pipeline.stages.write import Written

ENGINES = ("local", "dask")
DEFAULT_CHUNK_CHARS = 40_000     # about four typical news articles per task
DEFAULT_CHUNK_ARTICLES = 32
WINDOW_PER_WORKER = 3            # chunks in flight per worker: enough to keep workers busy


def process_stream(articles: Iterable[RawArticle], jobs: int = 1, engine: str = "local",
                   scheduler: str | None = None, segment_all: bool = False,
                   chunk_chars: int = DEFAULT_CHUNK_CHARS, chunk_articles: int = DEFAULT_CHUNK_ARTICLES,
                   window: int | None = None,
                   on_start: Callable[[RawArticle], None] | None = None,
                   in_process: bool = False, written: bool = False) -> Iterator[Records] | Iterator[Written]:
    """Records for each article, in input order (`written`: in the form a run writes them,
    facts serialised in the worker: `stages.write.Written`).

    `on_start(raw)` is called with the first article whose records are not yet out, when
    its extraction starts (in this process) or is awaited (from workers): the article a
    dead run was working on (`pipeline.execution.resume.InFlight`).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if engine == "local" and jobs == 1 and in_process:
        for raw in articles:
            if on_start:
                on_start(raw)
            yield written_article(raw, segment_all) if written else process_article(raw, segment_all)
        return
    chunks = chunked(articles, chunk_chars, chunk_articles)
    pool = (_ProcessPool(jobs, segment_all, written) if engine == "local"
            else _DaskPool(scheduler, jobs, segment_all, written))
    yield from _ordered(chunks, pool, window or WINDOW_PER_WORKER * pool.slots, on_start)


def process_isolated(raw: RawArticle, segment_all: bool = False) -> Records:
    """One article's records, extracted in a process of its own: if that process dies, the
    article gets a `crashed` error record and this process goes on."""
    pool = _ProcessPool(1, segment_all)
    try:
        return pool.result(pool.submit([raw]))[0]
    except pool.broken_errors as exc:
        return crashed_record(raw, exc)
    finally:
        pool.close()


def with_limits(articles: Iterable[RawArticle], seconds: float | None,
                max_memory: int | None = None) -> Iterator[RawArticle]:
    """The articles, each carrying the time limit (`pipeline.limits.timeout`) and the memory
    limit (bytes, `pipeline.limits.memory`), so that they reach worker processes and Dask with it."""
    for raw in articles:
        if raw.timeout is None:
            raw.timeout = seconds
        if raw.max_memory is None:
            raw.max_memory = max_memory
        yield raw


def chunked(articles: Iterable[RawArticle], chunk_chars: int = DEFAULT_CHUNK_CHARS,
            chunk_articles: int = DEFAULT_CHUNK_ARTICLES) -> Iterator[list[RawArticle]]:
    """Consecutive groups of articles of about `chunk_chars` characters (at least one article)."""
    chunk: list[RawArticle] = []
    size = 0
    for raw in articles:
        chunk.append(raw)
        size += len(raw.text or "")
        if size >= chunk_chars or len(chunk) >= chunk_articles:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def process_chunk(chunk: Sequence[RawArticle], segment_all: bool = False, memory_guard: bool = True,
                  written: bool = False) -> list[Records] | list[Written]:
    """What a worker runs: records for each article of a chunk (`written`: in the form a run
    writes them, `runner.Written`). Without `memory_guard` the articles' memory limit is not
    applied (on Dask: see `_DaskPool`)."""
    process = written_article if written else process_article
    return [process(raw, segment_all, max_memory=None if memory_guard else 0) for raw in chunk]


# Touches every lazily loaded part: underthesea's CRF model, the gazetteer, each lexicon.
_WARM_UP_TEXT = ("Theo Quy định số 98-QĐ/TW ngày 07/10/2017, huyện đã luân chuyển 5 cán bộ về xã. "
                 "Ông Nguyễn Văn An, Phó Bí thư Huyện ủy, được điều động giữ chức Bí thư Đảng ủy xã.")


def _warm_up(segment_all: bool) -> None:
    """Run the extraction on one made-up article, before the first chunk arrives: everything
    it loads on first use is then loaded once, before workers fork and share it."""
    from pipeline.runner import find_in

    find_in(_WARM_UP_TEXT, segment_all)


def _worker_init(segment_all: bool, parent: int) -> None:
    """Process-pool worker initialiser: die with the parent, build the pipeline once."""
    _die_with_parent(parent)
    _warm_up(segment_all)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to send SIGTERM to this worker when the parent process ends.

    Without it, a run killed by a signal leaves its workers waiting forever on their queue.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not glibc/musl
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _ordered(chunks: Iterator[list[RawArticle]], pool: "_Pool", window: int,
             on_start: Callable[[RawArticle], None] | None = None) -> Iterator[Records]:
    """Submit chunks with at most `window` in flight; yield their records in input order."""
    pending: deque = deque()  # (chunk, future), oldest first
    try:
        for chunk in itertools.islice(chunks, window):
            pending.append((chunk, pool.submit(chunk)))
        while pending:
            chunk, future = pending.popleft()
            if on_start:
                on_start(chunk[0])
            try:
                results = pool.result(future)
            except pool.broken_errors:
                results = _after_crash(pool, chunk, pending)
            yield from results
            for chunk in itertools.islice(chunks, 1):
                pending.append((chunk, pool.submit(chunk)))
    finally:
        pool.close()


def _after_crash(pool: "_Pool", chunk: list[RawArticle], pending: deque) -> list[Records]:
    """A worker died on `chunk`: retry its articles one by one, resubmit the rest."""
    pool.restart()
    results: list[Records] = []
    for raw in chunk:
        try:
            results.extend(pool.result(pool.submit([raw])))
        except pool.broken_errors as exc:
            pool.restart()
            crashed = crashed_record(raw, exc)
            results.append(Written.of(crashed) if pool.written else crashed)
    if pool.resubmit_after_crash:
        for i, (other, _) in enumerate(pending):
            pending[i] = (other, pool.submit(other))
    return results


CRASHED = ("the process extracting this article died (killed, or a crash in native code), and again "
           "when it was retried alone in a process of its own")


def crashed_record(raw: RawArticle, exc: BaseException | None = None) -> Records:
    """The error record of an article whose process died on it twice, the second time alone.

    The message is the same however the deaths came about (a worker, a dead run and
    `--resume`, Dask), so the output does not depend on the engine; what the pool said
    goes to the log.
    """
    import logging

    from schemas import ArticleError, ArticleRecord, ErrorCode

    if exc is not None:
        logging.getLogger("rotation_facts").warning("%s: crashed: %s: %s", raw.doc_id, type(exc).__name__, exc)
    return [ArticleRecord(doc_id=raw.doc_id, source=raw.source, line=raw.line, title=raw.title, url=raw.url,
                          published=raw.published, notes=list(raw.notes), n_chars=len(raw.text or ""),
                          error=ArticleError(code=ErrorCode.crashed, message=CRASHED))]


class _Pool:
    broken_errors: tuple[type[BaseException], ...] = ()
    written = False              # results in the form a run writes them (`Written`)
    resubmit_after_crash = True  # whether work in flight is lost when a worker dies
    slots = 1                    # chunks the pool can work on at once

    def submit(self, chunk: list[RawArticle]): ...
    def result(self, future) -> list[Records]: ...
    def restart(self) -> None: ...
    def close(self) -> None: ...


class _ProcessPool(_Pool):
    """A process pool whose workers build the pipeline once each."""

    def __init__(self, jobs: int, segment_all: bool, written: bool = False):
        from concurrent.futures.process import BrokenProcessPool

        self.jobs, self.segment_all, self.written = jobs, segment_all, written
        self.slots = jobs
        self.broken_errors = (BrokenProcessPool,)
        self.executor = self._start()

    def _start(self):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork is cheap and shares the parent's already-imported modules; elsewhere spawn
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() and os.name == "posix" else "spawn"
        if method == "fork":
            # Build the pipeline here, once, and fork the workers from it: its code and models are
            # then shared copy-on-write instead of loaded again in every worker. gc.freeze keeps the
            # collector from touching (and so copying) those objects in the workers.
            import gc

            _warm_up(self.segment_all)
            gc.freeze()
        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context(method),
                                   initializer=_worker_init, initargs=(self.segment_all, os.getpid()))

    def submit(self, chunk):
        return self.executor.submit(process_chunk, chunk, self.segment_all, True, self.written)

    def result(self, future):
        return future.result()

    def restart(self):
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._start()

    def close(self):
        self.executor.shutdown(wait=True, cancel_futures=True)


def start_cluster(jobs: int, scheduler: str | None, segment_all: bool):
    """A Dask client to the cluster at `scheduler`, or to a LocalCluster of `jobs` one-thread
    worker processes on 127.0.0.1 started here, its workers warmed up (`_warm_up`): returns
    (client, the LocalCluster or None). Both Dask paths start their cluster here and stop it
    with `stop_cluster`."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RuntimeError("--engine dask needs Dask: pip install 'rotation-facts[dask]'") from exc
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=":0", silence_logs=40)
        client = Client(cluster)
    client.run(_warm_up, segment_all)
    return client, cluster


def stop_cluster(client, cluster) -> None:
    """Close what `start_cluster` opened: the client first, so that it does not try to reach
    a scheduler that is gone, then the LocalCluster it started (None for a remote one, which
    is not ours to stop)."""
    client.close()
    if cluster is not None:
        cluster.close()


class _DaskPool(_Pool):
    """Chunks as tasks on a Dask distributed cluster (a LocalCluster on loopback if no address).

    The per-article memory limit (`limits.memory`, a process-wide `RLIMIT_AS`) is not
    applied in Dask workers: their own threads (heartbeats, communication) share it, and one
    that cannot allocate closes the worker, which can stall the run. There the cluster's
    worker memory limit bounds an article instead (the nanny restarts a worker over it; a
    LocalCluster's default is the machine's memory shared among its workers), and a task
    that keeps killing workers gets a `crashed` record like any other.
    """

    def __init__(self, scheduler: str | None, jobs: int, segment_all: bool, written: bool = False):
        self.client, self.cluster = start_cluster(jobs, scheduler, segment_all)
        from distributed.scheduler import KilledWorker

        self.segment_all, self.written = segment_all, written
        self.broken_errors = (KilledWorker,)  # the task killed every worker it was tried on
        self.resubmit_after_crash = False     # Dask reschedules the tasks of a lost worker itself
        self.counter = itertools.count()
        self.slots = max(jobs, sum(self.client.nthreads().values()))

    def submit(self, chunk):
        return self.client.submit(process_chunk, chunk, self.segment_all, False, self.written, pure=False,
                                  key=f"rotation-facts-chunk-{next(self.counter)}")

    def result(self, future):
        try:
            return future.result()
        finally:
            future.release()

    def restart(self):
        pass

    def close(self):
        stop_cluster(self.client, self.cluster)


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1

