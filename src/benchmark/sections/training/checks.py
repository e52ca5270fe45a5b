"""The checking engine of the training exercises: right or wrong and why, never the answer itself.

An :class:`Exercise` knows how to compute its expected answer from the data, how to compare an answer
with it, and which recognised mistakes get their own message. :func:`check` is what a check cell
calls. Messages come from ``core/locales/<lang>/training.yaml`` (``<key>_right``, ``<key>_hint``,
``<key>_<diagnosis>``), so they stay in the package while the narrative lives in the notebooks.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ...core.errors import UserError
from ...core.text import has, t, words
from ...inputs import load
from ...inputs.schemas import Fact
from ..citations import fact_value
from ..display import esc

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


def fold(answer: Any) -> str:
    """An answer as compared: lower case, ё as е, quotes and a final full stop dropped, spaces collapsed."""
    a = str(answer).strip().lower().replace("ё", "е")
    a = a.strip("\"'«»„“”` ").rstrip(".!").strip()
    return re.sub(r"\s+", " ", a)


def answer_words(name: str, lang: str | None = None) -> frozenset[str]:
    """The words accepted for one answer (``term_launch``), folded, from ``core/locales/*/training_answers.yaml``.

    Every language's list is joined (a participant may answer in any language the workbook writes);
    ``lang`` keeps one language's list.
    """
    return frozenset(fold(w) for w in words(f"training_answers.{name}", lang))


def named_answer(folded: str, prefix: str, answers: Iterable[str]) -> str:
    """The answer among ``answers`` whose words (``<prefix>_<answer>``) include ``folded``; else ``folded``."""
    return next((a for a in answers if folded in answer_words(f"{prefix}_{a}")), folded)


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
        return (
            f'<div class="cb-feedback cb-{self.status}" role="status">'
            f"<strong>{esc(self._label())}</strong> <span>{esc(self.message)}</span></div>"
        )


def _msg(key: str, lang: str, **fmt) -> str:
    text = t(f"training.{key}", lang, **fmt)
    return _FACT_TOKEN.sub(lambda m: _fact_text(m.group(1), lang), text) if "{fact:" in text else text


#: ``{fact:kaz_2017_valid_applications}`` in a message (without other placeholders) is replaced by that
#: fact's value as the briefs print it (its ``display`` text, else the number).
_FACT_TOKEN = re.compile(r"\{fact:([a-z0-9_]+)\}")


def fact_of(fact_id: str) -> Fact | None:
    """The fact ``fact_id`` from ``data/countries/<ISO3>.yaml`` (ISO3 = the id's prefix), or None."""
    country = fact_id.split("_", 1)[0].upper()
    if country not in load.known_countries():
        return None
    return load.facts_by_id([country]).get(fact_id)


def _fact_text(fact_id: str, lang: str) -> str:
    f = fact_of(fact_id)
    if f is not None:
        return fact_value(f.model_copy(update={"unit": None}), lang)  # the sentence names the unit
    return f"[{fact_id}: not in data/countries/{fact_id.split('_', 1)[0].upper()}.yaml]"


def _has_msg(key: str, lang: str = "en") -> bool:
    return has(f"training.{key}", lang)


# --- exercises ------------------------------------------------------------------------------------


@dataclass
class Exercise:
    """One exercise: how to get the expected answer, how to compare, what to say.

    Messages come from ``core/locales/<lang>/training.yaml``: ``<key>_right`` (why the answer is right),
    ``<key>_hint`` (the general hint after a wrong answer) and optional ``<key>_<diagnosis>`` messages for
    recognised mistakes; ``<key>`` is the id with ``.`` -> ``_``. The question itself is a markdown cell
    of the module notebook ("### Exercise 2.1").
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
            if isinstance(answer, tuple) and len(answer) == 2 and all(isinstance(a, int) for a in answer):
                raise _Invalid(_msg("invalid_decimal_comma", lang))  # e2_1 = 1,78 is the tuple (1, 78) in Python
            if isinstance(answer, bool) or not isinstance(answer, (numbers.Real, str)):
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


def _set_diagnosis(given: frozenset, expected: Iterable) -> str:
    expected = set(expected)
    if not given:
        return "set_empty"
    if given - expected and expected - given:
        return "set_both"
    if given - expected:
        return "set_extra"
    return "set_missing"
