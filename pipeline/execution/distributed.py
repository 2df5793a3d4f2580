"""Dask runs where the workers read the inputs and write the records, not this process.

`parallel.py`'s Dask engine reads every article here and ships its text to the workers,
so this machine's disk and network cap the cluster. Here the client only lists the
inputs (`list_pieces`: one piece per file, or per few row groups of a big Parquet file)
and sends each piece's name to a worker, which reads it (local disk, `s3://`, ...),
extracts, and writes the records to a part file (`parts.py`), returning only counts
and a checksum. The client keeps at most a few pieces per worker in flight and
handles their results in input order:

* `-o DIR/` (a local folder or a URL ending in `/`): the parts stay, numbered in input
  order, with a `manifest.json` the client writes at the end; `cat DIR/part-*.jsonl`
  equals a local run's output byte for byte.
* `-o FILE` or standard output: the parts are written beside FILE (`FILE.parts/`), or
  to a local temporary folder for standard output, and the client copies each into
  the output in input order as it completes (checksum checked), then deletes it. If
  the workers cannot see that folder (a remote cluster and a local FILE), each worker
  returns its piece's records instead: then the client holds up to the window's pieces.

The client's memory does not grow with the input: it holds the list of pieces (a name
each) and the window of results; a test measures it. A worker that dies on a piece
(Dask retries the piece on other workers first): that piece is read here and its
articles sent one at a time through `parallel.py`'s Dask path, so only an article that
kills workers on its own is lost, as a `crashed` record (the same as a local worker's).
Standard input, and `--resume`, keep the client-side path. Local input paths are opened
by the workers as given (a LocalCluster shares this process's working directory); a
remote cluster needs URLs, or absolute paths on a disk the workers share.

A worker extracts each article as a run writes it (`runner.written_article`: the facts
serialised one by one as they are validated), so an article of a hundred thousand facts
is never held as that many record objects. The per-article memory limit (`--max-memory`,
`limits.memory`) is not applied in Dask workers, for the reason `parallel._DaskPool`
gives: the cluster's worker memory limit holds there.

Entry point: `run_on_cluster(paths, out, options, ...) -> Summary`.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import tempfile
from collections import deque
from dataclasses import asdict, dataclass, field
from typing import IO, Iterator

from pipeline.execution import parts
from pipeline.inputs.locations import is_url
from pipeline.inputs.read import Piece, ReadOptions, list_pieces, read_piece
from pipeline.execution.summary import Summary
from pipeline.runner import written_article
from pipeline.stages.write import Written, open_output, record_line

PARQUET_PIECE_ROWS = 20_000  # a Parquet file with more rows is cut into pieces of whole row groups
WINDOW_PER_WORKER = 3


@dataclass
class PieceResult:
    """What a worker sends back for one piece: counts and where its records are."""

    index: int
    part: str | None         # the part file's URL, or None when the records travel in `text`
    records: int = 0         # lines written
    bytes: int = 0
    sha256: str = ""
    summary: Summary = field(default_factory=Summary)
    text: str | None = None


class _PieceOutput:
    """Where a piece's records go, in order: its part file, or (workers that cannot see the
    part's folder) a string sent back; with the counts and checksum the client gets."""

    def __init__(self, index: int, part: str | None, storage: dict):
        self.result = PieceResult(index, part)
        self.writer = parts.PartWriter(part, storage) if part else None
        self.digest = hashlib.sha256()
        self.chunks: list[str] = []

    def add(self, written: Written) -> None:
        """One article: its article line, then its facts' bytes as the worker serialised them."""
        for data in (record_line(written.article).encode("utf-8"), written.facts):
            if self.writer:
                self.writer.write(data)
            else:
                self.chunks.append(data.decode("utf-8"))
            self.digest.update(data)
            self.result.bytes += len(data)
        self.result.records += 1 + sum(written.types.values())
        self.result.summary.add_written(written)

    def finish(self) -> PieceResult:
        if self.writer:
            self.writer.commit()
        self.result.sha256 = self.digest.hexdigest()
        self.result.text = None if self.writer else "".join(self.chunks)
        return self.result

    def abandon(self) -> None:
        if self.writer:
            self.writer.discard()


def extract_piece(index: int, piece: Piece, options: ReadOptions, part: str | None,
                  timeout: float | None = None, segment_all: bool = False) -> PieceResult:
    """A worker's task: read `piece`, extract every article, write its records to `part`."""
    output = _PieceOutput(index, part, options.storage())
    try:
        for raw in read_piece(piece, options):
            output.add(written_article(raw, segment_all, timeout, max_memory=0))  # no RLIMIT_AS: see the module doc
        return output.finish()
    except BaseException:
        output.abandon()
        raise


def run_on_cluster(paths: list[str], out: str | None, options: ReadOptions, *, jobs: int = 2,
                   scheduler: str | None = None, timeout: float | None = None, segment_all: bool = False,
                   bar=None, split_rows: int = PARQUET_PIECE_ROWS) -> Summary:
    """Extract every article under `paths` on a Dask cluster; records to `out` (see the module doc).

    `jobs` workers in a LocalCluster on 127.0.0.1 when no `scheduler` address is given;
    `split_rows`: a Parquet file of more rows is read in pieces of whole row groups.
    """
    storage = options.storage()
    pieces = list(list_pieces(paths, options, split_rows=split_rows))
    names = parts.part_names(len(pieces))
    summary = Summary()
    with _Cluster(scheduler, jobs, segment_all) as cluster:
        if parts.is_directory(out):
            directory = out if is_url(out) else os.path.abspath(out) + "/"  # workers may run elsewhere
            parts.prepare_directory(directory, storage)
            if not parts.workers_can_see(cluster.client, directory, storage):
                raise parts.PartsError(f"the Dask workers cannot see {directory}: give a folder they share "
                                       "with this machine, or a bucket (s3://...)")
            entries = []
            for piece, result in cluster.results(pieces, [parts.join(directory, n) for n in names], options,
                                                 timeout, segment_all):
                summary.merge(result.summary)
                entries.append(_entry(piece, result))
                _advance(bar, result)
            parts.write_manifest(directory, _manifest(paths, options, entries, summary), storage)
            return summary
        with _Staging(out, storage) as staging, open_output(out, storage=storage) as fh:
            shared = parts.workers_can_see(cluster.client, staging, storage)
            targets = [parts.join(staging, n) if shared else None for n in names]
            for _, result in cluster.results(pieces, targets, options, timeout, segment_all):
                _deliver(result, fh, storage)
                summary.merge(result.summary)
                _advance(bar, result)
    return summary


def _deliver(result: PieceResult, out: IO[str], storage: dict) -> None:
    """A piece's records into the output, in their turn."""
    if result.part is None:
        out.write(result.text or "")
        return
    parts.copy_part(result.part, storage, result.sha256, out)
    parts.remove(result.part, storage)


def _advance(bar, result: PieceResult) -> None:
    if bar is not None:
        s = result.summary
        bar.advance(s.articles, s.chars, s.failed)


class _Staging:
    """Where the parts of a run with one output file are written: `FILE.parts/` beside it
    (a URL for a URL), a temporary folder for standard output; removed at the end."""

    def __init__(self, out: str | None, storage: dict):
        self.out, self.storage = out, storage

    def __enter__(self) -> str:
        if self.out in (None, "-"):
            self.url = tempfile.mkdtemp(prefix="rotation-facts-parts-")
        else:
            self.url = (self.out if is_url(self.out) else os.path.abspath(self.out)) + ".parts/"
            parts.prepare_directory(self.url, self.storage, must_be_empty=False)
        return self.url

    def __exit__(self, *exc) -> None:
        if is_url(self.url):
            parts.remove(self.url, self.storage)
        else:
            shutil.rmtree(self.url, ignore_errors=True)


def _entry(piece: Piece, result: PieceResult) -> dict:
    s = result.summary
    return {"part": result.part.rstrip("/").rsplit("/", 1)[-1], "input": piece.name,
            "row_groups": list(piece.row_groups) if piece.row_groups is not None else None,
            "records": result.records, "articles": s.articles, "failed": s.failed,
            "not_articles": sum(s.skipped.values()), "facts": sum(s.facts.values()),
            "bytes": result.bytes, "sha256": result.sha256}


def _manifest(paths: list[str], options: ReadOptions, entries: list[dict], summary: Summary) -> dict:
    from pipeline import __version__

    fields = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(options.fields).items()}
    return {
        "tool": "rotation-facts", "version": __version__,
        "inputs": list(paths),
        "read_options": {"max_chars": options.max_chars, "fields": fields},
        "parts": entries,
        "totals": {"parts": len(entries), "records": sum(e["records"] for e in entries),
                   "bytes": sum(e["bytes"] for e in entries), "articles": summary.articles,
                   "failed": summary.failed, "errors": dict(sorted(summary.errors.items())),
                   "not_articles": dict(sorted(summary.skipped.items())),
                   "facts": dict(sorted(summary.facts.items())), "rejected_facts": summary.rejected},
    }


class _Cluster:
    """A Dask client (to `scheduler`, or to a LocalCluster on 127.0.0.1 started here)."""

    def __init__(self, scheduler: str | None, jobs: int, segment_all: bool):
        from pipeline.execution.parallel import start_cluster

        self.client, self.local = start_cluster(jobs, scheduler, segment_all)
        self.slots = max(jobs, sum(self.client.nthreads().values()))

    def __enter__(self) -> "_Cluster":
        return self

    def __exit__(self, *exc) -> None:
        from pipeline.execution.parallel import stop_cluster

        stop_cluster(self.client, self.local)

    def results(self, pieces: list[Piece], targets: list[str | None], options: ReadOptions,
                timeout: float | None, segment_all: bool) -> Iterator[tuple[Piece, PieceResult]]:
        """Each piece's result, in input order, with at most WINDOW_PER_WORKER pieces per worker in flight."""
        from distributed.scheduler import KilledWorker

        todo = iter(enumerate(zip(pieces, targets)))
        pending: deque = deque()

        def submit_next() -> None:
            for index, (piece, target) in itertools.islice(todo, 1):
                future = self.client.submit(extract_piece, index, piece, options, target, timeout, segment_all,
                                            pure=False, key=f"rotation-facts-piece-{index}-{os.getpid()}")
                pending.append((index, piece, target, future))

        for _ in range(WINDOW_PER_WORKER * self.slots):
            submit_next()
        while pending:
            index, piece, target, future = pending.popleft()
            try:
                result = future.result()
            except KilledWorker:
                result = self._one_article_at_a_time(index, piece, target, options, timeout, segment_all)
            except Exception as exc:  # articles never raise (they get error records): this is the storage
                raise parts.PartsError(f"the worker reading {piece.name} could not write its records "
                                       f"({type(exc).__name__}: {exc})") from exc
            finally:
                future.release()
            yield piece, result
            submit_next()

    def _one_article_at_a_time(self, index: int, piece: Piece, target: str | None, options: ReadOptions,
                               timeout: float | None, segment_all: bool) -> PieceResult:
        """A piece that killed the workers it was tried on: read here, its articles sent one by one."""
        from pipeline.execution.parallel import process_stream, with_limits

        output = _PieceOutput(index, target, options.storage())
        articles = with_limits(read_piece(piece, options), timeout)
        try:
            for written in process_stream(articles, engine="dask", scheduler=self.client.scheduler.address,
                                          segment_all=segment_all, chunk_chars=1, window=self.slots, written=True):
                output.add(written)
            return output.finish()
        except BaseException:
            output.abandon()
            raise
