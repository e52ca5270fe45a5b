"""Fixed text (headings, labels, captions) in one place, per language: ``t("brief.sources")``.

Strings live in ``core/locales/<lang>/<group>.yaml``; a key is ``<group>.<name>``. A missing translation
falls back to English, so Russian and Kazakh can be added one file at a time.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import yaml

from .paths import LOCALES

DEFAULT_LANG = "en"
#: The languages a brief can be written in.
LANGUAGES = ("en", "ru", "kk")


def check_lang(lang: object) -> str:
    """``lang`` if it is a language the workbook writes (en, ru, kk); else a UserError naming them.

    Raises:
        UserError: an unknown language code (it would otherwise reach the page's ``<html lang>``).
    """
    from .errors import Problem, UserError

    if not isinstance(lang, str) or lang not in LANGUAGES:
        raise UserError(Problem("lang", f"unknown language {str(lang)[:40]!r}; choose one of: {', '.join(LANGUAGES)}"))
    return lang


#: libyaml's parser where PyYAML has it (the catalogues are read at every kernel's first brief).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def _group(lang: str, group: str) -> dict[str, Any]:
    """The texts of one catalogue; names starting with "_" (``_review``, ``_source``) are notes, not texts."""
    path = LOCALES / lang / f"{group}.yaml"
    if not path.exists():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
    return {k: v for k, v in data.items() if not str(k).startswith("_")}


#: The grammatical case a translation can ask of a name: ``{peer_gen}`` is ``{peer}`` in the genitive.
CASES = ("gen",)


def t(key: str, lang: str = DEFAULT_LANG, **fmt) -> str:
    """The fixed text for ``key`` in ``lang`` (English if not translated), formatted with ``fmt``.

    A Russian or Kazakh text may write a name in the genitive, ``{peer_gen}`` for ``{peer}``
    ("Практика {peer_gen}" gives "Практика Японии"): the forms are in ``locales/<lang>/cases.yaml``; a name
    not listed there keeps the form it was given.
    """
    group, _, name = key.partition(".")
    text = _group(lang, group).get(name) or _group(DEFAULT_LANG, group).get(name)
    if text is None:
        raise KeyError(f"no text for {key!r} in locales/{DEFAULT_LANG}/{group}.yaml")
    if not fmt:
        return text
    if lang != DEFAULT_LANG:
        forms = _group(lang, "cases").get("genitive") or {}
        fmt.update({f"{k}_gen": forms.get(v, v) for k, v in list(fmt.items()) if isinstance(v, str)})
    return text.format(**fmt)


def phrases(group: str, lang: str) -> dict[str, str]:
    """A catalogue that maps English phrases of the data to ``lang`` (``licences``): {} where there is none."""
    return dict(_group(lang, group))


def has(key: str, lang: str = DEFAULT_LANG) -> bool:
    """True when ``key`` has a text (in ``lang`` or in English)."""
    group, _, name = key.partition(".")
    return name in _group(lang, group) or name in _group(DEFAULT_LANG, group)


def catalogue(group: str, lang: str) -> Mapping[str, Any]:
    """The texts of one catalogue in ``lang`` only, without the English fallback (empty when it has none)."""
    return MappingProxyType(_group(lang, group))


def words(key: str, lang: str | None = None) -> tuple[str, ...]:
    """The list of words under ``key`` (``training_answers.term_launch``) in ``lang``, or in every language.

    Answer words are accepted in each language the workbook writes, so by default the lists of all
    languages are joined (English first, each word once). A missing key gives ``()``.
    """
    group, _, name = key.partition(".")
    out: list[str] = []
    for code in (lang,) if lang else LANGUAGES:
        for word in _group(code, group).get(name) or ():
            if str(word) not in out:
                out.append(str(word))
    return tuple(out)


# --- numbers, dates and amounts as each language writes them (babel, CLDR) ------------------------


def number(value: float | int, lang: str = DEFAULT_LANG, digits: int | None = None) -> str:
    """A number as ``lang`` writes it: ``1,234.5`` in English, ``1 234,5`` in Russian and Kazakh.

    ``digits`` fixes the decimals; by default whole numbers have none and others up to two. The separators
    are CLDR's for the language (babel's); the digits are Python's, which groups by three as the three
    languages do (babel's own formatter gave the same text at many times the cost: a brief formats thousands).
    """
    if isinstance(value, float) and value.is_integer() and digits is None:
        value = int(value)
    if isinstance(value, float):
        value = round(value, 2 if digits is None else digits)  # as Python rounds (2.675 -> 2.67), in every language
    if digits is None and not isinstance(value, float):
        out = f"{value:,}"
    else:
        out = f"{value:,.{2 if digits is None else digits}f}"
        if digits is None:  # up to two decimals: no trailing zeros
            out = out.rstrip("0").rstrip(".")
    return _minus(out.translate(_separators(lang)), lang)


@functools.cache
def _separators(lang: str) -> dict[int, str]:
    """Python's "," and "." as ``lang`` writes them: the group and decimal symbols of CLDR (babel)."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return {ord(","): get_group_symbol(locale=lang), ord("."): get_decimal_symbol(locale=lang)}


def _minus(text: str, lang: str) -> str:
    """Russian and Kazakh typography writes a negative number with the minus sign (−), not a hyphen."""
    return "\u2212" + text[1:] if lang != DEFAULT_LANG and text.startswith("-") else text


def figure(value: object, lang: str = DEFAULT_LANG, significant: int = 3) -> str:
    """A measured value in a table as ``lang`` writes it, rounded sensibly: whole numbers as they are,
    others to ``significant`` significant digits (at most four decimals): ``487.535`` -> ``488``,
    ``0.0105`` -> ``0.0105`` (``0,0105`` in Russian), ``1217.7914`` -> ``1,218`` (``1 218``). Whole numbers
    of up to four digits are written solid, as Russian typography does and as years must be (``2006``).
    """
    import math

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int) or float(value).is_integer():
        return _minus(str(int(value)), lang) if abs(value) < 10_000 else number(int(value), lang)
    magnitude = math.floor(math.log10(abs(value))) if value else 0
    digits = min(4, max(0, significant - 1 - magnitude))
    text = number(round(value, digits), lang, digits=digits)
    # drop zeros the rounding left at the end (0.0100 -> 0.01), keeping at least one decimal where there was one
    sep = "." if lang == DEFAULT_LANG else ","
    if sep in text:
        text = text.rstrip("0").rstrip(sep)
    return text


def percent(share: float, lang: str = DEFAULT_LANG, digits: int = 0) -> str:
    """A share (0.25) as a percentage in ``lang``: ``25%`` in English, ``25 %`` in Russian."""
    from babel import Locale
    from babel.numbers import format_percent

    pattern = Locale.parse(lang).percent_formats[None].pattern  # the language's own spacing: "#,##0 %"
    if digits:
        head, _, tail = pattern.rpartition("0")
        pattern = f"{head}0.{'0' * digits}{tail}"
    return format_percent(share, format=pattern, locale=lang)


def date(value, lang: str = DEFAULT_LANG) -> str:
    """A date written out in ``lang``: ``30 November 2026``, ``30 ноября 2026 г.``."""
    from babel.dates import format_date

    if lang == DEFAULT_LANG:
        return f"{value.day} {format_date(value, 'MMMM y', locale=lang)}"
    return format_date(value, format="long", locale=lang)


def clear_cache() -> None:
    """Forget loaded locale files (between briefs sharing a kernel)."""
    _group.cache_clear()
