"""The regional findings, the jobs comparison and the applicant regions follow the rules of docs/regional.md."""

from __future__ import annotations

import math

import pytest

from benchmark.inputs import regional, regional_notes
from benchmark.sections import regional_findings as rf


@pytest.fixture(scope="module")
def found():
    return rf.findings()


def test_at_most_five_findings_each_in_three_languages_with_sources(found):
    """A brief quoting a finding gets text in English, Russian and Kazakh and the BNS table among its sources."""
    assert 0 < len(found) <= rf.MAX_FINDINGS
    for f in found:
        assert set(f.text) == {"en", "ru", "kk"} and all(f.text.values())
        assert regional.GVA_SOURCE in f.cites
    assert len({f.id for f in found}) == len(found)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_a_finding_names_its_section_before_the_sections_letter(found, lang):
    """A finding writes "Mining and quarrying (B)", never "B Mining…": a bare letter before the name reads as a
    word (the Latin B as the Russian «В», "A Agriculture" as the English article)."""
    names = regional.section_names(lang)
    for f in found:
        assert f"{names[f.section]} ({f.section})" in f.text[lang], f.text[lang]
        assert f"{f.section} {names[f.section]}" not in f.text[lang], f.text[lang]


def test_strongest_findings_are_starred_traded_cells_one_per_region(found):
    """The 'strongest' findings name traded sections with two or three stars in the latest year, one per region."""
    end = rf.screened_2017(max(regional.years()))
    strongest = [f for f in found if f.kind == "strongest"]
    assert 0 < len(strongest) <= rf.MAX_STRONGEST
    assert len({f.region for f in strongest}) == len(strongest)
    for f in strongest:
        cell = end.loc[(f.region, f.section)]
        assert cell["kind"] == "traded" and cell["stars"] >= 2
    ranked = [(end.loc[(f.region, f.section), "stars"], end.loc[(f.region, f.section), "lq"]) for f in strongest]
    assert ranked == sorted(ranked, reverse=True)


def test_a_finding_on_a_cell_with_a_caveat_carries_it_and_its_sources(found):
    """A finding whose cell has a caveat quotes the caveat and cites its sources (the gambling zones' law)."""
    for f in found:
        caveat = regional_notes.caveat_for(f.region, f.section)
        if caveat is not None:
            assert set(caveat.sources) <= set(f.cites)
            assert rf.caveat_note(f.region, f.section, "en") in f.text["en"]


def test_share_change_caveat_is_computed_from_the_table():
    """Almaty city's 'other services' note gives the shares the value-added table gives, not typed ones."""
    c = next(c for c in regional_notes.caveats() if c.kind == "share_change")
    start, end = regional.BASE_YEAR, max(regional.years())
    note = rf.caveat_note(c.region_2017, c.section, "en")
    for year in (start, end):
        share = rf.screened_2017(year).loc[(c.region_2017, c.section), "share_of_region"]
        assert rf.pct(share, "en") in note and str(year) in note


def test_jobs_and_value_added_disagree_by_the_stated_rule():
    """A cell is flagged when one quotient is at least 1.5 times the other and one of them is 1 or more."""
    lens = rf.employment_lens(regional.BASE_YEAR)
    assert not lens.empty
    for (_, _), r in lens.iterrows():
        apart = max(r["va_lq"], r["jobs_lq"]) / min(r["va_lq"], r["jobs_lq"]) >= rf.DISAGREE_RATIO
        assert r["disagree"] == (apart and max(r["va_lq"], r["jobs_lq"]) >= 1)
    assert rf.employment_lens(2015).empty  # no employment table for 2015: nothing invented


def test_applicant_groups_follow_applications_and_traded_stars():
    """A region with applications and a starred traded section is 'matched'; one without applications is not."""
    spec = rf.screened(regional.BASE_YEAR)
    codes = sorted(spec.index.get_level_values("region").unique())
    counts = {c: (1 if i % 2 else 0) for i, c in enumerate(codes)}
    match = rf.applicant_match(counts)
    for code, r in match.iterrows():
        cells = spec.xs(code, level="region")
        has = bool(((cells["kind"] == "traded") & (cells["stars"] >= 2)).any())
        expected = ("matched" if has else "unmatched") if counts[code] else ("no_application" if has else "neither")
        assert r["group"] == expected, code
        assert not math.isnan(r["applications"])
