"""The dataset's report.html in a real browser (headless Chromium, as for the review page).

The page must load nothing from the network and show every chart. Its own
Content-Security-Policy forbids scripts and any load, so the test serves a copy
without that policy, with one inline script, from a server on 127.0.0.1: the
script lists every resource the page loaded (`performance.getEntriesByType`) and
the size each chart is drawn at, and the server every path it was asked for.
"""

from __future__ import annotations

import html
import re
import shutil
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline.dataset import write_dataset
from tests.test_review_browser import ARTIFACTS, CHROMIUM, chromium

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "dataset"

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium: run .ci/install-chromium (Debian package 'chromium') to run the browser test")

PROBE = """<script>
window.addEventListener("load", function () {
  const out = document.createElement("pre");
  out.id = "probe";
  const loaded = performance.getEntriesByType("resource").map(e => e.name);
  const charts = Array.from(document.querySelectorAll("section .chart svg")).map(svg => {
    const box = svg.getBoundingClientRect();
    return svg.closest("section").id + ":" + Math.round(box.width) + "x" + Math.round(box.height) +
      ":" + svg.querySelectorAll("path, rect, use").length;
  });
  const nonlocalRows = Array.from(document.querySelectorAll("#nonlocal tbody tr")).map(
    tr => Array.from(tr.cells).map(td => td.textContent));
  out.textContent = JSON.stringify({loaded: loaded, charts: charts,
    tables: document.querySelectorAll("section table").length, nonlocal_rows: nonlocalRows});
  document.body.appendChild(out);
});
</script></body>"""


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dataset") / "ds"
    write_dataset(sorted(FIXTURES.glob("facts_*.jsonl")), out)
    return out / "report.html"


def test_the_report_is_self_contained(report):
    page = report.read_text("utf-8")
    assert "default-src 'none'" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing to fetch
    assert "<script" not in page


@contextmanager
def loopback_server(folder: Path):
    """A static file server on 127.0.0.1 for `folder`, with the list of paths asked for."""
    asked: list[str] = []

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, *args):
            asked.append(self.path)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", asked
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("extra", ["", '<img src="present.png" alt="">'], ids=["report", "probe-sees-a-load"])
def test_the_report_loads_nothing_and_shows_every_chart(report, tmp_path, extra):
    import json

    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(ROOT / "docs" / "review.png", site / "present.png")
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", report.read_text("utf-8"))
    (site / "probed.html").write_text(page.replace("</body>", extra + PROBE), "utf-8")
    with loopback_server(site) as (base, asked):
        dom = chromium(tmp_path / "profile", "--dump-dom", f"{base}/probed.html")
    found = json.loads(html.unescape(dom.split('<pre id="probe">')[1].split("</pre>")[0]))
    requested = [p for p in asked if p != "/favicon.ico"]  # the browser's own request
    if extra:  # the probe itself: a page that asks for a file is caught, both ways
        assert [u.rsplit("/", 1)[-1] for u in found["loaded"]] == ["present.png"]
        assert requested == ["/probed.html", "/present.png"]
        return
    assert found["loaded"] == [] and requested == ["/probed.html"]
    assert [c.split(":")[0] for c in found["charts"]] == ["moves", "nonlocal", "counts", "documents", "people"]
    for chart in found["charts"]:
        _, size, shapes = chart.split(":")
        width, height = map(int, size.split("x"))
        assert width > 300 and height > 100 and int(shapes) > 5, chart
    assert found["tables"] == 5
    # the non-local section as the browser lays it out: its table's rows (facts_d.jsonl's postings)
    rows = found["nonlocal_rows"]
    assert ["2016", "province", "other posts", "1", "1", "1", "1.0"] in rows
    assert ["2020", "province", "Party secretary", "1", "1", "1", "1.0"] in rows
    assert ["2020", "district", "chairman (People's Committee)", "1", "1", "0", "0.0"] in rows


def test_a_screenshot_of_the_report_is_saved(report, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "dataset-report.png"
    target.unlink(missing_ok=True)
    chromium(tmp_path / "profile", f"--screenshot={target}", "--window-size=1200,2000", report.as_uri())
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
