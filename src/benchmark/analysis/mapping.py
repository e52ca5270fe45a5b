"""Cluster mapping measures: location quotients, European Cluster Observatory stars, the traded denominator.

Methods (sources in ``data/sources/training.yaml``):

* **Location quotient** (specialisation): the sector's share of the region's employment divided by
  the sector's share of the whole territory's employment,
  ``LQ = (e_rs / e_r) / (e_s / e)``. 1 means "as much as everywhere"; 2 means twice as concentrated.
* **European Cluster Observatory stars** (``eco_2011_cluster_mapping_methodology``): each region-category cell gets
  one star for each of three tests it passes:

  - *size*: its employment is in the top 10% of all regions in the same category;
  - *specialisation*: its location quotient is 2 or more;
  - *focus*: the category's share of the region's own employment is in the top 10% of all regions in
    the same category.

  "Top 10%" is implemented as: fewer than 10% of the regions have a strictly larger value (with 16
  regions, the top 2; with 259, the top 26), so a hand count gives the same answer.
* **Traded denominator** (US Cluster Mapping Project, ``hbs_undated_us_cluster_mapping_methodology``,
  Delgado, Porter and Stern 2016, ``delgado_porter_stern_2016_defining_clusters``): traded industries
  sell outside their region and cluster; local ones serve the local market everywhere. Measuring a
  traded sector's share against *traded* employment only keeps a region's large local sectors
  (retail, health, public services) from diluting its specialisation. ``traded=`` takes the sector
  codes to count as traded.
* **Small-region caveat**: in a small region a few hundred jobs move a quotient a lot, and the size
  test can never be passed. Rows get ``small_region`` (the region's share of all employment is below
  ``small_region_share``) and ``few_jobs`` (fewer than ``min_jobs`` in the cell). These two thresholds
  are the workbook's teaching defaults, not part of either method.

* **Specialisation on value added** (:func:`specialisation`): where employment by region and sector is
  missing (Kazakhstan publishes value added by region and OKED section, employment only in three broad
  sectors), the same measures on gross value added: the location quotient of value added, each region's
  share of the national total of a section, and the ECO stars adapted: *size*, the cell's value added is
  in the top 10% of regions in that section; *specialisation*, LQ >= 2; *focus*, the section's share of
  the region's own value added is in the top 10% of regions, where that share is defined (a region with
  no value added has none). Value added per worker differs a lot between sections (mining against
  retail, say), so a quotient on value added is not one on jobs: capital-intensive sections stand out more.
* **Strongest specialisation** (:func:`strongest_of_kind`): among the cells counted by :func:`screen` (a traded
  or mixed section above the size thresholds), the one of a kind with the highest LQ above 1, so that a
  section too small to matter to the region (whose quotient a single firm can swing) does not name it.

Pure computation on tables passed in: reading the employment tables is ``benchmark.inputs.employment``,
Kazakhstan's regional tables ``benchmark.inputs.regional``; tables and charts for the training notebooks
are ``benchmark.sections.mapping``, the briefs' regional section ``benchmark.sections.regions``.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping

import pandas as pd

#: ECO thresholds (eco_2011_cluster_mapping_methodology): top 10% for size and focus, LQ >= 2 for specialisation.
TOP_SHARE = 0.10
LQ_STAR = 2.0

#: Teaching defaults for the small-region caveat (workbook choices, not ECO or CMP rules).
SMALL_REGION_SHARE = 0.02
MIN_JOBS = 1000

#: A teaching approximation of "mostly traded" NACE sections, for the 2015 table only: mining (B),
#: manufacturing (C), information and communication (J), finance and insurance (K), professional,
#: scientific and technical services (M). The US Cluster Mapping Project classifies 6-digit
#: industries, and every section mixes traded and local activities: this list only shows the idea.
TRADED_TEACHING_2015 = ("B", "C", "J", "K", "M")

#: Size thresholds of a counted cell (workbook defaults, docs/regional.md): the section makes at least this share
#: of the region's value added ...
MIN_SHARE_OF_REGION = 0.03
#: ... or the region holds at least this share of the country's section.
MIN_SHARE_OF_SECTOR = 0.05
#: Kinds of section whose cells can be counted (local sections are context only).
COUNTED_KINDS = ("traded", "mixed")

_REQUIRED = ("region", "sector_code", "employment")


# --- the formulas ---------------------------------------------------------------------------------


def location_quotient(e_rs: float, e_r: float, e_s: float, e: float) -> float:
    """Location quotient of one region and sector.

    Args:
        e_rs: employment in the sector in the region.
        e_r: all employment in the region (or all traded employment, for the traded denominator).
        e_s: employment in the sector in the whole territory.
        e: all employment in the whole territory (or all traded employment).

    Returns:
        ``(e_rs / e_r) / (e_s / e)``; NaN when a denominator is zero.
    """
    if not e_r or not e or not e_s:
        return math.nan
    return (e_rs / e_r) / (e_s / e)


def _in_top(values: pd.Series, share: float) -> pd.Series:
    """True where fewer than ``share`` of the values are strictly larger (ties all get in)."""
    n = values.notna().sum()
    larger = n - values.rank(method="max")  # how many values are strictly larger (NaN for a missing value)
    return (larger < share * n).fillna(False).astype(bool)


def location_quotients(
    emp: pd.DataFrame,
    traded: Collection[str] | None = None,
    region: str = "region_iso",
    sector: str = "sector_code",
    value: str = "employment",
) -> pd.DataFrame:
    """Location quotient of every region and sector of a long employment table.

    Args:
        emp: one row per region and sector (one year), with columns ``region``, ``sector`` and ``value``.
            The sectors must not overlap (no totals, no "of which" rows).
        traded: sector codes to count as traded. When given, only those sectors get a quotient and the
            denominators are the region's and the territory's traded employment (the US Cluster
            Mapping Project's convention).
        region, sector, value: column names.

    Returns:
        A frame indexed by (region, sector) with ``employment``, ``region_total`` (the denominator
        used), ``sector_total``, ``total``, ``share_of_region`` (the ECO focus measure) and ``lq``.
    """
    df = emp[[region, sector, value]].copy()
    if df.duplicated([region, sector]).any():
        dup = df[df.duplicated([region, sector], keep=False)].head(2).to_dict("records")
        raise ValueError(
            f"the employment table has more than one row for a region and sector, e.g. {dup}; "
            "select one year and drop total or 'of which' rows first"
        )
    df[value] = pd.to_numeric(df[value])
    if traded is not None:
        traded = set(traded)
        unknown = traded - set(df[sector])
        if unknown:
            raise ValueError(f"traded sector codes not in the table: {', '.join(sorted(unknown))}")
        df = df[df[sector].isin(traded)]
    df = df.rename(columns={region: "region", sector: "sector", value: "employment"})
    df["region_total"] = df.groupby("region")["employment"].transform("sum")
    df["sector_total"] = df.groupby("sector")["employment"].transform("sum")
    df["total"] = df["employment"].sum()
    df["share_of_region"] = df["employment"] / df["region_total"]
    df["lq"] = [
        location_quotient(a, b, c, d)
        for a, b, c, d in df[["employment", "region_total", "sector_total", "total"]].itertuples(index=False)
    ]
    return df.set_index(["region", "sector"]).sort_index()


def stars(
    emp: pd.DataFrame,
    traded: Collection[str] | None = None,
    top_share: float = TOP_SHARE,
    lq_star: float = LQ_STAR,
    small_region_share: float = SMALL_REGION_SHARE,
    min_jobs: int = MIN_JOBS,
    **columns,
) -> pd.DataFrame:
    """European Cluster Observatory stars for every region and sector, with the small-region caveat.

    Args:
        emp: long employment table (see :func:`location_quotients`).
        traded: optional traded sector codes (denominator option, see :func:`location_quotients`).
        top_share: the share of regions that gets the size and focus stars (ECO: 10%).
        lq_star: the location quotient that earns the specialisation star (ECO: 2).
        small_region_share: flag regions with less than this share of all employment.
        min_jobs: flag cells with fewer jobs than this.
        **columns: ``region=``, ``sector=``, ``value=`` column names.

    Returns:
        The :func:`location_quotients` frame plus ``size_star``, ``specialisation_star``,
        ``focus_star``, ``stars`` (0-3), ``small_region`` and ``few_jobs``.
    """
    df = location_quotients(emp, traded=traded, **columns)
    by_sector = df.groupby(level="sector", group_keys=False)
    df["size_star"] = by_sector["employment"].apply(lambda s: _in_top(s, top_share))
    df["specialisation_star"] = df["lq"] >= lq_star
    df["focus_star"] = by_sector["share_of_region"].apply(lambda s: _in_top(s, top_share))
    df["stars"] = df[["size_star", "specialisation_star", "focus_star"]].sum(axis=1).astype(int)
    # the caveat looks at all employment of the region, whatever the denominator
    region_all = location_quotients(emp, **columns).groupby(level="region")["employment"].sum()
    share = region_all / region_all.sum()
    df["small_region"] = df.index.get_level_values("region").map(share < small_region_share).astype(bool)
    df["few_jobs"] = df["employment"] < min_jobs
    return df


# --- specialisation on any additive measure (value added) -----------------------------------------


def specialisation(
    table: pd.DataFrame,
    region: str = "region",
    sector: str = "section",
    value: str = "value",
    top_share: float = TOP_SHARE,
    lq_star: float = LQ_STAR,
) -> pd.DataFrame:
    """Location quotients, shares and ECO-style stars of every region and sector of one year's table.

    Args:
        table: one row per region and sector (no totals, no memo rows), e.g. value added by region and
            OKED section; the regions must add up to the whole territory.
        region, sector, value: column names.
        top_share: the share of regions that gets the size and focus stars (ECO: 10%).
        lq_star: the location quotient that earns the specialisation star (ECO: 2).

    Returns:
        A frame indexed by (region, sector) with ``value``, ``region_total``, ``sector_total``, ``total``,
        ``share_of_region`` (the focus measure; NaN where the region's total is 0), ``share_of_sector``
        (the region's share of the territory's total of the sector), ``lq``, ``size_star``,
        ``specialisation_star``, ``focus_star`` and ``stars`` (0-3).
    """
    df = location_quotients(table, region=region, sector=sector, value=value).rename(columns={"employment": "value"})
    df["share_of_region"] = df["value"] / df["region_total"].where(df["region_total"] > 0)
    df["share_of_sector"] = df["value"] / df["sector_total"].where(df["sector_total"] > 0)
    df["size_star"] = _top_in_sector(df, "value", top_share)
    df["specialisation_star"] = df["lq"] >= lq_star
    df["focus_star"] = _top_in_sector(df, "share_of_region", top_share)
    df["stars"] = df[["size_star", "specialisation_star", "focus_star"]].sum(axis=1).astype(int)
    return df


def _top_in_sector(df: pd.DataFrame, column: str, share: float) -> pd.Series:
    """:func:`_in_top` within each sector at once: fewer than ``share`` of the sector's regions are larger."""
    by_sector = df.groupby(level="sector")[column]
    n = by_sector.transform("count")
    larger = n - by_sector.rank(method="max")
    return (larger < share * n).fillna(False).astype(bool)


def to_units(
    table: pd.DataFrame, mapping: dict[str, str], region: str = "region", sector: str = "section", value: str = "value"
) -> pd.DataFrame:
    """A long table summed into other units: each region code replaced by ``mapping[code]`` (e.g. today's
    regions into those of 2017: Abai and East Kazakhstan into East Kazakhstan as it was).

    Raises:
        ValueError: a region code that ``mapping`` does not map.
    """
    unknown = sorted(set(table[region]) - set(mapping))
    if unknown:
        raise ValueError(f"no unit for region code(s) {', '.join(map(str, unknown))}")
    df = table[[region, sector, value]].copy()
    df[region] = df[region].map(mapping)
    return df.groupby([region, sector], as_index=False, sort=True)[value].sum()


def shares_of_total(table: pd.DataFrame, region: str = "region", value: str = "value") -> pd.Series:
    """Each region's share of the whole territory's total (0-1), by region."""
    by_region = table.groupby(region)[value].sum()
    return by_region / by_region.sum()


# --- traded sections and size thresholds ----------------------------------------------------------


def screen(
    spec: pd.DataFrame,
    kinds: Mapping[str, str],
    min_share_of_region: float = MIN_SHARE_OF_REGION,
    min_share_of_sector: float = MIN_SHARE_OF_SECTOR,
) -> pd.DataFrame:
    """A :func:`specialisation` frame with each cell's kind and size, stars kept only where they count.

    Args:
        spec: a :func:`specialisation` frame.
        kinds: each sector's kind (``traded``, ``mixed`` or ``local``); a sector without one is local.
        min_share_of_region: the section's share of the region's own total that makes the cell large enough ...
        min_share_of_sector: ... or the region's share of the territory's total of the section.

    Returns:
        ``spec`` plus ``kind``, ``large`` (passes a size threshold), ``counted`` (traded or mixed and large) and
        ``tests`` (how many of the three ECO tests the cell passes, whatever its kind and size); ``stars`` is
        ``tests`` where the cell is counted and 0 elsewhere.
    """
    df = spec.copy()
    df["kind"] = df.index.get_level_values("sector").map(lambda s: kinds.get(s, "local"))
    df["large"] = (df["share_of_region"].fillna(0) >= min_share_of_region) | (
        df["share_of_sector"].fillna(0) >= min_share_of_sector
    )
    df["counted"] = df["kind"].isin(COUNTED_KINDS) & df["large"]
    df["tests"] = df[["size_star", "specialisation_star", "focus_star"]].sum(axis=1).astype(int)
    df["stars"] = df["tests"].where(df["counted"], 0).astype(int)
    return df


def strongest_of_kind(screened: pd.DataFrame, kind: str = "traded") -> pd.DataFrame:
    """Each region's strongest specialisation among the counted cells of one kind in a :func:`screen` frame.

    The counted cell of ``kind`` with the highest location quotient, if that quotient is above 1; a region
    without one is left out (it has no specialisation of that kind large enough to name it).

    Returns:
        A frame indexed by region with ``sector``, ``lq``, ``share_of_region``, ``share_of_sector`` and ``stars``.
    """
    cells = screened[screened["counted"] & (screened["kind"] == kind) & (screened["lq"] > 1)]
    best = cells["lq"].groupby(level="region").idxmax()
    picked = cells.loc[list(best)]
    return pd.DataFrame(
        {
            "sector": picked.index.get_level_values("sector"),
            "lq": picked["lq"].to_numpy(),
            "share_of_region": picked["share_of_region"].to_numpy(),
            "share_of_sector": picked["share_of_sector"].to_numpy(),
            "stars": picked["stars"].astype(int).to_numpy(),
        },
        index=pd.Index(picked.index.get_level_values("region"), name="region"),
    )


def starred(screened: pd.DataFrame, min_stars: int = 2) -> pd.DataFrame:
    """The cells of a :func:`screen` frame with at least ``min_stars`` counted stars."""
    return screened[screened["stars"] >= min_stars]


def star_sensitivity(
    spec: pd.DataFrame,
    kinds: Mapping[str, str],
    factors: tuple[float, ...] = (0.5, 1.0, 2.0),
    min_share_of_region: float = MIN_SHARE_OF_REGION,
    min_share_of_sector: float = MIN_SHARE_OF_SECTOR,
    min_stars: int = 2,
) -> dict[float, int]:
    """How many cells have ``min_stars`` or more counted stars when both size thresholds are multiplied by
    each factor (1.0: the thresholds as given)."""
    return {
        f: len(starred(screen(spec, kinds, f * min_share_of_region, f * min_share_of_sector), min_stars))
        for f in factors
    }
