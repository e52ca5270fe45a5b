"""Every path the workbook uses, in one module."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
#: The project root. ``CLUSTERBENCH_ROOT`` points the package at another checkout (tests use it).
ROOT = Path(os.environ.get("CLUSTERBENCH_ROOT", PACKAGE.parents[1])).resolve()
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
TRAINING = NOTEBOOKS / "training"
BENCHMARKS = ROOT / "benchmarks"
#: Build output. ``CLUSTERBENCH_REPORTS`` points builds elsewhere (the benchmark script's scratch folder).
REPORTS = Path(os.environ.get("CLUSTERBENCH_REPORTS", ROOT / "reports")).resolve()
TEMPLATES = PACKAGE / "publish" / "templates"
LOCALES = PACKAGE / "core" / "locales"

SOURCES_DIR = DATA / "sources"
COUNTRIES_DIR = DATA / "countries"
TABLES_DIR = DATA / "tables"
STIP_DIR = DATA / "reference" / "stip_2021"
INDICATORS_DIR = DATA / "indicators"
GEO_DIR = DATA / "geo"
EMPLOYMENT_DIR = DATA / "employment"
REGIONAL_DIR = DATA / "regional"
COMPETITION_DIR = DATA / "competition"
DIMENSIONS_FILE = DATA / "dimensions.yaml"
ASSESSMENTS_DIR = DATA / "assessments"

#: The names above that point into the project (tests point them at a copy).
PROJECT_PATHS = (
    "DATA",
    "NOTEBOOKS",
    "TRAINING",
    "BENCHMARKS",
    "REPORTS",
    "SOURCES_DIR",
    "COUNTRIES_DIR",
    "TABLES_DIR",
    "STIP_DIR",
    "INDICATORS_DIR",
    "GEO_DIR",
    "EMPLOYMENT_DIR",
    "REGIONAL_DIR",
    "COMPETITION_DIR",
    "DIMENSIONS_FILE",
    "ASSESSMENTS_DIR",
)


def relative(path: Path | str) -> str:
    """``path`` relative to the project root when inside it, for messages."""
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def sidecar(path: Path) -> Path:
    """The provenance sidecar of a data file: ``<file>.meta.yaml`` beside it."""
    return Path(path).with_name(Path(path).name + ".meta.yaml")
