"""Shared fixtures: briefs rendered once per test session into a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def rendered_briefs(tmp_path_factory) -> dict[str, Path]:
    """The KAZ, JPN and RUS country briefs, rendered with one kernel session (as the batch build does)."""
    from benchmark import brief, paths
    from benchmark.render import KernelSession, render_notebook

    out = tmp_path_factory.mktemp("briefs")
    result = {}
    with KernelSession() as session:
        for iso3 in ("KAZ", "JPN", "RUS"):
            path = out / f"country-{iso3}.html"
            render_notebook(paths.NOTEBOOKS / "country_brief.ipynb", {"country": iso3, "lang": "en"}, path,
                            title=brief.title(iso3), session=session)
            result[iso3] = path
    return result


@pytest.fixture
def project_copy(tmp_path, monkeypatch) -> Path:
    """A copy of data/ in a temporary project root, so a test can break data without touching the repo."""
    from benchmark import load, paths

    root = tmp_path / "project"
    shutil.copytree(ROOT / "data", root / "data")
    for name in ("DATA", "SOURCES_DIR", "COUNTRIES_DIR", "TABLES_DIR", "STIP_DIR", "INDICATORS_DIR", "GEO_DIR",
                 "COMPETITION_DIR"):
        old = getattr(paths, name)
        monkeypatch.setattr(paths, name, root / old.relative_to(paths.ROOT))
    monkeypatch.setattr(paths, "ROOT", root)
    load.clear_caches()
    yield root
    load.clear_caches()
