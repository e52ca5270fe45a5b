"""The course content of the training modules M1-M4: exercises with answer keys computed from the data.

Each exercise is registered with :func:`benchmark.sections.training.checks.exercise`; its expected
answer is computed from the shipped data (never typed in), so a change in the data changes the key.
The narrative (goals, cases, tasks, questions for the room) is in the markdown cells of the module
notebooks; what they show beside it comes from here: the figures the text refers to
(:func:`figures`), and blocks taken from the briefs' own sections (policy cards, timelines, tables).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from ...analysis import compare, scoring
from ...analysis import mapping as measures
from ...core.errors import UserError
from ...core.text import t
from ...inputs import assessments, employment, load, regional
from ...inputs import competition as competition_inputs
from ...inputs.schemas import text_of
from .. import country as country_brief
from ..citations import badge, fact_value
from ..competition import panel_of
from ..display import Html, esc, table_html
from .checks import Exercise, _msg, _set_diagnosis, exercise, fact_of, is_answered

# --- figures the module texts refer to -----------------------------------------------------------


def _source_text(source_id: str, known: dict) -> str:
    """A source as 'title (publisher, year)', or its bare id when data/sources has no such source."""
    s = known.get(source_id)
    if s is None:
        return esc(source_id)
    year = f", {s.year}" if s.year else ""
    return f"{esc(s.title)} ({esc(s.publisher)}{year})"


def figures(*fact_ids: str, lang: str = "en") -> Html:
    """A small table of the figures a module's text refers to: label, value, status and source of each.

    Each id names a fact of ``data/countries/<ISO3>.yaml`` (ISO3 = the id's prefix, uppercased:
    ``kaz_2017_valid_applications`` is in KAZ.yaml), so a corrected count in the data shows in the
    module without editing its text. An id the data does not have is shown as such in its row.
    """
    known = load.load_sources()
    header = [_msg(k, lang) for k in ("figure_label", "figure_value", "figure_status", "figure_source")]
    rows = []
    for fact_id in fact_ids:
        f = fact_of(fact_id)
        if f is None:
            country = fact_id.split("_", 1)[0].upper()
            rows.append([esc(fact_id), esc(_msg("figure_missing", lang, country=country)), "", ""])
            continue
        rows.append(
            [
                esc(text_of(f.label, lang)),
                esc(fact_value(f, lang)),
                badge(f.status, lang),
                _source_text(f.source, known),
            ]
        )
    return Html(
        table_html(header, rows, caption=esc(_msg("figures_caption", lang)), escape=False),
        classes=["cb-training", "cb-figures"],
    )


# --- M1: cluster economics ------------------------------------------------------------------------

#: Japan's METI Industrial Cluster Policy terms (meti_undated_industrial_cluster_policy, verified;
#: also the seed digest kidi_2017_news_digest_2).
JAPAN_TERMS = {"launch": (2001, 2005), "development": (2006, 2010), "autonomous_growth": (2011, 2020)}

# Answers that are words are accepted in English and in Russian (the language of the sibling modules in
# notebooks/training/ru/): each alias list below names the same answer in both. Kazakh modules fall back to
# English, and so do their answers.


def _fold(answer: Any) -> str:
    """An answer as compared: lower case, ё as е, quotes and a final full stop dropped, spaces collapsed."""
    a = str(answer).strip().lower().replace("ё", "е")
    a = a.strip("\"'«»„“”` ").rstrip(".!").strip()
    return re.sub(r"\s+", " ", a)


_TERM_ALIASES = {
    "launch": (
        "launch",
        "first",
        "1",
        "first term",
        "industrial cluster launch period",
        "term 1",
        "1st",
        # Russian: the names the Russian policy card and module use for the first term
        "запуск",
        "период запуска",
        "период запуска промышленных кластеров",
        "начальный период",
        "первый",
        "первый этап",
        "первый срок",
        "первый период",
    ),
    "development": (
        "development",
        "second",
        "2",
        "second term",
        "industrial cluster development period",
        "term 2",
        "2nd",
        "развитие",
        "период развития",
        "период развития промышленных кластеров",
        "второй",
        "второй этап",
        "второй срок",
        "второй период",
    ),
    "autonomous_growth": (
        "autonomous growth",
        "autonomous_growth",
        "autonomous",
        "third",
        "3",
        "third term",
        "industrial cluster autonomous growth period",
        "term 3",
        "3rd",
        "автономный рост",
        "период автономного роста",
        "период автономного роста промышленных кластеров",
        "самостоятельный рост",
        "третий",
        "третий этап",
        "третий срок",
        "третий период",
    ),
}


def _term(answer: Any) -> str:
    a = re.sub(r"\s+", " ", _fold(answer).replace("-", " "))
    for term, names in _TERM_ALIASES.items():
        if a in names:
            return term
    return a


#: Option letters typed on a Russian keyboard: look-alikes (а, в as B, с) and transliterations (б, д).
_CYRILLIC_OPTION = {"а": "a", "б": "b", "в": "b", "с": "c", "д": "d"}


def _letter(answer: Any) -> str:
    a = _fold(answer).strip("()").strip(".").strip(")")
    return _CYRILLIC_OPTION.get(a, a)


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
        diagnose=lambda given, exp: f"term_{given}" if given in _TERM_ALIASES else "not_an_option",
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


# --- M2: mapping clusters -------------------------------------------------------------------------


def _employment():

    return employment.load_employment(employment.DEFAULT_TABLE)


def _region_code(answer: Any) -> str:
    """'DE-BW', 'de-bw', 'Baden-Wuerttemberg', 'Baden-Württemberg', 'Баден-Вюртемберг' -> 'de-bw'."""

    def fold(x: Any) -> str:
        return _fold(x).replace("ü", "ue").replace("ä", "ae").replace("ö", "oe")

    emp = _employment()
    names = {fold(r): str(i).lower() for r, i in zip(emp["region"], emp["region_iso"])}
    for code, other in _subdivision_names(frozenset(emp["region_iso"])).items():
        names.update({fold(n): code for n in other})
    return names.get(fold(answer), fold(answer))


@functools.cache
def _subdivision_names(codes: frozenset[str]) -> dict[str, list[str]]:
    """Other names of ISO 3166-2 subdivisions, by lower-case code: their own (Bayern) and Russian (Бавария).

    From pycountry, so that a participant may answer with a Land's name in Russian.
    """
    import pycountry

    from ..mapping import region_names

    russian = region_names(codes, "ru")
    out: dict[str, list[str]] = {}
    for code in codes:
        sub = pycountry.subdivisions.get(code=str(code))
        out[str(code).lower()] = [n for n in (getattr(sub, "name", None), russian.get(code)) if n]
    return out


def _lq(region: str, sector: str, traded=None) -> float:

    return float(measures.location_quotients(_employment(), traded=traded).loc[(region, sector), "lq"])


def _lq_diagnosis(given: float, expected: float, region: str, sector: str) -> str | None:

    row = measures.location_quotients(_employment()).loc[(region, sector)]
    if expected and abs(given - 1 / expected) < 0.01:
        return "inverted"
    if abs(given - row["share_of_region"]) < 0.005 or abs(given - 100 * row["share_of_region"]) < 0.05:
        return "share_only"
    if abs(given - 100 * expected) < 1:
        return "percent"
    return None


def _most_specialised(sector: str) -> str:

    lq = measures.location_quotients(_employment())["lq"].xs(sector, level="sector")
    return str(lq.idxmax()).lower()


def _largest(sector: str) -> str:
    emp = _employment()
    sub = emp[emp["sector_code"] == sector].set_index("region_iso")["employment"]
    return str(sub.idxmax()).lower()


def _stars_of(region: str, sector: str) -> int:

    return int(measures.stars(_employment()).loc[(region, sector), "stars"])


def _stars_diagnosis(given: float, expected: int, region: str, sector: str) -> str | None:

    row = measures.stars(_employment()).loc[(region, sector)]
    if given > 3 or given < 0 or given != int(given):
        return "stars_range"
    lq_one_star = (row["lq"] >= 1) and not row["specialisation_star"]
    if given == expected + 1 and lq_one_star:
        return "lq_threshold"
    return None


def _small_regions() -> set[str]:

    s = measures.stars(_employment())
    return {str(r).lower() for r in s[s["small_region"]].index.get_level_values("region")}


def _traded_direction() -> str:

    base, traded = _lq("DE-BE", "J"), _lq("DE-BE", "J", traded=measures.TRADED_TEACHING_2015)
    return "higher" if traded > base + 0.005 else ("lower" if traded < base - 0.005 else "same")


_DIRECTIONS = {
    "higher": (
        "higher",
        "up",
        "rises",
        "rise",
        "increase",
        "increases",
        "выше",
        "больше",
        "растет",
        "вырастает",
        "увеличивается",
        "повышается",
    ),
    "lower": (
        "lower",
        "down",
        "falls",
        "fall",
        "decrease",
        "decreases",
        "ниже",
        "меньше",
        "падает",
        "снижается",
        "уменьшается",
        "понижается",
    ),
    "same": (
        "same",
        "unchanged",
        "equal",
        "так же",
        "такой же",
        "тот же",
        "одинаково",
        "одинаковый",
        "равный",
        "равен",
        "не меняется",
        "не изменяется",
        "без изменений",
    ),
}


def _direction(answer: Any) -> str:
    a = _fold(answer)
    return next((d for d, names in _DIRECTIONS.items() if a in names), a)


exercise(
    Exercise(
        "m2.e1",
        "number",
        expected=lambda: round(_lq("DE-BE", "J"), 2),
        tolerance=0.011,
        diagnose=lambda given, exp: _lq_diagnosis(given, exp, "DE-BE", "J"),
    )
)


def _region_codes() -> set[str]:
    return {str(i).lower() for i in _employment()["region_iso"]}


exercise(
    Exercise(
        "m2.e2",
        "choice",
        expected=lambda: _most_specialised("C"),
        normalise=_region_code,
        diagnose=lambda given, exp: (
            "largest" if given == _largest("C") else "not_an_option" if given not in _region_codes() else None
        ),
    )
)
exercise(
    Exercise(
        "m2.e3",
        "number",
        expected=lambda: _stars_of("DE-BW", "C"),
        diagnose=lambda given, exp: _stars_diagnosis(given, exp, "DE-BW", "C"),
    )
)
exercise(
    Exercise(
        "m2.e4",
        "choice",
        expected=_traded_direction,
        normalise=_direction,
        diagnose=lambda given, exp: None if given in ("higher", "lower", "same") else "not_an_option",
    )
)
exercise(
    Exercise(
        "m2.e5",
        "set",
        expected=_small_regions,
        normalise=_region_code,
        diagnose=lambda given, exp: _set_diagnosis(given, exp),
    )
)


#: Exercise 2.6: Karaganda region (a 2017 unit) in manufacturing, on value added in 2017.
M2_KAZ = ("KZ-KAR", "C", regional.BASE_YEAR)


def _kaz_spec(year: int):
    return measures.specialisation(regional.value_added(year))


def _kaz_lq_with_memo_rows(region: str, section: str, year: int) -> float:
    """The quotient with Shymkent and Turkistan (memo rows) wrongly added to Kazakhstan's totals."""
    table = regional.value_added_table()
    memo = table[(table["year"] == year) & (table["in_national_sum"] == "FALSE") & (table["row_type"] == "section")]
    row = _kaz_spec(year).loc[(region, section)]
    national = row["total"] + memo["value"].sum()
    national_s = row["sector_total"] + memo.loc[memo["activity_code"] == section, "value"].sum()
    return measures.location_quotient(row["value"], row["region_total"], national_s, national)


def _kaz_lq_diagnosis(given: float, expected: float) -> str | None:
    region, section, year = M2_KAZ
    row = _kaz_spec(year).loc[(region, section)]
    if expected and abs(given - 1 / expected) < 0.01:
        return "inverted"
    if abs(given - row["share_of_region"]) < 0.005 or abs(given - 100 * row["share_of_region"]) < 0.05:
        return "share_only"
    if abs(given - row["share_of_sector"]) < 0.005 or abs(given - 100 * row["share_of_sector"]) < 0.05:
        return "share_of_kazakhstan"
    if abs(given - 100 * expected) < 1:
        return "percent"
    if abs(given - _kaz_lq_with_memo_rows(region, section, year)) < 0.011:
        return "memo_rows"
    return None


exercise(
    Exercise(
        "m2.e6",
        "number",
        expected=lambda: round(float(_kaz_spec(M2_KAZ[2]).loc[M2_KAZ[:2], "lq"]), 2),
        tolerance=0.011,
        diagnose=_kaz_lq_diagnosis,
    )
)


# --- M3: screening cluster initiatives -----------------------------------------------------------


def _sheet_and_criteria():
    crit = competition_inputs.load_criteria()
    return competition_inputs.load_scoring_sheet(competition_inputs.EXAMPLE_SCORES), crit


def scores(weights: dict | None = None, method: str = "mean"):
    """The example applications' weighted scores (0-100) under the default criteria and ``weights``.

    ``method`` combines the experts' scores: ``"mean"`` or ``"median"``. A pandas Series by application.
    """
    sheet, crit = _sheet_and_criteria()
    return scoring.aggregate(panel_of(sheet, crit), competition_inputs.weights_of(crit, weights), method)


def selection(weights: dict | None = None, method: str = "mean", n: int = 6):
    """The best ``n`` example applications under ``weights``: ``.selected`` (certain) and ``.tied`` (at the cut-off)."""
    return scoring.select_top(scores(weights, method), n)


#: Cyrillic letters that look like Latin capitals (a Russian keyboard's А, В, С, ... for Application A, B, C).
_LOOKALIKES = str.maketrans("авекмнорстух", "abekmhopctyx")


def _application(answer: Any) -> str:
    """'Application P', 'application p', 'P', 'Заявка P' (also with a Cyrillic Р) -> 'p'."""
    a = _fold(answer)
    for word in ("application", "заявка"):
        if a.startswith(word):
            a = a[len(word) :].strip()
    return a.translate(_LOOKALIKES) if len(a) == 1 else a


def _best_application() -> str:

    return _application(scores().idxmax())


#: Weights for exercise 3.3: private-sector commitment no longer counts.
M3_WEIGHTS = {"private_commitment": 0}


def _new_sixth() -> str:
    base, new = selection(), selection(M3_WEIGHTS)
    entered = [a for a in new.selected if a not in base.selected]
    return _application(entered[0]) if len(entered) == 1 else ",".join(sorted(_application(a) for a in entered))


def _dropped_by_median() -> str:
    base, med = selection(), selection(method="median")
    out = [a for a in base.selected if a not in med.selected + med.tied]
    return ",".join(sorted(_application(a) for a in out))


def _was_tied(given: str) -> bool:
    return given in {_application(a) for a in selection().tied}


exercise(Exercise("m3.e1", "choice", expected=_best_application, normalise=_application))
exercise(
    Exercise(
        "m3.e2",
        "number",
        expected=lambda: len(selection().selected),
        diagnose=lambda given, exp: "counted_tied" if given == 6 else None,
    )
)
exercise(
    Exercise(
        "m3.e3",
        "choice",
        expected=_new_sixth,
        normalise=_application,
        diagnose=lambda given, exp: "was_tied" if _was_tied(given) else None,
    )
)
exercise(
    Exercise(
        "m3.e4",
        "choice",
        expected=_dropped_by_median,
        normalise=_application,
        diagnose=lambda given, exp: "was_tied" if _was_tied(given) else None,
    )
)


def _decimal(lang: str) -> dict:
    """Styler.format options that write decimals as ``lang`` does (1,5 in Russian); none for English."""
    from babel.numbers import get_decimal_symbol

    return {} if lang == "en" else {"decimal": get_decimal_symbol(lang)}


def criteria_overview(lang: str = "en"):
    """The default selection criteria with their weights (as shares) and scales, captioned as the default."""
    import pandas as pd

    crit = competition_inputs.load_criteria()
    w = competition_inputs.weights_of(crit)
    rows = [
        {
            _msg("criterion", lang): c.id,
            _msg("criterion_name", lang): text_of(c.name, lang),
            _msg("weight", lang): round(float(w[c.id]), 3),
            _msg("scale", lang): f"{c.scale.min:g}-{c.scale.max:g}",
        }
        for c in crit.criteria
    ]
    caption = _msg("m3_criteria_caption", lang) if crit.status == "default" else ""
    return pd.DataFrame(rows).style.set_caption(caption).format(precision=3, **_decimal(lang)).hide(axis="index")


def shortlist(weights: dict | None = None, method: str = "mean", n: int = 6, lang: str = "en"):
    """The example applications' weighted scores (0-100), ranks and shortlist status under ``weights``.

    A styled table captioned as illustrative (``.data`` is the DataFrame).
    """
    import pandas as pd

    sheet, _ = _sheet_and_criteria()
    weighted = scores(weights, method)
    sel = scoring.select_top(weighted, n)
    status = {a: _msg("status_selected", lang) for a in sel.selected}
    status.update({a: _msg("status_tied", lang) for a in sel.tied})
    out = pd.DataFrame({_msg("score", lang): weighted.round(2), _msg("rank", lang): scoring.rank(weighted)})
    out[_msg("shortlist", lang)] = [status.get(a, "") for a in out.index]
    out = out.sort_values(_msg("rank", lang), kind="stable")
    caption = t("competition.illustrative_label", lang) if sheet.illustrative else ""
    return out.style.set_caption(caption).format(precision=2, **_decimal(lang))


# --- M4: learning from international cases -------------------------------------------------------

#: The selections compared in exercise 4.1: (pilots selected, applications), as fact ids of the country files
#: (Russia 2012: about 94 applications, 25 pilots; Kazakhstan 2017: at least 6 pilots, 18 valid applications).
SELECTION_FACTS = {
    "RUS": ("rus_2012_pilot_clusters_selected", "rus_2012_applications"),
    "KAZ": ("kaz_2017_pilot_clusters_target", "kaz_2017_valid_applications"),
}
#: Russia's federal subsidies to innovative clusters, bn RUB: 2013 1.3, 2014 2.5 (hse_issek_2014_news_137815841).
#: The source M4's subsidy exercise uses for Russia's federal cluster subsidies (the 2013 figure is in
#: conflict with a second source, 1.25 bn; the module text says so).
RUS_SUBSIDY_SOURCE = "hse_issek_2014_news_137815841"


def rus_subsidies() -> dict[int, float]:
    """Russia's yearly federal subsidies to the pilot innovative clusters, bn roubles, from RUS.yaml."""

    out = {}
    for p in load.load_country("RUS").programmes:
        for f in p.financing:
            if f.source == RUS_SUBSIDY_SOURCE and f.per == "year" and f.currency == "RUB" and f.amount:
                out[f.year_start] = f.amount / 1e9
    return out


_COUNTRY_ALIASES = {
    "rus": "rus",
    "russia": "rus",
    "russian federation": "rus",
    "kaz": "kaz",
    "kazakhstan": "kaz",
    "same": "same",
    "equal": "same",
    # Russian: CLDR's names (Россия, Казахстан) are added from babel in _country; these are the other usual ones
    "российская федерация": "rus",
    "рф": "rus",
    "республика казахстан": "kaz",
    "рк": "kaz",
    "одинаково": "same",
    "одинаковая": "same",
    "одинаковы": "same",
    "так же": "same",
    "равно": "same",
    "поровну": "same",
}
_LESSONS = {
    "decentralisation": ("decentralisation", "decentralization", "1", "lesson 1", "децентрализация", "урок 1"),
    "coordination": ("coordination", "2", "lesson 2", "координация", "урок 2"),
    "internationalisation": (
        "internationalisation",
        "internationalization",
        "3",
        "lesson 3",
        "интернационализация",
        "урок 3",
    ),
}


def _country(answer: Any) -> str:
    """'Russia', 'RUS', 'Россия', 'Российская Федерация' -> 'rus'; 'same', 'одинаково' -> 'same'."""
    from babel import Locale

    a = _fold(answer)
    if a in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[a]
    cldr = {
        _fold(Locale.parse(lang).territories[t2]): t3
        for lang in ("en", "ru")
        for t2, t3 in (("RU", "rus"), ("KZ", "kaz"))
    }
    return cldr.get(a, a)


def _selection_counts(country: str) -> tuple[float, float]:
    """(pilots selected, applications) of a country's selection, read from data/countries/<country>.yaml."""

    values = {i: f.value for i, f in load.facts_by_id([country]).items()}
    missing = [fid for fid in SELECTION_FACTS[country] if not isinstance(values.get(fid), (int, float))]
    if missing:
        raise UserError(f"data/countries/{country}.yaml has no numeric fact {', '.join(missing)}")
    return tuple(float(values[fid]) for fid in SELECTION_FACTS[country])


def _more_selective() -> str:
    (r_sel, r_app), (k_sel, k_app) = _selection_counts("RUS"), _selection_counts("KAZ")
    r, k = r_sel / r_app, k_sel / k_app
    return "rus" if r < k else ("kaz" if k < r else "same")


def _lesson(answer: Any) -> str:
    a = _fold(answer)
    return next((k for k, names in _LESSONS.items() if a in names), a)


def _dimension_origin_lesson(dimension: str = "governance") -> str:
    """The Japanese lesson a benchmark dimension draws on, read from its ``origin`` in data/dimensions.yaml."""

    origin = text_of(assessments.load_dimensions([dimension])[0].origin).lower()
    for key, names in _LESSONS.items():
        if any(n in origin for n in names[:2]):
            return key
    raise UserError(f"the origin of dimension {dimension!r} names none of Japan's three lessons")


# The rubric of the written recommendation (exercise 4.4) reads English and Russian: Russian words as stems,
# since a Russian text declines them (Японии, Россией, Казахстана).
_FOCAL = ("kazakhstan", "казахстан")
_PEERS = (
    "japan",
    "russia",
    "germany",
    "france",
    "spain",
    "basque",
    "korea",
    "япони",
    "росси",
    "германи",
    "франци",
    "испани",
    "баск",
    "корея",
    "кореи",
    "корею",
    "кореей",
)
_CAVEAT_WORDS = (
    "evidence",
    "not known",
    "unknown",
    "open question",
    "uncertain",
    "judgement",
    "judgment",
    "assessment",
    "source",
    "not public",
    "caveat",
    "risk",
    "limit",
    "подтвержд",
    "доказательств",
    "неизвестн",
    "не известн",
    "открытый вопрос",
    "открытые вопросы",
    "открытым вопросом",
    "неопредел",
    "суждени",
    "экспертн",
    "оценк",
    "источник",
    "не опубликован",
    "непубличн",
    "оговорк",
    "риск",
    "огранич",
)


def _stem(word: str) -> str:
    """A Russian word without its final vowel (управление -> управлени), so that its cases match; others as they are."""
    if len(word) > 4 and re.search("[а-я]", word) and word[-1] in "аяеиоыьйую":
        return word[:-1]
    return word


def _dimension_words() -> list[str]:
    """The first word of each benchmark dimension's name, in every language the data has it, and its id."""
    words = []
    for d in assessments.load_dimensions():
        names = [d.name] if isinstance(d.name, str) else list(d.name.values())
        words += [_stem(_fold(n).split(" ")[0]) for n in names]
        words.append(d.id.replace("_", " ").split(" ")[0])
    return words


def _recommendation_rubric(text: str) -> list[str]:

    low = _fold(text)
    words = len(re.findall(r"\w+", text))
    missing = []
    if words < 120:
        missing.append("too_short")
    if words > 500:
        missing.append("too_long")
    if not any(f in low for f in _FOCAL):
        missing.append("no_focal")
    if not any(p in low for p in _PEERS):
        missing.append("no_peer")
    if not any(w in low for w in _dimension_words()):
        missing.append("no_dimension")
    if not any(w in low for w in _CAVEAT_WORDS):
        missing.append("no_caveat")
    return missing


exercise(
    Exercise(
        "m4.e1",
        "choice",
        expected=_more_selective,
        normalise=_country,
        diagnose=lambda given, exp: "counts" if given in ("rus", "kaz", "same") else "not_an_option",
    )
)
exercise(
    Exercise(
        "m4.e2",
        "number",
        expected=lambda: round(rus_subsidies()[2014] / rus_subsidies()[2013], 2),
        tolerance=0.011,
        diagnose=lambda given, exp: (
            "difference"
            if abs(given - (rus_subsidies()[2014] - rus_subsidies()[2013])) < 0.011
            else "inverted"
            if abs(given - 1 / exp) < 0.011
            else "percent"
            if abs(given - 100 * exp) < 1.5 or abs(given - 100 * (exp - 1)) < 1.5
            else None
        ),
    )
)
exercise(
    Exercise(
        "m4.e3",
        "choice",
        expected=_dimension_origin_lesson,
        normalise=_lesson,
        diagnose=lambda given, exp: None if given in _LESSONS else "not_an_option",
    )
)
exercise(Exercise("m4.e4", "text", expected=lambda: None, rubric=_recommendation_rubric))


def dimensions_table(lang: str = "en"):
    """The benchmark dimensions: what each asks and what its low and high ends look like.

    A styled table without the row numbers; texts are shown whole (a plain DataFrame cuts them at 50 characters).
    """
    import pandas as pd

    frame = pd.DataFrame(
        [
            {
                _msg("dimension", lang): text_of(d.name, lang),
                _msg("question", lang): text_of(d.question, lang),
                _msg("low_end", lang): text_of(d.low, lang),
                _msg("high_end", lang): text_of(d.high, lang),
            }
            for d in assessments.load_dimensions()
        ]
    )
    return frame.style.hide(axis="index")


def comparison(countries: Iterable[str] = ("KAZ", "JPN", "RUS"), lang: str = "en") -> Html:
    """Analyst scores (0-4) of the countries' programmes on the benchmark dimensions, when assessments exist.

    One row per dimension and one narrow column per programme ("KAZ 1"), its title in a key below the table,
    so that the table fits the page whatever the language of the dimensions' names.
    """

    if not assessments.assessments_path().exists():
        return Html(f"<p>{esc(_msg('no_assessments', lang))}</p>", classes=["cb-training", "cb-note"])
    dims = assessments.load_dimensions()
    progs, short, titles = [], {}, {}
    for c in countries:
        if c not in load.known_countries():
            continue
        for n, p in enumerate(load.load_country(c).programmes, 1):
            progs.append(p.id)
            short[p.id], titles[p.id] = f"{c} {n}", text_of(p.title, lang)
    frame = compare.matrix_frame(compare.score_matrix(assessments.load_assessments(), progs, [d.id for d in dims]))
    header = [_msg("dimension", lang), *[short[p] for p in frame.index]]
    rows = [
        [text_of(d.name, lang), *["–" if v != v else str(int(v)) for v in frame[d.id]]]
        for d in dims
        if d.id in frame.columns
    ]
    key = "".join(f"<li><b>{esc(short[p])}</b> — {esc(titles[p])}</li>" for p in frame.index)
    note = f'<p class="cb-note">{esc(_msg("assessment_note", lang))}</p>'
    return Html(
        table_html(header, rows, caption=esc(_msg("comparison_caption", lang)))
        + f'<ul class="cb-programmes">{key}</ul>'
        + note,
        classes=["cb-training"],
    )


def _markdown(text: str) -> str:
    import mistune

    return mistune.html(text)


def recommendation_page(text: Any, lang: str = "en") -> Html:
    """Your recommendation laid out as a one-page note (or a reminder when it is not written yet)."""
    if not is_answered(text) or not isinstance(text, str) or not text.strip():
        return Html(f"<p>{esc(_msg('recommendation_missing', lang))}</p>", classes=["cb-training", "cb-note"])
    words = len(re.findall(r"\w+", text))
    return Html(
        f"<h2>{esc(_msg('recommendation_heading', lang))}</h2>"
        + _markdown(esc(text))
        + f'<p class="cb-note">{esc(_msg("recommendation_words", lang, words=words))}</p>',
        classes=["cb-training", "cb-recommendation"],
    )
