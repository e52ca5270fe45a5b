"""Briefs as they print on A4 and as a phone or a screen reader meets them, in every language.

Measured in Chromium's print media at the printable width of the PDF's A4 page (the printer's own
constants), on the widest briefs of each kind in each of their languages: a box wider than the page
makes Chromium shrink the whole page (the Russian Kazakhstan brief once printed at 78 %).
"""

from __future__ import annotations

import pytest
from needs_chromium import CHROMIUM, need_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SIX = ["JPN", "RUS", "DEU", "FRA", "ESP", "KOR"]
BRIEFS = {
    **{f"country-KAZ-{lang}": ("country_brief.ipynb", {"country": "KAZ", "lang": lang}) for lang in ("en", "ru", "kk")},
    "country-KAZ-2025": ("country_brief.ipynb", {"country": "KAZ", "year": 2025}),
    **{
        f"compare-six-{lang}": ("comparison.ipynb", {"focal": "KAZ", "peers": SIX, "lang": lang})
        for lang in ("en", "ru")
    },
    **{f"competition-{lang}": ("kz_competition.ipynb", {"lang": lang}) for lang in ("en", "ru", "kk")},
}
#: Smallest sizes at print size, in points: running text, tables and captions, chart text.
BODY_PT, TABLE_PT, CHART_PT = 9.5, 8.0, 7.0


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    from benchmark.core import paths
    from benchmark.publish.names import brief_title
    from benchmark.publish.render import KernelSession, render_notebook

    out = tmp_path_factory.mktemp("print")
    result = {}
    with KernelSession() as session:
        for key, (notebook, params) in BRIEFS.items():
            path = out / f"{key}.html"
            title = brief_title(notebook, params)
            render_notebook(paths.NOTEBOOKS / notebook, params, path, title=title, session=session)
            result[key] = path
    return result


@pytest.fixture(scope="module")
def browser():
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def page(browser):
    """A page in print media at the printable width of the PDF's A4 page."""
    from benchmark.publish.pdf import PRINTABLE_HEIGHT_PX, PRINTABLE_WIDTH_PX

    context = browser.new_context(offline=True, viewport={"width": PRINTABLE_WIDTH_PX, "height": PRINTABLE_HEIGHT_PX})
    p = context.new_page()
    p.emulate_media(media="print")
    yield p
    context.close()


_TOO_WIDE = """(w) => [...document.querySelectorAll('body *')]
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > w + 1; })
  .slice(0, 5)
  .map(e => `${e.tagName}.${e.className.baseVal ?? e.className}: ${(e.textContent || '').trim().slice(0, 60)}`)"""

# the smallest printed size (pt) of each kind of text that is shown, with an example
_SIZES = """() => {
  const pt = e => parseFloat(getComputedStyle(e).fontSize) * 0.75;
  const shown = e => e.getClientRects().length > 0 && (e.textContent || '').trim() !== '';
  const smallest = (els, size) => els.filter(shown).reduce((m, e) => {
    const s = size(e); return s < m[0] ? [s, (e.textContent || '').trim().slice(0, 40)] : m; }, [99, '']);
  const own = e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const all = [...document.querySelectorAll('main *')].filter(own);
  const inTable = e => e.closest(
    'table, caption, figcaption, small, summary, .cb-src, .cb-status, .cb-confidence, sup');
  const body = all.filter(e => !inTable(e) && !e.closest('svg'));
  const table = all.filter(e => inTable(e) && !e.closest('svg'));
  const chart = [...document.querySelectorAll('main figure svg text')];
  return {
    body: smallest(body, pt), table: smallest(table, pt),
    chart: smallest(chart, e => pt(e) * e.getScreenCTM().a),
  };
}"""


@pytest.mark.parametrize("key", list(BRIEFS))
def test_nothing_is_wider_than_the_printed_page(page, pages, key):
    """A table or chart wider than A4 would be cut at the page edge or shrink the whole printed page."""
    from benchmark.publish.pdf import PRINTABLE_WIDTH_PX

    page.goto(pages[key].as_uri(), wait_until="load")
    assert page.evaluate(_TOO_WIDE, PRINTABLE_WIDTH_PX) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PRINTABLE_WIDTH_PX


@pytest.mark.parametrize("key", list(BRIEFS))
def test_printed_type_is_large_enough(page, pages, key):
    """Running text prints at 9.5 pt or more, tables and captions at 8 pt, chart labels at 7 pt, in every language."""
    page.goto(pages[key].as_uri(), wait_until="load")
    sizes = page.evaluate(_SIZES)
    assert sizes["body"][0] >= BODY_PT - 0.01, sizes["body"]
    assert sizes["table"][0] >= TABLE_PT - 0.01, sizes["table"]
    assert sizes["chart"][0] >= CHART_PT - 0.01, sizes["chart"]


def test_collapsed_blocks_print_open(page, pages):
    """A collapsed table ("Scores as a table") prints as its table, not as a closed widget."""
    page.goto(pages["compare-six-en"].as_uri(), wait_until="load")
    closed = page.evaluate(
        """() => [...document.querySelectorAll('main details:not(.cb-data) table')]
             .filter(t => t.getClientRects().length === 0).length"""
    )
    tables = page.evaluate("document.querySelectorAll('main details:not(.cb-data) table').length")
    assert tables >= 1
    assert closed == 0


@pytest.fixture(scope="module")
def screen(browser):
    """A browser page in screen media (not print), for phones and accessibility checks."""
    context = browser.new_context(offline=True, viewport={"width": 1024, "height": 900})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("key", list(BRIEFS))
def test_a_phone_never_scrolls_the_page_sideways(screen, pages, key):
    """At 390 px a reader scrolls down only: wide tables scroll in their own box, no word broken letter by letter."""
    screen.set_viewport_size({"width": 390, "height": 844})
    screen.goto(pages[key].as_uri(), wait_until="load")
    assert screen.evaluate("document.documentElement.scrollWidth") <= 390
    # a table cell on a phone is never narrower than a short word (no one-letter columns)
    narrow = screen.evaluate(
        """() => [...document.querySelectorAll('main td, main th')]
             .filter(c => c.getClientRects().length && c.textContent.trim().length > 3)
             .filter(c => c.getBoundingClientRect().width < 24).length"""
    )
    assert narrow == 0


@pytest.mark.parametrize("key", list(BRIEFS))
def test_axe_finds_no_wcag_aa_violation(screen, pages, key):
    """axe-core (WCAG 2.1 A and AA) finds nothing a screen-reader or low-vision reader would stumble on."""
    from axe_playwright_python.sync_playwright import Axe

    screen.set_viewport_size({"width": 1024, "height": 900})
    screen.goto(pages[key].as_uri(), wait_until="load")
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    result = Axe().run(screen, options={"runOnly": {"type": "tag", "values": tags}})
    found = [(v["id"], len(v["nodes"]), v["nodes"][0]["target"]) for v in result.response["violations"]]
    assert found == []


@pytest.mark.parametrize("key", ["country-KAZ-ru", "compare-six-en"])
def test_every_chart_has_a_text_alternative(screen, pages, key):
    """A screen reader announces each chart by a title and a sentence, not as an unnamed picture."""
    screen.goto(pages[key].as_uri(), wait_until="load")
    labels = screen.evaluate(
        "[...document.querySelectorAll('main figure svg')].map(s => s.getAttribute('aria-label') || '')"
    )
    assert labels and all(len(label.split()) >= 4 for label in labels), labels
