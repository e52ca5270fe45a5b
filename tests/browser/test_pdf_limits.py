"""Every brief `make briefs` prints, within its limits: a PDF small enough to e-mail, a short summary and body.

One build of every benchmark in `benchmarks/` (what `make briefs` builds: each brief in each of its languages,
with its PDF) into a temporary reports folder. The limits are read from `benchmark.publish.pdf`, where the
printer keeps them; a section's page is the page its PDF bookmark opens at, and the main body is every page
before the first annex.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from needs_chromium import need_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def _jobs():
    from benchmark.publish.benchmarks import DeclaredCache, all_benchmarks, load_benchmark

    declared = DeclaredCache({})
    jobs = {}
    for f in all_benchmarks():
        for job in load_benchmark(f, declared):
            if "pdf" in job.formats:
                jobs.setdefault(job.key, job)
    return jobs


JOBS = _jobs()


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    """The reports folder after one build of every benchmark, with PDFs."""
    need_chromium()
    out = tmp_path_factory.mktemp("limits") / "reports"
    env = {**os.environ, "CLUSTERBENCH_REPORTS": str(out), "COLUMNS": "200"}
    proc = subprocess.run(
        [sys.executable, "-m", "benchmark", "build", "--pdf", "--jobs", "2"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=1800,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


def _bookmarks(pdf: Path) -> list[tuple[str, int]]:
    """(title, page) of every bookmark, in order; pages count from 1."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    marks: list[tuple[str, int]] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                marks.append((" ".join(str(item.title).split()), reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return marks


def _plain(fragment: str) -> str:
    fragment = re.sub(r'<a class="anchor-link".*?</a>', "", fragment, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _sections(html: str) -> list[tuple[str, bool]]:
    """The page's section headings as the contents and the bookmarks give them, each with whether it is an annex."""
    return [(_plain(inner), "cb-annex" in attrs) for attrs, inner in re.findall(r"<h2([^>]*)>(.*?)</h2>", html, re.S)]


def _page_of(marks: list[tuple[str, int]], heading: str) -> int:
    squeeze = re.compile(r"\s+")
    want = squeeze.sub("", heading)
    return next(page for title, page in marks if squeeze.sub("", title) == want)


def test_the_build_prints_every_brief_of_the_benchmarks():
    """`make briefs` prints the country, comparison and competition briefs in each of their languages."""
    kinds = {(j.notebook, j.lang) for j in JOBS.values()}
    assert {("country_brief.ipynb", "ru"), ("comparison.ipynb", "ru"), ("kz_competition.ipynb", "ru")} <= kinds
    assert {("country_brief.ipynb", "en"), ("comparison.ipynb", "en"), ("kz_competition.ipynb", "en")} <= kinds


@pytest.mark.parametrize("key", sorted(JOBS))
def test_pdf_is_small_enough_to_email(reports, key):
    """A PDF over 2 MB bounces from many ministries' mail servers."""
    from benchmark.publish.pdf import MAX_PDF_BYTES

    pdf = reports / f"{JOBS[key].name}.pdf"
    assert pdf.stat().st_size <= MAX_PDF_BYTES, f"{pdf.name}: {pdf.stat().st_size / 1024:.0f} KB"


@pytest.mark.parametrize("key", sorted(JOBS))
def test_summary_and_body_fit_their_pages(reports, key):
    """A reader gets the point in two pages and the whole argument within the body's limit; annexes follow."""
    from benchmark.publish.pdf import BODY_PAGES, RECOMMENDATIONS_BY_PAGE, SUMMARY_PAGES

    job = JOBS[key]
    pdf, html = reports / f"{job.name}.pdf", (reports / f"{job.name}.html").read_text(encoding="utf-8")
    marks = _bookmarks(pdf)
    headings = _sections(html)
    numbered = [h for h, annex in headings if not annex]
    assert len(numbered) >= 3
    # the summary is the first section (key messages, recommendations in one line, contents): the second starts by
    # the page after the summary's last
    assert _page_of(marks, numbered[1]) <= SUMMARY_PAGES + 1, (numbered[1], marks[:6])
    first_annex = next((h for h, annex in headings if annex), None)
    from pypdf import PdfReader

    body = _page_of(marks, first_annex) - 1 if first_annex else len(PdfReader(pdf).pages)
    assert body <= BODY_PAGES[job.notebook], f"{job.name}: main body of {body} pages"
    if 'id="rec-' in html:  # a comparison with recommendations: where their full text starts
        before = html[: html.index('id="rec-')]
        heading = _plain(re.findall(r"<h2[^>]*>(.*?)</h2>", before, re.S)[-1])
        assert _page_of(marks, heading) <= RECOMMENDATIONS_BY_PAGE, heading


#: The page's printable area in points: A4 within the printer's margins (publish/pdf.py), read from the PDF.
MM = 72 / 25.4


def _page_boxes(pdf: Path) -> list[tuple[float, float, list[tuple[float, float]]]]:
    """Per page: (top and bottom of the printable area, (top, bottom) of every drawn object inside it), in points.

    The running header and footer lie in the margins and are left out, and so are boxes as tall as the page
    (backgrounds, clips).
    """
    import pypdfium2 as pdfium

    from benchmark.publish.pdf import MARGIN

    top_margin, bottom_margin = (float(MARGIN[k].removesuffix("mm")) * MM for k in ("top", "bottom"))
    out = []
    doc = pdfium.PdfDocument(pdf)
    try:
        for page in doc:
            width, height = page.get_size()
            top, bottom = height - top_margin, bottom_margin
            boxes = []
            for obj in page.get_objects(max_depth=2):
                left, low, right, high = obj.get_bounds()
                if high - low > 0.8 * (top - bottom) or right - left > 0.98 * width:
                    continue
                if high <= bottom + 1 or low >= top - 1:
                    continue
                boxes.append((high, low))
            out.append((top, bottom, boxes))
    finally:
        doc.close()
    return out


@pytest.mark.parametrize("key", sorted(JOBS))
def test_no_page_is_left_mostly_blank(reports, key):
    """A page printed less than 40 % full looks like a mistake; only a page before an annex and the last may be."""
    from benchmark.publish.pdf import MIN_PAGE_FILL

    job = JOBS[key]
    pdf, html = reports / f"{job.name}.pdf", (reports / f"{job.name}.html").read_text(encoding="utf-8")
    marks = _bookmarks(pdf)
    exempt = {len(_page_boxes(pdf))} | {_page_of(marks, h) - 1 for h, annex in _sections(html) if annex}
    thin = []
    for n, (top, bottom, boxes) in enumerate(_page_boxes(pdf), start=1):
        filled = (top - min((low for _, low in boxes), default=top)) / (top - bottom)
        if n not in exempt and filled < MIN_PAGE_FILL:
            thin.append((n, round(100 * filled)))
    assert thin == [], f"{job.name}: pages (number, % filled) {thin}"


@pytest.mark.parametrize("key", sorted(JOBS))
def test_no_heading_is_stranded_at_the_foot_of_a_page(reports, key):
    """A heading in the last sixth of a page has at least the start of its first block beneath it on that page."""
    from pypdf import PdfReader

    from benchmark.publish.pdf import HEADING_FOOT

    job = JOBS[key]
    pdf = reports / f"{job.name}.pdf"
    pages = _page_boxes(pdf)
    reader = PdfReader(pdf)
    stranded = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            n, heading_top = reader.get_destination_page_number(item), item.top
            top, bottom, boxes = pages[n]
            if heading_top is None or float(heading_top) > bottom + (top - bottom) * HEADING_FOOT:
                continue
            # what starts below the heading's own line (about 20 pt) on the same page
            below = [high for high, _ in boxes if high < float(heading_top) - 20]
            if not below:
                stranded.append((n + 1, " ".join(str(item.title).split())))

    walk(reader.outline)
    assert stranded == [], f"{job.name}: headings alone at a page's foot {stranded}"
