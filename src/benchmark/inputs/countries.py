"""Country codes and names: ISO 3166 via pycountry, names in other languages via babel (CLDR)."""

from __future__ import annotations

import functools

import pycountry

from ..core.text import t


@functools.cache
def _name(iso3: str, lang: str) -> str:
    """CLDR's name, in every language the short one a sentence uses: "Russia" (pycountry's English name, "Russian
    Federation", read "Kazakhstan against Japan and Russian Federation"), "South Korea", "Россия"."""
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return iso3
    from babel import Locale

    return Locale(lang).territories.get(country.alpha_2, country.name)


def country_name(iso3: str, lang: str = "en") -> str:
    """Display name of an ISO 3166-1 alpha-3 code (``KAZ`` -> ``Kazakhstan``)."""
    return _name(iso3.upper(), lang)


def is_iso3(code: str) -> bool:
    """True when ``code`` is an ISO 3166-1 alpha-3 country code."""
    return pycountry.countries.get(alpha_3=str(code).upper()) is not None


def names_list(codes: list[str], lang: str = "en") -> str:
    """Country names joined as a reader writes them: 'Japan, Russia and Germany'."""
    names = [country_name(c, lang) for c in codes]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {t('compare.and', lang)} " + names[-1]
