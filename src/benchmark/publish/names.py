"""The file name and title of every brief, from one place, whichever command builds it.

``clusterbench brief KAZ`` and ``clusterbench build`` give the same brief the same name and title and
write it to the same place: ``reports/<name>.html``, with the executed notebook in
``reports/notebooks/<name>.ipynb``. A name is made of the parameters that tell briefs apart; any other
parameter that differs from its default adds a short digest, so two different briefs never share a file.

Kept light (no pandas, papermill or nbconvert): a build with nothing to do decides so in well under a second.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from ..core import paths
from ..core.text import t
from ..inputs.countries import country_name, names_list
from ..inputs.regional import BASE_YEAR

#: Parameters that only select the language; every other parameter changes what a brief says.
LANGUAGE = "lang"

#: Per brief notebook: the parameters its name is made of, and the defaults of the others.
_KINDS: dict[str, dict[str, Any]] = {
    # the year of the regional figures (Kazakhstan): 2017 by default; another year is part of the name
    "country_brief.ipynb": {"named": ("country", "programme", "year"), "defaults": {"year": BASE_YEAR}},
    "comparison.ipynb": {"named": ("focal", "peers"), "defaults": {"dimensions": None, "period": "present"}},
    "kz_competition.ipynb": {
        "named": ("scores",),
        "defaults": {
            "criteria": "default",
            "weights": None,
            "n_select": 6,
            "seed": 2017,
            "n_draws": 1000,
            "weight_range": 0.5,
        },
    },
}


def canonical(notebook: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters a brief is rendered with, minus those equal to their defaults (English included).

    Whichever command builds a brief passes these, so the same brief has the same header and name.
    """
    kind = _KINDS.get(notebook, {"named": (), "defaults": {}})
    defaults = {LANGUAGE: "en", "programme": None, **kind["defaults"]}
    return {k: v for k, v in params.items() if not (k in defaults and defaults[k] == v)}


def _slug(value: Any) -> str:
    """A file-name-safe form of a parameter value."""
    if isinstance(value, (list, tuple)):
        return "-".join(_slug(v) for v in value)
    text = Path(str(value)).stem if isinstance(value, str) and ("/" in value or value.endswith(".csv")) else str(value)
    return re.sub(r"[^A-Za-z0-9_]+", "-", text).strip("-") or "x"


def _digest(params: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()[:6]


def brief_name(notebook: str, params: dict[str, Any]) -> str:
    """The file name (without ``.html``) of the brief ``notebook`` renders with ``params``."""
    kind = _KINDS.get(notebook)
    lang = params.get(LANGUAGE, "en")
    if notebook == "country_brief.ipynb":
        base = f"country-{params['country']}" + (f"-{_slug(params['programme'])}" if params.get("programme") else "")
        if params.get("year", BASE_YEAR) != BASE_YEAR:
            base += f"-{_slug(params['year'])}"
    elif notebook == "comparison.ipynb":
        base = f"compare-{params['focal']}-vs-{_slug(params['peers'])}"
    elif notebook == "kz_competition.ipynb":
        scores = params.get("scores", "example")
        base = "kz-competition" + ("" if scores == "example" else f"-{_slug(scores)}")
    else:
        stem = Path(notebook).stem.replace("_", "-")
        shown = [_slug(v) for k, v in sorted(params.items()) if k != LANGUAGE and v not in (None, "", [])]
        base = "-".join([stem, *shown])
    if kind:
        others = {
            k: v for k, v in params.items() if k not in kind["named"] and k != LANGUAGE and kind["defaults"].get(k) != v
        }
        if others:
            base += f"-{_digest(others)}"
    return base + ("" if lang == "en" else f"-{_slug(lang)}")


def brief_title(notebook: str, params: dict[str, Any]) -> str:
    """The title of the brief, in its language."""
    lang = params.get(LANGUAGE, "en")
    if notebook == "country_brief.ipynb":
        title = t("brief.title", lang, country=country_name(params["country"], lang))
        if params.get("year", BASE_YEAR) != BASE_YEAR:
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
