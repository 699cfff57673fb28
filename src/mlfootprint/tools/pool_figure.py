"""The figure of `mlfootprint pool`: where a class's runs land against the published values, claim by claim (each
run's recomputed value over the published one, e.g. five cars per run against the article's 5)."""

import math

import numpy as np
import pandas as pd

from .. import plotting
from ..claims import DIFFERS, NOT_CHECKABLE, NUMBER, REPRODUCED, accepted
from ..loaders import load_claims

MAX_CLAIMS = 8
"""Most claims drawn, so that the figure fits a slide with its text readable (those whose recomputed value varies
across the runs first); pooled.csv holds them all."""
VERDICT_COLORS = {REPRODUCED: plotting.COLORS["this run"], DIFFERS: plotting.COLORS["other source"],
                  NOT_CHECKABLE: plotting.COLORS["context"]}
VERDICT_MARKERS = {REPRODUCED: "o", DIFFERS: "X", NOT_CHECKABLE: "s"}
"""A verdict drawn by colour and by mark, so that a grey print keeps them apart."""


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
    """One row per claim: each run's recomputed value over the published one (a mark coloured and shaped by its verdict), the
    values the published number stands for (grey band) and the published value itself (1)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(plotting.TWO_COLUMNS, min(plotting.SLIDE_HEIGHT, 2.2 + 0.5 * max(len(drawn), 1))))
    ratios = [r for d in drawn for r in d["ratios"] if np.isfinite(r)]
    log = bool(ratios) and min(ratios) > 0
    left, right = _limits(drawn, log)
    spread = np.random.default_rng(0).uniform(-0.15, 0.15, runs)  # a fixed jitter: the same file every time
    for y, claim in enumerate(reversed(drawn)):
        low, high = (min(max(end, left), right) for end in claim["band"])
        ax.fill_betweenx([y - 0.3, y + 0.3], low, high, color="0.88", zorder=1)
        rows = y + spread[:len(claim["ratios"])]
        for verdict, color in VERDICT_COLORS.items():
            mine = np.array([_verdict(v) == verdict for v in claim["verdicts"]], dtype=bool)
            if mine.any():
                ax.scatter(claim["ratios"][mine], rows[mine], color=color, marker=VERDICT_MARKERS[verdict], s=22,
                           zorder=3, linewidths=0)
    ax.axvline(1, color=plotting.COLORS["published"], linewidth=0.8, zorder=2)
    ax.set_yticks(range(len(drawn)), [_label(d) for d in reversed(drawn)])
    ax.set_ylim(-0.6, len(drawn) - 0.4)
    ax.set_xlim(left, right)
    if log:
        plotting.log_axis(ax, "x")
    else:
        plotting.plain_axis(ax, "x")
    ax.set_xlabel("recomputed / published (1: the published value)")
    plotting.title(fig, f"{plotting.plural(runs, 'run')} of {notebook.stem} against the published values")
    more = f"; {total - len(drawn)} more claims in pooled.csv" if total > len(drawn) else ""
    plotting.caption(fig, f"the pooled runs' recomputed values of {notebook.stem}'s claims over their published "
                          f"values (data/claims.csv){more}",
                     "Each mark a run: blue circle reproduced, vermillion cross differs, grey square not checkable; "
                     "grey band: the values the published number stands for (its significant figures and hedge)")
    ax.grid(axis="y", visible=False)
    return fig


def _verdict(verdict) -> str:
    """A run's verdict as drawn: a summary without verdicts (an older sweep's) counts its runs as not checkable."""
    return verdict if verdict in VERDICT_COLORS else NOT_CHECKABLE


def _label(claim: dict) -> str:
    """A claim's row label in two lines: its id; the published value, and the runs' range when they differ."""
    values = claim["ratios"][np.isfinite(claim["ratios"])] * claim["published"]
    runs = f"; runs {_number(values.min())} to {_number(values.max())}" if claim["varies"] else ""
    return f"{claim['id']}\npublished {_number(claim['published'])} {claim['unit']}{runs}"


def _number(value: float) -> str:
    """A value for a label: thousands with commas (626,155), smaller ones to three figures (0.448)."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def pooled_figure(table, notebook, folder, stem: str) -> None:
    """Draw the pooled runs of `notebook` (`draw_pooled`) and save the figure as folder/stem.png and .svg."""
    claims = drawn_claims(table, notebook)
    total = sum(1 for c in table.columns if c.startswith("recomputed:"))
    fig = draw_pooled(claims, notebook, len(table), total)
    plotting.savefig(fig, folder, stem)
