"""Cluster mapping: location quotients, European Cluster Observatory stars, traded denominator, user tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from benchmark.analysis import mapping
from benchmark.core.errors import DataError, UserError
from benchmark.inputs import employment
from benchmark.sections import mapping as mapping_sections


def tiny() -> pd.DataFrame:
    """Two regions, two sectors. North: A 30, B 70 (100); South: A 10, B 90 (100); all: A 40, B 160 (200)."""
    return pd.DataFrame(
        {
            "region_iso": ["N", "N", "S", "S"],
            "sector_code": ["A", "B", "A", "B"],
            "employment": [30, 70, 10, 90],
        }
    )


def test_location_quotient_scalar_by_hand():
    """A wrong LQ formula would mislabel every region's specialisation: (30/100)/(40/200) = 1.5."""
    assert mapping.location_quotient(30, 100, 40, 200) == pytest.approx(1.5)
    assert mapping.location_quotient(10, 100, 40, 200) == pytest.approx(0.5)


def test_location_quotient_zero_denominator_is_nan():
    """An empty region must give 'no value', not a crash or a misleading 0."""
    assert math.isnan(mapping.location_quotient(0, 0, 40, 200))


def test_location_quotients_table_by_hand():
    """The table version must agree with the hand computation for every cell."""
    lq = mapping.location_quotients(tiny())
    assert lq.loc[("N", "A"), "lq"] == pytest.approx(1.5)
    assert lq.loc[("S", "A"), "lq"] == pytest.approx(0.5)
    assert lq.loc[("N", "B"), "lq"] == pytest.approx((70 / 100) / (160 / 200))  # 0.875
    assert lq.loc[("S", "B"), "lq"] == pytest.approx((90 / 100) / (160 / 200))  # 1.125
    assert lq.loc[("N", "A"), "share_of_region"] == pytest.approx(0.30)


def test_traded_denominator_by_hand():
    """Against traded jobs only (A and C), North's A share is 30/50 and the national one 40/100: LQ 1.5."""
    df = pd.DataFrame(
        {
            "region_iso": ["N", "N", "N", "S", "S", "S"],
            "sector_code": ["A", "B", "C", "A", "B", "C"],
            "employment": [30, 50, 20, 10, 50, 40],
        }
    )
    lq = mapping.location_quotients(df, traded=["A", "C"])
    # traded: N = 30 + 20 = 50, S = 10 + 40 = 50, all = 100; A all = 40
    assert lq.loc[("N", "A"), "lq"] == pytest.approx((30 / 50) / (40 / 100))  # 1.5
    assert lq.loc[("N", "C"), "lq"] == pytest.approx((20 / 50) / (60 / 100))  # 0.667
    assert ("N", "B") not in lq.index
    # against all employment North's C is (20/100)/(60/200) = 0.667 as well; B (local) would dilute other cases
    assert mapping.location_quotients(df).loc[("N", "C"), "lq"] == pytest.approx((20 / 100) / (60 / 200))


def test_traded_codes_must_exist():
    """A typo in a traded code must be reported, not silently drop the sector."""
    with pytest.raises(ValueError, match="X"):
        mapping.location_quotients(tiny(), traded=["A", "X"])


def test_duplicate_rows_are_refused():
    """Two rows for one region and sector (e.g. two years) would double-count employment."""
    df = pd.concat([tiny(), tiny().head(1)])
    with pytest.raises(ValueError, match="more than one row"):
        mapping.location_quotients(df)


def ten_regions() -> pd.DataFrame:
    """Ten regions R0..R9, sectors X and Y. Region Ri has X = 10*(i+1) and Y = 100; R9 is big in X."""
    rows = []
    for i in range(10):
        rows += [(f"R{i}", "X", 10 * (i + 1)), (f"R{i}", "Y", 100)]
    rows[-2] = ("R9", "X", 400)
    return pd.DataFrame(rows, columns=["region_iso", "sector_code", "employment"])


def test_stars_by_hand():
    """ECO: size and focus go to the top 10% (1 of 10 regions), specialisation to LQ >= 2."""
    s = mapping.stars(ten_regions(), small_region_share=0.0, min_jobs=0)
    # X: R9 has 400 of 850 X jobs; its share 400/500 = 0.8; national X share 850/1850 = 0.459 -> LQ 1.74
    r9 = s.loc[("R9", "X")]
    assert r9["lq"] == pytest.approx((400 / 500) / (850 / 1850))
    assert bool(r9["size_star"]) and bool(r9["focus_star"]) and not bool(r9["specialisation_star"])
    assert r9["stars"] == 2
    # R8 is second in X: not in the top 10% of 10 regions
    assert s.loc[("R8", "X"), "stars"] == 0
    # Y: everyone has 100 -> all tie for the top; ties all get the size star (nobody is larger)
    assert s.xs("Y", level="sector")["size_star"].all()


def test_top_share_with_16_regions_is_top_two():
    """With 16 regions 'top 10%' means fewer than 1.6 larger values: exactly the top 2."""
    values = pd.Series(range(16), dtype=float)
    top = mapping._in_top(values, 0.10)
    assert list(values[top]) == [14.0, 15.0]


def test_specialisation_star_at_exactly_two():
    """An LQ of exactly 2 earns the star ('2 or more')."""
    df = pd.DataFrame(
        {"region_iso": ["N", "N", "S", "S"], "sector_code": ["A", "B", "A", "B"], "employment": [20, 80, 0, 100]}
    )
    # N: (20/100)/(20/200) = 2.0
    s = mapping.stars(df)
    assert s.loc[("N", "A"), "lq"] == pytest.approx(2.0)
    assert bool(s.loc[("N", "A"), "specialisation_star"])


def test_small_region_and_few_jobs_flags():
    """The caveat flags a region under the share threshold and a cell under the job threshold."""
    df = pd.DataFrame(
        {
            "region_iso": ["Big", "Big", "Tiny", "Tiny"],
            "sector_code": ["A", "B", "A", "B"],
            "employment": [5000, 94500, 300, 200],
        }
    )
    s = mapping.stars(df, small_region_share=0.02, min_jobs=1000)
    assert s.loc[("Tiny", "A"), "small_region"] and not s.loc[("Big", "A"), "small_region"]  # 500/100000 = 0.5%
    assert s.loc[("Tiny", "A"), "few_jobs"] and not s.loc[("Big", "A"), "few_jobs"]


def _sidecar_lq_checks(table: str) -> list[tuple[str, str, float]]:
    """The quotients a table's provenance sidecar says it checked: (region name, sector, LQ to two decimals)."""
    import re

    import yaml

    from benchmark.core import paths

    sidecar = yaml.safe_load((paths.DATA / "employment" / f"{table}.csv.meta.yaml").read_text(encoding="utf-8"))

    def strings(node):
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for v in node.values():
                yield from strings(v)
        elif isinstance(node, list):
            for v in node:
                yield from strings(v)

    sentence = next((s for s in strings(sidecar) if s.startswith("Location quotients")), "")
    found, region = [], None
    for m in re.finditer(r"(?:([A-Z][a-z][\w-]*(?: [A-Z][\w-]*)*) )?([A-Z](?:-[A-Z])?) (\d+\.\d\d)", sentence):
        region = m.group(1) or region
        found.append((region, m.group(2), float(m.group(3))))
    return found


def test_german_table_matches_sidecar_checks():
    """The shipped 2014 table reproduces every quotient its provenance sidecar records (Berlin J, Hamburg J, ...)."""
    table = "deu_laender_employment_by_sector_2008_2014"
    emp = employment.load_employment(table, year=2014)
    lq = mapping.location_quotients(emp)["lq"]
    code = dict(zip(emp["region"].str.replace("ü", "ue"), emp["region_iso"]))
    checks = _sidecar_lq_checks(table)
    assert len(checks) >= 3, "the sidecar's sentence of checked quotients was not found"
    for region, sector, value in checks:
        assert round(lq[(code[region], sector)], 2) == value, (region, sector)
    assert set(emp["sector_code"]) == {"A", "B-E", "F", "G-I", "J", "K", "L", "M-N", "O-Q", "R-U"}  # no overlaps


def test_load_employment_unknown_name_lists_known():
    """A mistyped table name must list the tables that exist."""
    with pytest.raises(UserError, match="deu_laender"):
        employment.load_employment("nope")


# --- user tables (the illustrative data below is invented: FAKE regions, FAKE numbers) ---------------

FAKE_LONG = """region,sector_code,employment,year
Fakeland North,C,"1 000",2023
Fakeland North,J,3000,2023
Fakeland South,C,3000,2023
Fakeland South,J,1000,2023
Republic of Kazakhstan,C,4000,2023
"""

FAKE_WIDE = """region;C;J
Fakeland North;1 000;3000
Fakeland South;3000;-
Total;4000;3000
"""


def test_read_long_user_table(tmp_path):
    """An analyst's long CSV loads, national totals are dropped, spaced thousands are read."""
    path = tmp_path / "fake_long.csv"
    path.write_text(FAKE_LONG, encoding="utf-8")
    df = employment.read_regional_employment(path)
    assert len(df) == 4
    assert df.set_index(["region", "sector_code"]).loc[("Fakeland North", "C"), "employment"] == 1000
    lq = mapping.location_quotients(df)
    # North C: (1000/4000)/(4000/8000) = 0.5
    assert lq.loc[("Fakeland North", "C"), "lq"] == pytest.approx(0.5)


def test_read_wide_user_table_with_semicolons_and_gaps(tmp_path):
    """A wide, semicolon-separated export loads; '-' becomes 0 with a note saying so."""
    path = tmp_path / "fake_wide.csv"
    path.write_text(FAKE_WIDE, encoding="utf-8")
    df = employment.read_regional_employment(path)
    assert len(df) == 4
    assert df.set_index(["region", "sector_code"]).loc[("Fakeland South", "J"), "employment"] == 0
    assert any("Fakeland South" in n for n in df.attrs["notes"])


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "empty"),
        ("place,C\nA,1\n", "region"),
        ("region,C\nA,1,2\n", "cells"),
        ("region,C\nA,lots\n", "number of persons"),
    ],
)
def test_bad_user_tables_name_the_problem(tmp_path, text, reason):
    """A malformed export fails with the file, the line and what is wrong, not a pandas traceback."""
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=reason):
        employment.read_regional_employment(path)


def test_user_employment_without_file_explains_format():
    """With no file given, the notebook cell shows the expected format instead of failing."""
    html = mapping_sections.user_employment("")._repr_html_()
    assert "sector_code" in html and "region" in html
