"""One article's records, resolved with its context and made compact: what the tables are built from.

For each article: its context (published date, the unit it is about), then each
fact with what the linker and the tables need, its long fields (the evidence
sentence) read once and dropped, so a million facts fit in memory:

* an official: normalised name key, posts resolved (`resolve_posts`) with their
  keys, the move's date resolved (`resolve_dates`): from the record's `date`, else
  from the one date its sentence gives that is not a cited document's; its biography
  with each field's evidence span, and its home province as a `locality.Place`;
* a citation: its fields and the article's province (for local symbols);
* a count: its fields, the article's unit and the year it reports on.

Entry point: `compact_article(raw, context=None) -> ArticleFacts`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.dataset.load import RawArticle
from pipeline.dataset.locality import Place, home_place
from pipeline.dataset.resolve_dates import ResolvedDate, dates_in, resolve_date
from pipeline.dataset.resolve_posts import Context, ResolvedParts, resolve_post
from pipeline.inputs.published import published_date
from pipeline.results.article_unit import article_unit
from schemas.dataset import ArticleUnit

# The biography an official record may carry (schemas/records.py), kept with its evidence;
# the hometown's provinces are kept as the Biography's `home`.
BIO_FIELDS = ("birth_year", "birth_year_approx", "age", "hometown", "birthplace", "ethnicity", "party_rank")
# A date right after a document's number is its issue date, not the move's ("Quyết định số 12/QĐ-UBND ngày 5/6").
_AFTER_CITATION_RE = re.compile(r"\d+\s*[-/]\s*[A-ZĐ][\w&\-/]*[\s,]*$")
_YEAR_RE = re.compile(r"(?<![\w/.\-])((?:19|20)\d\d)(?![\w/])")


@dataclass(slots=True)
class Official:
    doc_id: str
    span: tuple[int, int]
    name: str
    name_key: str
    aliases: tuple[str, ...]
    rotated: bool
    posts: tuple[ResolvedParts, ...]      # every post named (posts, from_post, to_post), resolved
    from_post: ResolvedParts | None
    to_post: ResolvedParts | None
    date: ResolvedDate | None
    date_from_sentence: bool
    decided_by: str | None
    published: str | None
    province: str | None                  # the article's
    bio: Biography | None                  # when the record states one

    @property
    def source(self) -> tuple[str, int, int]:
        return (self.doc_id, self.span[0], self.span[1])

    @property
    def keys(self) -> set[str]:
        return {k for p in self.posts for k in p.keys}


@dataclass(slots=True)
class Biography:
    """An official record's biography: its fields (BIO_FIELDS, those stated), the span of
    each in the article (`evidence`: (field, start, end), in field order), and the home
    province as a Place (`locality.home_place`: its province before July 2025 may be
    unsettled). Compact: a large archive holds one per official whose biography is told."""

    fields: dict[str, object]
    evidence: tuple[tuple[str, int, int], ...]
    home: Place | None

    def span(self, field: str) -> tuple[int, int] | None:
        """The evidence span of one field, or None."""
        return next(((start, end) for name, start, end in self.evidence if name == field), None)


@dataclass(slots=True)
class Citation:
    doc_id: str
    span: tuple[int, int]
    kind: str
    number: str
    code: str | None
    issuer_code: str | None
    issued: str | None
    issuer: str | None
    subject: str | None
    ref: str
    published: str | None
    province: str | None
    district: str | None


@dataclass(slots=True)
class Count:
    doc_id: str
    span: tuple[int, int]
    index: int                  # among the article's counts: what `part_of` refers to
    value: int
    unit: str | None
    actions: tuple[str, ...]
    from_level: str | None
    to_level: str | None
    direction: str | None
    part_of: int | None
    planned: bool
    unit_of_article: ArticleUnit
    year: int | None
    year_source: str | None


@dataclass(slots=True)
class ArticleFacts:
    doc_id: str
    sha256: str
    url: str | None
    title: str | None
    published: str | None
    published_source: str | None
    unit: ArticleUnit
    error: str | None
    officials: list[Official] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)


@lru_cache(maxsize=100_000)
def name_key(name: str) -> str:
    """The name the linker blocks on: NFC, one tone placement, lower case, single spaces.
    Diacritics stay: `Hùng` and `Hưng` are two names."""
    from pipeline.stages.normalize import normalize

    return " ".join(normalize(name).text.casefold().split())


# One object per distinct value: names, posts, document symbols, units recur across a
# million facts, and each parsed record brings its own copy. Emptied after each build.
_POOL: dict = {}


def _s(value):
    return None if value is None else _POOL.setdefault(value, value)


def clear_pool() -> None:
    _POOL.clear()


def _shared_unit(unit: ArticleUnit) -> ArticleUnit:
    """One ArticleUnit object per distinct value (most articles of a province share one)."""
    return _POOL.setdefault(("unit", unit.province, unit.district, unit.level, tuple(unit.evidence), unit.mentions), unit)


def compact_article(raw: RawArticle, context: dict | None = None) -> ArticleFacts:
    """The article's facts, resolved with its context.

    The context is read from the article record and the facts' sentences, unless
    `context` gives it (`{"published", "published_source", "unit"}`, read from the
    article's whole text by `build.text_contexts`)."""
    record = raw.article or {}
    if context is not None:
        published, published_source = context["published"], context["published_source"]
        unit = ArticleUnit.model_validate(context["unit"])
    else:
        published, published_source = published_date(record)
        texts = [f.get("sentence") or "" for f in raw.facts]
        unit = article_unit(texts, record.get("title"), record.get("url"), evidence="facts")
    error = record.get("error")
    unit, published = _shared_unit(unit), _s(published)
    out = ArticleFacts(raw.doc_id, raw.sha256, record.get("url"), record.get("title"), published, _s(published_source),
                       unit, _s(error.get("code")) if isinstance(error, dict) else None)
    n_counts = 0
    for fact in raw.facts:
        fact["doc_id"] = raw.doc_id  # one string object for all the article's facts
        kind = fact["type"]
        if kind == "official":
            out.officials.append(_official(fact, published, unit))
        elif kind == "citation":
            out.citations.append(_citation(fact, published, unit))
        elif kind == "count":
            out.counts.append(_count(fact, n_counts, published, unit))
            n_counts += 1
    return out


def _official(fact: dict, published: str | None, unit: ArticleUnit) -> Official:
    sentence = fact.get("sentence") or ""
    date, from_sentence = resolve_date(fact.get("date"), published), False
    if date is None and fact.get("rotated"):
        date, from_sentence = _date_in_sentence(sentence, published), True
        from_sentence = date is not None
    context = Context(unit.province, unit.district, date.value if date else published, sentence)
    texts = list(dict.fromkeys(p for p in [*(fact.get("posts") or []), fact.get("from_post"), fact.get("to_post")] if p))
    resolved = {t: resolve_post(_s(t), context) for t in texts}
    name = _s(fact["name"])
    return Official(
        doc_id=fact["doc_id"], span=(fact["span"][0], fact["span"][1]), name=name, name_key=name_key(name),
        aliases=tuple(map(_s, fact.get("aliases") or ())), rotated=bool(fact.get("rotated")),
        posts=tuple(resolved.values()),
        from_post=resolved.get(fact.get("from_post")) if fact.get("from_post") else None,
        to_post=resolved.get(fact.get("to_post")) if fact.get("to_post") else None,
        date=date, date_from_sentence=from_sentence, decided_by=_s(fact.get("decided_by")),
        published=published, province=unit.province, bio=_biography(fact, published))


def _biography(fact: dict, published: str | None) -> Biography | None:
    fields = {k: _s(fact[k]) if isinstance(fact[k], str) else fact[k]
              for k in BIO_FIELDS if fact.get(k) not in (None, False)}
    if not fields:
        return None
    evidence = tuple(sorted((_s(k), v[0], v[1]) for k, v in (fact.get("evidence") or {}).items() if v))
    return Biography(fields, evidence, home_place(fact.get("hometown_province"), fields.get("hometown"), published))


def _date_in_sentence(sentence: str, published: str | None) -> ResolvedDate | None:
    """The one date the sentence gives that is not a cited document's issue date; None if
    it gives none or several."""
    found = [d for d in dates_in(sentence, published)
             if d.value and not _AFTER_CITATION_RE.search(sentence[max(0, d.start - 40):d.start])]
    return found[0] if len({d.value for d in found}) == 1 else None


def _citation(fact: dict, published: str | None, unit: ArticleUnit) -> Citation:
    return Citation(fact["doc_id"], (fact["span"][0], fact["span"][1]), _s(fact.get("kind") or "other"),
                    _s(str(fact.get("number") or "")), _s(fact.get("code")), _s(fact.get("issuer_code")),
                    _s(fact.get("issued")), _s(fact.get("issuer")), _s(fact.get("subject")), _s(fact.get("ref") or ""),
                    published, unit.province, unit.district)


def _count(fact: dict, index: int, published: str | None, unit: ArticleUnit) -> Count:
    year, source = _count_year(fact.get("sentence") or "", published)
    return Count(fact["doc_id"], (fact["span"][0], fact["span"][1]), index, int(fact.get("value") or 0),
                 _s(fact.get("unit")), _s(tuple(fact.get("actions") or ())), _s(fact.get("from_level")),
                 _s(fact.get("to_level")), _s(fact.get("direction")), fact.get("part_of"), bool(fact.get("planned")),
                 unit, year, source)


def _count_year(sentence: str, published: str | None) -> tuple[int | None, str | None]:
    """The year a count reports on: the one year its sentence names (leaving out cited
    documents' issue dates and symbols), else the published year; none when the sentence
    names several years (a period: 'giai đoạn 2015 - 2020')."""
    year = _sentence_year(sentence)
    if year is None and published:
        return int(published[:4]), "published"
    return (year, "sentence") if year else (None, None)


@lru_cache(maxsize=4096)  # the counts of one article often share a sentence
def _sentence_year(sentence: str) -> int | None:
    """The one year the sentence names, 0 when it names several, None when none."""
    if not _YEAR_RE.search(sentence):
        return None
    cited = [(d.start, d.end) for d in dates_in(sentence)
             if _AFTER_CITATION_RE.search(sentence[max(0, d.start - 40):d.start])]
    years = {int(m.group(1)) for m in _YEAR_RE.finditer(sentence)
             if not any(a <= m.start() < b for a, b in cited)}
    if not years:
        return None
    return years.pop() if len(years) == 1 else 0
