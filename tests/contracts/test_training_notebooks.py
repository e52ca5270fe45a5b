"""The training modules' shape: text in markdown cells, one package call per code cell, figures from the data.

Trainers edit the notebooks in JupyterLab: the narrative is markdown they can change, the code cells stay
one call each so that nothing a trainer edits hides logic, and numbers from the data are shown by
``training.figures(...)`` rather than typed into the text.

Each English module has a Russian sibling in ``notebooks/training/ru/`` with the same cells: its markdown
translated, its code the English code (only ``lang``'s value, comments and a written answer's prose may
differ; ``benchmark.publish.siblings``).
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
from benchmark.publish import siblings
from benchmark.sections import training

MODULES = sorted(paths.TRAINING.glob("m*.ipynb"))
IDS = [p.stem for p in MODULES]
#: The languages every module is translated into (a sibling folder notebooks/training/<lang>/ each).
SIBLING_LANGS = ("ru", "kk")
SIBLINGS = [siblings.sibling_path(p, lang) for lang in SIBLING_LANGS for p in MODULES]
#: Every module notebook, in every language: the rules of the modules' shape apply to all of them.
ALL = MODULES + SIBLINGS
ALL_IDS = [p.relative_to(paths.TRAINING).with_suffix("").as_posix() for p in ALL]


def _lang(nb_path: Path) -> str:
    return "en" if nb_path.parent == paths.TRAINING else nb_path.parent.name


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


@pytest.mark.parametrize("nb_path", ALL, ids=ALL_IDS)
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


@pytest.mark.parametrize("nb_path", ALL, ids=ALL_IDS)
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


@pytest.mark.parametrize("nb_path", ALL, ids=ALL_IDS)
def test_figures_name_facts_in_the_country_files(nb_path: Path):
    """A mistyped fact id under a case would show participants 'not in data/countries/...' instead of the count."""
    known = load.facts_by_id()
    missing = [i for i in _figure_ids(nb_path) if i not in known]
    assert missing == [], f"{nb_path.name}: no such fact in data/countries/*.yaml"


@pytest.mark.parametrize("lang", ["en", *SIBLING_LANGS])
def test_the_2017_counts_are_shown_from_the_data(lang):
    """M1, M3 and M4 speak of the 2017 applications and pilots: their counts must come from KAZ.yaml, not the text."""
    shown = {p.stem.split("_")[0]: set(_figure_ids(p)) for p in ALL if _lang(p) == lang}
    for module in ("m1", "m3", "m4"):
        assert {"kaz_2017_valid_applications", "kaz_2017_pilot_clusters_target"} <= shown[module], module
    assert {"rus_2012_applications", "rus_2012_pilot_clusters_selected"} <= shown["m4"]


@pytest.mark.parametrize("nb_path", ALL, ids=ALL_IDS)
def test_every_exercise_has_its_task_and_check(nb_path: Path):
    """Each exercise of the module has an '### Exercise N.M' text and, after it, the check cell participants run."""
    module = nb_path.stem.split("_")[0]
    heading = siblings.EXERCISE_HEADING[_lang(nb_path)]
    cells = nbformat.read(nb_path, as_version=4).cells
    exercises = training.exercises(module)
    assert exercises, module
    for ex in exercises:
        number = ex.id.split(".")[0][1:] + "." + ex.id.split(".")[1][1:]
        task = [
            i
            for i, c in enumerate(cells)
            if c.cell_type == "markdown" and c.source.startswith(f"### {heading} {number}\n")
        ]
        check = [
            i
            for i, c in enumerate(cells)
            if c.cell_type == "code" and c.source.startswith(f'training.check("{ex.id}",')
        ]
        assert len(task) == 1 and len(check) == 1 and task[0] < check[0], f"{nb_path.name}: {ex.id}"


@pytest.mark.parametrize("nb_path", ALL, ids=ALL_IDS)
def test_case_sources_are_sources_of_the_workbook(nb_path: Path):
    """The case's 'Sources:' line names each source by its title in data/sources (or a translation of it there),
    so a reader can look it up."""
    titles = {t for s in load.load_sources().values() for t in (s.title, *s.title_translated.values())}
    start = siblings.SOURCES_LINE[_lang(nb_path)]
    lines = [line for c in _cells(nb_path, "markdown") for line in c.source.splitlines() if line.startswith(start)]
    assert len(lines) == 1, f"{nb_path.name}: {len(lines)} '{start}' lines"
    cited = re.findall(r"\*([^*]+)\*", lines[0].removeprefix(start))
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


@pytest.mark.parametrize("nb_path", ALL, ids=ALL_IDS)
def test_compared_outputs_survive_the_pre_commit_hook(nb_path: Path):
    """nbstripout keeps only outputs marked keep_output: without it a commit would empty what nbval compares."""
    solutions = [c for c in _cells(nb_path, "code") if "solution" in _tags(c)]
    compared = [c for c in _cells(nb_path, "code") if c.outputs or "solution" in _tags(c)]
    assert solutions and len(compared) > len(solutions), nb_path.name  # the answers and the module's other outputs
    for cell in compared:
        assert cell.outputs and cell.metadata.get("keep_output") is True, f"{nb_path.name} cell {cell.get('id')}"


# --- the modules in other languages ---------------------------------------------------------------


@pytest.mark.parametrize("lang", SIBLING_LANGS)
def test_every_module_has_its_translation_and_no_other(lang):
    """A Russian session needs all four modules; a sibling without an English module would never be checked."""
    folder = paths.TRAINING / lang
    assert sorted(p.name for p in folder.glob("m*.ipynb")) == [p.name for p in MODULES]


@pytest.mark.parametrize("sibling", SIBLINGS, ids=[p.relative_to(paths.TRAINING).as_posix() for p in SIBLINGS])
def test_sibling_is_in_step_with_the_english_module(sibling: Path):
    """Same cells (count, order, types, tags), the English code, lang set to its language, every text translated."""
    lang = sibling.parent.name
    english = nbformat.read(paths.TRAINING / sibling.name, as_version=4)
    problems = siblings.differences(english, nbformat.read(sibling, as_version=4), lang)
    assert problems == [], f"{sibling.relative_to(paths.TRAINING)}: run `clusterbench training sync --lang {lang}`"


def _nb(*cells) -> nbformat.NotebookNode:
    """A small module: ("md", text) and ("code", source, tags) cells."""
    nb = nbformat.v4.new_notebook()
    for kind, source, *tags in cells:
        make = nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell
        cell = make(source)
        if tags:
            cell.metadata["tags"] = list(tags[0])
        nb.cells.append(cell)
    return nb


ENGLISH = _nb(
    ("md", "# M9 · Test"),
    ("code", 'lang = "en"  # language', ["parameters"]),
    ("code", "from benchmark.sections import training"),
    ("md", "### Exercise 9.1\n\nWrite."),
    ("code", 'e9_1 = """\nA text.\n"""\ne9_1  # the model', ["solution", "nbval-check-output"]),
    ("code", 'training.check("m9.e1", e9_1, lang)'),
)
RUSSIAN = _nb(
    ("md", "# M9 · Тест"),
    ("code", 'lang = "ru"  # язык', ["parameters"]),
    ("code", "from benchmark.sections import training"),
    ("md", "### Упражнение 9.1\n\nНапишите."),
    ("code", 'e9_1 = """\nТекст.\n"""\ne9_1  # образец', ["solution", "nbval-check-output"]),
    ("code", 'training.check("m9.e1", e9_1, lang)'),
)


def test_siblings_may_differ_in_lang_comments_and_answer_prose_only():
    """The rule itself: translated comments, lang and a written answer pass; any change of code or shape fails."""
    import copy

    assert siblings.differences(ENGLISH, RUSSIAN, "ru") == []

    def changed(edit) -> list[str]:
        nb = copy.deepcopy(RUSSIAN)
        edit(nb)
        return siblings.differences(ENGLISH, nb, "ru")

    assert changed(lambda nb: setattr(nb.cells[5], "source", 'training.check("m9.e1", e9_1)'))  # lang dropped
    assert changed(lambda nb: setattr(nb.cells[2], "source", "from benchmark.sections import mapping"))
    assert changed(lambda nb: setattr(nb.cells[1], "source", 'lang = "en"  # язык'))  # the wrong language
    assert changed(lambda nb: nb.cells.pop(3))  # a cell missing
    assert changed(lambda nb: nb.cells[4].metadata.update(tags=["solution"]))  # a tag lost
    assert changed(lambda nb: nb.cells.insert(3, nbformat.v4.new_markdown_cell("Ещё")))  # a cell too many
    assert changed(lambda nb: setattr(nb.cells[3], "source", "### Exercise 9.1\n\nWrite."))  # not translated
    assert changed(lambda nb: setattr(nb.cells[4], "source", 'e9_1 = "Текст"\ne9_1'))  # prose is not code


def test_sync_copies_english_code_and_keeps_the_translation(tmp_path):
    """After an English edit, sync takes the new code and cells and keeps every translated text in its place."""
    import copy

    english, russian = copy.deepcopy(ENGLISH), copy.deepcopy(RUSSIAN)
    english.cells[5].source = 'training.check("m9.e1", e9_1, lang=lang)'  # code changed
    english.cells.insert(4, nbformat.v4.new_markdown_cell("A new hint."))  # a cell added
    nbformat.write(english, tmp_path / "m9_test.ipynb")
    (tmp_path / "ru").mkdir()
    nbformat.write(russian, tmp_path / "ru" / "m9_test.ipynb")

    notes = siblings.sync(tmp_path / "m9_test.ipynb", "ru")

    synced = nbformat.read(tmp_path / "ru" / "m9_test.ipynb", as_version=4)
    assert [c.source for c in synced.cells[:4]] == [c.source for c in RUSSIAN.cells[:4]]
    assert synced.cells[4].source == "A new hint." and synced.cells[5].source == RUSSIAN.cells[4].source
    assert synced.cells[6].source == 'training.check("m9.e1", e9_1, lang=lang)'
    assert any("cell 4: new markdown" in n for n in notes) and any("cell 6: code copied" in n for n in notes)
    problems = siblings.differences(english, synced, "ru")
    assert problems == ["cell 4: markdown not translated yet (the same as the English module's)"]
