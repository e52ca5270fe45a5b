"""The figures the training modules' texts refer to, each with its value, status and source."""

from __future__ import annotations

from ...inputs import load
from ...inputs.schemas import text_of
from ..citations import badge, fact_value
from ..display import Html, esc, table_html
from .checks import _msg, fact_of

# --- figures the module texts refer to -----------------------------------------------------------


def _source_text(source_id: str, known: dict, lang: str = "en") -> str:
    """A source as 'title (publisher, year)', or its bare id when data/sources has no such source."""
    s = known.get(source_id)
    if s is None:
        return esc(source_id)
    return esc(s.short_citation(lang))


def figures(*fact_ids: str, lang: str = "en") -> Html:
    """A small table of the figures a module's text refers to: label, value, status and source of each.

    Each id names a fact of ``data/countries/<ISO3>.yaml`` (ISO3 = the id's prefix, uppercased:
    ``kaz_2017_valid_applications`` is in KAZ.yaml), so a corrected count in the data shows in the
    module without editing its text. An id the data does not have is shown as such in its row.
    """
    known = load.load_sources()
    header = [_msg(k, lang) for k in ("figure_label", "figure_value", "figure_status", "figure_source")]
    rows = []
    for fact_id in fact_ids:
        f = fact_of(fact_id)
        if f is None:
            country = fact_id.split("_", 1)[0].upper()
            rows.append([esc(fact_id), esc(_msg("figure_missing", lang, country=country)), "", ""])
            continue
        rows.append(
            [
                esc(text_of(f.label, lang)),
                esc(fact_value(f, lang)),
                badge(f.status, lang),
                _source_text(f.source, known, lang),
            ]
        )
    return Html(
        table_html(header, rows, caption=esc(_msg("figures_caption", lang)), escape=False),
        classes=["cb-training", "cb-figures"],
    )
