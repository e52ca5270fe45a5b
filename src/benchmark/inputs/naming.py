"""Every brief's file name, from its notebook and parameters: the one naming function.

A name is made of the parameters that tell briefs apart (``country-KAZ``, ``compare-KAZ-vs-JPN-RUS``,
``kz-competition``); another regional year adds the year, any other parameter that differs from the
notebook's default adds a short digest, and a language other than English its code, so two different
briefs never share a file. The defaults themselves are the notebooks' (``publish.names`` reads them);
key messages are filed under the name without language, year or digest (:func:`brief_key`).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

#: The parameter that only selects the language; every other parameter changes what a brief says.
LANGUAGE = "lang"

#: Per brief notebook: the parameters its name is made of.
NAMED: dict[str, tuple[str, ...]] = {
    "country_brief.ipynb": ("country", "programme", "year"),
    "comparison.ipynb": ("focal", "peers"),
    "kz_competition.ipynb": ("scores",),
}
#: The notebook of each kind of brief whose key messages an analyst may write.
NOTEBOOK_OF = {"country": "country_brief.ipynb", "compare": "comparison.ipynb", "competition": "kz_competition.ipynb"}


def _slug(value: Any) -> str:
    """A file-name-safe form of a parameter value."""
    if isinstance(value, (list, tuple)):
        return "-".join(_slug(v) for v in value)
    text = Path(str(value)).stem if isinstance(value, str) and ("/" in value or value.endswith(".csv")) else str(value)
    return re.sub(r"[^A-Za-z0-9_]+", "-", text).strip("-") or "x"


def _digest(params: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()[:6]


def _base(notebook: str, params: dict[str, Any]) -> str:
    """The name's first part: who or what the brief is about (no year, digest or language)."""
    if notebook == "country_brief.ipynb":
        return f"country-{params['country']}" + (f"-{_slug(params['programme'])}" if params.get("programme") else "")
    if notebook == "comparison.ipynb":
        return f"compare-{params['focal']}-vs-{_slug(params['peers'])}"
    if notebook == "kz_competition.ipynb":
        scores = params.get("scores", "example")
        return "kz-competition" + ("" if scores == "example" else f"-{_slug(scores)}")
    stem = Path(notebook).stem.replace("_", "-")
    shown = [_slug(v) for k, v in sorted(params.items()) if k != LANGUAGE and v not in (None, "", [])]
    return "-".join([stem, *shown])


def brief_name(notebook: str, params: dict[str, Any], defaults: dict[str, Any]) -> str:
    """The file name (without ``.html``) of the brief ``notebook`` renders with ``params``.

    Args:
        notebook: the notebook's file name in ``notebooks/``.
        params: the parameters it is rendered with.
        defaults: the notebook's default value of each parameter (a parameter equal to its default adds nothing).
    """
    base = _base(notebook, params)
    named = NAMED.get(notebook)
    if named is not None:
        if "year" in named and params.get("year", defaults.get("year")) != defaults.get("year"):
            base += f"-{_slug(params['year'])}"
        others = {k: v for k, v in params.items() if k not in named and k != LANGUAGE and defaults.get(k) != v}
        if others:
            base += f"-{_digest(others)}"
    lang = params.get(LANGUAGE, "en")
    return base + ("" if lang == "en" else f"-{_slug(lang)}")


def brief_key(kind: str, *codes: str, programme: str | None = None, scores: str = "example") -> str:
    """The name a brief's key messages are filed under: its file name without language, year or digest.

    ``kind`` is ``country`` (``codes``: the country), ``compare`` (the focal country, then the peers) or
    ``competition`` (``scores``: the scoring sheet).
    """
    if kind == "country":
        params: dict[str, Any] = {"country": codes[0], "programme": programme}
    elif kind == "compare":
        params = {"focal": codes[0], "peers": list(codes[1:])}
    else:
        params = {"scores": scores}
    return _base(NOTEBOOK_OF[kind], params)
