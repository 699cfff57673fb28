"""OpenAI's AI and Compute rebuilt (article Figs. 1 and 2): training compute of landmark systems 1959-2018, two
eras with fitted doubling times and intervals, the breakpoint chosen by the data, and window sensitivity.

Notebook: notebooks/01-ai-and-compute.ipynb. Runs on the bundled chart data (data/ai_and_compute.csv) or on
Epoch AI's "Notable AI Models" CSV (`dataset` = its path).
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ... import plotting, steps, trends
from ...notebook_parameters import AiAndComputeParameters as Parameters
from ...catalogue import find
from ...checks import ParameterError
from ...claims import Recomputed
from ...loaders import AI_AND_COMPUTE_CREDIT, dataset_credit, load_ai_and_compute, load_epoch_models
from ...parameters import BUNDLED
from ...units import FLOP_PER_PFS_DAY
from .recomputation import (MONTHS_PER_YEAR, OPENAI_CHART_Y_AXIS_PFS_DAYS, VALUE_SOURCE_WORDS,  # noqa: F401
                            fit_choices, recomputed)

AUTO = "auto"
ERA_COLORS = {"first era": "C1", "modern era": "C3"}
MARKERS = {  # value_source -> (marker, filled, legend text)
    "openai-chart": ("o", True, VALUE_SOURCE_WORDS["openai-chart"]),
    "epoch-digitised": ("o", False, VALUE_SOURCE_WORDS["epoch-digitised"]),
    "epoch-2022-unannotated": ("^", False, VALUE_SOURCE_WORDS["epoch-2022-unannotated"]),
    "epoch-estimate": ("x", True, VALUE_SOURCE_WORDS["epoch-estimate"]),
    "epoch-database": ("o", False, VALUE_SOURCE_WORDS["epoch-database"]),
}


def systems(params: Parameters) -> pd.DataFrame:
    """The systems in the window, with `year` (fractional) and `pfs_days`; rows without a value are kept with
    `in_fit` False so that the notebook can list them."""
    if params.dataset == BUNDLED:
        table = load_ai_and_compute()[["system", "label", "era", "date", "pfs_days", "training_compute", "value_source",
                                       "alternative_value", "alternative_unit"]]
    else:
        epoch = load_epoch_models(params.dataset)
        table = pd.DataFrame({"system": epoch["system"], "label": epoch["system"], "era": "", "date": epoch["date"],
                              "pfs_days": epoch["flop"] / FLOP_PER_PFS_DAY, "training_compute": epoch["flop"],
                              "value_source": "epoch-database"})
    dated = table["date"].notna()
    inside = dated & (table["date"] >= pd.Timestamp(params.start)) & (table["date"] <= pd.Timestamp(params.end))
    table = table[inside | ~dated].copy()
    table["year"] = np.nan
    table.loc[table["date"].notna(), "year"] = trends.fractional_year(table.loc[table["date"].notna(), "date"])
    table["in_fit"] = table["year"].notna() & table["pfs_days"].notna()
    if table["in_fit"].sum() < 2 * trends.MIN_POINTS:
        raise ParameterError(f"the window {params.start} to {params.end} holds "
                             f"{int(table['in_fit'].sum())} systems with a date and a compute value; the two-era "
                             f"fit needs at least {2 * trends.MIN_POINTS}")
    return table.sort_values("year", na_position="last").reset_index(drop=True)


def boundary(params, breakpoint: dict) -> float:
    """The first year of the modern era (fractional): `era_boundary`, or the fitted breakpoint when "auto"."""
    return breakpoint["fitted"] if params.era_boundary == AUTO else float(
        trends.fractional_year([params.era_boundary])[0])


def eras(params: Parameters, table: pd.DataFrame) -> dict:
    """The two eras: the breakpoint fitted from the data (with a bootstrap interval) and, split at the boundary
    in use (`era_boundary`, or the fitted one when "auto"), each era's trend with intervals."""
    points = table[table["in_fit"]]
    years, values = points["year"].to_numpy(), points["pfs_days"].to_numpy()
    breakpoint = trends.breakpoint_with_interval(years, values, params.n_bootstrap, params.seed, what="systems")
    split = boundary(params, breakpoint)
    rows = {}
    for name, mask in (("first era", years < split), ("modern era", years >= split)):
        rows[name] = trends.trend_summary(years[mask], values[mask], params.n_bootstrap, params.seed, what=name)
    return {"boundary": split, "breakpoint": breakpoint, "trends": pd.DataFrame(rows).T.rename_axis("era")}


def breakpoint_table(result: dict, params) -> pd.DataFrame:
    """The breakpoint fitted from the data beside the boundary the era fits use (years, fractional): for notebook 01
    the article's hand-picked 2012 by default."""
    bp = result["breakpoint"]
    chosen = "the fitted breakpoint" if params.era_boundary == AUTO else params.era_boundary
    return pd.DataFrame({
        "year": [bp["fitted"], bp["last_before"], bp["low"], bp["high"], result["boundary"]],
    }, index=pd.Index(["fitted: first system of the modern era", "fitted: last system of the first era",
                       "bootstrap interval, low (2.5 %)", "bootstrap interval, high (97.5 %)",
                       f"boundary used for the era fits ({chosen})"], name="breakpoint"))


def window_sensitivity(table: pd.DataFrame, result: dict) -> pd.DataFrame:
    """Modern-era doubling time as its window loses up to three systems at either end."""
    modern = table[table["in_fit"] & (table["year"] >= result["boundary"])]
    return trends.sensitivity(modern["year"].to_numpy(), modern["pfs_days"].to_numpy(), what="modern era")


def _trend_label(era: str, row: pd.Series) -> str:
    return (f"{era} ({int(row['from'])}-{int(row['to'])}, n={row['n']:.0f}): doubling every "
            f"{row['doubling_months']:.1f} months [{row['doubling_months_low']:.1f}-{row['doubling_months_high']:.1f}]")


def _draw(ax, table: pd.DataFrame, result: dict) -> None:
    """Points by value source and each era's fitted line, on a log axis."""
    points = table[table["in_fit"]]
    for source, (marker, filled, legend) in MARKERS.items():
        part = points[points["value_source"] == source]
        if len(part):
            style = {"color": "C0"} if filled else {"facecolors": "none", "edgecolors": "C0"}
            ax.scatter(part["year"], part["pfs_days"], marker=marker, s=28, zorder=3, label=legend, **style)
    for era, row in result["trends"].iterrows():
        color = ERA_COLORS[era]
        ax.plot(*trends.curve(row), color=color,
                label=_trend_label(era, row))
    ax.set_yscale("log")


def _name_systems(ax, table: pd.DataFrame, systems) -> None:
    """Write the chart label of each system in `systems` beside its point (last, once the layout is final)."""
    named = table[table["in_fit"] & table["system"].isin(systems)]
    plotting.place_labels(ax, named["year"], named["pfs_days"], named["label"])


CHART_RANGE_PFS_DAYS = (1e-14, 1e4)
"""The y axis of OpenAI's 2019 chart and of the article's Fig. 1 (the article's "1e+4/1e-14")."""


@plotting.drawing
def figure_all_eras(table: pd.DataFrame, result: dict, params: Parameters):
    """Article Fig. 1: the two eras of training compute, 1959-2018, on the chart's log axis (1e-14 to 1e+4
    petaflop/s-days), each era named on the plot."""
    fig, ax = plt.subplots(figsize=(plotting.TWO_COLUMNS, 6.2))
    bundled = params.dataset == BUNDLED
    _draw(ax, table, result)
    boundary = result["boundary"]
    ax.axvline(boundary, color="0.5", linestyle=":", linewidth=1)
    for name, side, era in (("First Era", "right", "first era"), ("Modern Era", "left", "modern era")):
        ax.annotate(name, (boundary, 0.02), xycoords=("data", "axes fraction"),
                    xytext=(-6 if side == "right" else 6, 0), textcoords="offset points", ha=side, va="bottom",
                    fontsize=11, fontweight="bold", color=ERA_COLORS[era])
    if bundled:
        low, high = CHART_RANGE_PFS_DAYS
        ax.set_ylim(low / 10**0.5, high * 10**0.4)  # a margin: the Perceptron (8e-15) sits just below 1e-14
        ax.set_xlim(1955, 2021)
        plotting.log_ticks(ax, "y", every=2)
    plotting.decorate(
        ax, title="Two eras of compute used in training AI systems", xlabel="publication date (year)",
        ylabel="training compute (petaflop/s-days)", legend="upper left",
        caption_text=f"Data: {dataset_credit(params.dataset, AI_AND_COMPUTE_CREDIT)}. Lines: least-squares fit per "
                     "era, 95 % bootstrap interval of the doubling time.")
    if bundled:
        first = table[table["year"] < boundary]["system"].tolist()
        _name_systems(ax, table, first + ["AlexNet", "AlphaGo Zero"])
    return fig


@plotting.drawing
def figure_modern_era(table: pd.DataFrame, result: dict, params: Parameters):
    """Article Fig. 2: the modern era alone, AlexNet marked "A" as in the article."""
    fig, ax = plt.subplots(figsize=(plotting.TWO_COLUMNS, 6.2))
    modern = table[table["year"] >= result["boundary"]]
    _draw(ax, modern, {**result, "trends": result["trends"].loc[["modern era"]]})
    alexnet = modern[(modern["system"] == "AlexNet") & modern["in_fit"]]
    if len(alexnet):
        ax.annotate("A", (alexnet["year"].iloc[0], alexnet["pfs_days"].iloc[0]), xytext=(-8, 6),
                    textcoords="offset points", ha="right", fontsize=13, fontweight="bold", color="C3")
    plotting.decorate(
        ax, title="The modern era of training compute (A: AlexNet)", xlabel="publication date (year)",
        ylabel="training compute (petaflop/s-days)", legend="upper left",
        caption_text=f"Data: the modern-era systems of {dataset_credit(params.dataset, AI_AND_COMPUTE_CREDIT)}. "
                     "Line: least-squares fit, 95 % bootstrap interval over systems.")
    plotting.log_ticks(ax, "y")
    if params.dataset == BUNDLED:
        _name_systems(ax, modern, [s for s in modern["system"] if s != "AlexNet"])
    return fig


@plotting.drawing
def figure_sensitivity(sensitivity: pd.DataFrame, params: Parameters):
    """Modern-era doubling time (months) when the first i and last j systems are dropped."""
    fig, ax = plt.subplots(figsize=(plotting.ONE_COLUMN, 4.2))
    grid = sensitivity.pivot(index="dropped_first", columns="dropped_last", values="doubling_months")
    image = ax.imshow(grid.to_numpy(), cmap="viridis", origin="upper")
    for (i, j), value in np.ndenumerate(grid.to_numpy()):
        ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=8,
                color="white" if value < np.nanmean(grid.to_numpy()) else "black")
    ax.set_xticks(range(grid.shape[1]), grid.columns)
    ax.set_yticks(range(grid.shape[0]), grid.index)
    ax.set_xlabel("latest systems dropped")
    ax.set_ylabel("earliest systems dropped")
    ax.grid(False)
    fig.colorbar(image, ax=ax, label="doubling time (months)")
    ax.set_title("Modern-era doubling time as the window moves")
    plotting.caption(fig, f"Source: {dataset_credit(params.dataset, AI_AND_COMPUTE_CREDIT)}.")
    return fig


class Steps(steps.Steps):
    """Notebook 01's chain: the systems in the window, the two eras fitted, the breakpoint, the window
    sensitivity, the figures and the ledger."""

    NOTEBOOK = find("01")
    TABLES = ("systems", "eras", "breakpoint", "window_sensitivity", "fit_choices")

    @steps.step
    def credit(self) -> str:
        """Who made the data this run plots."""
        return dataset_credit(self.params.dataset, AI_AND_COMPUTE_CREDIT)

    @steps.step
    def systems(self) -> pd.DataFrame:
        return systems(self.params)

    @steps.step
    def fit(self) -> dict:
        """The two eras and the breakpoint (see `eras`)."""
        return eras(self.params, self.systems)

    @steps.step
    def eras(self) -> pd.DataFrame:
        """Each era's fitted trend with its intervals."""
        return self.fit["trends"]

    @steps.step
    def breakpoint(self) -> pd.DataFrame:
        return breakpoint_table(self.fit, self.params)

    @steps.step
    def window_sensitivity(self) -> pd.DataFrame:
        return window_sensitivity(self.systems, self.fit)

    @steps.step
    def fit_choices(self) -> pd.DataFrame:
        """Each era's doubling time under each date convention, with the interval the chart values' rounding carries
        (`fit_choices`): the choices OpenAI does not state, over which the doubling-time claims are judged."""
        return fit_choices(self.systems, self.fit)

    @steps.step
    def recomputed(self) -> Recomputed:
        return recomputed(self.params, self.systems, self.fit, self.fit_choices)

    @steps.figure("ai-and-compute-two-eras")
    def figure_all_eras(self):
        return figure_all_eras(self.systems, self.fit, self.params)

    @steps.figure("ai-and-compute-modern-era")
    def figure_modern_era(self):
        return figure_modern_era(self.systems, self.fit, self.params)

    @steps.figure("ai-and-compute-window-sensitivity")
    def figure_sensitivity(self):
        return figure_sensitivity(self.window_sensitivity, self.params)
