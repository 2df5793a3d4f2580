"""An article's published date: from the input, else its text's dateline, else its URL.

The input gives it when it can (a JSONL or CSV field, the HTML page's metadata).
Otherwise a news page's text usually opens with a dateline (`Thứ Hai, 16/09/2019
10:30`, `Cập nhật: 16/09/2019`), and many URLs carry the date (`/2019/09/16/`,
`-20190916`). Only these explicit forms are read: a date in the body of the text is
a fact's date, not the article's. The read stage fills an article's missing date
this way (`fill_published`) and says so in the article's notes, so that an age
(`58 tuổi`) gives a birth year for a plain text file too, and the dataset knows
where each date came from.

Entry points: `fill_published(article)`, `published_date(record, text=None) -> (date, source)`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.inputs.article import RawArticle

DATELINE_CHARS = 400  # a dateline sits at the top of the page text

_DATELINE_RE = re.compile(
    r"(?i)(?:(?:thứ\s+\w+|chủ\s+nhật)\s*,?\s*|(?:ngày\s+đăng|cập\s+nhật|đăng\s+lúc|xuất\s+bản)\s*:?\s*)"
    r"(?:ngày\s+)?(\d{1,2})[/.\-](\d{1,2})[/.\-]((?:19|20)\d\d)")
_DATE_TIME_RE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)[\s,|-]+\d{1,2}[:h]\d{2}")
_URL_RES = (
    re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})/"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)(\d\d)(\d\d)(?!\d)"),
)


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


# the note the read stage leaves on an article whose date it read, by source
NOTES = {"text": "published: read from the text's dateline", "url": "published: read from the URL"}


def fill_published(article: RawArticle) -> None:
    """The dateline's or the URL's date into a `RawArticle` whose input gave none, noted."""
    if article.published or article.error or not article.text:
        return
    found, source = published_date({"url": article.url}, article.text)
    if found:
        article.published = found
        article.notes.append(NOTES[source])


def published_date(record: dict | None, text: str | None = None) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, 'input' | 'text' | 'url'), or (None, None) when nothing says.

    `record` is an article record (or its fields): a date the read stage filled in is
    given with the source its note names."""
    record = record or {}
    if record.get("published"):
        notes = record.get("notes") or ()
        return record["published"], next((source for source, note in NOTES.items() if note in notes), "input")
    if text:
        head = text[:DATELINE_CHARS]
        for pattern in (_DATELINE_RE, _DATE_TIME_RE):
            m = pattern.search(head)
            if m and (found := _iso(m.group(3), m.group(2), m.group(1))):
                return found, "text"
    url = record.get("url")
    if isinstance(url, str):
        path = url.split("//", 1)[-1]
        for n, pattern in enumerate(_URL_RES):
            m = pattern.search(path)
            if m and (found := _iso(m.group(1), m.group(2), m.group(3))):
                return found, "url"
    return None, None
