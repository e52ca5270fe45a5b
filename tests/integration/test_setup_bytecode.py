"""`make briefs` compiles, at set-up, the bytecode of what a build imports (scripts/compile_bytecode.py).

CI sets up with `make test`, which compiles the whole environment instead: this test is what runs the
briefs' set-up step in CI, so that a renamed module or a kernel that no longer starts fails here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]

#: A module of each part a build runs: the kernel (its start-up, its warm-up, a map), the command and its
#: workers (the checks, papermill, nbconvert's exporter), the printer.
BUILD_IMPORTS = (
    "ipykernel/kernelapp",
    "pandas/core/frame",
    "matplotlib/backends/backend_svg",
    "benchmark/publish/warm",
    "shapely/geometry/polygon",
    "benchmark/inputs/validate",
    "papermill/execute",
    "nbconvert/exporters/html",
    "playwright/sync_api/_generated",
    "pypdf/_reader",
)


def test_set_up_compiles_the_modules_a_build_imports(tmp_path):
    """Run with its bytecode written to a folder of its own, the set-up step writes that of every part of a build."""
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "scripts/compile_bytecode.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
    written = {p.as_posix() for p in tmp_path.rglob(f"*.{sys.implementation.cache_tag}.pyc")}
    for module in BUILD_IMPORTS:
        assert any(w.endswith(f"/{module}.{sys.implementation.cache_tag}.pyc") for w in written), module
