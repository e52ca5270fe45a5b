"""A supporting source's quote (``also:``) in another language is glossed in the reader's language, like the main quote.

The Kazakhstan brief's notes are built in Russian and Kazakh from the package's sections, as the notebook calls
them; the quotes and their glosses are read from the data, never typed in here.
"""

from __future__ import annotations

import html as htmllib
from collections.abc import Iterator

import pytest
from pydantic import BaseModel

from benchmark.inputs import load
from benchmark.inputs.schemas import Support, in_lang
from benchmark.sections import country


def _supports(model: object) -> Iterator[Support]:
    """Every supporting source of every claim in ``model`` and the records inside it."""
    if isinstance(model, Support):
        yield model
    if isinstance(model, BaseModel):
        for name in type(model).model_fields:
            yield from _supports(getattr(model, name))
    elif isinstance(model, (list, tuple)):
        for item in model:
            yield from _supports(item)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_supporting_sources_foreign_quote_shows_its_gloss(lang):
    """A Russian or Kazakh reader would meet a supporting source's English words in the notes with no translation."""
    sources = load.load_sources()
    foreign = [
        s
        for s in _supports(load.load_country("KAZ"))
        if s.quote and (s.quote_language or sources[s.source].language) != lang
    ]
    assert foreign, "no supporting source of Kazakhstan's card quotes another language: nothing to check"
    ctx = country.prepare("KAZ", lang=lang)
    for section in (country.overview, country.timeline, country.at_a_glance, country.key_figures):
        section(ctx)  # the sections before the notes register the claims, as the notebook calls them
    notes = " ".join(htmllib.unescape(country.notes(ctx).body).split())
    for s in foreign:
        gloss = in_lang(s.quote_translated, lang)
        assert gloss, f"the quote of {s.source} has no {lang} translation in the data"
        quote = " ".join(s.quote.split())
        assert f"{quote}</q> [{' '.join(gloss.split())}]" in notes, s.source
