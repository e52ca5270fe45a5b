"""The competition's scoring engine: weighted scores, ranks, the top n with ties, agreement, robustness.

Pure computation on a :class:`Panel` (expert scores as an array, with names and scales) and criterion
weights; it reads no file and draws nothing, so it works on any scoring sheet and is tested on inline
data. Reading and checking criteria and sheets is ``benchmark.inputs.competition``; what the brief
shows is ``benchmark.sections.competition``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Scores closer than this (on the 0-100 scale) count as equal: a tie, never broken silently.
TIE_DECIMALS = 9


@dataclass(frozen=True)
class Panel:
    """Every expert's score of every application on every criterion, and each criterion's scale.

    ``cube[a, e, c]`` is expert ``e``'s score of application ``a`` on criterion ``c``; ``low[c]`` and
    ``high[c]`` are the worst and best score of criterion ``c``'s scale.
    """

    applications: tuple[str, ...]
    experts: tuple[str, ...]
    criteria: tuple[str, ...]
    cube: np.ndarray
    low: tuple[float, ...]
    high: tuple[float, ...]

    def __post_init__(self):
        shape = (len(self.applications), len(self.experts), len(self.criteria))
        if np.shape(self.cube) != shape:
            raise ValueError(f"score array has shape {np.shape(self.cube)}, expected {shape}")
        if len(self.low) != len(self.criteria) or len(self.high) != len(self.criteria):
            raise ValueError("one scale (low, high) is needed per criterion")
        if any(h <= lo for lo, h in zip(self.low, self.high)):
            raise ValueError("every scale's high must be above its low")


def normalised_weights(panel: Panel, weights: Mapping[str, float]) -> pd.Series:
    """The weights of the panel's criteria, rescaled to sum to 1 (in the panel's criterion order)."""
    missing = [c for c in panel.criteria if c not in weights]
    if missing:
        raise ValueError(f"no weight for criteria {missing}")
    w = pd.Series({c: float(weights[c]) for c in panel.criteria}, name="weight")
    if (w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0:
        raise ValueError("weights must be finite, >= 0, and not all zero")
    return w / w.sum()


# --- aggregation, ranking, selection --------------------------------------------------------------


def criterion_scores(panel: Panel, method: str = "mean") -> pd.DataFrame:
    """Each application's score on each criterion across experts: their mean, or their median.

    The median damps one outlying expert: with scores 4, 4, 1 the mean is 3, the median 4.
    """
    if method not in ("mean", "median"):
        raise ValueError(f"unknown aggregation method {method!r}; use 'mean' or 'median'")
    agg = panel.cube.mean(axis=1) if method == "mean" else np.median(panel.cube, axis=1)
    return pd.DataFrame(agg, index=list(panel.applications), columns=list(panel.criteria))


def aggregate(panel: Panel, weights: Mapping[str, float], method: str = "mean") -> pd.Series:
    """Each application's weighted score on a 0-100 scale.

    Per criterion, the experts' scores are combined (``method``: mean or median), rescaled from the
    criterion's scale to 0-1 (low -> 0, high -> 1), then combined across criteria by the weights
    (rescaled to sum to 1) and multiplied by 100.
    """
    per = criterion_scores(panel, method)
    w = normalised_weights(panel, weights)
    total = (_normalised(per, panel) * w[per.columns]).sum(axis=1) * 100
    return total.round(TIE_DECIMALS).rename("score")


def _normalised(per: pd.DataFrame, panel: Panel) -> pd.DataFrame:
    lo = pd.Series(dict(zip(panel.criteria, panel.low)))[per.columns]
    hi = pd.Series(dict(zip(panel.criteria, panel.high)))[per.columns]
    return (per - lo) / (hi - lo)


def rank(scores: pd.Series) -> pd.Series:
    """Rank 1 = highest score; equal scores share the best rank of their group (1, 2, 2, 4)."""
    return scores.round(TIE_DECIMALS).rank(method="min", ascending=False).astype(int).rename("rank")


@dataclass(frozen=True)
class Selection:
    """The top ``n``: who is in for sure, and who is tied for the last seats (left for the commission)."""

    n: int
    selected: tuple[str, ...]  # certain: strictly better than the cut-off, or tied but all fit
    tied: tuple[str, ...]  # tied at the cut-off for ``seats_left`` seats; never broken silently
    seats_left: int
    cutoff: float | None  # the score of the n-th place

    @property
    def resolved(self) -> bool:
        """True when the top n is clear without a tie-break."""
        return not self.tied


def select_top(scores: pd.Series, n: int) -> Selection:
    """Select the ``n`` best applications; a tie at the cut-off is reported, not broken.

    Raises:
        ValueError: ``n`` is not a whole number of at least 1.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"number to select must be a whole number >= 1, got {n!r}")
    s = scores.round(TIE_DECIMALS).sort_values(ascending=False, kind="stable")
    if n >= len(s):
        return Selection(
            n=n, selected=tuple(s.index), tied=(), seats_left=0, cutoff=float(s.iloc[-1]) if len(s) else None
        )
    cutoff = float(s.iloc[n - 1])
    above = tuple(s.index[s > cutoff])
    at = tuple(s.index[s == cutoff])
    if len(above) + len(at) <= n:
        return Selection(n=n, selected=above + at, tied=(), seats_left=0, cutoff=cutoff)
    return Selection(n=n, selected=above, tied=at, seats_left=n - len(above), cutoff=cutoff)


# --- agreement ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KendallW:
    """Kendall's coefficient of concordance with its chi-square test."""

    w: float  # 0 = no agreement, 1 = the raters rank the objects identically
    chi2: float
    df: int
    p: float
    m: int  # raters
    n: int  # objects
    ties: float  # sum over raters of sum(t^3 - t) over groups of tied ranks


def kendalls_w(ratings) -> KendallW:
    """Kendall's W of an m x n array (rows: raters, columns: objects), corrected for ties.

    Each rater's scores are ranked (tied scores get the average rank). With R_j the rank sum of
    object j and S = sum_j (R_j - mean R)^2:
    ``W = 12 S / (m^2 (n^3 - n) - m * sum_i T_i)``, ``T_i = sum (t^3 - t)`` over rater i's tied groups
    (Kendall and Babington Smith 1939; Legendre 2005). ``chi2 = m (n - 1) W`` on ``n - 1`` degrees of
    freedom. W is NaN when every rater gives every object the same score (nothing to agree on).
    """
    x = np.asarray(ratings, dtype=float)
    if x.ndim != 2 or x.shape[0] < 2 or x.shape[1] < 2:
        raise ValueError(f"need at least 2 raters and 2 objects, got shape {x.shape}")
    m, n = x.shape
    ranks = np.vstack([average_ranks(row) for row in x])
    ties = 0.0
    for row in x:
        _, counts = np.unique(row, return_counts=True)
        ties += float(np.sum(counts.astype(float) ** 3 - counts))
    r = ranks.sum(axis=0)
    s = float(np.sum((r - r.mean()) ** 2))
    denom = m**2 * (n**3 - n) - m * ties
    if denom <= 0:
        return KendallW(w=float("nan"), chi2=float("nan"), df=n - 1, p=float("nan"), m=m, n=n, ties=ties)
    w = 12 * s / denom
    chi2 = m * (n - 1) * w
    return KendallW(w=w, chi2=chi2, df=n - 1, p=chi2_sf(chi2, n - 1), m=m, n=n, ties=ties)


def average_ranks(values) -> np.ndarray:
    """Ranks from 1 of ``values``, tied values sharing the average of their ranks (``[10, 20, 20]`` → 1, 2.5, 2.5)."""
    _, where, counts = np.unique(np.asarray(values, dtype=float), return_inverse=True, return_counts=True)
    last = np.cumsum(counts)  # the rank of each distinct value's last copy
    return (last - (counts - 1) / 2)[where]


def chi2_sf(x: float, df: int) -> float:
    """P(X ≥ x) for a chi-squared variable with ``df`` (a whole number ≥ 1) degrees of freedom.

    Closed forms for whole degrees of freedom (Abramowitz and Stegun 1964, 26.4.4 and 26.4.5): for even
    ``df``, ``exp(-x/2) sum_{i<df/2} (x/2)^i / i!``; for odd ``df``, ``erfc(sqrt(x/2))`` plus
    ``sqrt(2x/pi) exp(-x/2) sum_{i=1}^{(df-1)/2} x^(i-1) / (1·3·…·(2i-1))``.
    """
    if df < 1 or int(df) != df:
        raise ValueError(f"degrees of freedom must be a whole number of at least 1, got {df}")
    if x <= 0:
        return 1.0
    half = x / 2
    if df % 2 == 0:
        term, total = 1.0, 1.0
        for i in range(1, df // 2):
            term *= half / i
            total += term
        return min(1.0, math.exp(-half) * total)
    term, total = 1.0, 0.0
    for i in range(1, (df - 1) // 2 + 1):
        total += term
        term *= x / (2 * i + 1)
    return min(1.0, math.erfc(math.sqrt(half)) + math.sqrt(2 * x / math.pi) * math.exp(-half) * total)


def concordance(panel: Panel, weights: Mapping[str, float]) -> pd.DataFrame:
    """Kendall's W per criterion (experts as raters, applications as objects), and for the weighted total.

    Returns one row per criterion id and a last row ``_total``, with ``w``, ``chi2``, ``df``, ``p``,
    ``m`` (experts) and ``n`` (applications).
    """
    rows = []
    for k, cid in enumerate(panel.criteria):
        rows.append({"criterion": cid, **_kw_dict(kendalls_w(panel.cube[:, :, k].T))})
    rows.append({"criterion": "_total", **_kw_dict(kendalls_w(expert_totals(panel, weights).T))})
    return pd.DataFrame(rows).set_index("criterion")


def expert_totals(panel: Panel, weights: Mapping[str, float]) -> np.ndarray:
    """Each expert's weighted total (0-1) per application, as an array [application, expert].

    Rounded like :func:`aggregate`, so totals equal on paper are ties (float noise would hide them).
    """
    w = normalised_weights(panel, weights).to_numpy()
    lo, hi = np.array(panel.low), np.array(panel.high)
    return np.round(((panel.cube - lo) / (hi - lo) * w).sum(axis=2), TIE_DECIMALS)


def _kw_dict(kw: KendallW) -> dict:
    return {"w": kw.w, "chi2": kw.chi2, "df": kw.df, "p": kw.p, "m": kw.m, "n": kw.n}


def expert_consistency(panel: Panel, weights: Mapping[str, float]) -> pd.Series:
    """Each expert's Spearman correlation with the rest of the panel (their weighted totals vs the
    mean of the other experts' totals): a low or negative value marks an outlying expert."""
    totals = expert_totals(panel, weights)  # [app, expert]
    out = {}
    for j, e in enumerate(panel.experts):
        others = np.delete(totals, j, axis=1).mean(axis=1)
        if len(panel.experts) < 2 or np.ptp(totals[:, j]) == 0 or np.ptp(others) == 0:
            out[e] = float("nan")
        else:
            out[e] = float(np.corrcoef(average_ranks(totals[:, j]), average_ranks(others))[0, 1])  # Spearman
    return pd.Series(out, name="rho")


# --- sensitivity ----------------------------------------------------------------------------------


def sensitivity(
    panel: Panel,
    weights: Mapping[str, float],
    n_select: int = 6,
    seed: int = 2017,
    n_draws: int = 1000,
    spread: float = 0.5,
    method: str = "mean",
) -> pd.DataFrame:
    """How often each application makes the shortlist when the weights vary.

    Each draw multiplies every weight by an independent uniform factor in [1 - spread, 1 + spread]
    and rescales the weights to sum to 1; the top ``n_select`` is then taken as in :func:`select_top`.
    Reproducible: the draws come from ``numpy.random.default_rng(seed)``.

    Returns:
        One row per application (best base score first): ``base_score``, ``base_rank``, ``selected``
        (share of draws in which it is in the top n for sure), ``tied`` (share of draws in which it is
        tied for the last seats), ``in_base`` ('yes', 'tied' or 'no' under the unperturbed weights).

    Raises:
        ValueError: ``n_draws`` is not a whole number >= 1, or ``spread`` is not in [0, 1).
    """
    if not (isinstance(n_draws, (int, np.integer)) and n_draws >= 1):
        raise ValueError(f"number of draws must be a whole number >= 1, got {n_draws!r}")
    if not (0 <= float(spread) < 1):
        raise ValueError(f"weight range must be >= 0 and < 1 (0.5 = ±50%), got {spread!r}")
    base = aggregate(panel, weights, method)
    sel = select_top(base, n_select)  # also checks n_select
    w = normalised_weights(panel, weights).to_numpy()
    x = _normalised(criterion_scores(panel, method), panel).to_numpy()  # [app, criterion]
    rng = np.random.default_rng(seed)
    factors = rng.uniform(1 - spread, 1 + spread, size=(n_draws, len(w)))
    draws = w * factors
    draws /= draws.sum(axis=1, keepdims=True)
    totals = np.round(draws @ x.T * 100, TIE_DECIMALS)  # [draw, app]
    n_apps = totals.shape[1]
    if n_select >= n_apps:
        selected = np.ones_like(totals, dtype=bool)
        tied = np.zeros_like(totals, dtype=bool)
    else:
        cutoff = -np.sort(-totals, axis=1)[:, n_select - 1][:, None]
        above = totals > cutoff
        at = totals == cutoff
        fits = (above.sum(axis=1) + at.sum(axis=1)) <= n_select
        selected = above | (at & fits[:, None])
        tied = at & ~fits[:, None]
    out = pd.DataFrame(
        {
            "base_score": base,
            "base_rank": rank(base),
            "selected": selected.mean(axis=0),
            "tied": tied.mean(axis=0),
        },
        index=list(panel.applications),
    )
    out["in_base"] = ["yes" if a in sel.selected else "tied" if a in sel.tied else "no" for a in out.index]
    return out.sort_values(["base_rank"], kind="stable")
