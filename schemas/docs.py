"""Markdown tables of the record fields, generated from the Pydantic models.

`python -m schemas.docs > docs/RECORDS.md` regenerates the reference; a test
fails when the committed file and the models disagree.
"""

from __future__ import annotations

import functools
import json
import operator
import types
import typing

from pydantic.fields import FieldInfo

from schemas.records import CUT_MARK, MAX_EVIDENCE, RECORD_MODELS, ErrorCode, cap_text

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
    text = text.replace("typing.", "").replace("schemas.records.", "").replace("NoneType", "null")
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


def markdown() -> str:
    parts = [INTRO]
    for type_name, model in RECORD_MODELS.items():
        parts.append(f"## `{type_name}`\n\n{(model.__doc__ or '').strip()}\n")
        parts.append("| field | type | meaning |\n| --- | --- | --- |")
        parts.extend(_describe(n, f) for n, f in model.model_fields.items())
        parts.append("")
    parts.append("## Error codes\n\n`article.error.code` is one of: " + ", ".join(f"`{c.value}`" for c in ErrorCode) + ".\n")
    return "\n".join(parts)


if __name__ == "__main__":
    print(markdown(), end="")
