"""Module M3, screening cluster initiatives: scores, weights and the shortlist, with keys from the example sheet."""

from __future__ import annotations

from typing import Any

from ...analysis import scoring
from ...core.text import t
from ...inputs import competition as competition_inputs
from ...inputs.schemas import text_of
from ..competition import panel_of
from .checks import Exercise, _msg, answer_words, exercise, fold

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
    a = fold(answer)
    for word in answer_words("application"):
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
