"""What a reader is told under a World Bank indicator chart: its source line and its caveats, in the brief's language.

The sidecars of ``data/indicators/`` are notes for analysts (they name files and every country of a series);
a brief shows the notes of ``locales/<lang>/indicators.yaml`` instead, and only those about the countries it
compares. In Russian and Kazakh the source line is written from the sidecar's fields, with the original
English title and database marked as English (``lang="en"``) beside their translation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..core.text import DEFAULT_LANG, catalogue, date, t
from ..inputs import indicators
from ..inputs.countries import names_list
from .display import esc


def _notes(lang: str) -> Mapping[str, Any]:
    """The indicator notes in ``lang``, English where the language has none."""
    own = catalogue("indicators", lang)
    return own if own else catalogue("indicators", DEFAULT_LANG)


def _day(value: object, lang: str) -> str:
    """An ISO date (``2026-07-01`` or a timestamp) written out in ``lang``."""
    return date(dt.date.fromisoformat(str(value)[:10]), lang)


def _en(text: str) -> str:
    return f'<span lang="en">{esc(text)}</span>'


def citation(name: str, lang: str) -> str:
    """The source of one series as HTML: the sidecar's citation in English, composed in ``lang`` otherwise."""
    meta = indicators.read_series(name)[0]
    if lang == DEFAULT_LANG:
        return esc(meta.citation_full.strip())
    notes, extra = _notes(lang), meta.model_extra or {}
    year = meta.citation_full.split("(", 1)[1][:4] if "(" in meta.citation_full else ""
    title = (notes.get("titles") or {}).get(name)
    fields = {
        "publisher": esc(notes["publisher"]),
        "year": esc(year),
        "title": f"«{esc(title)}» ({_en(meta.title)})" if title else _en(meta.title),
        "code": esc(meta.source_indicator_code or ""),
        "database": f"{esc(notes['database'])} ({_en('World Development Indicators')})",
        "url": esc(meta.url_main or ""),
        "via": esc(str(extra.get("github_repo", "")).removeprefix("https://")),
        "commit": f"<code>{esc(str(extra.get('github_commit', ''))[:12])}</code>",
        "commit_date": esc(_day(extra["github_commit_date"], lang)) if extra.get("github_commit_date") else "",
        "accessed": esc(_day(meta.date_accessed, lang)) if meta.date_accessed else "",
        "licence": esc(meta.license.split(" (", 1)[0]),
    }
    return notes["citation"].format(**fields)


def source_line(names: tuple[str, ...] | list[str], lang: str) -> str:
    """The "Source: …" line of one or more series, as HTML."""
    return esc(t("compare.source_line", lang, citation="\x00")).replace(
        "\x00", " ".join(citation(n, lang) for n in names)
    )


def caveats(name: str, countries: list[str], lang: str) -> list[str]:
    """The reader's caveats of one series for a brief comparing ``countries`` (plain text).

    A note listing ``each`` country is shown with those of the brief among them (``{names}``), and left out
    when none is; a note about ``countries`` is shown only when the brief compares all of them.
    """
    out = []
    for note in (_notes(lang).get("caveats") or {}).get(name) or ():
        if "each" in note:
            named = [c for c in note["each"] if c in countries]
            if named:
                out.append(note["text"].format(names=names_list(named, lang)))
        elif all(c in countries for c in note.get("countries") or ()):
            out.append(note["text"])
    return out
