"""An analyst's commentary on one brief (``data/commentary/<brief>.md``), shown in that brief only, in its language."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from ..core.text import t
from ..inputs import commentary as inputs
from ..inputs.key_messages import brief_key
from .citations import day
from .display import Html, esc


def key_of(ctx) -> str:
    """The name a brief's commentary is filed under, from its prepared context (as its key messages are)."""
    if hasattr(ctx, "focal"):
        return brief_key("compare", ctx.focal, *ctx.peers)
    if hasattr(ctx, "country"):
        return brief_key("country", ctx.country, programme=getattr(ctx, "programme", None))
    from ..inputs.competition import EXAMPLE_SCORES, scores_path

    sheet = Path(ctx.sheet.path)
    example = sheet.resolve() == scores_path(EXAMPLE_SCORES).resolve()
    return brief_key("competition", scores=EXAMPLE_SCORES if example else str(sheet))


def _markdown(text: str) -> str:
    """Markdown as HTML; markup typed into the text is shown as text, never run, and headings sit under the section."""
    import mistune

    render = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])
    html = cast(str, render(text))  # the default renderer writes HTML text
    for level in (5, 4, 3, 2, 1):  # the section is an <h2>: the commentary's own headings come beneath it
        html = html.replace(f"<h{level}", f"<h{min(level + 2, 6)}").replace(f"</h{level}>", f"</h{min(level + 2, 6)}>")
    return html


def section(ctx) -> Html | None:
    """The brief's commentary under its heading, labelled with author and date (None, nothing shown, when none)."""
    lang = getattr(ctx, "lang", "en")
    found = inputs.for_brief(key_of(ctx), lang)
    if found is None:
        return None
    note = t("commentary.by", lang, author=esc(found.author), date=esc(day(found.date, lang)))
    if found.lang != lang:
        note += " " + esc(t("commentary.in_english", lang))
    heading = esc(found.title) if found.title else esc(t("commentary.heading", lang))
    lang_attr = f' lang="{found.lang}"' if found.lang != lang else ""
    return Html(
        f"<h2>{heading}</h2><p class='cb-src cb-commentary-by'>{note}</p>"
        f"<div class='cb-commentary'{lang_attr}>{_markdown(found.body)}</div>",
        ["cb-commentary-block"],
    )
