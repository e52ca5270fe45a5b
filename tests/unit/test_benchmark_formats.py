"""A benchmark definition says which formats its briefs are written in: HTML, and a PDF printed from it."""

from __future__ import annotations

import pytest

from benchmark.core.errors import DataError
from benchmark.publish.benchmarks import load_benchmark
from benchmark.publish.index import human_size

BASE = """id: t
title: T
focal: KAZ
peers: [JPN]
briefs:
  - notebook: country_brief.ipynb
    grid: {country: [KAZ]}
"""


def _load(tmp_path, text):
    p = tmp_path / "b.yaml"
    p.write_text(text, encoding="utf-8")
    return load_benchmark(p)


def test_formats_default_to_html_and_pdf_lands_beside_the_html(tmp_path):
    """Without `formats` a brief is HTML only; with [html, pdf] its PDF goes beside the HTML."""
    assert _load(tmp_path, BASE)[0].formats == ("html",)
    job = _load(tmp_path, BASE.replace("briefs:", "formats: [html, pdf]\nbriefs:"))[0]
    assert job.formats == ("html", "pdf")
    assert job.pdf_path == job.output_path.with_suffix(".pdf")


@pytest.mark.parametrize(
    "formats, message", [("[pdf]", "must include html"), ("[html, docx]", "html"), ("html", "list")]
)
def test_bad_formats_are_refused_with_the_field(tmp_path, formats, message):
    """An unknown format, or a PDF without its HTML, is refused naming the `formats` field."""
    with pytest.raises(DataError) as exc:
        _load(tmp_path, BASE.replace("briefs:", f"formats: {formats}\nbriefs:"))
    assert any(p.field and p.field.startswith("formats") and message in p.reason for p in exc.value.problems), (
        exc.value.problems
    )


@pytest.mark.parametrize("size, shown", [(512, "512 B"), (150_000, "146 KB"), (2_500_000, "2.4 MB")])
def test_sizes_are_shown_as_people_read_them(size, shown):
    """The index shows file sizes in B, KB or MB."""
    assert human_size(size) == shown
