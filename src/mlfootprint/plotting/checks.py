"""What the figure tests check on a figure drawn without saving (`problems`): every text readable (no two overlap,
none cut off at the figure's edge or out of its table cell, none over a data point, none under 14 pt on a slide),
legends that cover no data and list nothing empty or off the axes, numeric axes with two tick labels at least, no
value label that rounds a non-zero number to "0", and no mark drawn outside its axes."""

import re
from contextlib import contextmanager

import numpy as np
from matplotlib.collections import Collection, LineCollection, PathCollection
from matplotlib.container import Container
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text
from matplotlib.ticker import FixedFormatter, FixedLocator, NullFormatter
from matplotlib.transforms import Bbox

from . import SLIDE_MIN_PT, slide_scale
from .labels import _marker_boxes, _overlap_px

TOUCHING_PT = 0.72
"""Two boxes that share at most this much (points; a pixel at 100 dpi) touch; more is an overlap."""


def _touching(fig) -> float:
    """TOUCHING_PT in the figure's pixels."""
    return TOUCHING_PT * fig.dpi / 72


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


def drawn_texts(fig) -> list[Text]:
    """Draw `fig` without rendering (its one layout, no pixels) and return every text drawn: titles, axis and tick
    labels, annotations, legend texts, table cells, the caption."""
    drawn = []
    with _recording_drawn_texts(drawn):
        fig.draw_without_rendering()
    return drawn


def drawn_labels(fig, texts=None) -> list[tuple[str, Bbox]]:
    """Every drawn text of `fig` with its box in display pixels (text only, without an annotation's arrow)."""
    renderer = fig._get_renderer()
    return [(t.get_text(), Text.get_window_extent(t, renderer)) for t in (drawn_texts(fig) if texts is None
                                                                          else texts)]


def overlapping_labels(fig, touching_px: float | None = None, labels=None) -> list[tuple[str, str]]:
    """Pairs of drawn texts whose boxes overlap by more than `touching_px` pixels in both directions."""
    labels, touching_px = drawn_labels(fig) if labels is None else labels, touching_px or _touching(fig)
    return [(labels[i][0], labels[j][0]) for i in range(len(labels)) for j in range(i + 1, len(labels))
            if _overlap_px(labels[i][1], labels[j][1]) > touching_px]


def labels_outside(fig, touching_px: float | None = None, labels=None) -> list[str]:
    """Drawn texts that stick out of the figure (cut off in the saved file)."""
    width, height = fig.canvas.get_width_height()
    touching_px = touching_px or _touching(fig)
    return [text for text, box in (drawn_labels(fig) if labels is None else labels)
            if box.x0 < -touching_px or box.y0 < -touching_px or box.x1 > width + touching_px
            or box.y1 > height + touching_px]


def labels_over_markers(fig, touching_px: float | None = None, labels=None) -> list[tuple[str, str]]:
    """Drawn texts that cover a data marker (a scatter point, or a marker of a line) of any axes, as (text, axes
    title or "axes N"): a name written over another system's point is misread."""
    labels, touching_px = drawn_labels(fig) if labels is None else labels, touching_px or _touching(fig)
    found = []
    for number, ax in enumerate(fig.axes):
        frame = ax.get_window_extent()
        markers = [m for m in _marker_boxes(ax) if _overlap_px(m, frame) > 0]
        where = ax.get_title() or f"axes {number}"
        found += [(text, where) for text, box in labels if any(_overlap_px(box, m) > touching_px for m in markers)]
    return found


def texts_outside_their_axes(fig, labels_by_text: dict) -> list[str]:
    """Texts written in an axes (value labels, annotations) that run out of it: under a neighbouring panel they
    are hidden, over the axis labels they collide."""
    found = []
    for ax in fig.axes:
        frame = ax.get_window_extent().padded(_touching(fig))
        for text in ax.texts:
            box = labels_by_text.get(text)
            if box is not None and (box.x0 < frame.x0 or box.x1 > frame.x1 or box.y0 < frame.y0 or box.y1 > frame.y1):
                found.append(text.get_text())
    return found


def small_texts(fig, texts) -> list[tuple[str, float]]:
    """Texts smaller than SLIDE_MIN_PT once the figure fills a 16:9 slide, with their size there (pt)."""
    scale = slide_scale(fig)
    return [(t.get_text(), round(t.get_fontsize() * scale, 1)) for t in texts
            if t.get_fontsize() * scale < SLIDE_MIN_PT - 0.05]


def texts_out_of_cells(fig, labels_by_text: dict) -> list[str]:
    """Table cells whose text runs out of the cell (it would be cut off or run into the next cell)."""
    renderer = fig._get_renderer()
    found = []
    for ax in fig.axes:
        for table in ax.tables:
            for cell in table.get_celld().values():
                text = cell.get_text()
                if text in labels_by_text:
                    box, frame = labels_by_text[text], cell.get_window_extent(renderer)
                    if box.x0 < frame.x0 - _touching(fig) or box.x1 > frame.x1 + _touching(fig):
                        found.append(text.get_text())
    return found


# --- marks ---------------------------------------------------------------------------------------------------------

def _display_points(artist) -> np.ndarray:
    """Display coordinates (pixels) of the data an artist draws: a line's vertices, a collection's points, segments
    or outlines, a patch's outline; a container's children together."""
    if isinstance(artist, Container):
        parts = [_display_points(child) for child in artist.get_children()]
        return np.concatenate([p for p in parts if len(p)] or [np.empty((0, 2))])
    if isinstance(artist, Line2D):
        points = artist.get_transform().transform(np.asarray(artist.get_xydata(), float))
    elif isinstance(artist, PathCollection):
        points = artist.get_offset_transform().transform(np.asarray(artist.get_offsets(), float))
    elif isinstance(artist, Collection):
        paths = [p.vertices for p in artist.get_paths() if len(p.vertices)]
        points = artist.get_transform().transform(np.concatenate(paths)) if paths else np.empty((0, 2))
    elif isinstance(artist, Patch):
        points = artist.get_transform().transform(artist.get_path().vertices)
    else:
        return np.empty((0, 2))
    points = np.asarray(points, float).reshape(-1, 2)
    return points[np.isfinite(points).all(axis=1)]


def _inside(points: np.ndarray, frame: Bbox, pad: float) -> np.ndarray:
    return ((points[:, 0] >= frame.x0 - pad) & (points[:, 0] <= frame.x1 + pad) & (points[:, 1] >= frame.y0 - pad)
            & (points[:, 1] <= frame.y1 + pad))


def marks_outside(fig) -> list[str]:
    """Data marks drawn outside their axes, hence cut off or not drawn: markers, scatter points, the ends of bars,
    of interval and range lines (a trend or reference line without markers may run to the edge)."""
    found = []
    for number, ax in enumerate(fig.axes):
        if not ax.axison:
            continue
        frame, where = ax.get_window_extent(), ax.get_title() or f"axes {number}"
        marks = [line for line in ax.lines if line.get_marker() not in (None, "None", "", " ")]
        marks += [c for c in ax.collections if isinstance(c, PathCollection | LineCollection)]
        marks += [patch for container in ax.containers for patch in container.get_children()
                  if isinstance(patch, Rectangle)]
        for mark in marks:
            points = _display_points(mark)
            if mark.get_visible() and len(points) and not _inside(points, frame, _touching(fig)).all():
                found.append(f"{where}: {mark.get_label() or type(mark).__name__}")
    return found


def _sampled(points: np.ndarray, per_segment: int = 12) -> np.ndarray:
    """Points along a polyline (its vertices and evenly spaced points between them)."""
    if len(points) < 2:
        return points
    t = np.linspace(0, 1, per_segment)[:, None, None]
    return (points[:-1] * (1 - t) + points[1:] * t).reshape(-1, 2)


def _legends(fig):
    for ax in fig.axes:
        if ax.get_legend() is not None:
            yield ax, ax.get_legend()
    for legend in fig.legends:
        yield None, legend


def covers_data(legend, ax, renderer, references: bool = False) -> bool:
    """Whether `legend` covers a data mark, line or bar of `ax` (a grid line or a shaded band does not count, nor a
    reference line across the whole axes unless `references`)."""
    box = legend.get_window_extent(renderer)
    if _overlap_px(box, ax.get_window_extent(renderer)) <= 0:
        return False
    touching = _touching(ax.figure)
    if any(_overlap_px(box, m) > touching for m in _marker_boxes(ax)):
        return True
    artists = [line for line in ax.lines if references or line.get_transform() == ax.transData]
    artists += [c for c in ax.collections if isinstance(c, LineCollection)] + [
        p for container in ax.containers for p in container.get_children() if isinstance(p, Rectangle)]
    for artist in artists:
        points = _display_points(artist)
        if isinstance(artist, Line2D):
            points = _sampled(points)
        if len(points) and _inside(points, box, -touching).any():
            return True
    return False


def legends_over_data(fig) -> list[str]:
    """Legends that cover a data mark, line or bar of any axes they overlap."""
    renderer = fig._get_renderer()
    return [" / ".join(t.get_text() for t in legend.get_texts()) for _, legend in _legends(fig)
            if any(covers_data(legend, ax, renderer) for ax in fig.axes)]


EMPTY = re.compile(r"(:\s*$)|(\bnan\b)|(\binf\b)|(^\s*$)|(\(\s*\))|(\[\s*\])", re.IGNORECASE)


def empty_legend_entries(fig) -> list[str]:
    """Legend entries that say nothing (empty, ending with a colon, "nan", "inf", empty brackets) or that stand for
    an artist with nothing drawn inside its axes."""
    found = []
    for ax, legend in _legends(fig):
        texts = [t.get_text() for t in legend.get_texts()]
        found += [text for text in texts if EMPTY.search(text)]
        if ax is None:
            continue
        frame = ax.get_window_extent()
        for handle, label in zip(*ax.get_legend_handles_labels()):
            points = _display_points(handle)
            if label in texts and not (len(points) and _inside(points, frame, _touching(fig)).any()):
                found.append(f"{label} (nothing of it inside the axes)")
    return found


def axes_with_few_ticks(fig, texts) -> list[str]:
    """Numeric axes (not categories or ticks set by hand, not hidden, not sharing another's labels) with fewer than
    two tick labels."""
    drawn, found = {id(t) for t in texts}, []
    every = [a for ax in fig.axes for a in [ax, *ax.child_axes]]
    for number, ax in enumerate(every):
        if not ax.axison:
            continue
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            if not axis.get_visible() or isinstance(axis.get_major_formatter(), FixedFormatter | NullFormatter) \
                    or isinstance(axis.get_major_locator(), FixedLocator):  # categories, or ticks set by hand
                continue
            shown = axis.get_majorticklabels()  # the visible ones: none where a shared axis hides them
            if len(axis.get_ticklocs()) == 0 or not shown:
                continue
            if len({id(t) for t in shown} & drawn) < 2:
                found.append(f"{ax.get_title() or f'axes {number}'}: {name} axis")
    return found


NUMBER = re.compile(r"(?<![\w.])[-+]?\$?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?(?![\w])")


def zero_value_labels(fig, texts) -> list[str]:
    """Value labels (annotations, texts in axes, table cells, legend entries) with a number that reads 0: a
    non-zero value rounded away."""
    labels = [t for ax in fig.axes for t in ax.texts]
    labels += [cell.get_text() for ax in fig.axes for table in ax.tables for cell in table.get_celld().values()]
    labels += [t for _, legend in _legends(fig) for t in legend.get_texts()]
    drawn = {id(t) for t in texts}
    found = []
    for text in labels:
        if id(text) in drawn:
            numbers = [float(n.replace("$", "").replace(",", "")) for n in NUMBER.findall(text.get_text())]
            if any(n == 0 for n in numbers):
                found.append(text.get_text())
    return found


def problems(fig) -> dict[str, list]:
    """Every check of this module on `fig`, drawn once: {check: what it found}; all empty for a readable figure."""
    texts = drawn_texts(fig)
    labels = drawn_labels(fig, texts)
    return {
        "overlapping texts": overlapping_labels(fig, labels=labels),
        "texts cut off at the edge": labels_outside(fig, labels=labels),
        "texts over a data point": labels_over_markers(fig, labels=labels),
        "texts out of their table cell": texts_out_of_cells(fig, {t: box for t, (_, box) in zip(texts, labels)}),
        "texts outside their axes": texts_outside_their_axes(fig, {t: box for t, (_, box) in zip(texts, labels)}),
        "texts under 14 pt on a slide": small_texts(fig, texts),
        "legends over data": legends_over_data(fig),
        "empty legend entries": empty_legend_entries(fig),
        "axes with fewer than two tick labels": axes_with_few_ticks(fig, texts),
        "value labels that read 0": zero_value_labels(fig, texts),
        "marks outside their axes": marks_outside(fig),
    }
