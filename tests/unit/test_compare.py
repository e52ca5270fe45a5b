"""Comparison logic on tiny hand-checked inputs: scores, gaps to the best peer, currency conversion, shares."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from benchmark.analysis import compare
from benchmark.inputs.schemas import Assessment, Programme

TODAY = dt.date(2026, 11, 28)


def assessment(programme: str, dimension: str, score: int | None) -> Assessment:
    return Assessment(
        programme=programme,
        dimension=dimension,
        score=score,
        rationale="r",
        cites=["src_x"],
        assessor="test",
        date=TODAY,
    )


def programme(pid: str, country: str, financing: list[dict] | None = None) -> Programme:
    return Programme.model_validate(
        {
            "id": pid,
            "title": pid,
            "country": country,
            "level": "national",
            "managing_authorities": ["a ministry"],
            "beneficiaries": ["firms"],
            "launch": {
                "id": f"{pid}_launch",
                "label": "launch",
                "value": 2010,
                "source": "src_x",
                "status": "verified",
            },
            "start_year": 2010,
            "objectives": ["grow"],
            "sources": ["src_x"],
            "financing": [{"scope": "programme", **f} for f in financing or []],
        }
    )


# --- scores and gaps ------------------------------------------------------------------------------

#: A (focal) has two programmes, B and C one each. Hand-checked expectations are in the tests.
SCORES = [
    assessment("a1", "gov", 1),
    assessment("a2", "gov", 2),  # focal best 2 (a2)
    assessment("b1", "gov", 4),
    assessment("c1", "gov", 3),  # best peer B 4 -> gap +2, leaders B, C
    assessment("a1", "sel", 3),
    assessment("b1", "sel", 2),
    assessment("c1", "sel", 3),  # no one leads
    assessment("a1", "int", None),
    assessment("a2", "int", None),
    assessment("b1", "int", 4),  # focal unscored
    assessment("a1", "cap", 2),  # no peer assessed at all
    assessment("a1", "fin", 1),
    assessment("b1", "fin", 3),
    assessment("c1", "fin", 3),  # tie: first peer wins
]
OF = {"A": ["a1", "a2"], "B": ["b1"], "C": ["c1"]}
DIMS = ["gov", "sel", "int", "cap", "fin"]


def test_matrix_keeps_missing_and_unscored_apart():
    """A pair never assessed is greyed as 'not assessed', a null score as 'not scored'; neither becomes 0."""
    m = compare.score_matrix(SCORES, ["a1", "a2", "b1", "c1"], DIMS)
    assert m["a2"]["gov"].score == 2 and m["a2"]["gov"].state == "scored"
    assert m["a1"]["int"].state == "unscored" and m["a1"]["int"].score is None
    assert m["c1"]["int"].state == "missing" and m["c1"]["int"].assessed is False
    frame = compare.matrix_frame(m)
    assert frame.loc["b1", "gov"] == 4
    assert math.isnan(frame.loc["c1", "cap"])


def test_country_score_is_best_programme():
    """A country's score is its best programme's, and the brief names that programme."""
    m = compare.score_matrix(SCORES, ["a1", "a2", "b1", "c1"], DIMS)
    s = compare.country_score(m, "A", OF["A"], "gov")
    assert (s.score, s.programme) == (2, "a2")
    assert compare.country_score(m, "A", OF["A"], "int").score is None


def test_gaps_against_best_peer():
    """Gap = best peer minus focal; leaders are the peers above the focal country, best first."""
    m = compare.score_matrix(SCORES, ["a1", "a2", "b1", "c1"], DIMS)
    g = {x.dimension: x for x in compare.gaps(m, "A", ["B", "C"], OF, DIMS)}
    assert g["gov"].gap == 2
    assert g["gov"].best_peer.country == "B"
    assert [s.country for s in g["gov"].leaders] == ["B", "C"]
    assert g["sel"].gap == 0 and g["sel"].leaders == ()
    assert g["sel"].best_peer.country == "C"  # B scores 2, C 3


def test_gaps_missing_data_is_not_zero():
    """An unscored focal country or no scored peer gives no gap (None), never 0, and no lesson."""
    m = compare.score_matrix(SCORES, ["a1", "a2", "b1", "c1"], DIMS)
    g = {x.dimension: x for x in compare.gaps(m, "A", ["B", "C"], OF, DIMS)}
    assert g["int"].gap is None and g["int"].leaders == () and g["int"].best_peer.score == 4
    assert g["cap"].gap is None and g["cap"].best_peer is None


def test_gap_tie_goes_to_first_listed_peer():
    """When two peers tie, the best peer is the first one the user listed."""
    m = compare.score_matrix(SCORES, ["a1", "a2", "b1", "c1"], DIMS)
    g = {x.dimension: x for x in compare.gaps(m, "A", ["C", "B"], OF, DIMS)}
    assert g["fin"].best_peer.country == "C"
    assert g["fin"].gap == 2


# --- currency -------------------------------------------------------------------------------------

RATES = {("KZT", 2015): 200.0, ("DEM", 1998): 1.76, ("EUR", 2008): 0.8, ("JPY", 2003): 125.0}


def test_to_usd_divides_by_the_years_rate():
    """1,000 tenge at 200 tenge per dollar is 5 dollars; 176 DEM at 1.76 is 100 dollars."""
    assert compare.to_usd(1000, "KZT", 2015, RATES) == pytest.approx(5.0)
    assert compare.to_usd(176, "DEM", 1998, RATES) == pytest.approx(100.0)
    assert compare.to_usd(40e6, "USD", 2015, RATES) == 40e6


@pytest.mark.parametrize(
    "currency,year,code",
    [
        ("EUR", 1998, "euro_before_1999"),  # the series gives DEM/FRF/ESP before the euro
        ("KZT", 2016, "no_rate"),
        ("KZT", None, "no_year"),
    ],
)
def test_to_usd_refuses_without_a_rate(currency, year, code):
    """Without a year or a rate the amount is not converted (no silent 0 or guessed rate)."""
    with pytest.raises(compare.NoRate) as exc:
        compare.to_usd(100, currency, year, RATES)
    assert exc.value.code == code


def test_to_usd_uses_the_shipped_rates():
    """The shipped KZT rate for 2015 (221.728333333333 per the sidecar's read-back) turns 221,728.33 KZT into $1,000."""
    from benchmark.inputs import indicators

    assert compare.to_usd(221_728.333333333, "KZT", 2015, indicators.fx_rates()) == pytest.approx(1000.0)


def test_convert_financing_start_year_and_gdp_share():
    """A 2014-2016 total is converted at 2014's rate; only an annual amount gets a share of that year's GDP."""
    p = programme(
        "pp",
        "KAZ",
        [
            {
                "amount": 3000,
                "currency": "KZT",
                "year_start": 2014,
                "year_end": 2016,
                "per": "total",
                "covers": "x",
                "source": "src_x",
                "status": "verified",
            },
            {
                "amount": 600,
                "currency": "KZT",
                "year_start": 2015,
                "year_end": 2015,
                "per": "year",
                "covers": "the 2015 budget",
                "source": "src_x",
                "status": "verified",
            },
            {
                "amount": 10,
                "currency": "KZT",
                "year_start": 2014,
                "per": "unit",
                "covers": "each",
                "source": "src_x",
                "status": "verified",
            },
            {
                "amount": None,
                "currency": "KZT",
                "year_start": 2014,
                "covers": "named only",
                "source": "src_x",
                "status": "verified",
            },
        ],
    )
    rates = {("KZT", 2014): 150.0, ("KZT", 2015): 200.0, ("KZT", 2016): 300.0}
    gdp = {("KAZ", 2014): 2000.0, ("KAZ", 2015): 300.0}
    total, annual, unit, none = compare.convert_financing(p, rates, gdp)
    assert (total.year, total.rate, total.usd) == (2014, 150.0, pytest.approx(20.0))  # 3000 / 150
    assert total.pct_gdp is None  # three years of money against one year's GDP would mislead
    assert (annual.usd, annual.pct_gdp) == (pytest.approx(3.0), pytest.approx(1.0))  # 600 / 200; 3 / 300 * 100
    assert unit.usd == pytest.approx(10 / 150) and unit.pct_gdp is None  # per cluster: no share of GDP
    assert none.usd is None and none.reason == "no_amount" and not none.available


def test_programme_without_budget_is_one_not_available_row():
    """A programme with no financing at all shows one 'not available' row, not zero and not nothing."""
    rows = compare.convert_financing(programme("pp", "ESP"), RATES, {})
    assert len(rows) == 1
    assert rows[0].usd is None and rows[0].reason == "no_budget"


def test_undated_amount_is_not_available():
    """An amount whose source gives no year keeps its amount but gets no US$ value."""
    p = programme(
        "pp",
        "FRA",
        [{"amount": 1.5e9, "currency": "EUR", "per": "total", "covers": "x", "source": "src_x", "status": "verified"}],
    )
    (row,) = compare.convert_financing(p, RATES, {})
    assert row.usd is None and row.year is None and row.reason == "no_year"


# --- shares ---------------------------------------------------------------------------------------


def test_shares_sum_to_one():
    """Sector counts 1 and 3 are shown as 25% and 75%."""
    assert compare.shares({"a": 1, "b": 3}) == {"a": 0.25, "b": 0.75}
    assert compare.shares({}) == {}
    assert compare.shares({"a": 0}) == {}


# --- command line ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv,peers",
    [
        (["compare", "KAZ", "--peers", "JPN", "RUS", "DEU"], ["JPN", "RUS", "DEU"]),
        (["compare", "kaz", "--peers", "JPN", "--peers", "ESP"], ["JPN", "ESP"]),
        (["compare", "KAZ"], ["JPN", "RUS"]),
    ],
)
def test_cli_compare_passes_focal_and_peers(monkeypatch, argv, peers):
    """`clusterbench compare KAZ --peers JPN RUS DEU` renders comparison.ipynb with those parameters."""
    import contextlib

    from typer.testing import CliRunner

    from benchmark import cli

    calls = []
    monkeypatch.setattr(cli, "_kernel_first", lambda: contextlib.nullcontext())  # no kernel for a unit test
    monkeypatch.setattr(cli, "_render", lambda nb, params, out, session=None: calls.append((nb, params, out)))
    result = CliRunner().invoke(cli.app, argv)
    assert result.exit_code == 0, result.output
    nb, params, out = calls[0]
    assert nb == "comparison.ipynb"
    assert params == {"focal": "KAZ", "peers": peers, "lang": "en"}
    assert out is None  # written where `clusterbench build` writes the same brief


def test_cli_compare_rejects_focal_as_peer():
    """Comparing a country with itself is a user error (exit 2), not an empty brief."""
    from typer.testing import CliRunner

    from benchmark import cli
    from benchmark.core.errors import UserError

    result = CliRunner().invoke(cli.app, ["compare", "KAZ", "--peers", "KAZ"])
    assert isinstance(result.exception, UserError)


def test_disagreeing_sources_of_one_amount_are_one_range():
    """Russia's 2013 subsidy (1.3 bn vs 1.25 bn roubles) is one range with both claims, not two bars."""
    base = {
        "currency": "RUB",
        "year_start": 2013,
        "year_end": 2013,
        "per": "year",
        "covers": "x",
        "status": "conflicting",
        "conflict": "rus_2013",
    }
    p = programme(
        "pp",
        "RUS",
        [
            {**base, "amount": 1.3e9, "source": "a"},
            {**base, "amount": 1.25e9, "source": "b"},
            {
                **base,
                "amount": 2.5e9,
                "source": "a",
                "year_start": 2014,
                "year_end": 2014,
                "status": "verified",
                "conflict": None,
            },
        ],
    )
    rates = {("RUB", 2013): 25.0, ("RUB", 2014): 50.0}
    items = compare.amounts(compare.convert_financing(p, rates, {}))
    assert len(items) == 2
    rng, single = items
    assert (rng.low, rng.high, rng.is_range, len(rng.items)) == (50e6, 52e6, True, 2)
    assert (single.low, single.is_range) == (50e6, False)


# --- how firm a judgement is ----------------------------------------------------------------------


def test_weighted_kappa_hand_computed():
    """Two assessors who swap one 1 and one 2 among four scores agree at kappa 0.8 (quadratic weights)."""
    # Observed: four pairs, 1/4 each; disagreement = 2 * (1/4) * (1/16) = 1/32.
    # Marginals: each of 0, 1, 2, 3 has 1/4 for both; expected = (1/16)(1/16) * sum_{i,j in 0..3} (i-j)^2 = 40/256.
    # kappa = 1 - (1/32) / (40/256) = 1 - 0.2 = 0.8
    assert compare.weighted_kappa([(1, 2), (2, 1), (3, 3), (0, 0)]) == pytest.approx(0.8)
    assert compare.weighted_kappa([(0, 0), (4, 4)]) == pytest.approx(1.0)
    assert compare.weighted_kappa([(2, 2), (2, 2)]) is None  # nothing to agree on
    assert compare.weighted_kappa([(1, 1)]) is None


def test_gap_range_when_one_score_moves():
    """A gap of 2 that one changed score could make 1 or 3 is reported as resting on single judgements."""
    m = compare.score_matrix(
        [assessment("f1", "dim", 1), assessment("p1", "dim", 3), assessment("q1", "dim", 2)],
        ["f1", "p1", "q1"],
        ["dim"],
    )
    of = {"F": ["f1"], "P": ["p1"], "Q": ["q1"]}
    # base gap 3 - 1 = 2; f1 -> 0 or 2 gives 3 or 1; p1 -> 2 leaves Q's 2 as best (gap 1), p1 -> 4 gives 3
    assert compare.gap_range(m, "F", ["P", "Q"], of, "dim") == (1, 3)
    unscored = compare.score_matrix([assessment("f1", "dim", None), assessment("p1", "dim", 3)], ["f1", "p1"], ["dim"])
    assert compare.gap_range(unscored, "F", ["P"], {"F": ["f1"], "P": ["p1"]}, "dim") is None
