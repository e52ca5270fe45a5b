"""The training modules' shape: text in markdown cells, one package call per code cell, figures from the data.

Trainers edit the notebooks in JupyterLab: the narrative is markdown they can change, the code cells stay
one call each so that nothing a trainer edits hides logic, and numbers from the data are shown by
``training.figures(...)`` rather than typed into the text.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest
import yaml

from benchmark.core import paths
from benchmark.inputs import load
from benchmark.sections import training

MODULES = sorted(paths.TRAINING.glob("m*.ipynb"))
IDS = [p.stem for p in MODULES]


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _cells(nb_path: Path, cell_type: str) -> list:
    return [c for c in nbformat.read(nb_path, as_version=4).cells if c.cell_type == cell_type]


def test_there_are_four_modules():
    """The course has four modules; a renamed or lost notebook would silently drop out of every check below."""
    assert [p.stem.split("_")[0] for p in MODULES] == ["m1", "m2", "m3", "m4"]


def _one_call(source: str) -> str | None:
    """None when ``source`` is one call (an expression or a single assignment) or one import; else what it is."""
    tree = ast.parse(source)
    if len(tree.body) != 1:
        return f"{len(tree.body)} statements"
    stmt = tree.body[0]
    if isinstance(stmt, ast.ImportFrom):
        return None
    if isinstance(stmt, ast.Expr) or (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
        return None if isinstance(stmt.value, ast.Call) else f"a {type(stmt.value).__name__}, not a call"
    return f"a {type(stmt).__name__} statement"


@pytest.mark.parametrize("nb_path", MODULES, ids=IDS)
def test_code_cells_are_one_call_each(nb_path: Path):
    """A code cell that does more than one call hides logic from the tests and is easy to break while editing."""
    for cell in _cells(nb_path, "code"):
        tags = _tags(cell)
        if "solution" in tags or "parameters" in tags:
            continue  # solutions compute the answer (participants never see them); parameters are plain values
        problem = _one_call(cell.source)
        assert problem is None, f"{nb_path.name} cell {cell.get('id')}: {problem}:\n{cell.source}"


def test_one_call_rule_rejects_more_than_one_call():
    """The rule above must catch a cell with two statements or a loop, or it would pass any notebook."""
    assert _one_call('training.check("m2.e1", e2_1, lang)') is None
    assert _one_call("emp = mapping.load_employment()") is None
    assert _one_call("a = training.scores()\nb = a.idxmax()") == "2 statements"
    assert _one_call("for x in y:\n    print(x)") == "a For statement"
    assert _one_call("e2_1") == "a Name, not a call"


@pytest.mark.parametrize("nb_path", MODULES, ids=IDS)
def test_markdown_cells_have_no_fact_tokens(nb_path: Path):
    """Markdown cannot fill in `{fact:...}`: a token there would show to participants as raw braces."""
    for cell in _cells(nb_path, "markdown"):
        assert "{fact:" not in cell.source, f"{nb_path.name} cell {cell.get('id')}"


def _figure_ids(nb_path: Path) -> list[str]:
    ids = []
    for cell in _cells(nb_path, "code"):
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "figures":
                ids += [a.value for a in node.args if isinstance(a, ast.Constant)]
    return ids


@pytest.mark.parametrize("nb_path", MODULES, ids=IDS)
def test_figures_name_facts_in_the_country_files(nb_path: Path):
    """A mistyped fact id under a case would show participants 'not in data/countries/...' instead of the count."""
    known = load.facts_by_id()
    missing = [i for i in _figure_ids(nb_path) if i not in known]
    assert missing == [], f"{nb_path.name}: no such fact in data/countries/*.yaml"


def test_the_2017_counts_are_shown_from_the_data():
    """M1, M3 and M4 speak of the 2017 applications and pilots: their counts must come from KAZ.yaml, not the text."""
    shown = {p.stem.split("_")[0]: set(_figure_ids(p)) for p in MODULES}
    for module in ("m1", "m3", "m4"):
        assert {"kaz_2017_valid_applications", "kaz_2017_pilot_clusters_target"} <= shown[module], module
    assert {"rus_2012_applications", "rus_2012_pilot_clusters_selected"} <= shown["m4"]


@pytest.mark.parametrize("nb_path", MODULES, ids=IDS)
def test_every_exercise_has_its_task_and_check(nb_path: Path):
    """Each exercise of the module has an '### Exercise N.M' text and, after it, the check cell participants run."""
    module = nb_path.stem.split("_")[0]
    cells = nbformat.read(nb_path, as_version=4).cells
    exercises = training.exercises(module)
    assert exercises, module
    for ex in exercises:
        number = ex.id.split(".")[0][1:] + "." + ex.id.split(".")[1][1:]
        task = [
            i
            for i, c in enumerate(cells)
            if c.cell_type == "markdown" and c.source.startswith(f"### Exercise {number}\n")
        ]
        check = [
            i
            for i, c in enumerate(cells)
            if c.cell_type == "code" and c.source.startswith(f'training.check("{ex.id}",')
        ]
        assert len(task) == 1 and len(check) == 1 and task[0] < check[0], f"{nb_path.name}: {ex.id}"


@pytest.mark.parametrize("nb_path", MODULES, ids=IDS)
def test_case_sources_are_sources_of_the_workbook(nb_path: Path):
    """The case's 'Sources:' line names each source by its title in data/sources, so a reader can look it up."""
    titles = {s.title for s in load.load_sources().values()}
    lines = [
        line for c in _cells(nb_path, "markdown") for line in c.source.splitlines() if line.startswith("**Sources:**")
    ]
    assert len(lines) == 1, f"{nb_path.name}: {len(lines)} 'Sources:' lines"
    cited = re.findall(r"\*([^*]+)\*", lines[0].removeprefix("**Sources:**"))
    assert cited, nb_path.name
    assert [c for c in cited if c not in titles] == [], nb_path.name


def test_no_module_narrative_left_in_the_locale_file():
    """The narrative lives in the notebooks only: a task or case kept in the locale file would be edited in vain."""
    keys = yaml.safe_load((paths.LOCALES / "en" / "training.yaml").read_text(encoding="utf-8"))
    narrative = [
        k
        for k in keys
        if re.fullmatch(
            r"m\d_(e\d+_task|goals|timing|case|case_title|sources|discussion"
            r"|[a-z]+_intro)",
            k,
        )
    ]
    assert narrative == []


@pytest.mark.parametrize("nb_path", MODULES, ids=IDS)
def test_compared_outputs_survive_the_pre_commit_hook(nb_path: Path):
    """nbstripout keeps only outputs marked keep_output: without it a commit would empty what nbval compares."""
    compared = [c for c in _cells(nb_path, "code") if "nbval-check-output" in _tags(c)]
    assert compared, nb_path.name
    for cell in compared:
        assert cell.outputs and cell.metadata.get("keep_output") is True, f"{nb_path.name} cell {cell.get('id')}"
