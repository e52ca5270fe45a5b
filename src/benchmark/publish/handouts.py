"""Training handouts and slides: each edition's notebooks executed, exported as a handout and as slides.

The handout of the participant edition is its notebook executed unanswered; the trainer's shows every
answer confirmed. Both use the brief template (code shown), so a handout opens offline like a brief.
The module's text is the notebook's own markdown cells, rendered as written: edit a cell, re-export,
and the handout says the new sentence. Beside each handout, ``<module>.slides.html`` presents the
same executed module as offline slides (:mod:`benchmark.publish.slides`).
"""

from __future__ import annotations

from pathlib import Path

from ..core.text import t
from .execute import KernelSession, execute
from .export import export_html, write_atomic
from .slides import slides_html


def module_title(stem: str, lang: str = "en") -> str:
    """A module's title from the locale file (``m2_title`` for ``m2_mapping_clusters``)."""
    return t(f"training.{stem.split('_')[0]}_title", lang)


def handout_html(nb, title: str, edition: str, lang: str = "en") -> str:
    """HTML handout of an executed module notebook: code shown, no network resources."""
    return export_html(
        nb,
        title,
        t(f"training.edition_{edition}", lang),
        lang=lang,
        show_code=True,
        parameters_label=t("training.edition", lang),
    )


def write_handouts(nb_paths: list[Path], edition: str, lang: str = "en") -> list[Path]:
    """Execute each notebook (one kernel for all); write its handout (``.html``) and slides beside it."""
    written = []
    with KernelSession(cwd=nb_paths[0].parent) as session:
        for nb_path in nb_paths:
            nb, _ = execute(nb_path, {}, session=session)
            title = module_title(nb_path.stem, lang)
            target = nb_path.with_suffix(".html")
            write_atomic(target, handout_html(nb, title, edition, lang))
            slides = nb_path.with_suffix(".slides.html")
            write_atomic(slides, slides_html(nb, title, lang))
            written += [target, slides]
    return written
