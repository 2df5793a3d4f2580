"""The judgments format: what a reviewer said about a run's facts, one JSON line each.

The single source of truth for the file the review page exports and `rotation-facts
precision` and `judgments-to-gold` read. Three kinds of line:

* `judgment`: one fact of the run judged correct, wrong or unsure, with corrected
  values for the fields the reviewer found wrong and a note;
* `missed`: a fact the system did not find, added by the reviewer from its span in
  the article;
* `checked_article`: the reviewer read the whole article, judged every fact in it
  and added every fact it missed, so it counts for recall and can become gold.

Field order here is the key order on each line (`type` first, `doc_id` second),
as for the records. `JUDGED_FIELDS` are the fields a reviewer can correct (and
field accuracy is reported for); their types are the records' own, so a
correction is validated like an extracted value.

Entry points: the models, `JudgmentLine` (any line), `validate_fields(fact_type,
fields)`, `field_specs()` (the fields for the page's forms).
"""

from __future__ import annotations

import datetime as dt
import typing
from functools import lru_cache
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator, model_validator

from schemas.records import FACT_MODELS

FactType = Literal[tuple(FACT_MODELS)]  # "citation", "count", "official": the record models' types
Verdict = Literal["correct", "wrong", "unsure"]
Allocation = Literal["proportional", "equal"]
StratumKey = Literal["type", "source", "site", "province"]

# The fields a reviewer checks and may correct, per fact type; field accuracy is
# reported for each. Their types come from the record models.
JUDGED_FIELDS: dict[str, tuple[str, ...]] = {
    "citation": ("kind", "number", "code", "issued", "issuer"),
    "count": ("value", "from_level", "to_level", "direction", "planned"),
    "official": ("name", "rotated", "from_post", "to_post"),
}
# What a missed fact must have for it to be a fact of its type at all.
REQUIRED_FOR_MISSED: dict[str, tuple[str, ...]] = {
    "citation": ("kind", "number"),
    "count": ("value",),
    "official": ("name",),
}


class _Line(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("judged_at", check_fields=False)
    @classmethod
    def _is_timestamp(cls, value: str) -> str:
        try:
            stamp = dt.datetime.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not an ISO 8601 date and time") from exc
        if stamp.tzinfo is None:
            raise ValueError(f"{value!r} has no time zone (the page writes UTC, ending in Z)")
        return value


class SampleInfo(_Line):
    """Where a judged fact stands in the sample the page was built from (`review --stratify`)."""

    seed: int = Field(description="the random seed the sample was drawn with")
    stratified_by: list[StratumKey] = Field(description="what the strata are made of ([] for one stratum: a simple random sample)")
    allocation: Allocation = Field(description="how the draws were spread over the strata")
    stratum: str = Field(min_length=1, description="the fact's stratum ('type=count; province=Hà Tĩnh'; 'all' when not stratified)")
    stratum_size: int = Field(ge=1, description="how many facts of the run are in this stratum (N_h)")
    stratum_drawn: int = Field(ge=0, description="how many of them were drawn (n_h)")
    frame_size: int = Field(ge=1, description="how many facts the run has in all (the sampling frame)")
    in_sample: bool = Field(description="drawn in the sample; false for a fact of a drawn fact's article judged to check the article whole")


class FactJudgment(_Line):
    """A reviewer's verdict on one fact of the run."""

    type: Literal["judgment"] = "judgment"
    doc_id: str = Field(min_length=1, description="the article's doc_id")
    fact_type: FactType = Field(description="the judged fact's type")
    span: tuple[int, int] = Field(description="the fact's span, [start, end) in the article text as read")
    text: str = Field(min_length=1, description="the fact's text (the article text at `span`)")
    fields: dict[str, Any] = Field(description="the fact's values of its judged fields, as the run gave them")
    verdict: Verdict = Field(description="correct: the fact is in the text (fields may still need a correction); wrong: it is not; unsure")
    corrected: dict[str, Any] | None = Field(None, description="the right value of each judged field the run got wrong, else null")
    note: str = Field("", description="the reviewer's free note")
    reviewer: str = Field(min_length=1, description="who judged")
    judged_at: str = Field(description="when, ISO 8601 with a time zone")
    run: str = Field(min_length=1, description="the run's identity: the first 16 hex digits of the facts file's SHA-256")
    sample: SampleInfo | None = Field(None, description="the fact's place in the sample, or null when the page was not a fact sample")

    @model_validator(mode="after")
    def _fields_are_the_types(self) -> "FactJudgment":
        _check_span(self.span, self.text)
        validate_fields(self.fact_type, self.fields)
        if self.corrected is not None:
            if not self.corrected:
                raise ValueError("corrected is {}: write null when nothing is corrected")
            validate_fields(self.fact_type, self.corrected)
        return self


class MissedFact(_Line):
    """A fact the system missed, added by the reviewer from its span in the article."""

    type: Literal["missed"] = "missed"
    doc_id: str = Field(min_length=1, description="the article's doc_id")
    fact_type: FactType = Field(description="the type of the missed fact")
    span: tuple[int, int] = Field(description="where it is, [start, end) in the article text as read")
    text: str = Field(min_length=1, description="the article text at `span`")
    fields: dict[str, Any] = Field(description="its judged fields (at least kind and number for a citation, value for a count, name for an official)")
    note: str = Field("", description="the reviewer's free note")
    reviewer: str = Field(min_length=1, description="who added it")
    judged_at: str = Field(description="when, ISO 8601 with a time zone")
    run: str = Field(min_length=1, description="the run's identity (as on judgments)")

    @model_validator(mode="after")
    def _fields_make_a_fact(self) -> "MissedFact":
        _check_span(self.span, self.text)
        validate_fields(self.fact_type, self.fields)
        lacking = [f for f in REQUIRED_FOR_MISSED[self.fact_type] if self.fields.get(f) in (None, "")]
        if lacking:
            raise ValueError(f"a missed {self.fact_type} needs {', '.join(lacking)}")
        return self


class CheckedArticle(_Line):
    """The reviewer judged every fact of this article and added every fact it missed."""

    type: Literal["checked_article"] = "checked_article"
    doc_id: str = Field(min_length=1, description="the article's doc_id")
    n_facts: int = Field(ge=0, description="how many facts the run has in this article (all must be judged)")
    reviewer: str = Field(min_length=1, description="who checked it")
    judged_at: str = Field(description="when, ISO 8601 with a time zone")
    run: str = Field(min_length=1, description="the run's identity (as on judgments)")


JudgmentLine = Annotated[Union[FactJudgment, MissedFact, CheckedArticle], Field(discriminator="type")]
JUDGMENT_MODELS: dict[str, type[_Line]] = {
    "judgment": FactJudgment, "missed": MissedFact, "checked_article": CheckedArticle,
}


def _check_span(span: tuple[int, int], text: str) -> None:
    start, end = span
    if not 0 <= start < end:
        raise ValueError(f"span {list(span)} is not a non-empty forward range")
    if len(text) != end - start:
        raise ValueError(f"text has {len(text)} characters but span {list(span)} covers {end - start}")


@lru_cache(maxsize=None)
def _adapter(fact_type: str, name: str) -> TypeAdapter:
    return TypeAdapter(FACT_MODELS[fact_type].model_fields[name].rebuild_annotation())


def validate_fields(fact_type: str, fields: dict[str, Any]) -> None:
    """Each key is a judged field of `fact_type`, each value valid for that field of the record."""
    allowed = JUDGED_FIELDS[fact_type]
    unknown = [k for k in fields if k not in allowed]
    if unknown:
        raise ValueError(f"{', '.join(map(repr, unknown))} not a judged field of a {fact_type} "
                         f"(those are {', '.join(allowed)})")
    for name, value in fields.items():
        try:
            _adapter(fact_type, name).validate_python(value, strict=True)
        except ValidationError as exc:
            raise ValueError(f"{name}={value!r}: {exc.errors()[0]['msg']}") from None


def _spec(fact_type: str, name: str) -> dict:
    """One field as the page's forms need it: its kind of input, its choices, whether it may be null."""
    info = FACT_MODELS[fact_type].model_fields[name]
    annotation = info.annotation
    args = typing.get_args(annotation)
    nullable = type(None) in args
    inner = next((a for a in args if a is not type(None)), annotation) if nullable else annotation
    spec: dict[str, Any] = {"name": name, "nullable": nullable, "description": info.description or ""}
    if typing.get_origin(inner) is Literal:
        spec.update(kind="choice", choices=list(typing.get_args(inner)))
    elif inner is bool:
        spec.update(kind="bool")
    elif inner is int:
        spec.update(kind="int", minimum=next((m.ge for m in info.metadata if hasattr(m, "ge")), None))
    else:
        pattern = next((m.pattern for m in info.metadata if getattr(m, "pattern", None)), None)
        spec.update(kind="date" if pattern else "text", **({"pattern": pattern} if pattern else {}))
    return spec


def field_specs() -> dict[str, list[dict]]:
    """The judged fields of each fact type, for the review page's correction and missed-fact forms."""
    return {t: [_spec(t, n) for n in names] for t, names in JUDGED_FIELDS.items()}


def key_order() -> dict[str, list[str]]:
    """The key order of each kind of line (and of `sample`), so the page writes lines as the models do."""
    order = {kind: list(model.model_fields) for kind, model in JUDGMENT_MODELS.items()}
    order["sample"] = list(SampleInfo.model_fields)
    return order
