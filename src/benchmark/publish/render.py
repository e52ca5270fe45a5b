"""Render one brief: execute its notebook (``execute``), export it to HTML (``export``), write both atomically.

The old report stays in place unless the new one was produced completely.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .execute import KernelSession, execute
from .export import changes_html, export_html, exporter, exporter_loaded, write_atomic
from .state import edition_record, next_edition, save_edition


@dataclass
class RenderResult:
    """What one render produced."""

    output: Path
    seconds: float
    files_read: list[str] = field(default_factory=list)
    size: int = 0


def load_exporter_meanwhile() -> Future | None:
    """Load nbconvert and the brief's template in a thread while the kernel runs the notebook (None: loaded).

    This process only waits for the kernel's messages then. Loaded before the notebook runs, after the checks
    and papermill, nbconvert kept the kernel waiting: the parent was ready 2.3-2.9 s after a brief's start
    instead of 1.5-1.9 s. The notebook's own imports (papermill, nbclient) are done before the thread starts.
    """
    import papermill  # noqa: F401  (with nbclient: imported by this thread, not both at once)

    if exporter_loaded():
        return None
    pool = ThreadPoolExecutor(1, thread_name_prefix="clusterbench-exporter")
    loading = pool.submit(exporter)
    pool.shutdown(wait=False)  # the thread ends when the exporter is loaded
    return loading


def executed_path(output_html: Path) -> Path:
    """Where the executed notebook of ``output_html`` is kept: a ``notebooks/`` folder beside it."""
    output_html = Path(output_html)
    return output_html.parent / "notebooks" / f"{output_html.stem}.ipynb"


def render_notebook(
    notebook: Path,
    parameters: dict,
    output_html: Path,
    title: str | None = None,
    session: KernelSession | None = None,
    lang: str = "en",
    built: dt.datetime | None = None,
    other_languages: Sequence[tuple[str, str]] = (),
) -> RenderResult:
    """Execute ``notebook`` and write ``output_html``, and the executed notebook in ``notebooks/`` beside it.

    The old report stays in place unless the new one was produced completely. ``other_languages`` are
    (language, file name) of the same brief in other languages: the page's header links to them.
    """
    import nbformat

    start = time.perf_counter()
    notebook = Path(notebook)
    own = session is None
    kernel = KernelSession(preload=False) if session is None else session
    loading = load_exporter_meanwhile()
    try:
        nb, files = execute(notebook, parameters, session=kernel)
    finally:
        if own:
            kernel.close()
    if loading is not None:
        loading.result()  # nbconvert loaded (or its error raised here; a failed notebook's error comes first)
    output_html = Path(output_html)
    built = built or dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        edition: dict | None = next_edition(output_html, edition_record(files, lang), built.date())
    except Exception:  # the record of what changed is not worth a failed brief: no list, no record this time
        edition = None
    html = export_html(
        nb,
        title or notebook.stem,
        parameters,
        built=built,
        lang=lang,
        files_read=files,
        other_languages=other_languages,
        changes=changes_html(edition, lang),
        edition_date=dt.date.fromisoformat(edition["date"]) if edition else None,
    )
    write_atomic(executed_path(output_html), nbformat.writes(nb))
    write_atomic(output_html, html)
    if edition:
        save_edition(output_html, edition)
    return RenderResult(
        output=output_html, seconds=time.perf_counter() - start, files_read=files, size=len(html.encode())
    )
