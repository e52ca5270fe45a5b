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


def _applications_map(lang: str):
    """The competition brief's map as it prints: (figure, its labels, the units of 2017 they name)."""
    from benchmark.inputs import geo
    from benchmark.sections import competition

    ctx = competition.prepare(lang=lang)
    _, df = ctx.applications
    g17 = competition._applications_on_2017_units(df)
    competition._name_units(g17, lang)
    colour = competition._applications_colours(int(g17.applications.max()))
    fig = competition._draw_applications_map(g17, geo.boundaries(geo.GEO_CURRENT), colour, lang)
    display.legible_in_print(fig)
    return fig, [t for t in fig.axes[0].texts if t.get_text().strip()], g17


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_no_label_on_the_applications_map_overlaps_another(lang):
    """A reader of the competition brief's map can read every unit's name and count: no two labels touch, as it
    prints (a legend beside the map once shrank the Russian map until its labels ran into each other)."""
    fig, texts, g17 = _applications_map(lang)
    assert len(texts) == len(g17)  # one label per unit of 2017
    assert labels.overlapping([labels.Label(t, (0.0, 0.0)) for t in texts], fig.canvas.get_renderer()) == []
    plt.close(fig)


def _crossing_borders(ax, texts, areas) -> list[str]:
    """The labels (without a box of their own) whose words cross the border of the region they name."""
    import shapely

    renderer = ax.figure.canvas.get_renderer()
    out = []
    for text, area in zip(texts, areas):
        if area is None or text.get_bbox_patch() is not None:
            continue
        b = text.get_window_extent(renderer)
        if not shapely.transform(area, ax.transData.transform).contains(shapely.box(b.x0, b.y0, b.x1, b.y1)):
            out.append(text.get_text())
    return out


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
@pytest.mark.parametrize("year", [regional.BASE_YEAR, max(regional.years())])
def test_no_border_runs_through_a_region_label(year, lang):
    """Each region's label lies inside its region, or has a box in the region's colour that the borders stop
    at: no border line runs through a name (North Kazakhstan's once sat across its border with Akmola)."""
    from benchmark.inputs import geo

    fig, texts, *_ = regions._map_figure(year, rf.screened(year), regional.unit_names(year, lang), lang)
    display.legible_in_print(fig)
    on_2017 = regional.borders_of(year) == "2017"
    units = geo.boundaries(geo.GEO_2017 if on_2017 else geo.GEO_CURRENT)
    areas = [None if unit == "city" else area for unit, area in zip(units.unit_type, units.geometry)]
    assert _crossing_borders(fig.axes[0], texts, areas) == []
    plt.close(fig)


@pytest.mark.parametrize("lang", ["en", "kk"])
def test_no_border_runs_through_a_label_of_the_applications_map(lang):
    """The competition brief's map, likewise: each unit's name and count inside its region, or boxed."""
    fig, texts, g17 = _applications_map(lang)
    areas = [None if unit == "city" else area for unit, area in zip(g17.unit_type, g17.geometry)]
    assert _crossing_borders(fig.axes[0], texts, areas) == []
    plt.close(fig)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_map_legend_gives_each_section_its_whole_name(lang):
    """The legend names every section in full (over two lines if need be), never cut short with "…"."""
    year = regional.BASE_YEAR
    fig, *_ = regions._map_figure(year, rf.screened(year), regional.unit_names(year, lang), lang)
    names = regional.section_names(lang)
    legend = [" ".join(t.get_text().split()) for t in fig.axes[0].get_legend().get_texts()]
    assert legend and all(
        " ".join(f"{code} {names[code]}".split()) in legend for code in (x.split()[0] for x in legend)
    )
    plt.close(fig)
