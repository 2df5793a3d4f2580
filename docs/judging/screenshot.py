#!/usr/bin/env python3
"""Take docs/judging.png: the review page of docs/USAGE.md's example, its judgments imported.

    .venv/bin/python docs/judging/screenshot.py out/review.html docs/judging/judgments.jsonl docs/judging.png

Headless Chromium (/usr/bin/chromium) driven by Playwright, as in tests/test_judging_browser.py.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright


def main(page_path: str, judgments: str, out: str) -> None:
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"],
            viewport={"width": 1400, "height": 1000})
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(Path(page_path).resolve().as_uri() + "#doc=bench-1-000004")
        page.fill("#reviewer", "example")
        page.press("#reviewer", "Enter")
        page.set_input_files("#import", judgments)
        page.click('section.article tr.fact[data-f="5"] td:nth-child(2)')
        page.evaluate("window.scrollTo(0, 0); document.querySelector('section.article .side').scrollTop = 560;"
                      "document.querySelector('section.article .text').scrollIntoView();"
                      "window.scrollBy(0, -document.querySelector('header').offsetHeight - 60)")
        page.screenshot(path=out)
        context.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
