"""A PDF declares its language: the incremental update that adds /Lang keeps the document readable and whole."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from benchmark.publish.pdf import with_language


def _pdf(pages: int = 2) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Обзор по стране: Казахстан"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_language_is_declared_and_nothing_else_changes(lang):
    before = _pdf(3)
    after = with_language(before, lang)
    assert after.startswith(before)  # an incremental update: the original bytes stay as they were
    reader = PdfReader(io.BytesIO(after), strict=True)
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert len(reader.pages) == 3
    assert reader.metadata.title == "Обзор по стране: Казахстан"


def test_a_pdf_that_already_declares_a_language_is_updated_by_pypdf():
    first = with_language(_pdf(1), "en")
    again = PdfReader(io.BytesIO(with_language(first, "ru")), strict=True)
    assert again.trailer["/Root"]["/Lang"] == "ru" and len(again.pages) == 1


def test_the_document_says_who_issued_it_and_what_it_is():
    """A PDF viewer's document properties show the brief's title, the issuing body and the subject, in any script."""
    from benchmark.publish.pdf import with_metadata

    info = {"title": "Обзор по стране: Казахстан", "author": "Рабочая книга", "subject": "Кластерная политика"}
    after = with_metadata(_pdf(2), "ru", info)
    reader = PdfReader(io.BytesIO(after), strict=True)
    assert reader.trailer["/Root"]["/Lang"] == "ru"
    assert (reader.metadata.title, reader.metadata.author, reader.metadata.subject) == tuple(info.values())
    assert len(reader.pages) == 2
