"""The competition's inputs: criteria, weight overrides and scoring sheets, read and checked with lines named."""

from __future__ import annotations

import textwrap

import pytest

from benchmark.analysis import scoring
from benchmark.core.errors import DataError, UserError
from benchmark.inputs import competition as comp
from benchmark.inputs.criteria_schemas import CriteriaSet
from benchmark.sections.competition import panel_of


def criteria_set(**weights) -> CriteriaSet:
    """Two criteria: c1 on 1-5 (weight 3), c2 on 0-10 (weight 1), unless overridden."""
    w = {"c1": 3, "c2": 1, **weights}
    return CriteriaSet.model_validate(
        {
            "id": "test_set",
            "title": "t",
            "status": "user",
            "note": "n",
            "criteria": [
                {"id": "c1", "name": "C one", "description": "d", "weight": w["c1"], "scale": {"min": 1, "max": 5}},
                {"id": "c2", "name": "C two", "description": "d", "weight": w["c2"], "scale": {"min": 0, "max": 10}},
            ],
        }
    )


def write(tmp_path, text: str, name: str = "sheet.csv", meta: str | None = None):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    if meta is not None:
        (tmp_path / (name + ".meta.yaml")).write_text(textwrap.dedent(meta).lstrip(), encoding="utf-8")
    return p


# Three experts, two applications. X on c1: 5, 4, 1 (expert e3 is the outlier); c2: 10, 6, 8.
# Y on c1: 3, 3, 3; c2: 4, 4, 10.
GOOD = """
application,expert,criterion,score
X,e1,c1,5
X,e1,c2,10
X,e2,c1,4
X,e2,c2,6
X,e3,c1,1
X,e3,c2,8
Y,e1,c1,3
Y,e1,c2,4
Y,e2,c1,3
Y,e2,c2,4
Y,e3,c1,3
Y,e3,c2,10
"""


# Three experts, two applications. X on c1: 5, 4, 1 (expert e3 is the outlier); c2: 10, 6, 8.
# Y on c1: 3, 3, 3; c2: 4, 4, 10.
GOOD = """
application,expert,criterion,score
X,e1,c1,5
X,e1,c2,10
X,e2,c1,4
X,e2,c2,6
X,e3,c1,1
X,e3,c2,8
Y,e1,c1,3
Y,e1,c2,4
Y,e2,c1,3
Y,e2,c2,4
Y,e3,c1,3
Y,e3,c2,10
"""


@pytest.mark.parametrize(
    "weights, fragment",
    [
        ({"c3": 1}, "unknown criterion 'c3'"),
        ({"c1": "heavy"}, "not a number"),
        ({"c1": -1}, ">= 0"),
        ({"c1": 0, "c2": 0}, "all weights are zero"),
    ],
)
def test_bad_weight_overrides_are_refused(weights, fragment):
    """A typo or a nonsense weight is an error naming the criterion, not a silently ignored override."""
    with pytest.raises(UserError) as exc:
        comp.weights_of(criteria_set(), weights)
    assert fragment in str(exc.value)


# --- shipped data ---------------------------------------------------------------------------------


def test_default_criteria_are_sourced_and_marked_default():
    """The shipped criteria say they are a default and cite sources that exist."""
    from benchmark.inputs.load import load_sources

    cs = comp.load_criteria("default")
    assert cs.status == "default"
    known = load_sources()
    for c in cs.criteria:
        assert c.sources, c.id
        assert all(s in known for s in c.sources), c.id
    assert all(s in known for s in cs.sources)


def test_example_sheet_is_illustrative_and_complete():
    """The example sheet loads, says it is illustrative, and has one application per valid one of 2017 (A, B, ...)."""
    from benchmark.inputs import load

    valid = int(load.facts_by_id(["KAZ"])["kaz_2017_valid_applications"].value)
    cs = comp.load_criteria("default")
    sheet = comp.load_scoring_sheet("example", cs)
    assert sheet.illustrative
    assert sheet.applications == tuple(f"Application {chr(ord('A') + i)}" for i in range(valid))
    assert 3 <= len(sheet.experts) <= 5
    assert len(sheet.frame) == valid * len(sheet.experts) * len(cs.criteria)


def test_example_sheet_exercises_tie_and_median():
    """The training sheet shows a tie at the cut-off and a median top six that differs from the mean's."""
    cs = comp.load_criteria("default")
    p, w = panel_of(comp.load_scoring_sheet("example", cs), cs), comp.weights_of(cs)
    mean = scoring.select_top(scoring.aggregate(p, w), 6)
    median = scoring.select_top(scoring.aggregate(p, w, method="median"), 6)
    assert mean.tied
    assert set(mean.selected) | set(mean.tied) != set(median.selected) | set(median.tied)


# --- malformed sheets: each refused with the rows named -------------------------------------------


def problems_of(tmp_path, text, meta=None):
    with pytest.raises(DataError) as exc:
        comp.load_scoring_sheet(write(tmp_path, text, meta=meta), criteria_set())
    return exc.value.problems


def test_empty_score_cell_names_line(tmp_path):
    """A blank score is refused and the message names its CSV line."""
    bad = GOOD.replace("X,e2,c1,4", "X,e2,c1,")  # line 4 of the file (header = line 1)
    ps = problems_of(tmp_path, bad)
    assert [p.line for p in ps] == [4]
    assert "missing score" in ps[0].reason and ps[0].field == "score"


def test_missing_row_names_the_experts_other_rows(tmp_path):
    """An expert who left out a criterion is named, with the lines of their other scores."""
    bad = GOOD.replace("Y,e3,c2,10\n", "")  # e3's Y scores are now only line 12
    ps = problems_of(tmp_path, bad)
    assert len(ps) == 1
    assert "'e3'" in ps[0].reason and "'Y'" in ps[0].reason and "'c2'" in ps[0].reason
    assert ps[0].line == 12 and "line 12" in ps[0].reason


def test_expert_missing_a_whole_application(tmp_path):
    """An expert with no scores at all for an application is named with the application's lines."""
    bad = GOOD.replace("X,e3,c1,1\n", "").replace("X,e3,c2,8\n", "")
    ps = problems_of(tmp_path, bad)
    assert len(ps) == 1 and "'e3'" in ps[0].reason and "'X'" in ps[0].reason
    assert "lines 2-5" in ps[0].reason


def test_score_outside_scale_names_line(tmp_path):
    """A 6 on a 1-5 scale is refused at its line, with the scale in the message."""
    ps = problems_of(tmp_path, GOOD.replace("Y,e1,c1,3", "Y,e1,c1,6"))
    assert [p.line for p in ps] == [8]
    assert "outside the scale" in ps[0].reason and "1 to 5" in ps[0].reason


def test_non_numeric_score(tmp_path):
    """'high' instead of a number is refused at its line."""
    ps = problems_of(tmp_path, GOOD.replace("Y,e1,c1,3", "Y,e1,c1,high"))
    assert [p.line for p in ps] == [8] and "not a number" in ps[0].reason


def test_unknown_criterion_names_line_and_suggests(tmp_path):
    """A misspelt criterion is refused at its line with a suggestion, once: the score it stands for is not then
    reported missing as well (one mistake, one message); no partial ranking."""
    ps = problems_of(tmp_path, GOOD.replace("X,e1,c2,10", "X,e1,c22,10"))
    assert [p.line for p in ps] == [3]
    assert "unknown criterion 'c22'" in ps[0].reason and "did you mean 'c2'" in ps[0].reason


def test_unknown_criterion_far_from_any_is_also_a_missing_score(tmp_path):
    """A criterion like no other (no suggestion) leaves the real one unscored, and that is said too."""
    ps = problems_of(tmp_path, GOOD.replace("X,e1,c2,10", "X,e1,zzz,10"))
    assert [p.line for p in ps if "unknown criterion 'zzz'" in p.reason] == [3]
    assert any("did not score application 'X'" in p.reason for p in ps)


def test_unknown_application_with_sidecar_list(tmp_path):
    """When the sidecar lists the applications, any other name is refused at its line."""
    meta = """
    title: t
    illustrative: false
    description: d
    applications: [X, Y]
    """
    bad = GOOD.replace("Y,e3,c1,3", "Yy,e3,c1,3")
    ps = problems_of(tmp_path, bad, meta=meta)
    unknown = [p for p in ps if "unknown application" in p.reason]
    assert [p.line for p in unknown] == [12] and "did you mean 'Y'" in unknown[0].reason


def test_misspelt_application_without_sidecar_is_caught(tmp_path):
    """Without a list of applications, a misspelt name shows up as an incomplete application with a hint."""
    bad = GOOD.replace("Y,e3,c1,3", "Yy,e3,c1,3")
    ps = problems_of(tmp_path, bad)
    assert any("'Yy'" in p.reason and "typo" in p.reason for p in ps)


def test_duplicate_rows_name_all_lines(tmp_path):
    """The same application, expert and criterion twice: both lines are named, even with equal scores."""
    ps = problems_of(tmp_path, GOOD + "X,e1,c1,5\n")
    assert sorted(p.line for p in ps) == [2, 14]
    assert all("duplicate row" in p.reason and "lines 2, 14" in p.reason for p in ps)


def test_bad_header(tmp_path):
    """A sheet without the expected columns is refused at line 1 with the expected header."""
    ps = problems_of(tmp_path, "app,expert,criterion,score\nX,e1,c1,3\n")
    assert ps[0].line == 1 and "application" in ps[0].reason


def test_several_problems_reported_together(tmp_path):
    """All problems of a sheet come in one message, in line order, so the user fixes them in one go."""
    bad = GOOD.replace("X,e2,c1,4", "X,e2,c1,").replace("Y,e1,c1,3", "Y,e1,c1,9")
    ps = problems_of(tmp_path, bad)
    assert [p.line for p in ps] == [4, 8]


def test_semicolon_sheet_with_decimal_commas(tmp_path):
    """A sheet saved by Excel with ';' and decimal commas reads the same as the comma version."""
    cs = criteria_set()
    semi = GOOD.replace(",", ";").replace(";5\n", ";4,5\n")  # X,e1,c1 = 4.5
    sheet = comp.load_scoring_sheet(write(tmp_path, semi, name="semi.csv"), cs)
    assert sheet.frame.loc[sheet.frame.line == 2, "score"].item() == 4.5


def test_sheet_read_through_the_engine_gives_the_hand_computed_scores(tmp_path):
    """A sheet read from CSV scores as the engine's hand-computed example (X 63.75, Y 52.5 by the mean)."""
    cs = criteria_set()
    sheet = comp.load_scoring_sheet(write(tmp_path, GOOD), cs)
    s = scoring.aggregate(panel_of(sheet, cs), comp.weights_of(cs))
    assert s["X"] == pytest.approx(63.75) and s["Y"] == pytest.approx(52.5)


@pytest.mark.parametrize(
    "kw, name",
    [
        ({"n_select": 0}, "n_select"),
        ({"n_select": 2.5}, "n_select"),
        ({"n_select": 6, "n_draws": 0}, "n_draws"),
        ({"n_select": 6, "weight_range": 1.0}, "weight_range"),
    ],
)
def test_bad_parameters_are_refused_with_their_name(kw, name):
    """A number to select of 0, no draws or a weight range of 100% is a clear error naming the parameter."""
    with pytest.raises(UserError) as exc:
        comp.check_parameters(**kw)
    assert exc.value.problems[0].file == name


def test_user_sheet_path_relative_to_working_dir(tmp_path, monkeypatch):
    """A relative path to the user's sheet is found from the working directory; a wrong one is a clear error."""
    write(tmp_path, GOOD)
    monkeypatch.chdir(tmp_path)
    assert comp.load_scoring_sheet("sheet.csv", criteria_set()).applications == ("X", "Y")
    with pytest.raises(UserError, match="scoring sheet not found"):
        comp.load_scoring_sheet("no_such_sheet.csv", criteria_set())


def test_lines_helper_compresses_ranges():
    """Messages list lines compactly: 'lines 4-6, 9'."""
    assert comp._lines([9, 4, 5, 6]) == "lines 4-6, 9"
    assert comp._lines([7]) == "line 7"


def test_validate_check_passes_on_shipped_data_and_catches_a_renamed_fact(monkeypatch):
    """`clusterbench validate` accepts the shipped competition data and names a funnel fact that went missing."""
    from benchmark.inputs import validate

    check = dict(validate.CHECKS)["competition criteria and sheet"]
    assert check() == []
    monkeypatch.setitem(comp.FUNNEL, "valid", "kaz_no_such_fact")
    assert any("kaz_no_such_fact" in p.reason for p in check())


# --- the optional region and OKED section of each application -------------------------------------

PLACED = """
application,expert,criterion,score,region,oked_section
X,e1,c1,5,KZ-KAR,C
X,e1,c2,10,KZ-KAR,C
X,e2,c1,4,kz-kar,c
X,e2,c2,6,,
Y,e1,c1,3,KZ-PAV,
Y,e1,c2,4,KZ-PAV,
Y,e2,c1,3,KZ-PAV,
Y,e2,c2,4,KZ-PAV,
"""


def test_region_and_section_are_read_per_application(tmp_path):
    """Each application's 2017 region and OKED section, where given (case and blank cells do not matter)."""
    sheet = comp.load_scoring_sheet(write(tmp_path, PLACED), criteria_set())
    assert dict(sheet.regions) == {"X": "KZ-KAR", "Y": "KZ-PAV"}
    assert dict(sheet.sections) == {"X": "C"}
    assert comp.load_scoring_sheet(write(tmp_path, GOOD, "plain.csv"), criteria_set()).regions == {}


@pytest.mark.parametrize(
    "old, new, field, reason",
    [
        ("KZ-PAV,\nY,e1,c2", "KZ-55,\nY,e1,c2", "region", "write KZ-PAV (Pavlodar region)"),
        ("KZ-PAV,\nY,e1,c2", "Pavlodar,\nY,e1,c2", "region", "did you mean KZ-PAV?"),
        ("KZ-PAV,\nY,e1,c2", "KZ-XXX,\nY,e1,c2", "region", "unknown region 'KZ-XXX'"),
        ("X,e1,c2,10,KZ-KAR,C", "X,e1,c2,10,KZ-KAR,T", "oked_section", "unknown OKED section 'T'"),
        ("X,e1,c2,10,KZ-KAR,C", "X,e1,c2,10,KZ-ALA,C", "region", "is given region KZ-KAR (lines 2, 4) and KZ-ALA"),
    ],
    ids=["todays-code", "a-name", "unknown", "section", "two-regions"],
)
def test_a_bad_region_or_section_is_refused_with_its_line(tmp_path, old, new, field, reason):
    """An unknown region or section, today's code for a 2017 unit, or two regions for one application: refused."""
    text = textwrap.dedent(PLACED).lstrip()
    assert old in text
    with pytest.raises(DataError) as exc:
        comp.load_scoring_sheet(write(tmp_path, text.replace(old, new, 1)), criteria_set())
    found = [p for p in exc.value.problems if p.field == field and reason in p.reason]
    assert found and all(p.line for p in found), exc.value.problems


def test_a_wrong_code_on_many_rows_is_reported_once_with_its_lines(tmp_path):
    """The same unknown code on four rows is one problem naming lines 6-9, not four."""
    with pytest.raises(DataError) as exc:
        comp.load_scoring_sheet(write(tmp_path, PLACED.replace("KZ-PAV", "KZ-55")), criteria_set())
    problems = [p for p in exc.value.problems if p.field == "region"]
    assert len(problems) == 1 and problems[0].line == 6 and "lines 6-9" in problems[0].reason
