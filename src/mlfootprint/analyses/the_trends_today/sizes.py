"""Notebook 09, part 2: parameter counts of language and vision models, a trend per domain (every model listing the
domain, and those listing it alone)."""

import matplotlib.pyplot as plt
import pandas as pd

from ... import plotting, trends
from ...notebook_parameters import TrendsTodayParameters as Parameters
from ..model_size_growth import DOMAINS, listed
from .dataset import last_date


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

def size_bands(params: Parameters, sized: pd.DataFrame, fitted: pd.DataFrame) -> dict:
    """Each domain's 95 % bootstrap band (`trends.band`) over every model listing it, where a trend was fitted."""
    return {domain: trends.band(part["year"], part["parameters"], params.n_bootstrap, params.seed, what=domain)
            for domain in DOMAINS for part in [sized[sized["size_domain"] == domain]]
            if pd.notna(fitted.at[f"{domain}, models listing it", "slope_oom_per_year"])}


def _panel_title(domain: str, row: pd.Series, part: pd.DataFrame) -> str:
    """A panel's title with its own fit, e.g. "Language models\nfit (n=286): doubling in 9.9 months [8.7-11.6]", or
    why there is none (too few models, or all of one date)."""
    if pd.notna(row["slope_oom_per_year"]):
        fit = f"fit (n={row['n']:.0f}): " + plotting.doubling_text(row["doubling_months"], row["doubling_months_low"],
                                                                  row["doubling_months_high"])
    elif len(part) < trends.MIN_POINTS:
        fit = f"no fit: {plotting.plural(len(part), 'model')}, {trends.MIN_POINTS} needed"
    else:
        fit = "no fit: every model of one date"
    return f"{domain.capitalize()} models\n{fit}"


@plotting.drawing
def figure_parameters(sized: pd.DataFrame, fitted: pd.DataFrame, bands: dict, months: dict, credit: str):
    """Parameter counts (log scale) of language and vision models, one panel each as in the article's Fig. 3, with
    each domain's trend (its doubling time in the panel's title, or why there is none) and bootstrap band, clipped
    to the range of the panel's points, and the article's doubling time (`months`, by domain) through the same
    models."""
    fig, axes = plt.subplots(1, 2, figsize=(plotting.TWO_COLUMNS, plotting.SLIDE_HEIGHT), sharey=True)
    blue = plotting.COLORS["this run"]
    for ax, domain in zip(axes, DOMAINS):
        part = sized[sized["size_domain"] == domain]
        ax.scatter(part["year"], part["parameters"], s=16, color=blue, alpha=0.5, zorder=3,
                   label="models listing the domain")
        row = fitted.loc[f"{domain}, models listing it"]
        if domain in bands:
            lowest, highest = part["parameters"].min(), part["parameters"].max()
            plotting.band(ax, bands[domain].assign(low=bands[domain]["low"].clip(lowest, highest),
                                                   high=bands[domain]["high"].clip(lowest, highest)))
            ax.plot(*trends.curve(row), color=blue, zorder=4, label="this run's fit (its doubling time above the panel)")
            plotting.doubling_reference(ax, part["year"], part["parameters"], months[domain],
                                        f"the article: doubling in {months[domain]:g} months", zorder=5)
        plotting.log_axis(ax, "y")
        plotting.year_axis(ax)
        plotting.decorate(ax, title=_panel_title(domain, row, part), legend="below")
    axes[0].set_ylabel("parameters")
    years = sized["year"]
    plotting.title(fig, f"Parameter counts of language and vision models, {int(years.min())}-{int(years.max())}")
    plotting.caption(fig, credit, "A model listing both domains counts in each. Lines: least-squares fits of "
                     "log10(parameters) on the date, shaded: 95 % bootstrap bands (clipped to the range of the "
                     "panel's points); dashed: the article's doubling time through the same models")
    return fig
