"""The article in an HTML page: its text, title, date and address (trafilatura).

trafilatura is made for exactly this (main-text extraction without navigation,
comments and boilerplate), so we use it rather than our own heuristics. When it
finds no main text, the page's visible paragraphs are used instead, so that a
short page still yields its words.

Entry point: `article_from_html(html) -> Page`.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.inputs.decode import iso_date


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None = None
    published: str | None = None
    url: str | None = None


def article_from_html(html: str) -> Page:
    import logging

    import trafilatura

    # trafilatura logs "discarding data: None" for a page without main text; the
    # article record says so (code `empty`), so keep stderr for the summary.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True,
        favor_recall=True, deduplicate=False,
    )
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not text.strip():
        text = _visible_text(html)
    return Page(
        text=text,
        title=getattr(doc, "title", None) if doc is not None else None,
        published=iso_date(getattr(doc, "date", None)) if doc is not None else None,
        url=getattr(doc, "url", None) if doc is not None else None,
    )


def _visible_text(html: str) -> str:
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for bad in tree.xpath("//script|//style|//nav|//header|//footer|//noscript"):
        bad.drop_tree()
    blocks = [el.text_content().strip() for el in tree.xpath("//p|//h1|//h2|//h3|//li|//td")]
    return "\n".join(b for b in blocks if b)
