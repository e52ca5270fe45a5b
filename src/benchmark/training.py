"""Training modules: texts, exercises with feedback that never gives the answer away, and the editions.

A module notebook (``notebooks/training/*.ipynb``) shows texts with :func:`goals`, :func:`case`,
:func:`task` and :func:`discussion` (all from ``locales/<lang>/training.yaml``) and, per exercise,
a *solution* cell (tag ``solution``) that assigns the answer variable, followed by a check cell
``training.check("m2.e1", e2_1)``. :func:`export` writes the two editions:

* **trainer**: the notebooks as they are, with the stored outputs of the cells nbval compares
  (tag ``nbval-check-output``), plus executed HTML handouts;
* **participant**: every ``solution`` cell replaced by an answer cell that assigns
  :data:`NOT_ANSWERED` under a prompt, every ``trainer`` cell (notes for the room) removed, all
  outputs cleared, plus handouts executed unanswered.
"""

from __future__ import annotations

import ast
import copy
import datetime as dt
import math
import numbers
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import paths
from .display import Html, esc
from .errors import UserError
from .text import t

TRAINING_DIR = paths.NOTEBOOKS / "training"

#: The modules in course order (notebook file stems).
MODULES = ("m1_cluster_economics", "m2_mapping_clusters", "m3_screening_initiatives", "m4_international_cases")

SOLUTION_TAG = "solution"
TRAINER_TAG = "trainer"
ANSWER_TAG = "answer"
CHECKED_TAG = "nbval-check-output"
EDITIONS = ("participant", "trainer")


# --- the answer sentinel --------------------------------------------------------------------------


class _NotAnswered:
    """The value of an answer variable before the participant writes an answer."""

    _cb_not_answered = True

    def __repr__(self) -> str:
        return "NOT_ANSWERED"

    def __bool__(self) -> bool:
        return False


#: Assign this to an answer variable to mean "not answered yet"; :func:`check` then says so.
NOT_ANSWERED = _NotAnswered()


def is_answered(answer: Any) -> bool:
    """False for :data:`NOT_ANSWERED` (also after the module was reloaded in a kernel)."""
    return not getattr(answer, "_cb_not_answered", False)


# --- feedback -------------------------------------------------------------------------------------


@dataclass
class Feedback:
    """The result of checking one answer: shown in the notebook as a coloured box."""

    exercise: str
    status: str  # right | wrong | not_answered | invalid
    message: str
    lang: str = "en"

    @property
    def right(self) -> bool:
        """True when the answer is right."""
        return self.status == "right"

    def __bool__(self) -> bool:
        return self.right

    def _label(self) -> str:
        return t(f"training.status_{self.status}", self.lang)

    def __repr__(self) -> str:
        return f"{self._label()} ({self.exercise}): {self.message}"

    def _repr_html_(self) -> str:
        return (f'<div class="cb-feedback cb-{self.status}" role="status">'
                f"<strong>{esc(self._label())}</strong> <span>{esc(self.message)}</span></div>")


def _msg(key: str, lang: str, **fmt) -> str:
    text = t(f"training.{key}", lang, **fmt)
    return _FACT_TOKEN.sub(lambda m: _fact_text(m.group(1), lang), text) if "{fact:" in text else text


#: ``{fact:kaz_2017_valid_applications}`` in a text (without other placeholders) is replaced by that fact's
#: value as the briefs print it (its ``display`` text, else the number), read from ``data/countries/<ISO3>.yaml`` (ISO3 = the id's prefix).
_FACT_TOKEN = re.compile(r"\{fact:([a-z0-9_]+)\}")


def _fact_text(fact_id: str, lang: str) -> str:
    from .brief import fact_value
    from .load import facts_by_id, known_countries

    country = fact_id.split("_", 1)[0].upper()
    if country in known_countries():
        f = facts_by_id([country]).get(fact_id)
        if f is not None:
            return fact_value(f.model_copy(update={"unit": None}), lang)  # the sentence names the unit
    return f"[{fact_id}: not in data/countries/{country}.yaml]"


def _has_msg(key: str, lang: str = "en") -> bool:
    try:
        t(f"training.{key}", lang)
        return True
    except KeyError:
        return False


# --- exercises ------------------------------------------------------------------------------------


@dataclass
class Exercise:
    """One exercise: how to get the expected answer, how to compare, what to say.

    Texts come from ``locales/<lang>/training.yaml``: ``<key>_task`` (the question), ``<key>_right``
    (why the answer is right), ``<key>_hint`` (the general hint after a wrong answer) and optional
    ``<key>_<diagnosis>`` messages for recognised mistakes. ``<key>`` is the id with ``.`` -> ``_``.
    """

    id: str
    kind: str  # number | choice | set | text
    expected: Callable[[], Any]
    tolerance: float = 0.0
    normalise: Callable[[Any], Any] | None = None
    diagnose: Callable[[Any, Any], str | None] | None = None
    rubric: Callable[[str], list[str]] | None = None  # text answers: keys of the missing items

    @property
    def key(self) -> str:
        """The id as used in locale keys."""
        return self.id.replace(".", "_")

    def check(self, answer: Any, lang: str = "en") -> Feedback:
        """Right or wrong and why, without revealing the expected answer."""
        fb = lambda status, message: Feedback(self.id, status, message, lang)  # noqa: E731
        if not is_answered(answer):
            return fb("not_answered", _msg("not_answered", lang))
        if answer is None:
            return fb("invalid", _msg("invalid_none", lang))
        try:
            given = self._coerce(answer, lang)
        except _Invalid as exc:
            return fb("invalid", str(exc))
        if self.kind == "text":
            missing = self.rubric(given) if self.rubric else []
            if missing:
                items = "; ".join(_msg(f"{self.key}_{m}", lang) for m in missing)
                return fb("wrong", _msg("text_missing", lang, items=items))
            return fb("right", _msg(f"{self.key}_right", lang))
        try:
            expected = self.expected()
        except UserError as exc:  # the data the exercise needs is missing or broken: say so, don't crash
            return fb("invalid", _msg("no_data", lang, problem=str(exc)))
        if self._equal(given, expected):
            return fb("right", _msg(f"{self.key}_right", lang))
        diagnose = self.diagnose or (_set_diagnosis if self.kind == "set" else None)
        diagnosis = diagnose(given, expected) if diagnose else None
        if diagnosis and _has_msg(f"{self.key}_{diagnosis}", lang):
            return fb("wrong", _msg(f"{self.key}_{diagnosis}", lang))
        if diagnosis and _has_msg(diagnosis, lang):
            return fb("wrong", _msg(diagnosis, lang))
        return fb("wrong", _msg(f"{self.key}_hint", lang))

    def _coerce(self, answer: Any, lang: str) -> Any:
        if hasattr(answer, "shape") and hasattr(answer, "iloc"):  # a pandas Series or DataFrame
            raise _Invalid(_msg("invalid_table", lang))
        if self.kind == "number":
            if isinstance(answer, bool) or not isinstance(answer, (numbers.Number, str)):
                raise _Invalid(_msg("invalid_number", lang, got=type(answer).__name__))
            try:
                value = float(str(answer).replace(",", ".").strip()) if isinstance(answer, str) else float(answer)
            except ValueError:
                raise _Invalid(_msg("invalid_number", lang, got=repr(answer)[:40])) from None
            if math.isnan(value):
                raise _Invalid(_msg("invalid_nan", lang))
            return value
        if self.kind == "choice":
            if not isinstance(answer, (str, numbers.Number)) or isinstance(answer, bool):
                raise _Invalid(_msg("invalid_choice", lang, got=type(answer).__name__))
            return self.normalise(answer) if self.normalise else str(answer).strip().lower()
        if self.kind == "set":
            if isinstance(answer, str):
                items = [a for a in re.split(r"[,;]", answer) if a.strip()]
            elif isinstance(answer, Iterable):
                items = list(answer)
            else:
                raise _Invalid(_msg("invalid_set", lang, got=type(answer).__name__))
            norm = self.normalise or (lambda a: str(a).strip().lower())
            return frozenset(norm(a) for a in items)
        if self.kind == "text":
            if not isinstance(answer, str):
                raise _Invalid(_msg("invalid_text", lang, got=type(answer).__name__))
            return answer
        raise ValueError(f"unknown exercise kind {self.kind!r}")

    def _equal(self, given: Any, expected: Any) -> bool:
        if self.kind == "number":
            return abs(given - float(expected)) <= self.tolerance + 1e-12
        if self.kind == "set":
            return given == frozenset(expected)
        return given == expected


class _Invalid(Exception):
    """An answer of the wrong type (the message says what was expected)."""


_EXERCISES: dict[str, Exercise] = {}


def exercise(ex: Exercise) -> Exercise:
    """Register an exercise (ids are unique)."""
    if ex.id in _EXERCISES:
        raise ValueError(f"duplicate exercise id {ex.id!r}")
    _EXERCISES[ex.id] = ex
    return ex


def exercises(module: str | None = None) -> list[Exercise]:
    """The registered exercises (of one module: ``"m2"``)."""
    return [e for e in _EXERCISES.values() if module is None or e.id.split(".")[0] == module]


def check(exercise_id: str, answer: Any, lang: str = "en") -> Feedback:
    """Check an answer to an exercise; the feedback says right or wrong and why, never the answer."""
    try:
        ex = _EXERCISES[exercise_id]
    except KeyError:
        raise UserError(f"no exercise {exercise_id!r}; known: {', '.join(_EXERCISES)}") from None
    return ex.check(answer, lang)


# --- texts ----------------------------------------------------------------------------------------


def _markdown(text: str) -> str:
    import mistune

    return mistune.html(text)


def _sources_line(ids: Iterable[str], lang: str) -> str:
    from .load import load_sources

    known = load_sources()
    parts = []
    for sid in ids:
        s = known.get(sid)
        if s is None:
            parts.append(esc(sid))
            continue
        year = f", {s.year}" if s.year else ""
        parts.append(f"{esc(s.title)} ({esc(s.publisher)}{year})")
    return f'<p class="cb-sources"><strong>{esc(_msg("sources", lang))}</strong> ' + "; ".join(parts) + "</p>"


def module_sources(module: str) -> list[str]:
    """Source ids a module's case text cites (from its ``<module>_sources`` entry)."""
    raw = t(f"training.{module}_sources") if _has_msg(f"{module}_sources") else ""
    return [s.strip() for s in raw.split(",") if s.strip()]


def goals(module: str, lang: str = "en") -> Html:
    """The module's learning goals and timing."""
    body = (f"<h2>{esc(_msg('goals_heading', lang))}</h2>" + _markdown(_msg(f"{module}_goals", lang))
            + f'<p class="cb-timing">{esc(_msg(f"{module}_timing", lang))}</p>')
    return Html(body, classes=["cb-training"])


def case(module: str, lang: str = "en") -> Html:
    """The module's short case text, with its sources."""
    body = (f"<h2>{esc(_msg(f'{module}_case_title', lang))}</h2>" + _markdown(_msg(f"{module}_case", lang))
            + _sources_line(module_sources(module), lang))
    return Html(body, classes=["cb-training", "cb-case"])


def task(exercise_id: str, lang: str = "en") -> Html:
    """The question of one exercise, with how to answer it."""
    if exercise_id not in _EXERCISES:
        raise UserError(f"no exercise {exercise_id!r}")
    key = exercise_id.replace(".", "_")
    number = exercise_id.split(".")[0][1:] + "." + exercise_id.split(".")[1][1:]
    body = (f"<h3>{esc(_msg('exercise_heading', lang, number=number))}</h3>"
            + _markdown(_msg(f"{key}_task", lang)))
    return Html(body, classes=["cb-training", "cb-task"])


def discussion(module: str, lang: str = "en") -> Html:
    """Questions for the room at the end of a module."""
    body = f"<h2>{esc(_msg('discussion_heading', lang))}</h2>" + _markdown(_msg(f"{module}_discussion", lang))
    return Html(body, classes=["cb-training", "cb-discussion"])


def section(key: str, lang: str = "en") -> Html:
    """A short text block between exercises (``<module>_<name>`` in the locale file)."""
    return Html(_markdown(_msg(key, lang)), classes=["cb-training"])


# --- M1: cluster economics ------------------------------------------------------------------------

#: Japan's METI Industrial Cluster Policy terms (meti_undated_industrial_cluster_policy, verified;
#: also the seed digest kidi_2017_news_digest_2).
JAPAN_TERMS = {"launch": (2001, 2005), "development": (2006, 2010), "autonomous_growth": (2011, 2020)}

_TERM_ALIASES = {
    "launch": ("launch", "first", "1", "first term", "industrial cluster launch period", "term 1", "1st"),
    "development": ("development", "second", "2", "second term", "industrial cluster development period",
                    "term 2", "2nd"),
    "autonomous_growth": ("autonomous growth", "autonomous_growth", "autonomous", "third", "3", "third term",
                          "industrial cluster autonomous growth period", "term 3", "3rd"),
}


def _term(answer: Any) -> str:
    a = re.sub(r"\s+", " ", str(answer).strip().lower().replace("-", " "))
    for term, names in _TERM_ALIASES.items():
        if a in names:
            return term
    return a


def _letter(answer: Any) -> str:
    return str(answer).strip().lower().strip("()").strip(".")


exercise(Exercise(
    "m1.e1", "choice", expected=lambda: "b", normalise=_letter,
    diagnose=lambda given, exp: f"option_{given}" if given in ("a", "c", "d") else "not_an_option",
))
exercise(Exercise(
    "m1.e2", "number", expected=lambda: _meti_launch_year(),
    diagnose=lambda given, exp: "mext" if given == 2002 else ("call" if given in (2016, 2017) else None),
))
exercise(Exercise(
    "m1.e3", "number", expected=lambda: JAPAN_TERMS["autonomous_growth"][1] - JAPAN_TERMS["autonomous_growth"][0] + 1,
    diagnose=lambda given, exp: "fencepost" if given == exp - 1 else None,
))
exercise(Exercise(
    "m1.e4", "choice", expected=lambda: "launch", normalise=_term,
    diagnose=lambda given, exp: f"term_{given}" if given in _TERM_ALIASES else "not_an_option",
))


def _meti_launch_year() -> int:
    """Launch year of Japan's METI programme, from the policy card (data/countries/JPN.yaml)."""
    from .load import load_country

    for p in load_country("JPN").programmes:
        who = " ".join(str(a) for a in p.managing_authorities)
        if "METI" in who or "Economy, Trade" in who:
            return p.start_year
    raise UserError("data/countries/JPN.yaml has no METI programme")


def timeline(countries: Iterable[str] = ("JPN", "KAZ"), lang: str = "en") -> Html:
    """Programme timelines of several countries, one below the other (from their policy cards)."""
    from . import brief
    from .load import known_countries

    parts = []
    for c in countries:
        if c not in known_countries():
            parts.append(f"<p>{esc(_msg('no_country_data', lang, country=c))}</p>")
            continue
        parts.append(brief.timeline(c, lang=lang)._repr_html_())
    return Html("".join(parts), classes=["cb-training"])


def policy_card(country: str, lang: str = "en") -> Html:
    """The 'policy at a glance' cards of a country (the briefs' own section), or a note if it has no data."""
    from . import brief
    from .load import known_countries

    if country not in known_countries():
        return Html(f"<p>{esc(_msg('no_country_data', lang, country=country))}</p>", classes=["cb-training"])
    return brief.at_a_glance(country, lang=lang)


# --- M2: mapping clusters -------------------------------------------------------------------------


def _employment():
    from . import mapping

    return mapping.load_employment(mapping.DEFAULT_TABLE)


def _region_code(answer: Any) -> str:
    """'DE-BW', 'de-bw', 'Baden-Wuerttemberg', 'Baden-Württemberg' -> 'de-bw'."""
    def fold(x: Any) -> str:
        return str(x).strip().lower().replace("ü", "ue").replace("ä", "ae").replace("ö", "oe")

    emp = _employment()
    names = {fold(r): str(i).lower() for r, i in zip(emp["region"], emp["region_iso"])}
    return names.get(fold(answer), fold(answer))


def _lq(region: str, sector: str, traded=None) -> float:
    from . import mapping

    return float(mapping.location_quotients(_employment(), traded=traded).loc[(region, sector), "lq"])


def _lq_diagnosis(given: float, expected: float, region: str, sector: str) -> str | None:
    from . import mapping

    row = mapping.location_quotients(_employment()).loc[(region, sector)]
    if expected and abs(given - 1 / expected) < 0.01:
        return "inverted"
    if abs(given - row["share_of_region"]) < 0.005 or abs(given - 100 * row["share_of_region"]) < 0.05:
        return "share_only"
    if abs(given - 100 * expected) < 1:
        return "percent"
    return None


def _most_specialised(sector: str) -> str:
    from . import mapping

    lq = mapping.location_quotients(_employment())["lq"].xs(sector, level="sector")
    return str(lq.idxmax()).lower()


def _largest(sector: str) -> str:
    emp = _employment()
    sub = emp[emp["sector_code"] == sector].set_index("region_iso")["employment"]
    return str(sub.idxmax()).lower()


def _stars_of(region: str, sector: str) -> int:
    from . import mapping

    return int(mapping.stars(_employment()).loc[(region, sector), "stars"])


def _stars_diagnosis(given: float, expected: int, region: str, sector: str) -> str | None:
    from . import mapping

    row = mapping.stars(_employment()).loc[(region, sector)]
    if given > 3 or given < 0 or given != int(given):
        return "stars_range"
    lq_one_star = (row["lq"] >= 1) and not row["specialisation_star"]
    if given == expected + 1 and lq_one_star:
        return "lq_threshold"
    return None


def _small_regions() -> set[str]:
    from . import mapping

    s = mapping.stars(_employment())
    return {str(r).lower() for r in s[s["small_region"]].index.get_level_values("region")}


def _set_diagnosis(given: frozenset, expected: Iterable) -> str:
    expected = set(expected)
    if not given:
        return "set_empty"
    if given - expected and expected - given:
        return "set_both"
    if given - expected:
        return "set_extra"
    return "set_missing"


def _traded_direction() -> str:
    from . import mapping

    base, traded = _lq("DE-BE", "J"), _lq("DE-BE", "J", traded=mapping.TRADED_TEACHING_2015)
    return "higher" if traded > base + 0.005 else ("lower" if traded < base - 0.005 else "same")


def _direction(answer: Any) -> str:
    a = str(answer).strip().lower()
    return {"up": "higher", "rises": "higher", "rise": "higher", "increase": "higher", "increases": "higher",
            "down": "lower", "falls": "lower", "fall": "lower", "decrease": "lower", "decreases": "lower",
            "unchanged": "same", "equal": "same"}.get(a, a)


exercise(Exercise(
    "m2.e1", "number", expected=lambda: round(_lq("DE-BE", "J"), 2), tolerance=0.011,
    diagnose=lambda given, exp: _lq_diagnosis(given, exp, "DE-BE", "J"),
))
exercise(Exercise(
    "m2.e2", "choice", expected=lambda: _most_specialised("C"), normalise=_region_code,
    diagnose=lambda given, exp: "largest" if given == _largest("C") else None,
))
exercise(Exercise(
    "m2.e3", "number", expected=lambda: _stars_of("DE-BW", "C"),
    diagnose=lambda given, exp: _stars_diagnosis(given, exp, "DE-BW", "C"),
))
exercise(Exercise(
    "m2.e4", "choice", expected=_traded_direction, normalise=_direction,
    diagnose=lambda given, exp: None if given in ("higher", "lower", "same") else "not_an_option",
))
exercise(Exercise(
    "m2.e5", "set", expected=_small_regions, normalise=_region_code,
    diagnose=lambda given, exp: _set_diagnosis(given, exp),
))


# --- M3: screening cluster initiatives -----------------------------------------------------------


def _sheet_and_criteria():
    from . import competition

    return competition.load_scoring_sheet(competition.EXAMPLE_SCORES), competition.load_criteria()


def _selection(weights: dict | None = None, method: str = "mean"):
    from . import competition

    sheet, crit = _sheet_and_criteria()
    return competition.select_top(competition.aggregate(sheet, crit, weights, method), 6)


def _application(answer: Any) -> str:
    """'Application P', 'application p', 'P' -> 'p'."""
    a = str(answer).strip().lower()
    return a[len("application"):].strip() if a.startswith("application") else a


def _best_application() -> str:
    from . import competition

    sheet, crit = _sheet_and_criteria()
    return _application(competition.aggregate(sheet, crit).idxmax())


#: Weights for exercise 3.3: private-sector commitment no longer counts.
M3_WEIGHTS = {"private_commitment": 0}


def _new_sixth() -> str:
    base, new = _selection(), _selection(M3_WEIGHTS)
    entered = [a for a in new.selected if a not in base.selected]
    return _application(entered[0]) if len(entered) == 1 else ",".join(sorted(_application(a) for a in entered))


def _dropped_by_median() -> str:
    base, med = _selection(), _selection(method="median")
    out = [a for a in base.selected if a not in med.selected + med.tied]
    return ",".join(sorted(_application(a) for a in out))


def _was_tied(given: str) -> bool:
    return given in {_application(a) for a in _selection().tied}


exercise(Exercise("m3.e1", "choice", expected=_best_application, normalise=_application))
exercise(Exercise(
    "m3.e2", "number", expected=lambda: len(_selection().selected),
    diagnose=lambda given, exp: "counted_tied" if given == 6 else None,
))
exercise(Exercise(
    "m3.e3", "choice", expected=_new_sixth, normalise=_application,
    diagnose=lambda given, exp: "was_tied" if _was_tied(given) else None,
))
exercise(Exercise(
    "m3.e4", "choice", expected=_dropped_by_median, normalise=_application,
    diagnose=lambda given, exp: "was_tied" if _was_tied(given) else None,
))


def criteria_overview(lang: str = "en"):
    """The default selection criteria with their weights (as shares) and scales, captioned as the default."""
    import pandas as pd

    from . import competition
    from .schemas import text_of

    crit = competition.load_criteria()
    w = competition.weights_of(crit)
    rows = [{_msg("criterion", lang): c.id, _msg("criterion_name", lang): text_of(c.name, lang),
             _msg("weight", lang): round(float(w[c.id]), 3), _msg("scale", lang): f"{c.scale.min:g}-{c.scale.max:g}"}
            for c in crit.criteria]
    caption = _msg("m3_criteria_caption", lang) if crit.status == "default" else ""
    return pd.DataFrame(rows).style.set_caption(caption).format(precision=3).hide(axis="index")


def shortlist(weights: dict | None = None, method: str = "mean", n: int = 6, lang: str = "en"):
    """The example applications' weighted scores (0-100), ranks and shortlist status under ``weights``.

    A styled table captioned as illustrative (``.data`` is the DataFrame).
    """
    import pandas as pd

    from . import competition

    sheet, crit = _sheet_and_criteria()
    scores = competition.aggregate(sheet, crit, weights, method)
    sel = competition.select_top(scores, n)
    status = {a: _msg("status_selected", lang) for a in sel.selected}
    status.update({a: _msg("status_tied", lang) for a in sel.tied})
    out = pd.DataFrame({_msg("score", lang): scores.round(2), _msg("rank", lang): competition.rank(scores)})
    out[_msg("shortlist", lang)] = [status.get(a, "") for a in out.index]
    out = out.sort_values(_msg("rank", lang), kind="stable")
    caption = t("competition.illustrative_label", lang) if sheet.illustrative else ""
    return out.style.set_caption(caption).format(precision=2)


# --- M4: learning from international cases -------------------------------------------------------

#: The selections compared in exercise 4.1: (pilots selected, applications), as fact ids of the country files
#: (Russia 2012: about 94 applications, 25 pilots; Kazakhstan 2017: at least 6 pilots, 18 valid applications).
SELECTION_FACTS = {"RUS": ("rus_2012_pilot_clusters_selected", "rus_2012_applications"),
                   "KAZ": ("kaz_2017_pilot_clusters_target", "kaz_2017_valid_applications")}
#: Russia's federal subsidies to innovative clusters, bn RUB: 2013 1.3, 2014 2.5 (hse_issek_2014_news_137815841).
#: The source M4's subsidy exercise uses for Russia's federal cluster subsidies (the 2013 figure is in
#: conflict with a second source, 1.25 bn; the module text says so).
RUS_SUBSIDY_SOURCE = "hse_issek_2014_news_137815841"


def rus_subsidies() -> dict[int, float]:
    """Russia's yearly federal subsidies to the pilot innovative clusters, bn roubles, from RUS.yaml."""
    from .load import load_country

    out = {}
    for p in load_country("RUS").programmes:
        for f in p.financing:
            if f.source == RUS_SUBSIDY_SOURCE and f.per == "year" and f.currency == "RUB" and f.amount:
                out[f.year_start] = f.amount / 1e9
    return out

_COUNTRY_ALIASES = {"rus": "rus", "russia": "rus", "russian federation": "rus", "kaz": "kaz", "kazakhstan": "kaz",
                    "same": "same", "equal": "same"}
_LESSONS = {"decentralisation": ("decentralisation", "decentralization", "1", "lesson 1"),
            "coordination": ("coordination", "2", "lesson 2"),
            "internationalisation": ("internationalisation", "internationalization", "3", "lesson 3")}


def _selection_counts(country: str) -> tuple[float, float]:
    """(pilots selected, applications) of a country's selection, read from data/countries/<country>.yaml."""
    from .load import facts_by_id

    values = {i: f.value for i, f in facts_by_id([country]).items()}
    missing = [fid for fid in SELECTION_FACTS[country] if not isinstance(values.get(fid), (int, float))]
    if missing:
        raise UserError(f"data/countries/{country}.yaml has no numeric fact {', '.join(missing)}")
    return tuple(float(values[fid]) for fid in SELECTION_FACTS[country])


def _more_selective() -> str:
    (r_sel, r_app), (k_sel, k_app) = _selection_counts("RUS"), _selection_counts("KAZ")
    r, k = r_sel / r_app, k_sel / k_app
    return "rus" if r < k else ("kaz" if k < r else "same")


def _lesson(answer: Any) -> str:
    a = str(answer).strip().lower()
    return next((k for k, names in _LESSONS.items() if a in names), a)


def _dimension_origin_lesson(dimension: str = "governance") -> str:
    """The Japanese lesson a benchmark dimension draws on, read from its ``origin`` in data/dimensions.yaml."""
    from . import assessments
    from .schemas import text_of

    origin = text_of(assessments.load_dimensions([dimension])[0].origin).lower()
    for key, names in _LESSONS.items():
        if any(n in origin for n in names[:2]):
            return key
    raise UserError(f"the origin of dimension {dimension!r} names none of Japan's three lessons")


_PEERS = ("japan", "russia", "germany", "france", "spain", "basque", "korea")
_CAVEAT_WORDS = ("evidence", "not known", "unknown", "open question", "uncertain", "judgement", "judgment",
                 "assessment", "source", "not public", "caveat", "risk", "limit")


def _recommendation_rubric(text: str) -> list[str]:
    from . import assessments
    from .schemas import text_of

    low = text.lower()
    words = len(re.findall(r"\w+", text))
    missing = []
    if words < 120:
        missing.append("too_short")
    if words > 500:
        missing.append("too_long")
    if "kazakhstan" not in low:
        missing.append("no_focal")
    if not any(p in low for p in _PEERS):
        missing.append("no_peer")
    names = [text_of(d.name).lower() for d in assessments.load_dimensions()] + [
        d.id.replace("_", " ") for d in assessments.load_dimensions()]
    if not any(n.split(" ")[0] in low for n in names):
        missing.append("no_dimension")
    if not any(w in low for w in _CAVEAT_WORDS):
        missing.append("no_caveat")
    return missing


exercise(Exercise(
    "m4.e1", "choice", expected=_more_selective, normalise=lambda a: _COUNTRY_ALIASES.get(str(a).strip().lower(),
                                                                                          str(a).strip().lower()),
    diagnose=lambda given, exp: "counts" if given in ("rus", "kaz", "same") else "not_an_option",
))
exercise(Exercise(
    "m4.e2", "number", expected=lambda: round(rus_subsidies()[2014] / rus_subsidies()[2013], 2), tolerance=0.011,
    diagnose=lambda given, exp: ("difference" if abs(given - (rus_subsidies()[2014] - rus_subsidies()[2013])) < 0.011
                                 else "inverted" if abs(given - 1 / exp) < 0.011 else
                                 "percent" if abs(given - 100 * exp) < 1.5 or abs(given - 100 * (exp - 1)) < 1.5
                                 else None),
))
exercise(Exercise(
    "m4.e3", "choice", expected=_dimension_origin_lesson, normalise=_lesson,
    diagnose=lambda given, exp: None if given in _LESSONS else "not_an_option",
))
exercise(Exercise("m4.e4", "text", expected=lambda: None, rubric=_recommendation_rubric))


def dimensions_table(lang: str = "en"):
    """The benchmark dimensions: what each asks and what its low and high ends look like."""
    import pandas as pd

    from . import assessments
    from .schemas import text_of

    return pd.DataFrame([{_msg("dimension", lang): text_of(d.name, lang),
                          _msg("question", lang): text_of(d.question, lang),
                          _msg("low_end", lang): text_of(d.low, lang), _msg("high_end", lang): text_of(d.high, lang)}
                         for d in assessments.load_dimensions()])


def comparison(countries: Iterable[str] = ("KAZ", "JPN", "RUS"), lang: str = "en") -> Html:
    """Analyst scores (0-4) of the countries' programmes on the benchmark dimensions, when assessments exist."""
    from . import assessments, compare
    from .load import known_countries, load_country
    from .schemas import text_of

    if not assessments.assessments_path().exists():
        return Html(f"<p>{esc(_msg('no_assessments', lang))}</p>", classes=["cb-training", "cb-note"])
    dims = assessments.load_dimensions()
    progs, labels = [], {}
    for c in countries:
        if c not in known_countries():
            continue
        for p in load_country(c).programmes:
            progs.append(p.id)
            labels[p.id] = f"{c} · {text_of(p.title, lang)}"
    frame = compare.matrix_frame(compare.score_matrix(assessments.load_assessments(), progs, [d.id for d in dims]))
    header = [_msg("programme", lang), *[text_of(d.name, lang) for d in dims]]
    rows = [[labels[p], *["–" if v != v else str(int(v)) for v in frame.loc[p]]] for p in frame.index]
    from .display import table_html

    note = f'<p class="cb-note">{esc(_msg("assessment_note", lang))}</p>'
    return Html(table_html(header, rows, caption=esc(_msg("comparison_caption", lang))) + note,
                classes=["cb-training"])


def recommendation_page(text: Any, lang: str = "en") -> Html:
    """Your recommendation laid out as a one-page note (or a reminder when it is not written yet)."""
    if not is_answered(text) or not isinstance(text, str) or not text.strip():
        return Html(f"<p>{esc(_msg('recommendation_missing', lang))}</p>", classes=["cb-training", "cb-note"])
    words = len(re.findall(r"\w+", text))
    return Html(f"<h2>{esc(_msg('recommendation_heading', lang))}</h2>" + _markdown(esc(text))
                + f'<p class="cb-note">{esc(_msg("recommendation_words", lang, words=words))}</p>',
                classes=["cb-training", "cb-recommendation"])


# --- editions -------------------------------------------------------------------------------------


def module_paths(modules: Iterable[str] | None = None) -> list[Path]:
    """The module notebooks (all, or those whose stem starts with one of ``modules``, e.g. ``m2``)."""
    found = sorted(TRAINING_DIR.glob("m*.ipynb"))
    if modules:
        wanted = list(modules)
        found = [p for p in found if any(p.stem == m or p.stem.split("_")[0] == m for m in wanted)]
        if not found:
            raise UserError(f"no training module matches {', '.join(wanted)}; modules: "
                            + ", ".join(p.stem for p in sorted(TRAINING_DIR.glob('m*.ipynb'))))
    if not found:
        raise UserError(f"no training notebooks in {paths.relative(TRAINING_DIR)}")
    return found


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def answer_variable(source: str, where: str = "") -> str:
    """The variable a solution cell assigns last (the one the check cell reads)."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise UserError(f"{where}: solution cell is not valid Python: {exc.msg}") from None
    names = [tgt.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
             for tgt in (node.targets if isinstance(node, ast.Assign) else [node.target]) if isinstance(tgt, ast.Name)]
    if not names:
        raise UserError(f"{where}: a cell tagged 'solution' must assign the answer variable (e.g. e2_1 = ...)")
    return names[-1]


def _exercise_number(var: str) -> str:
    m = re.fullmatch(r"e(\d+)_(\d+)", var)
    return f"{m.group(1)}.{m.group(2)}" if m else var


def participant_notebook(nb, lang: str = "en", where: str = ""):
    """A copy of a module notebook for participants: no solutions, no trainer notes, no outputs."""
    import nbformat

    out = copy.deepcopy(nb)
    cells = []
    for i, cell in enumerate(out.cells):
        tags = _tags(cell)
        if TRAINER_TAG in tags:
            continue
        if SOLUTION_TAG in tags:
            var = answer_variable(cell.source, f"{where} cell {i}")
            prompt = _msg("answer_prompt", lang, number=_exercise_number(var), var=var)
            new = nbformat.v4.new_code_cell(prompt)
            new.metadata["tags"] = [ANSWER_TAG]
            cells.append(new)
            continue
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata["tags"] = [x for x in tags if x != CHECKED_TAG]
            if not cell.metadata["tags"]:
                del cell.metadata["tags"]
        cells.append(cell)
    out.cells = cells
    out.metadata.setdefault("clusterbench", {})["edition"] = "participant"
    return out


def trainer_notebook(nb):
    """A copy of a module notebook for trainers: solutions kept; only the compared outputs stored."""
    out = copy.deepcopy(nb)
    for cell in out.cells:
        if cell.cell_type == "code" and CHECKED_TAG not in _tags(cell):
            cell.outputs = []
            cell.execution_count = None
    out.metadata.setdefault("clusterbench", {})["edition"] = "trainer"
    return out


def module_title(stem: str, lang: str = "en") -> str:
    """A module's title from the locale file (``m2_title``)."""
    return _msg(f"{stem.split('_')[0]}_title", lang)


def _handout_exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(extra_template_basedirs=[str(paths.TEMPLATES)], template_name="brief",
                        exclude_input=False, exclude_input_prompt=True, exclude_output_prompt=True)


def handout_html(nb, title: str, edition: str, lang: str = "en", exporter=None) -> str:
    """HTML handout of an executed module notebook: code shown, no network resources."""
    from . import __version__
    from .load import data_version
    from .render import _EXTERNAL, _strip_parameters_cells

    _strip_parameters_cells(nb)
    built = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    resources = {"cb": {
        "title": title, "lang": lang, "built": built.strftime("%Y-%m-%d %H:%M UTC"),
        "data_version": data_version(), "package_version": __version__,
        "parameters": _msg(f"edition_{edition}", lang),
        "t": {**{k: t(f"brief.{k}", lang) for k in ("built", "data_version", "package_version", "footer")},
              "parameters": _msg("edition", lang)},
    }}
    body, _ = (exporter or _handout_exporter()).from_notebook_node(nb, resources=resources)
    body = body.replace("</style>", _FEEDBACK_CSS + "</style>", 1)
    bad = _EXTERNAL.search(body)
    if bad:
        raise RuntimeError(f"the handout would load a network resource: {bad.group(0)[:120]}")
    return body


_FEEDBACK_CSS = """
.cb-feedback{padding:.4em .7em;border-left:4px solid #59636e;background:#f6f8fa;margin:.3em 0}
.cb-feedback.cb-right{border-color:#1a7f37;background:#dafbe1}
.cb-feedback.cb-wrong,.cb-feedback.cb-invalid{border-color:#bc4c00;background:#fff1e5}
.cb-feedback.cb-not_answered{border-color:#59636e;background:#f6f8fa}
.jp-InputArea pre{background:#f6f8fa;padding:.4em;overflow-x:auto}
"""


def export(edition: str, out_dir: str | Path, html: bool = True, modules: Iterable[str] | None = None,
           lang: str = "en") -> list[Path]:
    """Write one edition of the training modules to ``out_dir``: notebooks and, with ``html``, handouts.

    The handouts are made by executing the written notebooks (participants' unanswered), so a
    successful export also proves that every notebook of the edition runs without errors.

    Returns:
        The files written.
    """
    import nbformat

    if edition not in EDITIONS:
        raise UserError(f"unknown edition {edition!r}; choose one of: {', '.join(EDITIONS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    nb_paths = []
    for src in module_paths(modules):
        nb = nbformat.read(src, as_version=4)
        where = paths.relative(src)
        ed = participant_notebook(nb, lang, where) if edition == "participant" else trainer_notebook(nb)
        target = out_dir / src.name
        from .render import write_atomic

        write_atomic(target, nbformat.writes(ed))
        target.chmod(0o644)  # handed out: readable by everyone (the atomic writer creates 0600 files)
        written.append(target)
        nb_paths.append(target)
    if html:
        written += _handouts(nb_paths, edition, lang)
    return written


def _handouts(nb_paths: list[Path], edition: str, lang: str) -> list[Path]:
    from . import render

    written = []
    exporter = _handout_exporter()
    with render.KernelSession(cwd=nb_paths[0].parent) as session:
        for nb_path in nb_paths:
            nb, _ = render.execute(nb_path, {}, session=session)
            html = handout_html(nb, module_title(nb_path.stem, lang), edition, lang, exporter=exporter)
            target = nb_path.with_suffix(".html")
            render.write_atomic(target, html)
            target.chmod(0o644)
            written.append(target)
    return written


def store_checked_outputs(notebooks: Iterable[Path] | None = None) -> list[Path]:
    """Execute the trainer notebooks and store the outputs nbval compares (cells tagged ``nbval-check-output``).

    Run after changing a module or its data (``clusterbench training refresh``); the other outputs are
    cleared, so the committed notebooks hold only what the tests compare on purpose.
    """
    import nbformat

    from . import render

    done = []
    targets = list(notebooks) if notebooks else module_paths()
    with render.KernelSession(cwd=TRAINING_DIR) as session:
        for path in targets:
            nb, _ = render.execute(path, {}, session=session)
            for cell in nb.cells:
                cell.metadata.pop("papermill", None)
                cell.metadata.pop("execution", None)
                if cell.cell_type == "code":
                    cell.outputs = [o for o in cell.outputs if CHECKED_TAG in _tags(cell)]
                    for o in cell.outputs:
                        o.get("metadata", {}).clear() if "metadata" in o else None
                    if CHECKED_TAG not in _tags(cell):
                        cell.execution_count = None
            nb.metadata.pop("papermill", None)
            render.write_atomic(path, nbformat.writes(nb) + "\n")
            done.append(path)
    return done


__all__ = [
    "NOT_ANSWERED", "Exercise", "Feedback", "check", "case", "discussion", "export", "goals", "is_answered",
    "participant_notebook", "policy_card", "section", "store_checked_outputs", "task", "timeline",
    "trainer_notebook",
]

