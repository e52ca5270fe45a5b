"""The regional map's labels: none covers another, in any language or year (the repel step)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from benchmark.inputs import regional  # noqa: E402
from benchmark.sections import display, labels, regions  # noqa: E402
from benchmark.sections import regional_findings as rf  # noqa: E402


def test_two_labels_on_one_spot_are_pushed_apart_and_joined_to_it():
    """Two labels written on the same point end up side by side, each moved one with a line back to the point."""
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_xlim(0, 10), ax.set_ylim(0, 10)
    lbs = [labels.Label(ax.text(5, 5, name, ha="center", va="center"), (5.0, 5.0)) for name in ("Alpha", "Beta")]
    renderer = fig.canvas.get_renderer()
    assert labels.overlapping(lbs, renderer) == [(0, 1)]
    labels.repel(ax, lbs, box_style={"facecolor": "white"})
    assert labels.overlapping(lbs, renderer) == []
    assert all(lb.line is not None for lb in lbs)  # both moved from the point they name
    plt.close(fig)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
@pytest.mark.parametrize("year", [regional.BASE_YEAR, max(regional.years())])
def test_no_region_label_on_the_map_overlaps_another(year, lang):
    """A reader of the map can read every region's label: no label's box touches another's, as it prints."""
    fig, texts, *_ = regions._map_figure(year, rf.screened(year), regional.unit_names(year, lang), lang)
    display.legible_in_print(fig)  # what the brief's SVG is drawn from (svg_of does the same)
    renderer = fig.canvas.get_renderer()
    assert len(texts) == len(regional.unit_names(year, lang))
    assert labels.overlapping([labels.Label(t, (0.0, 0.0)) for t in texts], renderer) == []
    plt.close(fig)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_no_label_on_the_applications_map_overlaps_another(lang):
    """A reader of the competition brief's map can read every unit's name and count: no two labels touch, as it
    prints (a legend beside the map once shrank the Russian map until its labels ran into each other)."""
    from benchmark.inputs import geo
    from benchmark.sections import competition

    ctx = competition.prepare(lang=lang)
    _, df = ctx.applications
    g17 = competition._applications_on_2017_units(df)
    competition._name_units(g17, lang)
    colour = competition._applications_colours(int(g17.applications.max()))
    fig = competition._draw_applications_map(g17, geo.boundaries(geo.GEO_CURRENT), colour, lang)
    display.legible_in_print(fig)
    texts = [t for t in fig.axes[0].texts if t.get_text().strip()]
    assert len(texts) == len(g17)  # one label per unit of 2017
    assert labels.overlapping([labels.Label(t, (0.0, 0.0)) for t in texts], fig.canvas.get_renderer()) == []
    plt.close(fig)
