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

Pure computation on tables passed in: reading the employment tables is ``benchmark.inputs.employment``;
tables and charts for the training notebooks are ``benchmark.sections.mapping``.
"""

from __future__ import annotations

import math
from collections.abc import Collection

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
    larger = values.apply(lambda v: (values > v).sum() if pd.notna(v) else n)
    return larger < share * n


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
