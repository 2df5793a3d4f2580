"""Markdown tables of the record fields, generated from the Pydantic models.

`python -m schemas.docs > docs/RECORDS.md` regenerates the reference of the records
`extract` writes; `python -m schemas.docs --dataset > docs/DATASET_TABLES.md` the
reference of the dataset's tables (`schemas/dataset.py`). A test fails when a
committed file and the models disagree.
"""

from __future__ import annotations

import functools
import json
import operator
import sys
import types
import typing

from pydantic.fields import FieldInfo

from schemas.dataset import (
    DATASET_MODELS, ArticleUnit, BioSource, Conflict, ConflictValue, PersonPost, ResolvedPost, ResolvedUnit, Source,
)
from schemas.judgments import JUDGED_FIELDS, JUDGMENT_MODELS, REQUIRED_FOR_MISSED, SampleInfo
from schemas.records import (
    CUT_MARK, ERROR_MEANINGS, MAX_EVIDENCE, NOT_ARTICLE_CODES, RECORD_MODELS, ErrorCode, cap_text,
)

INTRO = f"""# Output records

Generated from the Pydantic models in `schemas/records.py` by `python -m schemas.docs`;
do not edit by hand. `rotation-facts schema` prints the same as JSON Schema.

Each line of the output is one record. Keys appear in the order below: `type`
first, `doc_id` second. Each article's `article` record comes first, then its
facts ordered by where they start in the text.

Records are bounded whatever the article: the evidence `sentence` is a window of at most
{MAX_EVIDENCE} characters around the fact (the whole sentence's offsets are in `sentence_span`), and
every other text or list read from the article has a bound, given below, so the output
grows linearly with the input.
"""


def _plain(annotation: object) -> object:
    """The annotation without `Annotated` wrappers (the bounds are told in words)."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _plain(typing.get_args(annotation)[0])
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        plain = [_plain(a) for a in args]
        return annotation if plain == list(args) else functools.reduce(operator.or_, plain)
    if origin is list:
        return list[_plain(args[0])]
    return annotation


def _type_name(annotation: object) -> str:
    annotation = _plain(annotation)
    text = repr(annotation) if not isinstance(annotation, type) else annotation.__name__
    text = (text.replace("typing.", "").replace("schemas.records.", "").replace("schemas.judgments.", "")
            .replace("schemas.dataset.", "").replace("NoneType", "null"))
    if typing.get_origin(annotation) is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in typing.get_args(annotation))
    return f"`{text}`".replace(" | ", " or ")


def _max_length(metadata: typing.Iterable[object]) -> int | None:
    """The max_length among constraints (a `Field` inside `Annotated` carries its own)."""
    for m in metadata:
        found = _max_length(m.metadata) if isinstance(m, FieldInfo) else getattr(m, "max_length", None)
        if found is not None:
            return found
    return None


def _constraints(annotation: object, metadata: list) -> tuple[object, list]:
    """The type without `Annotated` or `None`, and every constraint on it (pydantic keeps
    a field's own in `metadata`; an `Annotated` alias, even under `| None`, carries more)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _constraints(args[0], metadata)
    if typing.get_origin(annotation) is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        flat = [c for m in extra for c in (m.metadata if isinstance(m, FieldInfo) else [m])]
        return _constraints(inner, metadata + flat)
    return annotation, metadata


def _bounds(annotation: object, metadata: list) -> str:
    """The size bounds of a field, in words: its length, and its entries' for a list."""
    annotation, metadata = _constraints(annotation, list(metadata))
    limit = _max_length(metadata)
    if limit is None:
        return ""
    if typing.get_origin(annotation) is list:
        entries = _bounds(typing.get_args(annotation)[0], [])
        return f"at most {limit} entries (the first ones){f', each {entries}' if entries else ''}"
    if any(getattr(m, "func", None) is cap_text for m in metadata):
        return f"at most {limit} characters (longer text is cut at a space and ends in `{CUT_MARK}`)"
    return f"at most {limit} characters"


def _describe(name: str, info: FieldInfo) -> str:
    default = "" if info.is_required() else f" (default `{json.dumps(info.get_default(call_default_factory=True), ensure_ascii=False)}`)"
    bounds = _bounds(info.annotation, info.metadata)
    meaning = (info.description or "") + (f"; {bounds}" if bounds else "")
    return f"| `{name}` | {_type_name(info.annotation)} | {meaning.replace('|', '/')}{default} |"


JUDGMENTS_INTRO = """# Judgments

The file the review page exports (its export button) and `rotation-facts precision`
and `rotation-facts judgments-to-gold` read, generated from `schemas/judgments.py`;
`rotation-facts schema --judgments` prints its JSON Schema. One line per judged
fact (`judgment`), per fact the system missed (`missed`) and per article the
reviewer checked whole (`checked_article`), keys in the order below. A line
that does not validate is an error naming its file and line.
"""


def _table(model: type) -> list[str]:
    rows = ["| field | type | meaning |\n| --- | --- | --- |"]
    rows.extend(_describe(n, f) for n, f in model.model_fields.items())
    return rows


def _section(type_name: str, model: type) -> list[str]:
    return [f"## `{type_name}`\n\n{(model.__doc__ or '').strip()}\n", *_table(model), ""]


def _judged_fields() -> list[str]:
    rows = ["## Judged fields\n\nThe keys `fields` and `corrected` may hold, per fact type, with the types of the "
            "records' fields of the same name; field accuracy is reported for each. A `missed` fact needs the "
            "required ones.\n", "| fact type | judged fields | required on a missed fact |", "| --- | --- | --- |"]
    rows.extend(f"| `{t}` | {', '.join(f'`{n}`' for n in names)} | "
                f"{', '.join(f'`{n}`' for n in REQUIRED_FOR_MISSED[t])} |" for t, names in JUDGED_FIELDS.items())
    return [*rows, ""]


def markdown() -> str:
    parts = [INTRO]
    for type_name, model in RECORD_MODELS.items():
        parts.extend(_section(type_name, model))
    ordered = [c for c in ErrorCode if c not in NOT_ARTICLE_CODES] + [c for c in ErrorCode if c in NOT_ARTICLE_CODES]
    parts.append(f"## Error codes\n\n`article.error.code` is one of these. The last {len(NOT_ARTICLE_CODES)} (from `{ordered[-len(NOT_ARTICLE_CODES)].value}` on) are "
                 "records of a web archive that are not articles by design: the summary line counts them apart, and they do not "
                 "make the exit status 1.\n")
    parts.append("| code | meaning |\n| --- | --- |")
    parts.extend(f"| `{c.value}` | {ERROR_MEANINGS[c]} |" for c in ordered)
    parts.append("")
    parts.append(JUDGMENTS_INTRO)
    for type_name, model in JUDGMENT_MODELS.items():
        parts.extend(_section(type_name, model))
    parts.extend(_section("sample", SampleInfo))
    parts.extend(_judged_fields())
    return "\n".join(parts).rstrip("\n") + "\n"


DATASET_INTRO = """# Dataset tables

Generated from the Pydantic models in `schemas/dataset.py` by `python -m schemas.docs --dataset`;
do not edit by hand. How the rows are made (linking, resolution, ids) is in
[DATASET.md](DATASET.md).

`rotation-facts dataset` writes each table as `DIR/<table>.jsonl` (one row per line,
keys in the order below), `DIR/parquet/<table>.parquet` (nested rows as structs and
lists) and a table of `DIR/rotation.duckdb`. Every row keeps its `sources`: the
`{doc_id, span}` of each fact it was built from.
"""

# Row types nested in the tables, documented after them.
NESTED = (Source, Conflict, ConflictValue, ResolvedPost, ResolvedUnit, PersonPost, BioSource, ArticleUnit)


def _model_table(title: str, model) -> list[str]:
    out = [f"## {title}\n\n{(model.__doc__ or '').strip()}\n", "| field | type | meaning |\n| --- | --- | --- |"]
    out.extend(_describe(f.alias or n, f) for n, f in model.model_fields.items())
    out.append("")
    return out


def dataset_markdown() -> str:
    parts = [DATASET_INTRO]
    for table, model in DATASET_MODELS.items():
        parts.extend(_model_table(f"`{table}.jsonl`", model))
    parts.append("## Nested rows\n")
    for model in NESTED:
        parts.extend(_model_table(f"`{model.__name__}`", model))
    return "\n".join(parts)


if __name__ == "__main__":
    print(dataset_markdown() if "--dataset" in sys.argv[1:] else markdown(), end="")
