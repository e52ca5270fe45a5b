"""Kazakhstan's regional tables keep the identities their sidecars state, checked on the shipped files.

The checks read the CSVs with the standard library (not the package's reader), so a mistake in the reader
cannot hide a broken table. Each identity is also run on a corrupted copy, to show that it can fail.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from benchmark.core import paths
from benchmark.inputs import load, regional

GVA = paths.REGIONAL_DIR / regional.GVA_FILE
EMPLOYMENT = paths.REGIONAL_DIR / regional.EMPLOYMENT_FILE
#: Half the published precision (0.1 million tenge; whole persons); gross regional product to 1.0 (the sidecar's).
TOL, GRP_TOL = 0.05, 1.0


def rows(path: Path) -> list[dict]:
    """The table as dicts, ``value`` as a float and ``line`` the CSV line."""
    with path.open(encoding="utf-8", newline="") as fh:
        out = []
        for line, r in enumerate(csv.DictReader(fh), start=2):
            r["value"], r["line"] = float(r["value"]), line
            out.append(r)
    return out


def national_sum_violations(table: list[dict]) -> list[str]:
    """(year, item) where the rows flagged TRUE do not add up to the national row."""
    summed, national = defaultdict(float), {}
    for r in table:
        key = (r["year"], r["activity_code"])
        if r["in_national_sum"] == "TRUE":
            summed[key] += r["value"]
        elif r["in_national_sum"] == "national":
            national[key] = r["value"]
    return [f"{k}: {summed[k]} != {v}" for k, v in national.items() if abs(summed[k] - v) > TOL]


def grp_violations(table: list[dict]) -> list[str]:
    """(year, unit) where the sections plus net taxes do not give gross regional product."""
    sections, taxes, grp = defaultdict(float), {}, {}
    for r in table:
        key = (r["year"], r["source_region_code"])
        if r["row_type"] == "section":
            sections[key] += r["value"]
        elif r["activity_code"] == "NET_TAXES":
            taxes[key] = r["value"]
        elif r["activity_code"] == "GDP":
            grp[key] = r["value"]
    return [
        f"{k}: {sections[k] + taxes[k]} != {v}" for k, v in grp.items() if abs(sections[k] + taxes[k] - v) > GRP_TOL
    ]


def industry_violations(table: list[dict]) -> list[str]:
    """(year, unit) where industry (IND) is not B + C + D + E."""
    bcde, ind = defaultdict(float), {}
    for r in table:
        key = (r["year"], r["source_region_code"])
        if r["activity_code"] in "BCDE" and r["row_type"] == "section":
            bcde[key] += r["value"]
        elif r["activity_code"] == "IND":
            ind[key] = r["value"]
    return [f"{k}" for k, v in ind.items() if abs(bcde[k] - v) > TOL]


def memo_violations(table: list[dict]) -> list[str]:
    """(year, item) of 2015-2017 where the memo rows Shymkent + Turkistan are not South Kazakhstan (YKO)."""
    memo, yko = defaultdict(float), {}
    for r in table:
        key = (r["year"], r["activity_code"])
        if r["in_national_sum"] == "FALSE" and r["source_region_code"] in ("SHM", "TRK"):
            memo[key] += r["value"]
        elif r["source_region_code"] == "YKO":
            yko[key] = r["value"]
    return [f"{k}" for k, v in yko.items() if abs(memo[k] - v) > TOL]


def sector_total_violations(table: list[dict]) -> list[str]:
    """(year, unit) of the employment table where A + (B-F) + (G-U) is not the total (thousands x 1000)."""
    sectors, count, total = defaultdict(float), defaultdict(int), {}
    for r in table:
        key = (r["year"], r["source_region_code"])
        if r["activity_code"] in regional.EMPLOYMENT_SECTORS:
            sectors[key] += r["value"]
            count[key] += 1
        elif r["activity_code"] == "TOTAL":
            total[key] = r["value"]
    return [f"{k}" for k, v in total.items() if count[k] == 3 and abs(sectors[k] - 1000 * v) > 0.5]


def corrupt(table: list[dict], **where) -> list[dict]:
    """A copy of ``table`` with the first row matching ``where`` increased by 1,000."""
    out = [dict(r) for r in table]
    row = next(r for r in out if all(r[k] == v for k, v in where.items()))
    row["value"] += 1000
    return out


@pytest.fixture(scope="module")
def gva() -> list[dict]:
    return rows(GVA)


@pytest.fixture(scope="module")
def jobs() -> list[dict]:
    return rows(EMPLOYMENT)


def test_regions_add_up_to_the_country(gva, jobs):
    """Every year and item: the regions flagged in_national_sum add up to Kazakhstan's row (an LQ's denominator)."""
    assert national_sum_violations(gva) == []
    assert national_sum_violations(jobs) == []


def test_sections_and_net_taxes_give_gross_regional_product(gva):
    """Every region and year: sections A-S (T) plus net taxes on products = gross regional product."""
    assert grp_violations(gva) == []
    assert industry_violations(gva) == []


def test_memo_rows_are_inside_south_kazakhstan(gva):
    """2015-2017: the back-calculated Shymkent and Turkistan add up to South Kazakhstan, so they are memo items."""
    assert memo_violations(gva) == []
    assert {r["year"] for r in gva if r["in_national_sum"] == "FALSE"} == {"2015", "2016", "2017"}


def test_employment_sectors_add_up_to_the_total(jobs):
    """Agriculture, industry and construction, and services give the total employed (thousands) of each region."""
    assert sector_total_violations(jobs) == []


@pytest.mark.parametrize(
    "check, where",
    [
        (national_sum_violations, {"year": "2017", "source_region_code": "KRG", "activity_code": "C"}),
        (grp_violations, {"year": "2025", "source_region_code": "ATY", "activity_code": "B"}),
        (industry_violations, {"year": "2016", "source_region_code": "PVL", "activity_code": "D"}),
        (memo_violations, {"year": "2015", "source_region_code": "SHM", "activity_code": "G"}),
    ],
    ids=["national-sum", "grp", "industry", "memo"],
)
def test_each_identity_fails_on_a_corrupted_copy(gva, check, where):
    """A value changed by 1,000 million tenge breaks the identity: the checks above can fail."""
    assert check(gva) == []
    assert check(corrupt(gva, **where)) != []


def test_employment_identities_fail_on_a_corrupted_copy(jobs):
    """A region's employment changed by 1,000 persons breaks both employment identities."""
    bad = corrupt(jobs, year="2025", source_region_code="KST", activity_code="B-F")
    assert national_sum_violations(bad) != [] and sector_total_violations(bad) != []


def test_units_of_each_year(gva):
    """2015-2017 on the 16 units of 2017 (plus two memo rows), 2024-2025 on today's 20 units."""
    units = defaultdict(set)
    for r in gva:
        if r["in_national_sum"] == "TRUE":
            units[r["year"]].add(r["source_region_code"])
    assert {y: len(u) for y, u in units.items()} == {"2015": 16, "2016": 16, "2017": 16, "2024": 20, "2025": 20}


def test_the_loader_gives_the_same_totals(gva):
    """What the measures take (memo rows out, one code per unit) still adds up to the national row."""
    for year in regional.years():
        va = regional.value_added(year)
        national = regional.national_value_added(year)
        by_section = va.groupby("section")["value"].sum()
        assert (by_section - national).abs().max() < TOL, year
        assert va["region"].nunique() == (16 if year <= 2017 else 20)
        assert not va.duplicated(["region", "section"]).any(), year


def test_sections_of_2017_are_those_of_the_table(gva):
    """The sections a scoring sheet may name (A-S) are exactly the sections with value added by region in 2017."""
    in_2017 = {r["activity_code"] for r in gva if r["year"] == "2017" and r["row_type"] == "section"}
    assert in_2017 == set(regional.SECTIONS_2017)


def test_sources_and_sidecars():
    """Both tables have their provenance sidecar and cite a BNS source of data/sources/."""
    sources = load.load_sources()
    for path in (GVA, EMPLOYMENT):
        assert paths.sidecar(path).exists(), path.name
    for sid in (regional.GVA_SOURCE, regional.EMPLOYMENT_SOURCE):
        assert sid in sources and sources[sid].language == "ru" and "reference to the source" in sources[sid].licence


def test_validate_reports_a_broken_identity_with_its_line(project_copy):
    """`clusterbench validate` names the file and the national row's line when the regions no longer add up."""
    path = project_copy / "data" / "regional" / regional.GVA_FILE
    text = path.read_text(encoding="utf-8").replace(",229074.9,", ",229075.9,", 1)  # Akmola A 2017, +1.0
    path.write_text(text, encoding="utf-8")
    problems = regional.check_data()
    assert problems and all(p.file.endswith(regional.GVA_FILE) for p in problems)
    nat_line = next(
        r["line"]
        for r in rows(path)
        if r["year"] == "2017" and r["in_national_sum"] == "national" and r["activity_code"] == "A"
    )
    assert any(p.line == nat_line and "add up" in p.reason for p in problems), problems


# --- traded sections, size thresholds and caveats ------------------------------------------


def _classification() -> dict[str, dict]:
    """The traded/local classification as read with the standard library."""
    from benchmark.inputs import regional_notes

    path = paths.REGIONAL_DIR / regional_notes.CLASSES_FILE
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["section"]: r for r in csv.DictReader(fh)}


def test_every_section_is_classified_with_a_reason_and_sources(gva):
    """Each OKED section of the value-added table is traded, local or mixed, with a reason and known sources."""
    classes, sources = _classification(), load.load_sources()
    in_table = {r["activity_code"] for r in gva if r["row_type"] == "section"}
    assert in_table <= set(classes)
    for s, r in classes.items():
        assert r["kind"] in ("traded", "local", "mixed") and len(r["reason"]) > 40, s
        cited = [x.strip() for x in r["sources"].split(";") if x.strip()]
        assert cited and all(x in sources for x in cited), s
    assert paths.sidecar(paths.REGIONAL_DIR / "oked_sections_traded_local.csv").exists()


@pytest.mark.parametrize("year", [2015, 2016, 2017, 2024, 2025])
def test_no_star_or_strongest_on_a_local_or_small_cell(year):
    """No star and no strongest specialisation (the map) fall on a local section or under the size threshold."""
    from benchmark.analysis import mapping
    from benchmark.sections import regional_findings

    local = {s for s, r in _classification().items() if r["kind"] == "local"}
    spec = regional_findings.screened(year)
    starred = spec[spec["stars"] > 0]
    assert not set(starred.index.get_level_values("sector")) & local
    small = (starred["share_of_region"] < mapping.MIN_SHARE_OF_REGION) & (
        starred["share_of_sector"] < mapping.MIN_SHARE_OF_SECTOR
    )
    assert not small.any(), starred[small]
    best = mapping.strongest_of_kind(spec, "traded")
    traded = {s for s, r in _classification().items() if r["kind"] == "traded"}
    assert set(best["sector"]) <= traded and (best["lq"] > 1).all()
    cells = spec.loc[list(zip(best.index, best["sector"]))]
    assert (
        (cells["share_of_region"] >= mapping.MIN_SHARE_OF_REGION)
        | (cells["share_of_sector"] >= mapping.MIN_SHARE_OF_SECTOR)
    ).all()


def test_every_caveat_has_a_source_and_names_a_cell_of_the_table(gva):
    """Each caveat cites sources of data/sources/ and names a region and section that the table has."""
    from benchmark.inputs import regional_notes

    sources = load.load_sources()
    path = paths.REGIONAL_DIR / regional_notes.CAVEATS_FILE
    with path.open(encoding="utf-8", newline="") as fh:
        caveats = list(csv.DictReader(fh))
    assert caveats and paths.sidecar(path).exists()
    codes_2017 = set(regional.current_to_2017().values()) | set(regional.NO_CURRENT_CODE.values())
    codes_now = {r["region_iso_3166_2"] for r in gva if r["year"] == "2025"}
    for c in caveats:
        cited = [x.strip() for x in c["sources"].split(";") if x.strip()]
        assert cited and all(x in sources for x in cited), c["id"]
        assert not c["region_2017"] or c["region_2017"] in codes_2017, c["id"]
        assert not c["region_current"] or c["region_current"] in codes_now, c["id"]
        assert all(c[f"note_{lang}"] for lang in ("en", "ru", "kk")), c["id"]
