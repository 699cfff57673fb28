"""Figure helpers: one style file sized for a lecture hall and a paper, one colour-blind-safe palette with one meaning
per colour (`COLORS`), named figure sizes, `drawing` (style and code credit applied once), one caption form
(`caption`), `decorate`, legends that never cover data (`legend="below"`), log axes labelled one way (`log_axis`),
the other unit of training compute on a second axis (`compute_axis`), bootstrap bands (`band`), and `savefig`, which
writes PNG and SVG from a single layout.

A figure is laid out once (`lay_out`, which `drawing` calls when the figure function returns): the caption is
wrapped with measured word widths, the constrained layout runs, then the layout is frozen, so that drawing the PNG,
the SVG or a test's check never lays it out again. Numbers and axes: `plotting.axes`; point labels placed without
collisions: `plotting.labels`; what the figure tests check: `plotting.checks`."""

import contextvars
import functools
from contextlib import contextmanager
import json
import math
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from .axes import (DECADES, YEAR_LABEL, LogLabels, LogTicks, PlainLabels, SpacedTicks, compute_axis,  # noqa: F401
                   doubling_text, log_axis, number, plain_axis, plural, power_of_ten, scientific, year_axis)
from .labels import place_labels  # noqa: F401 (part of the helpers' face)

STYLE_FILE = Path(__file__).resolve().parent.parent / "mlfootprint.mplstyle"
FIGURE_RECORD = "figures.json"
"""Each run lists the stems of the figures it saved, in order, in this file of its output folder (the site reads
it)."""
DISPLAY_DPI = 100
"""Pixels per inch at which a notebook shows a saved figure (files are saved at the style's savefig.dpi)."""

ONE_COLUMN, ONE_AND_HALF_COLUMNS, TWO_COLUMNS = 5.5, 8.5, 11.0
"""Figure widths (inches), as Rougier names them (one, one-and-a-half, two columns)."""
SLIDE_HEIGHT = 6.19
"""The tallest a two-column figure may be to fill a 16:9 slide's width (11 x 6.19 in is 16:9)."""
SLIDE_INCHES = (13.333, 7.5)
"""A 16:9 slide (the default of PowerPoint, Keynote and Google Slides), in inches."""
SLIDE_MIN_PT = 14.0
"""The smallest text (points, as projected on the slide) a lecture hall can read."""
FONT_PT = 12.0
"""Every text of the style (ticks, labels, legends, captions, point labels): a two-column figure fills a slide at
13.333 / 11 = 1.21x, so 12 pt is projected at 14.5 pt, and printed at 7.6 pt in a 7-inch column."""
LABEL_FONTSIZE = CAPTION_FONTSIZE = FONT_PT


def slide_scale(fig) -> float:
    """How much `fig` is enlarged when it fills a 16:9 slide (as wide or as tall as the slide allows)."""
    width, height = fig.get_size_inches()
    return min(SLIDE_INCHES[0] / width, SLIDE_INCHES[1] / height)


COLORS = {
    "this run": "#0072B2",      # blue: this run's data and what it computes (recomputed values, fits, estimates)
    "published": "#000000",     # black: a published or claimed value, and the article's references
    "context": "#999999",       # grey: drawn but neither fitted nor judged
    "other source": "#D55E00",  # vermillion: the same quantity by another method or source
    "frontier": "#E69F00",      # orange: Epoch AI's frontier systems
    "data centre": "#CC79A7",   # reddish purple: the data centre (PUE)
    "grid": "#009E73",          # bluish green: the electricity grid (carbon intensity)
    "low end": "#56B4E9",       # sky blue: a factor at the low end of its range
    "differs": "#F0E442",       # yellow: a published number that differs from its recomputation
}
"""Okabe & Ito's colour-blind-safe palette (2008), one meaning per colour in every figure. Colours drawn side by
side also differ in lightness (blue against sky blue, orange, yellow) or in mark and line style, so that a grey
print keeps them apart."""
BAND_ALPHA = 0.2
"""Opacity of an interval drawn as a band (a bootstrap band, a 5-95 % interval) in its line's colour."""

_CREDIT = contextvars.ContextVar("credit", default="")


def use_style() -> None:
    """Apply the project's figure style (`drawing` does, before every figure function)."""
    plt.style.use(STYLE_FILE)


def drawing(function):
    """Mark a figure function (Downey's `thinkplot.Config`, applied once): the house style is set before it draws,
    its caption ends with the code credit, the function's own name ("Code: mlfootprint.analyses.x.figure"), and
    the figure it returns is laid out once (`lay_out`)."""

    @functools.wraps(function)
    def draw(*args, **kwargs):
        use_style()
        token = _CREDIT.set(f"Code: {function.__module__}.{function.__qualname__}")
        try:
            with plt.rc_context({"figure.constrained_layout.use": True}):  # only while drawing: see `lay_out`
                fig = function(*args, **kwargs)
            if not fig.get_supxlabel():
                raise ValueError(f"{function.__qualname__} drew no caption: call plotting.caption(fig, data, ...)")
            lay_out(fig)
        finally:
            _CREDIT.reset(token)
        return fig

    return draw


def caption(fig, data: str, *notes: str) -> None:
    """The one caption form, under the figure: "Data: <what was plotted, and whose>. <notes: what the marks
    are> Code: <the figure function>" (the credit is added inside a `drawing` function)."""
    parts = [f"Data: {data.rstrip('.')}."] + [n if n.endswith(".") else f"{n}." for n in notes if n]
    text = " ".join(parts + ([_CREDIT.get()] if _CREDIT.get() else []))
    fig.supxlabel(text, x=0.01, ha="left", fontsize=CAPTION_FONTSIZE, color="0.3")


def title(fig, text: str) -> None:
    """The figure's title (one per figure, above every panel)."""
    fig.suptitle(text, fontweight="bold")


def decorate(ax, *, title=None, xlabel=None, ylabel=None, legend=None, **settings):
    """Downey's `decorate`: title, axis labels and legend in one call, so that a figure function holds only what is
    particular to it. `legend` is "free" (inside the axes where it covers no data, else below the figure:
    `free_legend`), "below" (under the figure: `legend_below`), a location inside the axes ("upper left"), a dict of
    `Axes.legend` options, or None; `settings` go to `Axes.set` (xscale, ylim, ...)."""
    ax.set(**{k: v for k, v in dict(title=title, xlabel=xlabel, ylabel=ylabel, **settings).items() if v is not None})
    if legend == "below":
        legend_below(ax)
    elif legend == "free":
        free_legend(ax)
    elif legend is not None:
        ax.legend(**({"loc": legend} if isinstance(legend, str) else legend))
    return ax


def legend_below(ax, *args, **options):
    """A legend of `ax` under the whole figure, above the caption, where no data can be: `lay_out` gathers the
    entries of every such legend (once each) into one figure legend, in as many columns as the width allows."""
    legend = _legend(ax, *args, **options)
    legend.below = True
    return legend


def _legend(ax, handles=None, labels=None, **options):
    """`ax.legend` that remembers its handles and labels (`entries`), so that `lay_out` can move them under the
    figure as they are (a legend's own copies of its handles lose an error bar's marker)."""
    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    elif labels is None:
        labels = [handle.get_label() for handle in handles]
    legend = ax.legend(handles, labels, **options)
    legend.entries = list(zip(labels, handles))
    return legend


INSIDE = ("upper left", "upper right", "lower right", "lower left", "upper center", "lower center", "center left",
          "center right")
"""Where `free_legend` tries a legend inside its axes, in this order."""


def free_legend(ax, *args, **options):
    """A legend inside `ax` at the first place of INSIDE where it fits and covers no data on the finished layout,
    else under the figure (as `legend_below`): decided once, by `lay_out`."""
    legend = _legend(ax, *args, loc=INSIDE[0], **options)
    legend.free = True
    return legend


# --- one layout ---------------------------------------------------------------------------------------------------

def lay_out(fig) -> None:
    """Lay `fig` out once and freeze it: wrap the caption with measured word widths, gather the legends that go
    below the figure, run the constrained layout, put each free legend where it covers no data (or below, then lay
    out again), and remove the layout engine, so that the PNG, the SVG and any check draw this same layout without
    laying the figure out again. A second call does nothing."""
    if getattr(fig, "laid_out", False):
        return
    renderer = fig._get_renderer()
    _wrap_caption(fig, renderer)
    engine = fig.get_layout_engine()
    _legend_below_figure(fig, renderer, engine)
    if engine is not None:
        engine.execute(fig)
    if not _place_free_legends(fig, renderer):
        _legend_below_figure(fig, renderer, engine)
        if engine is not None:
            engine.execute(fig)  # a legend went below the figure: lay out again, once
    with plt.rc_context({"figure.constrained_layout.use": False, "figure.autolayout": False}):
        fig.set_layout_engine(None)  # (the style leaves the engine off, so that a save restores it as None)
    fig.laid_out = True


def _wrap_caption(fig, renderer) -> None:
    """Break the caption into lines that fit the figure's width, measuring each word once (matplotlib's own
    wrapping measures every prefix of a line at every draw)."""
    text = fig._supxlabel
    if text is None or not text.get_text():
        return
    width = fig.bbox.width * (0.98 - text.get_position()[0])
    prop = text.get_fontproperties()

    def measure(s):
        return renderer.get_text_width_height_descent(s, prop, ismath=False)[0]

    space, lines = measure("a a") - measure("aa"), []
    for paragraph in text.get_text().split("\n"):
        line, used = [], 0.0
        for word in paragraph.split(" "):
            size = measure(word)
            if line and used + space + size > width:
                lines.append(" ".join(line))
                line, used = [], 0.0
            used += (space if line else 0) + size
            line.append(word)
        lines.append(" ".join(line))
    text.set_text("\n".join(lines))
    text.set_wrap(False)


def _legend_below_figure(fig, renderer, engine) -> None:
    """One legend under the figure, above the caption, with the entries (once each) of every axes legend marked
    `below`; the constrained layout keeps the panels above it."""
    entries = {}
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is not None and getattr(legend, "below", False):
            for label, handle in legend.entries:
                entries.setdefault(label, handle)
            legend.remove()
    if not entries:
        return
    for old in [legend for legend in fig.legends if getattr(legend, "below", False)]:
        entries = {**dict(old.entries), **entries}
        old.remove()
    for columns in range(min(len(entries), 4), 0, -1):
        legend = fig.legend(list(entries.values()), list(entries), loc="lower center", ncols=columns)
        legend.entries = list(entries.items())
        if legend.get_window_extent(renderer).width <= fig.bbox.width * 0.96 or columns == 1:
            break
        legend.remove()
    legend.below = True
    pad = 6.0
    caption = fig._supxlabel.get_window_extent(renderer).height if fig._supxlabel is not None else 0.0
    legend.set_bbox_to_anchor((0.5, (caption + 2 * pad) / fig.bbox.height), transform=fig.transFigure)
    if engine is not None:
        below = (legend.get_window_extent(renderer).height + 2 * pad) / fig.bbox.height
        engine.set(rect=(0, below, 1, 1 - below))


def _place_free_legends(fig, renderer) -> bool:
    """Put each free legend at the first place inside its axes where it fits and covers no data (backed in white
    where it crosses a reference line); a legend with no such place is marked to go below the figure. False when one was (the figure must be laid out again)."""
    from .checks import covers_data

    inside = True
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None or not getattr(legend, "free", False):
            continue
        frame = ax.get_window_extent(renderer)
        for references, loc in [(True, loc) for loc in INSIDE] + [(False, loc) for loc in INSIDE]:
            legend.set_loc(loc)  # clear of reference lines too if possible, else of the data
            box = legend.get_window_extent(renderer)
            if frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1 \
                    and not covers_data(legend, ax, renderer, references):
                if not references:  # over a reference line: a white backing keeps the text readable
                    legend.set_frame_on(True)
                    legend.get_frame().set(facecolor="white", edgecolor="none", alpha=0.85)
                break
        else:
            legend.below, inside = True, False
    return inside


PNG_COMPRESSION = 1
"""zlib level of the PNG files: 1 writes them in two thirds of the time of the default 6, 10 % larger."""


@contextmanager
def _measured_once(fig):
    """While the SVG is written, measure its texts with the metrics the layout and the PNG already took (the Agg
    renderer's, kept by matplotlib per renderer, scaled from the figure's dpi to the SVG's 72) instead of laying
    every text out a third time. The SVG keeps its text as text, which the viewer sets in its own font."""
    from matplotlib.backends.backend_svg import RendererSVG
    from matplotlib.text import _get_text_metrics_with_cache

    get_renderer = getattr(fig.canvas, "get_renderer", None)
    if get_renderer is None:  # not an Agg canvas: nothing measured to reuse
        yield
        return
    renderer, dpi, original = get_renderer(), fig.dpi, RendererSVG.get_text_width_height_descent

    def measured(self, text, prop, ismath):
        if ismath:
            return original(self, text, prop, ismath)
        width, height, descent = _get_text_metrics_with_cache(renderer, text, prop, ismath, dpi)
        return width * 72 / dpi, height * 72 / dpi, descent * 72 / dpi

    RendererSVG.get_text_width_height_descent = measured
    try:
        yield
    finally:
        RendererSVG.get_text_width_height_descent = original


def savefig(fig, folder: Path, stem: str | None = None):
    """Save `fig` as folder/stem.png and folder/stem.svg (text kept as text), both drawn from the one layout
    `lay_out` made, with no timestamps (so reruns give the same files); `stem` is the figure's label, which a
    `figure` step sets. Adds the stem to the run's list of figures (figures.json), closes the figure, and returns
    the saved PNG for display: a notebook cell that ends with this call shows the very file that was written."""
    from IPython.display import Image

    stem = stem or fig.get_label()
    if not stem:
        raise ValueError("savefig needs a stem: the figure has no label (draw it through a `figure` step)")
    png, svg = Path(folder) / f"{stem}.png", Path(folder) / f"{stem}.svg"
    record = Path(folder) / FIGURE_RECORD
    saved = json.loads(record.read_text()) if record.is_file() else []
    record.write_text(json.dumps([s for s in saved if s != stem] + [stem]) + "\n")
    lay_out(fig)
    fig.savefig(png, metadata={"Software": None}, pil_kwargs={"compress_level": PNG_COMPRESSION})
    with _measured_once(fig):
        fig.savefig(svg, metadata={"Date": None, "Creator": None})
    width = round(fig.get_figwidth() * DISPLAY_DPI)
    plt.close(fig)
    return Image(filename=png, width=width)


def value_label(ax, text: str, xy, offset=(6, 0), **options):
    """A number written beside a mark (`offset` in points; to its right by default, centred vertically): left out
    of the layout, so that a long label never squeezes another panel; the figure tests check it stays inside."""
    options = {"ha": "left" if offset[0] > 0 else "right" if offset[0] < 0 else "center",
               "va": "center" if offset[1] == 0 else "bottom" if offset[1] > 0 else "top", **options}
    options.setdefault("bbox", dict(boxstyle="square,pad=0.1", facecolor="white", edgecolor="none", alpha=0.8))
    label = ax.annotate(text, xy, xytext=offset, textcoords="offset points", annotation_clip=False, **options)
    label.set_in_layout(False)
    return label


def style_table(table, left_columns: int = 0, tint: float = 1.0) -> None:
    """A matplotlib table in the house style: the style's font size, columns as wide as their text, light rules, a
    bold heading row, coloured cells at opacity `tint`, the first `left_columns` columns aligned left."""
    table.auto_set_font_size(False)
    table.set_fontsize(FONT_PT)
    table.auto_set_column_width(range(max(col for _, col in table.get_celld()) + 1))
    for (row, col), cell in table.get_celld().items():
        cell.set_edgecolor("0.75")
        cell.set_alpha(tint if cell.get_facecolor()[:3] != (1, 1, 1) else 1)
        cell.get_text().set_fontweight("bold" if row == 0 else "normal")
        if col < left_columns:
            cell.get_text().set_horizontalalignment("left")
            cell.PAD = 0.04


def band(ax, table, color: str = COLORS["this run"], within=None, **options):
    """Shade a band (a table of `year`, `low`, `high`, e.g. `trends.band`) in `color`, without widening the axes:
    a bootstrap band flares where the points are few, and the points, not the band, set the view. `within`: the
    (lowest, highest) value the band may reach (the points' range), so that a flaring band never fills the axes;
    the band returned has `cut` True when it was cut there (say so in the caption: `BAND_CUT`)."""
    from matplotlib.collections import PolyCollection

    x, low, high = (np.asarray(table[c], float) for c in ("year", "low", "high"))
    cut = False
    if within is not None:
        cut = bool((low < within[0]).any() or (high > within[1]).any())
        low, high = np.clip(low, *within), np.clip(high, *within)
    outline = np.concatenate([np.column_stack([x, low]), np.column_stack([x[::-1], high[::-1]])])
    shade = PolyCollection([outline], facecolors=color, alpha=BAND_ALPHA, linewidths=0, **options)
    ax.add_collection(shade, autolim=False)
    shade.cut = cut
    return shade


BAND_CUT = "cut at the range of the points"
"""The caption's words for a band cut by `band(..., within=...)`."""


def doubling_reference(ax, years, values, months: float, label: str, **options):
    """A reference line doubling every `months`, through the centre of the points (mean date, mean log10 value),
    drawn only where it stays within the points' dates and values (so that it never stretches the axes): the slope
    a claim states, beside the slope fitted."""
    years, logs = np.asarray(years, float), np.log10(np.asarray(values, float))
    slope = math.log10(2) * 12 / months
    centre_x, centre_y = years.mean(), logs.mean()
    start = max(years.min(), centre_x + (logs.min() - centre_y) / slope)
    end = min(years.max(), centre_x + (logs.max() - centre_y) / slope)
    x = np.array([start, end])
    return ax.plot(x, 10 ** (centre_y + slope * (x - centre_x)), color=COLORS["published"], linestyle="--",
                   linewidth=1.5, label=label, **options)

