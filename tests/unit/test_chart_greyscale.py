"""Charts printed in black and white: every series stays distinguishable without its colour.

The six-peer comparison's line charts once printed as seven grey lines no reader could tell apart. Each
series is read back from the chart's SVG (its colour, its dash pattern, its marker shape) and compared
with every other in greyscale: at least the dash or the marker differs, or the grey does clearly.
"""

from __future__ import annotations

import itertools
import re

import pytest

from benchmark.sections import comparison, comparison_figures, display

SIX = ["JPN", "RUS", "DEU", "FRA", "ESP", "KOR"]
#: Two greys a reader tells apart on paper differ by at least this much in relative luminance.
MIN_GREY_STEP = 0.15


def _luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG) of a colour: its grey when printed in black and white."""
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _series(svg: str) -> dict[str, tuple[float, str, str]]:
    """Each series of a chart as (grey, dash pattern, marker shape), read from its SVG group."""
    markers = {
        m.group(1): m.group(2) for m in re.finditer(r'<path id="(m\w+)" d="([^"]+)"', svg)
    }  # marker id -> its outline
    out = {}
    for m in re.finditer(r'<g id="series-(\w+)">(.*?)</g>\s*(?=<g id=)', svg, re.S):
        body = m.group(2)
        colour = re.search(r"stroke: (#[0-9a-f]{6})", body).group(1)
        dash = re.search(r"stroke-dasharray: ([\d.,\s]+)", body)
        marker = re.search(r'xlink:href="#(m\w+)"', body)
        out[m.group(1)] = (
            _luminance(colour),
            dash.group(1).strip() if dash else "solid",
            markers.get(marker.group(1), "") if marker else "",
        )
    return out


@pytest.fixture(scope="module")
def six_peers():
    return comparison.prepare("KAZ", SIX)


def test_the_series_colours_are_seaborns_colour_blind_palette(six_peers):
    """Every country keeps one colour from seaborn's colour-blind palette, the focal country first."""
    import seaborn

    palette = seaborn.color_palette("colorblind").as_hex()
    assert display.colorblind(len(palette)) == palette
    assert [six_peers.colour(c) for c in ["KAZ", *SIX]] == palette[:7]


def test_indicator_lines_stay_apart_in_greyscale(six_peers):
    """Printed in grey, each of the seven countries' lines differs from every other by dash, marker or grey."""
    html = comparison_figures.context_indicators(six_peers).body
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert svgs
    for svg in svgs:
        series = _series(svg)
        assert len(series) >= 5  # most countries have the indicator
        for (a, sa), (b, sb) in itertools.combinations(series.items(), 2):
            apart = sa[1] != sb[1] or sa[2] != sb[2] or abs(sa[0] - sb[0]) >= MIN_GREY_STEP
            assert apart, (a, b, sa, sb)
