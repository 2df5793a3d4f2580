"""Officials: named people holding a post, and the moves that rotated them.

Entry point: `find_officials(doc) -> list[Found]` (spaCy component `rotation_officials`).
"""

from __future__ import annotations

import regex
from spacy.tokens import Doc

from extractors.base import Found, alternation, data_lines
from extractors.registry import Extractor, register
from pipeline.segment import sentence_spans

SURNAMES = data_lines("surnames.txt")
_SYLLABLE = r"\p{Lu}[\p{Ll}\p{M}]*"
NAME_RE = regex.compile(rf"(?<!\p{{L}})(?:{alternation(SURNAMES)})(?:\s+{_SYLLABLE}){{1,3}}\b")
_HONORIFIC_RE = regex.compile(r"(?:đồng chí|ông|bà)\s+$", regex.IGNORECASE)
_TITLE_RE = regex.compile(r"(?:Bí thư|Chủ tịch|Trưởng|Phó|Giám đốc|Ủy viên)[^,.;:]{0,60}$")
_POST_AFTER_RE = regex.compile(r"\s*[,–-]\s*(?P<post>(?:Phó |Nguyên )?(?:Bí thư|Chủ tịch|Trưởng|Giám đốc|Ủy viên|Phó)[^,.;:()]{2,100})")

PREFILTER = regex.compile(rf"(?:{alternation(SURNAMES)})\s+\p{{Lu}}")


def find_officials(doc: Doc) -> list[Found]:
    text = doc.text
    people: dict[str, Found] = {}
    for s, e in sentence_spans(doc):
        for m in NAME_RE.finditer(text, s, e):
            before = text[max(s, m.start() - 80): m.start()]
            post_after = _POST_AFTER_RE.match(text, m.end(), e)
            title_before = _TITLE_RE.search(before)
            if not (post_after or title_before):
                continue
            name = m.group()
            posts = [post_after.group("post").strip()] if post_after else [title_before.group().strip()]
            if name in people:
                continue
            people[name] = Found("official", m.start(), m.end(), (s, e),
                                 {"name": name, "aliases": [], "posts": posts, "rotated": False,
                                  "from_post": None, "to_post": None, "date": None, "decided_by": None})
    return list(people.values())


register(Extractor("rotation_officials", "official", find_officials, PREFILTER, reads_words=True))
