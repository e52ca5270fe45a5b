"""Briefs printed to A4 PDF as an official receives them: every section, the key figures, page numbers, small files.

One build (`clusterbench build` with `formats: [html, pdf]`) writes the Kazakhstan country brief, the
comparison with Japan and Russia and the competition brief, with their PDFs and the index, into a
temporary reports folder. The first two pages of each PDF are saved as PNG in `reports/.review/`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from html import unescape
from pathlib import Path

import pytest
from needs_chromium import CHROMIUM, need_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]

REVIEW = ROOT / "reports" / ".review"
BRIEFS = ("country-KAZ", "compare-KAZ-vs-JPN-RUS", "kz-competition")
MAX_HTML = 1024 * 1024
A4 = (595.3, 841.9)  # points

DEFINITION = """id: pdf-check
title: PDF check
focal: KAZ
peers: [JPN, RUS]
formats: [html, pdf]
briefs:
  - notebook: country_brief.ipynb
    grid: {country: [KAZ]}
  - notebook: comparison.ipynb
    parameters: {focal: KAZ, peers: [JPN, RUS]}
  - notebook: kz_competition.ipynb
"""


def _build(reports: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CLUSTERBENCH_REPORTS": str(reports), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "benchmark", "build", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(reports folder, benchmark definition) after one build of the three briefs with their PDFs."""
    need_chromium()
    tmp = tmp_path_factory.mktemp("pdf")
    definition = tmp / "pdf-check.yaml"
    definition.write_text(DEFINITION, encoding="utf-8")
    reports = tmp / "reports"
    proc = _build(reports, str(definition), "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    assert "3 printed, 0 failed" in proc.stderr, proc.stderr
    return reports, definition


def _norm(text: str) -> str:
    """Text compared without regard to line breaks, spacing or ligatures (PDF text extraction varies in these)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", unescape(text)))


def _pdf_text(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def _h2_titles(html: str) -> list[str]:
    titles = []
    for inner in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S):
        inner = re.sub(r'<a class="anchor-link".*?</a>', "", inner, flags=re.S)
        titles.append(" ".join(unescape(re.sub(r"<[^>]+>", " ", inner)).split()))
    return titles


def _key_figures(name: str) -> list[str]:
    """Figures a reader must find in the printed brief, read from the data (never typed in here)."""
    from benchmark.inputs import load
    from benchmark.inputs.competition import APPLICATIONS_TABLE
    from benchmark.inputs.schemas import text_of
    from benchmark.sections.citations import fact_value

    if name == "country-KAZ":
        cf = load.load_country("KAZ")
        facts = [*cf.key_facts, *(f for p in cf.programmes for f in p.key_facts)]
        numbers = [fact_value(f) for f in facts if isinstance(f.value, (int, float))]
        return [*numbers[:4], text_of(cf.programmes[0].title)]
    if name == "compare-KAZ-vs-JPN-RUS":
        from benchmark.sections.comparison import in_period

        # each compared card's launch and first objective: the present regimes (the default period); the
        # focal country's earlier programmes are history, scored in an annex without their cards
        programmes = [
            p for c in ("KAZ", "JPN", "RUS") for p in in_period(c, tuple(load.load_country(c).programmes), "present")
        ]
        launches = [fact_value(p.launch) for p in programmes if p.launch]
        return [*launches, *(text_of(p.objectives[0]) for p in programmes if p.objectives)]
    _, table = load.load_table(APPLICATIONS_TABLE)
    return [f"({int(table.applications.astype(int).sum())} in total)", *table.iso_3166_2_2017.astype(str)[:3]]


@pytest.mark.parametrize("name", BRIEFS)
def test_pdf_is_a4_with_every_section_key_figures_and_page_numbers(built, name):
    """The PDF a reader is sent: A4, several pages, every section title and key figure, 'page N of M' on each page."""
    from pypdf import PdfReader

    reports, _ = built
    pdf = reports / f"{name}.pdf"
    html = (reports / f"{name}.html").read_text(encoding="utf-8")
    reader = PdfReader(pdf)
    pages = reader.pages
    assert len(pages) > 1
    for page in pages:
        box = page.mediabox
        assert abs(float(box.width) - A4[0]) < 2 and abs(float(box.height) - A4[1]) < 2
    texts = _pdf_text(pdf)
    whole = _norm("".join(texts))
    titles = _h2_titles(html)
    assert len(titles) >= 4
    missing = [t for t in titles if _norm(t) not in whole]
    assert missing == []
    figures = _key_figures(name)
    assert figures
    assert [f for f in figures if _norm(f) not in whole] == []
    for n, text in enumerate(texts, start=1):
        assert f"page {n} of {len(texts)}" in " ".join(text.split()), f"page {n}"
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert _norm(title)[:40] in _norm(texts[1])  # the running header carries the brief's title


@pytest.mark.parametrize("name", BRIEFS)
def test_pdf_is_a_document_with_bookmarks_structure_contents_pages_and_metadata(built, name):
    """A reader's PDF viewer lists every numbered section as a bookmark at its page, and the contents give that page."""
    from pypdf import PdfReader

    from benchmark.core.text import t
    from benchmark.publish.export import issuer

    reports, _ = built
    reader = PdfReader(reports / f"{name}.pdf")
    html = (reports / f"{name}.html").read_text(encoding="utf-8")
    marks = _bookmarks(reader)
    titles = _h2_titles(html)
    assert [t for t in titles if _norm(t) not in marks] == []  # every numbered section has its bookmark
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # a tagged PDF, for screen readers
    assert reader.metadata.title == re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert reader.metadata.author == issuer() and reader.metadata.subject == t("brief.subject")
    # the printed contents give, entry by entry, the page each section's bookmark opens at
    assert _bookmark_pages(marks, titles) in _contents_pages(reader)


def _bookmarks(reader) -> dict[str, int]:
    """The page (from 1) each bookmark of a PDF opens at, by its title."""
    marks: dict[str, int] = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                marks[_norm(str(item.title))] = reader.get_destination_page_number(item) + 1

    walk(reader.outline)
    return marks


def _bookmark_pages(marks: dict[str, int], titles: list[str]) -> str:
    return "".join(str(marks[_norm(title)]) for title in titles)


def _contents_pages(reader) -> str:
    """The page numbers the printed contents give, entry after entry, as one string of digits.

    The page numbers are extracted first on each page, so a contents list that runs on to the second page
    continues with that page's leading numbers, after the first page's running footer.
    """
    return "".join(re.match(r"\d*", _norm(p.extract_text() or "")).group() for p in reader.pages[:2])


def test_contents_pages_are_corrected_when_the_last_print_put_sections_elsewhere(built):
    """A reprinted brief whose sections moved would list the page numbers of its last print in its contents."""
    from pypdf import PdfReader

    from benchmark.publish.pdf import Printer, last_pages, pages_path

    reports, _ = built
    name = "country-KAZ"
    pdf, html = reports / f"{name}.pdf", reports / f"{name}.html"
    last = last_pages(pdf)
    assert last, "the first print keeps the page of each section for the next one"
    pages_path(pdf).write_text(json.dumps({k: v + 3 for k, v in last.items()}), encoding="utf-8")  # all moved
    with Printer() as printer:
        printer.print(html)
    reader = PdfReader(pdf)
    titles = _h2_titles(html.read_text(encoding="utf-8"))
    assert _bookmark_pages(_bookmarks(reader), titles) in _contents_pages(reader)
    assert last_pages(pdf) == last  # and the kept pages are those of this print


def test_a_first_print_is_printed_in_full_once_and_a_reprint_starts_from_its_pages(built):
    """The quick print that finds each section's page for the contents paints nothing; the layout is the full
    print's all the same, so no number needs correcting (which would mean printing the brief in full again)."""
    from benchmark.publish.pdf import Printer, pages_path

    reports, _ = built
    html = reports / "compare-KAZ-vs-JPN-RUS.html"
    pages_path(html.with_suffix(".pdf")).unlink()  # as before the brief's first print
    with Printer() as printer:
        first, again = printer.print(html), printer.print(html)
    assert (first.prints, again.prints) == (2, 1)
    assert first.pages == again.pages


@pytest.mark.parametrize("name", BRIEFS)
def test_pdf_and_html_sizes_and_review_pages(built, name):
    """A PDF small enough to e-mail (at most 2 MB), an HTML of at most 1 MB; its first two pages saved as PNG."""
    import pypdfium2 as pdfium

    from benchmark.publish.pdf import MAX_PDF_BYTES

    reports, _ = built
    pdf = reports / f"{name}.pdf"
    assert pdf.stat().st_size <= MAX_PDF_BYTES
    assert (reports / f"{name}.html").stat().st_size <= MAX_HTML
    REVIEW.mkdir(parents=True, exist_ok=True)
    doc = pdfium.PdfDocument(pdf)
    try:
        for i in range(2):
            image = doc[i].render(scale=1.5).to_pil()
            assert image.width > 800
            image.save(REVIEW / f"{name}-page{i + 1}.png")
    finally:
        doc.close()


def test_index_lists_html_and_pdf_with_pages_and_sizes_and_opens_offline(built):
    """The index links each brief's HTML and PDF with the PDF's page count and both sizes; it loads offline."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    reports, _ = built
    index = reports / "index.html"
    html = index.read_text(encoding="utf-8")
    for name in BRIEFS:
        assert f'href="{name}.html"' in html and f'href="{name}.pdf"' in html
        pages = len(PdfReader(reports / f"{name}.pdf").pages)
        row = re.search(rf'<tr><td><a href="{name}\.html">.*?</tr>', html, re.S).group(0)
        assert re.search(rf">{pages}</td>", row), row
        assert len(re.findall(r"\d+ KB|\d+\.\d MB", row)) == 2, row
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_context(offline=True).new_page()
        requests, errors = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(index.as_uri(), wait_until="load")
        assert [r for r in requests if r != index.as_uri()] == [] and errors == []
        links = page.eval_on_selector_all("main a", "els => els.map(a => a.href)")
        browser.close()
    assert links and all(Path(link.removeprefix("file://")).exists() for link in links)


def test_rebuild_prints_only_what_is_missing_or_older_than_its_html(built):
    """A second build prints nothing; a PDF older than its HTML is printed again; --no-pdf prints none."""
    reports, definition = built
    again = _build(reports, str(definition))
    assert again.returncode == 0 and "0 built, 3 up to date" in again.stderr and "0 printed" in again.stderr
    html = reports / "kz-competition.html"
    pdf = reports / "kz-competition.pdf"
    os.utime(pdf, ns=(html.stat().st_mtime_ns - 10**9,) * 2)
    third = _build(reports, str(definition))
    assert third.returncode == 0 and "1 printed" in third.stderr, third.stderr
    assert pdf.stat().st_mtime_ns >= html.stat().st_mtime_ns
    assert "PDF" not in _build(reports, str(definition), "--no-pdf").stderr.splitlines()[-1]


def test_failed_print_keeps_the_previous_pdf(built, tmp_path):
    """A brief that cannot be printed leaves the previous PDF as it was, and no partial file."""
    from playwright.sync_api import Error as BrowserError

    from benchmark.publish.pdf import Printer

    reports, _ = built
    pdf = tmp_path / "kept.pdf"
    shutil.copy(reports / "kz-competition.pdf", pdf)
    before = pdf.read_bytes()
    with Printer() as printer, pytest.raises(BrowserError):
        printer.print(tmp_path / "missing.html", pdf)
    assert pdf.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["kept.pdf"]


def test_pdf_without_chromium_says_how_to_install_it(tmp_path):
    """`clusterbench brief KAZ --pdf` without Chromium: exit code 2, the install command, no traceback."""
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {**os.environ, "PATH": str(empty)}
    proc = subprocess.run(
        [sys.executable, "-m", "benchmark", "brief", "KAZ", "--pdf", "--out", str(tmp_path / "KAZ.html")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "apt-get install -y chromium" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "KAZ.html").exists() and not (tmp_path / "KAZ.pdf").exists()


def test_a_russian_brief_prints_in_russian_and_declares_its_language(tmp_path):
    """A brief in Russian: its PDF says /Lang ru (for screen readers) and numbers its pages in Russian."""
    need_chromium()
    from pypdf import PdfReader

    from benchmark.core import paths
    from benchmark.core.text import t
    from benchmark.publish.names import brief_title
    from benchmark.publish.pdf import Printer
    from benchmark.publish.render import render_notebook

    params = {"country": "RUS", "lang": "ru"}
    html = tmp_path / "country-RUS-ru.html"
    render_notebook(
        paths.NOTEBOOKS / "country_brief.ipynb",
        params,
        html,
        title=brief_title("country_brief.ipynb", params),
        lang="ru",
    )
    with Printer() as printer:
        printed = printer.print(html)
    reader = PdfReader(printed.path)
    assert reader.trailer["/Root"]["/Lang"] == "ru"
    pages = len(reader.pages)
    first = _norm(reader.pages[0].extract_text())
    assert _norm(t("pdf.page_of", "ru", page=1, pages=pages)) in first
    assert _norm(t("brief.key_messages", "ru")) in first
