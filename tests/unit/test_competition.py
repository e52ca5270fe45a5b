"""The competition scoring engine: sheets, aggregation, ranking, ties, Kendall's W, sensitivity.

Expected values are computed by hand in the comments, on inputs small enough to check on paper.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
import pytest

from benchmark import competition as comp
from benchmark.errors import DataError, UserError
from benchmark.schemas import CriteriaSet


def criteria_set(**weights) -> CriteriaSet:
    """Two criteria: c1 on 1-5 (weight 3), c2 on 0-10 (weight 1), unless overridden."""
    w = {"c1": 3, "c2": 1, **weights}
    return CriteriaSet.model_validate({
        "id": "test_set", "title": "t", "status": "user", "note": "n",
        "criteria": [
            {"id": "c1", "name": "C one", "description": "d", "weight": w["c1"], "scale": {"min": 1, "max": 5}},
            {"id": "c2", "name": "C two", "description": "d", "weight": w["c2"], "scale": {"min": 0, "max": 10}},
        ],
    })


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


def test_aggregate_mean_and_median_hand_computed(tmp_path):
    """The weighted scores an analyst would compute by hand; the median damps the outlying expert."""
    cs = criteria_set()
    sheet = comp.load_scoring_sheet(write(tmp_path, GOOD), cs)
    # Weights 3:1 -> 0.75, 0.25. c1 rescaled (x - 1) / 4, c2 rescaled x / 10.
    # X mean: c1 mean 10/3 -> (10/3 - 1) / 4 = 7/12; c2 mean 8 -> 0.8.  100 * (0.75 * 7/12 + 0.25 * 0.8) = 63.75
    # X median: c1 4 -> 0.75; c2 8 -> 0.8.  100 * (0.5625 + 0.2) = 76.25
    # Y mean: c1 3 -> 0.5; c2 6 -> 0.6.  100 * (0.375 + 0.15) = 52.5
    # Y median: c1 3 -> 0.5; c2 4 -> 0.4.  100 * (0.375 + 0.1) = 47.5
    mean = comp.aggregate(sheet, cs, method="mean")
    median = comp.aggregate(sheet, cs, method="median")
    assert mean["X"] == pytest.approx(63.75)
    assert mean["Y"] == pytest.approx(52.5)
    assert median["X"] == pytest.approx(76.25)
    assert median["Y"] == pytest.approx(47.5)


def test_weight_override_changes_scores(tmp_path):
    """A weights parameter changes the ranking inputs exactly as the hand computation says."""
    cs = criteria_set()
    sheet = comp.load_scoring_sheet(write(tmp_path, GOOD), cs)
    # c1 weight 1, c2 weight 1 -> 0.5 each. X mean: 100 * (0.5 * 7/12 + 0.5 * 0.8) = 69.1666...
    s = comp.aggregate(sheet, cs, weights={"c1": 1})
    assert s["X"] == pytest.approx(100 * (0.5 * 7 / 12 + 0.4))


@pytest.mark.parametrize("weights, fragment", [
    ({"c3": 1}, "unknown criterion 'c3'"),
    ({"c1": "heavy"}, "not a number"),
    ({"c1": -1}, ">= 0"),
    ({"c1": 0, "c2": 0}, "all weights are zero"),
])
def test_bad_weight_overrides_are_refused(weights, fragment):
    """A typo or a nonsense weight is an error naming the criterion, not a silently ignored override."""
    with pytest.raises(UserError) as exc:
        comp.weights_of(criteria_set(), weights)
    assert fragment in str(exc.value)


def test_rank_shares_ranks_on_ties():
    """Equal scores share a rank (1, 2, 2, 4): the table shows the tie."""
    s = pd.Series({"A": 10.0, "B": 8.0, "C": 8.0, "D": 5.0})
    assert comp.rank(s).to_dict() == {"A": 1, "B": 2, "C": 2, "D": 4}


def test_select_top_reports_tie_at_cutoff():
    """A tie for the last seat is reported with the seats left, never broken by name or order."""
    s = pd.Series({"A": 10.0, "B": 8.0, "C": 8.0, "D": 5.0})
    sel = comp.select_top(s, 2)
    assert sel.selected == ("A",)
    assert set(sel.tied) == {"B", "C"}
    assert sel.seats_left == 1 and sel.cutoff == 8.0 and not sel.resolved
    # Both tied ones fit in 3 seats: no tie to report.
    sel3 = comp.select_top(s, 3)
    assert set(sel3.selected) == {"A", "B", "C"} and sel3.resolved
    assert comp.select_top(s, 1).selected == ("A",)
    assert set(comp.select_top(s, 10).selected) == {"A", "B", "C", "D"}


def test_select_top_all_tied():
    """Three equal applications for two seats: nobody is selected for sure, all three are tied."""
    sel = comp.select_top(pd.Series({"A": 5.0, "B": 5.0, "C": 5.0}), 2)
    assert sel.selected == () and set(sel.tied) == {"A", "B", "C"} and sel.seats_left == 2


def test_select_top_float_noise_is_still_a_tie():
    """Scores equal on paper but different in the 15th decimal are still a tie."""
    a = 0.1 + 0.2  # 0.30000000000000004
    sel = comp.select_top(pd.Series({"A": 1.0, "B": a, "C": 0.3}), 2)
    assert set(sel.tied) == {"B", "C"}


@pytest.mark.parametrize("n", [0, -1, 2.5, True])
def test_select_top_refuses_bad_n(n):
    """n_select = 0 or 2.5 is a clear error, not an empty or odd shortlist."""
    with pytest.raises(UserError):
        comp.select_top(pd.Series({"A": 1.0, "B": 2.0}), n)


def test_kendalls_w_siegel_textbook_example():
    """The classic textbook case: three judges rank six candidates, W = 0.16 (Siegel 1956)."""
    # Ranks given by judges X, Y, Z to six candidates:
    #   X: 1 6 3 2 5 4;  Y: 1 5 6 4 2 3;  Z: 6 3 2 5 4 1
    # Rank sums R = 8, 14, 11, 11, 11, 8; mean = 63 / 6 = 10.5.
    # S = 2.5^2 + 3.5^2 + 0.5^2 + 0.5^2 + 0.5^2 + 2.5^2 = 6.25 + 12.25 + 0.75 + 6.25 = 25.5
    # W = 12 S / (m^2 (n^3 - n)) = 306 / (9 * 210) = 306 / 1890 = 0.1619
    ranks = [[1, 6, 3, 2, 5, 4], [1, 5, 6, 4, 2, 3], [6, 3, 2, 5, 4, 1]]
    kw = comp.kendalls_w(ranks)
    assert kw.w == pytest.approx(306 / 1890)
    assert kw.chi2 == pytest.approx(3 * 5 * 306 / 1890)  # m (n - 1) W
    assert kw.df == 5


def test_kendalls_w_strawberry_worked_example():
    """A published worked example (four raters, eight farms): W = 500 / 672 = 0.744."""
    # influentialpoints.com, "Kendall coefficient of concordance", worked example I:
    # rank sums 31, 12, 12, 15, 22, 5, 22, 25; mean 18; SS = 500; W = 500 / (504 * 16 / 12) = 0.744
    ranks = [[8, 4, 2, 3, 5, 1, 6, 7], [7, 3, 1, 4, 5, 2, 6, 8], [8, 2, 5, 6, 7, 1, 4, 3], [8, 3, 4, 2, 5, 1, 6, 7]]
    assert comp.kendalls_w(ranks).w == pytest.approx(500 / 672)


def test_kendalls_w_tie_correction_hand_computed():
    """Tied scores get average ranks and the denominator is corrected (0.893, not 0.744)."""
    # Scores of 3 raters on 4 objects; ranks within each rater (ties averaged):
    #   r1 scores 5 5 3 1 -> ranks 3.5 3.5 2 1   T1 = 2^3 - 2 = 6
    #   r2 scores 4 4 4 2 -> ranks 3 3 3 1       T2 = 3^3 - 3 = 24
    #   r3 scores 5 3 2 1 -> ranks 4 3 2 1       T3 = 0
    # R = 10.5, 9.5, 7, 3; mean 7.5; S = 9 + 4 + 0.25 + 20.25 = 33.5
    # W = 12 * 33.5 / (9 * 60 - 3 * 30) = 402 / 450 = 0.8933 (without the correction: 402 / 540 = 0.744)
    scores = [[5, 5, 3, 1], [4, 4, 4, 2], [5, 3, 2, 1]]
    kw = comp.kendalls_w(scores)
    assert kw.w == pytest.approx(402 / 450)
    assert kw.ties == 30
    # Independent check: Friedman's tie-corrected chi-square equals m (n - 1) W.
    from scipy.stats import friedmanchisquare

    cols = np.array(scores).T
    assert kw.chi2 == pytest.approx(friedmanchisquare(*cols).statistic)


def test_kendalls_w_no_variation_is_nan():
    """When every expert gives every application the same score there is nothing to agree on: no number."""
    assert math.isnan(comp.kendalls_w([[3, 3, 3], [3, 3, 3]]).w)


def test_concordance_per_criterion(tmp_path):
    """Agreement is computed per criterion with experts as raters and applications as objects."""
    cs = criteria_set()
    sheet = comp.load_scoring_sheet(write(tmp_path, GOOD), cs)
    table = comp.concordance(sheet, cs)
    # c1: e1 ranks X above Y, e2 too, e3 ranks Y above X. n = 2: ranks (2,1), (2,1), (1,2) -> R = 5, 4;
    # mean 4.5; S = 0.5; W = 12 * 0.5 / (9 * 6) = 6 / 54 = 1/9.
    assert table.loc["c1", "w"] == pytest.approx(1 / 9)
    # c2: e1 X>Y, e2 X>Y, e3 tie (8 < 10: Y>X). Scores e3: X 8, Y 10 -> ranks (1,2). Same as c1: 1/9.
    assert table.loc["c2", "w"] == pytest.approx(1 / 9)
    assert "_total" in table.index


def test_concordance_total_sees_ties_hidden_by_float_noise(tmp_path):
    """Two weighted totals equal on paper count as a tie in the agreement table, as they do in the ranking."""
    # Weights c1 2, c2 3 -> 0.4, 0.6. c1 rescaled (x - 1) / 4, c2 x / 10.
    # e1: P (1, 5) -> 0.6 * 0.5 = 0.3; Q (4, 0) -> 0.4 * 0.75 = 0.3 (in floats 0.30000000000000004); R (5, 10) -> 1.
    # e2: P (2, 5) -> 0.1 + 0.3 = 0.4;   Q (4, 0) -> 0.3;                                            R (5, 10) -> 1.
    # Ranks e1: P 1.5, Q 1.5, R 3 (T1 = 2^3 - 2 = 6); e2: P 2, Q 1, R 3 (T2 = 0).
    # R = 3.5, 2.5, 6; mean 4; S = 0.25 + 2.25 + 4 = 6.5.  W = 12 * 6.5 / (4 * 24 - 2 * 6) = 78 / 84.
    # (Missing the tie would give 72 / 96 = 0.75.)
    sheet_text = """
    application,expert,criterion,score
    P,e1,c1,1
    P,e1,c2,5
    Q,e1,c1,4
    Q,e1,c2,0
    R,e1,c1,5
    R,e1,c2,10
    P,e2,c1,2
    P,e2,c2,5
    Q,e2,c1,4
    Q,e2,c2,0
    R,e2,c1,5
    R,e2,c2,10
    """
    cs = criteria_set(c1=2, c2=3)
    sheet = comp.load_scoring_sheet(write(tmp_path, sheet_text), cs)
    assert comp.concordance(sheet, cs).loc["_total", "w"] == pytest.approx(78 / 84)


def test_expert_consistency_flags_outlier(tmp_path):
    """The expert who ranks applications against the others gets a low correlation."""
    rows = ["application,expert,criterion,score"]
    quality = {"A": 5, "B": 4, "C": 3, "D": 2}
    for app, q in quality.items():
        for e in ("e1", "e2", "e3"):
            s = q if e != "e3" else 6 - q  # e3 reverses the order
            rows += [f"{app},{e},c1,{s}", f"{app},{e},c2,{2 * s}"]
    cs = criteria_set()
    sheet = comp.load_scoring_sheet(write(tmp_path, "\n".join(rows) + "\n"), cs)
    rho = comp.expert_consistency(sheet, cs)
    # e3 against the mean of e1 and e2 (which equal the true order): perfectly reversed -> -1.
    assert rho["e3"] == pytest.approx(-1.0)
    assert rho["e3"] < comp.OUTLIER_RHO


# --- sensitivity ----------------------------------------------------------------------------------


def test_sensitivity_same_seed_same_figures():
    """Re-running the brief with the same seed gives exactly the same robustness figures."""
    cs = comp.load_criteria("default")
    sheet = comp.load_scoring_sheet("example", cs)
    a = comp.sensitivity(sheet, cs, n_select=6, seed=7, n_draws=300)
    b = comp.sensitivity(sheet, cs, n_select=6, seed=7, n_draws=300)
    c = comp.sensitivity(sheet, cs, n_select=6, seed=8, n_draws=300)
    pd.testing.assert_frame_equal(a, b)
    assert not a["selected"].equals(c["selected"])


def test_sensitivity_without_spread_reproduces_base_selection(tmp_path):
    """With no weight variation every draw equals the base: shares are exactly 1 or 0, ties stay ties."""
    # Scores (mean, weights 0.75 / 0.25): X 63.75, Y 52.5, Z = Y's twin -> Y and Z tie for the 2nd seat.
    twin = "\n".join(line.replace("Y,", "Z,") for line in GOOD.strip().splitlines()[7:])
    cs = criteria_set()
    sheet = comp.load_scoring_sheet(write(tmp_path, GOOD + twin + "\n"), cs)
    res = comp.sensitivity(sheet, cs, n_select=2, seed=1, n_draws=50, spread=0.0)
    assert res.loc["X", "selected"] == 1.0
    assert res.loc["Y", "tied"] == 1.0 and res.loc["Z", "tied"] == 1.0
    assert res.loc["Y", "selected"] == 0.0
    assert res.loc["Y", "in_base"] == "tied"


def test_sensitivity_refuses_bad_range():
    """A weight range of 100% or more (weights could vanish) is refused with the parameter named."""
    cs = comp.load_criteria("default")
    sheet = comp.load_scoring_sheet("example", cs)
    with pytest.raises(UserError, match="weight_range"):
        comp.sensitivity(sheet, cs, spread=1.0)


# --- shipped data ---------------------------------------------------------------------------------


def test_default_criteria_are_sourced_and_marked_default():
    """The shipped criteria say they are a default and cite sources that exist."""
    from benchmark.load import load_sources

    cs = comp.load_criteria("default")
    assert cs.status == "default"
    known = load_sources()
    for c in cs.criteria:
        assert c.sources, c.id
        assert all(s in known for s in c.sources), c.id
    assert all(s in known for s in cs.sources)


def test_example_sheet_is_illustrative_and_complete():
    """The example sheet loads, says it is illustrative, and has 18 applications A-R."""
    cs = comp.load_criteria("default")
    sheet = comp.load_scoring_sheet("example", cs)
    assert sheet.illustrative
    assert sheet.applications == tuple(f"Application {chr(ord('A') + i)}" for i in range(18))
    assert 3 <= len(sheet.experts) <= 5
    assert len(sheet.frame) == 18 * len(sheet.experts) * len(cs.criteria)


def test_example_sheet_exercises_tie_and_median():
    """The training sheet shows a tie at the cut-off and a median top six that differs from the mean's."""
    cs = comp.load_criteria("default")
    sheet = comp.load_scoring_sheet("example", cs)
    mean = comp.select_top(comp.aggregate(sheet, cs), 6)
    median = comp.select_top(comp.aggregate(sheet, cs, method="median"), 6)
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
    """A misspelt criterion is refused at its line with a suggestion; no partial ranking."""
    ps = problems_of(tmp_path, GOOD.replace("X,e1,c2,10", "X,e1,c22,10"))
    lines = {p.line for p in ps}
    assert 3 in lines
    unknown = [p for p in ps if p.line == 3][0]
    assert "unknown criterion 'c22'" in unknown.reason and "did you mean 'c2'" in unknown.reason
    # ... and e1 is now missing c2 for X: reported too, at e1's X rows.
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
    from benchmark import validate

    validate._import_feature_checks()
    check = next(c for c in validate.CHECKS if c.__name__ == "check_competition")
    assert check() == []
    monkeypatch.setitem(comp.FUNNEL, "valid", "kaz_no_such_fact")
    assert any("kaz_no_such_fact" in p.reason for p in check())
