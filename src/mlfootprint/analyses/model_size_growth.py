"""Growth of model size (article Fig. 3): parameter counts of language and vision models over time, a trend per
domain with its doubling time and bootstrap interval. Sparse mixture-of-experts models are shown but not fitted:
their parameter counts are not comparable with dense ones.

Notebook: notebooks/03-model-size-growth.ipynb. Runs on data/parameter_counts.csv or on Epoch AI's
"Notable AI Models" CSV (`dataset` = its path).
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import plotting, trends
from ..catalogue import ModelSizeParameters as Parameters
from ..catalogue import find
from ..loaders import PARAMETER_COUNTS_CREDIT, dataset_credit, load_epoch_models, load_parameter_counts
from ..parameters import BUNDLED

NOTEBOOK = find("03")
DOMAINS = ("language", "vision")
DOMAIN_COLORS = {"language": "C0", "vision": "C2"}
VILLALOBOS_WINDOW = ("2018-01-01", "2022-12-31")


def _models(dataset: str) -> pd.DataFrame:
    if dataset == BUNDLED:
        table = load_parameter_counts()
        return table.rename(columns={"model": "system"})[
            ["system", "domain", "date", "parameters", "mixture_of_experts"]]
    epoch = load_epoch_models(dataset)
    rows = []
    for domain in DOMAINS:
        listed = epoch["domain"].fillna("").str.lower().str.split(",").apply(
            lambda names, wanted=domain: wanted in map(str.strip, names))
        part = epoch[listed]
        rows.append(pd.DataFrame({"system": part["system"], "domain": domain, "date": part["date"],
                                  "parameters": part["parameters"], "mixture_of_experts": False}))
    return pd.concat(rows, ignore_index=True)


def models(params: Parameters) -> pd.DataFrame:
    """Models of the chosen domains in the window, with `year`; `in_fit` is False for MoE models and for rows
    without a date or a parameter count (kept so that the notebook can list them)."""
    table = _models(params.dataset)
    table = table[table["domain"].isin(params.domains)]
    dated = table["date"].notna()
    inside = (table["date"] >= pd.Timestamp(params.start)) & (table["date"] <= pd.Timestamp(params.end))
    table = table[~dated | inside].copy()
    table["year"] = np.nan
    table.loc[table["date"].notna(), "year"] = trends.fractional_year(table.loc[table["date"].notna(), "date"])
    table["in_fit"] = table["year"].notna() & table["parameters"].notna() & ~table["mixture_of_experts"]
    return table.sort_values(["domain", "year"], na_position="last").reset_index(drop=True)


def domain_trends(params: Parameters, table: pd.DataFrame) -> pd.DataFrame:
    """One fitted trend per domain, with doubling time and growth per year and their bootstrap intervals."""
    rows = {}
    for domain in params.domains:
        part = table[(table["domain"] == domain) & table["in_fit"]]
        rows[domain] = trends.trend_summary(part["year"], part["parameters"], params.n_bootstrap, params.seed,
                                            what=f"{domain} models in the window")
    return pd.DataFrame(rows).T.rename_axis("domain")


def recomputed(params: Parameters, table: pd.DataFrame, fitted: pd.DataFrame) -> tuple[dict, dict]:
    """Recomputed values of notebook 03's claims, and reasons where a claim cannot be recomputed."""
    values, reasons = {}, {}
    for domain in DOMAINS:
        claim_id = f"size-{domain}-3-4"
        if domain in fitted.index:
            values[claim_id] = fitted.at[domain, "doubling_months"]
        else:
            values[claim_id] = None
            reasons[claim_id] = f"{domain} is not among this run's domains"
    every = _models(params.dataset)
    start, end = (pd.Timestamp(d) for d in VILLALOBOS_WINDOW)
    pooled = every[(every["date"] >= start) & (every["date"] <= end) & every["parameters"].notna()
                   & ~every["mixture_of_experts"]]
    values["villalobos-4-0-months"] = trends.fit_trend(trends.fractional_year(pooled["date"]),
                                                       pooled["parameters"]).doubling_months
    reasons["villalobos-4-0-months"] = (
        f"this fit pools the {len(pooled)} dense language and vision models of the dataset in 2018-2022; "
        f"Villalobos et al. pool 129 systems of every domain from Epoch's database")
    return values, reasons


def figure(params: Parameters, table: pd.DataFrame, fitted: pd.DataFrame):
    """Article Fig. 3: parameter counts over time per domain on a log scale, with fitted trends."""
    plotting.use_style()
    fig, ax = plt.subplots(figsize=(9, 5.5))
    for domain in params.domains:
        color = DOMAIN_COLORS[domain]
        part = table[(table["domain"] == domain) & table["year"].notna() & table["parameters"].notna()]
        dense, moe = part[~part["mixture_of_experts"]], part[part["mixture_of_experts"]]
        ax.scatter(dense["year"], dense["parameters"], color=color, s=26, zorder=3, label=f"{domain} models")
        if len(moe):
            ax.scatter(moe["year"], moe["parameters"], facecolors="none", edgecolors=color, marker="D", s=30,
                       zorder=3, label=f"{domain}, mixture of experts (not fitted)")
        row = fitted.loc[domain]
        years = np.linspace(row["from"], row["to"], 50)
        ax.plot(years, 10 ** (row["intercept"] + row["slope_oom_per_year"] * years), color=color,
                label=f"{domain} trend (n={row['n']:.0f}): doubling every {row['doubling_months']:.1f} months "
                      f"[{row['doubling_months_low']:.1f}-{row['doubling_months_high']:.1f}]")
        if params.dataset == BUNDLED:
            plotting.label_points(ax, part["year"], part["parameters"], part["system"], fontsize=6)
    ax.set_yscale("log")
    ax.set_xlabel("publication date (year)")
    ax.set_ylabel("parameters")
    ax.legend(loc="upper left")
    ax.set_title("Growth of model size: language and vision models")
    plotting.caption(fig, f"Source: {dataset_credit(params.dataset, PARAMETER_COUNTS_CREDIT)}. Intervals: 95 % "
                          f"bootstrap over models. Code: mlfootprint.analyses.model_size_growth.figure")
    return fig
