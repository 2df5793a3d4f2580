"""The JSON Schema of the output, generated from the Pydantic models."""

from __future__ import annotations

from pydantic import TypeAdapter

from schemas.records import AnyRecord


def json_schema() -> dict:
    schema = TypeAdapter(AnyRecord).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "rotation-facts record (one JSON Lines line)"
    return schema
