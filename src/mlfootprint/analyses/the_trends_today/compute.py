"""Notebook 09, part 1: training compute of notable systems from 1950 to the dataset's end, a fitted breakpoint, each
era's doubling time for all notable and frontier systems, and the windows of the published estimates."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ... import plotting, trends
from ...loaders import load_claims
from ...notebook_parameters import TrendsTodayParameters as Parameters
from ..ai_and_compute import boundary
from .dataset import credit, subsets

WINDOWS = {  # name: (first day, last day, the claim of data/claims.csv that states its published doubling time, by)
    "OpenAI's window, 2012-2018": ("2012-01-01", "2018-12-31", "aic-doubling-3-4", "OpenAI"),
    "Sevilla et al.'s window, 2010-2022": ("2010-01-01", "2022-12-31", "epoch-5-7-months", "Sevilla et al."),
}
SUBSET_COLORS = {"all notable": "C0", "frontier": "C1"}


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

@plotting.drawing
def figure_compute(params: Parameters, table: pd.DataFrame, result: dict):
    """Training compute (FLOP, log scale) of every notable system in the window, frontier systems marked, with the
    fitted trend of each era and the breakpoint's interval shaded."""
    fig, ax = plt.subplots(figsize=(plotting.ONE_AND_HALF_COLUMNS, 5.5))
    points = compute_points(table)
    others = "other notable systems" if points["frontier"].any() else "notable systems"
    ax.scatter(points.loc[~points["frontier"], "year"], points.loc[~points["frontier"], "flop"], s=12, color="0.6",
               alpha=0.7, label=f"{others} (n={len(points) - int(points['frontier'].sum())})", zorder=2)
    if points["frontier"].any():
        ax.scatter(points.loc[points["frontier"], "year"], points.loc[points["frontier"], "flop"], s=18,
                   color=SUBSET_COLORS["frontier"], label=f"frontier systems (n={int(points['frontier'].sum())})",
                   zorder=3)
    bp = result["breakpoint"]
    ax.axvspan(bp["low"], bp["high"], color="0.85", alpha=0.6, zorder=1,
               label=f"fitted breakpoint {bp['fitted']:.1f}, 95 % interval {bp['low']:.1f}-{bp['high']:.1f}")
    ax.axvline(bp["fitted"], color="0.4", linestyle=":", linewidth=1, zorder=1)
    for fit, row in result["trends"].dropna(subset=["slope_oom_per_year"]).iterrows():
        ax.plot(*trends.curve(row),
                color=SUBSET_COLORS[row["subset"]], linestyle="-" if row["period"].startswith("modern era") else "--",
                label=f"{row['subset']}, {row['period']}: doubling every {row['doubling_months']:.1f} months "
                      f"[{row['doubling_months_low']:.1f}-{row['doubling_months_high']:.1f}]", zorder=4)
    plotting.decorate(ax, title="Training compute of notable AI systems, with a fitted breakpoint",
                      xlabel="publication date (year)", ylabel="training compute (FLOP)", yscale="log",
                      legend="upper left")
    plotting.caption(fig, f"Source: {credit(params)}. Lines: least squares of log10(FLOP) on the date, per era; "
                          f"[intervals]: 95 % bootstrap over systems.")
    return fig

def published_estimates() -> str:
    """The published doubling times of WINDOWS in words, e.g. "OpenAI's 3.4 months (2012-2018) and ..."."""
    claim_table = load_claims()
    return " and ".join(f"{by}'s {claim_table.at[claim_id, 'published_value']:g} months ({first[:4]}-{last[:4]})"
                        for first, last, claim_id, by in WINDOWS.values())

@plotting.drawing
def figure_doubling(params: Parameters, doubling: pd.DataFrame):
    """Every doubling time of the table with its interval (months, log scale), the published ones beside them."""
    shown = doubling[np.isfinite(doubling["doubling_months"]) & (doubling["doubling_months"] > 0)]
    fig, ax = plt.subplots(figsize=(plotting.TWO_COLUMNS, 1.4 + 0.45 * max(len(shown), 1)))
    finite = shown[["doubling_months_low", "doubling_months", "doubling_months_high", "published_months"]]
    finite = finite[np.isfinite(finite)]
    low, high = np.nanmin(finite.to_numpy(), initial=3.0), np.nanmax(finite.to_numpy(), initial=30.0)
    low, high = low / 1.25, high * 1.25
    y = np.arange(len(shown))[::-1]
    for yi, (_, row) in zip(y, shown.iterrows()):
        color = SUBSET_COLORS[row["subset"]]
        right = min(row["doubling_months_high"], high)  # an interval with no upper bound ends at the edge
        ax.errorbar(row["doubling_months"], yi, xerr=[[row["doubling_months"] - row["doubling_months_low"]],
                                                      [right - row["doubling_months"]]],
                    fmt="o", color=color, capsize=3, zorder=3)
        ax.annotate(f"{row['doubling_months']:.1f}", (row["doubling_months"], yi), xytext=(0, 6),
                    textcoords="offset points", ha="center", fontsize=7, color=color)
        if pd.notna(row["published_months"]):
            ax.scatter(row["published_months"], yi, marker="D", s=36, facecolors="none", edgecolors="k", zorder=4)
            ax.annotate(f"published {row['published_months']:g}", (row["published_months"], yi), xytext=(0, -12),
                        textcoords="offset points", ha="center", fontsize=7)
    ax.set_yticks(y, [f"{row['subset']}: {row['period']} (n={row['n']:.0f})" for _, row in shown.iterrows()])
    ax.set_ylim(-0.8, len(shown) - 0.4)
    ax.set_xscale("log")
    ax.set_xlim(low, high)
    plotting.plain_log_ticks(ax.xaxis, [t for t in (1, 2, 3, 5, 10, 20, 30, 50, 100, 200) if low <= t <= high])
    plotting.decorate(ax, xlabel="doubling time of training compute (months)",
                      title="Doubling time of training compute, fitted and published")
    plotting.caption(fig, f"Source: {credit(params)}. Dots: fitted doubling time with its 95 % bootstrap interval "
                          f"(blue: all notable systems, red: frontier systems; an interval reaching the right edge "
                          f"has no upper bound); diamonds: {published_estimates()}, from data/claims.csv.")
    return fig
