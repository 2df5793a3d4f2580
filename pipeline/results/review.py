"""The review page: one self-contained HTML file to spot-check a run's facts.

Each article's text (re-read with `pipeline.inputs.read.read_articles`, so spans index
into the same text the extractor saw) is shown with every fact highlighted by
type, beside a table of the facts and their fields. Filters by fact type and by
article, a count of facts per article, one article at a time; `sample` keeps a
seeded random sample of a large run.

Highlighting is displaCy's span style (an underline bar per span, stacked in
slots when spans overlap, the label at the start), rendered here on exact
character offsets rather than tokens, so that paragraphs stay intact and every
highlight carries its fact type and index for the filters. Everything from the
data is HTML-escaped; the page loads nothing from the network (a
Content-Security-Policy forbids it).

Filter state lives in the URL fragment: `review.html#doc=ID&types=count,official&q=TEXT&nonempty=1`.

Entry points: `build_review(facts, articles, sample=None, seed=0) -> Review`,
`write_review(...)`.
"""

from __future__ import annotations

import heapq
import html
import json
import os
import random
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from string import Template
from typing import Iterable

from pipeline.results.facts_file import FACT_TYPES, ArticleFacts, load_run
from schemas.records import MAX_EVIDENCE, MAX_ITEMS, cap_text

# Fields every fact has; the table shows them in their own columns, the rest under "fields".
COMMON_FIELDS = ("type", "doc_id", "span", "text", "sentence")
MAX_SLOT = 4


def _e(value: object) -> str:
    """HTML-escape anything (quotes too, so it is safe inside attributes)."""
    return html.escape("" if value is None else str(value), quote=True)


def _asset(name: str) -> str:
    return resources.files("pipeline").joinpath("data", "review", name).read_text("utf-8")


# ---- reading --------------------------------------------------------------------------------------

def sample_keys(keys: list[str], n: int | None, seed: int = 0) -> list[str]:
    """`n` keys chosen at random with `seed`, kept in run order; all of them when n is None."""
    if n is None or n >= len(keys):
        return list(keys)
    chosen = set(random.Random(seed).sample(keys, n))
    return [k for k in keys if k in chosen]


def read_texts(paths: Iterable[str], keys: set[str]) -> dict[str, str]:
    """The text as read of each wanted article, keyed like `load_run` (doc_id, doc_id#2, ...).

    Stops reading as soon as every wanted article has been found.
    """
    from pipeline.inputs.read import read_articles

    texts: dict[str, str] = {}
    seen: dict[str, int] = {}
    for raw in read_articles(list(paths)):
        seen[raw.doc_id] = seen.get(raw.doc_id, 0) + 1
        key = raw.doc_id if seen[raw.doc_id] == 1 else f"{raw.doc_id}#{seen[raw.doc_id]}"
        if key in keys and raw.text is not None:
            texts[key] = raw.text
            if len(texts) == len(keys):
                break
    return texts


# ---- highlighting ---------------------------------------------------------------------------------

def fact_matches(fact: dict, text: str | None) -> bool:
    """Whether the fact's span lies in the text and holds exactly the fact's text."""
    if text is None:
        return False
    start, end = fact["span"]
    return 0 <= start < end <= len(text) and text[start:end] == fact.get("text")


def assign_slots(spans: list[tuple[int, int, str]]) -> list[int]:
    """displaCy's stacking: each span gets the lowest slot (1, 2, ...) free among spans it overlaps.

    One sweep in displaCy's order (by start, longest first): the spans still open when a span
    starts are the earlier ones it overlaps, so their slots are the taken ones. Linear in the
    spans for a page of facts that do not pile up (a legal index of 50,000 citations).
    """
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], spans[i][0] - spans[i][1], spans[i][2]))
    slots = [0] * len(spans)
    open_spans: list[tuple[int, int]] = []  # (end, slot) of the spans still open, a heap by end
    free: list[int] = []                    # slots given up by spans that closed, a heap
    highest = 0
    for i in order:
        start, end, _ = spans[i]
        while open_spans and open_spans[0][0] <= start:
            heapq.heappush(free, heapq.heappop(open_spans)[1])
        if free:
            slots[i] = heapq.heappop(free)
        else:
            highest += 1
            slots[i] = highest
        heapq.heappush(open_spans, (end, slots[i]))
    return slots


def highlight(text: str, facts: list[tuple[int, dict]]) -> str:
    """The text as HTML, each (index, fact) wrapped in a `span.hl` per stretch it covers.

    A sweep over the stretches between span bounds, keeping the spans that cover the current
    one: linear in the text and the facts (it once looked at every fact for every stretch).
    """
    spans = [(f["span"][0], f["span"][1], f["type"]) for _, f in facts]
    slots = assign_slots(spans)
    bounds = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    starting: dict[int, list[int]] = {}
    for k, (s, _, _) in enumerate(spans):
        starting.setdefault(s, []).append(k)
    covering: set[int] = set()
    out = []
    for a, b in zip(bounds, bounds[1:]):
        covering = {k for k in covering if spans[k][1] > a} | set(starting.get(a, ()))
        ordered = sorted((slots[k], k) for k in covering)
        opening = "".join(_open_tag(facts[k], slot, a == spans[k][0]) for slot, k in ordered)
        out.append(f"{opening}{_e(text[a:b])}{'</span>' * len(ordered)}")
    return "".join(out)


def _open_tag(item: tuple[int, dict], slot: int, is_start: bool) -> str:
    index, fact = item
    kind = fact["type"]
    start = f' start" data-label="{_e(kind)}' if is_start else ""
    return (f'<span class="hl t-{_e(kind)} s{min(slot, MAX_SLOT)}{start}" data-type="{_e(kind)}" '
            f'data-f="{index}" title="{_e(kind)} #{index}">')


# ---- the article --------------------------------------------------------------------------------

@dataclass
class Review:
    """The page and what it found on the way."""

    html: str
    sections: list[str] = field(default_factory=list)  # each article's <section>, in page order
    articles: int = 0
    facts: int = 0
    total_articles: int = 0
    missing_text: list[str] = field(default_factory=list)
    mismatched: int = 0

    def line(self) -> str:
        shown = f"{self.articles} of {self.total_articles}" if self.articles != self.total_articles else str(self.articles)
        return (f"articles {shown}, facts {self.facts}; articles without text {len(self.missing_text)}; "
                f"facts whose span does not hold their text {self.mismatched}")


def _field_value(value: object) -> str:
    """A field as shown, bounded as the records are (a file from before the bounds may hold more)."""
    if isinstance(value, list):
        return "; ".join(str(cap_text(str(v))) for v in value[:MAX_ITEMS]) if value else "[]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(cap_text(str(value)))


def fact_row(index: int, fact: dict, ok: bool) -> str:
    """One row of the side table: index, type, span, text, the other fields, the sentence."""
    kind = fact["type"]
    start, end = fact["span"]
    fields = "".join(f"<dt>{_e(k)}</dt><dd>{_e(_field_value(v))}</dd>" for k, v in fact.items()
                     if k not in COMMON_FIELDS and v not in (None, [], False))
    warn = "" if ok else '<p class="warn">span does not hold this text in the article as read</p>'
    return (f'<tr class="fact t-{_e(kind)}{"" if ok else " bad"}" data-type="{_e(kind)}" data-f="{index}">'
            f'<td>{index}<br><span class="span">{start}–{end}</span></td>'
            f'<td><span class="tag t-{_e(kind)}">{_e(kind)}</span><div class="ftext">{_e(fact.get("text"))}</div>{warn}</td>'
            f'<td><dl>{fields}</dl><details><summary>sentence</summary>{_e(cap_text(fact.get("sentence"), MAX_EVIDENCE))}</details></td></tr>')


def _counts(facts: list[dict]) -> dict[str, int]:
    return {t: sum(f["type"] == t for f in facts) for t in FACT_TYPES}


def _article_meta(entry: ArticleFacts) -> str:
    rec = entry.article or {}
    parts = [f"<b>{_e(k)}</b> {_e(rec[k])}" for k in ("title", "source", "published", "n_chars") if rec.get(k) is not None]
    url = rec.get("url")
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        parts.append(f'<b>url</b> <a href="{_e(url)}" rel="noreferrer noopener">{_e(url)}</a>')
    counts = _counts(entry.facts)
    parts.append(" ".join(f'<span class="tag t-{t}">{t} {n}</span>' for t, n in counts.items()))
    return " · ".join(parts)


def _article_notes(entry: ArticleFacts, text: str | None, bad: int) -> str:
    rec = entry.article or {}
    notes = []
    if entry.article is None:
        notes.append("the facts file has facts but no article record for this doc_id")
    error = rec.get("error")
    if error:
        notes.append(f"article error: {error.get('code')}: {error.get('message')}" if isinstance(error, dict)
                     else f"article error: {error}")
    for rej in rec.get("rejected") or []:
        notes.append(f"rejected {rej.get('type')} at {rej.get('span')}: {rej.get('message')}"
                     if isinstance(rej, dict) else f"rejected: {rej}")
    if text is None and not rec.get("error"):
        notes.append("article text not found under --articles")
    if bad:
        notes.append(f"{bad} fact(s) whose span does not hold their text: not highlighted")
    return "".join(f'<p class="note">{_e(n)}</p>' for n in notes)


def article_section(number: int, key: str, entry: ArticleFacts, text: str | None) -> tuple[str, int]:
    """One article: header, notes, highlighted text and fact table. Returns (html, mismatched facts)."""
    indexed = list(enumerate(entry.facts))
    ok = {i: fact_matches(f, text) for i, f in indexed}
    bad = sum(not v for v in ok.values()) if text is not None else 0
    body = highlight(text, [(i, f) for i, f in indexed if ok[i]]) if text is not None else ""
    rows = "".join(fact_row(i, f, ok[i] or text is None) for i, f in indexed)
    table = (f'<table class="facts"><thead><tr><th>#, span</th><th>type, text</th><th>fields</th></tr>'
             f'</thead><tbody>{rows}</tbody></table>' if rows else '<p class="none">no facts</p>')
    html_ = (f'<section class="article" id="article-{number}" data-doc="{_e(key)}">'
             f'<h2>{_e(entry.doc_id)}</h2><p class="meta">{_article_meta(entry)}</p>'
             f'{_article_notes(entry, text, bad)}<p class="showing"></p>'
             f'<div class="panes"><div class="text" lang="vi">{body}</div><aside class="side">{table}</aside></div></section>')
    return html_, bad


def nav_item(key: str, entry: ArticleFacts) -> str:
    """One line of the article list, with its fact counts per type for the filters."""
    counts = _counts(entry.facts)
    data = " ".join(f'data-n-{t}="{n}"' for t, n in counts.items())
    title = (entry.article or {}).get("title") or ""
    failed = ' data-error="1"' if (entry.article or {}).get("error") else ""
    return (f'<li data-doc="{_e(key)}" data-search="{_e((key + " " + title).lower())}" {data}{failed}>'
            f'<a href="#doc={_e(_url_quote(key))}">{_e(key)}</a> <span class="count">{len(entry.facts)}</span>'
            f'{f"<br><small>{_e(title)}</small>" if title else ""}</li>')


def _url_quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


# ---- the page -----------------------------------------------------------------------------------

def script_json(value: object) -> str:
    """JSON safe inside <script>: no '</' (closes the element) nor '<!--' (changes how it parses)."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "<\\u0021--")


def type_filters(entries: list[ArticleFacts]) -> str:
    totals = _counts([f for e in entries for f in e.facts])
    return "".join(f'<label class="tag t-{t}"><input type="checkbox" name="type" value="{t}" checked> '
                   f'{t} <span class="n">{n}</span></label>' for t, n in totals.items())


def build_review(facts_path: str | Path, article_paths: Iterable[str], sample: int | None = None,
                 seed: int = 0) -> Review:
    """The review page for a facts file and the articles it was extracted from."""
    run = load_run(facts_path)
    keys = sample_keys(list(run), sample, seed)
    texts = read_texts(article_paths, {k for k in keys if not (run[k].article or {}).get("error")})
    entries = [run[k] for k in keys]
    review = Review("", articles=len(keys), facts=sum(len(e.facts) for e in entries), total_articles=len(run))
    sections = []
    for number, (key, entry) in enumerate(zip(keys, entries)):
        section, bad = article_section(number, key, entry, texts.get(key))
        sections.append(section)
        review.mismatched += bad
        if key not in texts and not (entry.article or {}).get("error"):
            review.missing_text.append(key)
    review.sections = sections
    review.html = _page(facts_path, entries, keys, sections, review, sample, seed)
    return review


def _page(facts_path: str | Path, entries: list[ArticleFacts], keys: list[str], sections: list[str],
          review: Review, sample: int | None, seed: int) -> str:
    subset = f"a sample of {review.articles} of {review.total_articles} articles (seed {seed})" \
        if review.articles != review.total_articles else f"{review.articles} articles"
    return Template(_asset("page.html")).substitute(
        title=_e(f"rotation-facts review: {Path(facts_path).name}"),
        css=_asset("review.css"),
        js=_asset("review.js").replace("</", "<\\/"),
        source=_e(str(facts_path)),
        summary=_e(f"{subset}, {review.facts} facts"),
        type_filters=type_filters(entries),
        nav="".join(nav_item(k, e) for k, e in zip(keys, entries)),
        first=sections[0] if sections else '<p class="none">the facts file has no articles</p>',
        data=script_json(sections),
    )


def write_review(facts_path: str | Path, article_paths: Iterable[str], out: str | Path,
                 sample: int | None = None, seed: int = 0) -> Review:
    """Build the page and write it to `out` (UTF-8; '-' for standard output).

    The file appears complete or not at all (written beside it, then renamed),
    readable as the umask allows, since a review page is meant to be shared.
    """
    review = build_review(facts_path, article_paths, sample, seed)
    if str(out) == "-":
        sys.stdout.write(review.html)
        return review
    part = Path(f"{out}.part")
    part.write_text(review.html, encoding="utf-8")
    os.replace(part, out)
    return review
