"""The article's analyses on today's data: training compute from 1950 to the dataset's end with a fitted breakpoint
and a doubling time per era, frontier systems apart from all notable ones (`compute`); parameter counts per domain
(`sizes`); and Strubell et al.'s table for today's training runs, through the estimator and beside Epoch AI's own
power column, the largest in car lifetimes (`runs`). Its ledger rows are at level "extension": the article's numbers
held against data published after it, never a verdict on the article.

Notebook: notebooks/09-the-trends-today.ipynb. Reads Epoch AI's Notable AI Models: the bundled 2024-12 snapshot
(data/epoch_notable_ai_models_2024-12.csv) or any download given as `dataset` (both of Epoch's schemas).
"""

import numpy as np
import pandas as pd

from ... import steps
from ...catalogue import find
from ...claims import Recomputed
from ...loaders import load_claims
from ...notebook_parameters import TrendsTodayParameters as Parameters
from ..ai_and_compute import AUTO, breakpoint_table
from ..model_size_growth import DOMAINS
from . import compute, runs, sizes
from .compute import WINDOWS
from .dataset import credit, models, overview
from .runs import largest


def _months(key: str, row: pd.Series, quantities: dict) -> str:
    """A doubling time for an explanation: a template piece (months with its interval, open-ended where the slope
    may be zero, and n) whose numbers are put in `quantities` under names starting with `key`."""
    quantities[f"{key}_n"] = float(row["n"])
    if not row["doubling_months"] > 0:
        return f"no doubling, the fitted trend falls (n={{{key}_n:.0f}})"
    quantities[f"{key}_months"] = float(row["doubling_months"])
    quantities[f"{key}_low"] = float(row["doubling_months_low"])
    high = "no upper bound"
    if np.isfinite(row["doubling_months_high"]):
        quantities[f"{key}_high"] = float(row["doubling_months_high"])
        high = f"{{{key}_high:.1f}}"
    return f"{{{key}_months:.1f}} months [{{{key}_low:.1f}}-{high}], n={{{key}_n:.0f}}"

def _value(table: pd.DataFrame, fit: str, column: str = "doubling_months"):
    if fit not in table.index or pd.isna(table.at[fit, column]):
        return None
    return float(table.at[fit, column])

def recomputed(params: Parameters, doubling: pd.DataFrame, fitted: pd.DataFrame, table: pd.DataFrame
               ) -> Recomputed:
    """The recomputed values of notebook 09's claims (data/claims.csv, level "extension": the article's numbers on
    data published after it) and the explanation of each, a template filled from this run's quantities."""
    openai, sevilla = WINDOWS
    modern = "all notable, modern era"
    values = {
        "today-aic-3-4-2012-2018": _value(doubling, f"all notable, {openai}"),
        "today-aic-3-4-modern": _value(doubling, modern),
        "today-sevilla-5-7": _value(doubling, f"all notable, {sevilla}"),
        "today-size-language-3-4": _value(fitted, "language, models listing it"),
        "today-size-vision-3-4": _value(fitted, "vision, models listing it"),
        "today-five-cars": None,
    }
    reasons = {claim_id: "too few systems with a date and a value in this dataset"
               for claim_id, value in values.items() if value is None}
    quantities: dict = {}
    if values["today-aic-3-4-2012-2018"] is not None:
        front = (f"; frontier systems alone: {_months('frontier', doubling.loc[f'frontier, {openai}'], quantities)}"
                 if _value(doubling, f"frontier, {openai}") else "")
        reasons["today-aic-3-4-2012-2018"] = (
            f"all notable systems of 2012-2018: {_months('notable', doubling.loc[f'all notable, {openai}'], quantities)}"
            f"{front}; OpenAI fitted its own hand-picked landmark systems")
    if values["today-aic-3-4-modern"] is not None:
        row = doubling.loc[modern]
        quantities.update(modern_from=float(row["from"]), modern_to=float(row["to"]))
        reasons["today-aic-3-4-modern"] = (
            f"all notable systems from the {'fitted breakpoint' if params.era_boundary == AUTO else 'boundary'} "
            f"({{modern_from:.1f}}) to {{modern_to:.1f}}: {_months('modern', row, quantities)}")
    if values["today-sevilla-5-7"] is not None:
        quantities["sevilla_n"] = float(doubling.at[f"all notable, {sevilla}", "n"])
        reasons["today-sevilla-5-7"] = ("all {sevilla_n:.0f} notable systems of 2010-2022 in this dataset; Sevilla et "
                                        "al. fitted the regular-scale systems of a 2022 snapshot")
    for domain in DOMAINS:
        fit = f"{domain}, models listing it"
        if values[f"today-size-{domain}-3-4"] is not None:
            alone = fitted.loc[f"{domain}, models listing it alone"]
            only = (f"; those listing {domain} alone: {_months(domain + '_alone', alone, quantities)}"
                    if pd.notna(alone["doubling_months"]) else "")
            reasons[f"today-size-{domain}-3-4"] = (f"{domain} models from {params.size_start[:4]}: "
                                                   f"{_months(domain, fitted.loc[fit], quantities)}{only}")
    top = largest(table, 1)
    if len(top):
        row = top.iloc[0]
        values["today-five-cars"] = float(row["cars"])
        quantities.update(largest_system=row["system"], largest_chips=float(row["chips"]),
                          largest_hardware=row["hardware"], largest_hours=float(row["hours"]),
                          largest_grid=str(row["grid"]), largest_cars_low=float(row["cars_low"]),
                          largest_cars_high=float(row["cars_high"]))
        reasons["today-five-cars"] = (
            "the largest run, {largest_system} ({largest_chips:,.0f} x {largest_hardware} for {largest_hours:,.0f} h, "
            "grid {largest_grid}), is {recomputed:,.0f} car lifetimes [{largest_cars_low:,.0f}-"
            "{largest_cars_high:,.0f}]; the five cars were an architecture search of 2019 on eight GPUs")
    else:
        reasons["today-five-cars"] = "no run in this dataset has training hardware, hardware quantity and training time"
    return Recomputed(values, reasons, quantities)


class Steps(steps.Steps):
    """Notebook 09's chain: the dataset, the compute trends and their doubling times, the parameter-count trends,
    today's training runs, the figures and the ledger."""

    NOTEBOOK = find("09")
    TABLES = ("systems", "breakpoint", "doubling_times", "parameter_trends", "runs", "epoch_power")

    @steps.step
    def credit(self) -> str:
        return credit(self.params)

    @steps.step
    def systems(self) -> pd.DataFrame:
        return models(self.params)

    @steps.step
    def overview(self) -> pd.DataFrame:
        return overview(self.systems)

    @steps.step
    def eras(self) -> dict:
        return compute.eras(self.params, self.systems)

    @steps.step
    def breakpoint(self) -> pd.DataFrame:
        return breakpoint_table(self.eras, self.params)

    @steps.step
    def doubling_times(self) -> pd.DataFrame:
        return compute.doubling_table(self.params, self.systems, self.eras)

    @steps.step
    def sized(self) -> pd.DataFrame:
        """Language and vision models with a parameter count (`sizes.size_models`)."""
        return sizes.size_models(self.params, self.systems)

    @steps.step
    def parameter_trends(self) -> pd.DataFrame:
        return sizes.parameter_trends(self.params, self.sized)

    @steps.step
    def grid_assumption(self) -> str:
        return runs.grid_assumption(self.params)

    @steps.step
    def runs(self) -> pd.DataFrame:
        return runs.runs(self.params, self.systems)

    @steps.step
    def largest(self) -> pd.DataFrame:
        return largest(self.runs)

    @steps.step
    def epoch_power(self) -> pd.DataFrame:
        return runs.epoch_power_check(self.runs)

    @steps.step
    def recomputed(self) -> Recomputed:
        return recomputed(self.params, self.doubling_times, self.parameter_trends, self.runs)

    @steps.step
    def compute_bands(self) -> dict:
        """The bootstrap band of every era fit, for the figure."""
        return compute.fit_bands(self.params, self.systems, self.eras)

    @steps.step
    def size_bands(self) -> dict:
        """The bootstrap band of each domain's fit, for the figure."""
        return sizes.size_bands(self.params, self.sized, self.parameter_trends)

    @steps.figure("trends-today-compute")
    def figure_compute(self):
        return compute.figure_compute(self.systems, self.eras, self.compute_bands, self.credit)

    @steps.figure("trends-today-doubling")
    def figure_doubling(self):
        return compute.figure_doubling(self.doubling_times, self.credit, self.window())

    @steps.figure("trends-today-parameters")
    def figure_parameters(self):
        months = {domain: load_claims().at[f"today-size-{domain}-3-4", "published_value"] for domain in DOMAINS}
        return sizes.figure_parameters(self.sized, self.parameter_trends, self.size_bands, months, self.credit)

    def window(self) -> str:
        """The run's window in words: "up to <last date>" from the default start, else "<start> to <last date>"."""
        last = self.systems.loc[self.systems["in_window"], "date"].max()
        start = Parameters.__dataclass_fields__["start"].default
        return f"up to {last:%Y-%m-%d}" if self.params.start == start else f"{self.params.start} to {last:%Y-%m-%d}"

    @steps.figure("trends-today-cars")
    def figure_cars(self):
        article = load_claims().at[runs.ARTICLE_CARS_CLAIM, "published_value"]
        return runs.figure_cars(self.params, self.largest, article, self.window(), self.credit)
