"""Dates as the text writes them, resolved with the article's published date.

A move's date is written many ways: `ngày 16/9/2019`, `Tháng 9/2022`, `ngày 16.9`,
`tháng 3`, `năm 2020`, `16-9-2019`. `resolve_date(text, published)` reads the
first date expression in `text` and returns it as `YYYY-MM-DD`, `YYYY-MM` or
`YYYY` with its precision. A day or month written without a year takes the year
of the published date; when that would put it more than `GRACE_DAYS` after
publication (an article of 3 January about `ngày 28.12`), the previous year. With
no published date such a date stays unresolved: nothing is invented.

`dates_in(text)` lists every date expression with its offsets, for callers that
must choose among several (a sentence that also cites a decree's issue date).

Entry points: `resolve_date`, `dates_in`, `ResolvedDate`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

GRACE_DAYS = 7  # a report may be dated a few days before the event it announces
MIN_YEAR, MAX_YEAR = 1945, 2100

_SEP = r"\s*[/.\-]\s*"
_YEAR = r"(?:19|20)\d\d"
# Longest forms first: one alternation, so the first match at a position is the most complete.
_DATE_RE = re.compile(
    r"(?i)(?<![\w/.\-])(?:"
    rf"(?:ngày\s+)?(?P<d1>\d{{1,2}}){_SEP}(?P<m1>\d{{1,2}}){_SEP}(?P<y1>{_YEAR})"          # 16/9/2019
    rf"|ngày\s+(?P<d2>\d{{1,2}})\s+tháng\s+(?P<m2>\d{{1,2}})(?:\s+năm\s+(?P<y2>{_YEAR}))?"  # ngày 16 tháng 9 (năm 2019)
    rf"|tháng\s+(?P<m3>\d{{1,2}}){_SEP}(?P<y3>{_YEAR})"                                    # tháng 9/2022
    rf"|tháng\s+(?P<m4>\d{{1,2}})\s+năm\s+(?P<y4>{_YEAR})"                                 # tháng 9 năm 2022
    rf"|ngày\s+(?P<d5>\d{{1,2}}){_SEP}(?P<m5>\d{{1,2}})"                                   # ngày 16.9
    rf"|(?<!\d)(?P<m6>\d{{1,2}})/(?P<y6>{_YEAR})"                                          # 9/2022
    rf"|tháng\s+(?P<m7>\d{{1,2}})"                                                         # tháng 3
    rf"|(?:năm\s+)?(?P<y8>{_YEAR})"                                                        # năm 2020, 2020
    r")(?![\w/])"
)


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    value: str | None          # "2019-09-16", "2019-09", "2019"; None when it cannot be placed in time
    precision: str | None      # "day", "month", "year"
    as_written: str            # the expression as the text writes it
    year_from_published: bool  # the year was not written: it came from the published date
    start: int = 0             # offsets of the expression in the text read
    end: int = 0


def dates_in(text: str, published: str | None = None) -> list[ResolvedDate]:
    """Every date expression in `text`, resolved (those that name no real day are skipped)."""
    out = []
    for m in _DATE_RE.finditer(text):
        resolved = _resolve_match(m, published)
        if resolved is not None:
            out.append(resolved)
    return out


def resolve_date(text: str | None, published: str | None = None) -> ResolvedDate | None:
    """The first date expression in `text`, resolved; None when there is none."""
    if not text:
        return None
    found = dates_in(text, published)
    return found[0] if found else None


def _int(m: re.Match, *names: str) -> int | None:
    for name in names:
        if m.group(name):
            return int(m.group(name))
    return None


def _resolve_match(m: re.Match, published: str | None) -> ResolvedDate | None:
    day = _int(m, "d1", "d2", "d5")
    month = _int(m, "m1", "m2", "m3", "m4", "m5", "m6", "m7")
    year = _int(m, "y1", "y2", "y3", "y4", "y6", "y8")
    written = m.group(0).strip()
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not _real_day(year or 2000, month, day):  # 2000: a leap year, 29/2 allowed
        return None
    from_published = False
    if year is None:
        year = _year_from(published, month, day or 1)
        if year is None:
            return ResolvedDate(None, None, written, False, m.start(), m.end())
        if day is not None and not _real_day(year, month, day):
            return None
        from_published = True
    if day is not None:
        return ResolvedDate(f"{year:04d}-{month:02d}-{day:02d}", "day", written, from_published, m.start(), m.end())
    if month is not None:
        return ResolvedDate(f"{year:04d}-{month:02d}", "month", written, from_published, m.start(), m.end())
    return ResolvedDate(f"{year:04d}", "year", written, False, m.start(), m.end())


def _real_day(year: int, month: int | None, day: int) -> bool:
    try:
        dt.date(year, month or 1, day)
    except ValueError:
        return False
    return True


def _year_from(published: str | None, month: int | None, day: int) -> int | None:
    """The year of a day or month written without one: the published year, or the one
    before when the date would fall more than GRACE_DAYS after publication."""
    if not published or month is None:
        return None
    try:
        pub = dt.date.fromisoformat(published)
    except ValueError:
        return None
    year = pub.year
    try:
        candidate = dt.date(year, month, day)
    except ValueError:
        candidate = dt.date(year, month, 28)  # 29 February of a common year: compare by the month
    if candidate > pub + dt.timedelta(days=GRACE_DAYS):
        year -= 1
    return year


def compatible(a: str | None, b: str | None, tolerance_days: int = 45) -> bool:
    """Whether two resolved dates may name one event: either missing, one a prefix of the
    other ('2019' and '2019-09-16'), or two days at most `tolerance_days` apart (a
    decision and the ceremony that announces it)."""
    if not a or not b or a.startswith(b) or b.startswith(a):
        return True
    if len(a) == len(b) == 10:
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days) <= tolerance_days
    return False


def sort_key(value: str | None) -> str:
    """Dates sort by their text ('2019' < '2019-09' < '2019-09-16'); undated last."""
    return value if value else "9999"
