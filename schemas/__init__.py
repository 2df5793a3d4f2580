"""Pydantic records of the output format (see `schemas.records`)."""

from schemas.records import (
    FACT_MODELS,
    RECORD_MODELS,
    AnyRecord,
    ArticleError,
    ArticleRecord,
    CitationRecord,
    CountRecord,
    ErrorCode,
    FactRecord,
    NOT_ARTICLE_CODES,
    OfficialRecord,
    RejectedFact,
)

__all__ = [
    "FACT_MODELS", "RECORD_MODELS", "AnyRecord", "ArticleError", "ArticleRecord",
    "CitationRecord", "CountRecord", "ErrorCode", "FactRecord", "NOT_ARTICLE_CODES", "OfficialRecord", "RejectedFact",
]
