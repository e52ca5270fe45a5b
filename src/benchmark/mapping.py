"""Cluster mapping from regional employment: location quotients, ECO stars, the traded denominator.

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

A table of your own (for example Kazakhstan's employment by region and economic activity, exported
from the national statistics office) is read with :func:`read_regional_employment`; the expected
format is in its docstring and in ``docs/training.md``.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Collection, Iterable
from pathlib import Path

import pandas as pd

from . import paths
from .display import Chart, Html, esc, new_figure, table_html
from .errors import DataError, UserError
from .text import t

EMPLOYMENT_DIR = paths.DATA / "employment"

#: The 2015 Land x section table (persons in employment, 17 NACE sections).
DEFAULT_TABLE = "deu_laender_persons_employed_by_section_2015"

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


def location_quotients(emp: pd.DataFrame, traded: Collection[str] | None = None, region: str = "region_iso",
                       sector: str = "sector_code", value: str = "employment") -> pd.DataFrame:
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
        raise UserError(f"the employment table has more than one row for a region and sector, e.g. {dup}; "
                        "select one year and drop total or 'of which' rows first")
    df[value] = pd.to_numeric(df[value])
    if traded is not None:
        traded = set(traded)
        unknown = traded - set(df[sector])
        if unknown:
            raise UserError(f"traded sector codes not in the table: {', '.join(sorted(unknown))}")
        df = df[df[sector].isin(traded)]
    df = df.rename(columns={region: "region", sector: "sector", value: "employment"})
    df["region_total"] = df.groupby("region")["employment"].transform("sum")
    df["sector_total"] = df.groupby("sector")["employment"].transform("sum")
    df["total"] = df["employment"].sum()
    df["share_of_region"] = df["employment"] / df["region_total"]
    df["lq"] = [location_quotient(a, b, c, d) for a, b, c, d in
                df[["employment", "region_total", "sector_total", "total"]].itertuples(index=False)]
    return df.set_index(["region", "sector"]).sort_index()


def stars(emp: pd.DataFrame, traded: Collection[str] | None = None, top_share: float = TOP_SHARE,
          lq_star: float = LQ_STAR, small_region_share: float = SMALL_REGION_SHARE, min_jobs: int = MIN_JOBS,
          **columns) -> pd.DataFrame:
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


# --- data -----------------------------------------------------------------------------------------


def load_employment(name: str = DEFAULT_TABLE, year: int | None = None) -> pd.DataFrame:
    """A regional employment table from ``data/employment/<name>.csv`` (long: one row per region and sector).

    For the 2008-2014 table, only the non-overlapping sector groups are returned (``in_partition``),
    for one year (default: the latest).

    Args:
        name: file name without ``.csv``.
        year: the year to keep (tables with several years).
    """
    path = EMPLOYMENT_DIR / f"{name}.csv"
    meta = path.with_name(path.name + ".meta.yaml")
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in EMPLOYMENT_DIR.glob("*.csv")))
        raise UserError(f"no employment table {name!r}; known: {known}")
    if not meta.exists():
        raise DataError.one(path, f"no provenance sidecar ({meta.name})")
    paths.record_read(path)
    paths.record_read(meta)
    df = pd.read_csv(path, dtype={"sector_code": str, "region_iso": str})
    missing = [c for c in ("region", "region_iso", "sector_code", "year", "employment") if c not in df.columns]
    if missing:
        raise DataError.one(path, f"missing column(s) {', '.join(missing)}", line=1)
    if "in_partition" in df.columns:
        df = df[df["in_partition"].astype(str).str.lower() == "true"]
    df = df[df["region_iso"] != "DE"]  # the national row is the sum of the Laender: never a region
    want = year if year is not None else int(df["year"].max())
    if want not in set(df["year"]):
        raise UserError(f"{name} has no year {want}; years: {sorted(set(df['year']))}")
    cols = [c for c in ("region", "region_iso", "sector_code", "sector", "year", "employment") if c in df.columns]
    return df[df["year"] == want][cols].reset_index(drop=True)


def employment_overview(name: str = DEFAULT_TABLE, year: int | None = None) -> pd.DataFrame:
    """Employment by region (rows) and sector (columns), in thousands, for a first look."""
    df = load_employment(name, year)
    out = df.pivot_table(index="region", columns="sector_code", values="employment", aggfunc="sum")
    return (out / 1000).round(1)


def _number(text: str) -> float | None:
    """'1 234', '1\u00a0234', '1,234' or '1234.0' -> 1234.0; '', '-', '...' -> None."""
    s = re.sub(r"[\s\u00a0\u202f']", "", str(text))
    if s in ("", "-", "–", "—", "...", "…", "x", "X", "nan"):
        return None
    if re.fullmatch(r"\d{1,3}(,\d{3})+", s):
        s = s.replace(",", "")
    s = s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return math.nan


#: Row labels treated as the national total in a user table (dropped, the regions are summed instead).
TOTAL_LABELS = ("republic of kazakhstan", "kazakhstan", "total", "всего", "республика казахстан",
                "қазақстан республикасы", "итого", "барлығы")


def read_regional_employment(path: str | Path) -> pd.DataFrame:
    """Read a region x sector employment table of your own (e.g. exported from stat.gov.kz) as a long table.

    Expected format (UTF-8 CSV, comma or semicolon separated; save a spreadsheet export as CSV first):

    * **long**: a header with ``region``, ``sector_code`` and ``employment`` (optional ``sector``,
      ``year``): one row per region and sector; or
    * **wide**: the first column ``region``, then one column per sector code (e.g. the OKED/NACE
      section letters ``A`` ... ``S``), one row per region.

    Sectors must not overlap (no "of which" columns). Rows whose region is a national total
    ("Republic of Kazakhstan", "Total", "Всего" ...) are dropped. Numbers may use spaces as thousands
    separators; empty cells and "-" mean no data and become 0 with a note in ``attrs["notes"]``.

    Returns:
        A long frame with ``region``, ``region_iso`` (= ``region``, so mapping functions work
        unchanged), ``sector_code``, ``employment`` (and ``year`` when given).

    Raises:
        DataError: naming the file, line and column of the first problem.
    """
    path = Path(path)
    if not path.exists():
        raise UserError(f"file not found: {path}")
    paths.record_read(path)
    text = path.read_text(encoding="utf-8-sig")
    first = text.splitlines()[0] if text.strip() else ""
    if not first:
        raise DataError.one(path, "the file is empty", line=1)
    delim = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delim))
    header = [h.strip() for h in rows[0]]
    low = [h.lower() for h in header]
    if "region" not in low:
        raise DataError.one(path, "the first row must name the columns, starting with 'region'", line=1,
                            field=header[0] if header else None)
    notes: list[str] = []
    records = []
    if "sector_code" in low and "employment" in low:  # long layout
        ir, isec, iemp = low.index("region"), low.index("sector_code"), low.index("employment")
        iyear = low.index("year") if "year" in low else None
        for n, row in enumerate(rows[1:], start=2):
            if not any(c.strip() for c in row):
                continue
            if len(row) != len(header):
                raise DataError.one(path, f"{len(row)} cells, the header has {len(header)}", line=n)
            year = row[iyear] if iyear is not None else None
            records.append((n, row[ir].strip(), row[isec].strip(), row[iemp], year))
    else:  # wide layout
        if low[0] != "region" or len(header) < 2:
            raise DataError.one(path, "expected either columns region, sector_code, employment (long) or "
                                "region followed by one column per sector code (wide)", line=1)
        for n, row in enumerate(rows[1:], start=2):
            if not any(c.strip() for c in row):
                continue
            if len(row) != len(header):
                raise DataError.one(path, f"{len(row)} cells, the header has {len(header)}", line=n)
            for j, code in enumerate(header[1:], start=1):
                records.append((n, row[0].strip(), code, row[j], None))
    out = []
    for n, reg, code, raw, year in records:
        if reg.lower() in TOTAL_LABELS:
            continue
        if not reg:
            raise DataError.one(path, "empty region name", line=n, field="region")
        if not code:
            raise DataError.one(path, "empty sector code", line=n, field="sector_code")
        val = _number(raw)
        if val is None:
            notes.append(f"line {n}: no value for {reg} / {code}, counted as 0")
            val = 0.0
        if math.isnan(val) or val < 0:
            raise DataError.one(path, f"employment must be a number of persons, got {raw!r}", line=n, field=code)
        rec = {"region": reg, "region_iso": reg, "sector_code": code, "employment": val}
        if year not in (None, ""):
            rec["year"] = int(float(year))
        out.append(rec)
    if not out:
        raise DataError.one(path, "no data rows (only a header or only national totals)")
    df = pd.DataFrame(out)
    if df.duplicated(["region", "sector_code"] + (["year"] if "year" in df else [])).any():
        raise DataError.one(path, "a region and sector appear more than once (for the same year)")
    df.attrs["notes"] = notes
    return df


# --- displayables for the training notebooks ------------------------------------------------------


def lq_table(emp: pd.DataFrame, sectors: Iterable[str] | None = None, traded: Collection[str] | None = None,
             lang: str = "en") -> Html:
    """Location quotients by region (rows) and sector (columns); 2 or more in bold."""
    lq = location_quotients(emp, traded=traded)["lq"].unstack("sector")
    if sectors is not None:
        lq = lq[list(sectors)]
    header = [t("training.region", lang), *lq.columns]
    rows = []
    for reg, vals in lq.iterrows():
        cells = [esc(reg)]
        for v in vals:
            txt = "" if pd.isna(v) else f"{v:.2f}"
            cells.append(f"<strong>{txt}</strong>" if pd.notna(v) and v >= LQ_STAR else txt)
        rows.append(cells)
    cap = esc(t("training.lq_table_caption", lang) + (" " + t("training.traded_note", lang) if traded else ""))
    return Html(table_html(header, rows, caption=cap, escape=False), classes=["cb-training"])


def stars_table(emp: pd.DataFrame, sector: str, traded: Collection[str] | None = None, lang: str = "en") -> Html:
    """ECO stars of every region for one sector, with the three tests and the caveat flags."""
    df = stars(emp, traded=traded).xs(sector, level="sector").sort_values("employment", ascending=False)
    yes = "✔"
    header = [t(f"training.{k}", lang) for k in ("region", "employment", "lq", "share_of_region", "size_star",
                                                  "specialisation_star", "focus_star", "stars", "caveat")]
    rows = []
    for reg, r in df.iterrows():
        caveat = ", ".join(t(f"training.{k}", lang) for k in ("small_region", "few_jobs") if r[k])
        rows.append([reg, f"{r['employment']:,.0f}", f"{r['lq']:.2f}", f"{100 * r['share_of_region']:.1f}%",
                     yes if r["size_star"] else "", yes if r["specialisation_star"] else "",
                     yes if r["focus_star"] else "", "★" * int(r["stars"]), caveat])
    return Html(table_html(header, rows, caption=t("training.stars_caption", lang, sector=sector)),
                classes=["cb-training"])


def lq_chart(emp: pd.DataFrame, sector: str, traded: Collection[str] | None = None, lang: str = "en") -> Chart:
    """Bar chart of one sector's location quotient by region, with the lines at 1 and 2."""
    lq = location_quotients(emp, traded=traded)["lq"].xs(sector, level="sector").sort_values()
    fig, ax = new_figure(7, 0.28 * len(lq) + 1)
    ax.barh(range(len(lq)), lq.values, color=["#0b5394" if v >= LQ_STAR else "#9ecae1" for v in lq.values])
    ax.set_yticks(range(len(lq)), list(lq.index), fontsize=8)
    for x, style in ((1, ":"), (LQ_STAR, "--")):
        ax.axvline(x, color="#59636e", linestyle=style, linewidth=1)
    ax.set_xlabel(t("training.lq_axis", lang))
    ax.set_title(t("training.lq_chart_title", lang, sector=sector))
    alt = t("training.lq_chart_alt", lang, sector=sector)
    return Chart.from_figure(fig, alt=alt, caption=esc(t("training.employment_caption", lang)))


def user_employment(path: str = "", lang: str = "en") -> Html:
    """Your own region x sector table: its location quotients, or the expected format when no file is given."""
    if not str(path).strip():
        return Html(t("training.user_table_help", lang), classes=["cb-training", "cb-note"])
    df = read_regional_employment(path)
    notes = "".join(f"<li>{esc(n)}</li>" for n in df.attrs.get("notes", []))
    if "year" in df.columns:
        df = df[df["year"] == df["year"].max()]
    table = lq_table(df, lang=lang)
    return Html(table._repr_html_() + (f"<ul>{notes}</ul>" if notes else ""), classes=["cb-training"])
