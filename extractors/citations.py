"""Citations: numbered Party and state documents, with date, issuer and subject.

Entry point: `find_citations(doc) -> list[Found]` (spaCy component
`rotation_citations`).
"""

from __future__ import annotations

import regex
from spacy.tokens import Doc

from extractors.base import Found, alternation, data_table
from extractors.registry import Extractor, register
from pipeline.segment import sentence_spans
from schemas.records import parse_date

KINDS = {word.lower(): kind for word, kind in data_table("document_kinds.tsv")}
_KIND_RE = alternation(list(KINDS))

_PARTY_CODE = r"(?P<number>\d{1,4})\s*-\s*(?P<type_code>\p{Lu}[\p{L}]{0,5})\s*/\s*(?P<issuer_code>\p{Lu}[\p{L}]{0,9}(?:-\p{Lu}[\p{L}]*)*)"
_STATE_CODE = (r"(?P<number>\d{1,5})\s*/\s*(?P<year>(?:19|20)\d\d)\s*/\s*(?:(?P<type_code>\p{Lu}[\p{Lu}Đ]{0,6})\s*-\s*)?"
               r"(?P<issuer_code>\p{Lu}[\p{L}\d]{0,9}(?:\s*-\s*\p{Lu}[\p{L}\d]*)*)")
_ADMIN_CODE = r"(?P<number>\d{1,5})\s*/\s*(?P<type_code>\p{Lu}[\p{Lu}Đ]{0,6})\s*-\s*(?P<issuer_code>\p{Lu}[\p{L}]{0,9}(?:\s*-\s*\p{Lu}[\p{L}]*)*)"

CITATION_RE = regex.compile(
    rf"(?P<kind>{_KIND_RE})\s+(?:số\s+)?"
    rf"(?:{_STATE_CODE}|{_ADMIN_CODE}|{_PARTY_CODE}|(?P<bare>\d{{1,4}})(?:\s*-\s*(?P<bare_type>\p{{Lu}}[\p{{L}}]{{0,5}}))?(?![\d/.,]\d))",
    regex.IGNORECASE | regex.VERSION1,
)
_DATE_RE = regex.compile(
    r"\s*,?\s*(?:ban hành\s+)?ngày\s+(?:(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))"
)
_ISSUER_RE = regex.compile(r"\s*,?\s*của\s+(?P<issuer>(?:\p{Lu}[\p{L}]*|ủy|uỷ|bộ|thành phố|tỉnh|huyện|Đảng|Chính phủ)(?:\s+(?:\p{Lu}[\p{L}]*|ủy|bộ|hành|thường|vụ|chính|trị|thành phố|tỉnh|huyện|quận|thị xã|xã|phường|nhân dân|Đảng|Chính phủ))*)")
_SUBJECT_RE = regex.compile(r"\s*,?\s*(?:về\s+)?[\"“](?P<subject>[^\"”\n]{3,300})[\"”]|\s+về\s+(?P<about>[^;.\n“\"]{3,200})")

PREFILTER = regex.compile(r"\d")


def find_citations(doc: Doc) -> list[Found]:
    text = doc.text
    found: list[Found] = []
    for sent_start, sent_end in sentence_spans(doc):
        if not PREFILTER.search(text, sent_start, sent_end):
            continue
        for m in CITATION_RE.finditer(text, sent_start, sent_end):
            found.append(_citation(text, m, (sent_start, sent_end)))
    _link_mentions(found)
    return found


def _citation(text: str, m: regex.Match, sentence: tuple[int, int]) -> Found:
    kind = KINDS[" ".join(m.group("kind").lower().split())]
    type_code = _clean(m.group("type_code") or m.group("bare_type"))
    issuer_code = _clean(m.group("issuer_code"))
    number = m.group("number") or m.group("bare")
    if type_code and issuer_code:
        code_text = text[m.start("number"): m.end("issuer_code")]
        code = regex.sub(r"\s+", "", code_text)
    else:
        code = None
    if kind in ("quy_dinh", "quyet_dinh") and type_code and type_code.upper() == "QĐ":
        pass  # the word decides: QĐ abbreviates both
    end = m.end()
    fields = {"kind": kind, "number": number, "code": code, "type_code": type_code,
              "issuer_code": issuer_code, "issued": None, "issuer": None, "subject": None}
    tail = _DATE_RE.match(text, end, sentence[1])
    if tail:
        d, mo, y = (tail.group("d") or tail.group("d2"), tail.group("m") or tail.group("m2"), tail.group("y") or tail.group("y2"))
        fields["issued"] = parse_date(f"{int(y):04d}-{int(mo):02d}-{int(d):02d}")
        end = tail.end()
    issuer = _ISSUER_RE.match(text, end, sentence[1])
    if issuer:
        fields["issuer"] = issuer.group("issuer")
        end = issuer.end()
    subject = _SUBJECT_RE.match(text, end, sentence[1])
    if subject:
        fields["subject"] = (subject.group("subject") or subject.group("about")).strip()
    return Found("citation", m.start(), m.end(), sentence, fields)


def _clean(code: str | None) -> str | None:
    return regex.sub(r"\s+", "", code) if code else None


def _link_mentions(found: list[Found]) -> None:
    """Give every mention of one document the same `ref`: the fullest mention's identity."""
    full = [f for f in found if f.fields["code"]]
    for f in found:
        fl = f.fields
        match = next((g for g in full if g.fields["kind"] == fl["kind"] and g.fields["number"] == fl["number"]
                      and (not fl["issued"] or not g.fields["issued"] or g.fields["issued"] == fl["issued"])
                      and (not fl["code"] or g.fields["code"] == fl["code"])), None)
        anchor = match.fields if match else fl
        fl["ref"] = f"{anchor['kind']}:{anchor['code'] or anchor['number']}:{anchor['issued'] or ''}".rstrip(":")
        if match and not fl["issued"]:
            pass


register(Extractor("rotation_citations", "citation", find_citations, PREFILTER, reads_words=False))
