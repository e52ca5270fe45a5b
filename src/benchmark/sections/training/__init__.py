"""What the training notebooks call: exercise checks, the answer sentinel, and the blocks the modules show.

A module notebook does ``from benchmark.sections import training``. Its narrative (goals, case, tasks,
questions for the room) is in its markdown cells; its code cells call this package once each. Per
exercise a solution (or answer) cell assigns the answer variable, then ``training.check("m2.e1", e2_1, lang)``
says right or wrong and why. Figures the text refers to are shown with ``training.figures(...)``.
The checking engine is :mod:`.checks`; the exercises of M1-M4 and their answer keys are :mod:`.course`.
"""

from .checks import NOT_ANSWERED, Exercise, Feedback, check, exercises, is_answered
from .course import (
    M3_WEIGHTS,
    comparison,
    criteria_overview,
    dimensions_table,
    figures,
    policy_card,
    recommendation_page,
    rus_subsidies,
    scores,
    selection,
    shortlist,
    timeline,
)

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
