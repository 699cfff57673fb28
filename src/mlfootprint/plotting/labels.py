"""Names written beside points without collisions (`place_labels`), and the boxes of a figure's marks that both the
placement and the figure tests (`plotting.checks`) avoid."""

import math

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.transforms import Bbox


def _overlap_px(a: Bbox, b: Bbox) -> float:
    """The smaller side of the intersection of two boxes (pixels; <= 0 when they are apart)."""
    return min(min(a.x1, b.x1) - max(a.x0, b.x0), min(a.y1, b.y1) - max(a.y0, b.y0))


def _marker_boxes(ax) -> list[Bbox]:
    """A box (display pixels) around every marker drawn on `ax`: scatter points and lines drawn with markers."""
    px_per_pt = ax.figure.dpi / 72
    boxes = []
    for collection in ax.collections:
        if isinstance(collection, PathCollection) and collection.get_visible():
            points = collection.get_offset_transform().transform(collection.get_offsets())
            sizes = collection.get_sizes()
            for i, (px, py) in enumerate(points):
                if not (np.isfinite(px) and np.isfinite(py)):
                    continue  # a missing value draws nothing
                radius = math.sqrt(sizes[i % len(sizes)] if len(sizes) else 36) / 2 * px_per_pt
                boxes.append(Bbox.from_extents(px - radius, py - radius, px + radius, py + radius))
    for line in ax.lines:
        if line.get_visible() and line.get_marker() not in (None, "None", "", " "):
            radius = line.get_markersize() / 2 * px_per_pt
            for px, py in line.get_transform().transform(line.get_xydata()):
                if not (np.isfinite(px) and np.isfinite(py)):
                    continue
                boxes.append(Bbox.from_extents(px - radius, py - radius, px + radius, py + radius))
    return boxes


def _directions(radius: float) -> list[tuple[float, float, str, str]]:
    """Offsets (points) around a point, each with the text alignment that keeps the text on that side: right,
    left, above, below, then the diagonals."""
    d = radius / math.sqrt(2)
    return [(radius, 0, "left", "center"), (-radius, 0, "right", "center"), (0, radius, "center", "bottom"),
            (0, -radius, "center", "top"), (d, d, "left", "bottom"), (d, -d, "left", "top"),
            (-d, d, "right", "bottom"), (-d, -d, "right", "top")]


NEAR_PT = 6.5
"""Offset (points) of a label written right beside its point."""
LEADER_PT = (16.0, 28.0, 42.0, 60.0)
"""Farther offsets (points) tried, with a thin leader line to the point, when no place beside it is free."""
LEADER = dict(arrowstyle="-", color="0.55", linewidth=0.6, shrinkA=0, shrinkB=3)
BACKDROP = dict(boxstyle="square,pad=0.1", facecolor="white", edgecolor="none", alpha=0.8)
"""A light backdrop behind a point label, so that a grid or trend line under it does not cut its letters."""


def _distance_px(box: Bbox, point) -> float:
    """Distance (pixels) from a point to the nearest edge of a box; 0 inside it."""
    dx = max(box.x0 - point[0], 0, point[0] - box.x1)
    dy = max(box.y0 - point[1], 0, point[1] - box.y1)
    return math.hypot(dx, dy)


CLEARLY_NEARER = 1.5
"""A label reads as its point's name only when every other point is this many times farther from it (and 2 px)."""


AMBIGUOUS = 50
"""The weight of a label that could be read as another point's name (less than an overlap's 1000)."""


def _ambiguity(box: Bbox, point, others, leader: bool) -> int:
    """How much a label's box could be read as another point's name: AMBIGUOUS when it sits nearer another point
    than its own, or, without a leader line, not clearly nearer its own (`CLEARLY_NEARER`); 1 when a leader line
    says whose name it is but another point is about as near; else 0."""
    own = _distance_px(box, point)
    nearest = min((_distance_px(box, c) for c in others), default=math.inf)
    if nearest < own or (not leader and nearest < CLEARLY_NEARER * own + 2):
        return AMBIGUOUS
    return 1 if nearest < CLEARLY_NEARER * own + 2 else 0


def _crossings(start, end, boxes, steps: int = 24) -> int:
    """How many of `boxes` a straight line from `start` to `end` (pixels) passes through."""
    t = np.linspace(0.15, 0.85, steps)[:, None]
    samples = np.asarray(start) * (1 - t) + np.asarray(end) * t
    return sum(bool(np.any((samples[:, 0] > b.x0) & (samples[:, 0] < b.x1) & (samples[:, 1] > b.y0)
                           & (samples[:, 1] < b.y1))) for b in boxes)


def _best_offset(annotation, candidates, renderer, frame, blocked, point, others) -> tuple:
    """The first candidate offset of `annotation` that clashes with nothing, else the one that clashes least
    (see `place_labels`): (clash, radius, (dx, dy, ha, va), box)."""
    best = None
    for radius, (dx, dy, ha, va) in candidates:
        annotation.set_position((dx, dy))
        annotation.set_horizontalalignment(ha)
        annotation.set_verticalalignment(va)
        box = annotation.get_window_extent(renderer)
        outside = max(frame.x0 - box.x0, box.x1 - frame.x1, frame.y0 - box.y0, box.y1 - frame.y1, 0)
        overlaps = [_overlap_px(box, other) for other in blocked]
        clash = 1000 * (sum(o > 0 for o in overlaps) + (outside > 0)) + sum(o for o in overlaps if o > 0) + outside
        clash += _ambiguity(box, point, others, leader=radius > NEAR_PT)
        if radius > NEAR_PT:
            anchor = (min(max(point[0], box.x0), box.x1), min(max(point[1], box.y0), box.y1))
            clash += 5 * _crossings(point, anchor, blocked)
        if best is None or clash < best[0]:
            best = (clash, radius, (dx, dy, ha, va), box)
        if clash == 0:
            break
    return best


def place_labels(ax, x, y, labels, *, fontsize: float | None = None, color: str = "0.2", pad_pt: float = 1.5,
                 only_where_free: bool = False, **text_options) -> list:
    """Name each point (x, y, in data coordinates) without collisions, greedily: the most crowded points first,
    try offsets around each (beside it first, then farther away with a thin leader line) and keep the first whose
    text box stays inside the axes, clears by `pad_pt` every marker on the axes, the legend, the texts already on
    the axes and the labels placed so far, sits nearer its own point than any other (so it cannot be read as
    another's name: `_ambiguity`), and whose leader line crosses no label or marker. An overlap or a label outside the axes
    weighs more than any ambiguity; when no offset is free, the one with the fewest and smallest overlaps is
    kept; with `only_where_free`, such a label is left out instead (None in the list returned), as is one that
    could be read as another point's name, and labels are tried in the order given (give the most wanted first) and never far from their points. `fontsize`: the
    style's by default.

    Call it last, once the legend and caption are in place: it lays the figure out (`plotting.lay_out`, once and
    for all) and measures on that layout; the labels are left out of the layout."""
    from . import lay_out

    fig = ax.figure
    lay_out(fig)
    renderer = fig._get_renderer()
    pad_px = pad_pt * fig.dpi / 72
    frame = ax.get_window_extent(renderer)
    markers = _marker_boxes(ax)
    blocked = [box.padded(pad_px) for box in markers]
    blocked += [t.get_window_extent(renderer).padded(pad_px) for t in ax.texts if t.get_visible() and t.get_text()]
    legend = ax.get_legend()
    if legend is not None:
        blocked.append(legend.get_window_extent(renderer).padded(pad_px))
    centres = np.array([[(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2] for b in markers]).reshape(-1, 2)
    candidates = [(NEAR_PT, offset) for offset in _directions(NEAR_PT)]
    candidates += [(radius, offset) for radius in LEADER_PT[:2 if only_where_free else None]
                   for offset in _directions(radius)]
    x, y, labels = list(x), list(y), list(labels)
    points = ax.transData.transform(np.column_stack([np.asarray(x, float), np.asarray(y, float)]))
    crowding = [int(np.sum(np.hypot(*(centres - p).T) < 60 * fig.dpi / 72)) for p in points]
    placed = {}
    order = range(len(points)) if only_where_free else sorted(range(len(points)), key=lambda i: -crowding[i])
    for i in order:
        point, text = points[i], labels[i]
        others = [c for c in centres if math.hypot(*(c - point)) > 0.5]
        annotation = ax.annotate(text, (x[i], y[i]), xytext=(0, 0), textcoords="offset points",
                                 fontsize=fontsize, color=color, annotation_clip=False, **text_options)
        annotation.set_in_layout(False)
        best = _best_offset(annotation, candidates, renderer, frame, blocked, point, others)
        clash, radius, (dx, dy, ha, va), box = best
        xy = annotation.xy
        annotation.remove()
        if only_where_free and (clash >= 1000 or _ambiguity(box, point, others, radius > NEAR_PT) == AMBIGUOUS):  # an overlap, outside the axes, or nearer another point
            placed[i] = None
            continue
        annotation = ax.annotate(text, xy, xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                                 fontsize=fontsize, color=color, annotation_clip=False,
                                 arrowprops=LEADER if radius > NEAR_PT else None, bbox=BACKDROP, **text_options)
        annotation.set_in_layout(False)
        blocked.append(box.padded(pad_px))
        placed[i] = annotation
    return [placed[i] for i in range(len(points))]
