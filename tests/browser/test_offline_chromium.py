"""Open rendered briefs in headless Chromium with the network off: nothing requested, every chart drawn."""

from __future__ import annotations

import pytest
from needs_chromium import CHROMIUM, need_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def browser():
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        from benchmark.publish.pdf import CHROMIUM_ARGS

        b = pw.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        yield b
        b.close()


@pytest.mark.parametrize("iso3", ["KAZ", "JPN", "RUS"])
def test_brief_renders_offline_with_every_chart_and_table(browser, rendered_briefs, iso3):
    """With the network off the brief loads, requests nothing but itself, logs no error, draws every chart."""
    context = browser.new_context(offline=True)
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    url = rendered_briefs[iso3].as_uri()
    page.goto(url, wait_until="load", timeout=30_000)
    assert [r for r in requests if r != url] == []
    assert errors == []
    charts = page.locator("figure.cb-chart svg")
    assert charts.count() >= 1
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # the data behind charts
    tables = page.locator("table")
    assert tables.count() >= 2
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # the data behind charts
    for i in range(tables.count()):
        assert tables.nth(i).is_visible()
    context.close()
