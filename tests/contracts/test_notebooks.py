"""Notebooks are thin, import only the package, and declare exactly the parameters the CLI passes."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

from benchmark.core import paths
from benchmark.publish.execute import declared_parameters

NOTEBOOKS = sorted(p for p in paths.NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.relative_to(paths.NOTEBOOKS).as_posix())
def test_notebook_imports_only_benchmark(nb_path: Path):
    """A notebook that imports pandas or reads files itself would hide logic from the tests."""
    nb = nbformat.read(nb_path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                mods = [node.module or ""]
            else:
                continue
            for mod in mods:
                assert mod == "benchmark" or mod.startswith("benchmark."), f"{nb_path.name} imports {mod}"


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.relative_to(paths.NOTEBOOKS).as_posix())
def test_notebook_has_one_parameters_cell_and_keeps_the_outputs_nbval_compares(nb_path: Path):
    """One `parameters` cell with a help comment per value; every stored output survives the pre-commit hook."""
    nb = nbformat.read(nb_path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{nb_path.name}: {len(tagged)} parameters cells"
    for line in tagged[0].source.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            assert "#" in line, f"{nb_path.name}: parameter line without help comment: {line}"
    stored = [c for c in nb.cells if c.cell_type == "code" and c.get("outputs")]
    assert stored, f"{nb_path.name}: no stored outputs for nbval (run scripts/store_checked_outputs.py)"
    for cell in stored:
        where = f"{nb_path.name} cell {cell.get('id')}"
        assert cell.metadata.get("keep_output") is True, f"{where}: nbstripout would remove its output"
        assert not {"nbval-ignore-output", "nbval-skip"} & set(cell.metadata.get("tags", [])), where
        assert all(o.get("output_type") != "error" for o in cell.outputs), f"{where}: an error stored as expected"


def test_country_brief_declares_what_the_cli_passes():
    """`clusterbench brief` passes country, programme, lang and year; the notebook must declare exactly those."""
    declared = set(declared_parameters(paths.NOTEBOOKS / "country_brief.ipynb"))
    assert declared == {"country", "programme", "lang", "year"}


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.relative_to(paths.NOTEBOOKS).as_posix())
def test_papermill_reads_every_parameter(nb_path: Path):
    """A help comment papermill cannot parse (a quote in it) silently undeclares its parameter: the CLI refuses it."""
    nb = nbformat.read(nb_path, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", []))
    assigned = {t.id for node in ast.parse(cell.source).body if isinstance(node, ast.Assign) for t in node.targets}
    assert assigned == set(declared_parameters(nb_path)), nb_path.name
