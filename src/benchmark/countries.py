"""Country codes and names: ISO 3166 via pycountry, names in other languages via babel."""

from __future__ import annotations

import functools

import pycountry

from .errors import UserError


@functools.cache
def _name(iso3: str, lang: str) -> str:
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return iso3
    if lang == "en":
        return getattr(country, "common_name", None) or country.name
    from babel import Locale

    return Locale(lang).territories.get(country.alpha_2, country.name)


def country_name(iso3: str, lang: str = "en") -> str:
    """Display name of an ISO 3166-1 alpha-3 code (``KAZ`` -> ``Kazakhstan``)."""
    return _name(iso3.upper(), lang)


def check_iso3(code: str) -> str:
    """Normalise ``code`` and check it names a country with data; else list the known codes."""
    from .load import known_countries

    iso3 = str(code).strip().upper()
    known = known_countries()
    if iso3 not in known:
        listed = ", ".join(f"{c} ({country_name(c)})" for c in known)
        hint = "" if pycountry.countries.get(alpha_3=iso3) else " It is not an ISO 3166-1 alpha-3 code."
        raise UserError(f"unknown country code {code!r}.{hint} Countries with data: {listed}")
    return iso3
