"""Whole-repository data checks: every file validates, every source id resolves, every file has provenance."""

from __future__ import annotations

from benchmark.inputs import load
from benchmark.inputs.validate import validate_all


def test_every_data_file_validates():
    """`clusterbench validate` finds nothing wrong in the shipped data."""
    problems = validate_all()
    assert problems == [], "\n".join(map(str, problems))


def test_every_source_has_title_publisher_and_licence():
    """Each source in the table can be cited: title, publisher, licence, and a year or a note why not."""
    for sid, src in load.load_sources().items():
        assert src.title.strip() and src.publisher_for("en").strip() and src.licence.strip(), sid
        assert src.year or src.year_note, f"{sid}: no year and no note explaining why"


def test_starter_countries_have_their_programmes():
    """Japan and Russia each have two ministry programmes; Kazakhstan has its cluster programme."""
    for iso3, n in (("JPN", 2), ("RUS", 2), ("KAZ", 1)):
        assert len(load.load_country(iso3).programmes) >= n, iso3
