"""Problems in words a policy analyst uses: what was found, what is expected, and a suggestion where one exists.

The schema validator (pydantic) reports errors in its own terms ("String should match pattern
'^[A-Z]{3}$'"). :func:`explain` turns each into a sentence that says what to write instead, using
what the field is for (:data:`FIELD_HELP`) and what YAML made of the value (``NO`` read as false).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

#: What each field expects, in words, with an example. Keys are field names as they appear in the YAML.
FIELD_HELP: dict[str, str] = {
    "country": "a three-letter ISO 3166-1 country code in capitals, such as NOR or KAZ",
    "currency": "a three-letter ISO 4217 currency code in capitals, such as NOK or USD",
    "amount": "a number such as 100000000 (no words or currency; put the currency in `currency`)",
    "value": "a number such as 18, or a short text",
    "id": "an id of lower-case letters, digits and underscores that starts with a letter, such as nor_arena_2002",
    "source": "a source id from data/sources/*.yaml, such as kidi_2017_news_digest_2",
    "sources": "a list of source ids from data/sources/*.yaml, such as [kidi_2017_news_digest_2]",
    "summary_sources": "a list of source ids from data/sources/*.yaml, such as [kidi_2017_news_digest_2]",
    "status": "one of: verified (read in a primary source), secondary (read in a secondary source), conflicting "
    "(sources disagree; give a `conflict` id), illustrative (an example, not a real figure)",
    "date": "a date written year-month-day, such as 2017-06-08",
    "date_accessed": "a date written year-month-day, such as 2026-11-27",
    "year": "a year such as 2017",
    "year_start": "a year such as 2017",
    "year_end": "a year such as 2019",
    "start_year": "a year such as 2015",
    "end_year": "a year such as 2019, or null when no source states the end",
    "start": "a year such as 2017",
    "end": "a year such as 2019, or null when no source states the end",
    "level": "national or regional",
    "per": "total, year (an annual amount) or unit (an amount per cluster, per applicant ...)",
    "scope": "what the amount pays for: whole_loan (a loan's every component), programme, programmes (several "
    "together), component, or clusters (the clusters only)",
    "target_groups": "a list of STIP 2021 target-group codes such as [TG29, TG31] (data/reference/stip_2021)",
    "instruments": "a list of STIP 2021 instrument codes such as [PI024] (data/reference/stip_2021)",
    "themes": "a list of STIP 2021 theme codes such as [TH47] (data/reference/stip_2021)",
    "url": "a web address starting with http:// or https://",
    "score": "a whole number from 0 to 4, or null when the evidence is not enough",
    "confidence": "high, medium or low",
    "conflict": "an id naming the group of disagreeing claims, such as kaz_2017_applications_count",
    "title": "a text",
    "label": "a text",
    "summary": "a text",
    "licence": "the licence or terms of use, e.g. 'CC BY 4.0' or 'terms of the publisher; short quotation'",
    "publisher": "the organisation that published the source",
}

#: What YAML 1.1 reads as true or false: a country code ``NO`` or an answer ``yes`` in a text field.
YAML_BOOLEANS = ("yes", "no", "on", "off", "true", "false", "y", "n")


def _expected(field: str | None, fallback: str) -> str:
    return FIELD_HELP.get(field or "", fallback)


def _found(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when ``value`` is close to one of ``known``, else ''."""
    close = difflib.get_close_matches(str(value), sorted(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def explain(err: Mapping[str, Any], allowed_fields: list[str] | None = None) -> str:
    """One pydantic error as a sentence: what was found, what is expected, and how to fix it.

    Args:
        err: one item of ``ValidationError.errors()``.
        allowed_fields: the fields the record accepts (for "did you mean" on an unknown field).
    """
    kind = err["type"]
    loc = [x for x in err.get("loc", ()) if isinstance(x, str) and not x.startswith("function-")]
    field = loc[-1] if loc else None
    value = err.get("input")
    if kind == "missing":
        return f"required field `{field}` is missing: write {_expected(field, 'a value')}"
    if kind == "extra_forbidden":
        hint = did_you_mean(field or "", allowed_fields or [])
        return (
            f"unknown field `{field}`{hint}; the fields of this record are listed in docs/schema.md "
            "(a typo must not pass silently)"
        )
    if isinstance(value, bool) and kind in ("string_type", "string_pattern_mismatch", "value_error", "literal_error"):
        word = "yes/no/on/off"
        return (
            f"found {str(value).lower()}: YAML reads {word} (in any case, e.g. NO for Norway) as true or false; "
            f'put the value in quotes, e.g. "NO" — expected {_expected(field, "a text")}'
        )
    if kind == "value_error":
        msg = str(err.get("msg", "")).removeprefix("Value error, ")
        return msg
    if kind in ("string_pattern_mismatch", "string_type", "string_too_short", "string_too_long"):
        return f"found {_found(value)}; expected {_expected(field, 'a text')}"
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float", "finite_number"):
        return f"found {_found(value)}; expected {_expected(field, 'a number')}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        ctx = err.get("ctx", {})
        bound = next(iter(ctx.values()), "")
        words = {
            "greater_than_equal": "at least",
            "less_than_equal": "at most",
            "greater_than": "more than",
            "less_than": "less than",
        }[kind]
        return f"found {_found(value)}; expected {words} {bound} ({_expected(field, 'a number')})"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"found {_found(value)}; expected {_expected(field, 'a date written year-month-day, e.g. 2017-06-08')}"
    if kind in ("enum", "literal_error"):
        expected = err.get("ctx", {}).get("expected", "")
        return f"found {_found(value)}; expected " + _expected(field, f"one of {expected}")
    if kind in ("list_type", "too_short"):
        if kind == "too_short":
            return f"`{field}` is empty; expected {_expected(field, 'at least one item')}"
        return f"found {_found(value)}; expected a list, written [a, b] or one '- item' per line"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"found {_found(value)}; expected a block of fields (name: value lines, indented under `{field}`)"
    if kind == "url_parsing":
        return f"found {_found(value)}; expected {_expected(field, 'a web address')}"
    return f"found {_found(value)}; {err.get('msg', 'not valid')}"
