"""Displayable blocks for briefs: charts as deterministic inline SVG, tables and notes as HTML.

Notebook cells return these objects; Jupyter shows them through ``_repr_html_`` and nbconvert embeds
the result, so a brief needs no network and no image files. Charts carry alt text and a source line.
"""

from __future__ import annotations

import csv
import html
import io
import re
import sys
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..core.text import figure, t

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

#: Matplotlib settings for every chart: deterministic, small SVG with text kept as text.
RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "clusterbench",
    # DejaVu Sans ships inside matplotlib itself: Latin, Cyrillic and the Kazakh letters (Ә Ғ Қ Ң Ө Ұ Ү Һ І)
    # on every machine the workbook is set up on; text stays text in the SVG, so a reader's browser draws it
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "figure.dpi": 100,
}


#: Markers and line styles, one per series in order, so that series stay apart in grey and for any eye.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (8, 2)), (0, (1, 3)), (0, (3, 1, 1, 1)))


#: Seaborn's ``colorblind`` palette (``seaborn.color_palette("colorblind").as_hex()``), written out so that no
#: brief pays seaborn's import (about 0.7 s per kernel, more under load); a unit test compares it with seaborn's.
COLORBLIND = (
    "#0173b2",
    "#de8f05",
    "#029e73",
    "#d55e00",
    "#cc78bc",
    "#ca9161",
    "#fbafe4",
    "#949494",
    "#ece133",
    "#56b4e9",
)


def colorblind(n: int = 10) -> list[str]:
    """Seaborn's colour-blind palette (hex), the colours of every chart's series, repeated beyond its ten colours."""
    return [COLORBLIND[i % len(COLORBLIND)] for i in range(n)]


def series_style(i: int) -> dict:
    """Marker and line style of the ``i``-th series (with its colour, keeps series apart in greyscale)."""
    return {"marker": MARKERS[i % len(MARKERS)], "linestyle": LINESTYLES[i % len(LINESTYLES)]}


def new_figure(width: float = 8, height: float = 4, **kwargs):
    """A figure drawn under the workbook's settings (never the global rcParams, which kernels share).

    A plain matplotlib Figure, not one of pyplot's: pyplot's import costs about 0.3 s in every kernel, and a
    figure pyplot does not know is never shown a second time by JupyterLab (:func:`svg_of` makes its SVG).
    ``kwargs`` go to ``Figure.subplots`` (``nrows``, ``squeeze``, ``gridspec_kw`` ...).
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(width, height))
        FigureCanvasAgg(fig)  # measures text as the PNG renderer does (what legible_in_print relies on)
        ax = fig.subplots(**kwargs)
    return fig, ax


def draw_areas(ax, geometries: Sequence, facecolors: Sequence[str], **style) -> None:
    """Fill each (Multi)Polygon of ``geometries`` in its colour, holes kept, as geopandas' ``plot`` draws them.

    One patch per shape (a MultiPolygon's parts in one path), in one collection; ``style``: the collection's
    ``edgecolor``, ``linewidth`` and so on. The axes' limits grow to take the shapes in.
    """
    import numpy as np
    import shapely
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    def patch(shape) -> PathPatch:
        rings = [ring for part in shapely.get_parts(shape) for ring in (part.exterior, *part.interiors)]
        return PathPatch(Path.make_compound_path(*(Path(np.asarray(r.coords)[:, :2], closed=True) for r in rings)))

    shapes = shapely.normalize(np.asarray(geometries, dtype=object))
    ax.add_collection(PatchCollection([patch(s) for s in shapes], facecolor=list(facecolors), **style), autolim=True)
    ax.autoscale_view()


def draw_lines(ax, geometry, **style) -> None:
    """Draw the lines of one (Multi)LineString, as geopandas' ``plot`` draws them (``style``: colour, width ...)."""
    import numpy as np
    import shapely
    from matplotlib.collections import LineCollection

    segments = [np.array(line.coords)[:, :2] for line in shapely.get_parts(shapely.normalize(geometry))]
    ax.add_collection(LineCollection(segments, **style), autolim=True)
    ax.autoscale_view()


#: Width of a chart on an A4 page within the PDF's margins (inches), and the smallest text printed there (pt).
PRINT_WIDTH_IN = (210 - 30) / 25.4
MIN_PRINT_PT = 7.0
#: Narrowing a chart stops when an inch off the figure takes less than this off its printed width.
MIN_NARROWING_RATE = 0.25
#: The first narrowing step assumes an inch off the figure takes this much off its printed width (measured
#: 0.64-0.77 on the workbook's charts: their text keeps its size); later steps use the rate they measure.
FIRST_NARROWING_RATE = 0.75


def _printed_width(fig, renderer) -> float:
    """The width of ``fig`` as saved (tight bounding box and savefig's padding), in inches."""
    return fig.get_tightbbox(renderer).width + 0.2


def legible_in_print(fig) -> None:
    """Make every text of ``fig`` print at :data:`MIN_PRINT_PT` or more on the A4 page.

    A chart wider than the printable width would be scaled down in print, and its labels with it: the
    figure is first made narrower (its drawing area shrinks, its text keeps its size), so that it prints
    at full size; then any text still too small for the scale it prints at is enlarged, and an x axis whose
    labels would then touch keeps every other one.

    Every measurement uses one renderer: a layout depends on the figure's size, not the canvas's, and the
    renderer keeps the size of each text it has measured (a new one per size measured every text again).
    """
    renderer = fig.canvas.get_renderer()
    width = _printed_width(fig, renderer)
    before = None  # (figure width, printed width) of the round before
    for _ in range(5):  # narrower until it fits; the height stays, so rows of labels keep their room
        if width <= PRINT_WIDTH_IN:
            break
        w, h = fig.get_size_inches()
        if before is None:  # first step: at the rate charts of this workbook usually narrow at
            new = max(w * 0.5, w - (width - PRINT_WIDTH_IN + 0.01) / FIRST_NARROWING_RATE)
        else:
            # Text keeps its size, so the printed width shrinks more slowly than the figure: aim by the
            # rate measured over the last round (a secant step), and stop where narrowing no longer helps
            # (a title or legend of fixed width sets the print's width; its text is enlarged below).
            rate = (before[1] - width) / (before[0] - w) if before[0] != w else 0.0
            if rate < MIN_NARROWING_RATE:
                break
            new = max(w * 0.5, w - (width - PRINT_WIDTH_IN + 0.01) / rate)
        before = (w, width)
        fig.set_size_inches(new, h)
        width = _printed_width(fig, renderer)
    _enlarge_small_text(fig, width, renderer)
    _thin_crowded_ticks(fig, renderer)


def _thin_crowded_ticks(fig, renderer) -> None:
    """Keep every other label of an x axis whose labels would touch (a narrower chart, the same text size).

    One layout of the figure serves every axis in a round; a chart without x labels (a map) needs none. The
    figure must be laid out as it stands when this is called (:func:`legible_in_print` measures last).
    """
    labelled = [ax for ax in fig.axes if ax.axison and any(x.get_text().strip() for x in ax.get_xticklabels())]
    for round_ in range(3):
        if not labelled:
            return
        if round_:  # the first round reads the layout the last measurement of the printed width made
            fig.get_tightbbox(renderer)  # lays the thinned ticks out
        crowded = []
        for ax in labelled:
            ticks = list(ax.get_xticks())
            labels = [x.get_text() for x in ax.get_xticklabels()]
            boxes = [x.get_window_extent(renderer) for x in ax.get_xticklabels() if x.get_text().strip()]
            if len(ticks) == len(labels) and any(a.x1 + 2 > b.x0 for a, b in zip(boxes, boxes[1:])):
                size = ax.get_xticklabels()[0].get_fontsize()
                lo, hi = ax.get_xlim()
                ax.set_xticks(ticks[::2], labels[::2], fontsize=size)
                ax.set_xlim(lo, hi)
                crowded.append(ax)
        labelled = crowded


def _enlarge_small_text(fig, width: float, renderer) -> None:
    """Raise any text smaller than the print floor for the scale the chart prints at (ticks included).

    ``width``: the figure's printed width as it stands (:func:`_printed_width`), measured again only after a change.
    """
    from matplotlib.text import Text

    for _ in range(5):
        floor = MIN_PRINT_PT / min(1.0, PRINT_WIDTH_IN / width) * 1.02 + 0.1
        texts = [x for x in fig.findobj(Text) if x.get_visible() and x.get_text().strip()]
        small = [x for x in texts if x.get_fontsize() < floor]
        if not small:
            return
        for x in small:
            x.set_fontsize(floor)
        for axis in (a for ax in fig.axes for a in (ax.xaxis, ax.yaxis)):  # ticks drawn later take this size
            if any(x.get_fontsize() < floor for x in axis.get_ticklabels(which="both")):
                axis.set_tick_params(which="both", labelsize=floor)
        width = _printed_width(fig, renderer)


def svg_of(fig) -> str:
    """Deterministic SVG markup of ``fig`` (no date, fixed ids), its text legible in print; closes the figure."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context(RC):
        legible_in_print(fig)
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    if "matplotlib.pyplot" in sys.modules:  # a figure made with pyplot (an analyst's own) is closed, not shown again
        sys.modules["matplotlib.pyplot"].close(fig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]  # drop the XML prolog and doctype: inline SVG in HTML
    return re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)


@dataclass
class ChartData:
    """The numbers behind a chart: shown in a collapsed table under it and downloadable as CSV (offline).

    ``columns`` are the headers (with units); ``rows`` the plain values written to the CSV; ``cells``,
    when given, the same rows as HTML for the table (so figures keep their source numbers and statuses).
    """

    name: str
    columns: list[str]
    rows: Sequence[Sequence[object]]
    cells: list[list[str]] | None = None
    lang: str = "en"
    table: bool = True  # False: the section shows the same numbers in a table of its own; only the CSV link

    def csv(self) -> str:
        """The data as CSV text (UTF-8 with a byte-order mark, so spreadsheets read it as UTF-8)."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(["" if v is None else v for v in row] for row in self.rows)
        return "\ufeff" + buf.getvalue()

    def link(self) -> str:
        """A "Download CSV" link whose file is embedded in the page (works offline)."""
        href = "data:text/csv;charset=utf-8," + urllib.parse.quote(self.csv())
        filename = re.sub(r"[^A-Za-z0-9_-]+", "-", self.name).strip("-") + ".csv"
        label = esc(t("brief.download_csv", self.lang))
        return f'<a class="cb-csv" download="{esc(filename)}" href="{href}">{label}</a>'

    def html(self) -> str:
        """A collapsed table of the numbers with the CSV link (or only the link, see ``table``)."""
        if not self.table:
            return f'<p class="cb-data">{self.link()}</p>'
        cells = self.cells or [[esc(figure(v, self.lang)) for v in row] for row in self.rows]
        return (
            f'<details class="cb-data"><summary>{esc(t("brief.chart_data", self.lang))}</summary>'
            + table_html(self.columns, cells, escape=False, classes="cb-table cb-data-table")
            + self.link()
            + "</details>"
        )


@dataclass
class Chart:
    """A chart: SVG plus alt text (for screen readers), a caption naming its sources, and the data behind it."""

    svg: str
    alt: str
    caption: str = ""
    data: ChartData | None = None

    @classmethod
    def from_figure(cls, fig, alt: str, caption: str = "", data: ChartData | None = None) -> Chart:
        """Render a matplotlib figure into a Chart."""
        return cls(svg=svg_of(fig), alt=alt, caption=caption, data=data)

    def __repr__(self) -> str:
        return f"Chart: {self.alt}"

    def _repr_html_(self) -> str:
        svg = self.svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(self.alt)}" ', 1)
        cap = f"<figcaption>{self.caption}</figcaption>" if self.caption else ""
        data = self.data.html() if self.data is not None else ""
        return f'<figure class="cb-chart">{svg}{cap}{data}</figure>'


@dataclass
class Html:
    """A block of HTML built by the package (tables, notes, lists)."""

    body: str
    classes: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        """Plain text of the block (what nbval compares and a console shows)."""
        text = re.sub(r"<(svg|style)\b.*?</\1>", " ", self.body, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
        return re.sub(r"\s+", " ", text).strip()

    def _repr_html_(self) -> str:
        cls = " ".join(["cb-block", *self.classes])
        return f'<div class="{cls}">{self.body}</div>'


def esc(text: object) -> str:
    """HTML-escape any value."""
    return html.escape("" if text is None else str(text))


def table_html(
    header: list[str], rows: list[list[str]], caption: str = "", classes: str = "cb-table", escape: bool = True
) -> str:
    """A plain HTML table; cells are escaped unless ``escape`` is False (already-built HTML).

    A table of more than six columns is marked ``cb-wide``: it is set smaller, to fit A4 portrait.
    """
    f = esc if escape else (lambda x: x)
    if len(header) > 6:
        classes += " cb-wide"
    head = "".join(f"<th>{f(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{f(c)}</td>" for c in r) + "</tr>" for r in rows)
    cap = f"<caption>{caption}</caption>" if caption else ""
    return f'<table class="{classes}">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
