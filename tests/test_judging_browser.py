"""Judging in the review page, in a real browser: headless Chromium (Debian's, /usr/bin/chromium)
driven by Playwright (the `playwright` package, with no browser of its own).

A reviewer judges facts with the keyboard, corrects a field and writes a note, reloads the page
and finds everything kept, and exports the judgments; the downloaded file is compared with the
lines expected. A second reviewer judges an article whole, adds the fact the run missed by
selecting its words, marks the article checked, and the export goes through judgments-to-gold
and eval. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from pipeline.cli import main
from pipeline.results.evaluate import score
from pipeline.results.facts_file import load_run, run_identity
from pipeline.results.review import write_review
from pipeline.results.sampling import draw_sample
from schemas.judgments import JUDGED_FIELDS, FactJudgment, JudgmentLine

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "tests" / "fixtures" / "records"
RUN, ARTICLES = RECORDS / "run_new.jsonl", RECORDS / "articles.jsonl"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium: run .ci/install-chromium (Debian package 'chromium') to run the browser test")

SAMPLE = dict(sample=9, seed=4, stratify=["type"], allocation="proportional")  # all 9 facts: a census by type


@pytest.fixture(scope="module")
def page_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("judging") / "review.html"
    write_review(RUN, [str(ARTICLES)], out, **SAMPLE)
    return out


@pytest.fixture
def browser(tmp_path):
    """A Chromium with a profile of its own (so localStorage lives across reloads, not across tests)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, accept_downloads=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"], viewport={"width": 1400, "height": 900})
        page = context.pages[0] if context.pages else context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        yield page
        context.close()
        assert not errors, errors


def export(page, tmp_path: Path) -> Path:
    with page.expect_download() as download:
        page.click("#export")
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    return target


def download_name(folder: Path) -> str:
    (found,) = [p.name for p in folder.glob("judgments-*.jsonl")]
    return found


def verdict_of(page, index: int) -> str:
    pressed = page.query_selector(f'section.article tr.fact[data-f="{index}"] td.judge button[aria-pressed="true"]')
    return pressed.get_attribute("data-verdict") if pressed else ""


def expected_lines() -> list[dict]:
    """The three judgments made below on article a1, as the models write them (judged_at aside)."""
    run = load_run(RUN)
    facts = run["a1"].facts
    sample = draw_sample(run, **{k: v for k, v in SAMPLE.items() if k != "sample"}, n=SAMPLE["sample"])
    said = {0: ("correct", None, ""), 1: ("correct", {"direction": "up"}, "the text says về xã"), 2: ("unsure", None, "")}
    lines = []
    for i, (verdict, corrected, note) in said.items():
        f = facts[i]
        line = FactJudgment(doc_id="a1", fact_type=f["type"], span=tuple(f["span"]), text=f["text"],
                            fields={n: f.get(n) for n in JUDGED_FIELDS[f["type"]]}, verdict=verdict,
                            corrected=corrected, note=note, reviewer="An", judged_at="2026-01-01T00:00:00Z",
                            run=run_identity(RUN), sample=sample.info(("a1", i)))
        lines.append(line.model_dump(mode="json"))
    return lines


def test_judge_with_the_keyboard_reload_and_export(browser, page_file, tmp_path):
    page = browser
    page.goto(page_file.as_uri())
    page.keyboard.press("y")  # no reviewer yet: refused, and the name is asked for
    assert "enter your name first" in page.inner_text("#message") and verdict_of(page, 0) == ""
    page.fill("#reviewer", "An")
    page.press("#reviewer", "Enter")
    page.keyboard.press("y")          # fact 0 correct, on to fact 1
    page.keyboard.press("y")          # fact 1 correct, on to fact 2
    page.keyboard.press("u")          # fact 2 unsure, on to fact 3
    page.keyboard.press("k")
    page.keyboard.press("ArrowUp")    # back to fact 1
    page.keyboard.press("e")          # its fields
    page.select_option("tr.fact.current-fact form.editor select[name=direction]", "up")
    page.press("tr.fact.current-fact form.editor select[name=direction]", "Enter")
    page.keyboard.press("/")
    page.keyboard.type("the text says về xã")
    page.keyboard.press("Enter")
    assert "drawn facts judged 3 / 9 (✓2 ✗0 ?1)" in page.inner_text("#progress")

    page.reload()
    assert [verdict_of(page, i) for i in range(5)] == ["correct", "correct", "unsure", "", ""]
    assert page.input_value("#reviewer") == "An"
    assert "direction: \"down\" → \"up\"" in page.inner_text('tr.fact[data-f="1"] td.judge')
    assert "drawn facts judged 3 / 9" in page.inner_text("#progress")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "judging.png"))

    lines = export(page, tmp_path).read_text("utf-8").splitlines()
    got = [json.loads(line) for line in lines]
    for line, parsed in zip(lines, got):  # each line validates, and is written as the Python writer would
        again = TypeAdapter(JudgmentLine).validate_json(line)
        assert line == json.dumps(again.model_dump(mode="json"), ensure_ascii=False)
        assert parsed.pop("judged_at").endswith("Z")
    want = expected_lines()
    for w in want:
        w.pop("judged_at")
    assert got == want

    # Another browser (here: the same one, its storage cleared) takes the exported file back in.
    page.evaluate("localStorage.clear()")
    page.reload()
    assert [verdict_of(page, i) for i in range(3)] == ["", "", ""]
    page.set_input_files("#import", str(tmp_path / download_name(tmp_path)))
    # the page reads the file with a FileReader, which answers later: wait for its message
    from playwright.sync_api import expect

    expect(page.locator("#message")).to_contain_text("imported 3 lines")
    assert [verdict_of(page, i) for i in range(5)] == ["correct", "correct", "unsure", "", ""]
    assert "the text says về xã" in page.inner_text('tr.fact[data-f="1"] td.judge')


def test_check_an_article_whole_add_a_missed_fact_and_score_the_gold(browser, page_file, tmp_path):
    page = browser
    page.goto(page_file.as_uri() + "#doc=a1")
    page.fill("#reviewer", "Bình")
    page.press("#reviewer", "Enter")
    page.keyboard.press("c")  # not every fact judged yet: refused
    assert "judge every fact of this article first (5 left" in page.inner_text("#message")
    for _ in range(5):
        page.keyboard.press("y")
    page.goto(page_file.as_uri() + "#doc=a1")
    # The run missed the count '7 cán bộ': select it in the text, as a reader would with the mouse.
    page.evaluate("""() => {
        const div = document.querySelector('section.article .text');
        const walker = document.createTreeWalker(div, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode())) {
            const at = node.data.indexOf('7 cán bộ');
            if (at >= 0) {
                const r = document.createRange();
                r.setStart(node, at); r.setEnd(node, at + '7 cán bộ'.length);
                getSelection().removeAllRanges(); getSelection().addRange(r);
                return;
            }
        }
        throw new Error('phrase not found');
    }""")
    page.keyboard.press("a")
    page.select_option("form.missed-form select[name=fact_type]", "count")
    assert page.input_value("form.missed-form input[name=value]") == "7"
    page.press("form.missed-form input[name=value]", "Enter")
    page.keyboard.press("c")
    assert "checked whole by Bình" in page.inner_text(".article-bar")
    assert "missed 1 · articles checked 1 / 4"  # f6 has no fact to draw in page.inner_text("#progress")

    judgments = export(page, tmp_path)
    kinds = [json.loads(line)["type"] for line in judgments.read_text("utf-8").splitlines()]
    assert kinds == ["judgment"] * 5 + ["missed", "checked_article"]
    missed = json.loads(judgments.read_text("utf-8").splitlines()[5])
    text = json.loads(ARTICLES.read_text("utf-8").splitlines()[0])["text"]
    assert text[missed["span"][0]:missed["span"][1]] == "7 cán bộ" == missed["text"]
    assert missed["fields"] == {"value": 7, "from_level": None, "to_level": None, "direction": None, "planned": False}

    gold = tmp_path / "gold.jsonl"
    assert main(["judgments-to-gold", str(judgments), "--facts", str(RUN), "-o", str(gold)]) == 0
    result = score(str(gold), str(RUN))
    assert result["docs"] == 1 and result["per_doc"]["a1"]["count"] == {"tp": 1, "fp": [], "fn": [7],
                                                                         "wrong_direction": []}
    assert (result["citation"]["p"], result["official"]["r"], result["move"]["f1"]) == (1.0, 1.0, 1.0)


def test_two_pages_keep_their_judgments_apart(browser, page_file, tmp_path):
    other = tmp_path / "other.html"
    write_review(RUN, [str(ARTICLES)], other)  # the whole run, not the sample: another page
    page = browser
    page.goto(page_file.as_uri())
    page.fill("#reviewer", "An")
    page.press("#reviewer", "Enter")
    page.keyboard.press("n")
    page.goto(other.as_uri())
    assert page.input_value("#reviewer") == "An"  # the name is remembered for every page
    assert verdict_of(page, 0) == "" and "facts judged 0 / 9" in page.inner_text("#progress")
    page.goto(page_file.as_uri())
    assert verdict_of(page, 0) == "wrong"
