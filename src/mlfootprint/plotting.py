"""Figure helpers: one style file, named figure sizes, `decorate` (title, labels, legend and caption in one call),
point labels placed without collisions, a check that no two labels overlap, and saving as PNG and SVG."""

import functools
import json
import math
from contextlib import contextmanager
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.text import Text
from matplotlib.transforms import Bbox

STYLE_FILE = Path(__file__).with_name("mlfootprint.mplstyle")
FIGURE_RECORD = "figures.json"
"""Each run lists the stems of the figures it saved, in order, in this file of its output folder (the site reads
it)."""
DISPLAY_DPI = 100
"""Pixels per inch at which a notebook shows a saved figure (files are saved at the style's savefig.dpi)."""

ONE_COLUMN, ONE_AND_HALF_COLUMNS, TWO_COLUMNS = 5.5, 8.5, 11.0
"""Figure widths (inches) for a notebook or a slide, as Rougier names them (one, one-and-a-half, two columns); the
height is each figure's own."""

CAPTION_FONTSIZE = 7
LABEL_FONTSIZE = 8
"""Font size (pt) of the names written beside points: readable at the saved size, not the 6-7 pt of a crowded
chart."""
TOUCHING_PX = 1.0
"""Two text boxes that share at most this many pixels (at the figure's dpi) touch; more is an overlap."""


def use_style() -> None:
    """Apply the project's figure style (`drawing` does, before every figure function)."""
    plt.style.use(STYLE_FILE)


def drawing(function):
    """Mark a figure function (Downey's `thinkplot.Config`, applied once): the house style is set before it draws,
    and its caption ends with the code credit, the function's own name ("Code: mlfootprint.analyses.x.figure")."""

    @functools.wraps(function)
    def draw(*args, **kwargs):
        use_style()
        fig = function(*args, **kwargs)
        text = fig.get_supxlabel()
        caption(fig, f"{text} Code: {function.__module__}.{function.__qualname__}".lstrip())
        return fig

    return draw


def caption(fig, text: str) -> None:
    """Put a source caption under the figure (small, left-aligned, wrapped to the figure width)."""
    fig.supxlabel(text, x=0.01, ha="left", fontsize=CAPTION_FONTSIZE, color="0.35", wrap=True)


def decorate(ax, *, title=None, xlabel=None, ylabel=None, legend=None, caption_text=None, suptitle=None, **settings):
    """Downey's `decorate`: title, axis labels, legend and caption in one call, so that a figure function holds only
    what is particular to it. `legend` is a location ("upper left"), a dict of `Axes.legend` options, or None for
    no legend; `settings` go to `Axes.set` (xscale, ylim, ...); `suptitle` titles the whole figure."""
    ax.set(**{k: v for k, v in dict(title=title, xlabel=xlabel, ylabel=ylabel, **settings).items() if v is not None})
    if legend is not None:
        ax.legend(**({"loc": legend} if isinstance(legend, str) else legend))
    if suptitle is not None:
        ax.figure.suptitle(suptitle, fontweight="bold")
    if caption_text is not None:
        caption(ax.figure, caption_text)
    return ax


def savefig(fig, folder: Path, stem: str | None = None):
    """Save `fig` as folder/stem.png and folder/stem.svg, no timestamps (so reruns give the same files); `stem` is
    the figure's label, which a `figure` step sets. Adds the stem to the run's list of figures (figures.json), closes
    the figure, and returns the saved PNG for display: a notebook cell that ends with this call shows the very file
    that was written, without drawing the figure a third time."""
    from IPython.display import Image

    stem = stem or fig.get_label()
    if not stem:
        raise ValueError("savefig needs a stem: the figure has no label (draw it through a `figure` step)")
    png, svg = Path(folder) / f"{stem}.png", Path(folder) / f"{stem}.svg"
    record = Path(folder) / FIGURE_RECORD
    saved = json.loads(record.read_text()) if record.is_file() else []
    record.write_text(json.dumps([s for s in saved if s != stem] + [stem]) + "\n")
    fig.savefig(png, metadata={"Software": None})
    fig.set_layout_engine("none")  # keep the layout just computed: the SVG needs no second layout pass
    fig.savefig(svg, metadata={"Date": None, "Creator": None})
    width = round(fig.get_figwidth() * DISPLAY_DPI)
    plt.close(fig)
    return Image(filename=png, width=width)


# --- labels that do not collide -------------------------------------------------------------------------------------

@contextmanager
def _recording_drawn_texts(drawn: list):
    """While active, every Text the renderer actually draws (visible, non-empty, inside a drawn parent) is appended
    to `drawn`: tick labels of ticks outside the view, or of a hidden axis, are never drawn and never listed."""
    original = Text.draw

    def draw(self, renderer):
        original(self, renderer)
        if self.get_visible() and self.get_text().strip():
            drawn.append(self)

    Text.draw = draw
    try:
        yield drawn
    finally:
        Text.draw = original


def drawn_labels(fig) -> list[tuple[str, Bbox]]:
    """Draw `fig` and return every text the renderer drew (titles, axis and tick labels, annotations, legend
    texts, table cells, caption) with its box in display pixels (text only, without an annotation's arrow)."""
    drawn = []
    with _recording_drawn_texts(drawn):
        fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [(text.get_text(), Text.get_window_extent(text, renderer)) for text in drawn]


def _overlap_px(a: Bbox, b: Bbox) -> float:
    """The smaller side of the intersection of two boxes (pixels; <= 0 when they are apart)."""
    return min(min(a.x1, b.x1) - max(a.x0, b.x0), min(a.y1, b.y1) - max(a.y0, b.y0))


def overlapping_labels(fig, touching_px: float = TOUCHING_PX, labels=None) -> list[tuple[str, str]]:
    """Pairs of drawn texts of `fig` whose boxes overlap by more than `touching_px` pixels in both directions (a
    text is never compared with itself). An empty list means every label can be read. `labels`: the result of
    `drawn_labels(fig)`, if already at hand."""
    labels = drawn_labels(fig) if labels is None else labels
    return [(labels[i][0], labels[j][0]) for i in range(len(labels)) for j in range(i + 1, len(labels))
            if _overlap_px(labels[i][1], labels[j][1]) > touching_px]


def labels_outside(fig, touching_px: float = TOUCHING_PX, labels=None) -> list[str]:
    """Drawn texts of `fig` that stick out of the figure (cut off in the saved file)."""
    width, height = fig.canvas.get_width_height()
    return [text for text, box in (drawn_labels(fig) if labels is None else labels)
            if box.x0 < -touching_px or box.y0 < -touching_px or box.x1 > width + touching_px
            or box.y1 > height + touching_px]


def labels_over_markers(fig, touching_px: float = TOUCHING_PX, labels=None) -> list[tuple[str, str]]:
    """Drawn texts of `fig` that cover a data marker (a scatter point, or a marker of a line) of any axes, as
    (text, axes title or "axes N"): a name written over another system's point is misread."""
    labels = drawn_labels(fig) if labels is None else labels
    found = []
    for number, ax in enumerate(fig.axes):
        frame = ax.get_window_extent()
        markers = [m for m in _marker_boxes(ax) if _overlap_px(m, frame) > 0]
        where = ax.get_title() or f"axes {number}"
        found += [(text, where) for text, box in labels if any(_overlap_px(box, m) > touching_px for m in markers)]
    return found


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


NEAR_PT = 5.0
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
        own = _distance_px(box, point)
        if any(_distance_px(box, c) < own + 1 for c in others):
            clash += 1 if radius > NEAR_PT else 50  # a leader line says whose name it is
        if radius > NEAR_PT:
            anchor = (min(max(point[0], box.x0), box.x1), min(max(point[1], box.y0), box.y1))
            clash += 5 * _crossings(point, anchor, blocked)
        if best is None or clash < best[0]:
            best = (clash, radius, (dx, dy, ha, va), box)
        if clash == 0:
            break
    return best


def place_labels(ax, x, y, labels, *, fontsize: float = LABEL_FONTSIZE, color: str = "0.2", pad_px: float = 2.0,
                 **text_options) -> list:
    """Name each point (x, y, in data coordinates) without collisions, greedily: the most crowded points first,
    try offsets around each (beside it first, then farther away with a thin leader line) and keep the first whose
    text box stays inside the axes, clears by `pad_px` every marker on the axes, the legend, the texts already on
    the axes and the labels placed so far, sits nearer its own point than any other (so it cannot be read as
    another's name), and whose leader line crosses no label or marker. An overlap or a label outside the axes
    weighs more than any ambiguity; when no offset is free, the one with the fewest and smallest overlaps is
    kept.

    Call it last, once the legend and caption are in place: positions are measured on the finished layout, and
    the labels are left out of the layout so that they do not move it."""
    fig = ax.figure
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    markers = _marker_boxes(ax)
    blocked = [box.padded(pad_px) for box in markers]
    blocked += [t.get_window_extent(renderer).padded(pad_px) for t in ax.texts if t.get_visible() and t.get_text()]
    legend = ax.get_legend()
    if legend is not None:
        blocked.append(legend.get_window_extent(renderer).padded(pad_px))
    centres = np.array([[(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2] for b in markers]).reshape(-1, 2)
    candidates = [(NEAR_PT, offset) for offset in _directions(NEAR_PT)]
    candidates += [(radius, offset) for radius in LEADER_PT for offset in _directions(radius)]
    x, y, labels = list(x), list(y), list(labels)
    points = ax.transData.transform(np.column_stack([np.asarray(x, float), np.asarray(y, float)]))
    crowding = [int(np.sum(np.hypot(*(centres - p).T) < 60 * fig.dpi / 72)) for p in points]
    placed = {}
    for i in sorted(range(len(points)), key=lambda i: -crowding[i]):
        point, text = points[i], labels[i]
        others = [c for c in centres if math.hypot(*(c - point)) > 0.5]
        annotation = ax.annotate(text, (x[i], y[i]), xytext=(0, 0), textcoords="offset points",
                                 fontsize=fontsize, color=color, annotation_clip=False, **text_options)
        annotation.set_in_layout(False)
        best = _best_offset(annotation, candidates, renderer, frame, blocked, point, others)
        _, radius, (dx, dy, ha, va), box = best
        xy = annotation.xy
        annotation.remove()
        annotation = ax.annotate(text, xy, xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                                 fontsize=fontsize, color=color, annotation_clip=False,
                                 arrowprops=LEADER if radius > NEAR_PT else None, bbox=BACKDROP, **text_options)
        annotation.set_in_layout(False)
        blocked.append(box.padded(pad_px))
        placed[i] = annotation
    return [placed[i] for i in range(len(points))]


def plain_log_ticks(axis, ticks) -> None:
    """Ticks of a log axis at `ticks`, labelled as plain numbers (5, 10, 20, not 10^1)."""
    from matplotlib.ticker import FixedLocator, NullLocator

    axis.set_major_locator(FixedLocator(ticks))
    axis.set_minor_locator(NullLocator())
    axis.set_major_formatter(lambda value, _: f"{value:,g}")


def log_ticks(ax, axis: str = "y", every: int = 1) -> None:
    """Label a log axis at every `every`-th power of ten as 1e-14, 1e-12, ..., 1e+4 (as OpenAI's charts and the
    article write them), with unlabelled minor ticks at the powers in between."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(LogLocator(base=10 ** every, numticks=50))
    target.set_minor_locator(LogLocator(base=10, subs=(1.0,), numticks=50))
    target.set_major_formatter(FuncFormatter(lambda v, _: f"1e{round(np.log10(v)):+d}"))
    target.set_minor_formatter(NullFormatter())
