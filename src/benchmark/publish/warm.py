"""Imports and first-use costs every brief needs, paid once per kernel; and the reset between briefs.

``prepare()`` runs in a new kernel while the parent process checks the input and loads papermill: it imports
pandas, matplotlib and the package's sections (not pyplot, geopandas or seaborn, which no brief section needs).
A kernel that serves many briefs (a build's workers) also parses the data files (cached on each file's
identity, so they can never serve stale data) and draws one throw-away chart so that matplotlib's font set-up
is done; a kernel for one brief does not, as the brief reads only its own. Files read here are forgotten, so a
brief's recorded inputs are only the files it reads itself.
"""

import json
import sys

import matplotlib

matplotlib.use("Agg")

import pandas  # noqa: E402,F401

from ..core import text  # noqa: E402
from ..inputs import files, load  # noqa: E402
from ..sections import (  # noqa: E402,F401
    comparison,
    comparison_figures,
    competition,
    country,
    display,
    regions,
    selection,
)


def prepare(preload: bool = True) -> None:
    """Warm the caches a brief will use (data files parsed, fonts loaded), then forget the reads.

    ``preload`` False (a kernel for one brief): the imports only; the brief parses what it reads itself, and
    every other country's card would be parsed for nothing. The kernel also ends itself if the process that
    started it dies (a build killed outright).
    """
    from .workers import end_with_parent

    end_with_parent()
    if not preload:
        return
    try:
        load.load_sources()
        for iso3 in load.known_countries():
            load.load_country(iso3)
        fig, ax = display.new_figure(2, 1)
        ax.plot([0, 1], [0, 1])
        ax.set_title("warm-up")
        display.svg_of(fig)
    except Exception:  # bad data is reported by the brief itself, with its file and field
        pass
    finally:
        files.reset_reads()
        files.parse_counts.clear()


def reset_state() -> None:
    """Forget everything a previous brief could have left behind in this process."""
    if "matplotlib.pyplot" in sys.modules:  # a training module's own charts (the briefs' never use pyplot)
        sys.modules["matplotlib.pyplot"].close("all")
    matplotlib.rcdefaults()
    matplotlib.use("Agg")
    text.clear_cache()
    files.reset_reads()
    files.parse_counts.clear()


def report_files() -> str:
    """The files the last brief read, as JSON (what the build records as the brief's inputs)."""
    return json.dumps(files.files_read())
