"""Export an executed notebook to an offline HTML page with the workbook's own template; write files atomically.

The template (``publish/templates/brief``) reuses JupyterLab's cell markup with our own head, header
and styles and no scripts: no require.js, no MathJax, no CDN. Briefs and training handouts both go
through :func:`export_html`.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..core import paths
from ..core.errors import UserError
from ..core.text import date as long_date
from ..core.text import t
from ..inputs import settings
from ..inputs.load import data_version
from ..inputs.schemas import UNTRANSLATED

_EXTERNAL = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)


#: Cells with this tag speak to the notebook's user (how to run it, where to write); no exported page shows them.
NOTEBOOK_ONLY = "notebook-only"


def _strip_parameters_cells(nb) -> None:
    nb.cells = [c for c in nb.cells if NOTEBOOK_ONLY not in c.get("metadata", {}).get("tags", [])]
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "injected-parameters" in tags:
            cell["id"] = "injected-parameters"  # papermill gives it a random id; the HTML must not vary
        if "parameters" in tags or "injected-parameters" in tags:
            cell["metadata"].setdefault("transient", {})["remove_source"] = True


_exporters: dict[bool, object] = {}

#: A numeric character reference (``&#1062;``, ``&#x416;``). nbconvert writes the text of markdown headings so
#: (its anchors go through ElementTree's ASCII output); the page is UTF-8, so beyond ASCII the character
#: itself is written instead (from U+00A0: HTML reads &#128;-&#159; as Windows-1252): the same page, smaller,
#: its text readable and searchable in the source.
_CHARACTER_REFERENCE = re.compile(r"&#(?:(\d+)|[xX]([0-9a-fA-F]+));")


def _as_character(m: re.Match) -> str:
    code = int(m[1]) if m[1] else int(m[2], 16)
    return chr(code) if 160 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m[0]


def _exporter_class():
    """nbconvert's HTML exporter without the BeautifulSoup pass it ends with.

    After rendering the template, ``HTMLExporter`` parses the whole page with BeautifulSoup to give a
    default alt text to any ``<img>`` without one and a ``tabindex`` to JupyterLab's cell wrappers, then
    writes the page out again: nine tenths of exporting a brief (0.7 s of the largest's 0.76 s). The workbook's
    template has neither: charts are inline SVG with an ``aria-label``, and there is no ``jp-Notebook``
    wrapper (the accessibility tests check both in a browser). So the page is the template's output, as
    rendered; the filters the HTML exporter sets are set once, for a Python notebook without widgets.
    """
    from nbconvert import HTMLExporter, TemplateExporter
    from nbconvert.filters import Highlight2HTML

    class BriefExporter(HTMLExporter):
        def __init__(self, **kw):
            super().__init__(**kw)
            self.register_filter("highlight_code", Highlight2HTML(pygments_lexer="ipython3", parent=self))

        def from_notebook_node(self, nb, resources=None, **kw):
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return BriefExporter


def exporter(show_code: bool = False):
    """The HTML exporter with the workbook's own template (cached: template loading is slow).

    Briefs hide their code (``show_code=False``); training handouts show it.
    """
    if show_code not in _exporters:
        import nbformat

        exp = _exporter_class()(
            extra_template_basedirs=[str(paths.TEMPLATES)],
            template_name="brief",
            exclude_input=not show_code,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
        # The first export loads the template and nbconvert's lazy imports: pay that now, while the
        # kernel is still starting, not after the brief has run.
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("warm-up")])
        exp.from_notebook_node(nb, resources={"cb": {"t": {}}})
        _exporters[show_code] = exp
    return _exporters[show_code]


def exporter_loaded(show_code: bool = False) -> bool:
    """Whether :func:`exporter` has loaded nbconvert and the template already (in this process)."""
    return show_code in _exporters


def shown_value(value: object) -> str:
    """A parameter value as the page header shows it: a path only by its file name (no folder of the user's)."""
    if isinstance(value, str) and ("/" in value or "\\" in value):
        return repr(Path(value).name)
    return repr(value)


def export_html(
    nb,
    title: str,
    parameters: dict | str,
    built: dt.datetime | None = None,
    lang: str = "en",
    show_code: bool = False,
    parameters_label: str | None = None,
    files_read: list[str] | None = None,
    other_languages: Sequence[tuple[str, str]] = (),
    changes: str = "",
    edition_date: dt.date | None = None,
) -> str:
    """HTML of an executed notebook: charts inline, no external resources, the header filled in.

    Args:
        nb: the executed notebook.
        title: the page title (header and ``<title>``).
        parameters: the parameters shown in the header (a dict, or text such as a training edition).
        built: the build time shown (default: now, UTC).
        lang: the language of the header's labels and of ``<html lang>``.
        show_code: show code cells (training handouts) instead of hiding them (briefs).
        parameters_label: the header's label for ``parameters`` (default: "Parameters").
        files_read: the data files the notebook read; the header's data version is theirs (default: all data).
        other_languages: (language, file name) of the same brief in other languages, linked from the header.
        changes: HTML listing what changed since the previous edition, shown in the colophon (none: nothing).
        edition_date: the date of the brief's edition, shown in the header (default: the build's date).
    """
    _strip_parameters_cells(nb)
    built = built or dt.datetime.now(dt.UTC).replace(microsecond=0)
    shown = (
        parameters
        if isinstance(parameters, str)
        else ", ".join(f"{k} = {shown_value(v)}" for k, v in parameters.items())
    )
    labels = {
        k: t(f"brief.{k}", lang)
        for k in ("built", "data_version", "package_version", "parameters", "footer", "also_in", "colophon")
    }
    labels["environment"] = t("brief.environment", lang)
    if lang != "en":
        labels["footer"] += " " + t("brief.untranslated_note", lang, marker=UNTRANSLATED)
    if parameters_label:
        labels["parameters"] = parameters_label
    resources = {
        "cb": {
            "title": title,
            "lang": lang,
            # English keeps the ISO stamp; Russian and Kazakh write the date in words ("7 декабря 2026 г., 03:25 UTC")
            "built": built.strftime("%Y-%m-%d %H:%M UTC")
            if lang == "en"
            else f"{long_date(built.date(), lang)}, {built:%H:%M} UTC",
            "data_version": data_version(files_read),
            "package_version": __version__,
            "parameters": shown,
            "issuer": issuer(lang),
            "subject": t("brief.subject", lang),
            "edition": t("brief.edition", lang, date=long_date(edition_date or built.date(), lang)),
            "environment": _environment(),
            "changes": changes,
            "handout": show_code,
            "t": labels,
            "languages": [
                {"lang": code, "href": href, "name": t(f"brief.language_{code}", code)}
                for code, href in other_languages
            ],
        }
    }
    body, _ = exporter(show_code).from_notebook_node(nb, resources=resources)
    body = _CHARACTER_REFERENCE.sub(_as_character, body)
    if not show_code:
        body = number_sections(body, t("brief.contents", lang), lambda letter: t("brief.annex", lang, letter=letter))
    bad = _EXTERNAL.search(body)
    if bad:
        raise RuntimeError(f"the page would load a network resource: {bad.group(0)[:120]}")
    return body


def issuer(lang: str = "en") -> str:
    """The body that issues the briefs, as every header and PDF names it.

    ``issuer`` in ``workbook.yaml`` at the project's root (read and checked by ``inputs/settings.py``, which
    ``validate``, ``brief`` and ``build`` run first); without the file or the field, the workbook's own name
    (``brief.issuer`` in the locale files).

    Raises:
        UserError: ``workbook.yaml`` is not valid (file, line, field and what to write).
    """
    return settings.issuer(lang) or t("brief.issuer", lang)


def changes_html(edition: dict | None, lang: str = "en") -> str:
    """The colophon's list of what changed since the previous edition: figure, old value, new value, source.

    Empty for a first edition, or one whose record lists no change.
    """
    if not edition or not edition.get("changes") or not edition.get("previous"):
        return ""
    previous = long_date(dt.date.fromisoformat(edition["previous"]), lang)
    none = t("brief.changes_none", lang)
    head = "".join(f'<th scope="col">{html.escape(t(f"brief.changes_col_{c}", lang))}</th>' for c in COLUMNS)
    rows = []
    for c in edition["changes"]:
        kind = html.escape(t(f"brief.changes_kind_{c['kind']}", lang))
        cells = [c.get("old") or none, c.get("new") or none, c.get("source") or ""]
        rows.append(
            f'<tr><th scope="row">{html.escape(c["label"])} <span class="cb-src">({kind})</span></th>'
            + "".join(f"<td>{html.escape(x)}</td>" for x in cells)
            + "</tr>"
        )
    title = html.escape(t("brief.changed_since", lang, date=previous, n=len(rows)))
    return (
        f'<div class="cb-changes"><p class="cb-colophon-title">{title}</p>'
        f'<table class="cb-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


#: The columns of the colophon's list of changes.
COLUMNS = ("figure", "old", "new", "source")


def _environment() -> str:
    """The digest of the locked software environment, when the workbook can tell it (else empty)."""
    from .benchmarks import environment_digest

    try:
        return environment_digest()
    except Exception:  # a colophon line is not worth a failed brief
        return ""


_H2 = re.compile(r"<h2(?P<attrs>[^>]*)>(?P<inner>.*?)</h2>", re.S)


def _plain(html_text: str) -> str:
    """The text of a heading: no tags (nbconvert's ¶ anchor link dropped), no character references, spaces collapsed."""
    html_text = re.sub(r'<a class="anchor-link".*?</a>', "", html_text, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_text)).split())


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^\w]+", "-", text.lower(), flags=re.U).strip("-") or "section"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


#: A notebook cell with this tag holds an annex: its sections are lettered (Annex A, B ...) after the numbered ones.
ANNEX = "annex"
#: The start tag of a notebook cell in the exported page (its attributes in any order).
_CELL = re.compile(r'<div\b[^>]*\bclass="jp-Cell [^"]*"[^>]*>')
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _in_annex(body: str, at: int) -> bool:
    """Whether the heading at ``at`` lies in a notebook cell tagged as an annex."""
    cells = list(_CELL.finditer(body, 0, at))
    return bool(cells) and f"celltag_{ANNEX}" in cells[-1].group(0)


def number_sections(body: str, contents_label: str, annex_label=lambda letter: f"Annex {letter}") -> str:
    """Number the page's sections (its h2 headings) and list them, linked, after the first one (the key messages).

    Sections in cells tagged ``annex`` are lettered instead ("Annex A"), in a list of their own after the
    numbered ones; the first annex starts a new printed page. Each heading keeps its id or gets one from
    its text; the contents are a ``<nav>`` readers and PDF viewers can follow, with room for each
    section's printed page. A page with fewer than three sections gets no contents.
    """
    found = list(_H2.finditer(body))
    if len(found) < 3:
        return body
    taken = set(re.findall(r'\bid="([^"]+)"', body))
    entries, out, pos, n, annexes = [], [], 0, 0, 0
    for m in found:
        attrs, inner = m.group("attrs"), m.group("inner")
        ident = re.search(r'\bid="([^"]+)"', attrs)
        if ident:
            anchor = ident.group(1)
        else:
            anchor = _slug(_plain(inner), taken)
            attrs += f' id="{anchor}"'
        annex = _in_annex(body, m.start())
        if annex:
            label = annex_label(_LETTERS[annexes % len(_LETTERS)])
            cls = "cb-annex cb-annex-first" if annexes == 0 else "cb-annex"
            attrs = f' class="{cls}"' + attrs if "class=" not in attrs else attrs
            annexes += 1
        else:
            n += 1
            label = str(n)
        entries.append((label, anchor, _plain(inner), annex))
        out.append(body[pos : m.start()])
        out.append(f'<h2{attrs}><span class="cb-num">{html.escape(label)}</span> {inner}</h2>')
        pos = m.end()
    out.append(body[pos:])

    def item(label: str, anchor: str, text: str, annex: bool) -> str:
        shown = f"{html.escape(label)} " if annex else ""
        return (
            # the page number first: floated right, it stays on the entry's first line however long the title
            f'<li><span class="cb-toc-page"></span><a href="#{html.escape(anchor)}">{shown}{html.escape(text)}</a></li>'
        )

    # each entry keeps room for its page number, which the printer fills in (publish/pdf.py)
    main = "".join(item(*e) for e in entries if not e[3])
    extra = "".join(item(*e) for e in entries if e[3])
    nav = (
        f'<nav class="cb-toc" aria-label="{html.escape(contents_label)}">'
        f'<p class="cb-toc-title">{html.escape(contents_label)}</p><ol>{main}</ol>'
        + (f'<ul class="cb-toc-annexes">{extra}</ul>' if extra else "")
        + "</nav>"
    )
    page = "".join(out)
    # after the first section (the key messages): before the cell that holds the second heading
    first = page.index("<h2")
    second = page.index("<h2", first + 3)
    cells = list(_CELL.finditer(page, first, second))
    where = cells[-1].start() if cells else second
    return page[:where] + nav + page[where:]


def check_writable(folder: Path) -> None:
    """Refuse an output folder that cannot be written, before anything is rendered into it.

    Raises:
        UserError: the folder (or its parent) is read-only, or is a file.
    """
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{paths.relative(folder)} is a file, not a folder: move it away or choose a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".write-test"
        probe.write_text("", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise UserError(
            f"cannot write to {paths.relative(folder)} ({exc.strerror}): make it writable "
            "(e.g. chmod u+w) or choose another folder"
        ) from None


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``path`` so that it is either the old file or the complete new one, never a partial one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data if isinstance(data, bytes) else data.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # what any tool gives under the user's umask (mkstemp gives 0600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's file-creation mask (read without changing it for long)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
