"""Specialisation on value added: quotients, shares, adapted ECO stars, strongest section, units of other borders."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from benchmark.analysis import mapping


def tiny() -> pd.DataFrame:
    """Three regions, two sections, value added (any unit).

    North: A 30, C 70 (100); South: A 10, C 190 (200); East: A 60, C 40 (100).
    Kazakhstan: A 100, C 300, all 400.
    """
    return pd.DataFrame(
        {
            "region": ["N", "N", "S", "S", "E", "E"],
            "section": ["A", "C", "A", "C", "A", "C"],
            "value": [30.0, 70.0, 10.0, 190.0, 60.0, 40.0],
        }
    )


def test_location_quotients_and_shares_by_hand():
    """LQ = (region's share) / (country's share); share of the section = the region's part of the national total."""
    s = mapping.specialisation(tiny())
    assert s.loc[("N", "A"), "lq"] == pytest.approx((30 / 100) / (100 / 400))  # 1.2
    assert s.loc[("S", "A"), "lq"] == pytest.approx((10 / 200) / (100 / 400))  # 0.2
    assert s.loc[("E", "A"), "lq"] == pytest.approx((60 / 100) / (100 / 400))  # 2.4
    assert s.loc[("S", "C"), "lq"] == pytest.approx((190 / 200) / (300 / 400))  # 1.2667
    assert s.loc[("E", "A"), "share_of_sector"] == pytest.approx(60 / 100)
    assert s.loc[("S", "C"), "share_of_sector"] == pytest.approx(190 / 300)
    assert s.loc[("N", "C"), "share_of_region"] == pytest.approx(0.70)
    assert s.loc[("E", "A"), "value"] == 60 and s.loc[("E", "A"), "total"] == 400


def test_stars_by_hand():
    """With 3 regions, 'top 10%' means no region larger: only the largest and the most focused get those stars.

    A: largest value E (60) -> size; focus (share of region) E 0.6 -> focus; LQ E 2.4 -> specialisation: 3 stars.
    C: largest value S (190) -> size; focus S 0.95 -> focus; LQ S 1.27 < 2: 2 stars. North has none.
    """
    s = mapping.specialisation(tiny())
    assert s.loc[("E", "A"), ["size_star", "specialisation_star", "focus_star"]].tolist() == [True, True, True]
    assert s.loc[("E", "A"), "stars"] == 3
    assert s.loc[("S", "C"), "stars"] == 2 and not s.loc[("S", "C"), "specialisation_star"]
    assert s.loc[("N", "A"), "stars"] == 0 and s.loc[("N", "C"), "stars"] == 0


def test_thresholds_can_be_changed():
    """An LQ threshold of 1.2 stars North's A and South's C; the top half gives more size stars."""
    s = mapping.specialisation(tiny(), lq_star=1.2, top_share=0.5)
    assert s.loc[("N", "A"), "specialisation_star"] and s.loc[("S", "C"), "specialisation_star"]
    # top 50% of 3: fewer than 1.5 regions larger -> the largest and the second
    assert s.xs("A", level="sector")["size_star"].to_dict() == {"E": True, "N": True, "S": False}


def test_ties_all_get_the_star():
    """Two regions with the same largest value both pass the size test (a hand count gives the same)."""
    df = pd.DataFrame({"region": ["N", "S", "E"], "section": ["A"] * 3, "value": [5.0, 5.0, 3.0]})
    s = mapping.specialisation(df, top_share=0.5)
    assert s["size_star"].to_dict() == {("E", "A"): False, ("N", "A"): True, ("S", "A"): True}


def test_focus_where_defined():
    """A region with no value added at all has no focus share (NaN), no quotient and no star, and nothing breaks."""
    df = pd.concat([tiny(), pd.DataFrame({"region": ["Z", "Z"], "section": ["A", "C"], "value": [0.0, 0.0]})])
    s = mapping.specialisation(df)
    assert math.isnan(s.loc[("Z", "A"), "share_of_region"]) and math.isnan(s.loc[("Z", "A"), "lq"])
    assert s.loc[("Z", "A"), "stars"] == 0
    assert s.loc[("E", "A"), "stars"] == 3  # the others are unchanged


def test_a_zero_cell_is_a_quotient_of_zero():
    """A region without any mining (Almaty city) has LQ 0 in mining, not 'no value'."""
    df = tiny()
    df.loc[(df.region == "N") & (df.section == "A"), "value"] = 0.0
    s = mapping.specialisation(df)
    assert s.loc[("N", "A"), "lq"] == 0 and not s.loc[("N", "A"), "size_star"]


def test_to_units_sums_into_the_2017_units():
    """Today's Abai and East Kazakhstan add back into East Kazakhstan as it was in 2017."""
    now = pd.DataFrame(
        {
            "region": ["KZ-10", "KZ-10", "KZ-63", "KZ-63", "KZ-55", "KZ-55"],
            "section": ["A", "C", "A", "C", "A", "C"],
            "value": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        }
    )
    out = mapping.to_units(now, {"KZ-10": "KZ-VOS", "KZ-63": "KZ-VOS", "KZ-55": "KZ-PAV"})
    assert out.set_index(["region", "section"])["value"].to_dict() == {
        ("KZ-PAV", "A"): 5.0,
        ("KZ-PAV", "C"): 6.0,
        ("KZ-VOS", "A"): 4.0,
        ("KZ-VOS", "C"): 6.0,
    }
    with pytest.raises(ValueError, match="KZ-55"):
        mapping.to_units(now, {"KZ-10": "KZ-VOS", "KZ-63": "KZ-VOS"})


def test_shares_of_total():
    """Each region's share of all value added: North 100/400, South 200/400, East 100/400."""
    assert mapping.shares_of_total(tiny()).to_dict() == {"E": 0.25, "N": 0.25, "S": 0.5}


def test_employment_stars_unchanged_by_the_faster_ranking():
    """The ECO stars on employment still give the hand count (top 10% of 16 Laender = the top 2, ties in)."""
    emp = pd.DataFrame(
        {
            "region_iso": [f"R{i:02d}" for i in range(16)] * 2,
            "sector_code": ["A"] * 16 + ["B"] * 16,
            "employment": [100, 100, 90] + [10] * 13 + [50] * 16,
        }
    )
    st = mapping.stars(emp)
    size = st.xs("A", level="sector")["size_star"]
    assert size[size].index.tolist() == ["R00", "R01"]  # two at 100 tie for the top; 90 has two larger
    assert st.xs("B", level="sector")["size_star"].all()  # sixteen equal values: no region has a larger one


# --- traded sections and size thresholds -------------------------------------------------------------


def screened_tiny(**thresholds) -> pd.DataFrame:
    """``tiny()`` screened with A local and C traded."""
    return mapping.screen(mapping.specialisation(tiny()), {"A": "local", "C": "traded"}, **thresholds)


def test_screen_never_stars_a_local_section():
    """East's agriculture passes the ECO tests (LQ 2.4, the largest) but agriculture is local: no star."""
    s = screened_tiny()
    east_a = s.loc[("E", "A")]
    assert east_a["tests"] >= 2 and east_a["stars"] == 0 and not east_a["counted"]
    assert (s.loc[s["kind"] == "local", "stars"] == 0).all()


def test_screen_keeps_stars_only_above_a_size_threshold():
    """A traded cell under both thresholds loses its stars; lowering the thresholds gives them back."""
    s = screened_tiny(min_share_of_region=0.8, min_share_of_sector=0.7)
    # North's manufacturing: 70% of North, 23% of Kazakhstan's C: under both thresholds
    assert not s.loc[("N", "C"), "large"] and s.loc[("N", "C"), "stars"] == 0
    # South's manufacturing: 95% of South: above the first
    assert s.loc[("S", "C"), "large"] and s.loc[("S", "C"), "stars"] == s.loc[("S", "C"), "tests"]
    low = screened_tiny(min_share_of_region=0.0, min_share_of_sector=0.0)
    assert low.loc[("N", "C"), "stars"] == low.loc[("N", "C"), "tests"]


def test_unclassified_sections_count_as_local():
    """A section missing from the classification is treated as local (context), never starred."""
    s = mapping.screen(mapping.specialisation(tiny()), {"C": "traded"})
    assert set(s.xs("A", level="sector")["kind"]) == {"local"}


def test_strongest_of_kind_skips_local_and_small_cells():
    """East's strongest is its local agriculture by LQ, but the traded strongest is none (C LQ below 1)."""
    s = screened_tiny()
    best = mapping.strongest_of_kind(s, "traded")
    assert "E" not in best.index  # East's C has LQ (40/100)/(300/400) = 0.53
    assert best.loc["S", "sector"] == "C" and best.loc["S", "lq"] == pytest.approx((190 / 200) / (300 / 400))
    assert set(best["sector"]) <= {"C"}


def test_star_sensitivity_is_recomputed_at_each_factor():
    """The count at a factor is the number of starred cells of a screen at those thresholds."""
    spec = mapping.specialisation(tiny())
    kinds = {"A": "traded", "C": "traded"}
    counts = mapping.star_sensitivity(spec, kinds, factors=(0.5, 1.0, 40.0), min_stars=1)
    for f, n in counts.items():
        expected = mapping.screen(spec, kinds, f * mapping.MIN_SHARE_OF_REGION, f * mapping.MIN_SHARE_OF_SECTOR)
        assert n == int((expected["stars"] >= 1).sum())
    assert counts[40.0] < counts[1.0]  # 120% of the region and 200% of the section: nothing is large enough
