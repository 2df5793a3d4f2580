"""The rows of the research dataset `rotation-facts dataset` builds: the single source of truth.

Where `schemas/records.py` describes what one article says, these models describe
the dataset across articles: one row per real-world move, per person, per cited
document, per count, per article, and the person links left undecided. The JSON
Lines writer, the Parquet and DuckDB column types, docs/DATASET_TABLES.md
(`python -m schemas.docs --dataset`) and the JSON Schema all derive from them.
Field order is the key order in the JSONL files.

Every row keeps its `sources`: the `{doc_id, span}` of each fact it was built
from, so any value can be traced to the article text it was read from.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.records import Level, Direction, CitationKind, ISO_DATE, PROVINCE_CODE

Precision = Literal["day", "month", "year"]
UnitLevel = Level  # a unit's level is the records' level
# How a value that the fact did not state was found: from the fact's own sentence,
# from the unit the article is about, or from the article's published date.
FilledFrom = Literal["post", "sentence", "article", "published"]
PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# The posts the non-local report tells apart (pipeline/data/dataset/post_types.tsv).
PostType = Literal["party_secretary", "chairman", "police", "court_procuracy", "deputy_party_secretary", "other"]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Row):
    """Where a fact was read: the article and the [start, end) span of the fact in its text as read."""

    doc_id: str = Field(description="the article's doc_id")
    span: tuple[int, int] = Field(description="[start, end) of the fact in the article text as read")


class ConflictValue(_Row):
    value: str | None = Field(description="one value the sources give (as text; null when a source gives none)")
    sources: list[Source] = Field(description="the sources that give it")


class Conflict(_Row):
    """A field on which the sources of one row disagree: every value, with who says it."""

    field: str = Field(description="the row's field the sources disagree on")
    values: list[ConflictValue] = Field(description="each distinct value and its sources, most sources first")


class ResolvedUnit(_Row):
    """An administrative unit found in the gazetteer (`vietnamadminunits`)."""

    name: str = Field(description="short name as the gazetteer spells it ('Pa Tần')")
    type_word: str = Field(description="'tỉnh', 'thành phố', 'huyện', 'xã', 'phường', ...")
    level: UnitLevel = Field(description="province, district or commune")
    code: str = Field(description="official code of the unit (GSO): province '42', district '436', commune '18325'")
    province: str = Field(description="the province it belongs to (itself for a province)")
    province_code: str = Field(description="that province's official code")
    district: str | None = Field(None, description="the district a commune belongs to, when the gazetteer knows it")
    era: Literal["legacy", "2025"] = Field(description="the gazetteer structure matched: before July 2025 or since")
    filled_from: FilledFrom = Field(description="'post' when the post names it, else where it was taken from")


class ResolvedPost(_Row):
    """A post as written, and its parts resolved with the article's context."""

    text: str = Field(description="the post exactly as the source wrote it")
    title: str | None = Field(None, description="the title head ('Phó Bí thư', 'Giám đốc')")
    organisation: str | None = Field(None, description="the organisation as written after the title ('Sở VH-TT-DL', 'UBND xã Pa Tần')")
    organisation_filled_from: FilledFrom | None = Field(None, description="'sentence' when the organisation was read from the fact's sentence, not the post")
    level: UnitLevel | None = Field(None, description="level of the post: from its unit, its Party committee or its organisation")
    unit: ResolvedUnit | None = Field(None, description="the unit the post belongs to, when named or known from context")
    province: str | None = Field(None, description="province of the post (the unit's, or the article's for a local post that names none)")
    province_filled_from: FilledFrom | None = Field(None, description="'post' when the post names it, 'article' when it is the article's")
    key: str | None = Field(None, description="normalised key used to match posts: title|organisation|unit code; null when too vague to match")


class MoveRow(_Row):
    """One real-world move of a named official, merged across every article that reports it."""

    move_id: str = Field(description="stable id: hash of the move's first source (doc_id, span) and the person's name key")
    person_id: str = Field(description="the person who moved (people.jsonl)")
    name: str = Field(description="the person's name, as most sources write it")
    from_post: str | None = Field(None, description="the post moved from, as written (the most complete form seen)")
    to_post: str | None = Field(None, description="the post moved to, as written (the most complete form seen)")
    from_resolved: ResolvedPost | None = Field(None, description="from_post's parts resolved with the article's context")
    to_resolved: ResolvedPost | None = Field(None, description="to_post's parts resolved with the article's context")
    from_level: Level | None = Field(None, description="level of the post moved from")
    to_level: Level | None = Field(None, description="level of the post moved to")
    direction: Direction | None = Field(None, description="down (towards the grassroots), up or lateral, from the two levels; null when one is unknown")
    date: str | None = Field(None, pattern=PARTIAL_DATE, description="when: YYYY-MM-DD, YYYY-MM or YYYY as precise as the text allows; never invented")
    date_precision: Precision | None = Field(None, description="day, month or year; null when no date")
    date_as_written: str | None = Field(None, description="the date as the source wrote it ('ngày 16.9')")
    date_filled_from: FilledFrom | None = Field(None, description="'sentence' when read from the fact's sentence (the record gave no date), 'published' when its year came from the article's published date")
    decided_by: str | None = Field(None, description="the body that decided the move, as written")
    province: str | None = Field(None, description="province of the post moved to (else of the post moved from)")
    to_post_type: PostType | None = Field(None, description="the kind of post moved to, by its title and organisation (pipeline/data/dataset/post_types.tsv); null when no post moved to")
    to_province: str | None = Field(None, description="province of the post moved to in the structure of `province_structure` (the move's date); null for a central post, or one whose province is unknown or unsettled in that structure")
    to_province_code: str | None = Field(None, pattern=PROVINCE_CODE, description="its official code in that structure; null when the structure is unknown")
    home_province: str | None = Field(None, description="the person's home province (people.jsonl) in the same structure; null when unknown or unsettled in it")
    home_province_code: str | None = Field(None, pattern=PROVINCE_CODE, description="its official code in that structure; null when the structure is unknown")
    province_structure: Literal["legacy", "2025"] | None = Field(None, description="the provinces compared: 'legacy' (the 63 before 1 July 2025) or '2025' (the 34 since), from the move's date, else the earliest published date of its articles; null when neither says")
    non_local: bool | None = Field(None, alias="nonlocal", description="true when the post moved to lies outside the person's home province, false when inside, null when either province is unknown, the post is central, or the sources cannot settle it (docs/DATASET.md, Non-local postings)")
    sources: list[Source] = Field(description="every fact that reports this move")
    n_sources: int = Field(ge=1, description="how many facts report it")
    n_articles: int = Field(ge=1, description="how many articles report it")
    conflicts: list[Conflict] = Field(default_factory=list, description="fields on which the sources disagree")


class PersonPost(_Row):
    post: str = Field(description="the post as written (the most complete form seen)")
    key: str | None = Field(None, description="its normalised key (ResolvedPost.key)")
    province: str | None = Field(None, description="province of the post")
    first_seen: str | None = Field(None, pattern=PARTIAL_DATE, description="earliest date the post is seen held (a move's date or an article's published date)")
    last_seen: str | None = Field(None, pattern=PARTIAL_DATE, description="latest such date")
    n_sources: int = Field(ge=1, description="how many facts name the post")


class BioSource(_Row):
    """One biography field as one fact gives it, and its evidence span."""

    field: str = Field(description="the record's field: birth_year, age, hometown, birthplace, ethnicity, party_rank")
    value: str | None = Field(None, description="the value that fact gives (a birth year from an age written '~1975')")
    doc_id: str = Field(description="the article's doc_id")
    span: tuple[int, int] = Field(description="[start, end) of the field's evidence in the article text as read")


class PersonRow(_Row):
    """One real person: every official fact linked to them by the rules of docs/DATASET.md."""

    person_id: str = Field(description="stable id: hash of the name key and the person's first source (doc_id, span)")
    name: str = Field(description="the name as most sources write it")
    name_key: str = Field(description="the normalised name the linker blocks on")
    name_variants: list[str] = Field(default_factory=list, description="every spelling of the name seen, and the short forms (aliases)")
    provinces: list[str] = Field(default_factory=list, description="provinces of the posts held")
    posts: list[PersonPost] = Field(default_factory=list, description="posts held, earliest first seen first")
    move_ids: list[str] = Field(default_factory=list, description="the person's moves, in date order (undated last)")
    n_moves: int = Field(0, ge=0, description="how many moves")
    birth_year: int | None = Field(None, description="year of birth: the stated year most sources give, else the lowest year from an age")
    birth_year_approx: bool = Field(False, description="no source states the year: it is the published year minus a stated age (one too high when the birthday had not come)")
    hometown: str | None = Field(None, description="the hometown as written (the most complete form seen)")
    hometown_province: str | None = Field(None, description="its province among the 63 before 1 July 2025; null when no source settles it (a name written after the mergers that several old provinces now share)")
    hometown_province_code: str | None = Field(None, pattern=PROVINCE_CODE, description="its official code among the 63")
    hometown_province_now: str | None = Field(None, description="the province it is part of since the 2025 mergers")
    hometown_province_now_code: str | None = Field(None, pattern=PROVINCE_CODE, description="its official code among the 34")
    ethnicity: str | None = Field(None, description="ethnic group, as most sources give it")
    party_rank: str | None = Field(None, description="most senior Party rank stated by the latest article that states one")
    biography_sources: list[BioSource] = Field(default_factory=list, description="where each biography field was read: one entry per field per fact")
    sources: list[Source] = Field(description="every official fact about this person")
    n_sources: int = Field(ge=1, description="how many facts")
    n_articles: int = Field(ge=1, description="how many articles")
    conflicts: list[Conflict] = Field(default_factory=list, description="biography fields on which the sources disagree (a birth year from an age is written '~1975')")


class DocumentRow(_Row):
    """One cited Party or state document, across every article that cites it."""

    document_id: str = Field(description="stable id: hash of the document key")
    key: str = Field(description="what identifies it: kind, symbol, issue date, and the province for a local symbol")
    kind: CitationKind = Field(description="document type (as in citation records)")
    number: str = Field(description="the number as written")
    code: str | None = Field(None, description="the full symbol ('98-QĐ/TW')")
    issued: str | None = Field(None, pattern=ISO_DATE, description="issue date, when a source gives it")
    issuer: str | None = Field(None, description="issuing body, as most sources write it")
    subject: str | None = Field(None, description="the title or subject, the longest form seen")
    scope: Literal["national", "local", "article"] = Field(description="national: a central symbol or issuer, merged across the archive; local: merged within the province; article: too vague to merge beyond its article")
    province: str | None = Field(None, description="for a local document, the province of the citing articles")
    n_articles: int = Field(ge=1, description="how many articles cite it")
    n_mentions: int = Field(ge=1, description="how many mentions in all")
    first_cited: str | None = Field(None, pattern=ISO_DATE, description="earliest published date among the citing articles")
    last_cited: str | None = Field(None, pattern=ISO_DATE, description="latest published date among the citing articles")
    sources: list[Source] = Field(description="every mention")
    conflicts: list[Conflict] = Field(default_factory=list, description="fields on which the mentions disagree")


class CountRow(_Row):
    """A count of rotated people, with the unit the article is about and the year; restatements merged."""

    count_id: str = Field(description="stable id: hash of the count key (value, levels, place, year) and, for a part, its total's")
    value: int = Field(ge=0, description="how many people")
    unit: str | None = Field(None, description="the unit as written ('đồng chí', 'cán bộ')")
    actions: list[str] = Field(default_factory=list, description="the moves named, across sources")
    from_level: Level | None = None
    to_level: Level | None = None
    direction: Direction | None = None
    planned: bool = Field(False, description="a future or intended rotation")
    part_of: str | None = Field(None, description="count_id of the total this breaks down")
    province: str | None = Field(None, description="province the article is about")
    province_code: str | None = None
    district: str | None = Field(None, description="district the article is about, when it is about one")
    district_code: str | None = None
    year: int | None = Field(None, description="the year the count reports on")
    year_source: Literal["sentence", "published"] | None = Field(None, description="'sentence' when its sentence names one year, 'published' when from the article's date")
    sources: list[Source] = Field(description="every fact that states this count")
    n_sources: int = Field(ge=1)
    n_articles: int = Field(ge=1)


class ArticleUnit(_Row):
    """The unit an article is about, from the places it names most."""

    province: str | None = None
    province_code: str | None = None
    district: str | None = None
    district_code: str | None = None
    level: UnitLevel | None = Field(None, description="district when it is about a district, else province, else null")
    evidence: list[str] = Field(default_factory=list, description="where it was read: 'text', 'facts', 'title', 'url'")
    mentions: int = Field(0, description="how many mentions of the chosen province (or district) were counted")


class ArticleRow(_Row):
    """One article of the inputs, with its context as the dataset resolved it."""

    doc_id: str
    url: str | None = None
    title: str | None = None
    published: str | None = Field(None, pattern=ISO_DATE, description="published date")
    published_source: Literal["input", "text", "url"] | None = Field(None, description="where the published date came from")
    unit: ArticleUnit = Field(description="the unit the article is about")
    n_citations: int = 0
    n_counts: int = 0
    n_officials: int = 0
    n_moves: int = Field(0, description="rotated officials in this article (each part of a row of moves.jsonl)")
    error: str | None = Field(None, description="the article's error code when extraction failed")
    facts_sha256: str = Field(description="hash of the article's records as read: tells a changed re-extraction")


class UncertainLinkRow(_Row):
    """People the linker kept apart although they may be one: reported, never merged."""

    link_id: str = Field(description="stable id: hash of the people ids")
    name: str = Field(description="the shared name")
    person_ids: list[str] = Field(description="the people who may be one, sorted")
    reason: str = Field(description="why they may be one, and why they were not merged")


DATASET_MODELS: dict[str, type[_Row]] = {
    "moves": MoveRow,
    "people": PersonRow,
    "documents": DocumentRow,
    "counts": CountRow,
    "articles": ArticleRow,
    "uncertain_links": UncertainLinkRow,
}
