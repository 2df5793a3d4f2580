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

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

Level = Literal["central", "province", "district", "commune"]
Direction = Literal["down", "up", "lateral", "mixed"]

CitationKind = Literal[
    "quy_dinh", "quyet_dinh", "nghi_quyet", "nghi_dinh", "chi_thi", "ket_luan",
    "ke_hoach", "chuong_trinh", "de_an", "huong_dan", "thong_bao", "thong_tu",
    "luat", "cong_van", "quy_che", "bao_cao", "to_trinh", "thong_tri",
    "nghi_quyet_lien_tich", "thong_tu_lien_tich", "other",
]

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"

# Bounds on what a record copies out of the article, so that the output grows linearly with
# the input whatever the input: a record never holds more than a few kilobytes of text.
MAX_EVIDENCE = 600     # characters of evidence `sentence` (and of a fact's own `text`)
MAX_FIELD = 300        # characters of any other text field read from the article
MAX_ITEMS = 20         # entries of a list field (`posts`, `aliases`, `actions`)
CUT_MARK = "…"         # ends a text field that was cut to MAX_FIELD


def cap_text(value: object, limit: int = MAX_FIELD) -> object:
    """A text over `limit` characters cut at its last space within it, ending in CUT_MARK."""
    if not isinstance(value, str) or len(value) <= limit:
        return value
    head = value[:limit - len(CUT_MARK)]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip(" ,;") + CUT_MARK


def cap_list(value: object) -> object:
    """The first MAX_ITEMS entries of a list."""
    return value[:MAX_ITEMS] if isinstance(value, list) else value


# A text field read from the article: over MAX_FIELD characters it is cut (cap_text), not rejected.
FreeText = Annotated[str, BeforeValidator(cap_text), Field(
    max_length=MAX_FIELD, json_schema_extra={"$comment": f"longer text is cut at a space and ends in {CUT_MARK}"})]
FreeTexts = Annotated[list[FreeText], BeforeValidator(cap_list), Field(
    max_length=MAX_ITEMS, json_schema_extra={"$comment": "the first entries, when there are more"})]
# A field the extractor builds to a bounded shape (a symbol, a number, a key): never cut, so an
# over-long one (a fault) is rejected rather than silently changed.
Short = Annotated[str, Field(max_length=MAX_FIELD)]


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
    unsupported_format = "unsupported_format"  # a file in a folder, of a kind not read (.pdf, .json)
    timeout = "timeout"              # extraction ran over the per-article limit
    out_of_memory = "out_of_memory"  # extraction needed more memory than the per-article limit
    crashed = "crashed"              # the process extracting it died (killed, native crash), twice
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
    doc_id: str = Field(min_length=1, description="file name without extension, or the JSONL 'id'/'doc_id'")
    source: str = Field(description="file path the article came from ('-' for standard input)")
    line: int | None = Field(None, description="line number in a JSONL source, else null")
    title: str | None = Field(None, description="from the HTML page or JSONL field, when given")
    url: str | None = Field(None, description="from the HTML page or JSONL field, when given")
    published: str | None = Field(None, pattern=ISO_DATE, description="publication date YYYY-MM-DD, when given")
    n_chars: int = Field(ge=0, description="length of the article text as read; spans index into it")
    n_facts: int = Field(0, ge=0, description="how many fact records follow this one")
    notes: list[str] = Field(default_factory=list, description="how the text had to be read: 'decoded as Windows-1258', 'repaired mojibake', ...")
    error: ArticleError | None = Field(None, description="why the article yielded no facts (code, message), else null")
    rejected: list[RejectedFact] = Field(default_factory=list, description="facts found but not written because they failed validation")


class _Fact(_Record):
    type: str  # narrowed to a literal by each fact type; declared here so it is the first key
    doc_id: str = Field(min_length=1, description="the article's doc_id")
    span: tuple[int, int] = Field(description="[start, end) character offsets into the article text as read")
    text: str = Field(max_length=MAX_EVIDENCE, description="exactly the article text at `span`")
    sentence: str = Field(max_length=MAX_EVIDENCE, description=(
        "the evidence: the sentence holding `span`, as read; a longer sentence is cut to a window around "
        "the span, at white space (still a slice of the article text, within `sentence_span`, holding `span`)"))
    sentence_span: tuple[int, int] = Field(description=(
        "[start, end) offsets of the whole evidence sentence in the article text as read (it contains `span`); "
        "`sentence` is all of it when it is short enough"))

    @model_validator(mode="after")
    def _span_is_ordered(self) -> "_Fact":
        start, end = self.span
        if not 0 <= start < end:
            raise ValueError(f"span {self.span} is not a non-empty forward range")
        if len(self.text) != end - start:
            raise ValueError("text length does not match span")
        s_start, s_end = self.sentence_span
        if not s_start <= start < end <= s_end:
            raise ValueError(f"sentence_span {self.sentence_span} does not contain span {self.span}")
        if len(self.sentence) > s_end - s_start:
            raise ValueError("sentence is longer than sentence_span")
        return self


class CitationRecord(_Fact):
    """One mention of a numbered Party or state document; mentions of one document share `ref`."""

    type: Literal["citation"] = "citation"
    kind: CitationKind = Field(description="document type, snake_case without diacritics ('other' for the rest)")
    number: Short = Field(min_length=1, description="the document number as written ('98', '02')")
    code: Short | None = Field(None, description="full symbol, spaces removed, Ð read as Đ ('98-QĐ/TW')")
    type_code: Short | None = Field(None, description="the document-type part of the symbol ('QĐ', 'NĐ')")
    issuer_code: Short | None = Field(None, description="the issuer part of the symbol ('TW', 'CP', 'UBND')")
    issued: str | None = Field(None, pattern=ISO_DATE, description="issue date YYYY-MM-DD when the text gives it")
    issuer: FreeText | None = Field(None, description="the issuing body named after 'của'")
    subject: FreeText | None = Field(None, description="the quoted or 'về ...' title when present")
    ref: Short = Field(min_length=1, description="shared by every mention of the same document in the article")


class CountRecord(_Fact):
    """A number of people rotated, transferred, seconded or taken in, with its direction."""

    type: Literal["count"] = "count"
    value: int = Field(ge=0, description="how many people")
    unit: FreeText | None = Field(None, description="the unit as written: 'đồng chí', 'cán bộ', 'người', 'lượt cán bộ', ...")
    actions: FreeTexts = Field(default_factory=list, description="the moves named: 'luân chuyển', 'điều động', 'tiếp nhận', ...")
    from_level: Level | None = Field(None, description="level moved from, or null when the text does not say")
    to_level: Level | None = Field(None, description="level moved to, or null when the text does not say")
    direction: Direction | None = Field(None, description="down (towards the grassroots), up, lateral, mixed, or null")
    part_of: int | None = Field(None, ge=0, description="index, among the article's counts, of the total this breaks down")
    parts_sum_ok: bool | None = Field(None, description="on a total with parts: do the parts add up to it")
    planned: bool = Field(False, description="a future or intended rotation ('dự kiến', 'sẽ', 'kế hoạch')")


class OfficialRecord(_Fact):
    """A named person with an official post: one per person per article, at the first mention."""

    type: Literal["official"] = "official"
    name: FreeText = Field(min_length=2, description="full name as written, NFC")
    aliases: FreeTexts = Field(default_factory=list, description="short forms used later ('Thân', 'ông Hải')")
    posts: FreeTexts = Field(default_factory=list, description="posts held, as stated")
    rotated: bool = Field(False, description="the article reports this person rotated, transferred or assigned by such a move")
    from_post: FreeText | None = Field(None, description="the post moved from, when stated")
    to_post: FreeText | None = Field(None, description="the post (or body) moved to, when rotated")
    date: FreeText | None = Field(None, description="when the move happened, as written ('Tháng 9/2022')")
    decided_by: FreeText | None = Field(None, description="the body that decided the move, when stated")


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
