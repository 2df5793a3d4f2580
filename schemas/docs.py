"""Markdown tables of the record fields, generated from the Pydantic models.

`python -m schemas.docs > docs/RECORDS.md` regenerates the reference of the records
`extract` writes; `python -m schemas.docs --dataset > docs/DATASET_TABLES.md` the
reference of the dataset's tables (`schemas/dataset.py`). A test fails when a
committed file and the models disagree.
"""

from __future__ import annotations

import json
import sys
import typing

from pydantic.fields import FieldInfo

from schemas.dataset import (
    DATASET_MODELS, ArticleUnit, BioSource, Conflict, ConflictValue, PersonPost, ResolvedPost, ResolvedUnit, Source,
)
from schemas.judgments import JUDGED_FIELDS, JUDGMENT_MODELS, REQUIRED_FOR_MISSED, SampleInfo
from schemas.records import ERROR_MEANINGS, NOT_ARTICLE_CODES, RECORD_MODELS, ErrorCode

INTRO = """# Output records

Generated from the Pydantic models in `schemas/records.py` by `python -m schemas.docs`;
do not edit by hand. `rotation-facts schema` prints the same as JSON Schema.

Each line of the output is one record. Keys appear in the order below: `type`
first, `doc_id` second. Each article's `article` record comes first, then its
facts ordered by where they start in the text.
"""


def _type_name(annotation: object) -> str:
    text = repr(annotation) if not isinstance(annotation, type) else annotation.__name__
    text = (text.replace("typing.", "").replace("schemas.records.", "").replace("schemas.judgments.", "")
            .replace("schemas.dataset.", "").replace("NoneType", "null"))
    if typing.get_origin(annotation) is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in typing.get_args(annotation))
    return f"`{text}`".replace(" | ", " or ")


def _describe(name: str, info: FieldInfo) -> str:
    default = "" if info.is_required() else f" (default `{json.dumps(info.get_default(call_default_factory=True), ensure_ascii=False)}`)"
    return f"| `{name}` | {_type_name(info.annotation)} | {(info.description or '').replace('|', '/')}{default} |"


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
