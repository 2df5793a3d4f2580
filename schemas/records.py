"""The records `rotation-facts` writes: the single source of truth for the format.

The JSON Schema (`rotation-facts schema`), the README's field tables and the
JSONL writer all derive from these models. Field order here is the key order in
the output: `type` first, `doc_id` second, then the shared evidence fields,
then the fields of each fact type.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

Level = Literal["central", "province", "district", "commune"]
Direction = Literal["down", "up", "lateral", "mixed"]

CitationKind = Literal[
    "quy_dinh", "quyet_dinh", "nghi_quyet", "nghi_dinh", "chi_thi", "ket_luan",
    "ke_hoach", "chuong_trinh", "de_an", "huong_dan", "thong_bao", "thong_tu",
    "luat", "cong_van", "quy_che", "bao_cao", "to_trinh", "thong_tri",
    "nghi_quyet_lien_tich", "thong_tu_lien_tich", "other",
]

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


class ErrorCode(str, Enum):
    """Why an article yielded no facts. Every input article gets a record."""

    not_text = "not_text"            # binary content
    decode_failed = "decode_failed"  # no encoding we trust decodes it
    mojibake = "mojibake"            # garbled text that could not be repaired
    empty = "empty"                  # nothing left after reading and cleaning
    too_large = "too_large"          # over the configured size limit
    bad_json_line = "bad_json_line"  # a JSONL line that is not a JSON object
    missing_text = "missing_text"    # a JSONL object with no text field
    read_failed = "read_failed"      # the file could not be opened or read
    timeout = "timeout"              # extraction ran over the per-article limit
    extraction_failed = "extraction_failed"  # an unexpected fault in a stage


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ArticleError(_Record):
    code: ErrorCode
    message: str = Field(min_length=1)


class RejectedFact(_Record):
    """A fact an extractor found that did not validate: reported, never written."""

    type: str
    span: tuple[int, int]
    message: str


class ArticleRecord(_Record):
    """One per input article, before its facts, whether it succeeded or failed."""

    type: Literal["article"] = "article"
    doc_id: str = Field(min_length=1)
    source: str = Field(description="file path the article came from ('-' for standard input)")
    line: int | None = Field(None, description="line number in a JSONL source, else null")
    title: str | None = None
    url: str | None = None
    published: str | None = Field(None, pattern=ISO_DATE)
    n_chars: int = Field(ge=0, description="length of the article text as read; spans index into it")
    n_facts: int = Field(0, ge=0)
    error: ArticleError | None = None
    rejected: list[RejectedFact] = Field(default_factory=list)


class _Fact(_Record):
    type: str  # narrowed to a literal by each fact type; declared here so it is the first key
    doc_id: str = Field(min_length=1)
    span: tuple[int, int] = Field(description="[start, end) character offsets into the article text as read")
    text: str = Field(description="exactly the article text at `span`")
    sentence: str = Field(description="the evidence sentence, as read")

    @model_validator(mode="after")
    def _span_is_ordered(self) -> "_Fact":
        start, end = self.span
        if not 0 <= start < end:
            raise ValueError(f"span {self.span} is not a non-empty forward range")
        if len(self.text) != end - start:
            raise ValueError("text length does not match span")
        return self


class CitationRecord(_Fact):
    type: Literal["citation"] = "citation"
    kind: CitationKind
    number: str = Field(min_length=1, description="the document number as written ('98', '02')")
    code: str | None = Field(None, description="full symbol, spaces removed, Ð read as Đ ('98-QĐ/TW')")
    type_code: str | None = Field(None, description="the document-type part of the symbol ('QĐ', 'NĐ')")
    issuer_code: str | None = Field(None, description="the issuer part of the symbol ('TW', 'CP', 'UBND')")
    issued: str | None = Field(None, pattern=ISO_DATE)
    issuer: str | None = Field(None, description="the issuing body named after 'của'")
    subject: str | None = None
    ref: str = Field(min_length=1, description="shared by every mention of the same document in the article")


class CountRecord(_Fact):
    type: Literal["count"] = "count"
    value: int = Field(ge=0)
    unit: str | None = None
    actions: list[str] = Field(default_factory=list)
    from_level: Level | None = None
    to_level: Level | None = None
    direction: Direction | None = None
    part_of: int | None = Field(None, ge=0, description="index, among the article's counts, of the total this breaks down")
    parts_sum_ok: bool | None = Field(None, description="on a total with parts: do the parts add up to it")
    planned: bool = False


class OfficialRecord(_Fact):
    type: Literal["official"] = "official"
    name: str = Field(min_length=2)
    aliases: list[str] = Field(default_factory=list)
    posts: list[str] = Field(default_factory=list)
    rotated: bool = False
    from_post: str | None = None
    to_post: str | None = None
    date: str | None = None
    decided_by: str | None = None


FactRecord = Annotated[Union[CitationRecord, CountRecord, OfficialRecord], Field(discriminator="type")]
AnyRecord = Annotated[Union[ArticleRecord, CitationRecord, CountRecord, OfficialRecord], Field(discriminator="type")]

FACT_MODELS: dict[str, type[_Fact]] = {
    "citation": CitationRecord,
    "count": CountRecord,
    "official": OfficialRecord,
}
RECORD_MODELS: dict[str, type[_Record]] = {"article": ArticleRecord, **FACT_MODELS}


def parse_date(text: str) -> str | None:
    """Check a YYYY-MM-DD string names a real day; used by the extractors."""
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None
