"""Slides of the training modules: each module as a reveal.js slide show, live in JupyterLab and offline.

One rule (:func:`slide_type`) says how a module's cells make slides:

* a markdown cell opening with a ``#`` or ``##`` heading starts a slide, one opening with ``###`` a
  sub-slide (reached with the down arrow);
* a cell tagged ``trainer`` (notes for the room) becomes the speaker's notes (key ``S`` in the show);
* an exercise's answer (tagged ``solution``, or ``answer`` in the participant edition) and the check
  after it appear one click later (a fragment), so the room can answer first;
* the parameters cell and cells that only import are skipped; every other cell continues its slide.

``clusterbench training slides`` (:func:`benchmark.publish.editions.mark_slides`) writes the rule
into each module's cell metadata (``slideshow.slide_type``), which the RISE extension reads to present
a notebook live in JupyterLab (``make lab``); a contract test keeps the notebooks marked.
:func:`slides_html` turns an executed module into one self-contained HTML file: reveal.js and its notes
plugin are inlined from ``templates/slides/vendor`` (reveal.js 5.2.1, MIT licence), so the slides open
with no network.
"""

from __future__ import annotations

import copy
import re

from ..core import paths

SLIDE_TAGS = {"solution": "fragment", "answer": "fragment"}
_IMPORT_ONLY = re.compile(r"^(\s*(#.*)?\n|\s*(from\s+\S+\s+)?import\s+[^\n]+\n)*\s*$")


def slide_type(cell, previous=None) -> str:
    """The reveal.js slide type of ``cell`` under the workbook's rule (see the module's docstring).

    ``previous`` is the cell before it: a check that follows an answer appears with it.
    """
    tags = set(cell.get("metadata", {}).get("tags", []))
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    if "trainer" in tags:
        return "notes"
    if cell.get("cell_type") == "markdown":
        first = source.lstrip().split("\n", 1)[0]
        if re.match(r"#{1,2}\s", first):
            return "slide"
        if first.startswith("### "):
            return "subslide"
        return "-"
    if "parameters" in tags or _IMPORT_ONLY.fullmatch(source + "\n"):
        return "skip"
    if tags & set(SLIDE_TAGS):
        return "fragment"
    if previous is not None and set(previous.get("metadata", {}).get("tags", [])) & set(SLIDE_TAGS):
        return "fragment"
    return "-"


def mark(nb) -> bool:
    """Write :func:`slide_type` into every cell's ``slideshow`` metadata; True when anything changed."""
    changed = False
    previous = None
    for cell in nb.cells:
        kind = slide_type(cell, previous)
        if cell.metadata.get("slideshow", {}).get("slide_type") != kind:
            cell.metadata["slideshow"] = {"slide_type": kind}
            changed = True
        previous = cell
    return changed


_exporter = None


def slides_exporter():
    """nbconvert's slides exporter with the workbook's offline template (cached)."""
    global _exporter
    if _exporter is None:
        from nbconvert import SlidesExporter

        _exporter = SlidesExporter(
            extra_template_basedirs=[str(paths.TEMPLATES)],
            template_name="slides",
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
    return _exporter


def slides_html(nb, title: str, lang: str = "en") -> str:
    """One self-contained HTML slide show of an executed module notebook (no network at all)."""
    nb = copy.deepcopy(nb)
    mark(nb)
    body, _ = slides_exporter().from_notebook_node(nb, resources={"cb": {"lang": lang, "title": title}})
    return body
