"""Rendering a brief reads and parses each data file once, however many sections use it."""

from __future__ import annotations

import ast

import matplotlib
import nbformat
import pytest

from benchmark.core import paths
from benchmark.inputs import files

matplotlib.use("Agg")

BRIEFS = [
    ("country_brief.ipynb", {"country": "KAZ", "programme": None, "lang": "en", "year": 2017}),
    ("country_brief.ipynb", {"country": "KAZ", "programme": None, "lang": "en", "year": 2025}),
    (
        "comparison.ipynb",
        {"focal": "KAZ", "peers": ["JPN", "RUS", "DEU"], "dimensions": None, "period": "present", "lang": "en"},
    ),
    (
        "kz_competition.ipynb",
        {
            "criteria": "default",
            "weights": None,
            "n_select": 6,
            "scores": "example",
            "seed": 2017,
            "n_draws": 200,
            "weight_range": 0.5,
            "lang": "en",
        },
    ),
]


def run_cells(notebook: str, params: dict) -> None:
    """Run a brief notebook's code cells in this process, as the kernel would, with ``params``."""
    nb = nbformat.read(paths.NOTEBOOKS / notebook, as_version=4)
    scope: dict = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if "parameters" in cell.metadata.get("tags", []):  # the notebook's defaults, then ours (as papermill)
            exec(cell.source, scope)  # noqa: S102 - our own notebooks
            scope.update(params)
            continue
        tree = ast.parse(cell.source)
        exec(compile(tree, notebook, "exec"), scope)  # noqa: S102 - our own notebooks
        last = tree.body[-1] if tree.body else None
        if isinstance(last, ast.Expr):  # what the notebook would display: build its HTML
            shown = eval(compile(ast.Expression(last.value), notebook, "eval"), scope)  # noqa: S307
            getattr(shown, "_repr_html_", lambda: None)()


@pytest.mark.parametrize(
    "notebook, params", BRIEFS, ids=[b[0] + (f"-{b[1]['year']}" if "year" in b[1] else "") for b in BRIEFS]
)
def test_each_data_file_is_parsed_once_per_brief(notebook, params):
    """A brief whose sections each re-read the score sheet or the country file would slow every build."""
    files.clear()
    files.reset_reads()
    run_cells(notebook, params)
    parsed = dict(files.parse_counts)
    assert parsed, "the brief read no data file at all"
    assert {f: n for f, n in parsed.items() if n != 1} == {}
    assert set(parsed) <= set(files.files_read())  # everything parsed is also recorded for the build
