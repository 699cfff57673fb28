"""Notebook 09, part 1: training compute of notable systems from 1950 to the dataset's end, a fitted breakpoint, each
era's doubling time for all notable and frontier systems, and the windows of the published estimates."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ... import plotting, trends
from ...loaders import load_claims
from ...notebook_parameters import TrendsTodayParameters as Parameters
from ...units import FLOP_PER_PFS_DAY
from ..ai_and_compute import boundary
from .dataset import subsets

WINDOWS = {  # name: (first day, last day, the claim of data/claims.csv that states its published doubling time, by)
    "OpenAI's window, 2012-2018": ("2012-01-01", "2018-12-31", "aic-doubling-3-4", "OpenAI"),
    "Sevilla et al.'s window, 2010-2022": ("2010-01-01", "2022-12-31", "epoch-5-7-months", "Sevilla et al."),
}
SUBSET_COLORS = {"all notable": plotting.COLORS["this run"], "frontier": plotting.COLORS["frontier"]}
BLUE, GREY, BLACK = plotting.COLORS["this run"], plotting.COLORS["context"], plotting.COLORS["published"]


def compute_points(table: pd.DataFrame) -> pd.DataFrame:
    """Systems in the window with a training compute value (FLOP)."""
    return table[table["in_window"] & table["flop"].notna()]

def eras(params: Parameters, table: pd.DataFrame) -> dict:
    """The breakpoint fitted to all notable systems in the window (with its bootstrap interval) and, split at the
    boundary in use (`era_boundary`, or the fitted breakpoint when 'auto'), each era's trend for all notable systems
    and for frontier systems alone (when the dataset flags them)."""
    points = compute_points(table)
    years, flop = points["year"].to_numpy(), points["flop"].to_numpy()
    breakpoint = trends.breakpoint_with_interval(years, flop, params.n_bootstrap, params.seed,
                                                 what="systems with a compute value in the window")
    split = boundary(params, breakpoint)
    rows = {}
    for subset in subsets(table):
        chosen = points if subset == "all notable" else points[points["frontier"]]
        for era, mask in (("first era", chosen["year"] < split), ("modern era", chosen["year"] >= split)):
            part = chosen[mask]
            rows[f"{subset}, {era}"] = {"subset": subset, "period": era, **trends.trend_or_count(
                part["year"], part["flop"], params.n_bootstrap, params.seed, f"{subset} systems, {era}")}
            if len(part):
                rows[f"{subset}, {era}"]["period"] = f"{era}, {int(part['year'].min())}-{int(part['year'].max())}"
    return {"boundary": split, "breakpoint": breakpoint,
            "trends": pd.DataFrame(rows.values(), index=pd.Index(rows, name="fit"))}

def doubling_table(params: Parameters, table: pd.DataFrame, result: dict) -> pd.DataFrame:
    """Doubling time (months, 95 % bootstrap interval) of every era fit, then of all notable and frontier systems in
    the windows of the published estimates, beside them: OpenAI's 3.4 months (2012-2018) and Sevilla et al.'s
    5.7 months (2010-2022), read from data/claims.csv. The published windows stay fixed whatever start and end."""
    claim_table = load_claims()
    rows = result["trends"].assign(published_months=np.nan, published_by="")
    dated = table[table["flop"].notna()]
    extra = {}
    for window, (first, last, claim_id, _) in WINDOWS.items():
        inside = dated[(dated["date"] >= first) & (dated["date"] <= last)]
        for subset in subsets(table):
            part = inside if subset == "all notable" else inside[inside["frontier"]]
            extra[f"{subset}, {window}"] = {
                "subset": subset, "period": window,
                **trends.trend_or_count(part["year"], part["flop"], params.n_bootstrap, params.seed, f"{subset} systems, {window}"),
                "published_months": claim_table.at[claim_id, "published_value"],
                "published_by": claim_table.at[claim_id, "source"]}
    rows = pd.concat([rows, pd.DataFrame(extra.values(), index=pd.Index(extra, name="fit"))])
    columns = ["subset", "period", "n", "from", "to", "doubling_months", "doubling_months_low",
               "doubling_months_high", "r2", "published_months", "published_by"]
    return rows.reindex(columns=columns)

def fit_bands(params: Parameters, table: pd.DataFrame, result: dict) -> dict:
    """The 95 % bootstrap band (`trends.band`) of every era fit of `eras` that has a line, by fit."""
    points, split, bands = compute_points(table), result["boundary"], {}
    for fit, row in result["trends"].dropna(subset=["slope_oom_per_year"]).iterrows():
        chosen = points if row["subset"] == "all notable" else points[points["frontier"]]
        part = chosen[(chosen["year"] < split) == row["period"].startswith("first era")]
        bands[fit] = trends.band(part["year"], part["flop"], params.n_bootstrap, params.seed, what=fit)
    return bands


def _span(table: pd.DataFrame) -> str:
    years = compute_points(table)["year"]
    return f"{int(years.min())}-{int(years.max())}"


@plotting.drawing
def figure_compute(table: pd.DataFrame, result: dict, bands: dict, credit: str):
    """Training compute (FLOP, log scale; petaflop/s-days on the right) of every notable system in the window,
    frontier systems marked, with each era's fitted trend and bootstrap band and the break fitted from the data
    with its 95 % interval."""
    fig, ax = plt.subplots(figsize=(plotting.TWO_COLUMNS, plotting.SLIDE_HEIGHT))
    points = compute_points(table)
    front = points["frontier"]
    others = "other notable systems" if front.any() else "notable systems"
    ax.scatter(points.loc[~front, "year"], points.loc[~front, "flop"], s=14, color=GREY, alpha=0.7,
               label=f"{others} (n={int((~front).sum())})", zorder=2)
    if front.any():
        ax.scatter(points.loc[front, "year"], points.loc[front, "flop"], s=20, color=SUBSET_COLORS["frontier"],
                   label=f"frontier systems (n={int(front.sum())})", zorder=3)
    bp = result["breakpoint"]
    ax.axvspan(bp["low"], bp["high"], color=BLUE, alpha=plotting.BAND_ALPHA / 2, linewidth=0, zorder=0,
               label=f"break fitted: {bp['fitted']:.1f} [95 %: {bp['low']:.1f}-{bp['high']:.1f}]")
    ax.axvline(bp["fitted"], color=BLUE, linestyle=":", linewidth=1.2, zorder=1)
    if result["boundary"] != bp["fitted"]:
        ax.axvline(result["boundary"], color=BLACK, linestyle="-.", linewidth=1.2, zorder=1,
                   label=f"era boundary of the fits: {result['boundary']:.1f}")
    for fit, row in result["trends"].dropna(subset=["slope_oom_per_year"]).iterrows():
        color = SUBSET_COLORS[row["subset"]]
        plotting.band(ax, bands[fit], color=color)
        ax.plot(*trends.curve(row), color=color, linestyle="-" if row["period"].startswith("modern era") else "--",
                label=f"{row['subset']}, {row['period'].split(', ')[-1]}: " + plotting.doubling_text(
                    row["doubling_months"], row["doubling_months_low"], row["doubling_months_high"]), zorder=4)
    plotting.log_axis(ax, "y")
    plotting.compute_axis(ax, 1 / FLOP_PER_PFS_DAY, "training compute (petaflop/s-days)")
    plotting.year_axis(ax)
    plotting.decorate(ax, ylabel="training compute (FLOP)", legend="free")
    plotting.title(fig, f"Training compute of notable AI systems, {_span(table)}, with a fitted break")
    plotting.caption(fig, credit, "Lines: least-squares fits of log10(FLOP) on the date, per era (dashed: the first "
                                  "era, solid: the modern); shaded: their 95 % bootstrap bands and the interval of the "
                                  "break fitted from the data (dotted)")
    return fig


def published_estimates() -> str:
    """The published doubling times of WINDOWS in words, e.g. "OpenAI's 3.4 months (2012-2018) and ..."."""
    claim_table = load_claims()
    return " and ".join(f"{by}'s {claim_table.at[claim_id, 'published_value']:g} months ({first[:4]}-{last[:4]})"
                        for first, last, claim_id, by in WINDOWS.values())

def _left_out(doubling: pd.DataFrame, shown: pd.DataFrame) -> str:
    """The fits of the table not drawn, with why (as the ledger says it), e.g. "Not drawn: all notable, modern era,
    2017-2021 (n=3): the fitted trend falls, no doubling"."""
    why = [f"{row['subset']}, {row['period']} (n={row['n']:.0f}): "
           + ("too few systems to fit a trend" if pd.isna(row["doubling_months"])
              else "the fitted trend falls, no doubling")
           for fit, row in doubling.iterrows() if fit not in shown.index]
    return f"Not drawn: {'; '.join(why)}" if why else ""


def _doubling_notes(doubling: pd.DataFrame, shown: pd.DataFrame, window: str) -> list[str]:
    """The caption's notes: what the marks and colours drawn are, the published windows fitted on the whole dataset
    whatever the run's window, the intervals with no upper bound, and the fits left out."""
    subsets_drawn = list(dict.fromkeys(shown["subset"]))
    colours = (" (blue: all notable systems, orange: frontier systems)" if len(subsets_drawn) > 1
               else f" ({subsets_drawn[0]} systems)" if subsets_drawn else "")
    marks = [f"Dots: fitted doubling time with its 95 % bootstrap interval{colours}"]
    if not np.isfinite(shown["doubling_months_high"]).all():
        marks.append("triangles at the right edge: an interval with no upper bound (its bootstrap slopes reach zero)")
    windows = ""
    if shown["published_months"].notna().any():
        marks.append("diamonds: " + published_estimates() + ", from data/claims.csv")
        windows = ("The published windows are refitted on every system of the dataset dated inside them, whatever "
                   f"this run's window ({window})")
    return ["; ".join(marks), windows, _left_out(doubling, shown)]


@plotting.drawing
def figure_doubling(doubling: pd.DataFrame, credit: str, window: str):
    """Every doubling time of the table with its interval (months, log scale), the published ones beside them; an
    interval with no upper bound runs to the right edge and ends in a triangle. `window` is the run's window in
    words (the published windows are fitted whatever it is); the fits not drawn are named in the caption."""
    shown = doubling[np.isfinite(doubling["doubling_months"]) & (doubling["doubling_months"] > 0)]
    fig, ax = plt.subplots(figsize=(plotting.TWO_COLUMNS, min(plotting.SLIDE_HEIGHT, 3.0 + 0.45 * len(shown))))
    finite = shown[["doubling_months_low", "doubling_months", "doubling_months_high", "published_months"]]
    finite = finite[np.isfinite(finite)]
    low, high = np.nanmin(finite.to_numpy(), initial=3.0) / 1.3, np.nanmax(finite.to_numpy(), initial=30.0) * 1.3
    y = np.arange(len(shown))[::-1]
    for yi, (_, row) in zip(y, shown.iterrows()):
        color = SUBSET_COLORS[row["subset"]]
        right = min(row["doubling_months_high"], high)  # an interval with no upper bound ends at the edge
        ax.errorbar(row["doubling_months"], yi, xerr=[[row["doubling_months"] - row["doubling_months_low"]],
                                                      [right - row["doubling_months"]]],
                    fmt="o", color=color, capsize=4, zorder=3)
        if not np.isfinite(row["doubling_months_high"]):
            ax.plot([right], [yi], ">", color=color, markersize=8)
        plotting.value_label(ax, f"{row['doubling_months']:.1f}", (row["doubling_months"], yi), offset=(0, 7),
                             color=color)
        if pd.notna(row["published_months"]):
            first, last, _, by = WINDOWS[row["period"]]
            label = f"{by}'s published {row['published_months']:g} months ({first[:4]}-{last[:4]})"
            ax.scatter(row["published_months"], yi, marker="D", s=50, facecolors="none", edgecolors=BLACK, zorder=4,
                       label=label if label not in ax.get_legend_handles_labels()[1] else None)
    ax.set_yticks(y, [f"{row['subset']}: {row['period']} (n={row['n']:.0f})" for _, row in shown.iterrows()])
    ax.set_ylim(-0.8, len(shown) - 0.3)
    ax.set_xlim(low, high)
    plotting.log_axis(ax, "x")
    plotting.decorate(ax, xlabel="doubling time of training compute (months)", legend="free")
    plotting.title(fig, "Doubling time of training compute, fitted and published")
    plotting.caption(fig, credit, *_doubling_notes(doubling, shown, window))
    return fig
