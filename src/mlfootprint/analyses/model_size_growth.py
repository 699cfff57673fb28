"""Growth of model size (article Fig. 3): parameter counts of language and vision models over time, a trend per
domain with its doubling time and bootstrap interval. Sparse mixture-of-experts models are shown but not fitted:
their parameter counts are not comparable with dense ones. The article states no window for its 3.4 months, so the
doubling time is also fitted for every window start it could have meant, with and without the counts that are
estimates rather than stated by a paper (`window_sensitivity`), and the verdict says over which starts the claim
holds.

Notebook: notebooks/03-model-size-growth.ipynb. Runs on data/parameter_counts.csv or on Epoch AI's
"Notable AI Models" CSV (`dataset` = its path).
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import plotting, steps, trends
from ..catalogue import find
from ..notebook_parameters import ARTICLE_DATE
from ..notebook_parameters import ModelSizeParameters as Parameters
from ..claims import REPRODUCED, Recomputed, accepted, printed_claim, verdict
from ..intervals import Interval
from ..loaders import (PARAMETER_COUNTS_CREDIT, dataset_credit, load_claims, load_epoch_models, load_parameter_counts,
                       source_fact)
from ..parameters import BUNDLED
DOMAINS = ("language", "vision")
VILLALOBOS_WINDOW = ("2018-01-01", "2022-12-31")
"""Villalobos et al. 2022's window for their pooled 4.0-month doubling time (a source's window, which reaches past
the article's date; it judges their claim, not the article's)."""
VILLALOBOS_SYSTEMS = 129
"""Systems in Villalobos et al. 2022's 2018-2022 fit (all domains pooled; Epoch blog version, table of trends)."""
WINDOW_STARTS = ("2012-01-01", "2015-01-01", "2016-01-01", "2017-01-01", "2018-01-01")
"""Window starts the article could have meant for Fig. 3 (it states none): the deep-learning era from 2012, as the
article's own modern era, and the starts from 2016-2018 after which Sevilla et al. 2021 see language models' fast
growth; the run's own `start` is added when it is not among them."""
ESTIMATED = "Estimate"
"""How data/parameter_counts.csv marks a count that no paper states (its `source` starts with this word: word2vec)."""
ALL_COUNTS, STATED_ONLY = "all counts", "stated counts only"


def listed(domains: pd.Series, domain: str, alone: bool = False) -> pd.Series:
    """Whether `domain` is among Epoch AI's comma-separated domains of each row (`alone`: the only one)."""
    tokens = domains.fillna("").str.lower().str.split(",").map(lambda names: [n.strip() for n in names if n.strip()])
    return tokens.map(lambda names: names == [domain] if alone else domain in names).astype(bool)


def _models(dataset: str) -> pd.DataFrame:
    if dataset == BUNDLED:
        table = load_parameter_counts()
        table["estimated"] = table["source"].str.startswith(ESTIMATED)
        return table.rename(columns={"model": "system"})[
            ["system", "domain", "date", "parameters", "mixture_of_experts", "estimated"]]
    epoch = load_epoch_models(dataset)
    rows = []
    for domain in DOMAINS:
        part = epoch[listed(epoch["domain"], domain)]
        rows.append(pd.DataFrame({"system": part["system"], "domain": domain, "date": part["date"],
                                  "parameters": part["parameters"], "mixture_of_experts": False, "estimated": False}))
    return pd.concat(rows, ignore_index=True)


def models(params: Parameters) -> pd.DataFrame:
    """Models of the chosen domains from `start` to `end`, plus those published after the article (`after_article`
    True; ARTICLE_DATE), with `year`. `in_fit` is True for dense models with a date and a parameter count inside the
    window: by default the window ends at the article's date, so later models are listed (and fitted apart, see
    `extension_trends`) but never enter the verdict on the article's claim. Rows without a date or a count, and
    mixture-of-experts models, are kept with `in_fit` False so that the notebook can list them."""
    table = _models(params.dataset)
    table = table[table["domain"].isin(params.domains)]
    dated = table["date"].notna()
    after = dated & (table["date"] > pd.Timestamp(ARTICLE_DATE))
    inside = (table["date"] >= pd.Timestamp(params.start)) & (table["date"] <= pd.Timestamp(params.end))
    table = table[~dated | inside | (after & (table["date"] >= pd.Timestamp(params.start)))].copy()
    table["year"] = np.nan
    table.loc[table["date"].notna(), "year"] = trends.fractional_year(table.loc[table["date"].notna(), "date"])
    table["after_article"] = table["date"].notna() & (table["date"] > pd.Timestamp(ARTICLE_DATE))
    in_window = table["date"].notna() & (table["date"] <= pd.Timestamp(params.end))
    table["in_fit"] = in_window & table["parameters"].notna() & ~table["mixture_of_experts"]
    return table.sort_values(["domain", "year"], na_position="last").reset_index(drop=True)


def domain_trends(params: Parameters, table: pd.DataFrame) -> pd.DataFrame:
    """One fitted trend per domain over the window (`in_fit`), with doubling time and growth per year and their
    bootstrap intervals: the fit that judges the article's claim."""
    rows = {}
    for domain in params.domains:
        part = table[(table["domain"] == domain) & table["in_fit"]]
        rows[domain] = trends.trend_summary(part["year"], part["parameters"], params.n_bootstrap, params.seed,
                                            what=f"{domain} models in the window")
    return pd.DataFrame(rows).T.rename_axis("domain")


def extension_trends(params: Parameters, table: pd.DataFrame) -> pd.DataFrame:
    """The same fit per domain from `start` to the latest model, later models included: an extension beside the
    article's window, never part of its verdict. Empty when no model of the table is outside the window."""
    dense = table["year"].notna() & table["parameters"].notna() & ~table["mixture_of_experts"]
    if not (dense & ~table["in_fit"]).any():
        return pd.DataFrame(columns=["from"]).rename_axis("domain")
    rows = {}
    for domain in params.domains:
        part = table[(table["domain"] == domain) & dense]
        rows[domain] = trends.trend_summary(part["year"], part["parameters"], params.n_bootstrap, params.seed,
                                            what=f"{domain} models, extension")
    return pd.DataFrame(rows).T.rename_axis("domain")


ARTICLE_WINDOW, EXTENSION = "window (judges the claim)", "extension to the latest model (not judged)"


def trends_table(fitted: pd.DataFrame, extension: pd.DataFrame) -> pd.DataFrame:
    """Both fits in one table, each row marked by its `fit`: the window's, which judges the article, and the
    extension to the latest model."""
    parts = [fitted.assign(fit=ARTICLE_WINDOW)] + ([extension.assign(fit=EXTENSION)] if len(extension) else [])
    table = pd.concat(parts)
    return table[["fit"] + [c for c in table.columns if c != "fit"]]


def window_starts(params: Parameters) -> list[str]:
    """The window starts of the sensitivity: WINDOW_STARTS and the run's own `start`, before its `end`."""
    starts = sorted({*WINDOW_STARTS, str(pd.Timestamp(params.start).date())})
    return [start for start in starts if pd.Timestamp(start) < pd.Timestamp(params.end)]


def window_sensitivity(params: Parameters) -> pd.DataFrame:
    """Doubling time (months, 95 % bootstrap interval) of each domain's dense models from each window start to `end`,
    with every count and, where the window holds one, without the counts that no paper states; each fit judged
    against the article's claim by the tolerance rule (`holds`)."""
    every = _models(params.dataset)
    dense = every[every["date"].notna() & every["parameters"].notna() & ~every["mixture_of_experts"]
                  & (every["date"] <= pd.Timestamp(params.end))].sort_values(["domain", "date"], kind="stable")
    rows, claim_table = [], load_claims()
    for domain in params.domains:
        claim = claim_table.loc[f"size-{domain}-3-4"]
        for start in window_starts(params):
            part = dense[(dense["domain"] == domain) & (dense["date"] >= pd.Timestamp(start))]
            subsets = [(ALL_COUNTS, part)] + ([(STATED_ONLY, part[~part["estimated"]])] if part["estimated"].any()
                                               else [])
            for counts, chosen in subsets:
                fit = trends.trend_or_count(trends.fractional_year(chosen["date"]), chosen["parameters"],
                                            params.n_bootstrap, params.seed, f"{domain} models from {start}")
                months = fit.get("doubling_months", np.nan)
                rows.append({"domain": domain, "start": start, "counts": counts, "n": fit["n"],
                             "doubling_months": months, "doubling_months_low": fit.get("doubling_months_low", np.nan),
                             "doubling_months_high": fit.get("doubling_months_high", np.nan),
                             "holds": verdict(claim["published_value"], months, claim["sig_figs"], claim["sided"],
                                              claim["hedge"]) == REPRODUCED})
    return pd.DataFrame(rows)


def _choices_in_words(rows: pd.DataFrame) -> str:
    """Window starts in words with their doubling times, e.g. "the windows starting 2017 (3.85 months) and 2018
    (3.39)", the fit with stated counts only beside the first where it differs; "no window" when there is none."""
    parts = []
    for start, group in rows.groupby("start", sort=True):
        months = [f"{row['doubling_months']:.3g}" + ("" if row["counts"] == ALL_COUNTS else " with stated counts only")
                  for _, row in group.iterrows()]
        if not parts:
            months[0] += " months"
        parts.append(f"{start[:4]} ({'; '.join(months)})")
    if not parts:
        return "no window"
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"the window{'s' if len(parts) > 1 else ''} starting {listed}"


def _sensitivity_claims(sensitivity: pd.DataFrame, fitted: pd.DataFrame, values: dict, quantities: dict) -> None:
    """Each domain's claim recomputed over the choices the article leaves open: the run's window fit as the value,
    the range over every window start and count subset as its interval, and the choices in words."""
    for domain in fitted.index:
        rows = sensitivity[(sensitivity["domain"] == domain) & sensitivity["doubling_months"].notna()]
        months = rows["doubling_months"]
        own = fitted.at[domain, "doubling_months"]
        values[f"size-{domain}-3-4"] = Interval(own, min(months.min(), own), max(months.max(), own))
        quantities[f"{domain}_holds"] = _choices_in_words(rows[rows["holds"]])
        quantities[f"{domain}_fails"] = _choices_in_words(rows[~rows["holds"]])


def recomputed(params: Parameters, table: pd.DataFrame, fitted: pd.DataFrame,
               sensitivity: pd.DataFrame | None = None) -> Recomputed:
    """Recomputed values of notebook 03's claims (from the window's fit only), reasons where a claim cannot be
    recomputed, and the quantities the explanations quote."""
    values, reasons, quantities = {}, {}, {}
    for domain in DOMAINS:
        claim_id = f"size-{domain}-3-4"
        if domain in fitted.index:
            row = fitted.loc[domain]
            values[claim_id] = row["doubling_months"]
            quantities.update({f"{domain}_n": row["n"], f"{domain}_months": row["doubling_months"],
                               f"{domain}_months_low": row["doubling_months_low"],
                               f"{domain}_months_high": row["doubling_months_high"]})
        else:
            values[claim_id] = None
            reasons[claim_id] = f"{domain} is not among this run's domains"
    if sensitivity is not None:
        _sensitivity_claims(sensitivity, fitted, values, quantities)
    every = _models(params.dataset)
    start, end = (pd.Timestamp(d) for d in VILLALOBOS_WINDOW)
    pooled = every[(every["date"] >= start) & (every["date"] <= end) & every["parameters"].notna()
                   & ~every["mixture_of_experts"]]
    pooled_fit = trends.trend_summary(trends.fractional_year(pooled["date"]), pooled["parameters"],
                                      params.n_bootstrap, params.seed, what="models of 2018-2022")
    values["villalobos-4-0-months"] = pooled_fit["doubling_months"]
    quantities.update({"villalobos_n": len(pooled), "villalobos_systems": VILLALOBOS_SYSTEMS,
                       "villalobos_low": pooled_fit["doubling_months_low"],
                       "villalobos_high": pooled_fit["doubling_months_high"],
                       "window": f"{params.start} to {params.end}",
                       "sevilla_language_low": source_fact("sevilla2021_language_doubling_low"),
                       "sevilla_language_high": source_fact("sevilla2021_language_doubling_high")})
    return Recomputed(values, reasons, quantities, other_sample={"villalobos-4-0-months"})


def short_names(names) -> list[str]:
    """Point labels: each model's name without a trailing parenthesis ("GPT-2 (1.5B)" -> "GPT-2") where that
    keeps the names distinct ("Transformer (base)" and "Transformer (big)" stay as they are)."""
    names = list(names)
    short = [name.split(" (")[0] if name.endswith(")") else name for name in names]
    return [s if short.count(s) == 1 else n for n, s in zip(names, short)]


def _outside_window(params: Parameters, table: pd.DataFrame) -> pd.Series:
    """Models drawn but not fitted because they come after the window: any model dated after the window's end, and
    those the `after_article` column marks, where the table has one, unless the fit took them (a window reaching
    past the article's date)."""
    late = table["date"] > pd.Timestamp(params.end)
    if "after_article" in table:
        late |= table["after_article"].fillna(False).astype(bool) & ~table["in_fit"]
    return late


def domain_bands(params: Parameters, table: pd.DataFrame) -> dict:
    """Each domain's 95 % bootstrap band of its fitted line (`trends.band`), over the models its fit used."""
    return {domain: trends.band(part["year"], part["parameters"], params.n_bootstrap, params.seed, what=domain)
            for domain in params.domains
            for part in [table[(table["domain"] == domain) & table["in_fit"]]]}


BLUE, GREY = plotting.COLORS["this run"], plotting.COLORS["context"]


def _panel(ax, params: Parameters, table: pd.DataFrame, fitted: pd.DataFrame, band: pd.DataFrame, months: float,
           domain: str) -> bool:
    """One domain: its models (hollow grey where not fitted), its trend with its band (cut at the range of the
    fitted models: True when it was), the article's doubling."""
    shown = (table["domain"] == domain) & table["year"].notna() & table["parameters"].notna()
    part, late = table[shown], _outside_window(params, table)[shown]
    dense, moe = part[~part["mixture_of_experts"] & ~late], part[part["mixture_of_experts"] & ~late]
    ax.scatter(dense["year"], dense["parameters"], color=BLUE, s=36, zorder=3,
               label=f"{domain} models, fitted (n={int(part['in_fit'].sum())})")
    if len(moe):
        ax.scatter(moe["year"], moe["parameters"], facecolors="none", edgecolors=GREY, marker="D", s=40, zorder=3,
                   label="not fitted: mixture of experts")
    if late.any():
        named = "the article" if "after_article" in table and table.loc[late[late].index, "after_article"].all() \
            else params.end
        ax.scatter(part.loc[late, "year"], part.loc[late, "parameters"], facecolors="none", edgecolors=GREY, s=36,
                   zorder=3, label=f"not fitted: after {named}")
    row, fit = fitted.loc[domain], part[part["in_fit"]]
    cut = plotting.band(ax, band, within=(fit["parameters"].min(), fit["parameters"].max())).cut
    ax.plot(*trends.curve(row), color=BLUE, label=f"{domain} fit: " + plotting.doubling_text(
        row["doubling_months"], row["doubling_months_low"], row["doubling_months_high"]))
    plotting.doubling_reference(ax, fit["year"], fit["parameters"], months,
                                f"the article: doubling in {months:g} months")
    plotting.log_axis(ax, "y")
    plotting.year_axis(ax)
    plotting.decorate(ax, title=f"{domain.capitalize()} models", legend="below")
    return cut


@plotting.drawing
def figure(params: Parameters, table: pd.DataFrame, fitted: pd.DataFrame, bands: dict, months: dict, credit: str):
    """Article Fig. 3: parameter counts over time on a log scale, one panel per domain (language left, vision
    right, as in the article), each with its fitted trend and bootstrap band and the article's doubling time
    (`months`, by domain) through the same models; mixture-of-experts models and models after the window are
    drawn hollow grey and not fitted."""
    domains = [d for d in DOMAINS if d in params.domains]
    fig, axes = plt.subplots(1, len(domains), figsize=(plotting.TWO_COLUMNS, plotting.SLIDE_HEIGHT), sharey=True,
                             squeeze=False)
    cut = [_panel(ax, params, table, fitted, bands[domain], months[domain], domain)
           for ax, domain in zip(axes[0], domains)]
    axes[0][0].set_ylabel("parameters")
    plotting.title(fig, f"Growth of model size, {params.start[:4]} to {params.end[:4]}")
    plotting.caption(fig, f"{credit}; models published {params.start} to {params.end}",
                     "Lines: least-squares fits of log10(parameters) on the date, shaded: 95 % bootstrap bands"
                     + (f", {plotting.BAND_CUT}" if any(cut) else "") + "; "
                     "dashed: the article's doubling time through the same models"
                     + (". Names where they fit, largest models first" if params.dataset == BUNDLED else ""))
    if params.dataset == BUNDLED:  # the largest first, each where it fits
        for ax, domain in zip(axes[0], domains):
            part = table[(table["domain"] == domain) & table["year"].notna() & table["parameters"].notna()]
            part = part.sort_values("parameters", ascending=False)
            plotting.place_labels(ax, part["year"], part["parameters"], short_names(part["system"]),
                                  only_where_free=True)
    return fig


TRIANGLE_ROOM = 1.3
"""A clipped interval ends this factor below the top of the log axis, so that its triangle is drawn whole."""


@plotting.drawing
def figure_window_sensitivity(params: Parameters, sensitivity: pd.DataFrame, claim_high: float, credit: str):
    """Doubling time of each domain's parameter counts (months, log scale, 95 % bootstrap interval) against the
    window's first year, one panel per domain as in Fig. 3, with and without estimated counts (filled and hollow);
    shaded, the doubling times the article's claim stands for (at most `claim_high`). Only the run's domains are
    drawn; an interval with no upper bound or reaching past the axis ends in a triangle inside the axes."""
    domains = [d for d in DOMAINS if d in params.domains]
    fig, axes = plt.subplots(1, len(domains), figsize=(plotting.TWO_COLUMNS, plotting.SLIDE_HEIGHT), sharey=True,
                             squeeze=False)
    fitted = sensitivity.dropna(subset=["doubling_months"])
    low = min(1.5, fitted["doubling_months_low"].min() / 1.3)
    high = max(80.0, fitted["doubling_months"].max() * 2)
    cap = high / TRIANGLE_ROOM  # where a clipped bar ends, so that its triangle stays inside the axes
    years = sorted(pd.to_datetime(sensitivity["start"]).dt.year.unique())  # evenly spaced, whatever the gaps
    for ax, domain in zip(axes[0], domains):
        ax.axhspan(low, claim_high, color="0.88", zorder=0,
                   label=f"the article's claim: about 3.4 months (at most {claim_high:.2f})")
        shown = sensitivity[sensitivity["domain"] == domain].dropna(subset=["doubling_months"])
        for counts, part in shown.groupby("counts"):
            filled = counts == ALL_COUNTS
            x = pd.to_datetime(part["start"]).dt.year.map(years.index) + (-0.08 if filled else 0.08)
            top = np.minimum(part["doubling_months_high"], cap)
            ax.errorbar(x, part["doubling_months"], yerr=[part["doubling_months"] - part["doubling_months_low"],
                                                         top - part["doubling_months"]],
                        fmt="o", color=BLUE, markerfacecolor=BLUE if filled else "white", capsize=4, zorder=3,
                        label="every parameter count" if filled else "stated counts only (no estimates)")
            open_ended = part["doubling_months_high"].to_numpy() > cap  # no upper bound, or past the axis
            ax.plot(x[open_ended], top[open_ended], "^", color=BLUE, markersize=8)
        ax.set_xticks(range(len(years)), [str(y) for y in years])
        ax.set_xlim(-0.6, len(years) - 0.4)
        ax.set_ylim(low, high)
        plotting.log_axis(ax, "y")
        plotting.decorate(ax, title=f"{domain.capitalize()} models", xlabel="window's first year (not to scale)",
                          legend="below")
    axes[0][0].set_ylabel("doubling time (months)")
    plotting.title(fig, "Doubling time of parameter counts by the window's first year")
    plotting.caption(fig, f"{credit}; dense models from each first year to {params.end}", "Bars: 95 % bootstrap "
                     "intervals (a triangle: no upper bound, or one beyond the axis); shaded: the doubling times the article's Fig. 3 claim "
                     "stands for")
    return fig


def claim_high(domain: str = "language") -> float:
    """The longest doubling time (months) the article's Fig. 3 claim stands for (the tolerance rule)."""
    claim = load_claims().loc[f"size-{domain}-3-4"]
    return accepted(claim["published_value"], claim["sig_figs"], claim["sided"], claim["hedge"])[1]


class Steps(steps.Steps):
    """Notebook 03's chain: the models, a trend per domain in the window, the extension to the latest model, the
    figure and the ledger."""

    NOTEBOOK = find("03")
    TABLES = ("models", "trends", "window_sensitivity")

    @steps.step
    def credit(self) -> str:
        """Who made the data this run plots."""
        return dataset_credit(self.params.dataset, PARAMETER_COUNTS_CREDIT)

    @steps.step
    def models(self) -> pd.DataFrame:
        return models(self.params)

    @steps.step
    def fitted(self) -> pd.DataFrame:
        """The window's trend per domain: the fit that judges the article."""
        return domain_trends(self.params, self.models)

    @steps.step
    def extension(self) -> pd.DataFrame:
        return extension_trends(self.params, self.models)

    @steps.step
    def trends(self) -> pd.DataFrame:
        """Both fits in one table (`trends_table`)."""
        return trends_table(self.fitted, self.extension)

    @steps.step
    def window_sensitivity(self) -> pd.DataFrame:
        """The doubling time for every window start the article could have meant, with and without estimated
        counts, each judged against the claim (`window_sensitivity`)."""
        return window_sensitivity(self.params)

    @steps.step
    def recomputed(self) -> Recomputed:
        return recomputed(self.params, self.models, self.fitted, self.window_sensitivity)

    @steps.step
    def bands(self) -> dict:
        """Each domain's bootstrap band, for the figure."""
        return domain_bands(self.params, self.models)

    @steps.figure("model-size-growth")
    def figure(self):
        months = {domain: printed_claim(f"size-{domain}-3-4").value for domain in DOMAINS}
        return figure(self.params, self.models, self.fitted, self.bands, months, self.credit)

    @steps.figure("model-size-window-sensitivity")
    def figure_window_sensitivity(self):
        return figure_window_sensitivity(self.params, self.window_sensitivity, claim_high(), self.credit)
