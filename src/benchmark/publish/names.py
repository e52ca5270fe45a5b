"""The file name and title of every brief, from one place, whichever command builds it.

``clusterbench brief KAZ`` and ``clusterbench build`` give the same brief the same name and title and
write it to the same place: ``reports/<name>.html``, with the executed notebook in
``reports/notebooks/<name>.ipynb``. The name comes from :func:`benchmark.inputs.naming.brief_name` (the one
naming function); the defaults it compares with are read from the notebooks' ``parameters`` cells by
papermill's ``inspect_notebook``, never copied here.

Kept light: papermill (1.5 s to import) is only imported when a notebook's parameters cell changed; the
defaults are cached in memory by the file's size and time, and in the build's saved state by its content hash,
so a build with nothing to do decides so in well under a second.
"""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path
from typing import Any

from ..core import paths
from ..core.text import t
from ..inputs import naming
from ..inputs.countries import country_name, names_list
from ..inputs.naming import LANGUAGE

#: Parameters kept even when equal to the notebook's default: who a brief is about (its header says it).
_ALWAYS_KEPT = ("country", "focal", "peers")

#: In memory: notebook path -> ((size, mtime), what it declares).
_SEEN: dict[str, tuple[tuple[int, int], dict[str, Any]]] = {}


def declared(notebook: Path, store: dict[str, Any] | None = None) -> dict[str, Any]:
    """What ``notebook`` declares: ``{"hash", "names", "defaults"}`` (defaults: the values that are literals).

    Read by papermill's ``inspect_notebook``; cached in memory and in ``store`` (a JSON-able dict the build
    saves between runs, keyed by path, checked against the content hash).

    Raises:
        UserError: the notebook does not exist.
    """
    notebook = Path(notebook)
    try:
        stat = notebook.stat()
    except OSError:
        from ..core.errors import UserError

        raise UserError(f"notebook not found: {paths.relative(notebook)}") from None
    signature = (stat.st_size, stat.st_mtime_ns)
    seen = _SEEN.get(str(notebook))
    if seen and seen[0] == signature:
        if store is not None:
            store[str(notebook)] = seen[1]
        return seen[1]
    digest = hashlib.sha256(notebook.read_bytes()).hexdigest()
    hit = (store or {}).get(str(notebook))
    if not (hit and hit.get("hash") == digest and "defaults" in hit):
        import papermill

        inspected = papermill.inspect_notebook(str(notebook))
        hit = {"hash": digest, "names": list(inspected), "defaults": {}}
        for name, about in inspected.items():
            try:
                hit["defaults"][name] = ast.literal_eval(str(about.get("default")))
            except (ValueError, SyntaxError):
                pass  # not a literal (an expression): no default to compare with
    if store is not None:
        store[str(notebook)] = hit
    _SEEN[str(notebook)] = (signature, hit)
    return hit


def defaults(notebook: str) -> dict[str, Any]:
    """The default value of each parameter ``notebook`` (a file in ``notebooks/``) declares; ``lang`` "en"."""
    path = paths.NOTEBOOKS / notebook
    found = declared(path)["defaults"] if path.exists() else {}
    return {LANGUAGE: "en", **found}


def canonical(notebook: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters a brief is rendered with, minus those equal to the notebook's defaults (English included).

    Whichever command builds a brief passes these, so the same brief has the same header and name.
    """
    known = defaults(notebook)
    return {k: v for k, v in params.items() if k in _ALWAYS_KEPT or not (k in known and known[k] == v)}


def brief_name(notebook: str, params: dict[str, Any]) -> str:
    """The file name (without ``.html``) of the brief ``notebook`` renders with ``params``."""
    return naming.brief_name(notebook, params, defaults(notebook))


def brief_title(notebook: str, params: dict[str, Any]) -> str:
    """The title of the brief, in its language."""
    lang = params.get(LANGUAGE, "en")
    if notebook == "country_brief.ipynb":
        title = t("brief.title", lang, country=country_name(params["country"], lang))
        if params.get("year", defaults(notebook).get("year")) != defaults(notebook).get("year"):
            title = t("brief.title_year", lang, title=title, year=params["year"])
        return title
    if notebook == "comparison.ipynb":
        return t(
            "compare.title", lang, focal=country_name(params["focal"], lang), peers=names_list(params["peers"], lang)
        )
    if notebook == "kz_competition.ipynb":
        title = t("competition.title", lang)
        if params.get("scores", "example") == "example":
            title = t("competition.title_example", lang, title=title)
        return title
    return _first_heading(paths.NOTEBOOKS / notebook) or Path(notebook).stem.replace("_", " ")


def _first_heading(notebook: Path) -> str:
    """The first markdown heading of a notebook (the title of a brief notebook the workbook does not know)."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return ""
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", [])).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def html_path(name: str) -> Path:
    """Where a brief's HTML is written: ``reports/<name>.html``."""
    return paths.REPORTS / f"{name}.html"


def notebook_path(name: str) -> Path:
    """Where a brief's executed notebook is kept: ``reports/notebooks/<name>.ipynb``, apart from the HTML."""
    return paths.REPORTS / "notebooks" / f"{name}.ipynb"  # the same rule as render.executed_path
