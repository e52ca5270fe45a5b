"""The competition's scoring engine on inline data: aggregation, ranking, ties, Kendall's W, sensitivity.

Expected values are computed by hand in the comments, on inputs small enough to check on paper. The
engine takes arrays, not files: nothing here reads a sheet.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from benchmark.analysis import scoring

W31 = {"c1": 3, "c2": 1}


def panel(rows: list[tuple[str, str, str, float]], low=(1, 0), high=(5, 10)) -> scoring.Panel:
    """A panel from (application, expert, criterion, score) rows; c1 on 1-5 and c2 on 0-10 by default."""
    apps = tuple(dict.fromkeys(r[0] for r in rows))
    experts = tuple(dict.fromkeys(r[1] for r in rows))
    crits = ("c1", "c2")
    cube = np.full((len(apps), len(experts), len(crits)), np.nan)
    for a, e, c, v in rows:
        cube[apps.index(a), experts.index(e), crits.index(c)] = v
    return scoring.Panel(apps, experts, crits, cube, tuple(low), tuple(high))


# Three experts, two applications. X on c1: 5, 4, 1 (expert e3 is the outlier); c2: 10, 6, 8.
# Y on c1: 3, 3, 3; c2: 4, 4, 10.
GOOD = [
    ("X", "e1", "c1", 5),
    ("X", "e1", "c2", 10),
    ("X", "e2", "c1", 4),
    ("X", "e2", "c2", 6),
    ("X", "e3", "c1", 1),
    ("X", "e3", "c2", 8),
    ("Y", "e1", "c1", 3),
    ("Y", "e1", "c2", 4),
    ("Y", "e2", "c1", 3),
    ("Y", "e2", "c2", 4),
    ("Y", "e3", "c1", 3),
    ("Y", "e3", "c2", 10),
]


def test_aggregate_mean_and_median_hand_computed():
    """The weighted scores an analyst would compute by hand; the median damps the outlying expert."""
    p = panel(GOOD)
    # Weights 3:1 -> 0.75, 0.25. c1 rescaled (x - 1) / 4, c2 rescaled x / 10.
    # X mean: c1 mean 10/3 -> (10/3 - 1) / 4 = 7/12; c2 mean 8 -> 0.8.  100 * (0.75 * 7/12 + 0.25 * 0.8) = 63.75
    # X median: c1 4 -> 0.75; c2 8 -> 0.8.  100 * (0.5625 + 0.2) = 76.25
    # Y mean: c1 3 -> 0.5; c2 6 -> 0.6.  100 * (0.375 + 0.15) = 52.5
    # Y median: c1 3 -> 0.5; c2 4 -> 0.4.  100 * (0.375 + 0.1) = 47.5
    mean = scoring.aggregate(p, W31, method="mean")
    median = scoring.aggregate(p, W31, method="median")
    assert mean["X"] == pytest.approx(63.75)
    assert mean["Y"] == pytest.approx(52.5)
    assert median["X"] == pytest.approx(76.25)
    assert median["Y"] == pytest.approx(47.5)


def test_equal_weights_change_scores():
    """Other weights change the scores exactly as the hand computation says."""
    # c1 weight 1, c2 weight 1 -> 0.5 each. X mean: 100 * (0.5 * 7/12 + 0.5 * 0.8) = 69.1666...
    s = scoring.aggregate(panel(GOOD), {"c1": 1, "c2": 1})
    assert s["X"] == pytest.approx(100 * (0.5 * 7 / 12 + 0.4))


def test_engine_refuses_inconsistent_input():
    """A score array that does not match its names, or weights that are all zero, are refused."""
    with pytest.raises(ValueError):
        scoring.Panel(("A",), ("e",), ("c1", "c2"), np.zeros((1, 1, 3)), (0, 0), (1, 1))
    with pytest.raises(ValueError):
        scoring.aggregate(panel(GOOD), {"c1": 0, "c2": 0})


def test_rank_shares_ranks_on_ties():
    """Equal scores share a rank (1, 2, 2, 4): the table shows the tie."""
    s = pd.Series({"A": 10.0, "B": 8.0, "C": 8.0, "D": 5.0})
    assert scoring.rank(s).to_dict() == {"A": 1, "B": 2, "C": 2, "D": 4}


def test_select_top_reports_tie_at_cutoff():
    """A tie for the last seat is reported with the seats left, never broken by name or order."""
    s = pd.Series({"A": 10.0, "B": 8.0, "C": 8.0, "D": 5.0})
    sel = scoring.select_top(s, 2)
    assert sel.selected == ("A",)
    assert set(sel.tied) == {"B", "C"}
    assert sel.seats_left == 1 and sel.cutoff == 8.0 and not sel.resolved
    # Both tied ones fit in 3 seats: no tie to report.
    sel3 = scoring.select_top(s, 3)
    assert set(sel3.selected) == {"A", "B", "C"} and sel3.resolved
    assert scoring.select_top(s, 1).selected == ("A",)
    assert set(scoring.select_top(s, 10).selected) == {"A", "B", "C", "D"}


def test_select_top_all_tied():
    """Three equal applications for two seats: nobody is selected for sure, all three are tied."""
    sel = scoring.select_top(pd.Series({"A": 5.0, "B": 5.0, "C": 5.0}), 2)
    assert sel.selected == () and set(sel.tied) == {"A", "B", "C"} and sel.seats_left == 2


def test_select_top_float_noise_is_still_a_tie():
    """Scores equal on paper but different in the 15th decimal are still a tie."""
    a = 0.1 + 0.2  # 0.30000000000000004
    sel = scoring.select_top(pd.Series({"A": 1.0, "B": a, "C": 0.3}), 2)
    assert set(sel.tied) == {"B", "C"}


@pytest.mark.parametrize("n", [0, -1, 2.5, True])
def test_select_top_refuses_bad_n(n):
    """n_select = 0 or 2.5 is a clear error, not an empty or odd shortlist."""
    with pytest.raises(ValueError):
        scoring.select_top(pd.Series({"A": 1.0, "B": 2.0}), n)


def test_kendalls_w_siegel_textbook_example():
    """The classic textbook case: three judges rank six candidates, W = 0.16 (Siegel 1956)."""
    # Ranks given by judges X, Y, Z to six candidates:
    #   X: 1 6 3 2 5 4;  Y: 1 5 6 4 2 3;  Z: 6 3 2 5 4 1
    # Rank sums R = 8, 14, 11, 11, 11, 8; mean = 63 / 6 = 10.5.
    # S = 2.5^2 + 3.5^2 + 0.5^2 + 0.5^2 + 0.5^2 + 2.5^2 = 6.25 + 12.25 + 0.75 + 6.25 = 25.5
    # W = 12 S / (m^2 (n^3 - n)) = 306 / (9 * 210) = 306 / 1890 = 0.1619
    ranks = [[1, 6, 3, 2, 5, 4], [1, 5, 6, 4, 2, 3], [6, 3, 2, 5, 4, 1]]
    kw = scoring.kendalls_w(ranks)
    assert kw.w == pytest.approx(306 / 1890)
    assert kw.chi2 == pytest.approx(3 * 5 * 306 / 1890)  # m (n - 1) W
    assert kw.df == 5


def test_kendalls_w_strawberry_worked_example():
    """A published worked example (four raters, eight farms): W = 500 / 672 = 0.744."""
    # influentialpoints.com, "Kendall coefficient of concordance", worked example I:
    # rank sums 31, 12, 12, 15, 22, 5, 22, 25; mean 18; SS = 500; W = 500 / (504 * 16 / 12) = 0.744
    ranks = [[8, 4, 2, 3, 5, 1, 6, 7], [7, 3, 1, 4, 5, 2, 6, 8], [8, 2, 5, 6, 7, 1, 4, 3], [8, 3, 4, 2, 5, 1, 6, 7]]
    assert scoring.kendalls_w(ranks).w == pytest.approx(500 / 672)


def test_kendalls_w_tie_correction_hand_computed():
    """Tied scores get average ranks and the denominator is corrected (0.893, not 0.744)."""
    # Scores of 3 raters on 4 objects; ranks within each rater (ties averaged):
    #   r1 scores 5 5 3 1 -> ranks 3.5 3.5 2 1   T1 = 2^3 - 2 = 6
    #   r2 scores 4 4 4 2 -> ranks 3 3 3 1       T2 = 3^3 - 3 = 24
    #   r3 scores 5 3 2 1 -> ranks 4 3 2 1       T3 = 0
    # R = 10.5, 9.5, 7, 3; mean 7.5; S = 9 + 4 + 0.25 + 20.25 = 33.5
    # W = 12 * 33.5 / (9 * 60 - 3 * 30) = 402 / 450 = 0.8933 (without the correction: 402 / 540 = 0.744)
    scores = [[5, 5, 3, 1], [4, 4, 4, 2], [5, 3, 2, 1]]
    kw = scoring.kendalls_w(scores)
    assert kw.w == pytest.approx(402 / 450)
    assert kw.ties == 30
    # Independent check: Friedman's tie-corrected chi-square equals m (n - 1) W.
    from scipy.stats import friedmanchisquare

    cols = np.array(scores).T
    assert kw.chi2 == pytest.approx(friedmanchisquare(*cols).statistic)


@pytest.mark.parametrize("df", [1, 2, 3, 4, 5, 8, 9, 15, 30])
def test_chi_square_p_values_match_scipy(df):
    """A Kendall's W p-value off by the closed form's slip would tell a commission its experts agree when not."""
    from scipy.stats import chi2

    for x in (0.0, 0.01, 0.5, 1.0, df - 0.5, df, 2.0 * df, 5.0 * df + 3, 80.0):
        assert scoring.chi2_sf(x, df) == pytest.approx(float(chi2.sf(x, df)), rel=1e-9, abs=1e-15), (x, df)


def test_average_ranks_and_rank_correlation_match_scipy():
    """Tied scores must share their average rank, or W and each expert's correlation with the panel drift."""
    from scipy.stats import rankdata, spearmanr

    rng = np.random.default_rng(7)
    for _ in range(50):
        a = rng.integers(0, 5, size=12).astype(float)  # many ties, as scores on a short scale have
        assert np.allclose(scoring.average_ranks(a), rankdata(a))
    # each expert's correlation with the rest of the panel, on a panel with ties (scores 1-5 and 0-10)
    rows = [
        (f"A{i}", e, c, float(rng.integers(1, 6) if c == "c1" else rng.integers(0, 11)))
        for i in range(10)
        for e in ("e1", "e2", "e3", "e4")
        for c in ("c1", "c2")
    ]
    p = panel(rows)
    totals = scoring.expert_totals(p, W31)
    rho = scoring.expert_consistency(p, W31)
    for j, e in enumerate(p.experts):
        others = np.delete(totals, j, axis=1).mean(axis=1)
        assert rho[e] == pytest.approx(spearmanr(totals[:, j], others).statistic)


def test_kendalls_w_no_variation_is_nan():
    """When every expert gives every application the same score there is nothing to agree on: no number."""
    assert math.isnan(scoring.kendalls_w([[3, 3, 3], [3, 3, 3]]).w)


def test_concordance_per_criterion():
    """Agreement is computed per criterion with experts as raters and applications as objects."""
    table = scoring.concordance(panel(GOOD), W31)
    # c1: e1 ranks X above Y, e2 too, e3 ranks Y above X. n = 2: ranks (2,1), (2,1), (1,2) -> R = 5, 4;
    # mean 4.5; S = 0.5; W = 12 * 0.5 / (9 * 6) = 6 / 54 = 1/9.
    assert table.loc["c1", "w"] == pytest.approx(1 / 9)
    # c2: e1 X>Y, e2 X>Y; e3 scores X 8, Y 10 -> ranks (1,2). Same as c1: 1/9.
    assert table.loc["c2", "w"] == pytest.approx(1 / 9)
    assert "_total" in table.index


def test_concordance_total_sees_ties_hidden_by_float_noise():
    """Two weighted totals equal on paper count as a tie in the agreement table, as they do in the ranking."""
    # Weights c1 2, c2 3 -> 0.4, 0.6. c1 rescaled (x - 1) / 4, c2 x / 10.
    # e1: P (1, 5) -> 0.6 * 0.5 = 0.3; Q (4, 0) -> 0.4 * 0.75 = 0.3 (in floats 0.30000000000000004); R (5, 10) -> 1.
    # e2: P (2, 5) -> 0.1 + 0.3 = 0.4;   Q (4, 0) -> 0.3;                                            R (5, 10) -> 1.
    # Ranks e1: P 1.5, Q 1.5, R 3 (T1 = 2^3 - 2 = 6); e2: P 2, Q 1, R 3 (T2 = 0).
    # R = 3.5, 2.5, 6; mean 4; S = 0.25 + 2.25 + 4 = 6.5.  W = 12 * 6.5 / (4 * 24 - 2 * 6) = 78 / 84.
    # (Missing the tie would give 72 / 96 = 0.75.)
    rows = [
        ("P", "e1", "c1", 1),
        ("P", "e1", "c2", 5),
        ("Q", "e1", "c1", 4),
        ("Q", "e1", "c2", 0),
        ("R", "e1", "c1", 5),
        ("R", "e1", "c2", 10),
        ("P", "e2", "c1", 2),
        ("P", "e2", "c2", 5),
        ("Q", "e2", "c1", 4),
        ("Q", "e2", "c2", 0),
        ("R", "e2", "c1", 5),
        ("R", "e2", "c2", 10),
    ]
    assert scoring.concordance(panel(rows), {"c1": 2, "c2": 3}).loc["_total", "w"] == pytest.approx(78 / 84)


def test_expert_consistency_flags_outlier():
    """The expert who ranks applications against the others gets a low correlation."""
    rows = []
    quality = {"A": 5, "B": 4, "C": 3, "D": 2}
    for app, q in quality.items():
        for e in ("e1", "e2", "e3"):
            s = q if e != "e3" else 6 - q  # e3 reverses the order
            rows += [(app, e, "c1", s), (app, e, "c2", 2 * s)]
    rho = scoring.expert_consistency(panel(rows), W31)
    # e3 against the mean of e1 and e2 (which equal the true order): perfectly reversed -> -1.
    assert rho["e3"] == pytest.approx(-1.0)
    assert rho["e1"] > rho["e3"] and rho["e2"] > rho["e3"]


# --- sensitivity ----------------------------------------------------------------------------------


def test_sensitivity_same_seed_same_figures():
    """Re-running with the same seed gives exactly the same robustness figures; another seed differs."""
    rng = np.random.default_rng(0)
    rows = [
        (f"A{i}", e, c, float(rng.integers(1, 6)) if c == "c1" else float(rng.integers(0, 11)))
        for i in range(12)
        for e in ("e1", "e2", "e3")
        for c in ("c1", "c2")
    ]
    p = panel(rows)
    a = scoring.sensitivity(p, W31, n_select=6, seed=7, n_draws=300)
    b = scoring.sensitivity(p, W31, n_select=6, seed=7, n_draws=300)
    c = scoring.sensitivity(p, W31, n_select=6, seed=8, n_draws=300)
    pd.testing.assert_frame_equal(a, b)
    assert not a["selected"].equals(c["selected"])


def test_sensitivity_without_spread_reproduces_base_selection():
    """With no weight variation every draw equals the base: shares are exactly 1 or 0, ties stay ties."""
    # Scores (mean, weights 0.75 / 0.25): X 63.75, Y 52.5, Z = Y's twin -> Y and Z tie for the 2nd seat.
    twin = [("Z", e, c, v) for a, e, c, v in GOOD if a == "Y"]
    res = scoring.sensitivity(panel(GOOD + twin), W31, n_select=2, seed=1, n_draws=50, spread=0.0)
    assert res.loc["X", "selected"] == 1.0
    assert res.loc["Y", "tied"] == 1.0 and res.loc["Z", "tied"] == 1.0
    assert res.loc["Y", "selected"] == 0.0
    assert res.loc["Y", "in_base"] == "tied"


def test_sensitivity_refuses_bad_range():
    """A weight range of 100% or more (weights could vanish) is refused."""
    with pytest.raises(ValueError, match="weight range"):
        scoring.sensitivity(panel(GOOD), W31, spread=1.0)


def test_engine_imports_neither_matplotlib_nor_the_data_layer():
    """The scoring engine is pure computation: a newcomer can reuse it on any sheet without the workbook's files."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(scoring))
    mods = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    mods |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not any(m.startswith("matplotlib") for m in mods)
    assert not any("inputs" in m or m.startswith("..") or m.startswith(".") for m in mods if m), mods
