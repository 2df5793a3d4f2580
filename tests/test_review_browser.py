"""The review page in a real browser: headless Chromium (Debian's `chromium`, installed by .ci/install-chromium).

The page keeps its filter state in the URL fragment, so `--dump-dom` of
`review.html#doc=e5&types=count` shows the DOM after the page's script applied
those filters. One test adds a script of its own that clicks the controls, to
check they are wired to the same state. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest

from pipeline.results.review import write_review

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "tests" / "fixtures" / "records"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium: run .ci/install-chromium (Debian package 'chromium') to run the browser test")


def chromium(profile: Path, *args: str) -> str:
    """Run headless Chromium with no network chatter; returns its standard output."""
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", f"--user-data-dir={profile}", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


class Dom(HTMLParser):
    """The dumped DOM, as the elements that matter: body, sections, highlights, rows, list items."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.body: dict = {}
        self.elements: list[tuple[str, dict, str | None]] = []  # (tag, attrs, enclosing section's doc)
        self._section: str | None = None
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "body":
            self.body = a
        if tag == "section":
            self._section = a.get("data-doc")
        self.elements.append((tag, a, self._section))

    def find(self, tag: str, cls: str, section: str | None = None) -> list[dict]:
        return [a for t, a, s in self.elements if t == tag and cls in a.get("class", "").split()
                and (section is None or s == section)]

    def sections(self) -> list[str]:
        """The doc_ids of the articles in the page (the page puts in only the one shown)."""
        return [a["data-doc"] for t, a, _ in self.elements if t == "section"]


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("review") / "review.html"
    write_review(RECORDS / "run_new.jsonl", [str(RECORDS / "articles.jsonl")], out)
    return out


@pytest.fixture
def profile(tmp_path) -> Path:
    return tmp_path / "chromium-profile"


def dump(page: Path, profile: Path, **state: str) -> Dom:
    url = page.as_uri() + ("#" + urlencode(state) if state else "")
    return Dom(chromium(profile, "--dump-dom", url))


def test_highlights_are_present_and_first_article_shown(page, profile):
    dom = dump(page, profile)
    assert dom.body["data-doc"] == "a1" and dom.body["data-types"] == "citation,count,official"
    assert dom.sections() == ["a1"]
    starts = [a for a in dom.find("span", "hl", "a1") if "start" in a["class"].split()]
    assert sorted(a["data-type"] for a in starts) == ["citation", "citation", "count", "official", "official"]
    assert not [a for a in dom.find("span", "hl") if "off" in a["class"].split()]


def test_type_filter_and_article_choice_change_what_is_shown(page, profile):
    dom = dump(page, profile, doc="e5", types="count")
    assert dom.body["data-doc"] == "e5" and dom.body["data-types"] == "count"
    assert dom.sections() == ["e5"]
    hls = dom.find("span", "hl", "e5")
    assert {a["data-type"]: "off" in a["class"].split() for a in hls} == {"citation": True, "count": False}
    rows = dom.find("tr", "fact", "e5")
    assert {a["data-type"]: "hidden" in a for a in rows} == {"citation": True, "count": False}
    counts = {a["data-doc"]: a for t, a, _ in dom.elements if t == "li"}
    assert "current" in counts["e5"]["class"]


def test_article_filter_hides_the_others(page, profile):
    dom = dump(page, profile, q="c3")
    items = {a["data-doc"]: "hidden" not in a for t, a, _ in dom.elements if t == "li"}
    assert items == {"a1": False, "c3": True, "d4": False, "e5": False, "f6": False}
    assert dom.body["data-doc"] == "c3" and dom.sections() == ["c3"]
    dom = dump(page, profile, types="official", nonempty="1")
    items = {a["data-doc"]: "hidden" not in a for t, a, _ in dom.elements if t == "li"}
    assert items == {"a1": True, "c3": True, "d4": False, "e5": False, "f6": False}


CLICKS = """<script>
(function () {
  const box = document.querySelector('#types input[value="citation"]');
  box.checked = false;
  box.dispatchEvent(new Event("change", {bubbles: true}));
  document.getElementById("next").click();
  const count = li => li.querySelector(".count").textContent;
  const out = document.createElement("pre");
  out.id = "clicked";
  out.textContent = [location.hash, document.body.dataset.doc,
    Array.from(document.querySelectorAll("#article-list li")).map(count).join(","),
    Array.from(document.querySelectorAll("section.article")).map(s => s.dataset.doc).join(",")].join("|");
  document.body.appendChild(out);
})();
</script></body>"""


def test_the_controls_drive_the_filters(page, profile, tmp_path):
    clicked = tmp_path / "clicked.html"
    clicked.write_text(page.read_text("utf-8").replace("</body>", CLICKS), "utf-8")
    out = chromium(profile, "--dump-dom", clicked.as_uri())
    result = out.split('<pre id="clicked">')[1].split("</pre>")[0]
    hash_, doc, counts, shown = result.split("|")
    assert doc == "c3" and shown == "c3" and "doc=c3" in hash_ and "types=count%2Cofficial" in hash_
    assert counts == "3,1,1,1,0"  # facts per article, citations no longer counted


def test_screenshots_are_saved(page, profile):
    ARTIFACTS.mkdir(exist_ok=True)
    for name, fragment in (("review.png", ""), ("review-filtered.png", "#doc=a1&types=official")):
        target = ARTIFACTS / name
        target.unlink(missing_ok=True)
        chromium(profile, f"--screenshot={target}", "--window-size=1400,900", page.as_uri() + fragment)
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
