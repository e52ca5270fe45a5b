"""Training slides: exported beside the handouts, opened offline in headless Chromium, one slide per heading."""

from __future__ import annotations

import os
import re
import shutil

import nbformat
import pytest

from benchmark.publish import editions
from benchmark.publish.slides import slide_type

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = shutil.which("chromium")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The trainer edition of module M1 in Russian, with its handout and slides."""
    out = tmp_path_factory.mktemp("slides")
    editions.export("trainer", out, html=True, modules=["m1"], lang="ru")
    return out


def test_slides_are_written_beside_the_handout_and_load_nothing(exported):
    """A trainer finds m1's slides next to its handout, and the file names no address to fetch."""
    slides = exported / "m1_cluster_economics.slides.html"
    html = slides.read_text(encoding="utf-8")
    assert (exported / "m1_cluster_economics.html").exists()
    assert '<html lang="ru">' in html
    markup = re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.S)  # reveal.js, inlined, is code
    assert re.findall(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", html) == []
    assert re.findall(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=", markup) == []
    assert "Reveal.initialize" in html


def test_slides_open_offline_with_one_slide_per_heading(exported):
    """Offline, the show starts without an error and has a slide for each heading of the module."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: CI must install it (scripts/ensure-browser.sh)")
        pytest.skip("chromium is not installed (make test installs it from Debian's packages as root)")
    from playwright.sync_api import sync_playwright

    from benchmark.publish.pdf import CHROMIUM_ARGS

    nb = nbformat.read(editions.module_paths(["m1"], "ru")[0], as_version=4)
    headings = sum(slide_type(c) in ("slide", "subslide") for c in nb.cells)
    url = (exported / "m1_cluster_economics.slides.html").as_uri()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        page = browser.new_context(offline=True).new_page()
        requests, errors = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url, wait_until="load", timeout=30_000)
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=10_000)
        total = page.evaluate("Reveal.getTotalSlides()")
        browser.close()
    assert errors == []
    assert [r for r in requests if r != url] == []
    assert total == headings
