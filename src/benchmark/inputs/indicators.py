"""Country indicator series (World Bank WDI) from ``data/indicators/``: CSV plus provenance sidecar.

Each ``<name>.csv`` is long format (``iso3,year,value`` and sometimes more columns) with a
``<name>.csv.meta.yaml`` sidecar copied from the project's shared data. Charts take their source line
from the sidecar's ``citation_full`` (:func:`citations`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..core import paths
from ..core.errors import DataError
from . import files
from .load import load_yaml_model
from .provenance import Provenance

#: Series used by comparison briefs, by short name.
FX = "fx_official_lcu_per_usd"
GDP = "gdp_current_usd_wdi2026"
POPULATION = "population_total"
RND = "rnd_expenditure_pct_gdp"
HIGHTECH = "hightech_exports_pct_manuf_exports"
INDUSTRY = "industry_va_pct_gdp"


class IndicatorMeta(BaseModel):
    """The provenance sidecar of an indicator CSV (the fields the workbook relies on; others are kept)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    file: str
    title: str
    producer: str
    source_indicator_code: str | None = None
    url_main: str | None = None
    date_accessed: str | None = None
    license: str
    citation_full: str
    columns: dict[str, str] = Field(min_length=1)
    caveats: list[str] = []
    provenance: Provenance


def csv_path(name: str) -> Path:
    """Path of an indicator CSV."""
    return paths.INDICATORS_DIR / f"{name}.csv"


def meta_path(name: str) -> Path:
    """Path of an indicator's sidecar."""
    return paths.INDICATORS_DIR / f"{name}.csv.meta.yaml"


def _read(name: str) -> tuple[IndicatorMeta, list[dict[str, Any]]]:
    path, mpath = csv_path(name), meta_path(name)
    files.require(path, "indicator file")
    if not mpath.exists():
        raise DataError.one(path, f"no provenance sidecar ({mpath.name}); every indicator needs one")
    meta = load_yaml_model(IndicatorMeta, mpath)
    header, raw = files.csv_rows(path)
    if header != list(meta.columns):
        raise DataError.one(path, f"columns are {header}, the sidecar declares {list(meta.columns)}", line=1)
    rows: list[dict[str, Any]] = []
    for i, r in enumerate(raw, start=2):
        row: dict[str, Any] = dict(r)
        try:
            row["year"] = int(row["year"])
            row["value"] = float(row["value"])
        except (TypeError, ValueError):
            raise DataError.one(path, f"year or value is not a number: {r}", line=i) from None
        rows.append(row)
    return meta, rows


def read_series(name: str) -> tuple[IndicatorMeta, list[dict[str, Any]]]:
    """An indicator's sidecar and rows (``year`` as int, ``value`` as float; absent values stay absent)."""
    return files.cached("indicator", [csv_path(name), meta_path(name)], lambda: _read(name))


def series(name: str, countries: list[str]) -> dict[str, dict[int, float]]:
    """``{iso3: {year: value}}`` for the given countries (a country without rows maps to {})."""
    _, rows = read_series(name)
    out: dict[str, dict[int, float]] = {c: {} for c in countries}
    for r in rows:
        if r["iso3"] in out:
            out[r["iso3"]][r["year"]] = r["value"]
    return out


def fx_rates() -> dict[tuple[str, int], float]:
    """``{(currency, year): LCU per US$}`` from the official-rate series (currency from its column).

    The euro appears once per year (DEU, FRA, ESP and the euro area share one rate); legacy currencies
    (DEM, FRF, ESP) cover the years before 1999.
    """
    _, rows = read_series(FX)
    out: dict[tuple[str, int], float] = {}
    for r in rows:
        out.setdefault((r["currency"], r["year"]), r["value"])
    return out


def gdp_usd() -> dict[tuple[str, int], float]:
    """``{(iso3, year): GDP in current US$}``."""
    _, rows = read_series(GDP)
    return {(r["iso3"], r["year"]): r["value"] for r in rows}


def gdp_per_capita(countries: list[str]) -> dict[str, dict[int, float]]:
    """GDP per capita (current US$) = GDP (current US$) / population, where both exist for the year."""
    gdp = series(GDP, countries)
    pop = series(POPULATION, countries)
    return {c: {y: gdp[c][y] / pop[c][y] for y in sorted(gdp[c]) if y in pop[c] and pop[c][y] > 0} for c in countries}


def citations(*names: str) -> str:
    """The full citations of one or more series, from their sidecars (the text of a chart's source line)."""
    return " ".join(read_series(n)[0].citation_full.strip() for n in names)
