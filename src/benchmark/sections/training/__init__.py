"""What the training notebooks call: exercise checks, the answer sentinel, and the blocks the modules show.

A module notebook does ``from benchmark.sections import training`` and, per exercise, runs a solution
(or answer) cell that assigns the answer variable, then ``training.check("m2.e1", e2_1, lang)``.
The checking engine is :mod:`.checks`; the exercises of M1-M4 and their answer keys are :mod:`.course`.
"""

from .checks import NOT_ANSWERED, Exercise, Feedback, check, exercises, is_answered
from .course import (
    case,
    comparison,
    criteria_overview,
    dimensions_table,
    discussion,
    goals,
    module_sources,
    policy_card,
    recommendation_page,
    rus_subsidies,
    section,
    shortlist,
    task,
    timeline,
)

__all__ = [
    "NOT_ANSWERED", "Exercise", "Feedback", "case", "check", "comparison", "criteria_overview", "dimensions_table",
    "discussion", "exercises", "goals", "is_answered", "module_sources", "policy_card", "recommendation_page",
    "rus_subsidies", "section", "shortlist", "task", "timeline",
]
