"""Map labels that do not overlap: each label is pushed away from the others and, once moved, joined to its place.

A simple repel step (no optimisation library): overlapping pairs are pushed apart along the axis where
they overlap least, a little each round, until no two labels' boxes meet. Measured in the figure's own
units at the size it prints, so it runs after the figure has its final size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib is imported where a figure is drawn, not when the package loads
    from matplotlib.lines import Line2D
    from matplotlib.text import Text

#: Room kept around each label (points): more than the white box a moved label gets, so boxes never meet.
LABEL_PAD_PT = 1.5
#: A label moved further than this (points) from its place is joined to it by a leader line.
LEADER_AFTER_PT = 4.0
LEADER_COLOUR = "#57606a"
#: The white box a label gets where it crosses other regions (a city's label, or a label moved away).
LABEL_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}


@dataclass
class Label:
    """A label on a map: its text, the point it names (data coordinates) and its leader line, if it has one."""

    text: Text
    anchor: tuple[float, float]
    line: Line2D | None = None


def box(label: Label, renderer):
    """The label's box on the page (its white box where it has one), in display units."""
    patch = label.text.get_bbox_patch()
    if patch is None:
        return label.text.get_window_extent(renderer)
    label.text.update_bbox_position_size(renderer)  # the box follows its text only when drawn: place it now
    return patch.get_window_extent(renderer)


def overlapping(labels: list[Label], renderer, pad: float = 0.0) -> list[tuple[int, int]]:
    """Pairs of labels whose boxes (each grown by ``pad`` display units) overlap."""
    boxes = [box(lb, renderer).padded(pad) for lb in labels]
    return [
        (i, j)
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if min(boxes[i].x1, boxes[j].x1) > max(boxes[i].x0, boxes[j].x0)
        and min(boxes[i].y1, boxes[j].y1) > max(boxes[i].y0, boxes[j].y0)
    ]


def repel(ax, labels: list[Label], box_style: dict | None = None, rounds: int = 300) -> None:
    """Move overlapping labels apart until no two boxes overlap (or ``rounds`` runs out).

    Each round pushes every overlapping pair apart along the axis where they overlap least, half each way.
    A label that ends further than :data:`LEADER_AFTER_PT` from its place gets a leader line and
    ``box_style`` (a white box, so that it reads over the regions it now crosses), and the labels are pushed
    apart once more with their new boxes; a label that already has a leader line keeps it, moved with it.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    to_px = ax.transData
    _push_apart(ax, labels, renderer, rounds)
    moved = []
    for lb in labels:
        (ax_, ay_), (px, py) = to_px.transform(lb.anchor), to_px.transform(lb.text.get_position())
        if lb.line is None and math.hypot(px - ax_, py - ay_) > LEADER_AFTER_PT * fig.dpi / 72:
            moved.append(lb)
            if box_style:
                lb.text.set_bbox(box_style)
                lb.text.set_color("#24292f")
    if moved and box_style:
        _push_apart(ax, labels, renderer, rounds)  # the white boxes are larger than the bare text
    for lb in labels:
        x, y = lb.text.get_position()
        if lb.line is not None:
            lb.line.set_data([lb.anchor[0], x], [lb.anchor[1], y])
        elif lb in moved:
            (lb.line,) = ax.plot([lb.anchor[0], x], [lb.anchor[1], y], color=LEADER_COLOUR, linewidth=0.6)


def fit_inside(ax, labels: list[Label], areas: list) -> None:
    """Move each label whose box crosses the edge of its area to the nearest place where the box fits inside.

    ``areas``: each label's ``(region, fill colour)``, the region a shapely geometry in data coordinates (None:
    leave the label where it is). The places where a box fits are the region shrunk by half the box (measured
    on the page, the box made a square by squeezing the page's x axis). A label that fits nowhere is tried with
    its first line broken in two ("North Kazakhstan" over two lines); one that still fits nowhere stays where
    it is, in a box of its region's colour, so that no border runs through its words. A moved label names its
    new place.
    """
    renderer = ax.figure.canvas.get_renderer()
    for lb, area in zip(labels, areas):
        if area is None:
            continue
        region, fill = area
        if _move_inside(ax, lb, region, renderer):
            continue
        text = lb.text.get_text()
        broken = _broken(text)
        if broken != text:
            lb.text.set_text(broken)
            if _move_inside(ax, lb, region, renderer):
                continue
            lb.text.set_text(text)
        lb.text.set_bbox({**LABEL_BOX, "facecolor": fill})


def _broken(text: str) -> str:
    """``text`` with its first line broken in two nearest its middle, at a space or after a hyphen."""
    first, newline, rest = text.partition("\n")
    breaks = [i for i in range(1, len(first)) if first[i] == " " or first[i - 1] == "-"]
    if not breaks:
        return text
    i = min(breaks, key=lambda i: abs(i - len(first) / 2))
    return first[:i].rstrip() + "\n" + first[i:].lstrip() + newline + rest


def _move_inside(ax, lb: Label, area, renderer) -> bool:
    """Move ``lb`` to the nearest place where its box fits inside ``area``; False (unmoved) if there is none."""
    import shapely
    from shapely import affinity
    from shapely.ops import nearest_points

    to_px, to_data = ax.transData, ax.transData.inverted()
    b = box(lb, renderer).padded(LABEL_PAD_PT * ax.figure.dpi / 72)
    region = shapely.transform(area, to_px.transform)
    if region.contains(shapely.box(b.x0, b.y0, b.x1, b.y1)):
        return True
    w, h = b.width, b.height
    square = affinity.scale(region, xfact=h / w, origin=(0, 0))  # the box becomes an h-by-h square
    centre = shapely.Point((b.x0 + b.x1) / 2 * h / w, (b.y0 + b.y1) / 2)
    for reach in (0.5, 0.6, 0.71):  # half the square's side, up to half its diagonal: slanted edges need more
        room = square.buffer(-reach * h, join_style="mitre")
        if room.is_empty:
            return False
        spot = nearest_points(room, centre)[0]
        dx, dy = spot.x * w / h - (b.x0 + b.x1) / 2, spot.y - (b.y0 + b.y1) / 2
        if region.contains(shapely.box(b.x0 + dx, b.y0 + dy, b.x1 + dx, b.y1 + dy)):
            px, py = to_px.transform(lb.text.get_position())
            lb.text.set_position(to_data.transform((px + dx, py + dy)))
            lb.anchor = tuple(to_data.transform((px + dx, py + dy)))
            return True
    return False


def _push_apart(ax, labels: list[Label], renderer, rounds: int) -> None:
    """Rounds of pushing every overlapping pair apart, until none overlaps or ``rounds`` runs out."""
    pad = LABEL_PAD_PT * ax.figure.dpi / 72
    to_px, to_data = ax.transData, ax.transData.inverted()
    for _ in range(rounds):
        pairs = overlapping(labels, renderer, pad)
        if not pairs:
            return
        boxes = [box(lb, renderer).padded(pad) for lb in labels]
        push = [[0.0, 0.0] for _ in labels]
        for i, j in pairs:
            a, b = boxes[i], boxes[j]
            ox = min(a.x1, b.x1) - max(a.x0, b.x0)
            oy = min(a.y1, b.y1) - max(a.y0, b.y0)
            axis, amount = (0, ox) if ox < oy else (1, oy)
            ca, cb = (a.x0 + a.x1, a.y0 + a.y1), (b.x0 + b.x1, b.y0 + b.y1)
            sign = 1.0 if ca[axis] >= cb[axis] else -1.0
            step = amount / 2 + 0.5
            push[i][axis] += sign * step
            push[j][axis] -= sign * step
        for lb, (dx, dy) in zip(labels, push):
            if dx or dy:
                x, y = to_px.transform(lb.text.get_position())
                lb.text.set_position(to_data.transform((x + dx, y + dy)))
