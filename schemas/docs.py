"""Markdown tables of the record fields, generated from the Pydantic models.

`python -m schemas.docs > docs/RECORDS.md` regenerates the reference; a test
fails when the committed file and the models disagree.
"""

from __future__ import annotations

import json
import typing

from pydantic.fields import FieldInfo

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
    text = text.replace("typing.", "").replace("schemas.records.", "").replace("NoneType", "null")
    if typing.get_origin(annotation) is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in typing.get_args(annotation))
    return f"`{text}`".replace(" | ", " or ")


def _describe(name: str, info: FieldInfo) -> str:
    default = "" if info.is_required() else f" (default `{json.dumps(info.get_default(call_default_factory=True), ensure_ascii=False)}`)"
    return f"| `{name}` | {_type_name(info.annotation)} | {(info.description or '').replace('|', '/')}{default} |"


def markdown() -> str:
    parts = [INTRO]
    for type_name, model in RECORD_MODELS.items():
        parts.append(f"## `{type_name}`\n\n{(model.__doc__ or '').strip()}\n")
        parts.append("| field | type | meaning |\n| --- | --- | --- |")
        parts.extend(_describe(n, f) for n, f in model.model_fields.items())
        parts.append("")
    ordered = [c for c in ErrorCode if c not in NOT_ARTICLE_CODES] + [c for c in ErrorCode if c in NOT_ARTICLE_CODES]
    parts.append(f"## Error codes\n\n`article.error.code` is one of these. The last {len(NOT_ARTICLE_CODES)} (from `{ordered[-len(NOT_ARTICLE_CODES)].value}` on) are "
                 "records of a web archive that are not articles by design: the summary line counts them apart, and they do not "
                 "make the exit status 1.\n")
    parts.append("| code | meaning |\n| --- | --- |")
    parts.extend(f"| `{c.value}` | {ERROR_MEANINGS[c]} |" for c in ordered)
    parts.append("")
    return "\n".join(parts)


if __name__ == "__main__":
    print(markdown(), end="")
