"""``reports/index.html``: every brief of the benchmark definitions, grouped by benchmark, with its files and status.

Each brief links to its HTML and, when printed, its PDF, with the PDF's page count and both files' sizes.
"""

from __future__ import annotations

from html import escape as esc
from pathlib import Path

from ..core import paths
from ..core.errors import UserError
from ..core.text import LANGUAGES, t
from .benchmarks import DeclaredCache, Job, all_benchmarks, load_benchmark
from .export import write_atomic
from .names import html_path

NUM = ' class="num"'
#: The index's own layout: file links, sizes, dates and versions each on one line.
INDEX_CSS = (
    ".cb-index td { white-space: nowrap; } .cb-index td:first-child, .cb-index td:last-child { white-space: normal; }"
)


def human_size(size: int) -> str:
    """A file size as people read it: ``812 B``, ``148 KB``, ``1.2 MB``."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def pdf_pages(pdf: Path, record: dict) -> int | None:
    """The PDF's page count: as the build recorded it when the file is the one it printed, else counted now and
    noted in ``record`` (the build saves it, so the next index does not count again)."""
    st = pdf.stat()
    info = record.get("pdf") or {}
    if info.get("size") == st.st_size and info.get("mtime_ns") == st.st_mtime_ns:
        return info.get("pages")
    from .pdf import page_count

    try:
        pages = page_count(pdf)
    except Exception:  # not a readable PDF: the index says nothing rather than failing
        return None
    record["pdf"] = {**info, "size": st.st_size, "mtime_ns": st.st_mtime_ns, "pages": pages}  # counted once
    return pages


def _files(html: Path, record: dict) -> tuple[str, str, str]:
    """The index's HTML, PDF and pages cells of one brief."""
    if not html.exists():
        return "", "", ""
    html_cell = (
        f'<a href="{esc(html.relative_to(paths.REPORTS).as_posix())}">{esc(t("build.col_html"))}</a> '
        f'<span class="cb-src">{esc(human_size(html.stat().st_size))}</span>'
    )
    pdf = html.with_suffix(".pdf")
    if not pdf.exists():
        return html_cell, esc(t("build.no_pdf")), ""
    pdf_cell = (
        f'<a href="{esc(pdf.relative_to(paths.REPORTS).as_posix())}">{esc(t("build.col_pdf"))}</a> '
        f'<span class="cb-src">{esc(human_size(pdf.stat().st_size))}</span>'
    )
    if pdf.stat().st_mtime_ns < html.stat().st_mtime_ns:
        pdf_cell += f' <span class="cb-status cb-status-secondary">{esc(t("build.pdf_older"))}</span>'
    pages = pdf_pages(pdf, record)
    return html_cell, pdf_cell, "" if pages is None else str(pages)


def write_index(jobs: list[Job], state: dict, stale=lambda job: False) -> Path:
    """Write the index page: the briefs of the benchmarks defined now (in their definition order) and of this build.

    Each brief shows the version of the data it read; ``stale(job)`` marks a brief whose data changed
    since it was built (its rebuild failed, or it belongs to a benchmark not built this time). Records
    of benchmarks since deleted are kept in the build state but not listed.
    """
    records = state.get("briefs", {})
    groups: dict[str, list[Job]] = {}
    titles: dict[str, str] = {}
    declared = DeclaredCache(state.setdefault("_declared", {}))
    defined: list[Job] = []
    for f in all_benchmarks():
        try:
            defined.extend(load_benchmark(f, declared))
        except UserError:
            continue
    listed = {j.key for j in [*defined, *jobs]}
    for job in [*defined, *jobs, *(j for j in _by_hand(records) if j.key not in listed)]:
        rec = records.get(job.key)
        if rec is None or (not job.output_path.exists() and rec.get("status") != "failed"):
            continue
        group = groups.setdefault(job.benchmark, [])
        if all(j.key != job.key for j in group):
            group.append(job)
        titles[job.benchmark] = job.benchmark_title
    css = (paths.TEMPLATES / "brief" / "brief.css").read_text(encoding="utf-8")
    parts = []
    head = "".join(
        f"<th{NUM if c == 'pages' else ''}>{esc(t(f'build.col_{c}'))}</th>"
        for c in ("brief", "html", "pdf", "pages", "edition", "built", "data_version", "status")
    )
    for bench, jobs_of in groups.items():
        parts.append(f"<h2>{esc(titles.get(bench) or bench)}</h2>")
        langs = list(dict.fromkeys(j.lang for j in jobs_of))
        for lang in sorted(langs, key=LANGUAGES.index):
            if len(langs) > 1:
                parts.append(f'<h3 lang="{lang}">{esc(t(f"brief.language_{lang}", lang))}</h3>')
            parts.append(_table(head, [j for j in jobs_of if j.lang == lang], records, stale))
    html = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">'
        f"<title>{esc(t('build.index_title'))}</title>"
        f'<style>{css}{INDEX_CSS}</style></head><body><header class="cb-header"><h1>{esc(t("build.index_title"))}</h1>'
        f"<p>{esc(t('build.index_intro'))}</p></header><main>{''.join(parts)}</main>"
        f'<footer class="cb-footer">{esc(t("brief.footer"))}</footer></body></html>'
    )
    out = paths.REPORTS / "index.html"
    write_atomic(out, html)
    return out


def _table(head: str, items: list[Job], records: dict, stale) -> str:
    """One table of the index: a row per brief with its title, files, pages, build time, data version, status."""
    rows = []
    for job in items:
        rec = records[job.key]
        html = html_path(job.key)
        exists = html.exists()
        href = html.relative_to(paths.REPORTS).as_posix()
        title = f'<a href="{esc(href)}">{esc(job.title)}</a>' if exists else esc(job.title)
        if rec.get("status") == "failed":
            status = (
                f'<span class="cb-status cb-status-conflicting">{esc(t("build.failed"))}</span> '
                f"{esc(rec.get('error', ''))}" + (f" — {esc(t('build.kept_previous'))}" if exists else "")
            )
        else:
            status = f'<span class="cb-status cb-status-verified">{esc(t("build.ok"))}</span>'
        version = esc(rec.get("data_version", ""))
        if exists and stale(job):
            version += f' <span class="cb-status cb-status-secondary">{esc(t("build.older_data"))}</span>'
        html_cell, pdf_cell, pages = _files(html, rec)
        rows.append(
            f"<tr><td>{title}</td><td>{html_cell}</td><td>{pdf_cell}</td><td{NUM}>{pages}</td>"
            f"<td>{_edition(html) if exists else ''}</td>"
            f"<td>{esc(rec.get('built', '').replace('T', ' ')[:16])}</td>"
            f"<td>{version}</td><td>{status}</td></tr>"
        )
    return f"<table class='cb-index'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _edition(html: Path) -> str:
    """The index's edition cell of one brief: its edition's date in words and how many changes it lists."""
    import datetime as dt

    from ..core.text import date as long_date
    from .state import edition_of

    edition = edition_of(html)
    if not edition or not edition.get("date"):
        return ""
    day = esc(long_date(dt.date.fromisoformat(edition["date"])))
    n = len(edition.get("changes") or []) if edition.get("previous") else 0
    return (
        f'<span class="cb-edition">{day}</span><br><span class="cb-src">{esc(t("build.edition_changes", n=n))}</span>'
    )


#: The index's group of briefs rendered by ``brief``, ``compare`` or ``competition`` outside any benchmark.
BY_HAND = "_by_hand"


def after_command(job: Job, seconds: float = 0.0, files_read: list[str] | None = None, error: str = "") -> Path | None:
    """Record a brief rendered (or failed) by ``brief``/``compare``/``competition`` and rewrite the index.

    The brief's row shows what that command did: built now with the data it read, or failed (the previous
    HTML kept). A brief no benchmark lists appears under "Briefs rendered one at a time". A build running
    at that moment owns the index: it is left alone then (the build rewrites it when done). The record
    carries no build fingerprint, so the next ``build`` still renders the brief itself.
    """
    import datetime as dt
    import fcntl
    import json

    from ..inputs.load import data_version
    from .state import LOCK_FILE, STATE_FILE, build_stamp, is_up_to_date

    if not paths.REPORTS.is_dir():
        return None
    state_path = paths.REPORTS / STATE_FILE
    with open(paths.REPORTS / LOCK_FILE, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        try:
            state = json.loads(state_path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            state = {}
        records = state.setdefault("briefs", {})
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        rec = {k: v for k, v in records.get(job.key, {}).items() if k in ("pdf",)}
        if error:
            rec = {**records.get(job.key, {}), "status": "failed", "error": error, "failed_at": now}
            rec["kept_previous"] = job.output_path.exists()
        else:
            rec.update(
                status="built",
                built=now,
                seconds=round(seconds, 2),
                data_version=data_version(files_read or []),
                size=job.output_path.stat().st_size if job.output_path.exists() else 0,
            )
        rec.update(title=job.title, name=job.name, benchmark=job.benchmark, benchmark_title=job.benchmark_title)
        if job.benchmark == BY_HAND:
            rec["by_hand"] = {"notebook": job.notebook, "parameters": list(map(list, job.parameters))}
        records[job.key] = rec
        write_atomic(state_path, json.dumps(state, indent=1, sort_keys=True))
        stamp = build_stamp()
        return write_index([], state, stale=lambda j: not is_up_to_date(j, records.get(j.key), stamp))


def _by_hand(records: dict) -> list[Job]:
    """Briefs rendered one at a time outside any benchmark whose HTML is still there."""
    out = []
    for key, rec in records.items():
        info = rec.get("by_hand")
        if info and html_path(key).exists():
            params = tuple((k, v) for k, v in info.get("parameters", []))
            out.append(Job(BY_HAND, t("index.by_hand"), key, rec.get("title", key), info.get("notebook", ""), params))
    return out
