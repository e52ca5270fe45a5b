"""Regional employment tables: the shipped German tables (``data/employment/``) and a user's own table.

A table of your own (for example Kazakhstan's employment by region and economic activity, exported
from the national statistics office) is read with :func:`read_regional_employment`; the expected
format is in its docstring and in ``docs/training.md``.
"""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

import pandas as pd

from ..core import paths
from ..core.errors import DataError, UserError
from . import files

#: The 2015 Land x section table (persons in employment, 17 NACE sections).
DEFAULT_TABLE = "deu_laender_persons_employed_by_section_2015"


def load_employment(name: str = DEFAULT_TABLE, year: int | None = None) -> pd.DataFrame:
    """A regional employment table from ``data/employment/<name>.csv`` (long: one row per region and sector).

    For the 2008-2014 table, only the non-overlapping sector groups are returned (``in_partition``),
    for one year (default: the latest).

    Args:
        name: file name without ``.csv``.
        year: the year to keep (tables with several years).
    """
    path = paths.EMPLOYMENT_DIR / f"{name}.csv"
    meta = path.with_name(path.name + ".meta.yaml")
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in paths.EMPLOYMENT_DIR.glob("*.csv")))
        raise UserError(f"no employment table {name!r}; known: {known}")
    if not meta.exists():
        raise DataError.one(path, f"no provenance sidecar ({meta.name})")
    files.record(meta)
    df = files.csv_frame(path, dtype={"sector_code": str, "region_iso": str})
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
TOTAL_LABELS = (
    "republic of kazakhstan",
    "kazakhstan",
    "total",
    "всего",
    "республика казахстан",
    "қазақстан республикасы",
    "итого",
    "барлығы",
)


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
    header, rows = _read_rows(path)
    low = [h.lower() for h in header]
    if "sector_code" in low and "employment" in low:
        records = _long_records(path, header, rows)
    else:
        records = _wide_records(path, header, rows)
    notes: list[str] = []
    out = [rec for rec in (_record(path, r, notes) for r in records) if rec is not None]
    if not out:
        raise DataError.one(path, "no data rows (only a header or only national totals)")
    df = pd.DataFrame(out)
    if df.duplicated(["region", "sector_code"] + (["year"] if "year" in df else [])).any():
        raise DataError.one(path, "a region and sector appear more than once (for the same year)")
    df.attrs["notes"] = notes
    return df


#: One cell of a user's table: (line, region, sector code, the raw value, the year or None).
_Cell = tuple[int, str, str, str, str | None]


def _read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header (stripped) and every row of a user's table, comma or semicolon separated."""
    text = files.csv_text(path, "employment table")
    first = text.splitlines()[0] if text.strip() else ""
    if not first:
        raise DataError.one(path, "the file is empty", line=1)
    delim = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delim))
    header = [h.strip() for h in rows[0]]
    if "region" not in [h.lower() for h in header]:
        raise DataError.one(
            path,
            "the first row must name the columns, starting with 'region'",
            line=1,
            field=header[0] if header else None,
        )
    return header, rows[1:]


def _data_rows(path: Path, header: list[str], rows: list[list[str]]):
    """(line, row) of every non-blank row, each as long as the header."""
    for n, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise DataError.one(path, f"{len(row)} cells, the header has {len(header)}", line=n)
        yield n, row


def _long_records(path: Path, header: list[str], rows: list[list[str]]) -> list[_Cell]:
    """The cells of a long table: one row per region and sector (``region``, ``sector_code``, ``employment``)."""
    low = [h.lower() for h in header]
    ir, isec, iemp = low.index("region"), low.index("sector_code"), low.index("employment")
    iyear = low.index("year") if "year" in low else None
    return [
        (n, row[ir].strip(), row[isec].strip(), row[iemp], row[iyear] if iyear is not None else None)
        for n, row in _data_rows(path, header, rows)
    ]


def _wide_records(path: Path, header: list[str], rows: list[list[str]]) -> list[_Cell]:
    """The cells of a wide table: ``region`` then one column per sector code."""
    if header[0].lower() != "region" or len(header) < 2:
        raise DataError.one(
            path,
            "expected either columns region, sector_code, employment (long) or "
            "region followed by one column per sector code (wide)",
            line=1,
        )
    return [
        (n, row[0].strip(), code, row[j], None)
        for n, row in _data_rows(path, header, rows)
        for j, code in enumerate(header[1:], start=1)
    ]


def _record(path: Path, cell: _Cell, notes: list[str]) -> dict | None:
    """One cell as a record (None for a national total); an empty value counts as 0, with a note."""
    n, reg, code, raw, year = cell
    if reg.lower() in TOTAL_LABELS:
        return None
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
    rec: dict[str, object] = {"region": reg, "region_iso": reg, "sector_code": code, "employment": val}
    if year not in (None, ""):
        rec["year"] = int(float(year))
    return rec
