"""Notebook 01's claims recomputed (data/claims.csv, `recomputed`): the systems' span and dates, the doubling times
over the choices OpenAI does not state (how a date becomes a year) and the rounding of its chart's values
(`fit_choices`), and Sevilla et al.'s doubling times, which only a refit on another sample can approach."""

import math

import numpy as np
import pandas as pd

from ... import trends
from ...claims import Recomputed, printed_claim
from ...intervals import Interval, float_sig_figs, printed, propagate
from ...loaders import load_epoch_models
from ...notebook_parameters import AiAndComputeParameters as Parameters
from ...parameters import BUNDLED
from ...units import FLOP_PER_PFS_DAY

MONTHS_PER_YEAR = trends.MONTHS_PER_YEAR
OPENAI_CHART_Y_AXIS_PFS_DAYS = (1e-14, 1e4)
"""The y-axis of OpenAI's two-era chart (Sastry et al. 2019 addendum to AI and Compute), in petaflop/s-days."""
VALUE_SOURCE_WORDS = {
    "openai-chart": "OpenAI chart data",
    "epoch-digitised": "Epoch's digitisation of OpenAI's chart",
    "epoch-2022-unannotated": "Epoch 2022 database, origin not noted",
    "epoch-estimate": "Epoch's own estimate",
    "epoch-database": "Epoch AI database",
}
"""Where a system's value comes from (data/ai_and_compute.csv, `value_source`), in words."""


def _value(table: pd.DataFrame, system: str):
    match = table[(table["system"] == system) & table["in_fit"]]
    return None if match.empty else float(match["pfs_days"].iloc[0])


def _row(table: pd.DataFrame, system: str):
    match = table[(table["system"] == system) & table["date"].notna()]
    return None if match.empty else match.iloc[0]


def fit_choices(table: pd.DataFrame, result: dict) -> pd.DataFrame:
    """Each era's doubling time (months) under each way of turning the chart's dates into years (OpenAI does not
    say which it used), with the interval the printed rounding of the chart's values carries through the fit (each
    value read to its last digit, `intervals.float_sig_figs`)."""
    points = table[table["in_fit"]]
    stands = [printed(v, float_sig_figs(v)) for v in points["training_compute"]]
    low = points["pfs_days"].to_numpy() * np.array([s.low / s.value for s in stands])
    high = points["pfs_days"].to_numpy() * np.array([s.high / s.value for s in stands])
    parts = []
    for era, inside in (("first era", points["year"] < result["boundary"]),
                        ("modern era", points["year"] >= result["boundary"])):
        inside = inside.to_numpy()
        parts.append(trends.fit_choices(points["date"][inside], points["pfs_days"][inside], low[inside], high[inside],
                                        era).assign(era=era))
    return pd.concat(parts).set_index(["era", "date_convention"])


def _over_choices(fit_months: float, choices: pd.DataFrame, era: str) -> Interval:
    """An era's fitted doubling time (this run's convention) with the range over every convention and rounding."""
    rows = choices.loc[era]
    return Interval(fit_months, min(rows["doubling_months_low"].min(), fit_months),
                    max(rows["doubling_months_high"].max(), fit_months))


def _fit_claims(result: dict, choices: pd.DataFrame, values: dict, quantities: dict) -> None:
    """The doubling-time claims (OpenAI's 3.4, 3.43 and 3.5 months, roughly tenfold a year, the first era's ~2
    years) recomputed over the date conventions and the chart values' rounding, with what the explanations quote."""
    first, modern = result["trends"].loc["first era"], result["trends"].loc["modern era"]
    months = _over_choices(modern["doubling_months"], choices, "modern era")
    first_months = _over_choices(first["doubling_months"], choices, "first era")
    for claim_id in ("aic-doubling-3-4", "aic-doubling-3-43", "aic-doubling-3-5"):
        values[claim_id] = months
    values["aic-factor-10"] = propagate(lambda m: 2 ** (MONTHS_PER_YEAR / m), months)
    values["aic-first-era-2-years"] = propagate(lambda m: m / MONTHS_PER_YEAR, first_months)
    by_convention = choices.loc["modern era", "doubling_months"]
    quantities.update({
        "convention_low": by_convention.min(), "convention_low_name": by_convention.idxmin(),
        "convention_high": by_convention.max(), "convention_high_name": by_convention.idxmax(),
        "rounding_low": months.low, "rounding_high": months.high,
    })


def _span_claims(table: pd.DataFrame, values: dict, quantities: dict) -> None:
    """The growth of the plotted systems (10^18, from the smallest to the largest point), the chart axis's quotient
    and the span of Fig. 2, with what their explanations quote."""
    points = table[table["in_fit"]]
    smallest, largest = points.loc[points["pfs_days"].idxmin()], points.loc[points["pfs_days"].idxmax()]
    low_chart, high_chart = OPENAI_CHART_Y_AXIS_PFS_DAYS
    floor = printed_claim("aic-growth-1e18").value / 10 ** 0.5  # the least span 10^18 stands for (half a decade)
    alternative = _alternative_pfs_days(table, largest["system"])
    values["aic-growth-1e18"] = largest["pfs_days"] / smallest["pfs_days"]
    values["aic-growth-axis-quotient"] = high_chart / low_chart
    quantities.update({
        "smallest_system": smallest["system"], "smallest_pfs_days": smallest["pfs_days"],
        "smallest_source": VALUE_SOURCE_WORDS.get(smallest["value_source"], "the data") + (
            ", a first-era point, which OpenAI estimates to an order of magnitude" if smallest["era"] == "first" else ""),
        "largest_system": largest["system"], "largest_pfs_days": largest["pfs_days"],
        "span": largest["pfs_days"] / smallest["pfs_days"],
        "span_decades": math.log10(largest["pfs_days"] / smallest["pfs_days"]),
        "shortfall_decades": max(math.log10(floor * smallest["pfs_days"] / largest["pfs_days"]), 0.0),
        "largest_needed": floor * smallest["pfs_days"],
        "largest_alternative": "no other estimate in the data" if alternative is None else
        f"the other estimate in the data: {alternative:,.0f}",
        "axis_low": low_chart, "axis_high": high_chart,
    })
    modern = table[(table["era"] == "modern") & table["date"].notna()].sort_values("date")
    if len(modern):
        last = modern.iloc[-1]
        values["aic-fig2-end-2018"] = Interval(last["year"], float(last["date"].year), last["year"])
        quantities.update({"last_modern": last["system"], "last_modern_date": f"{last['date']:%Y-%m-%d}",
                           "last_modern_year": last["year"], "last_modern_calendar": last["date"].year})
    else:
        values["aic-fig2-end-2018"] = None


def _alternative_pfs_days(table: pd.DataFrame, system: str):
    """Another source's value of `system` (pfs-days) where the bundled chart data record one (AlphaGo Zero:
    Epoch AI's 3.41e23 FLOP); None otherwise."""
    if "alternative_value" not in table:
        return None
    row = table[table["system"] == system].iloc[0]
    if row["alternative_value"] != row["alternative_value"]:
        return None
    per_pfs_day = {"pfs-days": 1.0, "FLOP": 1 / FLOP_PER_PFS_DAY}.get(row["alternative_unit"])
    return None if per_pfs_day is None else row["alternative_value"] * per_pfs_day


def recomputed(params: Parameters, table: pd.DataFrame, result: dict, choices: pd.DataFrame) -> Recomputed:
    """Notebook 01's claims recomputed from the run's systems and fits (over the date conventions and the chart's
    rounding, `choices`), the reasons for those that cannot be, and the quantities their explanations quote."""
    modern = result["trends"].loc["modern era"]
    dated = table[table["date"].notna()].sort_values("date")
    alexnet, alphago = _value(table, "AlexNet"), _value(table, "AlphaGo Zero")
    perceptron, alphago_row = _row(table, "Perceptron"), _row(table, "AlphaGo Zero")
    modern_rows = dated[dated["era"] == "modern"]
    months = printed_claim("aic-doubling-3-4")
    values = {
        "aic-perceptron-year": None if perceptron is None else perceptron["date"].year,
        "aic-alphagozero-year": None if alphago_row is None else alphago_row["date"].year,
        "aic-60-years": dated["year"].iloc[-1] - dated["year"].iloc[0],
        "aic-modern-era-2012": modern_rows["date"].iloc[0].year if len(modern_rows) else None,
        "aic-factor-11-5": propagate(lambda m: 2 ** (MONTHS_PER_YEAR / m), months),
        "aic-300000x": alphago / alexnet if alexnet and alphago else None,
        "epoch-5-7-months": None,
        "epoch-21-3-months": None,
    }
    alternative = _alternative_pfs_days(table, "AlphaGo Zero")
    quantities = {
        "perceptron_year": np.nan if perceptron is None else perceptron["date"].year,
        "alphago_zero_date": "" if alphago_row is None else f"{alphago_row['date']:%Y-%m-%d}",
        "alphago_zero_pfs_days": alphago, "alexnet_pfs_days": alexnet,
        "alphago_zero_other": "no other estimate in the data" if alternative is None or not alexnet else
        f"with the other estimate in the data, {alternative:,.0f} pfs-days, it is {alternative / alexnet:,.0f}-fold",
        "first_system": dated["system"].iloc[0], "first_year": dated["date"].iloc[0].year,
        "last_system": dated["system"].iloc[-1], "last_year": dated["date"].iloc[-1].year,
        "last_date": f"{dated['date'].iloc[-1]:%Y-%m-%d}", "flop_per_pfs_day": FLOP_PER_PFS_DAY,
        "first_modern": modern_rows["system"].iloc[0] if len(modern_rows) else "",
        "first_modern_date": f"{modern_rows['date'].iloc[0]:%Y-%m-%d}" if len(modern_rows) else "",
        "fitted_breakpoint": result["breakpoint"]["fitted"],
        "n_modern": modern["n"], "fit_months": modern["doubling_months"],
        "fit_months_low": modern["doubling_months_low"], "fit_months_high": modern["doubling_months_high"],
        "fit_factor": modern["factor_per_year"], "months_low": months.low, "months_high": months.high,
        "fit_above_caption_pct": (modern["doubling_months"] / printed_claim("aic-doubling-3-43").value - 1) * 100,
    }
    _fit_claims(result, choices, values, quantities)
    _span_claims(table, values, quantities)
    reasons = _reasons(table, perceptron, alphago_row, modern_rows, alexnet and alphago)
    other_sample = _sevilla_claims(params.dataset, values, reasons, quantities)
    return Recomputed(values, reasons, quantities, other_sample)


def _reasons(table, perceptron, alphago_row, modern_rows, both) -> dict:
    """Why claims cannot be recomputed on this run's data."""
    reasons = {}
    if not len(modern_rows):
        reasons["aic-modern-era-2012"] = "this dataset does not say which systems belong to OpenAI's modern era"
        reasons["aic-fig2-end-2018"] = "this dataset does not say which systems belong to OpenAI's modern era"
    for claim_id, row, name in (("aic-perceptron-year", perceptron, "Perceptron"),
                                ("aic-alphagozero-year", alphago_row, "AlphaGo Zero")):
        if row is None:
            reasons[claim_id] = f"{name} is not in this dataset and window"
    if not both:
        reasons["aic-300000x"] = "AlexNet or AlphaGo Zero is not in this dataset and window"
    return reasons


def _sevilla_claims(dataset: str, values: dict, reasons: dict, quantities: dict) -> set:
    """Sevilla et al. 2022's doubling times (2010-2022, and before 2010) refitted on an Epoch AI file, a sample other
    than theirs (returned: shown, not judged); on the bundled chart data, why there is nothing to refit."""
    if dataset == BUNDLED:
        reasons["epoch-5-7-months"] = reasons["epoch-21-3-months"] = (
            "Sevilla et al. fit their own 2022 snapshot of Epoch AI's database (after 2010, its regular-scale systems "
            "only); this notebook's data are OpenAI's chart systems, and the later snapshot that the trends-today notebook fits "
            "is another sample, held against the claim there as an extension")
        return set()
    epoch = load_epoch_models(dataset).dropna(subset=["date", "flop"])
    refitted = set()
    for claim_id, start, end in (("epoch-5-7-months", "2010-01-01", "2022-12-31"),
                                 ("epoch-21-3-months", "1952-01-01", "2009-12-31")):
        part = epoch[(epoch["date"] >= start) & (epoch["date"] <= end)]
        name = claim_id.replace("-", "_") + "_n"
        quantities[name] = len(part)
        if len(part) >= trends.MIN_POINTS:
            values[claim_id] = trends.fit_trend(trends.fractional_year(part["date"]), part["flop"]).doubling_months
            refitted.add(claim_id)
            reasons[claim_id] = (f"a refit on another sample: all {{{name}}} systems of the file in "
                                 f"{start[:4]}-{end[:4]} double every {{recomputed:.3g}} months; Sevilla et al. 2022 "
                                 f"used a 2022 snapshot and, after 2010, regular-scale systems only")
        else:
            reasons[claim_id] = f"too few systems of the file ({{{name}}}) fall in {start[:4]}-{end[:4]} to fit"
    return refitted
