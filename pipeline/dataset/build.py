"""Build the dataset from `extract` outputs: in memory (`build_dataset`) or into a directory (`write_dataset`).

`build_dataset(paths)` reads the facts files (`load`), resolves each article's
facts with its context (`facts`), links people and moves (`link`) and builds the
tables (`tables`); the `Dataset` it returns gives each table as rows, a pandas
DataFrame or Arrow, and a DuckDB connection with the tables and views.

`write_dataset(paths, out)` does the same into a directory and keeps the inputs
there (`store`), so `--add` later rebuilds from all of them: every build
recomputes every table from every kept article in sorted order, so adding files
one by one gives byte-identical tables to building from all at once.

Entry points: `build_dataset`, `write_dataset`, `build_tables`, `Dataset`, `DatasetError`.
"""

from __future__ import annotations

import gc
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from pipeline.dataset.facts import clear_pool, compact_article
from pipeline.dataset.load import DuplicateDocIds, Loaded, file_sha256, read_batches
from pipeline.inputs.published import published_date
from pipeline.results.article_unit import article_unit
from pipeline.dataset.resolve_posts import clear_caches
from pipeline.dataset.store import (
    Manifest, arrow_tables, is_dataset_dir, keep_input, load_duckdb, write_duckdb, write_table,
)
from pipeline.dataset.tables import Tables
from pipeline.results.facts_file import FactsFileError

TABLES = Tables.NAMES


class DatasetError(ValueError):
    """The inputs or the output directory cannot make a dataset: says which and why."""


@dataclass
class Dataset:
    """A built dataset: each table as Arrow, pandas or rows, and a DuckDB connection.

    Built in memory (`build_dataset`) it holds its Arrow tables; written to a
    directory (`write_dataset`) it reads them from the Parquet files on first use.
    """

    sizes: dict[str, int] = field(default_factory=dict)  # rows per table
    loaded: Loaded = field(default_factory=Loaded)
    directory: Path | None = None
    _arrow: dict[str, object] = field(default_factory=dict, repr=False)

    def arrow(self, name: str):
        if name not in self._arrow:
            if self.directory is None or name not in TABLES:
                raise KeyError(name)
            import pyarrow.parquet as pq

            self._arrow[name] = pq.read_table(self.directory / "parquet" / f"{name}.parquet")
        return self._arrow[name]

    def rows(self, name: str) -> list[dict]:
        """A table as dicts, as its JSONL file holds them."""
        return self.arrow(name).to_pylist()

    def frame(self, name: str):
        """A table as a pandas DataFrame (nested fields as dicts and lists)."""
        return self.arrow(name).to_pandas()

    moves = property(lambda self: self.frame("moves"))
    people = property(lambda self: self.frame("people"))
    documents = property(lambda self: self.frame("documents"))
    counts = property(lambda self: self.frame("counts"))
    articles = property(lambda self: self.frame("articles"))
    uncertain_links = property(lambda self: self.frame("uncertain_links"))

    def duckdb(self, path: str | None = None):
        """A DuckDB connection holding the tables and views: the directory's rotation.duckdb
        (read-only) for a written dataset, else a new database (in memory, or at `path`)."""
        import duckdb

        if self.directory is not None and path is None:
            return duckdb.connect(str(self.directory / "rotation.duckdb"), read_only=True)
        connection = duckdb.connect(path or ":memory:")
        load_duckdb(connection, {name: self.arrow(name) for name in TABLES})
        return connection

    def summary(self) -> str:
        sizes = ", ".join(f"{name} {self.sizes.get(name, 0)}" for name in TABLES)
        extra = f"; identical copies skipped {self.loaded.duplicates}" if self.loaded.duplicates else ""
        if self.loaded.replaced:
            extra += f"; articles replaced by a newer extraction {len(self.loaded.replaced)}"
        return f"articles read {self.loaded.articles}{extra}; {sizes}"


def text_contexts(article_paths: Iterable[str]) -> dict[str, dict]:
    """The published date and unit each article's text gives (read with `extract`'s reader)."""
    from pipeline.inputs.read import read_articles

    contexts = {}
    for raw in read_articles(list(article_paths)):
        if raw.text is None or raw.doc_id in contexts:
            continue
        record = {"published": raw.published, "url": raw.url, "title": raw.title, "notes": raw.notes}
        published, source = published_date(record, raw.text)
        unit = article_unit([raw.text], raw.title, raw.url, evidence="text")
        contexts[raw.doc_id] = {"published": published, "published_source": source,
                                "unit": unit.model_dump(mode="json")}
    return contexts


@contextmanager
def _no_cycle_collection():
    """Python's cycle collector off while the tables are built and written.

    A build holds millions of small objects (the compact facts) for its whole length;
    each full collection walks all of them again, and they come often while objects are
    being made: a fifth of the CPU time of 100,000 articles (benchmarks/RESULTS.md). The
    build makes no reference cycles of its own, so reference counting frees what it
    drops; the collector is restored as it was, whatever happens."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _keep(contexts: dict[str, dict]):
    return lambda raw: compact_article(raw, context=contexts.get(raw.doc_id))


def build_tables(batches: list[list[Path]], contexts: dict[str, dict] | None = None) -> tuple[Tables, Loaded]:
    """Read the batches and link everything: the groups every table's rows come from."""
    try:
        kept, loaded = read_batches(batches, _keep(contexts or {}))
    except (DuplicateDocIds, FactsFileError) as exc:
        raise DatasetError(str(exc)) from exc
    finally:
        clear_caches()  # the facts keep what they resolved; the caches' own hold is let go
        clear_pool()
    return Tables(list(kept.values())), loaded


def _batch(paths: Iterable[str | Path]) -> list[tuple[str, Path]]:
    """One batch of inputs: (content hash, file), each content once, in hash order."""
    found: dict[str, Path] = {}
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise DatasetError(f"no such file: {path}")
        found.setdefault(file_sha256(path), path)
    return [(sha, found[sha]) for sha in sorted(found)]


def build_dataset(paths: Iterable[str | Path], articles: Iterable[str] | None = None) -> Dataset:
    """The dataset of one or more `extract` outputs, in memory.

    `articles`: the article files the facts were extracted from (as given to `extract`);
    their texts then give the published date and the unit each article is about.
    """
    contexts = text_contexts(articles) if articles else None
    with _no_cycle_collection():
        tables, loaded = build_tables([[path for _, path in _batch(paths)]], contexts)
        arrow = arrow_tables({name: tables.rows(name) for name in TABLES})
    return Dataset({name: arrow[name].num_rows for name in TABLES}, loaded, None, arrow)


def write_dataset(paths: Iterable[str | Path], out: str | Path, *, add: bool = False, overwrite: bool = False,
                  articles: Iterable[str] | None = None, report: bool = True) -> Dataset:
    """Build the dataset into directory `out`, keeping the inputs there.

    A new directory (or an empty one) is created. An existing dataset directory is
    updated with `add` (the files become a new batch: a doc_id they share with earlier
    inputs is replaced by the new version) or rebuilt from these inputs alone with
    `overwrite`; without either it is refused. Any other non-empty directory is refused.
    """
    out = Path(out)
    created = not out.exists() or not any(out.iterdir())
    manifest = _open_output(out, add, overwrite)
    try:
        return _write(paths, out, manifest, add, articles, report)
    except BaseException:
        if created:  # leave no half-built dataset behind
            shutil.rmtree(out, ignore_errors=True)
        raise


def _write(paths: Iterable[str | Path], out: Path, manifest: Manifest, add: bool, articles: Iterable[str] | None,
           report: bool) -> Dataset:
    batch = _batch(paths)
    shas = [sha for sha, _ in batch]
    if add:
        known = {sha for b in manifest.batches for sha in b}
        shas_new = [s for s in shas if s not in known]
        if shas_new:
            manifest.batches.append(shas_new)
    else:
        manifest.batches = [shas]
    if articles:
        manifest.contexts.update(text_contexts(articles))
    (out / "inputs").mkdir(parents=True, exist_ok=True)
    for sha, path in batch:
        keep_input(path, sha, out)
    with _no_cycle_collection():
        tables, loaded = build_tables(manifest.files(out), manifest.contexts)
        sizes = {name: write_table(name, tables.rows(name), out) for name in TABLES}
        del tables
    write_duckdb(out, TABLES)
    dataset = Dataset(sizes, loaded, out)
    if report:
        from pipeline.dataset.report import write_report

        write_report(dataset, out / "report.html")
    manifest.write(out)
    _drop_unused_inputs(out, manifest)
    return dataset


def _open_output(out: Path, add: bool, overwrite: bool) -> Manifest:
    if out.exists() and not out.is_dir():
        raise DatasetError(f"-o {out} is a file; give a directory")
    if is_dataset_dir(out):
        if add:
            return Manifest.read(out)
        if overwrite:
            return Manifest()
        raise DatasetError(f"{out} already holds a dataset: --add to add these inputs to it, "
                           "--overwrite to rebuild it from these inputs alone")
    if add:
        raise DatasetError(f"--add: {out} holds no dataset yet (no inputs/manifest.json); build it first without --add")
    if out.exists() and any(out.iterdir()):
        raise DatasetError(f"-o {out} is a non-empty directory that holds no dataset; give a new or empty one")
    out.mkdir(parents=True, exist_ok=True)
    return Manifest()


def _drop_unused_inputs(out: Path, manifest: Manifest) -> None:
    """After --overwrite, input copies no batch names any longer are removed."""
    used = {f"{sha}.jsonl" for batch in manifest.batches for sha in batch}
    for path in (out / "inputs").glob("*.jsonl"):
        if path.name not in used:
            path.unlink()


__all__ = ["Dataset", "DatasetError", "build_dataset", "write_dataset", "TABLES"]
