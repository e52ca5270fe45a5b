"""Module M1, cluster economics: the exercises on Japan's terms, the 2017 call and the policy card, with their keys."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ...core.errors import UserError
from ...core.text import t
from ...inputs import load
from .. import country as country_brief
from ..display import Html, esc
from .checks import Exercise, _msg, exercise, fold, named_answer

# --- M1: cluster economics ------------------------------------------------------------------------

#: Japan's METI Industrial Cluster Policy terms (meti_undated_industrial_cluster_policy, verified;
#: also the seed digest kidi_2017_news_digest_2).
JAPAN_TERMS = {"launch": (2001, 2005), "development": (2006, 2010), "autonomous_growth": (2011, 2020)}

# Answers that are words are accepted in every language the workbook writes: the lists are in
# core/locales/<lang>/training_answers.yaml (term_*, option_*).
#: The three terms, in order (the names exercise 1.4 accepts are ``term_<name>`` in the answer words).
TERMS = tuple(JAPAN_TERMS)


def _term(answer: Any) -> str:
    return named_answer(re.sub(r"\s+", " ", fold(answer).replace("-", " ")), "term", TERMS)


def _letter(answer: Any) -> str:
    """An option letter, also typed on a Russian keyboard (look-alikes а, в as B, с; transliterations б, д)."""
    return named_answer(fold(answer).strip("()").strip(".").strip(")"), "option", "abcd")


exercise(
    Exercise(
        "m1.e1",
        "choice",
        expected=lambda: "b",
        normalise=_letter,
        diagnose=lambda given, exp: f"option_{given}" if given in ("a", "c", "d") else "not_an_option",
    )
)
exercise(
    Exercise(
        "m1.e2",
        "number",
        expected=lambda: _meti_launch_year(),
        diagnose=lambda given, exp: "mext" if given == 2002 else ("call" if given in (2016, 2017) else None),
    )
)
exercise(
    Exercise(
        "m1.e3",
        "number",
        expected=lambda: JAPAN_TERMS["autonomous_growth"][1] - JAPAN_TERMS["autonomous_growth"][0] + 1,
        diagnose=lambda given, exp: "fencepost" if given == exp - 1 else None,
    )
)
exercise(
    Exercise(
        "m1.e4",
        "choice",
        expected=lambda: "launch",
        normalise=_term,
        diagnose=lambda given, exp: f"term_{given}" if given in TERMS else "not_an_option",
    )
)


def _meti_launch_year() -> int:
    """Launch year of Japan's METI programme, from the policy card (data/countries/JPN.yaml)."""

    for p in load.load_country("JPN").programmes:
        who = " ".join(str(a) for a in p.managing_authorities)
        if "METI" in who or "Economy, Trade" in who:
            return p.start_year
    raise UserError("data/countries/JPN.yaml has no METI programme")


def timeline(countries: Iterable[str] = ("JPN", "KAZ"), lang: str = "en") -> Html:
    """Programme timelines of several countries, one below the other (from their policy cards)."""

    parts = []
    for c in countries:
        if c not in load.known_countries():
            parts.append(f"<p>{esc(_msg('no_country_data', lang, country=c))}</p>")
            continue
        ctx = country_brief.prepare(c, lang=lang)
        html = country_brief.timeline(ctx)._repr_html_()
        # one below the other, each names its country ("Programme timeline — Japan")
        heading = f"<h2>{esc(t('brief.timeline', lang))}</h2>"
        parts.append(html.replace(heading, f"<h2>{esc(t('brief.timeline', lang))} — {esc(ctx.name)}</h2>", 1))
    return Html("".join(parts), classes=["cb-training"])


def policy_card(country: str, lang: str = "en") -> Html:
    """The 'policy at a glance' cards of a country (the briefs' own section), or a note if it has no data."""

    if country not in load.known_countries():
        return Html(f"<p>{esc(_msg('no_country_data', lang, country=country))}</p>", classes=["cb-training"])
    return country_brief.at_a_glance(country_brief.prepare(country, lang=lang))
