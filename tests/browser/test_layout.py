"""Briefs as a reader sees them at 1024 px: nothing wider than the page, contents that lead somewhere.

The widest briefs are checked: the comparison of Kazakhstan with six peers, the competition brief and
the Kazakhstan country brief (the longest source list). Collapsed tables are opened first, so a table
that only overflows once a reader opens it is caught too.
"""

from __future__ import annotations

import pytest
from needs_chromium import CHROMIUM, need_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTH = 1024

BRIEFS = {
    "comparison-six-peers": ("comparison.ipynb", {"focal": "KAZ", "peers": ["JPN", "RUS", "DEU", "FRA", "ESP", "KOR"]}),
    "competition": ("kz_competition.ipynb", {}),
    "country-KAZ": ("country_brief.ipynb", {"country": "KAZ"}),
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    from benchmark.core import paths
    from benchmark.publish.names import brief_title
    from benchmark.publish.render import KernelSession, render_notebook

    out = tmp_path_factory.mktemp("layout")
    result = {}
    with KernelSession() as session:
        for key, (notebook, params) in BRIEFS.items():
            path = out / f"{key}.html"
            render_notebook(
                paths.NOTEBOOKS / notebook, params, path, title=brief_title(notebook, params), session=session
            )
            result[key] = path
    return result


@pytest.fixture(scope="module")
def page():
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(offline=True, viewport={"width": WIDTH, "height": 900})
        yield context.new_page()
        browser.close()


@pytest.mark.parametrize("key", list(BRIEFS))
def test_nothing_is_wider_than_the_page_at_1024px(page, pages, key):
    page.goto(pages[key].as_uri(), wait_until="load")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    too_wide = page.evaluate(
        """(w) => [...document.querySelectorAll('body *')]
            .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > w + 1; })
            .slice(0, 5).map(e => `${e.tagName}.${e.className}: ${(e.textContent || '').trim().slice(0, 60)}`)""",
        WIDTH,
    )
    assert too_wide == []
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH


@pytest.mark.parametrize("key", list(BRIEFS))
def test_every_contents_link_leads_to_a_numbered_section(page, pages, key):
    page.goto(pages[key].as_uri(), wait_until="load")
    links = page.locator("nav.cb-toc a")
    headings = page.locator("main h2")
    assert links.count() == headings.count() >= 5
    numbered = 0
    for i in range(links.count()):
        target = links.nth(i).get_attribute("href")
        assert target.startswith("#")
        heading = page.locator(f"h2[id='{target[1:]}']")
        assert heading.count() == 1, target
        if "cb-annex" in (heading.get_attribute("class") or ""):  # an annex: "Annex A ..." in both
            assert heading.inner_text() == links.nth(i).inner_text()
            continue
        # the heading is numbered as its place in the contents, and says what the link says
        numbered += 1
        assert heading.inner_text().split(maxsplit=1) == [str(numbered), links.nth(i).inner_text()]
    annexes = page.locator("main h2.cb-annex")
    assert annexes.count() >= 2  # notes on the figures and the sources at least, after every numbered section
    assert annexes.first.inner_text().startswith("Annex A ")
    last_numbered = page.locator("main h2:not(.cb-annex)").last.bounding_box()["y"]
    assert annexes.first.bounding_box()["y"] > last_numbered
    # the first section a reader meets is the key messages, before the contents
    assert headings.first.inner_text().endswith("Key messages")
    first_box = headings.first.bounding_box()
    assert first_box and first_box["y"] < page.locator("nav.cb-toc").bounding_box()["y"]


def test_markdown_cells_are_shown(page, tmp_path):
    """An analyst's own commentary (a markdown cell) and a handout's narrative are on the page, not hidden."""
    import nbformat

    from benchmark.publish.render import render_notebook

    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
            nbformat.v4.new_markdown_cell("## Our reading\n\nThe 2017 call drew more applications than planned."),
            nbformat.v4.new_code_cell("x + 1"),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    path = tmp_path / "commentary.ipynb"
    nbformat.write(nb, path)
    out = tmp_path / "commentary.html"
    render_notebook(path, {"x": 2}, out, title="Commentary")
    page.goto(out.as_uri(), wait_until="load")
    assert page.get_by_text("The 2017 call drew more applications than planned.").is_visible()
    assert page.locator("h2", has_text="Our reading").is_visible()
    assert "x + 1" not in page.inner_text("main")  # a brief's code stays out of the page
