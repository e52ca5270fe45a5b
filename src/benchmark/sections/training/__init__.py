"""What the training notebooks call: exercise checks, the answer sentinel, and the blocks the modules show.

A module notebook does ``from benchmark.sections import training``. Its narrative (goals, case, tasks,
questions for the room) is in its markdown cells; its code cells call this package once each. Per
exercise a solution (or answer) cell assigns the answer variable, then ``training.check("m2.e1", e2_1, lang)``
says right or wrong and why. Figures the text refers to are shown with ``training.figures(...)``.
The checking engine is :mod:`.checks`; the figures the texts cite are :mod:`.facts`; each module's exercises
and answer keys are in :mod:`.m1_economics`, :mod:`.m2_mapping`, :mod:`.m3_screening` and :mod:`.m4_cases`
(importing them registers the exercises).
"""

from . import m1_economics, m2_mapping, m3_screening, m4_cases  # noqa: F401  (importing registers the exercises)
from .checks import NOT_ANSWERED, Exercise, Feedback, check, exercises, is_answered
from .facts import figures
from .m1_economics import policy_card, timeline
from .m3_screening import M3_WEIGHTS, criteria_overview, scores, selection, shortlist
from .m4_cases import comparison, dimensions_table, recommendation_page, rus_subsidies

__all__ = [
    "M3_WEIGHTS",
    "NOT_ANSWERED",
    "Exercise",
    "Feedback",
    "check",
    "comparison",
    "criteria_overview",
    "dimensions_table",
    "exercises",
    "figures",
    "is_answered",
    "policy_card",
    "recommendation_page",
    "rus_subsidies",
    "scores",
    "selection",
    "shortlist",
    "timeline",
]
