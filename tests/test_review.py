"""`rotation-facts review`: the page's content, without a browser (see test_review_browser.py)."""

from __future__ import annotations

import html
import json
import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.results.review import assign_slots, build_review, fact_row, highlight, sample_keys
from schemas.records import ArticleRecord, CountRecord, OfficialRecord

RECORDS = Path(__file__).resolve().parent / "fixtures" / "records"
RUN, ARTICLES = RECORDS / "run_new.jsonl", RECORDS / "articles.jsonl"


class Tags(HTMLParser):
    """Every start tag with its attributes; raises nothing, records everything."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


def _data(page: str) -> list[str]:
    """The articles' sections as the page carries them: JSON in a script element."""
    blob = page.split('<script type="application/json" id="article-data">', 1)[1].split("</script>", 1)[0]
    return json.loads(blob)


def _plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def _write(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def _fact(model, doc_id: str, text: str, phrase: str, **fields):
    start = text.index(phrase)
    return model(doc_id=doc_id, span=(start, start + len(phrase)), text=phrase, sentence=text,
                 sentence_span=(0, len(text)), **fields)


def test_every_fact_is_highlighted_with_its_type():
    review = build_review(RUN, [str(ARTICLES)])
    assert (review.articles, review.facts, review.mismatched, review.missing_text) == (5, 9, 0, [])
    tags = _tags("".join(review.sections))
    starts = [a for t, a in tags if "hl" in a.get("class", "").split() and "start" in a["class"].split()]
    facts = [json.loads(line) for line in RUN.read_text("utf-8").splitlines()]
    assert len(starts) == sum(f["type"] != "article" for f in facts)
    assert {a["data-type"] for a in starts} == {"citation", "count", "official"}
    rows = [a for t, a in tags if t == "tr" and "fact" in a.get("class", "")]
    assert len(rows) == len(starts)


def test_highlighting_keeps_the_text_and_stacks_overlaps():
    text = "Ông Nguyễn Văn An luân chuyển 15 đồng chí."
    facts = [(0, {"type": "official", "span": [4, 17]}), (1, {"type": "count", "span": [30, 41]}),
             (2, {"type": "citation", "span": [15, 33]})]
    markup = highlight(text, facts)
    assert _plain(markup) == text
    assert markup.count('class="hl') == 7  # 5 stretches, 2 of them covered twice
    assert assign_slots([(4, 17, "a"), (30, 41, "b"), (15, 33, "c")]) == [1, 1, 2]


def _slots_by_definition(spans):
    """displaCy's stacking as it reads: each span, in order, takes the lowest slot its earlier
    overlapping spans left free (quadratic; for checking the sweep on small inputs)."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], spans[i][0] - spans[i][1], spans[i][2]))
    slots = [0] * len(spans)
    for n, i in enumerate(order):
        taken = {slots[j] for j in order[:n] if spans[j][0] < spans[i][1] and spans[i][0] < spans[j][1]}
        slots[i] = next(s for s in range(1, len(spans) + 2) if s not in taken)
    return slots


def test_slots_are_displacys_and_scale_to_a_legal_index():
    rng = random.Random(7)
    for _ in range(300):
        spans = []
        for _ in range(rng.randint(1, 12)):
            start = rng.randint(0, 40)
            spans.append((start, start + rng.randint(1, 15), rng.choice("abc")))
        assert assign_slots(spans) == _slots_by_definition(spans), spans
    # an article of 50,000 facts (a scraped index of document numbers): one sweep, not 50,000²
    text = "Quy định số 98-QĐ/TW " * 50_000
    facts = [(i, {"type": "citation", "span": [21 * i, 21 * i + 20]}) for i in range(50_000)]
    markup = highlight(text, facts)
    assert _plain(markup) == text and markup.count('class="hl') == 50_000


def test_old_files_with_unbounded_evidence_are_shown_bounded():
    sentence = "Theo " + "Quy định số 98-QĐ/TW, " * 5_000
    fact = {"type": "citation", "doc_id": "x", "span": [5, 25], "text": sentence[5:25], "sentence": sentence,
            "subject": "về " + "luân chuyển " * 1_000}
    row = fact_row(0, fact, True)
    assert len(row) < 4_000 and "…" in row


def test_the_first_article_is_in_the_page_the_others_in_its_data():
    review = build_review(RUN, [str(ARTICLES)])
    assert _data(review.html) == review.sections
    assert [a["data-doc"] for t, a in _tags("".join(review.sections)) if t == "section"] == ["a1", "c3", "d4", "e5", "f6"]
    assert [a["data-doc"] for t, a in _tags(review.html) if t == "section"] == ["a1"]


def test_the_page_is_self_contained():
    page = build_review(RUN, [str(ARTICLES)]).html
    tags = _tags(page)
    assert not [a for t, a in tags if "src" in a or (t == "link")]
    assert [a.get("type") for t, a in tags if t == "script"] == ["application/json", "application/json", None]
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "@import" not in page and "url(" not in page


def test_everything_from_the_data_is_escaped(tmp_path):
    doc_id = 'x"><img src=y onerror=alert(1)>'
    text = "<script>alert('text')</script> Ông Nguyễn Văn An & 5 người <marquee>"
    records = [ArticleRecord(doc_id=doc_id, source="s", title="<iframe>title</iframe>", n_chars=len(text), n_facts=2),
               _fact(OfficialRecord, doc_id, text, "Nguyễn Văn An", name="Nguyễn Văn An", posts=["<svg>post</svg>"]),
               _fact(CountRecord, doc_id, text, "5 người", value=5, unit="<video>")]
    facts = _write(tmp_path / "facts.jsonl", records)
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"id": doc_id, "text": text}) + "\n", "utf-8")
    review = build_review(facts, [str(articles)])
    assert review.mismatched == 0
    tags = [t for t, _ in _tags(review.html) + _tags("".join(_data(review.html)))]
    for tag in ("img", "marquee", "iframe", "svg", "video"):
        assert tag not in tags
    assert tags.count("script") == 3  # the page's data (articles, facts to judge) and code, nothing else
    assert "&lt;script&gt;alert(&#x27;text&#x27;)&lt;/script&gt;" in review.sections[0]
    assert "</script>" not in review.html.split('id="article-data">', 1)[1].split("</script>", 1)[0]
    assert "</script>" not in review.html.split('id="judge-data">', 1)[1].split("</script>", 1)[0]


def test_sample_is_seeded_and_keeps_run_order(tmp_path):
    keys = [f"d{i:03}" for i in range(100)]
    first = sample_keys(keys, 10, seed=7)
    assert first == sample_keys(keys, 10, seed=7) and first == sorted(first) and len(first) == 10
    assert first != sample_keys(keys, 10, seed=8)
    review = build_review(RUN, [str(ARTICLES)], sample=2, seed=1)
    assert review.articles == 2 and review.total_articles == 5
    assert "a sample of 2 of 5 articles (seed 1)" in review.html


def test_a_fact_whose_span_does_not_hold_its_text_is_flagged(tmp_path):
    text = "Tỉnh ủy đã luân chuyển 12 đồng chí."
    records = [ArticleRecord(doc_id="d4", source="s", n_chars=len(text), n_facts=1),
               CountRecord(doc_id="d4", span=(0, 11), text="12 đồng chí", sentence=text,
                               sentence_span=(0, len(text)), value=12)]
    review = build_review(_write(tmp_path / "f.jsonl", records), [str(ARTICLES)])
    assert review.mismatched == 1
    assert "span does not hold this text" in review.sections[0]
    assert 'class="hl' not in review.sections[0]


def test_an_article_not_found_is_listed(tmp_path):
    review = build_review(RUN, [str(tmp_path)])  # no articles there
    assert review.missing_text == ["a1", "c3", "d4", "e5"]  # f6 failed in extraction: no text expected
    assert "article text not found under --articles" in review.sections[0]


def test_cli_writes_the_page(tmp_path, capsys):
    out = tmp_path / "review.html"
    assert main(["review", str(RUN), "--articles", str(ARTICLES), "-o", str(out)]) == 0
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert "articles 5, facts 9" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["review", "missing.jsonl", "--articles", "corpus", "-o", "r.html"],
    ["review", str(RUN), "--articles", "no/such/dir", "-o", "r.html"],
    ["review", str(RUN), "--articles", str(ARTICLES), "-o", "r.html", "--sample", "0"],
    ["review", str(RUN), "--articles", str(ARTICLES), "-o", "no/such/dir/r.html"],
])
def test_cli_usage_errors(tmp_path, argv):
    assert main([a.replace("r.html", str(tmp_path / "r.html")) for a in argv]) == 2
