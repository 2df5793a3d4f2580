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

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_serializer, model_validator

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

    not_text = "not_text"
    decode_failed = "decode_failed"
    mojibake = "mojibake"
    empty = "empty"
    too_large = "too_large"
    bad_json_line = "bad_json_line"
    missing_text = "missing_text"
    read_failed = "read_failed"
    unsupported_format = "unsupported_format"
    timeout = "timeout"
    out_of_memory = "out_of_memory"
    crashed = "crashed"
    extraction_failed = "extraction_failed"
    archive_damaged = "archive_damaged"
    not_article = "not_article"
    http_status = "http_status"
    revisit = "revisit"
    duplicate = "duplicate"
    warc_summary = "warc_summary"


ERROR_MEANINGS: dict[ErrorCode, str] = {
    ErrorCode.not_text: "binary content",
    ErrorCode.decode_failed: "no encoding we trust decodes it",
    ErrorCode.mojibake: "garbled text that could not be repaired",
    ErrorCode.empty: "nothing left after reading and cleaning",
    ErrorCode.too_large: "over the configured size limit",
    ErrorCode.bad_json_line: "a JSONL line that is not a JSON object",
    ErrorCode.missing_text: "a JSONL object or table row with no text field (or a table with no text column)",
    ErrorCode.read_failed: "the file could not be opened or read (or reading it stopped: the message says after how many articles)",
    ErrorCode.unsupported_format: "a file in a folder, prefix or glob, of a kind not read (.pdf, .json)",
    ErrorCode.timeout: "extraction ran over the per-article limit",
    ErrorCode.out_of_memory: "extraction needed more memory than the per-article limit (--max-memory): the message names the limit",
    ErrorCode.crashed: "the process extracting the article died (killed, a native crash) when it was retried alone too",
    ErrorCode.extraction_failed: "an unexpected fault in a stage",
    ErrorCode.archive_damaged: "a WARC, compressed or Parquet file cut short or corrupt: the byte offset, and that what came before was read",
    ErrorCode.not_article: "a WARC capture whose payload is not a page (image, style sheet, script, PDF): its content type",
    ErrorCode.http_status: "a WARC capture whose HTTP status is not 2xx (redirect, not found, server error)",
    ErrorCode.revisit: "a WARC revisit record: a payload captured before, not repeated",
    ErrorCode.duplicate: "a WARC capture with the URL and payload digest of an earlier one in the same file",
    ErrorCode.warc_summary: "one per WARC file, after its captures: its records of each type (warcinfo, request, metadata are counted only here) and of each outcome",
}

# Codes of input records that are not articles by design (a WARC's images, redirects,
# revisits): counted apart from the articles, and not failures for the exit status.
NOT_ARTICLE_CODES = frozenset({ErrorCode.not_article, ErrorCode.http_status, ErrorCode.revisit,
                               ErrorCode.duplicate, ErrorCode.warc_summary})


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
    doc_id: str = Field(min_length=1, description="file name without extension, the JSONL or table 'id'/'doc_id' (or --id-field), or the WARC-Record-ID's UUID")
    source: str = Field(description="file path or URL the article came from ('-' for standard input)")
    line: int | None = Field(None, description="line number in a JSONL source, row number (1 = first row after the header) in a CSV or Parquet table, else null")
    title: str | None = Field(None, description="from the HTML page or the JSONL or table field, when given")
    url: str | None = Field(None, description="the WARC-Target-URI, or from the HTML page or the JSONL or table field, when given")
    published: str | None = Field(None, pattern=ISO_DATE, description="publication date YYYY-MM-DD: the input's (a field, the HTML page's metadata); else the text's dateline or the URL's date, and for a WARC page its capture date, each noted in `notes`")
    n_chars: int = Field(ge=0, description="length of the article text as read; spans index into it")
    n_facts: int = Field(0, ge=0, description="how many fact records follow this one")
    notes: list[str] = Field(default_factory=list, description="how the text had to be read: 'decoded as Windows-1258', 'repaired mojibake', ...")
    error: ArticleError | None = Field(None, description="why the article yielded no facts (code, message), else null")
    rejected: list[RejectedFact] = Field(default_factory=list, description="facts found but not written because they failed validation")


class FactBase(_Record):
    """The fields and checks every fact record shares (citations, counts, officials derive
    from it): the type to write in annotations that take any fact record."""

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
    def _span_is_ordered(self) -> "FactBase":
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


class CitationRecord(FactBase):
    """One mention of a numbered Party or state document; mentions of one document share `ref`."""

    type: Literal["citation"] = "citation"
    kind: CitationKind = Field(description="document type, snake_case without diacritics ('other' for the rest)")
    number: Short = Field(min_length=1, description="the document number as written ('98', '02')")
    code: Short | None = Field(None, description="full symbol, spaces removed, Ð read as Đ ('98-QĐ/TW'); a state number written with its year only gives that ('138/2020'); null for a number alone")
    type_code: Short | None = Field(None, description="the document-type part of the symbol ('QĐ', 'NĐ')")
    issuer_code: Short | None = Field(None, description="the issuer part of the symbol ('TW', 'CP', 'UBND')")
    issued: str | None = Field(None, pattern=ISO_DATE, description="issue date YYYY-MM-DD when the text gives it")
    issuer: FreeText | None = Field(None, description="the issuing body named after 'của'")
    subject: FreeText | None = Field(None, description="the quoted or 'về ...' title when present")
    ref: Short = Field(min_length=1, description="shared by every mention of the same document in the article")


class CountRecord(FactBase):
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


PartyRank = Literal[
    "Ủy viên Bộ Chính trị", "Bí thư Trung ương Đảng", "Ủy viên Trung ương Đảng", "Ủy viên dự khuyết Trung ương Đảng",
]
PROVINCE_CODE = r"^\d{2}$"


class BioEvidence(_Record):
    """Where each biography field of an official was read: [start, end) into the article as read.
    Only the fields stated are present."""

    birth_year: tuple[int, int] | None = Field(None, description="`sinh năm 1970`, `SN 1970`, `sinh ngày 3/10/1977`; the age when the year comes from one")
    age: tuple[int, int] | None = Field(None, description="`58 tuổi`")
    hometown: tuple[int, int] | None = Field(None, description="the hometown as written (the provinces are read from it)")
    birthplace: tuple[int, int] | None = Field(None, description="the birthplace as written")
    ethnicity: tuple[int, int] | None = Field(None, description="`dân tộc Tày`")
    party_rank: tuple[int, int] | None = Field(None, description="`Ủy viên Trung ương Đảng`")

    @model_serializer(mode="wrap")
    def _stated_only(self, handler):
        return {k: v for k, v in handler(self).items() if v is not None}


class OfficialRecord(FactBase):
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
    # the biography, when the article states it (extractors/biography.py; docs/ANNOTATION.md, Biographies)
    birth_year: int | None = Field(None, ge=1900, le=2100, description="year of birth, stated or (see `birth_year_approx`) from an age")
    birth_year_approx: bool = Field(False, description="the birth year is the publication year minus a stated age, so may be one too high")
    age: int | None = Field(None, ge=0, le=130, description="age as stated (`58 tuổi`)")
    hometown: FreeText | None = Field(None, description="hometown (`quê`, `quê quán`) as written: 'xã Vĩnh Thành, huyện Yên Thành, tỉnh Nghệ An'")
    hometown_province: Short | None = Field(None, description="the province the hometown names, as the gazetteer spells it ('Nam Định')")
    hometown_province_code: str | None = Field(None, pattern=PROVINCE_CODE, description="its official code among the 63 provinces before 1 July 2025 ('36')")
    hometown_province_now: Short | None = Field(None, description="the province it is part of since the 2025 mergers ('Ninh Bình')")
    hometown_province_now_code: str | None = Field(None, pattern=PROVINCE_CODE, description="its official code among the 34 provinces since 1 July 2025 ('37')")
    birthplace: FreeText | None = Field(None, description="place of birth as written (`sinh năm 1960 tại tỉnh Thái Bình`), when stated apart from the hometown")
    ethnicity: Short | None = Field(None, description="ethnic group when stated (`dân tộc Tày`), one of the 54 recognised groups")
    party_rank: PartyRank | None = Field(None, description="most senior membership of the Party's central bodies stated")
    evidence: BioEvidence | None = Field(None, description="span of each biography field in the article as read")

    @model_validator(mode="after")
    def _bio_is_traceable(self) -> "OfficialRecord":
        """Every biography value has its evidence; derived fields come with what they derive from."""
        stated = {name: getattr(self, name) for name in ("birth_year", "age", "hometown", "birthplace", "ethnicity", "party_rank")}
        evidence = self.evidence or BioEvidence()
        missing = [name for name, value in stated.items() if value is not None and getattr(evidence, name) is None]
        if missing:
            raise ValueError(f"no evidence span for {', '.join(missing)}")
        if self.birth_year_approx and (self.birth_year is None or self.age is None):
            raise ValueError("birth_year_approx needs a birth_year derived from an age")
        provinces = (self.hometown_province, self.hometown_province_code, self.hometown_province_now, self.hometown_province_now_code)
        if any(v is not None for v in provinces) and (self.hometown is None or None in provinces):
            raise ValueError("hometown provinces come together, with the hometown they are read from")
        return self


FactRecord = Annotated[Union[CitationRecord, CountRecord, OfficialRecord], Field(discriminator="type")]
AnyRecord = Annotated[Union[ArticleRecord, CitationRecord, CountRecord, OfficialRecord], Field(discriminator="type")]

FACT_MODELS: dict[str, type[FactBase]] = {
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
