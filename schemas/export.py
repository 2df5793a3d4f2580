"""The JSON Schemas of the output records and of the judgments file, generated from the Pydantic models."""

from __future__ import annotations

from pydantic import TypeAdapter

from schemas.judgments import JudgmentLine
from schemas.records import AnyRecord


def json_schema() -> dict:
    """The schema of one line of a facts file (`rotation-facts schema`)."""
    schema = TypeAdapter(AnyRecord).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "rotation-facts record (one JSON Lines line)"
    return schema


def judgments_json_schema() -> dict:
    """The schema of one line of a judgments file (`rotation-facts schema --judgments`)."""
    schema = TypeAdapter(JudgmentLine).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "rotation-facts judgment (one JSON Lines line of a judgments file)"
    return schema
