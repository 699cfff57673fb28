"""The figure of `mlfootprint pool`: where a class's runs land against the published values, claim by claim (each
run's recomputed value over the published one, e.g. five cars per run against the article's 5)."""

import math

import numpy as np
import pandas as pd

from .. import plotting
from ..claims import DIFFERS, NOT_CHECKABLE, NUMBER, REPRODUCED, accepted
from ..loaders import load_claims

MAX_CLAIMS = 12
"""Most claims drawn (those whose recomputed value varies across the runs first); pooled.csv holds them all."""
VERDICT_COLORS = {REPRODUCED: "#1a7f37", DIFFERS: "#d62728", NOT_CHECKABLE: "0.55"}


def drawn_claims(table, notebook) -> list[dict]:
    """The number claims of `notebook` in data/claims.csv that the pooled runs recomputed, each with its published
    value, the interval it stands for and the runs' ratios to it; those that vary across the runs first, at most
    MAX_CLAIMS."""
    claims = load_claims()
    mine = claims[(claims["notebook"] == notebook.stem) & (claims["kind"] == NUMBER)]
    drawn = []
    for claim_id, claim in mine.iterrows():
        column = f"recomputed:{claim_id}"
        published = float(claim["published_value"])
        if column not in table.columns or not published or math.isnan(published):
            continue
        values = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)
        low, high = accepted(published, claim["sig_figs"], claim["sided"], claim["hedge"])
        verdicts = table.get(f"verdict:{claim_id}")
        drawn.append({"id": claim_id, "published": published, "unit": claim["unit"], "ratios": values / published,
                      "band": (low / published, high / published),
                      "verdicts": list(verdicts) if verdicts is not None else [None] * len(values),
                      "varies": bool(np.nanmax(values) > np.nanmin(values)) if np.isfinite(values).any() else False})
    drawn.sort(key=lambda d: not d["varies"])  # stable: data/claims.csv's order within each group
    return drawn[:MAX_CLAIMS]


def _limits(drawn: list[dict], log: bool) -> tuple[float, float]:
    """The x range: every run's ratio, 1, and the finite ends of the bands, with a margin."""
    values = [1.0] + [r for d in drawn for r in d["ratios"] if np.isfinite(r)] + [
        end for d in drawn for end in d["band"] if np.isfinite(end)]
    values = [v for v in values if v > 0] if log else values
    low, high = min(values), max(values)
    return (low / 1.5, high * 1.5) if log else (low - 0.1 * (high - low) - 0.1, high + 0.1 * (high - low) + 0.1)


@plotting.drawing
def draw_pooled(drawn: list[dict], notebook, runs: int, total: int):
    """One row per claim: each run's recomputed value over the published one (a dot coloured by its verdict), the
    values the published number stands for (grey band) and the published value itself (1)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(plotting.TWO_COLUMNS, 1.6 + 0.45 * max(len(drawn), 1)))
    ratios = [r for d in drawn for r in d["ratios"] if np.isfinite(r)]
    log = bool(ratios) and min(ratios) > 0
    left, right = _limits(drawn, log)
    spread = np.random.default_rng(0).uniform(-0.15, 0.15, runs)  # a fixed jitter: the same file every time
    for y, claim in enumerate(reversed(drawn)):
        low, high = (min(max(end, left), right) for end in claim["band"])
        ax.fill_betweenx([y - 0.3, y + 0.3], low, high, color="0.88", zorder=1)
        colors = [VERDICT_COLORS.get(v, "0.3") for v in claim["verdicts"]]
        ax.scatter(claim["ratios"], y + spread[:len(claim["ratios"])], c=colors, s=14, zorder=3, linewidths=0)
    ax.axvline(1, color="0.2", linewidth=0.8, zorder=2)
    ax.set_yticks(range(len(drawn)), [_label(d) for d in reversed(drawn)], fontsize=plotting.LABEL_FONTSIZE)
    more = f"; {total - len(drawn)} more in pooled.csv" if total > len(drawn) else ""
    plotting.decorate(ax, xlabel="recomputed / published (1: the published value)", xscale="log" if log else "linear",
                      xlim=(left, right), suptitle=f"{runs} runs of {notebook.stem} against the published values",
                      caption_text=f"Each dot a run, coloured by its verdict (green reproduced, red differs, grey not "
                                   f"checkable); grey band: the values the published number stands for{more}.")
    if log:
        ticks = [t for t in (0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100) if left <= t <= right]
        plotting.plain_log_ticks(ax.xaxis, ticks if len(ticks) >= 3 else [left, 1, right])
    ax.grid(axis="y", visible=False)
    return fig


def _label(claim: dict) -> str:
    """A claim's row label: its id, the published value, and the runs' range when they differ."""
    values = claim["ratios"][np.isfinite(claim["ratios"])] * claim["published"]
    runs = f"; runs {_number(values.min())} to {_number(values.max())}" if claim["varies"] else ""
    return f"{claim['id']}: published {_number(claim['published'])} {claim['unit']}{runs}"


def _number(value: float) -> str:
    """A value for a label: thousands with commas (626,155), smaller ones to three figures (0.448)."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def pooled_figure(table, notebook, folder, stem: str) -> None:
    """Draw the pooled runs of `notebook` (`draw_pooled`) and save the figure as folder/stem.png and .svg."""
    claims = drawn_claims(table, notebook)
    total = sum(1 for c in table.columns if c.startswith("recomputed:"))
    fig = draw_pooled(claims, notebook, len(table), total)
    plotting.savefig(fig, folder, stem)
