"""Training modules: feedback on answers, the participant and trainer editions, texts and sources."""

from __future__ import annotations

import re

import nbformat
import pytest

from benchmark.core import text
from benchmark.sections import training
from benchmark.inputs.load import load_sources
from benchmark.sections.training import NOT_ANSWERED, Exercise


def number_ex(**kw) -> Exercise:
    """A throwaway exercise whose expected answer is 1.5 (texts borrowed from m2.e1)."""
    return Exercise("m2.e1", "number", expected=lambda: 1.5, tolerance=0.011, **kw)


def test_right_number_is_confirmed():
    """A participant with the right answer must be told so."""
    fb = number_ex().check(1.5)
    assert fb.right and fb.status == "right"
    assert "Right" in repr(fb) and "cb-right" in fb._repr_html_()


def test_rounding_within_tolerance_is_right():
    """An answer rounded to two decimals (1.51 for 1.5) must not be marked wrong."""
    assert number_ex().check(1.51).right
    assert not number_ex().check(1.53).right


def test_wrong_number_gets_hint_without_answer():
    """A wrong answer gets a helpful message that does not contain the expected value."""
    fb = number_ex().check(3.0)
    assert fb.status == "wrong"
    assert fb.message and "1.5" not in fb.message


def test_diagnosed_mistake_gets_its_own_message():
    """A recognised mistake (the quotient upside down) gets the message written for it."""
    ex = number_ex(diagnose=lambda given, exp: "inverted" if abs(given - 1 / exp) < 0.01 else None)
    fb = ex.check(1 / 1.5)
    assert fb.message == text.t("training.m2_e1_inverted")


def test_not_answered_is_reported_not_raised():
    """An untouched answer cell must say 'not answered yet' and let later cells run."""
    fb = number_ex().check(NOT_ANSWERED)
    assert fb.status == "not_answered" and not fb
    assert "not answered" in repr(fb).lower()


@pytest.mark.parametrize("answer, status", [
    (None, "invalid"), ("abc", "invalid"), (True, "invalid"), (float("nan"), "invalid"), ("1,5", "right"),
])
def test_answer_forms(answer, status):
    """Answers of the wrong type get a message about the form; '1,5' (decimal comma) is read as 1.5."""
    assert number_ex().check(answer).status == status


def test_table_answer_is_explained():
    """Passing a whole pandas Series instead of one value gets a message saying how to pick one."""
    import pandas as pd

    fb = number_ex().check(pd.Series([1.5]))
    assert fb.status == "invalid" and ".loc" in fb.message


def test_set_answers_in_any_order_and_form():
    """A list of region codes is right in any order, as a list or a comma-separated string."""
    ex = Exercise("m2.e5", "set", expected=lambda: {"a", "b"})
    assert ex.check(["B", "a"]).right
    assert ex.check("a, b").right
    fb = ex.check(["a"])
    assert fb.status == "wrong" and "missing" in fb.message


def test_real_exercises_confirm_right_and_reject_wrong():
    """The shipped M2 exercises: Berlin's ICT LQ, the most specialised Land, the stars of BW in C."""
    assert training.check("m2.e1", 1.78).right  # (92,900 / 1,670,500) / (1,217,900 / 39,055,000) = 1.783
    assert training.check("m2.e2", "Baden-Wuerttemberg").right
    fb = training.check("m2.e2", "DE-BY")  # most manufacturing jobs, not the highest LQ
    assert fb.status == "wrong" and "size" in fb.message
    assert training.check("m2.e3", 2).right  # size (2nd of 16 by jobs) + focus (1st by share), LQ 1.40 < 2
    assert training.check("m2.e5", ["DE-HB", "DE-SL", "DE-MV"]).right  # 1.0%, 1.2%, 1.7% of employment
    assert training.check("m1.e3", 10).right and training.check("m1.e3", 9).status == "wrong"
    assert training.check("m4.e2", 1.92).right  # 2.5 / 1.3


def test_every_exercise_has_its_texts():
    """Each exercise needs a task, a 'right' explanation and a hint in the locale file."""
    for ex in training.exercises():
        for suffix in ("task", "right") + (() if ex.kind == "text" else ("hint",)):
            assert text.t(f"training.{ex.key}_{suffix}")


def test_every_exercise_expected_answer_computes():
    """An exercise whose data is missing would tell every participant 'cannot be checked'."""
    for ex in training.exercises():
        ex.expected()


def test_hints_do_not_state_expected_answers():
    """No wrong-answer message may contain the exercise's answer (that would give it away)."""
    for ex in training.exercises():
        exp = ex.expected()
        if exp is None:
            continue
        shown = {str(exp)} | ({f"{float(exp):.2f}"} if ex.kind == "number" else set())
        for key, msg in text._group("en", "training").items():
            if key.startswith(ex.key) and not key.endswith(("_right", "_task", "_not_an_option")):  # these list the options
                for s in shown:
                    if len(s) <= 1:
                        continue  # a letter like 'b' or a digit like the star threshold 2 occurs in any sentence
                    assert not re.search(rf"\b{re.escape(s)}\b", msg, re.I), f"{key} reveals {s!r}"


def test_case_sources_exist():
    """Every source a module's case cites must be in data/sources (or the case prints a bare id)."""
    known = load_sources()
    for module in ("m1", "m2", "m3", "m4"):
        ids = training.module_sources(module)
        assert ids, module
        assert not [i for i in ids if i not in known], module


def test_case_counts_are_read_from_the_country_file(monkeypatch):
    """The 2017 counts in the cases follow data/countries/KAZ.yaml: a corrected count there shows in every module."""
    from benchmark.inputs import load

    real = load.facts_by_id

    def edited(countries=None):
        return {i: f.model_copy(update={"value": 17}) if i == "kaz_2017_valid_applications" else f
                for i, f in real(countries).items()}

    monkeypatch.setattr(load, "facts_by_id", edited)
    for key in ("m1_case", "m3_case", "m3_case_title", "m4_case", "m4_e1_task"):
        shown = training._msg(key, "en")
        assert "{fact:" not in shown and "not in data/countries" not in shown, key
        assert re.search(r"\b17\b", shown) and not re.search(r"\b18 valid", shown), key
    # the conflicting count of the project site is shown beside the digest's
    assert '"23 groups of' in training._msg("m3_case", "en")


# --- editions -------------------------------------------------------------------------------------


def module_nb() -> nbformat.NotebookNode:
    """A tiny module: a task, a solution cell with a stored output, a check cell and a trainer note."""
    nb = nbformat.v4.new_notebook()
    sol = nbformat.v4.new_code_cell("lq = 3 / 2\ne9_1 = round(lq, 2)\ne9_1",
                                    metadata={"tags": ["solution", "nbval-check-output"]})
    sol.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "1.5"}, execution_count=2)]
    check = nbformat.v4.new_code_cell('training.check("m9.e1", e9_1)')
    check.outputs = [nbformat.v4.new_output("stream", text="x")]
    nb.cells = [nbformat.v4.new_markdown_cell("# M9"), nbformat.v4.new_code_cell('training.task("m9.e1")'), sol, check,
                nbformat.v4.new_markdown_cell("Trainer: the answer is 1.5", metadata={"tags": ["trainer"]})]
    return nb


def test_participant_edition_strips_solutions():
    """Participants get an empty answer cell with a prompt, never the solution or the trainer's note."""
    out = training.participant_notebook(module_nb())
    sources = "\n".join(c.source for c in out.cells)
    assert "3 / 2" not in sources and "round(lq" not in sources and "Trainer:" not in sources
    answer = [c for c in out.cells if "answer" in c.metadata.get("tags", [])]
    assert len(answer) == 1
    assert answer[0].source.rstrip().endswith("e9_1 = training.NOT_ANSWERED")
    assert "Exercise 9.1" in answer[0].source
    assert all(not c.get("outputs") for c in out.cells if c.cell_type == "code")


def test_trainer_edition_keeps_solutions_and_compared_outputs_only():
    """Trainers keep the solution and its stored output (nbval compares it); other outputs are cleared."""
    out = training.trainer_notebook(module_nb())
    sol = out.cells[2]
    assert "3 / 2" in sol.source and sol.outputs
    assert not out.cells[3].outputs
    assert "Trainer:" in out.cells[4].source


def test_solution_cell_must_assign():
    """A solution cell that assigns nothing would leave participants without an answer variable."""
    with pytest.raises(Exception, match="must assign"):
        training.answer_variable("print(1)", "m9 cell 2")


def test_shipped_modules_have_a_check_after_every_solution():
    """Every solution cell in the shipped modules is followed by a check of the variable it assigns."""
    paths = training.module_paths()
    assert len(paths) >= 4
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if "solution" in cell.metadata.get("tags", []):
                var = training.answer_variable(cell.source)
                nxt = nb.cells[i + 1].source
                assert nxt.startswith("training.check(") and f", {var}" in nxt, f"{path.name} cell {i}"


def test_export_rejects_unknown_edition(tmp_path):
    """A typo in --edition must fail with the choices, before anything is written."""
    from benchmark.core.errors import UserError

    with pytest.raises(UserError, match="participant, trainer"):
        training.export("students", tmp_path / "out", html=False)
    assert not (tmp_path / "out").exists()
