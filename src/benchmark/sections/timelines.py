"""Timelines of programmes and phases that draw nothing beyond their sources.

A period with a stated end is a solid bar. A period whose end no source states is drawn open: a bar
that fades out, labelled "end not stated", never closed at a guessed year. Dated facts marked as
milestones are diamonds on a row of their own. The years axis stops at the last dated event.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.text import t
from .display import ChartData, new_figure

#: How many steps an open bar fades over, and how far (in years) it runs past its last dated year.
FADE_STEPS = 8
OPEN_RUN = 2.5


#: A bracketed aside and one item of it (items are separated by commas or semicolons).
_ASIDE = re.compile(r"\s*\(([^()]*)\)")
_ITEM = re.compile(r"\s*[,;]\s*")


def chart_name(name: str, lang: str) -> str:
    """A name as a chart label in ``lang``: a Russian or Kazakh label leaves out the original's Latin-script words.

    A table or a sentence gives a programme's original name beside its translation ("«Конкурс ведущих
    кластеров» (Spitzencluster-Wettbewerb)"); a chart's label has no room for both, and the table under the
    chart keeps the original. Acronyms (METI) stay: they are how a reader looks the body up.
    """
    if lang == "en":
        return name

    def keep(item: str) -> bool:
        return not re.search(r"[a-zà-ÿ]", item) or bool(re.search(r"[\u0400-\u04ff]", item))

    def aside(m: re.Match) -> str:
        items = [i for i in _ITEM.split(m.group(1)) if keep(i)]
        sep = "; " if ";" in m.group(1) else ", "
        return f" ({sep.join(items)})" if items else ""

    return _ASIDE.sub(aside, name)


@dataclass(frozen=True)
class Period:
    """One bar: a programme or a phase."""

    label: str
    start: int
    end: int | None  # None: no source states the end
    colour: str
    phase: bool = False


@dataclass(frozen=True)
class Milestone:
    """A dated event shown as a diamond, with a short label."""

    year: float  # a fractional year places a dated event within its year
    label: str


def last_dated_year(periods: list[Period], milestones: Sequence[Milestone] = ()) -> int:
    """The last year any source dates: starts, stated ends and milestones (the axis stops there)."""
    years = [p.start for p in periods] + [p.end for p in periods if p.end is not None]
    years += [int(m.year) for m in milestones]
    return max(years)


def draw(
    periods: list[Period],
    milestones: list[Milestone],
    lang: str,
    width: float = 9,
    label_width: int = 48,
    milestone_label: str = "",
):
    """Draw the timeline; returns the matplotlib figure (the caller turns it into a Chart)."""
    from matplotlib.colors import to_rgba

    rows = list(periods)
    n = len(rows) + (1 if milestones else 0)
    fig, ax = new_figure(width, 0.45 * n + 1.3)
    first = min([p.start for p in periods] + [int(m.year) for m in milestones])
    last = last_dated_year(periods, milestones)
    for i, p in enumerate(rows):
        height = 0.4 if p.phase else 0.65
        alpha = 0.55 if p.phase else 0.95
        if p.end is not None:
            ax.barh(i, p.end - p.start + 1, left=p.start, height=height, color=p.colour, alpha=alpha)
            span = str(p.start) if p.end == p.start else f"{p.start}–{p.end}"
            ax.text(p.end + 1.15, i, span, va="center", fontsize=7.5, color="#59636e")
            continue
        # open: solid for the start year, then fading out to just past the last dated year
        solid_end = p.start + 1
        run_to = max(last, p.start) + OPEN_RUN
        ax.barh(i, solid_end - p.start, left=p.start, height=height, color=p.colour, alpha=alpha)
        step = (run_to - solid_end) / FADE_STEPS
        for k in range(FADE_STEPS):
            fade = to_rgba(p.colour, alpha * (1 - (k + 1) / (FADE_STEPS + 1)))
            ax.barh(i, step * 1.02, left=solid_end + k * step, height=height, color=fade, linewidth=0, edgecolor="none")
        ax.text(
            run_to + 0.2,
            i,
            f"{p.start}– {t('brief.end_not_stated', lang)}",
            va="center",
            fontsize=7.5,
            color="#59636e",
            style="italic",
        )
    names = [chart_name(p.label, lang) for p in rows]
    # at most three lines a label; a longer name ends in "…" (the table under the chart gives it whole)
    labels = ["\n".join(textwrap.wrap(name, label_width, max_lines=3, placeholder=" …")) or name for name in names]
    if milestones:
        # numbered diamonds; the numbers are explained in a list under the chart (labels would overlap)
        y = len(rows)
        previous = None
        for k, m in enumerate(milestones, start=1):
            ax.plot([m.year], [y], marker="D", color="#1f2328", markersize=6)
            lift = 9 if previous is None or m.year - previous > 0.9 or k % 2 else 17
            ax.annotate(
                str(k),
                (m.year, y),
                xytext=(0, lift),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=7,
                color="#1f2328",
                fontweight="bold",
            )
            previous = m.year
        labels.append(milestone_label)
    ax.set_yticks(range(n), labels, fontsize=8)
    ax.set_ylim(n - 0.4, -0.6)
    ax.set_xlim(first - 1, last + OPEN_RUN + 5.5)
    ax.spines["bottom"].set_bounds(first - 1, last)  # the axis itself stops at the last dated event
    ax.set_xlabel(t("brief.timeline_xlabel", lang))
    ax.grid(axis="x", color="#eaeef2")
    ax.set_axisbelow(True)
    from matplotlib.ticker import FixedLocator

    step = 1 if last - first <= 10 else 2 if last - first <= 20 else 5
    ax.xaxis.set_major_locator(FixedLocator(range(first - first % step, last + 1, step)))
    return fig


def data(periods: list[Period], name: str, lang: str) -> ChartData:
    """The periods of a timeline as a table: what, from, to (or "end not stated")."""
    rows = [
        [p.label.strip(), p.start, p.end if p.end is not None else t("brief.end_not_stated", lang)] for p in periods
    ]
    cols = [t("brief.data_period", lang), t("brief.data_from", lang), t("brief.data_to", lang)]
    return ChartData(name, cols, rows, lang=lang)
