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
    if kind == "missing" and err.get("typo"):
        return (
            f"`{err['typo']}` is not a field of this record: did you mean `{field}`? "
            f"(a required field: {_expected(field, 'a value')})"
        )
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
    import datetime as dt

    if isinstance(value, dt.date) and not kind.startswith("date"):
        return date_in_quotes(value)
    if kind == "value_error":
        msg = str(err.get("msg", "")).removeprefix("Value error, ")
        return msg + _suggestion(field, value)
    if kind in ("string_pattern_mismatch", "string_type", "string_too_short", "string_too_long"):
        return f"found {_found(value)}; expected {_expected(field, 'a text')}{_suggestion(field, value)}"
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
        expected = _expected(field, "a date written year-month-day, e.g. 2017-06-08")
        hit = suggest_date(value) if isinstance(value, str) else None
        return f"found {_found(value)}; expected {expected}" + (f" (did you mean {hit}?)" if hit else "")
    if kind in ("enum", "literal_error"):
        expected = err.get("ctx", {}).get("expected", "")
        return f"found {_found(value)}; expected " + _expected(field, f"one of {expected}")
    if kind in ("list_type", "too_short"):
        if kind == "too_short":
            return f"`{field}` is empty; expected {_expected(field, 'at least one item')}"
        return f"found {_found(value)}; expected a list, written [a, b] or one '- item' per line"
    if kind in ("dict_type", "model_type", "model_attributes_type") and field is None:
        if value is None:
            return "the file is empty: it needs its fields, one `name: value` per line (see docs/schema.md)"
        return f"found {_found(value)}; expected the file's fields, one `name: value` per line (see docs/schema.md)"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"found {_found(value)}; expected a block of fields (name: value lines, indented under `{field}`)"
    if kind == "url_parsing":
        return f"found {_found(value)}; expected {_expected(field, 'a web address')}"
    return f"found {_found(value)}; {err.get('msg', 'not valid')}"


# --- near misses ----------------------------------------------------------------------------------

#: What people write for a currency instead of its ISO 4217 code (symbols, local abbreviations, names).
CURRENCY_WORDS: dict[str, str] = {
    "zl": "PLN",
    "zł": "PLN",
    "zloty": "PLN",
    "złoty": "PLN",
    "$": "USD",
    "us$": "USD",
    "usd$": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "€": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "eu": "EUR",
    "£": "GBP",
    "pound": "GBP",
    "¥": "JPY",
    "yen": "JPY",
    "jp¥": "JPY",
    "₸": "KZT",
    "tenge": "KZT",
    "тенге": "KZT",
    "тг": "KZT",
    "₽": "RUB",
    "rub.": "RUB",
    "руб": "RUB",
    "руб.": "RUB",
    "рубль": "RUB",
    "rouble": "RUB",
    "ruble": "RUB",
    "roubles": "RUB",
    "rubles": "RUB",
    "rur": "RUB",
    "₩": "KRW",
    "won": "KRW",
    "yuan": "CNY",
    "rmb": "CNY",
    "kr": "NOK",
    "krone": "NOK",
    "dm": "DEM",
    "mark": "DEM",
    "ff": "FRF",
    "franc": "FRF",
    "peseta": "ESP",
}


def suggest_currency(value: object) -> str | None:
    """The ISO 4217 code a near miss most likely means (``ZL`` → PLN, ``€`` → EUR, ``usd`` → USD), or None."""
    text = str(value).strip()
    if text.lower() in CURRENCY_WORDS:
        return CURRENCY_WORDS[text.lower()]
    try:
        import pycountry

        if len(text) == 3 and pycountry.currencies.get(alpha_3=text.upper()) is not None:
            return text.upper()
        by_name = {c.name.lower(): c.alpha_3 for c in pycountry.currencies}
        hit = difflib.get_close_matches(text.lower(), sorted(by_name), n=1, cutoff=0.8)
        return by_name[hit[0]] if hit else None
    except Exception:  # pycountry's data unavailable: no suggestion rather than a failure
        return None


def suggest_country(value: object) -> str | None:
    """The ISO 3166-1 alpha-3 code a near miss most likely means (``Poland``, ``PL``, ``pol`` → POL), or None."""
    text = str(value).strip()
    try:
        import pycountry

        if len(text) in (2, 3):
            code = text.upper()
            hit = pycountry.countries.get(alpha_2=code) if len(code) == 2 else pycountry.countries.get(alpha_3=code)
            return hit.alpha_3 if hit else None
        if 3 < len(text) < 60:
            return pycountry.countries.lookup(text).alpha_3
    except (LookupError, KeyError):
        return None
    return None


_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        zip(
            "january february march april may june july august september october november december".split(),
            "jan feb mar apr may jun jul aug sep oct nov dec".split(),
            strict=True,
        )
    )
    for m in names
}


def suggest_date(value: object) -> str | None:
    """A date written another way as YYYY-MM-DD (``15.03.2016``, ``15/03/2016``, ``15 March 2016`` → 2016-03-15)."""
    import datetime as dt
    import re

    text = str(value).strip().lower().rstrip(".")
    found = None
    if m := re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})", text):
        found = (int(m[3]), int(m[2]), int(m[1]))
    elif m := re.fullmatch(r"(\d{4})[./](\d{1,2})[./](\d{1,2})", text):
        found = (int(m[1]), int(m[2]), int(m[3]))
    elif m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        found = (int(m[1]), int(m[2]), int(m[3]))
    elif m := re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})", text):
        found = (int(m[3]), _MONTHS.get(m[2], 0), int(m[1]))
    elif m := re.fullmatch(r"([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", text):
        found = (int(m[3]), _MONTHS.get(m[1], 0), int(m[2]))
    if found is None:
        return None
    try:
        return dt.date(*found).isoformat()
    except ValueError:
        return None


def _suggestion(field: str | None, value: object) -> str:
    """' — did you mean X?' for a value near a valid one in fields with a known vocabulary."""
    if isinstance(value, bool) or value is None:
        return ""
    hit = None
    if field == "currency":
        hit = suggest_currency(value)
    elif field in ("country", "focal"):
        hit = suggest_country(value)
    elif field is not None and ("date" in field or field in ("published",)):
        hit = suggest_date(value)
    return f" (did you mean {hit}?)" if hit and hit != value else ""


def date_in_quotes(value) -> str:
    """The message for a date YAML read as a date where a number or a text is expected."""
    return (
        f"YAML reads {value.isoformat()} as a date, which this field does not take; "
        f"write the date in quotes: '{value.isoformat()}'"
    )


# --- YAML syntax ----------------------------------------------------------------------------------


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_above(lines: list[str], index: int) -> int | None:
    """Index of the nearest line above ``index`` that holds YAML (not blank, not a comment)."""
    for i in range(min(index, len(lines)) - 1, -1, -1):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            return i
    return None


def explain_yaml(
    problem: str, text: str, line: int | None, context: str = "", context_line: int | None = None
) -> tuple[str, int | None]:
    """A YAML syntax error in plain words, with the line (1-based) it is on and what to do.

    libyaml names the token it choked on ("mapping values are not allowed here"); this says which
    line is wrong and how: indented more or less than the field above it, a tab, a quote not closed,
    a colon inside a text that is not in quotes.
    """
    if "quoted scalar" in context:
        return "a quote opened on this line is never closed: close it, or remove it", context_line or line
    lines = text.splitlines()
    idx = (line - 1) if line else None
    if "unacceptable character" in problem or "special characters are not allowed" in problem:
        return "the file holds a character that is not text (is it a binary file?): save it as plain UTF-8 text", line
    if "'\\t'" in problem:
        return "a tab indents this line; YAML is indented with spaces only: replace the tab with spaces", line
    if idx is not None and 0 <= idx < len(lines):
        here = lines[idx]
        if "\t" in here[: len(here) - len(here.lstrip())] or ("\t" in here and "cannot start any token" in problem):
            return "a tab on this line; YAML is indented with spaces only: replace the tab with spaces", line
        above = _content_above(lines, idx)
        if above is not None and here.strip():
            prev = lines[above]
            key_above = prev.strip().lstrip("- ").split(":", 1)[0]
            opens_block = prev.rstrip().endswith(":") or prev.strip() == "-"
            if _indent(here) > _indent(prev) and not opens_block and "mapping values" in problem:
                return (
                    f"this line is indented more than the field above it (`{key_above}`, line {above + 1}): "
                    "start it in the same column as that field, or put the text on one line",
                    line,
                )
            if _indent(here) < _indent(prev) and any(
                k in problem for k in ("block end", "expected key", "expected '-'")
            ):
                columns = {_indent(x) for x in lines[:idx] if x.strip() and not x.strip().startswith("#")}
                if _indent(here) not in columns:
                    return (
                        f"this line is indented less than the field above it (`{key_above}`, line {above + 1}) "
                        "and matches no field further up: start it in the same column as the field it belongs "
                        "beside",
                        line,
                    )
        if "mapping values" in problem:
            value = here.split(":", 1)[1] if ":" in here else here
            if ":" in value:
                return (
                    "a colon followed by a space inside a text that is not in quotes: put the whole text in "
                    'quotes, e.g. title: "Cluster policy: an overview"',
                    line,
                )
    if "quoted scalar" in context or "quoted scalar" in problem:
        return "a quote opened on this line is never closed: close it, or remove it", context_line or line
    if "found undefined alias" in problem or "found character '*'" in problem:
        return "a value starts with *, which YAML reads as a reference: put the value in quotes", line
    if "found character '@'" in problem or "found character '`'" in problem:
        return "a value starts with @ or `, which YAML does not allow: put the value in quotes", line
    if "could not find expected ':'" in problem:
        return "this line is neither `name: value` nor a list item `- value`: add the colon or the dash", line
    if "did not find expected key" in problem or "block end" in problem:
        return (
            "this line is indented differently from the fields around it, or a quote above it is not closed: "
            "line it up with the field it belongs beside",
            line,
        )
    if "did not find expected '-'" in problem:
        return "a list item here does not start with `- ` at the column of the items above", line
    if "did not find expected ',' or ']'" in problem or "did not find expected ',' or '}'" in problem:
        return "a list [a, b] or a block {a: b} is not closed on this line: close it or put texts in quotes", line
    return f"not valid YAML: {problem}", line


def impossible_value(node, exc: Exception) -> tuple[str, int | None]:
    """A value YAML parsed but cannot build (a date such as 2020-13-45), with its line when it can be found."""
    import datetime as dt

    if isinstance(exc, RecursionError):
        return "the file nests lists or blocks too deeply to read", None
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        value = getattr(n, "value", None)
        if isinstance(value, list):
            for item in value:
                stack.extend(item if isinstance(item, tuple) else [item])
        elif isinstance(value, str) and str(getattr(n, "tag", "")).endswith(":timestamp"):
            try:
                dt.date.fromisoformat(value[:10])
            except ValueError:
                return (
                    f"{value!r} is not a date that exists ({exc}): write a real date year-month-day, "
                    "such as 2017-06-08",
                    n.start_mark.line + 1,
                )
    return f"a value cannot be read: {exc}", None
