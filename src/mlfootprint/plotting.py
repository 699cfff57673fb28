"""Figure helpers: one style file, a source caption, and saving as PNG and SVG."""

import json
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

STYLE_FILE = Path(__file__).with_name("mlfootprint.mplstyle")
FIGURE_RECORD = "figures.json"
"""Each run lists the stems of the figures it saved, in order, in this file of its output folder (the site reads
it)."""
DISPLAY_DPI = 100
"""Pixels per inch at which a notebook shows a saved figure (files are saved at the style's savefig.dpi)."""


def use_style() -> None:
    """Apply the project's figure style (called by every figure function)."""
    plt.style.use(STYLE_FILE)


def caption(fig, text: str) -> None:
    """Put a source caption under the figure (small, left-aligned, wrapped to the figure width)."""
    fig.supxlabel(text, x=0.01, ha="left", fontsize=7, color="0.35", wrap=True)


def savefig(fig, folder: Path, stem: str):
    """Save `fig` as folder/stem.png and folder/stem.svg (no timestamps, so reruns give the same files), add
    `stem` to the run's list of figures (figures.json), close the figure, and return the saved PNG for display:
    a notebook cell that ends with this call shows the very file that was written, without drawing the figure a
    third time."""
    from IPython.display import Image

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


def label_points(ax, x, y, labels, fontsize: float = 6.5) -> None:
    """Name each point beside it; a label that would sit on an earlier one (within 5 % of the x range and half
    a decade of a log y axis) is moved down a line."""
    x, y, labels = list(x), list(y), list(labels)
    if not x:
        return
    span = (max(x) - min(x)) or 1.0
    placed = []
    for xi, yi, text in zip(x, y, labels):
        position = (xi, np.log10(yi))
        crowded = sum(abs(position[0] - px) < 0.05 * span and abs(position[1] - py) < 0.5 for px, py in placed)
        placed.append(position)
        ax.annotate(text, (xi, yi), xytext=(4, -3 - 9 * crowded), textcoords="offset points", fontsize=fontsize,
                    color="0.25")
