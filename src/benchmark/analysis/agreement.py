"""How far two assessors agree on the same programmes and dimensions (pure; no data files read).

For pairs of scores on the 0–4 scale: the share scored exactly alike, the share within one level
(adjacent agreement), Cohen's kappa with quadratic weights (``compare.weighted_kappa``) and a percentile
bootstrap interval for it (pairs resampled with replacement, a fixed seed so a brief is reproducible).
A pair where one assessor gave a score and the other ``None`` ("not scored") is not comparable on the
scale; it is counted apart, as is a pair both left unscored.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .compare import weighted_kappa

#: Any key of an assessed item, e.g. (programme, dimension).
K = TypeVar("K", bound=Hashable)

#: Bootstrap resamples and seed of the kappa interval.
BOOTSTRAP_DRAWS = 2000
BOOTSTRAP_SEED = 2026
#: Disagreements of this many levels or more are adjudicated.
ADJUDICATE_FROM = 2


@dataclass(frozen=True)
class Agreement:
    """Agreement of two assessors over a set of items."""

    n: int
    """Items both assessors scored (on the scale)."""
    exact: float | None
    """Share of those scored alike (None when n is 0)."""
    adjacent: float | None
    """Share within one level of each other."""
    kappa: float | None
    """Quadratic-weighted Cohen's kappa (None with fewer than two items or no variation)."""
    low: float | None
    """Lower end of the bootstrap interval of kappa (None when kappa is None or every resample fails)."""
    high: float | None
    """Upper end of that interval."""
    one_unscored: int
    """Items one assessor scored and the other left unscored."""
    both_unscored: int
    """Items both left unscored."""


def bootstrap_interval(
    pairs: Sequence[tuple[int, int]],
    draws: int = BOOTSTRAP_DRAWS,
    seed: int = BOOTSTRAP_SEED,
    level: float = 0.95,
) -> tuple[float, float] | None:
    """Percentile bootstrap interval of the weighted kappa; resamples without variation are skipped.

    Every resample is drawn at once (NumPy's generator, seeded): a resample's kappa is 1 − observed ÷ expected
    disagreement, where with quadratic weights the observed one is the mean squared difference of its pairs
    and the expected one E[a²] + E[b²] − 2·E[a]·E[b] (the two assessors' scores paired at random), the same
    kappa :func:`~benchmark.analysis.compare.weighted_kappa` gives one sample at a time.
    None with fewer than two pairs, or when fewer than half the resamples give a kappa.
    """
    import numpy as np

    if len(pairs) < 2:
        return None
    scores = np.asarray(pairs, dtype=float)
    picks = np.random.default_rng(seed).integers(0, len(pairs), size=(draws, len(pairs)))
    a, b = scores[picks, 0], scores[picks, 1]
    observed = ((a - b) ** 2).mean(axis=1)
    expected = (a**2).mean(axis=1) + (b**2).mean(axis=1) - 2 * a.mean(axis=1) * b.mean(axis=1)
    varied = expected > 1e-12  # no variation in a resample: no kappa
    if varied.sum() < draws / 2:
        return None
    values = np.sort(1 - observed[varied] / expected[varied])
    tail = (1 - level) / 2
    lo = values[int(tail * (len(values) - 1))]
    hi = values[int(round((1 - tail) * (len(values) - 1)))]
    return float(lo), float(hi)


def agreement(
    items: Iterable[tuple[int | None, int | None]], draws: int = BOOTSTRAP_DRAWS, seed: int = BOOTSTRAP_SEED
) -> Agreement:
    """Agreement over ``items``, each (first assessor's score, second's); ``None`` is "not scored"."""
    items = list(items)
    pairs = [(a, b) for a, b in items if a is not None and b is not None]
    one = sum((a is None) != (b is None) for a, b in items)
    both = sum(a is None and b is None for a, b in items)
    n = len(pairs)
    exact = sum(a == b for a, b in pairs) / n if n else None
    adjacent = sum(abs(a - b) <= 1 for a, b in pairs) / n if n else None
    kappa = weighted_kappa(pairs)
    interval = bootstrap_interval(pairs, draws, seed) if kappa is not None else None
    lo, hi = interval if interval is not None else (None, None)
    return Agreement(n, exact, adjacent, kappa, lo, hi, one, both)


def paired(first: Mapping[K, int | None], second: Mapping[K, int | None]) -> dict[K, tuple[int | None, int | None]]:
    """The items both assessors assessed, as (first, second) scores, in the first assessor's order."""
    return {k: (v, second[k]) for k, v in first.items() if k in second}


def by_group(
    items: Mapping[tuple[str, str], tuple[int | None, int | None]],
    draws: int = BOOTSTRAP_DRAWS,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[dict[str, Agreement], Agreement]:
    """Agreement per dimension and overall, for items keyed (programme, dimension); dimensions in first-seen order."""
    groups: dict[str, list[tuple[int | None, int | None]]] = {}
    for (_, dim), pair in items.items():
        groups.setdefault(dim, []).append(pair)
    per = {dim: agreement(pairs, draws, seed) for dim, pairs in groups.items()}
    return per, agreement(items.values(), draws, seed)


def to_adjudicate(
    items: Mapping[tuple[str, str], tuple[int | None, int | None]], threshold: int = ADJUDICATE_FROM
) -> list[tuple[str, str]]:
    """The items whose two scores differ by ``threshold`` levels or more (both scored)."""
    return [k for k, (a, b) in items.items() if a is not None and b is not None and abs(a - b) >= threshold]
