"""OpenAI's AI and Compute rebuilt (article Figs. 1 and 2): training compute of landmark systems 1959-2018, two
eras with fitted doubling times and intervals, the breakpoint chosen by the data, and window sensitivity.

Notebook: notebooks/01-ai-and-compute.ipynb. Runs on the bundled chart data (data/ai_and_compute.csv) or on
Epoch AI's "Notable AI Models" CSV (`dataset` = its path).
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import plotting, trends
from ..catalogue import AiAndComputeParameters as Parameters
from ..catalogue import find
from ..checks import ParameterError
from ..loaders import AI_AND_COMPUTE_CREDIT, dataset_credit, load_ai_and_compute, load_epoch_models
from ..parameters import BUNDLED
from ..units import FLOP_PER_PFS_DAY

NOTEBOOK = find("01")
AUTO = "auto"
ERA_COLORS = {"first era": "C1", "modern era": "C3"}
MARKERS = {  # value_source -> (marker, filled, legend text)
    "openai-chart": ("o", True, "OpenAI chart data"),
    "epoch-digitised": ("o", False, "Epoch's digitisation of OpenAI's chart"),
    "epoch-2022-unannotated": ("^", False, "Epoch 2022 database, origin not noted"),
    "epoch-estimate": ("x", True, "Epoch's own estimate"),
    "epoch-database": ("o", False, "Epoch AI database"),
}


def systems(params: Parameters) -> pd.DataFrame:
    """The systems in the window, with `year` (fractional) and `pfs_days`; rows without a value are kept with
    `in_fit` False so that the notebook can list them."""
    if params.dataset == BUNDLED:
        table = load_ai_and_compute()[["system", "label", "date", "pfs_days", "value_source"]]
    else:
        epoch = load_epoch_models(params.dataset)
        table = pd.DataFrame({"system": epoch["system"], "label": epoch["system"], "date": epoch["date"],
                              "pfs_days": epoch["flop"] / FLOP_PER_PFS_DAY, "value_source": "epoch-database"})
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


def eras(params: Parameters, table: pd.DataFrame) -> dict:
    """The two eras: the breakpoint fitted from the data (with a bootstrap interval) and, split at the boundary
    in use (`era_boundary`, or the fitted one when "auto"), each era's trend with intervals."""
    points = table[table["in_fit"]]
    years, values = points["year"].to_numpy(), points["pfs_days"].to_numpy()
    fitted = trends.breakpoint_fit(years, values, what="systems")
    samples = trends.bootstrap_breakpoints(years, values, params.n_bootstrap, params.seed, what="systems")
    low, high = trends.interval(samples)
    boundary = (fitted["breakpoint"] if params.era_boundary == AUTO
                else float(trends.fractional_year([params.era_boundary])[0]))
    rows = {}
    for name, mask in (("first era", years < boundary), ("modern era", years >= boundary)):
        rows[name] = trends.trend_summary(years[mask], values[mask], params.n_bootstrap, params.seed, what=name)
    return {
        "boundary": boundary,
        "breakpoint": {"fitted": fitted["breakpoint"], "last_before": fitted["last_before"], "low": low,
                       "high": high, "resamples": len(samples)},
        "trends": pd.DataFrame(rows).T.rename_axis("era"),
    }


def breakpoint_table(result: dict, params: Parameters) -> pd.DataFrame:
    """The breakpoint fitted from the data beside the article's hand-picked 2012 (years, fractional)."""
    bp = result["breakpoint"]
    chosen = "fitted" if params.era_boundary == AUTO else params.era_boundary
    return pd.DataFrame({
        "year": [bp["fitted"], bp["last_before"], bp["low"], bp["high"], result["boundary"]],
    }, index=pd.Index(["fitted: first system of the modern era", "fitted: last system of the first era",
                       "bootstrap interval, low (2.5 %)", "bootstrap interval, high (97.5 %)",
                       f"boundary used for the era fits ({chosen})"], name="breakpoint"))


def window_sensitivity(table: pd.DataFrame, result: dict) -> pd.DataFrame:
    """Modern-era doubling time as its window loses up to three systems at either end."""
    modern = table[table["in_fit"] & (table["year"] >= result["boundary"])]
    return trends.sensitivity(modern["year"].to_numpy(), modern["pfs_days"].to_numpy(), what="modern era")


def _value(table: pd.DataFrame, system: str):
    match = table[(table["system"] == system) & table["in_fit"]]
    return None if match.empty else float(match["pfs_days"].iloc[0])


def recomputed(params: Parameters, table: pd.DataFrame, result: dict) -> tuple[dict, dict]:
    """The recomputed values of notebook 01's claims and the reasons for those that cannot be recomputed."""
    first, modern = result["trends"].loc["first era"], result["trends"].loc["modern era"]
    points = table[table["in_fit"]]
    alexnet, alphago = _value(table, "AlexNet"), _value(table, "AlphaGo Zero")
    values = {
        "aic-doubling-3-4": modern["doubling_months"],
        "aic-doubling-3-43": modern["doubling_months"],
        "aic-doubling-3-5": modern["doubling_months"],
        "aic-factor-11-5": modern["factor_per_year"],
        "aic-factor-10": modern["factor_per_year"],
        "aic-first-era-2-years": first["doubling_months"],
        "aic-300000x": alphago / alexnet if alexnet and alphago else None,
        "aic-1e18-in-60-years": points["pfs_days"].max() / points["pfs_days"].min(),
        "epoch-5-7-months": None,
        "epoch-21-3-months": None,
    }
    reasons = {}
    if not (alexnet and alphago):
        reasons["aic-300000x"] = "AlexNet or AlphaGo Zero is not in this dataset and window"
    if params.dataset == BUNDLED:
        why = ("Sevilla et al. fit Epoch's own database ({}); the bundled data hold only OpenAI's chart systems. "
               "Run with -p dataset PATH-TO-EPOCH-CSV to recompute it")
        reasons["epoch-5-7-months"] = why.format("72 regular-scale systems, 2010-2022")
        reasons["epoch-21-3-months"] = why.format("19 systems, 1952-2010")
    else:
        epoch = load_epoch_models(params.dataset).dropna(subset=["date", "flop"])
        for claim_id, start, end in (("epoch-5-7-months", "2010-01-01", "2022-12-31"),
                                     ("epoch-21-3-months", "1952-01-01", "2009-12-31")):
            part = epoch[(epoch["date"] >= start) & (epoch["date"] <= end)]
            if len(part) >= trends.MIN_POINTS:
                values[claim_id] = trends.fit_trend(trends.fractional_year(part["date"]), part["flop"]).doubling_months
                reasons[claim_id] = (f"this fit uses all {len(part)} systems of the file in {start[:4]}-{end[:4]}; "
                                     f"Sevilla et al. 2022 used a 2022 snapshot and, after 2010, regular-scale "
                                     f"systems only")
            else:
                reasons[claim_id] = f"fewer than 3 systems of the file fall in {start[:4]}-{end[:4]}"
    return values, reasons


def _trend_label(era: str, row: pd.Series) -> str:
    return (f"{era} ({int(row['from'])}-{int(row['to'])}, n={row['n']:.0f}): doubling every "
            f"{row['doubling_months']:.1f} months [{row['doubling_months_low']:.1f}-{row['doubling_months_high']:.1f}]")


def _draw(ax, table: pd.DataFrame, result: dict, labels):
    """Points by value source, each era's fitted line, and a label beside each system named in `labels`."""
    points = table[table["in_fit"]]
    for source, (marker, filled, legend) in MARKERS.items():
        part = points[points["value_source"] == source]
        if len(part):
            style = {"color": "C0"} if filled else {"facecolors": "none", "edgecolors": "C0"}
            ax.scatter(part["year"], part["pfs_days"], marker=marker, s=28, zorder=3, label=legend, **style)
    for era, row in result["trends"].iterrows():
        color = ERA_COLORS[era]
        years = np.linspace(row["from"], row["to"], 50)
        ax.plot(years, 10 ** (row["intercept"] + row["slope_oom_per_year"] * years), color=color,
                label=_trend_label(era, row))
    named = points[points["system"].isin(labels)]
    plotting.label_points(ax, named["year"], named["pfs_days"], named["label"])
    ax.set_yscale("log")
    ax.set_ylabel("training compute (petaflop/s-days)")
    ax.set_xlabel("publication date (year)")


def figure_all_eras(table: pd.DataFrame, result: dict, params: Parameters):
    """Article Fig. 1: the two eras of training compute, 1959-2018, on a log scale."""
    plotting.use_style()
    fig, ax = plt.subplots(figsize=(9, 5.5))
    bundled = params.dataset == BUNDLED
    first = table[table["year"] < result["boundary"]]["system"].tolist()
    _draw(ax, table, result, labels=first + ["AlexNet", "AlphaGo Zero"] if bundled else [])
    ax.axvline(result["boundary"], color="0.5", linestyle=":", linewidth=1)
    if bundled:
        ax.set_ylim(1e-15, 1e4)  # OpenAI's chart axis runs from 1e-14; the Perceptron sits just below it
    ax.legend(loc="upper left")
    ax.set_title("Two eras of compute used in training AI systems")
    plotting.caption(fig, f"Source: {dataset_credit(params.dataset, AI_AND_COMPUTE_CREDIT)}. Intervals: 95 % "
                          f"bootstrap. Code: mlfootprint.analyses.ai_and_compute.figure_all_eras")
    return fig


def figure_modern_era(table: pd.DataFrame, result: dict, params: Parameters):
    """Article Fig. 2: the modern era alone, AlexNet marked "A" as in the article."""
    plotting.use_style()
    fig, ax = plt.subplots(figsize=(9, 5.5))
    modern = table[table["year"] >= result["boundary"]]
    _draw(ax, modern, {**result, "trends": result["trends"].loc[["modern era"]]},
          labels=modern["system"].tolist() if params.dataset == BUNDLED else [])
    alexnet = modern[(modern["system"] == "AlexNet") & modern["in_fit"]]
    if len(alexnet):
        ax.annotate("A", (alexnet["year"].iloc[0], alexnet["pfs_days"].iloc[0]), xytext=(-14, 6),
                    textcoords="offset points", fontsize=13, fontweight="bold", color="C3")
    ax.legend(loc="upper left")
    ax.set_title("The modern era of training compute (A: AlexNet)")
    plotting.caption(fig, f"Source: {dataset_credit(params.dataset, AI_AND_COMPUTE_CREDIT)}. Interval: 95 % "
                          f"bootstrap over systems. Code: mlfootprint.analyses.ai_and_compute.figure_modern_era")
    return fig


def figure_sensitivity(sensitivity: pd.DataFrame, params: Parameters):
    """Modern-era doubling time (months) when the first i and last j systems are dropped."""
    plotting.use_style()
    fig, ax = plt.subplots(figsize=(5.5, 4.2))
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
    plotting.caption(fig, f"Source: {dataset_credit(params.dataset, AI_AND_COMPUTE_CREDIT)}. Code: "
                          f"mlfootprint.analyses.ai_and_compute.figure_sensitivity")
    return fig
