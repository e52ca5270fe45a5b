"""Imports every brief needs, done once per kernel; and the reset that runs between briefs."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas  # noqa: E402,F401
import seaborn  # noqa: E402,F401

from . import assessments, brief, comparison, display, indicators, load, paths, stip, text  # noqa: E402,F401


def reset_state() -> None:
    """Forget everything a previous brief could have left behind in this process."""
    plt.close("all")
    matplotlib.rcdefaults()
    matplotlib.use("Agg")
    load.clear_caches()
    assessments.clear_caches()
    indicators._cache.clear()
    text._group.cache_clear()
    stip._codes.cache_clear()
    paths.reset_reads()
