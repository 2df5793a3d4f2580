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

The page is also where facts are judged (`judge.js`): each fact correct, wrong or
unsure, with corrections and a note; facts the run missed added from a selection
of the article text; articles marked as checked whole. The judgments stay in the
browser's localStorage under the page's identity (the run's, the facts file's
SHA-256, and the sample's) and are exported as JSON Lines (schemas/judgments.py).
With `stratify`, the page shows a stratified random sample of facts
(`sampling.draw_sample`) instead of a sample of articles, and its sampling frame.

Entry points: `build_review(facts_path, article_paths, sample=None, seed=0, stratify=None,
allocation="proportional", options=None) -> Review`, `write_review(facts_path, article_paths, out, ...)`.
"""

from __future__ import annotations

import hashlib
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

from pipeline.results.facts_file import FACT_TYPES, ArticleFacts, load_run, run_identity
from pipeline.results.sampling import FactSample, draw_sample
from schemas.records import MAX_EVIDENCE, MAX_ITEMS, cap_text

# Fields every fact has; the table shows them in their own columns, the rest under "fields".
COMMON_FIELDS = ("type", "doc_id", "span", "text", "sentence")
MAX_SLOT = 4


def _e(value: object) -> str:
    """HTML-escape anything (quotes too, so it is safe inside attributes).

    A carriage return is written as `&#13;`: the HTML parser turns a literal one
    into a line feed, and the page counts offsets in the text as read.
    """
    return html.escape("" if value is None else str(value), quote=True).replace("\r", "&#13;")


def _asset(name: str) -> str:
    return resources.files("pipeline").joinpath("data", "review", name).read_text("utf-8")


# ---- reading --------------------------------------------------------------------------------------

def sample_keys(keys: list[str], n: int | None, seed: int = 0) -> list[str]:
    """`n` keys chosen at random with `seed`, kept in run order; all of them when n is None."""
    if n is None or n >= len(keys):
        return list(keys)
    chosen = set(random.Random(seed).sample(keys, n))
    return [k for k in keys if k in chosen]


def keyed_articles(paths: Iterable[str], options=None):
    """Each article read from `paths` as (key, RawArticle), keyed like `load_run` (doc_id, doc_id#2, ...).
    `options`: the `ReadOptions` (field names, storage) the run was extracted with."""
    from pipeline.inputs.read import read_articles

    seen: dict[str, int] = {}
    for raw in read_articles(list(paths), options=options):
        seen[raw.doc_id] = seen.get(raw.doc_id, 0) + 1
        yield (raw.doc_id if seen[raw.doc_id] == 1 else f"{raw.doc_id}#{seen[raw.doc_id]}"), raw


def read_texts(paths: Iterable[str], keys: set[str], options=None) -> dict[str, str]:
    """The text as read of each wanted article, keyed like `load_run` (doc_id, doc_id#2, ...).

    Stops reading as soon as every wanted article has been found. `options`: the
    `ReadOptions` (field names, storage) the run was extracted with.
    """
    texts: dict[str, str] = {}
    if not keys:
        return texts
    for key, raw in keyed_articles(paths, options):
        if key in keys and raw.text is not None:
            texts[key] = raw.text
            if len(texts) == len(keys):
                break
    return texts


def read_provinces(paths: Iterable[str], keys: set[str], options=None) -> dict[str, str]:
    """The province each wanted article is about (`sampling.province_of`), reading one article at a time."""
    from pipeline.results.sampling import province_of

    found: dict[str, str] = {}
    for key, raw in keyed_articles(paths, options):
        if key in keys and raw.text is not None:
            found[key] = province_of(raw.text, raw.title, raw.url)
            if len(found) == len(keys):
                break
    return found


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


def fact_row(index: int, fact: dict, ok: bool, drawn: bool | None = None) -> str:
    """One row of the side table: index, type, span, text, the other fields, the sentence, and
    an empty cell the page fills with the judging controls. `drawn` marks a fact sample's
    facts (True) and the facts of their articles that were not drawn (False)."""
    kind = fact["type"]
    start, end = fact["span"]
    fields = "".join(f"<dt>{_e(k)}</dt><dd>{_e(_field_value(v))}</dd>" for k, v in fact.items()
                     if k not in COMMON_FIELDS and v not in (None, [], False))
    warn = "" if ok else '<p class="warn">span does not hold this text in the article as read</p>'
    sample = "" if drawn is None else (' <span class="drawn">in sample</span>' if drawn else
                                       ' <span class="undrawn-tag">not drawn</span>')
    classes = f'fact t-{_e(kind)}{"" if ok else " bad"}{" undrawn" if drawn is False else ""}'
    return (f'<tr class="{classes}" data-type="{_e(kind)}" data-f="{index}">'
            f'<td>{index}<br><span class="span">{start}–{end}</span>{sample}</td>'
            f'<td><span class="tag t-{_e(kind)}">{_e(kind)}</span><div class="ftext">{_e(fact.get("text"))}</div>{warn}</td>'
            f'<td><dl>{fields}</dl><details><summary>sentence</summary>{_e(cap_text(fact.get("sentence"), MAX_EVIDENCE))}</details></td>'
            f'<td class="judge"></td></tr>')


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


def article_section(number: int, key: str, entry: ArticleFacts, text: str | None,
                    fact_sample: FactSample | None = None) -> tuple[str, int]:
    """One article: header, notes, highlighted text and fact table. Returns (html, mismatched facts)."""
    indexed = list(enumerate(entry.facts))
    ok = {i: fact_matches(f, text) for i, f in indexed}
    bad = sum(not v for v in ok.values()) if text is not None else 0
    body = highlight(text, [(i, f) for i, f in indexed if ok[i]]) if text is not None else ""
    drawn = {i: (key, i) in fact_sample.drawn if fact_sample else None for i, _ in indexed}
    rows = "".join(fact_row(i, f, ok[i] or text is None, drawn[i]) for i, f in indexed)
    table = (f'<table class="facts"><thead><tr><th>#, span</th><th>type, text</th><th>fields</th><th>judgment</th></tr>'
             f'</thead><tbody>{rows}</tbody></table>' if rows else '<p class="none">no facts</p>')
    length = f' data-len="{len(text)}"' if text is not None else ""
    html_ = (f'<section class="article" id="article-{number}" data-doc="{_e(key)}">'
             f'<h2>{_e(entry.doc_id)}</h2><p class="meta">{_article_meta(entry)}</p>'
             f'{_article_notes(entry, text, bad)}<div class="article-judging"></div><p class="showing"></p>'
             f'<div class="panes"><div class="text" lang="vi"{length}>{body}</div>'
             f'<aside class="side">{table}</aside></div></section>')
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
                 seed: int = 0, stratify: list[str] | None = None, allocation: str = "proportional",
                 options=None) -> Review:
    """The review page for a facts file and the articles it was extracted from.

    Without `stratify`, `sample` is a number of articles drawn at random (all when None).
    With it (a list of `sampling.STRATUM_KEYS`, [] for one stratum), `sample` is a number
    of facts drawn by `sampling.draw_sample` (all when None), and the page shows the
    articles holding them. `options`: the `ReadOptions` the run was extracted with.
    """
    run = load_run(facts_path)
    fact_sample = None
    if stratify is None:
        keys = sample_keys(list(run), sample, seed)
    else:
        provinces = read_provinces(article_paths, {k for k, e in run.items() if e.facts}, options) \
            if "province" in stratify else None
        fact_sample = draw_sample(run, sample, seed, stratify, allocation, provinces)
        keys = fact_sample.articles(run)
    wanted = {k for k in keys if not (run[k].article or {}).get("error")}
    texts = read_texts(article_paths, wanted, options)
    entries = [run[k] for k in keys]
    review = Review("", articles=len(keys), facts=sum(len(e.facts) for e in entries), total_articles=len(run))
    sections = []
    for number, (key, entry) in enumerate(zip(keys, entries)):
        section, bad = article_section(number, key, entry, texts.get(key), fact_sample)
        sections.append(section)
        review.mismatched += bad
        if key not in texts and not (entry.article or {}).get("error"):
            review.missing_text.append(key)
    review.sections = sections
    run_id = run_identity(facts_path)
    spec = {"articles": sample, "seed": seed} if fact_sample is None else \
        {"facts": sample, "seed": seed, "stratify": stratify, "allocation": allocation}
    judging = judging_data(run_id, spec, keys, entries, fact_sample)
    review.html = _page(facts_path, entries, keys, sections, review, sample, seed, fact_sample, judging)
    return review


def judging_data(run_id: str, spec: dict, keys: list[str], entries: list[ArticleFacts],
                 fact_sample: FactSample | None) -> dict:
    """What the page's judging code needs: identities, the judged fields, every shown fact."""
    from schemas.judgments import JUDGED_FIELDS, field_specs, key_order

    page_id = hashlib.sha256(json.dumps([run_id, spec], sort_keys=True).encode()).hexdigest()[:16]
    articles = []
    for key, entry in zip(keys, entries):
        facts = [{"type": f["type"], "span": f["span"], "text": f.get("text"),
                  "fields": {n: f.get(n) for n in JUDGED_FIELDS[f["type"]]},
                  "sample": fact_sample.info((key, i)) if fact_sample else None}
                 for i, f in enumerate(entry.facts)]
        articles.append({"key": key, "doc_id": entry.doc_id, "facts": facts})
    return {"run": run_id, "page": page_id, "sampled_facts": fact_sample is not None,
            "fields": field_specs(), "order": key_order(), "articles": articles}


def frame_table(fact_sample: FactSample | None) -> str:
    """The sampling frame: each stratum's facts in the run, how many were drawn, their weight."""
    if fact_sample is None:
        return ""
    rows = "".join(f"<tr><td>{_e(s.name)}</td><td>{s.size}</td><td>{s.drawn}</td>"
                   f"<td>{s.size / s.drawn:.3g}</td></tr>" if s.drawn else
                   f"<tr><td>{_e(s.name)}</td><td>{s.size}</td><td>0</td><td>–</td></tr>"
                   for s in fact_sample.strata.values())
    drawn = sum(s.drawn for s in fact_sample.strata.values())
    by = ", ".join(fact_sample.stratified_by) or "nothing (one stratum)"
    return (f'<details id="frame"><summary>sampling frame: {drawn} of {fact_sample.frame_size} facts, '
            f'seed {fact_sample.seed}, stratified by {_e(by)}, {fact_sample.allocation} allocation</summary>'
            f'<table class="frame"><thead><tr><th>stratum</th><th>facts in the run (N<sub>h</sub>)</th>'
            f'<th>drawn (n<sub>h</sub>)</th><th>weight N<sub>h</sub>/n<sub>h</sub></th></tr></thead>'
            f'<tbody>{rows}</tbody><tfoot><tr><td>all</td><td>{fact_sample.frame_size}</td><td>{drawn}</td>'
            f'<td></td></tr></tfoot></table></details>')


def _summary(review: Review, sample: int | None, seed: int, fact_sample: FactSample | None) -> str:
    if fact_sample is not None:
        drawn = sum(s.drawn for s in fact_sample.strata.values())
        return (f"a sample of {drawn} of {fact_sample.frame_size} facts (seed {seed}), in {review.articles} "
                f"of {review.total_articles} articles, {review.facts} facts shown")
    subset = f"a sample of {review.articles} of {review.total_articles} articles (seed {seed})" \
        if review.articles != review.total_articles else f"{review.articles} articles"
    return f"{subset}, {review.facts} facts"


def _page(facts_path: str | Path, entries: list[ArticleFacts], keys: list[str], sections: list[str],
          review: Review, sample: int | None, seed: int, fact_sample: FactSample | None, judging: dict) -> str:
    return Template(_asset("page.html")).substitute(
        title=_e(f"rotation-facts review: {Path(facts_path).name}"),
        css=_asset("review.css"),
        js=(_asset("review.js") + "\n" + _asset("judge.js")).replace("</", "<\\/"),
        source=_e(str(facts_path)),
        summary=_e(_summary(review, sample, seed, fact_sample)),
        frame=frame_table(fact_sample),
        type_filters=type_filters(entries),
        nav="".join(nav_item(k, e) for k, e in zip(keys, entries)),
        first=sections[0] if sections else '<p class="none">the facts file has no articles</p>',
        data=script_json(sections),
        judging=script_json(judging),
    )


def write_review(facts_path: str | Path, article_paths: Iterable[str], out: str | Path,
                 sample: int | None = None, seed: int = 0, stratify: list[str] | None = None,
                 allocation: str = "proportional", options=None) -> Review:
    """Build the page and write it to `out` (UTF-8; '-' for standard output).

    The file appears complete or not at all (written beside it, then renamed),
    readable as the umask allows, since a review page is meant to be shared.
    """
    review = build_review(facts_path, article_paths, sample, seed, stratify, allocation, options)
    if str(out) == "-":
        sys.stdout.write(review.html)
        return review
    part = Path(f"{out}.part")
    part.write_text(review.html, encoding="utf-8")
    os.replace(part, out)
    return review
