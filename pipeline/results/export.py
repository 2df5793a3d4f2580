"""Export a facts file as flat tables: one per fact type, plus articles and rejected facts.

Columns come from the Pydantic models (`schemas/records.py`), in model order:
`doc_id` first, then for facts `fact_index` (the fact's index among its
article's facts of that type, which is what a count's `part_of` refers to),
`span` as `span_start`/`span_end`, a nested record such as an article's `error`
as `error_code`/`error_message`, and an article's `rejected` list as the count
`n_rejected` plus rows of its own table. Lists of strings (`actions`, `posts`,
`aliases`) stay lists in Parquet and are joined with `" | "` in CSV.

Tables: `articles`, `citations`, `counts`, `officials`, `rejected`; files
`DIR/<table>.csv` or `DIR/<table>.parquet`, loadable by pandas, R and DuckDB.

Entry points: `build_tables(path) -> dict[name, Table]`, `export(path, out_dir, fmt)`.
"""

from __future__ import annotations

import csv
import types
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Callable, Literal, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from pipeline.results.facts_file import FactsFileError, read_records
from schemas.records import FACT_MODELS, AnyRecord, ArticleRecord, RejectedFact

LIST_SEPARATOR = " | "
FORMATS = ("csv", "parquet")
# Fact type -> table name.
FACT_TABLES = {fact_type: f"{fact_type}s" for fact_type in FACT_MODELS}


@dataclass
class Column:
    name: str
    kind: str  # "str", "int", "bool" or "list" (of strings)
    get: Callable[[dict], Any]


@dataclass
class Table:
    name: str
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)

    def add(self, record: dict, **extra: Any) -> None:
        """Flatten one record (a JSON-mode dump) into a row."""
        self.rows.append({c.name: extra[c.name] if c.name in extra else c.get(record) for c in self.columns})


# ---- columns from the models -------------------------------------------------------------------

def _unwrap(annotation: Any) -> Any:
    """`X | None` -> X; `Annotated[X, ...]` (a bounded text) -> X."""
    if get_origin(annotation) is Annotated:
        return _unwrap(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else annotation
    return annotation


def _kind(annotation: Any) -> str:
    """What one field becomes: a scalar kind, 'span', 'model' (flattened) or 'records' (own table)."""
    a = _unwrap(annotation)
    origin = get_origin(a)
    if origin is Literal or (isinstance(a, type) and issubclass(a, (str, Enum))):
        return "str"
    if origin is tuple:
        return "span"
    if origin is list:
        return "list" if _unwrap(get_args(a)[0]) is str else "records"
    if isinstance(a, type) and issubclass(a, BaseModel):
        return "model"
    if a in (bool, int):
        return a.__name__
    raise TypeError(f"no column type for {annotation!r}")


def model_columns(model: type[BaseModel], prefix: str = "", getter: Callable[[dict], Any] = lambda r: r,
                  drop: tuple[str, ...] = ()) -> list[Column]:
    """The flat columns of a model, in field order, without the fields in `drop`."""
    columns: list[Column] = []
    for name, info in model.model_fields.items():
        if name in drop:
            continue
        kind = _kind(info.annotation)
        get = _field_getter(getter, name)
        if kind == "span":
            columns += [Column(f"{prefix}{name}_start", "int", _index(get, 0)),
                        Column(f"{prefix}{name}_end", "int", _index(get, 1))]
        elif kind == "model":
            columns += model_columns(_unwrap(info.annotation), f"{prefix}{name}_", get)
        elif kind == "records":
            columns.append(Column(f"{prefix}n_{name}", "int", lambda r, get=get: len(get(r) or [])))
        else:
            columns.append(Column(prefix + name, kind, get))
    return columns


def _field_getter(parent: Callable[[dict], Any], name: str) -> Callable[[dict], Any]:
    def get(record: dict) -> Any:
        obj = parent(record)
        return None if obj is None else obj.get(name)
    return get


def _index(get: Callable[[dict], Any], i: int) -> Callable[[dict], Any]:
    return lambda r: None if get(r) is None else get(r)[i]


def empty_tables() -> dict[str, Table]:
    """The tables, with their columns and no rows."""
    tables = {"articles": Table("articles", model_columns(ArticleRecord, drop=("type",)))}
    for fact_type, name in FACT_TABLES.items():
        cols = model_columns(FACT_MODELS[fact_type], drop=("type",))  # the table says the type
        cols.insert(1, Column("fact_index", "int", lambda r: None))
        tables[name] = Table(name, cols)
    rejected = model_columns(RejectedFact)
    tables["rejected"] = Table("rejected", [Column("doc_id", "str", lambda r: None), *rejected])
    return tables


# ---- rows --------------------------------------------------------------------------------------

_RECORD = TypeAdapter(AnyRecord)


def validated_records(path: str | Path) -> list[dict]:
    """The records of a facts file, checked against the models, as JSON-mode dicts."""
    out = []
    for number, raw in read_records(path):
        try:
            out.append(_RECORD.validate_python(raw).model_dump(mode="json"))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise FactsFileError(f"{path}:{number}: not a valid record ({where}: {first['msg']})") from exc
    return out


def build_tables(path: str | Path) -> dict[str, Table]:
    """Every record of the facts file as a row of its table."""
    tables = empty_tables()
    seen: dict[tuple[str, str], int] = {}  # (doc_id, fact type) -> facts so far
    for record in validated_records(path):
        kind = record["type"]
        if kind == "article":
            tables["articles"].add(record)
            for rejected in record["rejected"]:
                tables["rejected"].add(rejected, doc_id=record["doc_id"])
            for fact_type in FACT_TABLES:  # a repeated doc_id starts its counts again
                seen.pop((record["doc_id"], fact_type), None)
            continue
        index = seen.get((record["doc_id"], kind), 0)
        seen[(record["doc_id"], kind)] = index + 1
        tables[FACT_TABLES[kind]].add(record, fact_index=index)
    return tables


# ---- writers -----------------------------------------------------------------------------------

def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return value


def write_csv(table: Table, path: Path) -> None:
    """UTF-8, a header row, empty cells for null, booleans as true/false."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([c.name for c in table.columns])
        for row in table.rows:
            writer.writerow([_csv_value(row[c.name]) for c in table.columns])


def arrow_schema(table: Table):
    import pyarrow as pa

    types_ = {"str": pa.string(), "int": pa.int64(), "bool": pa.bool_(), "list": pa.list_(pa.string())}
    return pa.schema([pa.field(c.name, types_[c.kind]) for c in table.columns])


def write_parquet(table: Table, path: Path) -> None:
    """Typed columns (nullable), list columns as list<string>."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = {c.name: [row[c.name] for row in table.rows] for c in table.columns}
    pq.write_table(pa.table(columns, schema=arrow_schema(table)), path)


WRITERS = {"csv": write_csv, "parquet": write_parquet}


def export(path: str | Path, out_dir: str | Path, fmt: str = "csv") -> dict[str, tuple[Path, int]]:
    """Write every table to `out_dir` (created if missing); returns table -> (file, rows)."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        _require_pyarrow()
    tables = build_tables(path)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, table in tables.items():
        target = out / f"{name}.{fmt}"
        WRITERS[fmt](table, target)
        written[name] = (target, len(table.rows))
    return written


def _require_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise ValueError("Parquet needs pyarrow: pip install 'rotation-facts[export]'") from exc
