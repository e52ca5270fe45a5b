"""Kazakhstan's regional statistics (``data/regional/``): value added by OKED section and employment, by region.

Two tables of the Bureau of National Statistics (BNS), each with its provenance sidecar, read once through
``inputs.files`` and checked row by row (every problem names the file, the line and the column):

* **value added** (:data:`GVA_FILE`): gross value added by OKED section (A-S; T in 2025; the sections of
  NACE Rev. 2) for every region and the whole country, plus industry (B-E), net taxes on products and
  gross regional product; million tenge at current prices; 2015-2017 on the 16 units of 2017 (with the
  BNS back-calculated Shymkent and Turkistan as memo rows) and 2024-2025 on today's 20 units;
* **employment** (:data:`EMPLOYMENT_FILE`): employed persons by region in agriculture (A), industry and
  construction (B-F) and services (G-U), and in total; 2016-2017 and 2024-2025.

Rows flagged ``in_national_sum`` add up to the national row; memo rows (``FALSE``) are never added. Each
row gets the code of its unit on the borders of its year: the 2017 ISO 3166-2 code (``KZ-KAR``) for
2015-2017, today's (``KZ-35``) for 2024-2025, the codes of the 2017 and current maps and of the crosswalk
(``inputs.geo``). The measures are ``benchmark.analysis.mapping``; what the briefs show is
``benchmark.sections.regions``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import paths
from ..core.errors import DataError, Problem, UserError
from . import files, geo

if TYPE_CHECKING:
    import pandas as pd

#: The two tables (copies of the project's shared data, with their sidecars).
GVA_FILE = "kz_gva_by_region_oked_section_2015-2017_2024-2025.csv"
EMPLOYMENT_FILE = "kz_employment_by_region_3sectors_2016-2017_2024-2025.csv"
#: Their source ids in data/sources/regional.yaml.
GVA_SOURCE = "bns_2026_gva_by_region_oked_section"
EMPLOYMENT_SOURCE = "bns_2026_employment_by_region_3sectors"
#: The method the stars adapt (European Cluster Observatory), cited beside them.
ECO_SOURCE = "eco_2011_cluster_mapping_methodology"
#: The country these statistics are about: other countries' briefs have no regional section.
COUNTRY = "KAZ"
#: The year of the 2017 competition: the briefs' default year and the start of the comparison with today.
BASE_YEAR = 2017
#: Years up to this one are on the 2017 borders (South Kazakhstan was split in June 2018) ...
LAST_YEAR_ON_2017_BORDERS = 2017
#: ... and years from this one on today's (Abai, Zhetysu and Ulytau were created in June 2022).
FIRST_YEAR_ON_CURRENT_BORDERS = 2022
#: The 2017 unit without a current ISO code: South Kazakhstan, BNS code YKO (former ISO code KZ-YUZ).
NO_CURRENT_CODE = {"YKO": "KZ-YUZ"}
#: The OKED sections with value added by region in every year of the table (T exists only from 2025).
SECTIONS_2017 = tuple("ABCDEFGHIJKLMNOPQRS")
#: The employment table's three broad sectors (its TOTAL rows are in thousand persons).
EMPLOYMENT_SECTORS = ("A", "B-F", "G-U")

#: The columns each table must have.
GVA_COLUMNS = (
    "year",
    "region",
    "region_iso_3166_2",
    "activity_code",
    "activity_name",
    "value",
    "unit",
    "region_en",
    "source_region_code",
    "region_note",
    "in_national_sum",
    "activity_name_en",
    "row_type",
)
EMPLOYMENT_COLUMNS = tuple(c for c in GVA_COLUMNS if c != "row_type")
#: Allowed values of the flag and of the row types (value added).
FLAGS = ("TRUE", "FALSE", "national")
ROW_TYPES = {"section": None, "aggregate": ("IND",), "taxes": ("NET_TAXES",), "total": ("GDP",)}
#: Units as published: value added in one unit; employment by sector in persons, totals in thousands.
GVA_UNIT = "million KZT, current prices"
EMPLOYMENT_UNITS = {"A": "persons", "B-F": "persons", "G-U": "persons", "TOTAL": "thousand persons"}
#: Identities are checked to half the published precision (0.1 million tenge) and, for gross regional
#: product (sections plus net taxes), to 1.0 as the sidecar states.
SUM_TOLERANCE = 0.05
GRP_TOLERANCE = 1.0
#: At most this many problems are listed for one bad table.
MAX_PROBLEMS = 40

_SECTION = re.compile(r"^[A-U]$")
_REGION_CODE = re.compile(r"^KZ-\d\d$")


def gva_path() -> Path:
    """The value-added table."""
    return paths.REGIONAL_DIR / GVA_FILE


def employment_path() -> Path:
    """The employment table."""
    return paths.REGIONAL_DIR / EMPLOYMENT_FILE


def borders_of(year: int) -> str | None:
    """``"2017"`` or ``"current"``: the borders a year's figures are on (None between the 2018 and 2022 changes)."""
    if year <= LAST_YEAR_ON_2017_BORDERS:
        return "2017"
    if year >= FIRST_YEAR_ON_CURRENT_BORDERS:
        return "current"
    return None


# --- reading and checking -------------------------------------------------------------------------


def current_to_2017() -> dict[str, str]:
    """Today's ISO 3166-2 codes mapped to the code of the 2017 unit they belong to (from the crosswalk)."""
    cw = geo.crosswalk()
    return dict(zip(cw.current_iso_3166_2, cw.iso_3166_2_2017))


def names_2017(lang: str = "en") -> dict[str, str]:
    """Names of the 16 units of 2017 by 2017 code: English from the crosswalk ("Karaganda region"), Russian
    and Kazakh from the boundary files ("Карагандинская область", "Қарағанды облысы"; ``geo.names_2017``)."""
    if lang != "en":
        return geo.names_2017(lang)
    cw = geo.crosswalk()
    return dict(zip(cw.iso_3166_2_2017, cw.region_2017))


class _RowProblems:
    """The problems of a table's rows, each with its line (at most MAX_PROBLEMS per check)."""

    def __init__(self, rel: str):
        self.rel = rel
        self.problems: list[Problem] = []

    def __call__(self, rows: pd.DataFrame, column: str, reason: str | Callable[[pd.Series], str]) -> None:
        for _, r in rows.head(MAX_PROBLEMS).iterrows():
            text = reason(r) if callable(reason) else reason
            self.problems.append(Problem(self.rel, text, field=column, line=int(r["line"])))

    def raise_any(self) -> None:
        """Refuse the table when a check found something."""
        if self.problems:
            raise DataError(_capped(self.problems, self.rel))


def read_table(path: Path, kind: str) -> pd.DataFrame:
    """The value-added (``kind`` "gva") or employment table at ``path``, checked row by row (see :func:`_read`).

    Raises:
        DataError: every problem of the table, each with its line.
    """
    return _read(path, GVA_COLUMNS if kind == "gva" else EMPLOYMENT_COLUMNS, kind)


def _read(path: Path, columns: tuple[str, ...], kind: str) -> pd.DataFrame:
    """A table checked row by row, with ``year`` (int), ``value`` (float), ``line``, ``unit_code`` and ``borders``."""
    import pandas as pd

    files.require(path, "regional table")
    sidecar = paths.sidecar(path)
    if not sidecar.exists():
        raise DataError.one(path, f"no provenance sidecar ({sidecar.name}); every table needs one")
    files.record(sidecar)
    df = files.csv_frame(path, dtype=str, keep_default_na=False)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        extra = [str(c) for c in df.columns if c not in columns]
        hints = [f"{c!r}: did you mean {m!r}?" for m in missing for c in difflib.get_close_matches(m, extra, 1, 0.6)]
        hint = f" (the header has {'; '.join(hints)})" if hints else ""
        raise DataError.one(
            path, f"missing column(s) {', '.join(missing)}{hint}; the table needs {', '.join(columns)}", line=1
        )
    df["line"] = range(2, len(df) + 2)  # the header is line 1; no field spans lines
    bad = _RowProblems(paths.relative(path))
    values = pd.to_numeric(df["value"], errors="coerce")
    _check_common(df, values, bad)
    if kind == "gva":
        _check_gva(df, values, bad)
    else:
        _check_employment(df, values, bad)
    _check_duplicates(df, bad)
    bad.raise_any()

    df["year"] = df["year"].astype(int)
    df["value"] = values.astype(float)
    df["borders"] = df["year"].map(borders_of)
    unit = _unit_codes(df, bad)
    bad.raise_any()
    df["unit_code"] = unit
    return df


def _check_common(df: pd.DataFrame, values: pd.Series, bad: _RowProblems) -> None:
    """Checks of both tables: year, value, the national-sum flag, region codes."""
    import numpy as np

    bad(df[~df["year"].str.fullmatch(r"\d{4}")], "year", lambda r: f"year {r['year']!r} is not a year like 2017")
    bad(
        df[~np.isfinite(values.fillna(np.inf))],
        "value",
        lambda r: f"value {r['value']!r} is not a number (write it with a dot, no thousands separator)",
    )
    bad(
        df[~df["in_national_sum"].isin(FLAGS)],
        "in_national_sum",
        lambda r: f"in_national_sum {r['in_national_sum']!r} must be one of {', '.join(FLAGS)}",
    )
    national = df["in_national_sum"] == "national"
    code = df["region_iso_3166_2"]
    bad(df[national & (code != "KZ")], "region_iso_3166_2", "the national row's code must be KZ")
    bad(
        df[
            ~national
            & ~code.str.fullmatch(_REGION_CODE.pattern)
            & ~df["source_region_code"].isin(list(NO_CURRENT_CODE))
        ],
        "region_iso_3166_2",
        lambda r: f"{r['region_iso_3166_2']!r} is not a current ISO 3166-2 code of a Kazakh region (KZ-10 ... KZ-79)",
    )


def _check_gva(df: pd.DataFrame, values: pd.Series, bad: _RowProblems) -> None:
    """Checks of the value-added table: row types, OKED section letters, the unit, no negative value added."""
    bad(
        df[~df["row_type"].isin(list(ROW_TYPES))],
        "row_type",
        lambda r: f"row_type {r['row_type']!r} must be one of {', '.join(ROW_TYPES)}",
    )
    sections = df["row_type"] == "section"
    bad(
        df[sections & ~df["activity_code"].str.fullmatch(_SECTION.pattern)],
        "activity_code",
        lambda r: f"{r['activity_code']!r} is not an OKED section letter (A ... U)",
    )
    for row_type, codes in ROW_TYPES.items():
        if codes:
            wrong = df[(df["row_type"] == row_type) & ~df["activity_code"].isin(codes)]
            bad(wrong, "activity_code", partial(_wrong_code, row_type, codes))
    bad(df[df["unit"] != GVA_UNIT], "unit", lambda r: f"unit {r['unit']!r}: the table is in {GVA_UNIT!r}")
    bad(
        df[(sections | (df["row_type"] == "total")) & (values < 0)],
        "value",
        lambda r: f"value added {r['value']} is negative",
    )


def _wrong_code(row_type: str, codes: tuple[str, ...], r: pd.Series) -> str:
    return f"a {row_type} row has code {codes[0]}, not {r['activity_code']!r}"


def _check_employment(df: pd.DataFrame, values: pd.Series, bad: _RowProblems) -> None:
    """Checks of the employment table: the three sectors and the total, each in its unit, no negative count."""
    bad(
        df[~df["activity_code"].isin(list(EMPLOYMENT_UNITS))],
        "activity_code",
        lambda r: f"{r['activity_code']!r} is not one of {', '.join(EMPLOYMENT_UNITS)}",
    )
    want = df["activity_code"].map(EMPLOYMENT_UNITS)
    bad(
        df[want.notna() & (df["unit"] != want)],
        "unit",
        lambda r: f"unit {r['unit']!r}: {r['activity_code']} rows are in {EMPLOYMENT_UNITS[r['activity_code']]!r}",
    )
    bad(df[values < 0], "value", lambda r: f"employment {r['value']} is negative")


def _check_duplicates(df: pd.DataFrame, bad: _RowProblems) -> None:
    """A year, region and activity given twice."""
    dup = df[df.duplicated(["year", "source_region_code", "activity_code"], keep=False)]
    bad(
        dup,
        "activity_code",
        lambda r: f"{r['year']} {r['source_region_code']} {r['activity_code']} appears more than once",
    )


def _unit_codes(df: pd.DataFrame, bad: _RowProblems) -> pd.Series:
    """Each row's unit on its year's borders: a 2017 code up to 2017, today's code from 2024, KZ for the country."""
    import pandas as pd

    national = df["in_national_sum"] == "national"
    code = df["region_iso_3166_2"]
    to_2017 = current_to_2017()
    unit = pd.Series("", index=df.index, dtype=object)
    unit[national] = "KZ"
    on_2017 = (df["borders"] == "2017") & ~national
    from_code = code[on_2017].map(to_2017)
    unit[on_2017] = df.loc[on_2017, "source_region_code"].map(NO_CURRENT_CODE).fillna(from_code).fillna("")
    today = (df["borders"] == "current") & ~national
    unit[today] = code[today].where(code[today].isin(list(to_2017)), "")
    bad(
        df[df["borders"].isna()],
        "year",
        lambda r: (
            f"year {r['year']} is between the 2018 and 2022 border changes; the workbook maps years up to "
            f"{LAST_YEAR_ON_2017_BORDERS} (2017 borders) and from {FIRST_YEAR_ON_CURRENT_BORDERS} (today's)"
        ),
    )
    bad(
        df[df["borders"].notna() & (unit == "")],
        "region_iso_3166_2",
        lambda r: (
            f"region {r['region_en']!r} ({r['region_iso_3166_2'] or r['source_region_code']}) is not a unit "
            f"of {geo.CROSSWALK} on the borders of {r['year']}"
        ),
    )
    return unit


def _capped(problems: list[Problem], rel: str) -> list[Problem]:
    problems = sorted(problems, key=lambda p: p.line or 0)
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = problems[:MAX_PROBLEMS] + [Problem(rel, f"... and {more} more problems")]
    return problems


def _deps(path: Path) -> list[Path]:
    return [path, paths.sidecar(path), paths.GEO_DIR / geo.CROSSWALK]


def _gva() -> pd.DataFrame:
    """The checked value-added table as cached (callers here only select from it, never change it)."""
    path = gva_path()
    return files.cached("regional:gva", _deps(path), lambda: _read(path, GVA_COLUMNS, "gva"))


def value_added_table() -> pd.DataFrame:
    """The whole value-added table, checked, with ``unit_code`` and ``borders`` (a copy the caller may change)."""
    return _gva().copy()


def employment_table() -> pd.DataFrame:
    """The whole employment table, checked, with ``unit_code`` and ``borders`` (a copy the caller may change)."""
    path = employment_path()
    return files.cached(
        "regional:employment", _deps(path), lambda: _read(path, EMPLOYMENT_COLUMNS, "employment")
    ).copy()


# --- what the measures take -----------------------------------------------------------------------


def years() -> list[int]:
    """The years of the value-added table."""
    return sorted(int(y) for y in _gva()["year"].unique())


def check_year(year: object) -> int:
    """``year`` as an int if the value-added table has it; else a UserError naming the years there are.

    Raises:
        UserError: not a whole number, or a year without regional figures.
    """
    known = years()
    try:
        y = int(str(year).strip())
    except ValueError:
        y = None
    if y is None or y not in known or (isinstance(year, float) and not year.is_integer()):
        listed = ", ".join(map(str, known))
        raise UserError(Problem("year", f"no regional figures for {year!r}; years with figures: {listed}"))
    return y


def unit_names(year: int, lang: str = "en") -> dict[str, str]:
    """Display names of the units of ``year``'s borders in ``lang``, by code.

    English: the 2017 units from the crosswalk, today's as the value-added table names them ("Abai"); Russian
    and Kazakh from the boundary files (``geo.names_2017``, ``geo.unit_names``).
    """
    if borders_of(year) == "2017":
        return names_2017(lang)
    if lang != "en":
        return geo.unit_names(lang)
    df = _gva()
    now = df[(df["borders"] == "current") & (df["in_national_sum"] == "TRUE")]
    return dict(zip(now["unit_code"], now["region_en"]))


def section_names(lang: str = "en") -> dict[str, str]:
    """Names of the OKED sections in ``lang``, by letter.

    English and Russian as the value-added table gives them (``activity_name_en``, ``activity_name``);
    Kazakh from the catalogue (``regions.oked_<letter>``: the BNS table has no Kazakh column).
    """
    from ..core.text import t

    df = _gva()
    sec = df[df["row_type"] == "section"]
    if lang == "kk":
        return {s: t(f"regions.oked_{s}", lang) for s in sorted(set(sec["activity_code"]))}
    column = "activity_name" if lang == "ru" else "activity_name_en"
    return dict(sorted(zip(sec["activity_code"], sec[column])))


def value_added(year: int, lang: str = "en") -> pd.DataFrame:
    """Value added by section of every reporting unit of ``year`` (memo rows and the national row left out).

    Returns:
        A long frame: ``region`` (the unit's code on the year's borders), ``name``, ``section``,
        ``section_name`` (names in ``lang``), ``value`` (million tenge, current prices) and ``line`` (of the CSV).
    """
    y = check_year(year)
    df = _gva()
    rows = df[(df["year"] == y) & (df["row_type"] == "section") & (df["in_national_sum"] == "TRUE")]
    names = unit_names(y, lang)
    out = rows.drop(columns="region").rename(
        columns={"unit_code": "region", "activity_code": "section", "activity_name_en": "section_name"}
    )
    if lang != "en":
        out["section_name"] = out["section"].map(section_names(lang))
    out["name"] = out["region"].map(names)
    return out[["region", "name", "section", "section_name", "value", "line"]].reset_index(drop=True)


def national_value_added(year: int) -> pd.Series:
    """The national row's value added by section in ``year`` (what the regions add up to)."""
    y = check_year(year)
    df = _gva()
    rows = df[(df["year"] == y) & (df["row_type"] == "section") & (df["in_national_sum"] == "national")]
    return rows.set_index("activity_code")["value"]


def memo_rows(year: int, lang: str = "en") -> pd.DataFrame:
    """The memo units of ``year`` (2015-2017: Shymkent and Turkistan, already inside South Kazakhstan).

    Returns:
        One row per memo unit: ``code`` (its current code), ``name`` (in ``lang``: the table's English, the
        boundary file's Russian or Kazakh), ``note``; empty for other years.
    """
    y = check_year(year)
    df = _gva()
    memo = df[(df["year"] == y) & (df["in_national_sum"] == "FALSE")].drop_duplicates("source_region_code")
    out = memo.rename(columns={"region_iso_3166_2": "code", "region_en": "name", "region_note": "note"})[
        ["code", "name", "note"]
    ].reset_index(drop=True)
    if lang != "en" and not out.empty:
        local = geo.unit_names(lang)
        out["name"] = [local.get(c, n) for c, n in zip(out["code"], out["name"])]
    return out


def employment(year: int) -> pd.DataFrame:
    """Employed persons in the three broad sectors by reporting unit of ``year`` (memo rows left out).

    Returns:
        A long frame: ``region`` (code on the year's borders), ``name``, ``sector`` (A, B-F, G-U),
        ``sector_name``, ``value`` (persons).

    Raises:
        UserError: the employment table has no such year.
    """
    df = employment_table()
    known = sorted(set(df["year"]))
    if int(year) not in known:
        raise UserError(Problem("year", f"no regional employment for {year}; years: {', '.join(map(str, known))}"))
    y = int(year)
    rows = df[(df["year"] == y) & df["activity_code"].isin(EMPLOYMENT_SECTORS) & (df["in_national_sum"] == "TRUE")]
    out = rows.drop(columns="region").rename(
        columns={"unit_code": "region", "activity_code": "sector", "activity_name_en": "sector_name"}
    )
    out["name"] = out["region"].map(unit_names(y))
    return out[["region", "name", "sector", "sector_name", "value"]].reset_index(drop=True)


# --- the identities, for `clusterbench validate` --------------------------------------------------


def identity_problems(df: pd.DataFrame, path: Path, kind: str) -> list[Problem]:
    """Where the identities of a checked table fail, with the line of the national (or total) row.

    Regions flagged ``TRUE`` add up to the national row for every year and item; for value added,
    the sections plus net taxes give gross regional product for every unit and year; for employment,
    the three sectors give the total (in thousands) for every unit that has both.
    """
    rel = paths.relative(path)
    problems: list[Problem] = []
    nat = df[df["in_national_sum"] == "national"].set_index(["year", "activity_code"])
    summed = df[df["in_national_sum"] == "TRUE"].groupby(["year", "activity_code"])["value"].sum()
    for key, row in nat.iterrows():
        total = summed.get(key, 0.0)
        if abs(total - row["value"]) > SUM_TOLERANCE:
            problems.append(
                Problem(
                    rel,
                    f"{key[0]} {key[1]}: the regions flagged TRUE add up to {total:,.1f}, the national row "
                    f"says {row['value']:,.1f}",
                    field="value",
                    line=int(row["line"]),
                )
            )
    if kind == "gva":
        sections = df[df["row_type"] == "section"].groupby(["year", "source_region_code"])["value"].sum()
        taxes = df[df["activity_code"] == "NET_TAXES"].set_index(["year", "source_region_code"])["value"]
        for key, row in df[df["activity_code"] == "GDP"].set_index(["year", "source_region_code"]).iterrows():
            expected = sections.get(key, 0.0) + taxes.get(key, 0.0)
            if abs(expected - row["value"]) > GRP_TOLERANCE:
                problems.append(
                    Problem(
                        rel,
                        f"{key[0]} {row['region_en']}: sections plus net taxes are {expected:,.1f}, gross "
                        f"regional product is {row['value']:,.1f}",
                        field="value",
                        line=int(row["line"]),
                    )
                )
    else:
        sectors = df[df["activity_code"].isin(EMPLOYMENT_SECTORS)].groupby(["year", "source_region_code"])
        counts, sums = sectors["value"].count(), sectors["value"].sum()
        for key, row in df[df["activity_code"] == "TOTAL"].set_index(["year", "source_region_code"]).iterrows():
            if counts.get(key, 0) == len(EMPLOYMENT_SECTORS) and abs(sums[key] - 1000 * row["value"]) > 0.5:
                problems.append(
                    Problem(
                        rel,
                        f"{key[0]} {row['region_en']}: the three sectors add up to {sums[key]:,.0f} persons, "
                        f"the total is {row['value']} thousand",
                        field="value",
                        line=int(row["line"]),
                    )
                )
    return problems


def check_data() -> list[Problem]:
    """Both tables read and pass their row checks and identities; their sources are in data/sources/."""
    from .load import load_sources

    problems: list[Problem] = []
    for read, path, kind in (
        (value_added_table, gva_path(), "gva"),
        (employment_table, employment_path(), "employment"),
    ):
        try:
            problems += identity_problems(read(), path, kind)
        except UserError as exc:
            problems += exc.problems
    try:
        known = load_sources()
    except UserError:
        return problems  # reported by the source-table check
    for sid in (GVA_SOURCE, EMPLOYMENT_SOURCE, ECO_SOURCE):
        if sid not in known:
            problems.append(
                Problem("data/sources", f"the regional tables cite {sid!r}, which is not in data/sources/*.yaml")
            )
    return problems
