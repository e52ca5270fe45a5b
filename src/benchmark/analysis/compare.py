"""Pure comparison logic: score matrices, gaps to the best peer, currency conversion, sector shares.

Nothing here reads files: callers pass the data in (``benchmark.inputs.assessments`` and
``benchmark.inputs.indicators`` load it, ``benchmark.sections.comparison`` presents it).

Rules (also stated in the brief):

* A country's score on a dimension is the highest score among its programmes assessed on it (a country
  can learn from its own best programme); the programme that gives the score is named.
* The gap on a dimension is ``best peer score - focal score``; a positive gap means the focal country
  trails. A dimension where the focal country or every peer is unscored has no gap (``None``), never 0.
* Money is converted to US dollars at the World Bank official rate (LCU per US$, annual average) of one
  year: the financing's ``year_start``. A total that spans several years is converted at its first year,
  the year the amount was set; the year used is always shown. Without a year, or without a rate for
  that currency and year (e.g. EUR before 1999, when the series gives DEM/FRF/ESP), there is no US$
  amount: it is "not available", never 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..inputs.schemas import Assessment, Financing, Programme

#: Rates: (ISO 4217 currency, year) -> local currency units per US dollar.
Rates = Mapping[tuple[str, int], float]


# --- scores ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One programme on one dimension: a score, an explicit 'not scored', or no assessment at all."""

    programme: str
    dimension: str
    score: int | None
    assessed: bool  # False: no assessment exists (greyed in the brief); True with score None: not scored

    @property
    def state(self) -> str:
        """``scored``, ``unscored`` (assessed, evidence insufficient) or ``missing`` (never assessed)."""
        if not self.assessed:
            return "missing"
        return "scored" if self.score is not None else "unscored"


def score_matrix(
    assessments: Iterable[Assessment], programmes: Sequence[str], dimensions: Sequence[str]
) -> dict[str, dict[str, Cell]]:
    """``matrix[programme][dimension]`` for the given programmes and dimensions (in that order).

    Pairs without an assessment are cells with ``assessed=False``; nothing is filled in.
    """
    by_pair = {(a.programme, a.dimension): a for a in assessments}
    out: dict[str, dict[str, Cell]] = {}
    for p in programmes:
        row = {}
        for d in dimensions:
            a = by_pair.get((p, d))
            row[d] = Cell(p, d, a.score if a else None, a is not None)
        out[p] = row
    return out


def matrix_frame(matrix: dict[str, dict[str, Cell]]):
    """The matrix as a DataFrame of floats (programmes x dimensions), NaN where there is no score."""
    import pandas as pd

    return pd.DataFrame(
        {p: {d: (c.score if c.score is not None else math.nan) for d, c in row.items()} for p, row in matrix.items()}
    ).T


@dataclass(frozen=True)
class CountryScore:
    """A country's score on one dimension and the programme it comes from (None: no programme scored)."""

    country: str
    dimension: str
    score: int | None
    programme: str | None


def country_score(
    matrix: dict[str, dict[str, Cell]], country: str, programmes: Sequence[str], dimension: str
) -> CountryScore:
    """The best score among ``programmes`` (the country's) on ``dimension``; ties go to the first listed."""
    best: tuple[int, str] | None = None
    for p in programmes:
        cell = matrix.get(p, {}).get(dimension)
        if cell is None or cell.score is None:
            continue
        if best is None or cell.score > best[0]:
            best = (cell.score, p)
    return CountryScore(country, dimension, best[0] if best else None, best[1] if best else None)


@dataclass(frozen=True)
class Gap:
    """Focal country against the best peer on one dimension."""

    dimension: str
    focal: CountryScore
    best_peer: CountryScore | None  # None: no peer scored on this dimension
    leaders: tuple[CountryScore, ...]  # every peer scoring above the focal country, best first

    @property
    def gap(self) -> int | None:
        """Best peer minus focal (positive: the focal country trails); None when either is unscored."""
        if self.focal.score is None or self.best_peer is None or self.best_peer.score is None:
            return None
        return self.best_peer.score - self.focal.score


def gaps(
    matrix: dict[str, dict[str, Cell]],
    focal: str,
    peers: Sequence[str],
    programmes_of: Mapping[str, Sequence[str]],
    dimensions: Sequence[str],
) -> list[Gap]:
    """For each dimension: the focal country's score, the best peer's, and the peers that lead.

    ``programmes_of`` maps a country to its programme ids. Ties between peers go to the first in ``peers``.
    A peer "leads" only when both it and the focal country are scored and it scores higher.
    """
    out = []
    for d in dimensions:
        f = country_score(matrix, focal, programmes_of.get(focal, ()), d)
        scored = [
            (s.score, s)
            for s in (country_score(matrix, c, programmes_of.get(c, ()), d) for c in peers)
            if s.score is not None
        ]
        best: CountryScore | None = None
        top: int | None = None
        for value, s in scored:
            if top is None or value > top:
                best, top = s, value
        focal_score = f.score
        ahead = [] if focal_score is None else [(v, s) for v, s in scored if v > focal_score]
        leaders = tuple(s for _, s in sorted(ahead, key=lambda vs: -vs[0]))
        out.append(Gap(d, f, best, leaders))
    return out


# --- money ----------------------------------------------------------------------------------------


class NoRate(ValueError):
    """An amount cannot be converted: no year, or no rate for that currency and year.

    ``code`` names the reason (``no_year``, ``euro_before_1999``, ``no_rate``); the brief words it from
    its locale file (``compare.reason_<code>``) with ``currency`` and ``year``.
    """

    def __init__(self, code: str, currency: str, year: int | None):
        self.code, self.currency, self.year = code, currency, year
        super().__init__(f"{code}: {currency} {year}")


#: Fixed euro conversion rates of the former national currencies (1 EUR = x), for the explanation only.
EURO_LEGACY = {"DEM": 1.95583, "FRF": 6.55957, "ESP": 166.386}


def rate_for(currency: str, year: int | None, rates: Rates) -> float:
    """Local currency units per US dollar in ``year``; raises NoRate with the reason."""
    if currency == "USD":
        return 1.0
    if year is None:
        raise NoRate("no_year", currency, year)
    try:
        return rates[(currency, year)]
    except KeyError:
        if currency == "EUR" and year < 1999:
            raise NoRate("euro_before_1999", currency, year) from None
        raise NoRate("no_rate", currency, year) from None


def to_usd(amount: float, currency: str, year: int | None, rates: Rates) -> float:
    """``amount`` in ``currency`` as US dollars at the average official rate of ``year``.

    ``rates`` maps (currency, year) to local currency units per US$ (the shipped World Bank series,
    ``benchmark.inputs.indicators.fx_rates``). Raises NoRate when the year or the rate is missing.
    """
    return amount / rate_for(currency, year, rates)


@dataclass(frozen=True)
class Converted:
    """One financing entry in a common unit, or the reason it could not be converted."""

    programme: str
    country: str
    financing: Financing | None  # None: the programme has no financing entry at all
    year: int | None  # the year whose rate (and GDP) is used
    rate: float | None  # LCU per US$ in that year
    usd: float | None
    pct_gdp: float | None  # an annual amount as % of that year's GDP (None for totals and per-unit amounts)
    reason: str | None  # why usd is missing (a code: no_budget, no_amount, no_year, euro_before_1999, no_rate)

    @property
    def available(self) -> bool:
        """True when a US$ amount exists."""
        return self.usd is not None


def conversion_year(fin: Financing) -> int | None:
    """The year whose exchange rate converts ``fin``: its first year (see the module docstring)."""
    return fin.year_start if fin.year_start is not None else fin.year_end


def convert_financing(p: Programme, rates: Rates, gdp_usd: Mapping[tuple[str, int], float]) -> list[Converted]:
    """Every financing entry of ``p`` in US$ and % of GDP; a programme without one gives one 'missing' row.

    ``gdp_usd`` maps (ISO3, year) to GDP in current US$.
    """
    if not p.financing:
        return [Converted(p.id, p.country, None, None, None, None, None, "no_budget")]
    out = []
    for fin in p.financing:
        year = conversion_year(fin)
        if fin.amount is None:
            out.append(Converted(p.id, p.country, fin, year, None, None, None, "no_amount"))
            continue
        try:
            rate = rate_for(fin.currency, year, rates)
        except NoRate as exc:
            out.append(Converted(p.id, p.country, fin, year, None, None, None, exc.code))
            continue
        usd = fin.amount / rate
        pct = None
        if fin.per == "year" and year is not None and (p.country, year) in gdp_usd:
            pct = 100.0 * usd / gdp_usd[(p.country, year)]  # a share of one year's GDP only for an annual amount
        out.append(Converted(p.id, p.country, fin, year, rate, usd, pct, None))
    return out


# --- sectors --------------------------------------------------------------------------------------


def shares(counts: Mapping[str, float]) -> dict[str, float]:
    """Each count as a share of the total (0-1), in the given order; empty or zero total gives {}."""
    total = sum(v for v in counts.values() if v is not None and not math.isnan(v))
    if total <= 0:
        return {}
    return {k: v / total for k, v in counts.items()}


@dataclass(frozen=True)
class Amount:
    """What the financing chart draws for one claim: one amount, or one range when sources disagree."""

    programme: str
    country: str
    per: str  # total | year | unit
    low: float  # US$
    high: float  # US$ (== low unless conflicting sources give different amounts)
    low_pct: float | None  # % of GDP (annual amounts only)
    high_pct: float | None
    year: int | None
    items: tuple[Converted, ...]  # the claims behind it, one per source

    @property
    def is_range(self) -> bool:
        """True when the sources disagree on the amount."""
        return self.high != self.low


def amounts(converted: Iterable[Converted]) -> list[Amount]:
    """Converted financing entries as chart items: the claims of one conflict group become one range.

    Entries without a US$ value are left out (the table says why); the order of first appearance is kept.
    """
    groups: dict[tuple, list[tuple[Converted, Financing, float]]] = {}
    for c in converted:
        if c.usd is None or c.financing is None:
            continue
        key = (c.programme, c.financing.conflict or id(c))
        groups.setdefault(key, []).append((c, c.financing, c.usd))
    out = []
    for group in groups.values():
        items = [c for c, _, _ in group]
        usd = [u for _, _, u in group]
        pct = [c.pct_gdp for c in items if c.pct_gdp is not None]
        first = items[0]
        out.append(
            Amount(
                first.programme,
                first.country,
                group[0][1].per,
                min(usd),
                max(usd),
                min(pct) if pct else None,
                max(pct) if pct else None,
                first.year,
                tuple(items),
            )
        )
    return out


# --- how much a judgement can be trusted ----------------------------------------------------------


def weighted_kappa(pairs: Sequence[tuple[int, int]], low: int = 0, high: int = 4) -> float | None:
    """Cohen's kappa with quadratic weights between two assessors' scores of the same items.

    1 is perfect agreement, 0 what chance would give; a disagreement of two levels counts four times one
    of a single level. ``pairs`` are (first assessor's score, second's). None when fewer than two pairs,
    or when there is no variation to agree on (every score the same).
    """
    if len(pairs) < 2:
        return None
    k = high - low + 1
    n = len(pairs)
    observed = [[0.0] * k for _ in range(k)]
    for a, b in pairs:
        observed[a - low][b - low] += 1 / n
    row = [sum(observed[i]) for i in range(k)]
    col = [sum(observed[i][j] for i in range(k)) for j in range(k)]
    weight = [[(i - j) ** 2 / (k - 1) ** 2 for j in range(k)] for i in range(k)]
    disagreement = sum(weight[i][j] * observed[i][j] for i in range(k) for j in range(k))
    expected = sum(weight[i][j] * row[i] * col[j] for i in range(k) for j in range(k))
    if expected == 0:
        return None
    return 1 - disagreement / expected


def gap_range(
    matrix: dict[str, dict[str, Cell]],
    focal: str,
    peers: Sequence[str],
    programmes_of: Mapping[str, Sequence[str]],
    dimension: str,
    low: int = 0,
    high: int = 4,
) -> tuple[int, int] | None:
    """The smallest and largest gap on ``dimension`` when any one score moves by one level (within 0-4).

    Shows how much a gap rests on single judgements: a gap of 2 that can fall to 1 with one score
    changed is less firm than one that stays at 2. None when the gap itself is not defined.
    """
    base = gaps(matrix, focal, peers, programmes_of, [dimension])[0].gap
    if base is None:
        return None
    found = [base]
    for prog, row in matrix.items():
        cell = row.get(dimension)
        if cell is None or cell.score is None:
            continue
        for step in (-1, 1):
            moved = cell.score + step
            if not low <= moved <= high:
                continue
            changed = {p: dict(r) for p, r in matrix.items()}
            changed[prog][dimension] = Cell(prog, dimension, moved, True)
            g = gaps(changed, focal, peers, programmes_of, [dimension])[0].gap
            if g is not None:
                found.append(g)
    return min(found), max(found)
