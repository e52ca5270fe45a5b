"""Agreement of two assessors: exact, adjacent, quadratic-weighted kappa and its bootstrap interval."""

import pytest

from benchmark.analysis import agreement as ag

# A hand-worked example: five items scored by A and B on the 0-4 scale.
#   A: 0 1 2 3 4      B: 0 2 2 1 4
# exact: items 1, 3 and 5 agree -> 3/5 = 0.6; adjacent (|A-B| <= 1): items 1, 2, 3, 5 -> 4/5 = 0.8.
# Quadratic weights w_ij = (i-j)^2 / 16. Observed disagreement: item 2 (1 vs 2) w = 1/16, item 4 (3 vs 1)
# w = 4/16; mean over 5 items: (1 + 4) / 16 / 5 = 0.0625.
# Marginals: A = (1,1,1,1,1)/5; B = (1,1,2,0,1)/5 over levels 0..4. Expected disagreement
# sum_ij w_ij a_i b_j = (1/25) * sum_i sum_j b_count_j (i-j)^2 / 16. For each A level i:
#   i=0: 1*0 + 1*1 + 2*4 + 0 + 1*16 = 25;  i=1: 1*1 + 0 + 2*1 + 0 + 1*9 = 12;  i=2: 4 + 1 + 0 + 0 + 4 = 9;
#   i=3: 9 + 4 + 2*1 + 0 + 1 = 16;  i=4: 16 + 9 + 2*4 + 0 + 0 = 33;  total 95 -> 95 / 16 / 25 = 0.2375.
# kappa = 1 - 0.0625 / 0.2375 = 1 - 5/19 = 14/19.
A = [0, 1, 2, 3, 4]
B = [0, 2, 2, 1, 4]


def test_hand_worked_example():
    """The agreement figures a reader can recompute by hand from five scored pairs match the brief's."""
    res = ag.agreement(zip(A, B))
    assert res.n == 5
    assert res.exact == pytest.approx(0.6)
    assert res.adjacent == pytest.approx(0.8)
    assert res.kappa == pytest.approx(14 / 19)
    assert res.low is not None and res.high is not None
    assert res.low <= res.kappa <= res.high <= 1


def test_unscored_pairs_are_counted_apart():
    """A pair one assessor left unscored is neither an agreement nor a disagreement on the scale."""
    res = ag.agreement([(1, 1), (2, None), (None, None), (None, 3), (3, 3)])
    assert (res.n, res.one_unscored, res.both_unscored) == (2, 2, 1)
    assert res.exact == 1.0


def test_no_pairs_gives_no_figures():
    """With nothing scored by both, the brief shows no agreement figure rather than 0 or 1."""
    res = ag.agreement([(None, 2)])
    assert res.n == 0 and res.exact is None and res.kappa is None and res.low is None


def test_interval_is_reproducible_and_narrows_with_more_items():
    """The same scores give the same interval on every build; ten times the items give a tighter one."""
    few = list(zip(A, B))
    many = few * 10
    i1, i2 = ag.bootstrap_interval(few), ag.bootstrap_interval(few)
    assert i1 == i2
    wide = i1[1] - i1[0]
    narrow = ag.bootstrap_interval(many)
    assert narrow[1] - narrow[0] < wide


def test_by_dimension_and_disagreements_to_adjudicate():
    """Agreement is reported per dimension and overall, and pairs two levels apart are flagged for adjudication."""
    items = {
        ("p1", "governance"): (2, 2),
        ("p2", "governance"): (3, 1),
        ("p1", "selection"): (1, 2),
        ("p2", "selection"): (None, 0),
    }
    per, overall = ag.by_group(items)
    assert list(per) == ["governance", "selection"]
    assert per["governance"].n == 2 and per["governance"].exact == 0.5
    assert per["selection"].n == 1 and per["selection"].one_unscored == 1
    assert overall.n == 3
    assert ag.to_adjudicate(items) == [("p2", "governance")]
