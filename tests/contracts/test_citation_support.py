"""Every verified fact with a quote carries its number or year in that quote, or its note says why not.

A fact is marked ``verified`` because a key phrase of its source was read. If the phrase does not
contain the figure the fact states (the amount, the count, the year or the date), a reader who checks
the quote finds nothing that backs the figure. The fact's ``note`` must then say where the figure
comes from (it must mention the quote or the source and explain, e.g. "The quote names the order;
the date comes from the source's heading.").

Numbers are compared on their digits, so "40,000,000" matches 40000000 and "2015" matches the year
2015; "US$40 MILLION" and "1.3 billion roubles" match 40000000 and 1300000000 through the scale word.
A date matches on its year, or on its day and month written as digits ("02.02.2022").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest

from benchmark.core import paths
from benchmark.inputs import load
from benchmark.inputs.schemas import Fact, Financing, Phase, Result, Sourced, Status, text_of

#: A number as written in a quote: digits, with thousands or decimal separators ("40,000,000", "2,5",
#: "14 300", "02.02.2022").
NUMBER = re.compile(r"\d+(?:(?:[.,]|[\u00a0\u202f ](?=\d{3}\b))\d+)*")
#: Scale words that may follow a number (English, Russian, German, French), by their beginning.
SCALES = (
    ("thousand", 1e3),
    ("тыс", 1e3),
    ("million", 1e6),
    ("mln", 1e6),
    ("млн", 1e6),
    ("миллион", 1e6),
    ("milliard", 1e9),
    ("billion", 1e9),
    ("bn", 1e9),
    ("млрд", 1e9),
    ("миллиард", 1e9),
    ("trillion", 1e12),
    ("trn", 1e12),
    ("трлн", 1e12),
    ("триллион", 1e12),
)
#: Words a note must use to explain why the quote does not carry the figure.
EXPLAINS = re.compile(r"\b(quote|source)", re.IGNORECASE)
#: Flagged facts left for a file's owner to fix, as (file, where in the file). Empty: every flagged
#: fact has been fixed; any flagged fact fails the test.
KNOWN_UNSUPPORTED: set[tuple[str, str]] = set()


def digits(text: str) -> str:
    """The digits of ``text`` only ("40,000,000" -> "40000000")."""
    return re.sub(r"\D", "", text)


def _as_number(token: str) -> float | None:
    """A quote's number token as a value ("40,000,000" -> 4e7, "1.3" -> 1.3, "2,5" -> 2.5)."""
    s = re.sub(r"[\u00a0\u202f ]", "", token)
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", s):
        s = s.replace(",", "")
    elif s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


def quote_numbers(quote: str) -> list[tuple[str, float | None]]:
    """Each number of a quote: (its digits, its value with any following scale word applied)."""
    out = []
    for m in NUMBER.finditer(quote):
        value = _as_number(m.group())
        word = re.match(r"\s*([^\W\d_]+)", quote[m.end() :])
        if value is not None and word:
            w = word.group(1).lower()
            for prefix, factor in SCALES:
                if w.startswith(prefix):
                    value *= factor
                    break
        out.append((digits(m.group()), value))
    return out


def number_in(value: float | int, numbers: list[tuple[str, float | None]]) -> bool:
    """True when ``value`` is one of the quote's numbers (by digits, or by value after a scale word)."""
    want = digits(str(int(value))) if float(value).is_integer() else digits(repr(float(value)))
    for got_digits, got_value in numbers:
        if got_digits == want:
            return True
        if len(want) >= 4 and want in got_digits:  # a year inside "2015-2019" or "02.02.2022"
            return True
        if got_value is not None and abs(got_value - float(value)) <= 1e-9 * max(1.0, abs(float(value))):
            return True
    return False


def date_in(date: dt.date, numbers: list[tuple[str, float | None]]) -> bool:
    """True when the quote gives the date's year, or its day and month as digits ("02.02")."""
    day_month = f"{date.day:02d}{date.month:02d}"
    return any(str(date.year) in d or day_month in d for d, _ in numbers)


def _value_numbers(value: str) -> list[float]:
    return [v for v in (_as_number(m.group()) for m in NUMBER.finditer(value)) if v is not None]


def supported(item: Sourced) -> bool:
    """True when the item's quote carries its number (or, for a dated claim, its year or date)."""
    numbers = quote_numbers(item.quote or "")
    if isinstance(item, Fact):
        if isinstance(item.value, (int, float)) and not isinstance(item.value, bool):
            return number_in(item.value, numbers)  # the figure itself must be quoted
        if item.date and date_in(item.date, numbers):
            return True
        if item.year and number_in(item.year, numbers):
            return True
        # a text value ("Order No. 1212 of 18 December 2015"): all its numbers quoted; an ISO date is a date
        in_value = [] if re.fullmatch(r"\d{4}-\d\d-\d\d", str(item.value)) else _value_numbers(str(item.value))
        if in_value and all(number_in(v, numbers) for v in in_value):
            return True
        return not (in_value or item.year or item.date)
    if isinstance(item, Financing):
        if item.amount is not None:
            return number_in(item.amount, numbers)
        wanted = [y for y in (item.year_start, item.year_end) if y]
        return not wanted or any(number_in(y, numbers) for y in wanted)
    if isinstance(item, Result):
        if item.value is not None:
            return number_in(item.value, numbers)
        return not item.year or number_in(item.year, numbers)
    if isinstance(item, Phase):
        return any(number_in(y, numbers) for y in (item.start, item.end) if y)
    return True


def verified_quoted_items() -> Iterator[tuple[str, str, Sourced]]:
    """(file, where in the file, item) for every verified item with a quote in data/countries/*.yaml."""
    for iso3 in load.known_countries():
        rel = paths.relative(load.country_file(iso3))
        cf = load.load_country(iso3)
        found: list[tuple[str, Sourced]] = [(f"key_facts.{f.id}", f) for f in cf.key_facts]
        for p in cf.programmes:
            found.append((f"programmes.{p.id}.launch.{p.launch.id}", p.launch))
            found += [(f"programmes.{p.id}.phases[{i}]", ph) for i, ph in enumerate(p.phases)]
            found += [(f"programmes.{p.id}.financing[{i}]", fin) for i, fin in enumerate(p.financing)]
            found += [(f"programmes.{p.id}.results[{i}]", r) for i, r in enumerate(p.results)]
            found += [(f"programmes.{p.id}.key_facts.{f.id}", f) for f in p.key_facts]
        for where, item in found:
            if item.status is Status.verified and item.quote:
                yield str(rel), where, item


def test_the_check_sees_the_facts():
    """The citation check would pass vacuously if it stopped finding the verified, quoted facts."""
    items = list(verified_quoted_items())
    assert len(items) > 50
    assert any(w.endswith(".kaz_wb_pad956") for _, w, _ in items)


@pytest.mark.parametrize(
    ("quote", "value", "ok"),
    [
        ("forty million US dollars (40,000,000)", 40_000_000, True),
        ("PROPOSED LOAN IN THE AMOUNT OF US$40 MILLION", 40_000_000, True),
        ("from 1.3 billion roubles last year", 1_300_000_000, True),
        ("Introduced by the government in 2005", 2005, True),
        ("First Term(2001-2005)Industrial Cluster Launch Period", 2005, True),
        ("at least 6 pilot clusters in 2017", 6, True),
        ("state support will be provided for a national cluster", 5, False),
        ("in 2015", 5, False),  # a digit inside a year is not the count
    ],
)
def test_number_matching(quote, value, ok):
    """A figure would be reported as backed (or unbacked) by a quote that says otherwise."""
    assert number_in(value, quote_numbers(quote)) is ok


def test_verified_quotes_carry_their_figure_or_the_note_says_why():
    """A verified figure would be shown with a quote that does not contain it, and no word on where it comes from."""
    bad = [
        f"{rel}: {where} (status verified; quote {item.quote!r})"
        for rel, where, item in verified_quoted_items()
        if not supported(item) and not EXPLAINS.search(text_of(item.note)) and (rel, where) not in KNOWN_UNSUPPORTED
    ]
    assert not bad, (
        "These verified facts quote a phrase without their number or year, and their note does not say why "
        "(quote the phrase that carries the figure, change the status, or explain in the note, mentioning the "
        "quote or the source):\n  " + "\n  ".join(bad)
    )
