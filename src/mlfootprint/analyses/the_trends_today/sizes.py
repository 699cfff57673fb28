"""Notebook 09, part 2: parameter counts of language and vision models, a trend per domain (every model listing the
domain, and those listing it alone)."""

import matplotlib.pyplot as plt
import pandas as pd

from ... import plotting, trends
from ...notebook_parameters import TrendsTodayParameters as Parameters
from ..model_size_growth import DOMAIN_COLORS, DOMAINS, listed
from .dataset import credit, last_date


def size_models(params: Parameters, table: pd.DataFrame) -> pd.DataFrame:
    """Language and vision models with a parameter count, published between size_start and the end: one row per
    domain a model lists (a multimodal model listing both counts in each), `alone` True where it lists no other."""
    inside = table[(table["date"] >= pd.Timestamp(params.size_start)) & (table["date"] <= last_date(params, table))
                   & table["parameters"].notna()]
    parts = [inside[listed(inside["domain"], d, False)].assign(
        size_domain=d, alone=lambda part, d=d: listed(part["domain"], d, True)) for d in DOMAINS]
    return pd.concat(parts, ignore_index=True)[["system", "date", "year", "size_domain", "alone", "parameters",
                                                "frontier"]]

def parameter_trends(params: Parameters, sized: pd.DataFrame) -> pd.DataFrame:
    """Doubling time of parameter counts per domain, with 95 % bootstrap intervals: every model listing the domain,
    and those listing it alone."""
    rows = {}
    for domain in DOMAINS:
        for rule, part in (("listing it", sized[sized["size_domain"] == domain]),
                           ("listing it alone", sized[(sized["size_domain"] == domain) & sized["alone"]])):
            rows[f"{domain}, models {rule}"] = {"domain": domain, "models": rule, **trends.trend_or_count(
                part["year"], part["parameters"], params.n_bootstrap, params.seed, f"{domain} models {rule}")}
    columns = ["domain", "models", "n", "from", "to", "doubling_months", "doubling_months_low", "doubling_months_high",
               "factor_per_year", "r2", "slope_oom_per_year", "intercept"]
    return pd.DataFrame(rows.values(), index=pd.Index(rows, name="fit")).reindex(columns=columns)

@plotting.drawing
def figure_parameters(params: Parameters, sized: pd.DataFrame, fitted: pd.DataFrame):
    """Parameter counts of language and vision models (log scale) with each domain's trend."""
    fig, ax = plt.subplots(figsize=(plotting.ONE_AND_HALF_COLUMNS, 5.5))
    for domain in DOMAINS:
        part = sized[sized["size_domain"] == domain]
        color = DOMAIN_COLORS[domain]
        ax.scatter(part["year"], part["parameters"], s=14, color=color, alpha=0.6, label=f"{domain} models",
                   zorder=3)
        row = fitted.loc[f"{domain}, models listing it"]
        if pd.notna(row["slope_oom_per_year"]):
            ax.plot(*trends.curve(row), color=color,
                    label=f"{domain} trend (n={row['n']:.0f}): doubling every {row['doubling_months']:.1f} months "
                          f"[{row['doubling_months_low']:.1f}-{row['doubling_months_high']:.1f}]", zorder=4)
    plotting.decorate(ax, title="Parameter counts of language and vision models", xlabel="publication date (year)",
                      ylabel="parameters", yscale="log", legend="upper left")
    plotting.caption(fig, f"Source: {credit(params)}. A model listing both domains counts in each. Lines: least "
                          f"squares of log10(parameters) on the date; [intervals]: 95 % bootstrap over models.")
    return fig
