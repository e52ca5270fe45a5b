"""Messages in plain words: one per mistake, the likely value suggested, and docs/messages.md true to the checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from benchmark.core.errors import DataError
from benchmark.inputs import message_doc
from benchmark.inputs.load import validate
from benchmark.inputs.messages import explain_yaml, suggest_currency, suggest_date
from benchmark.inputs.schemas import Fact, Financing


def _problems(model, data):
    with pytest.raises(DataError) as exc:
        validate(model, data, Path("x.yaml"))
    return exc.value.problems


FACT = {"id": "a_fact", "label": "L", "value": 18, "source": "s", "status": "verified"}


def test_docs_messages_is_what_the_checks_print():
    """docs/messages.md shows each example's message as the checks print it today (rewrite it when this fails)."""
    assert message_doc.path().read_text(encoding="utf-8") == message_doc.render()


def test_every_example_in_the_docs_gives_exactly_one_message():
    """Each documented mistake prints one message, never a cascade an analyst must untangle."""
    for group, mistake, _, messages in message_doc.examples():
        assert len(messages) == 1, (group, mistake, messages)


def test_an_unquoted_date_where_a_number_or_text_goes_says_to_quote_it():
    """A date in a fact's value is one message that says to put it in quotes, not three in Python's notation."""
    problems = _problems(Fact, {**FACT, "value": dt.date(2016, 3, 15)})
    assert len(problems) == 1
    assert "write the date in quotes: '2016-03-15'" in problems[0].reason
    assert "datetime" not in problems[0].reason


def test_a_misspelt_required_key_is_one_message_with_the_likely_key():
    """`stauts:` gives one message naming `status`, not "unknown field" plus "missing field"."""
    data = {k: v for k, v in FACT.items() if k != "status"} | {"stauts": "verified"}
    problems = _problems(Fact, data)
    assert len(problems) == 1 and "did you mean `status`" in problems[0].reason


@pytest.mark.parametrize(
    "written, meant", [("ZL", "PLN"), ("zł", "PLN"), ("€", "EUR"), ("tenge", "KZT"), ("usd", "USD"), ("рубль", "RUB")]
)
def test_a_currency_near_miss_suggests_the_code(written, meant):
    """A currency written as a symbol or local abbreviation suggests its ISO 4217 code."""
    assert suggest_currency(written) == meant


def test_a_currency_near_miss_is_suggested_in_the_message():
    """`currency: ZL` is refused with "did you mean PLN?"."""
    problems = _problems(
        Financing,
        {
            "amount": 5,
            "currency": "ZL",
            "source": "s",
            "status": "verified",
            "per": "total",
            "scope": "programme",
            "covers": "x",
        },
    )
    assert any("did you mean PLN?" in p.reason for p in problems), problems


@pytest.mark.parametrize(
    "written, meant",
    [
        ("15.03.2016", "2016-03-15"),
        ("15/03/2016", "2016-03-15"),
        ("2016/03/15", "2016-03-15"),
        ("15 March 2016", "2016-03-15"),
        ("March 15, 2016", "2016-03-15"),
        ("31.02.2016", None),
        ("soon", None),
    ],
)
def test_a_date_written_another_way_suggests_the_iso_date(written, meant):
    """Dates written day first or in words suggest the same date as YYYY-MM-DD; impossible dates suggest nothing."""
    assert suggest_date(written) == meant


@pytest.mark.parametrize(
    "text, line, says",
    [
        ("a:\n  b: 1\n    c: 2\n", 3, "indented more than the field above it"),
        ("a:\n  b: 1\n c: 2\n", 3, "indented less than the field above it"),
        ("a: 1\nb: the answer: yes\n", 2, "colon followed by a space inside a text"),
        ("a: 'open\nb: 2\n", 1, "never closed"),
    ],
)
def test_yaml_errors_say_which_line_and_what_to_do(text, line, says):
    """A YAML mistake names the line and says in words what is wrong; over-indentation is not called a colon."""
    import yaml

    try:
        yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark, ctx = exc.problem_mark, getattr(exc, "context_mark", None)
        reason, at = explain_yaml(
            str(exc.problem), text, mark.line + 1, str(exc.context or ""), ctx.line + 1 if ctx else None
        )
    assert says in reason and at == line
    if "indented" in says:
        assert "colon" not in reason
