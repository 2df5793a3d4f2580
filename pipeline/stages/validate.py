"""Stage 5, validate: found facts become Pydantic records, spans mapped to the original.

A fact that does not validate is never written: it is reported on the article
record (`rejected`) with the validator's message.

An official's age becomes an approximate birth year here, where the article's
publication date is known (`published`): the extractors read the text alone.

Entry point: `to_records(doc_id, normalized, found, published=None) -> (facts, rejected)`.
"""

from __future__ import annotations

from pydantic import ValidationError

from extractors.base import Found
from pipeline.stages.normalize import NormalizedText
from schemas import FACT_MODELS, RejectedFact
from schemas.records import _Fact

TYPE_ORDER = {"citation": 0, "count": 1, "official": 2}
MIN_BIRTH_YEAR = 1900  # as the record's `birth_year` allows


def to_records(doc_id: str, normalized: NormalizedText, found: list[Found],
               published: str | None = None) -> tuple[list[_Fact], list[RejectedFact]]:
    ordered = sorted(found, key=lambda f: (f.start, f.end, TYPE_ORDER.get(f.type, 9)))
    records: list[_Fact] = []
    rejected: list[RejectedFact] = []
    count_index: dict[int, int] = {}  # a count's index among found counts -> among written counts
    counts_seen = 0
    found_count_positions = {id(f): i for i, f in enumerate(sorted(
        (f for f in found if f.type == "count"), key=lambda f: (f.start, f.end)))}
    for fact in ordered:
        start, end = normalized.original_span(fact.start, fact.end)
        s_start, s_end = normalized.original_span(*fact.sentence)
        fields = dict(fact.fields)
        if fact.type == "count" and fields.get("part_of") is not None:
            fields["part_of"] = count_index.get(fields["part_of"])
        if "evidence" in fields:
            fields["evidence"] = {name: normalized.original_span(*span) for name, span in fields["evidence"].items()}
        if fact.type == "official":
            _birth_year_from_age(fields, published)
        try:
            record = FACT_MODELS[fact.type](
                doc_id=doc_id, span=(start, end), text=normalized.original[start:end],
                sentence=normalized.original[s_start:s_end], **fields)
        except (ValidationError, KeyError, TypeError) as exc:
            rejected.append(RejectedFact(type=fact.type, span=(start, end), message=_message(exc)))
            continue
        if fact.type == "count":
            count_index[found_count_positions[id(fact)]] = counts_seen
            counts_seen += 1
        records.append(record)
    return records, rejected


def _birth_year_from_age(fields: dict, published: str | None) -> None:
    """`58 tuổi` in an article of 2025: born in 1967, or late in 1966 (`birth_year_approx`).

    Only with the publication date: an age read against any other year would give a
    birth year that looks right and is not.
    """
    if fields.get("birth_year") is not None or fields.get("age") is None or not published:
        return
    year = int(published[:4]) - fields["age"]
    if year < MIN_BIRTH_YEAR:  # an age that cannot be an official's at that date: kept, no year from it
        return
    fields["birth_year"] = year
    fields["birth_year_approx"] = True
    fields["evidence"] = {**fields["evidence"], "birth_year": fields["evidence"]["age"]}


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'record'}: {e['msg']}" for e in exc.errors())
    return f"{type(exc).__name__}: {exc}"
