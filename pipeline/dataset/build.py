"""Build the dataset from `extract` outputs: in memory (`build_dataset`) or into a directory (`write_dataset`).

`build_dataset(paths)` reads the facts files (`load`), resolves each article's
facts with its context (`facts`), links people and moves (`link`) and builds the
tables (`tables`); the `Dataset` it returns gives each table as rows, a pandas
DataFrame or Arrow, and a DuckDB connection with the tables and views.

`write_dataset(paths, out)` does the same into a directory and keeps the inputs
there (`store`), so `--add` later rebuilds from all of them: every build
recomputes every table from every kept article in sorted order, so adding files
one by one gives byte-identical tables to building from all at once.

Entry points: `build_dataset`, `write_dataset`, `Dataset`, `DatasetError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from pipeline.dataset.facts import compact_article
from pipeline.dataset.load import DuplicateDocIds, Loaded, RawArticle, file_sha256, read_batches
from pipeline.dataset.resolve_published import published_date
from pipeline.dataset.resolve_unit import article_unit
from pipeline.dataset.store import (
    Manifest, arrow_table, is_dataset_dir, keep_input, load_duckdb, write_duckdb, write_parquet, write_tables,
)
from pipeline.dataset.tables import build_tables
from pipeline.results.facts_file import FactsFileError
from schemas.dataset import ArticleUnit

TABLES = ("moves", "people", "documents", "counts", "articles", "uncertain_links")


class DatasetError(ValueError):
    """The inputs or the output directory cannot make a dataset: says which and why."""


@dataclass
class Dataset:
    """The tables of a built dataset, with pandas, Arrow and DuckDB accessors."""

    tables: dict[str, list] = field(default_factory=dict)
    loaded: Loaded = field(default_factory=Loaded)

    def rows(self, name: str) -> list[dict]:
        """A table as JSON-ready dicts (what the JSONL file holds)."""
        return [row.model_dump(mode="json") for row in self.tables[name]]

    def arrow(self, name: str):
        return arrow_table(name, self.tables[name])

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
        """A DuckDB connection (in memory, or the database file `path`) holding the tables and views."""
        import duckdb

        connection = duckdb.connect(path or ":memory:")
        load_duckdb(connection, self.tables)
        return connection

    def summary(self) -> str:
        sizes = ", ".join(f"{name} {len(self.tables[name])}" for name in TABLES)
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
        record = {"published": raw.published, "url": raw.url, "title": raw.title}
        published, source = published_date(record, raw.text)
        unit = article_unit([raw.text], raw.title, raw.url, evidence="text")
        contexts[raw.doc_id] = {"published": published, "published_source": source,
                                "unit": unit.model_dump(mode="json")}
    return contexts


def _keep(contexts: dict[str, dict]):
    def keep(raw: RawArticle):
        compact = compact_article(raw, context=contexts.get(raw.doc_id))
        return compact
    return keep


def build_from_batches(batches: list[list[Path]], contexts: dict[str, dict] | None = None) -> Dataset:
    try:
        kept, loaded = read_batches(batches, _keep(contexts or {}))
    except (DuplicateDocIds, FactsFileError) as exc:
        raise DatasetError(str(exc)) from exc
    return Dataset(build_tables(list(kept.values())), loaded)


def _batch(paths: Iterable[str | Path]) -> list[Path]:
    """One batch of inputs: each file once, in the order of its content hash."""
    found: dict[str, Path] = {}
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise DatasetError(f"no such file: {path}")
        found.setdefault(file_sha256(path), path)
    return [found[sha] for sha in sorted(found)]


def build_dataset(paths: Iterable[str | Path], articles: Iterable[str] | None = None) -> Dataset:
    """The dataset of one or more `extract` outputs, in memory.

    `articles`: the article files the facts were extracted from (as given to `extract`);
    their texts then give the published date and the unit each article is about.
    """
    return build_from_batches([_batch(paths)], text_contexts(articles) if articles else None)


def write_dataset(paths: Iterable[str | Path], out: str | Path, *, add: bool = False, overwrite: bool = False,
                  articles: Iterable[str] | None = None, report: bool = True) -> Dataset:
    """Build the dataset into directory `out`, keeping the inputs there.

    A new directory (or an empty one) is created. An existing dataset directory is
    updated with `add` (the files become a new batch: a doc_id they share with earlier
    inputs is replaced by the new version) or rebuilt from these inputs alone with
    `overwrite`; without either it is refused. Any other non-empty directory is refused.
    """
    out = Path(out)
    manifest = _open_output(out, add, overwrite)
    batch = _batch(paths)
    shas = [file_sha256(p) for p in batch]
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
    for path, sha in zip(batch, shas):
        keep_input(path, sha, out)
    dataset = build_from_batches(manifest.files(out), manifest.contexts)
    write_tables(dataset.tables, out)
    write_parquet(dataset.tables, out)
    write_duckdb(dataset.tables, out)
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


__all__ = ["Dataset", "DatasetError", "build_dataset", "write_dataset", "ArticleUnit", "TABLES"]
