"""Writing the dataset: JSON Lines, Parquet and one DuckDB file; and the inputs it keeps.

A dataset directory holds:

    moves.jsonl people.jsonl documents.jsonl counts.jsonl articles.jsonl uncertain_links.jsonl
    parquet/<table>.parquet     the same tables, typed columns (nested rows as structs)
    rotation.duckdb             the tables and ready views (VIEWS)
    report.html                 the summary report (pipeline/dataset/report.py)
    inputs/<sha256>.jsonl       every facts file it was built from, named by its content
    inputs/manifest.json        the batches of inputs, in the order they were added,
                                and the article contexts read from texts (--articles)

JSONL: one row per line, keys in model order, UTF-8, rows in each table's stable
order: two builds diff cleanly with `git diff`. Every file is written beside its
target and renamed into place.

Entry points: `write_tables`, `write_parquet`, `write_duckdb`, `arrow_table`, `Manifest`.
"""

from __future__ import annotations

import json
import os
import shutil
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from schemas.dataset import DATASET_MODELS

MANIFEST_FORMAT = 1

# Views over the tables: the questions a researcher asks first.
VIEWS = {
    "moves_by_year_direction": """
        select cast(substr(date, 1, 4) as integer) as year, coalesce(direction, 'unknown') as direction,
               count(*) as moves, sum(n_articles)::bigint as article_reports
        from moves group by all order by year nulls last, direction""",
    "counts_by_province_year": """
        select province, year, coalesce(direction, 'unknown') as direction,
               sum(value)::bigint as people, count(*) as counts, sum(n_articles)::bigint as article_reports
        from counts where part_of is null and not planned
        group by all order by province nulls last, year nulls last, direction""",
    "top_documents": """
        select document_id, kind, coalesce(code, number) as document, issued, issuer, scope, n_articles, n_mentions,
               first_cited, last_cited
        from documents order by n_articles desc, n_mentions desc, key""",
    "people_most_moves": """
        select person_id, name, n_moves, n_articles, list_sort(provinces) as provinces
        from people where n_moves > 0 order by n_moves desc, n_articles desc, name, person_id""",
    "moves_flat": """
        select m.move_id, m.person_id, m.name, m.date, m.date_precision, m.from_post, m.to_post,
               m.from_level, m.to_level, m.direction, m.province, m.decided_by, m.n_sources, m.n_articles,
               len(m.conflicts) as n_conflicts
        from moves m order by m.date nulls last, m.name""",
}


def _json_line(row: BaseModel) -> str:
    return json.dumps(row.model_dump(mode="json"), ensure_ascii=False)


def _replace_into(target: Path, write) -> None:
    part = target.with_name(target.name + ".part")
    write(part)
    os.replace(part, target)


def write_tables(tables: dict[str, list[BaseModel]], out: Path) -> dict[str, Path]:
    """One JSONL file per table."""
    written = {}
    for name, rows in tables.items():
        target = out / f"{name}.jsonl"

        def write(part: Path, rows=rows) -> None:
            with open(part, "w", encoding="utf-8", newline="\n") as fh:
                for row in rows:
                    fh.write(_json_line(row) + "\n")

        _replace_into(target, write)
        written[name] = target
    return written


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
        return pa.struct([pa.field(n, _arrow_type(f.annotation)) for n, f in annotation.model_fields.items()])
    raise TypeError(f"no Arrow type for {annotation!r}")


def arrow_schema(model: type[BaseModel]):
    import pyarrow as pa

    return pa.schema([pa.field(n, _arrow_type(f.annotation)) for n, f in model.model_fields.items()])


def arrow_table(name: str, rows: list[BaseModel]):
    """A table's rows as an Arrow table with the model's column types."""
    import pyarrow as pa

    schema = arrow_schema(DATASET_MODELS[name])
    return pa.Table.from_pylist([row.model_dump(mode="json") for row in rows], schema=schema)


def write_parquet(tables: dict[str, list[BaseModel]], out: Path) -> dict[str, Path]:
    import pyarrow.parquet as pq

    folder = out / "parquet"
    folder.mkdir(exist_ok=True)
    written = {}
    for name, rows in tables.items():
        target = folder / f"{name}.parquet"
        _replace_into(target, lambda part, name=name, rows=rows: pq.write_table(arrow_table(name, rows), part))
        written[name] = target
    return written


def load_duckdb(connection, tables: dict[str, list[BaseModel]]) -> None:
    """Create every table (from Arrow) and the views in an open DuckDB connection."""
    for name, rows in tables.items():
        arrow = arrow_table(name, rows)  # noqa: F841 (DuckDB reads the local variable by name)
        connection.execute(f"create or replace table {name} as select * from arrow")
    for name, sql in VIEWS.items():
        connection.execute(f"create or replace view {name} as {sql}")


def write_duckdb(tables: dict[str, list[BaseModel]], out: Path) -> Path:
    """DIR/rotation.duckdb: the tables and the views, in one embedded database file."""
    import duckdb

    target = out / "rotation.duckdb"

    def write(part: Path) -> None:
        part.unlink(missing_ok=True)
        connection = duckdb.connect(str(part))
        try:
            load_duckdb(connection, tables)
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
