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


@functools.cache
def _group(lang: str, group: str) -> dict[str, Any]:
    """The texts of one catalogue; names starting with "_" (``_review``, ``_source``) are notes, not texts."""
    path = LOCALES / lang / f"{group}.yaml"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {k: v for k, v in data.items() if not str(k).startswith("_")}


def t(key: str, lang: str = DEFAULT_LANG, **fmt) -> str:
    """The fixed text for ``key`` in ``lang`` (English if not translated), formatted with ``fmt``."""
    group, _, name = key.partition(".")
    text = _group(lang, group).get(name) or _group(DEFAULT_LANG, group).get(name)
    if text is None:
        raise KeyError(f"no text for {key!r} in locales/{DEFAULT_LANG}/{group}.yaml")
    return text.format(**fmt) if fmt else text


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

    ``digits`` fixes the decimals; by default whole numbers have none and others up to two.
    """
    from babel.numbers import format_decimal

    if isinstance(value, float) and value.is_integer() and digits is None:
        value = int(value)
    if isinstance(value, float):
        value = round(value, 2 if digits is None else digits)  # as Python rounds (2.675 -> 2.67), in every language
    if digits is not None:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=lang)
    return format_decimal(value, format="#,##0.##", locale=lang)


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
