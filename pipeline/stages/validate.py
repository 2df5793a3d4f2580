"""Stage 5, validate: found facts become Pydantic records, spans mapped to the original.

A fact that does not validate is never written: it is reported on the article
record (`rejected`) with the validator's message.

The evidence is bounded: a fact's `sentence` is its whole sentence when that is at
most `MAX_EVIDENCE` characters, else a window of the sentence around the fact
(`evidence_window`), and `sentence_span` gives the whole sentence's offsets. Without
the bound, a text with no sentence end (a scraped index of thousands of document
numbers) made each of its n facts carry the whole text: output and memory grew with
the square of the input.

An official's age becomes an approximate birth year here, where the article's
publication date is known (`published`): the extractors read the text alone.

Entry point: `iter_records(doc_id, normalized, found, rejected, published=None)`, the
records one at a time (what a run calls); `to_records(doc_id, normalized, found,
published=None) -> (facts, rejected)` collects them into lists, for notebooks and tests;
`evidence_window`.
"""

from __future__ import annotations

from typing import Iterator

import regex
from pydantic import ValidationError

from extractors.base import Found
from pipeline.stages.normalize import NormalizedText
from schemas import FACT_MODELS, RejectedFact
from schemas.records import MAX_EVIDENCE, FactBase
from textmodel import Span, trimmed

TYPE_ORDER = {fact_type: i for i, fact_type in enumerate(FACT_MODELS)}  # facts at one span: in this order
MIN_BIRTH_YEAR = 1900  # as the record's `birth_year` allows


def to_records(doc_id: str, normalized: NormalizedText, found: list[Found],
               published: str | None = None) -> tuple[list[FactBase], list[RejectedFact]]:
    """The valid facts as records, in text order, and the rejected ones."""
    rejected: list[RejectedFact] = []
    records = list(iter_records(doc_id, normalized, list(found), rejected, published))
    return records, rejected


def iter_records(doc_id: str, normalized: NormalizedText, found: list[Found],
                 rejected: list[RejectedFact], published: str | None = None) -> Iterator[FactBase]:
    """The records of `found`, one at a time in text order; rejected facts go to `rejected`.
    `published` (the article's YYYY-MM-DD) turns an official's age into a birth year.

    `found` is consumed: it is emptied as the records are made, so that an article of a
    hundred thousand facts does not hold every fact twice (found, and as a record).
    """
    found.sort(key=lambda f: (f.start, f.end, TYPE_ORDER.get(f.type, 9)))
    found.reverse()  # popped from the end: text order, and ties in the order found
    # a count's position among the found counts in (start, end) order, which `part_of` refers to
    # (ties in the order found: backwards here)
    counts = sorted((i for i, f in enumerate(found) if f.type == "count"),
                    key=lambda i: (found[i].start, found[i].end, -i))
    position = {i: n for n, i in enumerate(counts)}
    count_index: dict[int, int] = {}  # a count's position among found counts -> among written counts
    counts_seen = 0
    while found:
        fact = found.pop()  # the first in text order: the list is sorted backwards
        record = _record(doc_id, normalized, fact, count_index, rejected, published)
        if record is None:
            continue
        if fact.type == "count":
            count_index[position[len(found)]] = counts_seen
            counts_seen += 1
        yield record


def _record(doc_id: str, normalized: NormalizedText, fact: Found, count_index: dict[int, int],
            rejected: list[RejectedFact], published: str | None) -> FactBase | None:
    start, end = normalized.original_span(fact.start, fact.end)
    s_start, s_end = normalized.original_span(*fact.sentence)
    s_start, s_end = min(s_start, start), max(s_end, end)  # the sentence holds its fact
    w_start, w_end = evidence_window(normalized.original, (s_start, s_end), (start, end))
    fields = dict(fact.fields)
    if fact.type == "count" and fields.get("part_of") is not None:
        fields["part_of"] = count_index.get(fields["part_of"])
    if "evidence" in fields:
        fields["evidence"] = {name: normalized.original_span(*span) for name, span in fields["evidence"].items()}
    if fact.type == "official":
        _birth_year_from_age(fields, published)
    try:
        return FACT_MODELS[fact.type](
            doc_id=doc_id, span=(start, end), text=normalized.original[start:end],
            sentence=normalized.original[w_start:w_end], sentence_span=(s_start, s_end), **fields)
    except (ValidationError, KeyError, TypeError) as exc:
        rejected.append(RejectedFact(type=fact.type, span=(start, end), message=_message(exc)))
        return None


def evidence_window(text: str, sentence: Span, span: Span, limit: int = MAX_EVIDENCE) -> Span:
    """The stretch of `sentence` shown as a fact's evidence: all of it up to `limit` characters;
    else at most `limit` around `span`, as centred as the sentence allows, cut back to white
    space at either end (not into the span) and trimmed. A span longer than `limit` is its own
    window (the record then fails validation: no fact is that long)."""
    s_start, s_end = sentence
    start, end = span
    if s_end - s_start <= limit or end - start >= limit:
        return (s_start, s_end) if s_end - s_start <= limit else span
    room = limit - (end - start)
    lo = max(s_start, start - room // 2)
    hi = min(s_end, lo + limit)
    lo = max(s_start, hi - limit)
    if lo > s_start and not text[lo - 1].isspace():  # cut inside a word: begin after it
        space = _SPACE_RE.search(text, lo, start)
        lo = space.end() if space else start
    if hi < s_end and not text[hi].isspace():  # cut inside a word: end before it
        space = _LAST_SPACE_RE.search(text, end, hi)
        hi = space.start() if space else end
    return trimmed(text, lo, start)[0], trimmed(text, end, hi)[1] if hi > end else end


_SPACE_RE = regex.compile(r"\s+")
_LAST_SPACE_RE = regex.compile(r"\s+", regex.REVERSE)


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
