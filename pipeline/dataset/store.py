"""Writing the dataset: JSON Lines, Parquet and one DuckDB file; and the inputs it keeps.

A dataset directory holds:

    moves.jsonl people.jsonl documents.jsonl counts.jsonl articles.jsonl uncertain_links.jsonl
    parquet/<table>.parquet     the same tables, typed columns (nested rows as structs)
    rotation.duckdb             the tables and ready views (VIEWS)
    report.html                 the summary report (pipeline/dataset/report.py)
    inputs/<sha256>.jsonl       every facts file it was built from, named by its content
    inputs/manifest.json        the batches of inputs, in the order they were added,
                                and the article contexts read from texts (--articles)

JSONL: one row per line (compact JSON, written by orjson), keys in model order,
UTF-8, rows in each table's stable order: two builds diff cleanly with `git diff`.
Rows are validated against their models and streamed to JSONL and Parquet in
batches, so a large dataset is never held whole in memory. Every file is written
beside its target and renamed into place.

Entry points: `write_table`, `write_duckdb`, `arrow_tables`, `load_duckdb`, `Manifest`.
"""

from __future__ import annotations

import json
import os
import shutil
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from schemas.dataset import DATASET_MODELS

MANIFEST_FORMAT = 1

# Views over the tables: the questions a researcher asks first.
VIEWS = {
    "moves_by_year_direction": """
        select cast(substr(date, 1, 4) as integer) as year, coalesce(direction, 'unknown') as direction,
               count(*) as moves, sum(n_articles)::bigint as article_reports
        from moves group by all order by year nulls last, direction""",
    "nonlocal_by_year_level_type": """
        select * from (
            select cast(substr(date, 1, 4) as integer) as year, coalesce(to_level, 'unknown') as level,
                   to_post_type as post_type, count(*) as postings, count("nonlocal") as known,
                   count(*) filter (where "nonlocal") as non_local,
                   round(count(*) filter (where "nonlocal") / nullif(count("nonlocal"), 0), 3) as share_non_local
            from moves where to_post is not null and coalesce(to_level, '') <> 'central' group by all)
        order by year nulls last, list_position(['province', 'district', 'commune', 'unknown'], level), post_type""",
    "counts_by_province_year": """
        select province, year, coalesce(direction, 'unknown') as direction,
               sum(value)::bigint as people, count(*) as counts, sum(n_articles)::bigint as article_reports
        from counts where part_of is null and not planned
        group by all order by province nulls last, year nulls last, direction""",
    "top_documents": """
        select document_id, kind, coalesce(code, number) as document, issued, issuer, scope, province, n_articles,
               n_mentions, first_cited, last_cited
        from documents order by n_articles desc, n_mentions desc, key""",
    "people_most_moves": """
        select person_id, name, n_moves, n_articles, list_sort(provinces) as provinces
        from people where n_moves > 0 order by n_moves desc, n_articles desc, name, person_id""",
    "moves_flat": """
        select m.move_id, m.person_id, m.name, m.date, m.date_precision, m.from_post, m.to_post,
               m.from_level, m.to_level, m.direction, m.province, m.to_post_type, m.to_province, m.home_province,
               m.province_structure, m."nonlocal", m.decided_by, m.n_sources, m.n_articles,
               len(m.conflicts) as n_conflicts
        from moves m order by m.date nulls last, m.name""",
}


BATCH_ROWS = 5_000  # rows per Arrow batch (and Parquet row group) while writing: bounds the memory a table takes
BATCH_SOURCES = 20_000  # and sources per batch (a row's sources are most of its size)


DUCKDB_MEMORY = "128MB"


class InvalidRow(ValueError):
    """A row the build made that its model rejects: a bug, reported rather than written."""


def _replace_into(target: Path, write) -> None:
    part = target.with_name(target.name + ".part")
    write(part)
    os.replace(part, target)


def _validated(name: str, rows: Iterable[dict]) -> Iterator[dict]:
    """Each row, checked against its model (`schemas/dataset.py`) before it is written."""
    validator = DATASET_MODELS[name].__pydantic_validator__
    for row in rows:
        try:
            validator.validate_python(row)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise InvalidRow(f"{name}: row {json.dumps(row, ensure_ascii=False)[:300]} is not valid: "
                             f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from exc
        yield row


def _batches(name: str, rows: Iterable[dict]) -> Iterator[tuple[list[dict], object]]:
    """Validated rows in lists of at most BATCH_ROWS rows and BATCH_SOURCES sources, each
    with its Arrow record batch. Sources bound it too: a document cited across a whole
    archive is one row with as many sources as citing articles."""
    import pyarrow as pa

    schema = arrow_schema(DATASET_MODELS[name])
    batch: list[dict] = []
    sources = 0
    for row in _validated(name, rows):
        batch.append(row)
        sources += len(row.get("sources") or ())
        if len(batch) == BATCH_ROWS or sources >= BATCH_SOURCES:
            yield batch, pa.RecordBatch.from_pylist(batch, schema=schema)
            batch, sources = [], 0
    yield batch, pa.RecordBatch.from_pylist(batch, schema=schema)


def write_table(name: str, rows: Iterable[dict], out: Path) -> int:
    """One table as DIR/<name>.jsonl and DIR/parquet/<name>.parquet, streamed; returns its row count."""
    import orjson
    import pyarrow.parquet as pq

    jsonl, parquet = out / f"{name}.jsonl", out / "parquet" / f"{name}.parquet"
    parquet.parent.mkdir(exist_ok=True)
    jsonl_part, parquet_part = jsonl.with_name(jsonl.name + ".part"), parquet.with_name(parquet.name + ".part")
    n = 0
    with open(jsonl_part, "wb") as fh, pq.ParquetWriter(parquet_part, arrow_schema(DATASET_MODELS[name])) as writer:
        for batch, record_batch in _batches(name, rows):
            fh.write(b"".join([orjson.dumps(row, option=orjson.OPT_APPEND_NEWLINE) for row in batch]))
            writer.write_batch(record_batch)
            n += len(batch)
    os.replace(jsonl_part, jsonl)
    os.replace(parquet_part, parquet)
    return n


def arrow_tables(named_rows: dict[str, Iterable[dict]]) -> dict[str, object]:
    """Each table's validated rows as one Arrow table (the in-memory dataset)."""
    import pyarrow as pa

    return {name: pa.Table.from_batches([b for _, b in _batches(name, rows)], schema=arrow_schema(DATASET_MODELS[name]))
            for name, rows in named_rows.items()}


# ---- Arrow types from the models --------------------------------------------------------------------

def _arrow_type(annotation: Any):
    import pyarrow as pa

    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return _arrow_type(args[0]) if len(args) == 1 else pa.string()
    if origin is Literal or annotation is str:
        return pa.string()
    if annotation is bool:
        return pa.bool_()
    if annotation is int:
        return pa.int64()
    if origin is tuple:
        return pa.list_(pa.int64())  # a span
    if origin is list:
        return pa.list_(_arrow_type(get_args(annotation)[0]))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct([pa.field(f.alias or n, _arrow_type(f.annotation)) for n, f in annotation.model_fields.items()])
    raise TypeError(f"no Arrow type for {annotation!r}")


def arrow_schema(model: type[BaseModel]):
    import pyarrow as pa

    return pa.schema([pa.field(f.alias or n, _arrow_type(f.annotation)) for n, f in model.model_fields.items()])


def load_duckdb(connection, tables: dict[str, object]) -> None:
    """Create every table (from Arrow tables) and the views in an open DuckDB connection."""
    for name, arrow in tables.items():
        connection.register("_arrow", arrow)
        connection.execute(f"create or replace table {name} as select * from _arrow")
        connection.unregister("_arrow")
    for name, sql in VIEWS.items():
        connection.execute(f"create or replace view {name} as {sql}")


def write_duckdb(out: Path, names: Iterable[str]) -> Path:
    """DIR/rotation.duckdb: the tables (read from their Parquet files) and the views."""
    import duckdb

    target = out / "rotation.duckdb"

    def write(part: Path) -> None:
        part.unlink(missing_ok=True)
        # one thread and a memory limit: the tables are copied from Parquet, nothing needs more
        connection = duckdb.connect(str(part), config={"threads": 1, "memory_limit": DUCKDB_MEMORY})
        try:
            for name in names:
                path = str(out / "parquet" / f"{name}.parquet").replace("'", "''")
                connection.execute(f"create table {name} as select * from read_parquet('{path}')")
            for name, sql in VIEWS.items():
                connection.execute(f"create view {name} as {sql}")
            connection.execute("checkpoint")
        finally:
            connection.close()

    _replace_into(target, write)
    return target


# ---- the inputs a dataset keeps -----------------------------------------------------------------------

@dataclass
class Manifest:
    """The batches of input files (content hashes), oldest first, and the article contexts
    read from texts, so a rebuild sees exactly what the first build saw."""

    batches: list[list[str]] = field(default_factory=list)
    contexts: dict[str, dict] = field(default_factory=dict)  # doc_id -> {"sha256", "published", ...}

    @staticmethod
    def path(out: Path) -> Path:
        return out / "inputs" / "manifest.json"

    @classmethod
    def read(cls, out: Path) -> "Manifest":
        data = json.loads(cls.path(out).read_text("utf-8"))
        if data.get("format") != MANIFEST_FORMAT:
            raise ValueError(f"{cls.path(out)}: unknown dataset format {data.get('format')!r}")
        return cls(batches=data["batches"], contexts=data.get("contexts", {}))

    def write(self, out: Path) -> None:
        data = {"format": MANIFEST_FORMAT, "batches": self.batches,
                "contexts": {k: self.contexts[k] for k in sorted(self.contexts)}}
        _replace_into(self.path(out), lambda part: part.write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"))

    def files(self, out: Path) -> list[list[Path]]:
        return [[out / "inputs" / f"{sha}.jsonl" for sha in batch] for batch in self.batches]


def keep_input(path: Path, sha: str, out: Path) -> None:
    """Copy an input facts file into DIR/inputs/, named by its content hash (once)."""
    target = out / "inputs" / f"{sha}.jsonl"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        _replace_into(target, lambda part: shutil.copyfile(path, part))


def is_dataset_dir(out: Path) -> bool:
    return Manifest.path(out).is_file()
