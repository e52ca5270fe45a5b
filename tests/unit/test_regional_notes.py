"""The traded/local classification and the caveats are read with every problem named by file, line and column."""

from __future__ import annotations

import pytest

from benchmark.core.errors import DataError
from benchmark.inputs import regional_notes


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_shipped_tables_read_and_cite_known_sources():
    """The shipped classification and caveats pass every check (sections A-T classified, sources resolvable)."""
    assert regional_notes.check_data() == []
    assert set(regional_notes.section_kinds().values()) <= set(regional_notes.KINDS)


def test_an_unknown_kind_is_refused_with_its_line(project_copy):
    """A section marked 'export' instead of traded/local/mixed names the file, the line and the column."""
    path = project_copy / "data" / "regional" / regional_notes.CLASSES_FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, ln in enumerate(lines, 1) if ln.startswith("B,"))
    _edit(path, "B,traded,", "B,export,")
    with pytest.raises(DataError) as err:
        regional_notes.section_kinds()
    (problem,) = err.value.problems
    assert problem.line == line and problem.field == "kind" and problem.file.endswith(regional_notes.CLASSES_FILE)


def test_a_caveat_without_a_source_is_refused(project_copy):
    """A caveat whose sources column is empty is refused: what no source says stays out."""
    path = project_copy / "data" / "regional" / regional_notes.CAVEATS_FILE
    _edit(path, ",R,gambling_zone,adilet_2007_law_on_gambling_business;caravan_2010_ne_nagralis,", ",R,gambling_zone,,")
    with pytest.raises(DataError) as err:
        regional_notes.caveats()
    assert any(p.field == "sources" and p.line == 2 for p in err.value.problems)


def test_a_typed_share_placeholder_is_refused(project_copy):
    """A share-change note may only use the computed placeholders; a typo such as {share_beginning} is named."""
    path = project_copy / "data" / "regional" / regional_notes.CAVEATS_FILE
    _edit(path, "{share_start} of Almaty", "{share_beginning} of Almaty")
    with pytest.raises(DataError) as err:
        regional_notes.caveats()
    assert any("share_beginning" in p.reason and p.field == "note_en" for p in err.value.problems)


def test_an_unknown_source_is_reported_by_the_check(project_copy):
    """`check_data` names a cited source id that data/sources/ does not have, with the caveat's line."""
    path = project_copy / "data" / "regional" / regional_notes.CAVEATS_FILE
    _edit(path, "caravan_2010_ne_nagralis", "caravan_2010_typo")
    problems = regional_notes.check_data()
    assert any("caravan_2010_typo" in p.reason and p.line == 2 for p in problems), problems
