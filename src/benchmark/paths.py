"""Every path the workbook uses, in one module; and the record of which data files a run read."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
#: The project root. ``CLUSTERBENCH_ROOT`` points the package at another checkout (tests use it).
ROOT = Path(os.environ.get("CLUSTERBENCH_ROOT", PACKAGE.parents[1])).resolve()
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
BENCHMARKS = ROOT / "benchmarks"
REPORTS = ROOT / "reports"
TEMPLATES = PACKAGE / "templates"
LOCALES = PACKAGE / "locales"

SOURCES_DIR = DATA / "sources"
COUNTRIES_DIR = DATA / "countries"
TABLES_DIR = DATA / "tables"
STIP_DIR = DATA / "reference" / "stip_2021"
INDICATORS_DIR = DATA / "indicators"
GEO_DIR = DATA / "geo"
COMPETITION_DIR = DATA / "competition"

_read: set[Path] = set()


def record_read(path: Path) -> Path:
    """Note that the current run read ``path`` (the build uses this to know a brief's inputs)."""
    _read.add(Path(path).resolve())
    return path


def files_read() -> list[str]:
    """Data files read since the last :func:`reset_reads`, relative to the project root."""
    out = []
    for p in sorted(_read):
        try:
            out.append(p.relative_to(ROOT).as_posix())
        except ValueError:
            out.append(p.as_posix())
    return out


def reset_reads() -> None:
    """Forget the files read so far (called between briefs that share a kernel)."""
    _read.clear()


def relative(path: Path) -> str:
    """``path`` relative to the project root when inside it, for messages."""
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
