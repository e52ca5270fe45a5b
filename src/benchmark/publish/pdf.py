"""Print briefs to A4 PDF with Debian's headless Chromium, driven by Playwright's Python package (no browser download).

One browser prints a whole batch (:class:`Printer`); :class:`benchmark.publish.workers.BackgroundPrinter`
runs it in a thread fed as briefs finish rendering, so printing overlaps rendering. A PDF is written
atomically beside its HTML (``reports/<name>.pdf``): a brief that fails to print leaves the previous PDF.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import time
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import UserError
from ..core.text import t
from .export import write_atomic

if TYPE_CHECKING:
    from playwright.sync_api import PdfMargins

#: Chromium in a container, without a GPU, asking nothing of the network or of a first-run dialogue.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
#: A4 page margins. The print CSS sets no ``@page`` size or margin: these hold, and the running header
#: and footer are drawn inside them.
MARGIN: PdfMargins = {"top": "18mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}
#: The printable area of A4 within :data:`MARGIN`, in CSS pixels (96 per inch).
PRINTABLE_WIDTH_PX = round((210 - 30) / 25.4 * 96)
PRINTABLE_HEIGHT_PX = round((297 - 36) / 25.4 * 96)
INSTALL_HINT = (
    "install Debian's Chromium: sudo apt-get install -y chromium-headless-shell chromium "
    "(run as root, `make briefs` installs it), then print again"
)

#: What a printed brief may take, in one place (the print tests read them here):
#: a file small enough to e-mail; a summary (key messages, recommendations in one line, contents) of at most
#: two pages; a main body (the pages before the first annex) of at most so many pages per kind of brief
#: (its notebook); and a comparison's recommendations starting within its first five pages.
MAX_PDF_BYTES = 2 * 1024 * 1024
SUMMARY_PAGES = 2
BODY_PAGES = {"country_brief.ipynb": 10, "comparison.ipynb": 20, "kz_competition.ipynb": 10}
RECOMMENDATIONS_BY_PAGE = 5
#: Clean pages: none less than this share full (but the page before the annexes and the last), and no heading
#: in this last share of a page without the start of its first block beneath it.
MIN_PAGE_FILL = 0.40
HEADING_FOOT = 1 / 6

#: Tables up to half a page tall are never split across pages (charts never are: print CSS). Longer
#: tables break between rows, their header repeated on each page: kept whole, a table of most of a page
#: would leave most of the page before it blank. Measured in the print layout, at the printable width.
KEEP_WHOLE_PX = PRINTABLE_HEIGHT_PX // 2
_KEEP_WHOLE = """(limit) => {
  for (const el of document.querySelectorAll('main table')) {
    if (el.getBoundingClientRect().height <= limit) el.style.breakInside = 'avoid';
  }
  // a heading and the block after it print on one page when together they fit in half a page (Chromium does
  // not always honour break-after: avoid before a paragraph it cannot split)
  for (const h of document.querySelectorAll('main h2, main h3, main h4')) {
    const next = h.nextElementSibling;
    if (!next || h.parentElement.classList.contains('cb-keep')) continue;
    if (next.getBoundingClientRect().bottom - h.getBoundingClientRect().top > limit) continue;
    const keep = document.createElement('div');
    keep.className = 'cb-keep';
    h.before(keep);
    keep.append(h, next);
  }
}"""

_TEMPLATE_STYLE = (
    "font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; font-size: 7.5pt; color: #59636e; "
    "width: 100%; padding: 0 15mm; box-sizing: border-box; white-space: nowrap; overflow: hidden; "
    "text-overflow: ellipsis; -webkit-print-color-adjust: exact;"
)


#: Debian's Chromium builds that print, in order of preference: the headless shell (no window system,
#: about a seventh less CPU per PDF, measured) and the full browser.
CHROMIUM_BUILDS = ("chromium-headless-shell", "chromium")


def find_chromium() -> str:
    """The path of Debian's headless Chromium on PATH (``chromium-headless-shell``, else ``chromium``).

    Raises:
        UserError: Chromium is not installed (the message says how to install it).
    """
    found = next((p for p in map(shutil.which, CHROMIUM_BUILDS) if p), None)
    if not found:
        raise UserError(f"cannot print PDF: chromium is not installed (not found on PATH); {INSTALL_HINT}")
    return found


def pdf_path(html: Path) -> Path:
    """Where the PDF of a brief goes: beside its HTML, ``reports/<name>.pdf``."""
    return Path(html).with_suffix(".pdf")


def page_count(data: bytes | Path) -> int:
    """Number of pages of a PDF (bytes or a file)."""
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data) if isinstance(data, bytes) else Path(data)).pages)


def header_template(title: str) -> str:
    """Chromium's running header: the brief's title, small, on every page."""
    return f'<div style="{_TEMPLATE_STYLE}">{escape(title)}</div>'


def footer_template(lang: str = "en") -> str:
    """Chromium's running footer: "page N of M", in the brief's language."""
    text = escape(t("pdf.page_of", lang, page="\0", pages="\1"))
    text = text.replace("\0", '<span class="pageNumber"></span>').replace("\1", '<span class="totalPages"></span>')
    return f'<div style="{_TEMPLATE_STYLE} text-align: center;">{text}</div>'


@dataclass
class Printed:
    """One PDF written."""

    path: Path
    seconds: float
    size: int
    pages: int
    prints: int = 1  # Chromium's prints of it: a quick one finding the contents' page numbers, corrections


class Printer:
    """One headless Chromium, opened once, that prints many briefs (one page reused, network off).

    Use it as a context manager, from one thread only (Playwright's sync API is bound to its thread)::

        with Printer() as printer:
            printer.print(Path("reports/country-KAZ.html"))

    Raises:
        UserError: on opening, when Chromium is not installed.
    """

    def __init__(self) -> None:
        self.executable = find_chromium()  # fail before anything is rendered, not after
        self._pw: Any = None  # Playwright's driver, its browser and the page reused for every brief
        self._browser: Any = None
        self._page: Any = None

    def open(self) -> Printer:
        """Start Chromium (about half a second)."""
        from playwright.sync_api import sync_playwright

        self._pw = pw = sync_playwright().start()
        try:
            self._browser = browser = pw.chromium.launch(executable_path=self.executable, args=list(CHROMIUM_ARGS))
            context = browser.new_context(
                offline=True, viewport={"width": PRINTABLE_WIDTH_PX, "height": PRINTABLE_HEIGHT_PX}
            )
            self._page = page = context.new_page()
            page.emulate_media(media="print")  # measure what fits on a page in the print layout
        except BaseException:
            self.close()
            raise
        return self

    def __enter__(self) -> Printer:
        return self.open()

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop Chromium and Playwright's driver."""
        try:
            if self._browser is not None:
                self._browser.close()
        finally:
            self._browser = self._page = None
            if self._pw is not None:
                self._pw.stop()
                self._pw = None

    def print(self, html: Path, pdf: Path | None = None, title: str | None = None) -> Printed:
        """Print ``html`` to an A4 PDF (default: beside it), written atomically.

        Args:
            html: the brief's HTML file.
            pdf: where to write the PDF (default: ``html`` with the suffix ``.pdf``).
            title: the running header's text (default: the page's ``<title>``).
        """
        if self._page is None:
            self.open()
        start = time.perf_counter()
        html = Path(html).resolve()
        pdf = Path(pdf) if pdf else pdf_path(html)
        page = self._page
        if page is None:
            raise RuntimeError("Chromium opened no page to print with")
        page.goto(html.as_uri(), wait_until="load", timeout=60_000)
        page.evaluate(_KEEP_WHOLE, KEEP_WHOLE_PX)
        lang = page.evaluate("document.documentElement.lang") or "en"
        options = print_options(title if title is not None else page.title(), lang)
        if page.evaluate(_HAS_CONTENTS):
            data, pages, prints = _print_with_contents(page, options, pdf)
        else:
            data = page.pdf(**options)
            pages, prints = page_count(data), 1
        data = with_metadata(data, lang, page.evaluate(_METADATA))
        write_atomic(pdf, data)
        return Printed(pdf, time.perf_counter() - start, len(data), pages, prints)


def _print_with_contents(page, options: dict, pdf: Path) -> tuple[bytes, int, int]:
    """Print a page whose contents list each section's page number, and check every number against the print.

    The numbers come from the brief's last print (a rebuild moves few sections, so one print usually
    suffices) or, the first time, from a quick print. The print is read back: where a section fell on
    another page than its number says, the numbers are corrected and the page printed again.

    Returns the PDF, its number of pages and the number of prints made.
    """
    guess, prints = last_pages(pdf), 1
    if guess is None:
        prints += 1
        page.evaluate(_PAINTLESS, True)
        try:
            guess = _read_print(page.pdf(**{**options, **QUICK_PRINT}))[1]
        finally:
            page.evaluate(_PAINTLESS, False)
    page.evaluate(_TOC_PAGES, guess)
    data = page.pdf(**options)
    for _ in range(2):  # a corrected number can move a line, so the corrected print is checked too
        count, found = _read_print(data)
        if not page.evaluate(_TOC_PAGES, found):
            break
        data, prints = page.pdf(**options), prints + 1
    write_atomic(pages_path(pdf), json.dumps(found, sort_keys=True, ensure_ascii=False))
    return data, count, prints


#: Where the page of each section of a brief's last print is kept (beside the PDF, in ``.pages/``).
PAGES_DIR = ".pages"


def pages_path(pdf: Path) -> Path:
    """The file that keeps the section pages of the PDF ``pdf``'s last print."""
    return Path(pdf).parent / PAGES_DIR / f"{Path(pdf).stem}.json"


def last_pages(pdf: Path) -> dict[str, int] | None:
    """The page of each section in the last print of ``pdf`` (None before the first, or when its PDF is gone)."""
    if not Path(pdf).exists():
        return None
    try:
        found = json.loads(pages_path(pdf).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


#: The first print only finds each section's page: no tags, bookmarks, running header or backgrounds, none of
#: which moves a page break (the margins are set either way); about a sixth faster, and its file parses faster.
QUICK_PRINT = {"tagged": False, "outline": False, "display_header_footer": False, "print_background": False}
#: ... and nothing painted: hidden elements keep their boxes (CSS ``visibility`` never changes the layout) and
#: Chromium still writes every link target's page, but no text or chart is drawn (half the time of a print).
_PAINTLESS = """(on) => {
  let style = document.getElementById('cb-paintless');
  if (on && !style) {
    style = document.createElement('style');
    style.id = 'cb-paintless';
    style.textContent = 'body * { visibility: hidden !important; }';
    document.head.append(style);
  }
  if (!on && style) style.remove();
}"""


def print_options(title: str, lang: str) -> dict:
    """Chromium's print options: A4 with :data:`MARGIN`, running header and footer, bookmarks, tagged PDF."""
    return {
        "format": "A4",
        "margin": MARGIN,
        "print_background": True,
        "display_header_footer": True,
        "header_template": header_template(title),
        "footer_template": footer_template(lang),
        "prefer_css_page_size": False,
        "outline": True,  # bookmarks: one per heading, nested as the sections are
        "tagged": True,  # structure for screen readers (headings, lists, tables) and /Lang
    }


def _read_print(data: bytes) -> tuple[int, dict[str, int]]:
    """A PDF's number of pages, and the page (from 1) of every element id it can link to, read at once."""
    from urllib.parse import unquote

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    found: dict[str, int] = {}
    for name, dest in reader.named_destinations.items():
        try:
            page = reader.get_destination_page_number(dest)
            if page is not None:
                found[unquote(str(name).lstrip("/"))] = page + 1
        except Exception:  # a destination without a page: no number for it
            pass
    return len(reader.pages), found


_HAS_CONTENTS = "document.querySelector('nav.cb-toc .cb-toc-page') !== null"
#: Writes each section's page into the contents (``nav.cb-toc``), where the page reserves room for it;
#: returns whether any number changed.
_TOC_PAGES = """(pages) => {
  let changed = false;
  for (const a of document.querySelectorAll('nav.cb-toc a[href^="#"]')) {
    const h = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
    const slot = a.parentElement.querySelector('.cb-toc-page');
    if (!h || !slot) continue;
    const n = pages[h.id];
    if (n !== undefined && slot.textContent !== String(n)) { slot.textContent = String(n); changed = true; }
  }
  return changed;
}"""

#: The document's metadata as the page declares it (``<title>``, ``<meta name=author|description|keywords>``).
_METADATA = """() => {
  const meta = n => (document.querySelector(`meta[name="${n}"]`) || {}).content || '';
  return {title: document.title, author: meta('author'), subject: meta('description'), keywords: meta('keywords')};
}"""


def _pdf_text(value: str) -> bytes:
    """A PDF text string (UTF-16BE with its byte-order mark, hex): any script, no escaping to get wrong."""
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode() + b">"


_TRAILER = re.compile(rb"trailer\s*<<(?P<dict>.*?)>>\s*startxref\s*(?P<xref>\d+)\s*%%EOF\s*$", re.S)


def with_language(data: bytes, lang: str) -> bytes:
    """The PDF with its language declared (``/Lang``, read by screen readers), as its page's ``<html lang>``."""
    return with_metadata(data, lang, {})


def with_metadata(data: bytes, lang: str, info: dict[str, str]) -> bytes:
    """The PDF with its language (``/Lang``) and document information (title, author, subject, keywords).

    An incremental update appends a new document information dictionary and, when the catalog lacks
    ``/Lang``, a new version of the catalog (a few hundred bytes, no re-parse of the document); a PDF
    of another structure goes through pypdf instead.
    """
    given = {"/Title": "title", "/Author": "author", "/Subject": "subject", "/Keywords": "keywords"}
    fields: dict[str, str] = {k: str(info[v]) for k, v in given.items() if info.get(v)}
    trailer = _TRAILER.search(data, max(0, len(data) - 2048))
    root = trailer and re.search(rb"/Root (\d+) (\d+) R", trailer["dict"])
    size = trailer and re.search(rb"/Size (\d+)", trailer["dict"])
    catalog = root and re.search(rb"(?<![0-9])%s %s obj\s*<<(?P<body>.*?)>>\s*endobj" % root.groups(), data, re.S)
    if not (trailer and root and catalog and size and re.fullmatch(r"[a-z]{2}", lang)):
        return _with_metadata_pypdf(data, lang, fields)
    number, generation, info_number = int(root[1]), int(root[2]), int(size[1])
    objects: list[tuple[int, int, bytes]] = []
    if b"/Lang" not in catalog["body"]:
        body = b"<<%s\n/Lang (%s)>>" % (catalog["body"], lang.encode())
        objects.append((number, generation, body))
    found_info = re.search(rb"/Info (\d+) (\d+) R", trailer["dict"])
    old = found_info and re.search(
        rb"(?<![0-9])%s %s obj\s*<<(?P<body>.*?)>>\s*endobj" % found_info.groups(), data, re.S
    )
    kept = old["body"] if old else b""
    for key in fields:  # the entries replaced; the others (creator, dates) stay
        kept = re.sub(rb"%s\s*(?:\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)" % key.encode(), b"", kept)
    entries = b"".join(b"%s %s\n" % (k.encode(), _pdf_text(v)) for k, v in fields.items())
    if fields:
        objects.append((info_number, 0, b"<<%s\n%s>>" % (kept, entries)))
    elif found_info:
        info_number = int(found_info[1])  # nothing to add: the trailer keeps pointing at Chromium's
    if not objects:
        return data
    out, xref = bytearray(data), b"xref\n0 1\n0000000000 65535 f \n"
    for n, g, body in objects:
        xref += b"%d 1\n%010d %05d n \n" % (n, len(out) + 1, g)
        out += b"\n%d %d obj\n%s\nendobj\n" % (n, g, body)
    xref_at = len(out)
    new_size = max(int(size[1]), info_number + 1)
    info_ref = b"\n/Info %d 0 R" % info_number if (fields or found_info) else b""
    if found_info and not fields:
        info_ref = b"\n/Info %s %s R" % found_info.groups()
    tail = b"trailer\n<</Size %d\n/Root %d %d R%s\n/Prev %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        new_size,
        number,
        generation,
        info_ref,
        trailer["xref"],
        xref_at,
    )
    return bytes(out + xref + tail)


def _with_metadata_pypdf(data: bytes, lang: str, fields: dict[str, str]) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(io.BytesIO(data), incremental=True)
    writer._root_object[NameObject("/Lang")] = TextStringObject(lang)
    if fields:
        writer.add_metadata(fields)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
