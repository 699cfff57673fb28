"""Figure helpers: one style file, a source caption, and saving as PNG and SVG."""

from pathlib import Path

import matplotlib.pyplot as plt

STYLE_FILE = Path(__file__).with_name("mlfootprint.mplstyle")


def use_style() -> None:
    """Apply the project's figure style (called by every figure function)."""
    plt.style.use(STYLE_FILE)


def caption(fig, text: str) -> None:
    """Put a source caption under the figure (small, left-aligned, wrapped to the figure width)."""
    fig.supxlabel(text, x=0.01, ha="left", fontsize=7, color="0.35", wrap=True)


def savefig(fig, folder: Path, stem: str) -> None:
    """Save `fig` as folder/stem.png and folder/stem.svg, without timestamps, so reruns give the same files."""
    paths = [Path(folder) / f"{stem}.png", Path(folder) / f"{stem}.svg"]
    fig.savefig(paths[0], metadata={"Software": None})
    fig.savefig(paths[1], metadata={"Date": None, "Creator": None})
