"""Module M4, learning from international cases: selection, lessons and a recommendation's rubric."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, cast

from ...analysis import compare
from ...core.errors import UserError
from ...inputs import assessments, load
from ...inputs.schemas import text_of
from ..display import Html, esc, table_html
from .checks import Exercise, _msg, answer_words, exercise, fold, is_answered, named_answer

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

    out: dict[int, float] = {}
    for p in load.load_country("RUS").programmes:
        for f in p.financing:
            if f.year_start is None or f.per != "year":
                continue
            if f.source == RUS_SUBSIDY_SOURCE and f.currency == "RUB" and f.amount:
                out[f.year_start] = f.amount / 1e9
    return out


# The words accepted (countries, lessons) and looked for (the recommendation's rubric) are in
# core/locales/<lang>/training_answers.yaml: country_*, lesson_*, rubric_*.
#: Exercise 4.1's answers: the more selective country, or neither.
COUNTRY_ANSWERS = ("rus", "kaz", "same")
#: Japan's three lessons (exercise 4.3).
LESSONS = ("decentralisation", "coordination", "internationalisation")


def _country(answer: Any) -> str:
    """'Russia', 'RUS', 'Россия', 'Российская Федерация' -> 'rus'; 'same', 'одинаково' -> 'same'."""
    from babel import Locale

    a = named_answer(fold(answer), "country", COUNTRY_ANSWERS)
    if a in COUNTRY_ANSWERS:
        return a
    cldr = {
        fold(Locale.parse(lang).territories[t2]): t3
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
    selected, applications = SELECTION_FACTS[country]
    return float(values[selected]), float(values[applications])


def _more_selective() -> str:
    (r_sel, r_app), (k_sel, k_app) = _selection_counts("RUS"), _selection_counts("KAZ")
    r, k = r_sel / r_app, k_sel / k_app
    return "rus" if r < k else ("kaz" if k < r else "same")


def _lesson(answer: Any) -> str:
    return named_answer(fold(answer), "lesson", LESSONS)


def _dimension_origin_lesson(dimension: str = "governance") -> str:
    """The Japanese lesson a benchmark dimension draws on, read from its ``origin`` in data/dimensions.yaml."""

    origin = text_of(assessments.load_dimensions([dimension])[0].origin).lower()
    for key in LESSONS:  # the dimension's origin is English: its lesson's English names, not "1" or "lesson 1"
        if any(n in origin for n in answer_words(f"lesson_{key}", "en") if n.isalpha()):
            return key
    raise UserError(f"the origin of dimension {dimension!r} names none of Japan's three lessons")


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
        words += [_stem(fold(n).split(" ")[0]) for n in names]
        words.append(d.id.replace("_", " ").split(" ")[0])
    return words


def _recommendation_rubric(text: str) -> list[str]:

    low = fold(text)
    words = len(re.findall(r"\w+", text))
    missing = []
    if words < 120:
        missing.append("too_short")
    if words > 500:
        missing.append("too_long")
    if not any(f in low for f in answer_words("rubric_focal")):
        missing.append("no_focal")
    if not any(p in low for p in answer_words("rubric_peers")):
        missing.append("no_peer")
    if not any(w in low for w in _dimension_words()):
        missing.append("no_dimension")
    if not any(w in low for w in answer_words("rubric_caveat")):
        missing.append("no_caveat")
    return missing


exercise(
    Exercise(
        "m4.e1",
        "choice",
        expected=_more_selective,
        normalise=_country,
        diagnose=lambda given, exp: "counts" if given in COUNTRY_ANSWERS else "not_an_option",
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
        diagnose=lambda given, exp: None if given in LESSONS else "not_an_option",
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

    return cast(str, mistune.html(text))  # the default renderer writes HTML text


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
