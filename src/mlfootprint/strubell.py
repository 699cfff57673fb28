"""Strubell, Ganesh & McCallum 2019 rebuilt: Table 3 (article Fig. 4), Table 4 (the cost of developing one model),
and the CO2e comparisons of Table 1 (article Fig. 5), beside Patterson et al. 2021's re-estimate.

Notebooks: 04-strubell-energy-table.ipynb and 05-co2e-comparisons.ipynb.
"""

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import energy, plotting
from .checks import ParameterError, choice, number
from .claims import judge, relative_half_unit
from .data import (load_cloud_prices, load_patterson_table4, load_scenarios, load_strubell_table1,
                   load_strubell_table3, load_strubell_table4, strubell_fact)
from .units import DAYS_PER_YEAR, HOURS_PER_DAY, kg_to_lb, lb_to_kg

TABLE3_NOTEBOOK = "04-strubell-energy-table"
COMPARISONS_NOTEBOOK = "05-co2e-comparisons"
PAPER_SCENARIO = "strubell-2019"
SOURCE = "Strubell et al. 2019"
UNITS = ("lb", "kg")
NO_POWER = "Strubell et al. give no power figure for TPUs (Table 3 caption), so this energy cannot be recomputed"


def check_parameters(scenario, pue, lbs_per_kwh, price_per_hour_low, price_per_hour_high, electricity_usd_per_kwh):
    """Validate notebook 04's parameters; resolve PUE and grid factor from the scenario unless given."""
    params = energy.factors(scenario, pue, lbs_per_kwh)
    for name, value in (("price_per_hour_low", price_per_hour_low), ("price_per_hour_high", price_per_hour_high)):
        if value is not None:
            number(name, value, 0, low_open=True)
    if (price_per_hour_low is None) != (price_per_hour_high is None):
        raise ParameterError("price_per_hour_low and price_per_hour_high must be given together (or both None)")
    if price_per_hour_low is not None and price_per_hour_low > price_per_hour_high:
        raise ParameterError(f"price_per_hour_low must be <= price_per_hour_high "
                             f"(got {price_per_hour_low} > {price_per_hour_high})")
    if electricity_usd_per_kwh is not None:
        number("electricity_usd_per_kwh", electricity_usd_per_kwh, 0)
    params.update(
        price_per_hour_low=price_per_hour_low, price_per_hour_high=price_per_hour_high,
        electricity_usd_per_kwh=(strubell_fact("electricity_usd_per_kwh") if electricity_usd_per_kwh is None
                                 else electricity_usd_per_kwh),
    )
    return params


def check_comparison_parameters(unit, scenario, pue, lbs_per_kwh):
    """Validate notebook 05's parameters: the mass unit, and PUE and grid factor as in notebook 04."""
    choice("unit", unit, UNITS)
    return {**energy.factors(scenario, pue, lbs_per_kwh), "unit": unit}


def _prices(table: pd.DataFrame, params: dict) -> tuple[pd.Series, pd.Series]:
    """Price per accelerator-hour of each run: the parameters if given, else Strubell's footnote-7 price."""
    if params.get("price_per_hour_low") is not None:
        return (pd.Series(params["price_per_hour_low"], index=table.index),
                pd.Series(params["price_per_hour_high"], index=table.index))
    prices = load_cloud_prices()
    return (table["accelerator"].map(prices["price_low_usd_per_hour"]),
            table["accelerator"].map(prices["price_high_usd_per_hour"]))


def table3(params: dict) -> pd.DataFrame:
    """Table 3 recomputed with Eq. 1 (kWh x PUE), Eq. 2 (CO2e) and hours x accelerators x price, beside the
    published columns. `implied_hours` is the time the published kWh implies at the paper's PUE."""
    table = load_strubell_table3()
    low, high = _prices(table, params)
    paper_pue = load_scenarios().at[PAPER_SCENARIO, "pue"]
    has_power = table["power_w"].notna()
    kwh = pd.Series(np.nan, index=table.index)
    kwh[has_power] = energy.energy_kwh(table["hours"][has_power], table["power_w"][has_power], params["pue"])
    implied = pd.Series(np.nan, index=table.index)
    implied[has_power] = energy.hours_for_energy(table["kwh_pue"][has_power], table["power_w"][has_power], paper_pue)
    co2e = pd.Series(np.nan, index=table.index)
    co2e[has_power] = energy.co2e_lb(kwh[has_power], params["lbs_per_kwh"])
    return pd.DataFrame({
        "model": table["model"], "hardware": table["hardware"], "power_w": table["power_w"],
        "hours": table["hours"], "implied_hours": implied,
        "kwh_pue_published": table["kwh_pue"], "kwh_pue": kwh,
        "co2e_lb_published": table["co2e_lb"], "co2e_lb": co2e, "co2e_kg": lb_to_kg(co2e),
        "cost_low_usd_published": table["cloud_cost_usd_low"],
        "cost_low_usd": energy.cloud_cost_usd(table["hours"], table["n_accelerators"], low),
        "cost_high_usd_published": table["cloud_cost_usd_high"],
        "cost_high_usd": energy.cloud_cost_usd(table["hours"], table["n_accelerators"], high),
    })


def _run_name(row) -> str:
    return f"{row['model']} ({row['hardware']})"


def table3_rows(params: dict, recomputed: pd.DataFrame) -> list[dict]:
    """One ledger row per recomputable cell of Table 3 (energy, CO2e, both costs), each with its reason."""
    published = load_strubell_table3()
    prices = load_cloud_prices()
    rows = []
    for i, row in recomputed.iterrows():
        name, printed = _run_name(row), published.loc[i]
        kwh_text = printed["kwh_pue_printed"]
        hours_off = bool(kwh_text) and abs(row["implied_hours"] / row["hours"] - 1) > relative_half_unit(kwh_text)
        hours_reason = (f"the published {kwh_text} kWh implies {row['implied_hours']:.1f} training hours at the "
                        f"paper's PUE and power; Table 3 prints {printed['hours_printed']}" if hours_off else "")
        for column, unit, what in (("kwh_pue", "kWh", "energy x PUE (Eq. 1)"), ("co2e_lb", "lb", "CO2e (Eq. 2)")):
            text = printed[f"{column}_printed"]
            rows.append(judge(
                f"strubell-t3-{i}-{column}", f"Table 3, {name}: {what}", f"{SOURCE}, Table 3",
                row[f"{column}_published"], None if math.isnan(row[column]) else row[column], unit,
                relative_half_unit(text) if text else math.nan, hours_reason if text else NO_POWER,
            ))
        for bound in ("low", "high"):
            paid, n = row[f"cost_{bound}_usd_published"], published.loc[i, "n_accelerators"]
            price = prices.at[published.loc[i, "accelerator"], f"price_{bound}_usd_per_hour"]
            reason = hours_reason or (
                f"the published cost is {printed['hours_printed']} h x {n} x ${paid / (row['hours'] * n):.4g}/h, "
                f"or {paid / (n * price):,.1f} h x {n} x ${price:.4g}/h (footnote 7's price)")
            rows.append(judge(
                f"strubell-t3-{i}-cost-{bound}", f"Table 3, {name}: cloud cost, {bound} bound",
                f"{SOURCE}, Table 3 and footnote 7", paid, row[f"cost_{bound}_usd"], "USD",
                relative_half_unit(printed[f"cloud_cost_usd_{bound}_printed"]), reason,
            ))
    return rows


def table4(params: dict) -> pd.DataFrame:
    """Table 4 (developing LISA): cloud cost at the P100 price (footnote 8, or the parameters); the energy (kWh,
    PUE included) and average draw per GPU that the published electricity cost implies at footnote 9's
    $0.12/kWh; and that energy priced at this run's electricity price."""
    table = load_strubell_table4()
    if params.get("price_per_hour_low") is not None:
        low, high = params["price_per_hour_low"], params["price_per_hour_high"]
    else:
        prices = load_cloud_prices()
        low, high = prices.at["P100", "price_low_usd_per_hour"], prices.at["P100", "price_high_usd_per_hour"]
    implied_kwh = table["electricity_usd"] / strubell_fact("electricity_usd_per_kwh")
    return pd.DataFrame({
        "models": table["models"], "hours": table["hours"],
        "cost_low_usd_published": table["cloud_cost_usd_low"],
        "cost_low_usd": energy.cloud_cost_usd(table["hours"], 1, low),
        "cost_high_usd_published": table["cloud_cost_usd_high"],
        "cost_high_usd": energy.cloud_cost_usd(table["hours"], 1, high),
        "electricity_usd_published": table["electricity_usd"],
        "implied_kwh_pue": implied_kwh,
        "implied_w_per_gpu": implied_kwh * 1000 / table["hours"],
        "electricity_usd_at_price": energy.electricity_cost_usd(implied_kwh, params["electricity_usd_per_kwh"]),
    })


def table4_rows(recomputed: pd.DataFrame) -> list[dict]:
    """Ledger rows for Table 4's cloud costs (recomputable) and electricity (only as a consistency check)."""
    published = load_strubell_table4()
    rate = recomputed["electricity_usd_published"].iloc[-1] / recomputed["hours"].iloc[-1]
    rows = []
    for label, row in recomputed.iterrows():
        for bound in ("low", "high"):
            rows.append(judge(
                f"strubell-t4-{label}-cost-{bound}", f"Table 4, {label}: cloud cost, {bound} bound",
                f"{SOURCE}, Table 4 and footnote 8", row[f"cost_{bound}_usd_published"], row[f"cost_{bound}_usd"],
                "USD", relative_half_unit(published.at[label, f"cloud_cost_usd_{bound}_printed"]),
            ))
        last = label == recomputed.index[-1]
        rows.append(judge(
            f"strubell-t4-{label}-electricity", f"Table 4, {label}: electricity cost",
            f"{SOURCE}, Table 4 and footnote 9", row["electricity_usd_published"],
            None if last else rate * row["hours"], "USD",
            relative_half_unit(published.at[label, "electricity_usd_printed"])
            + relative_half_unit(published["electricity_usd_printed"].iloc[-1]),
            "the GPUs' power is not given, so electricity cannot be recomputed; the other rows are checked "
            "against this row's cost per GPU-hour" if last else "",
        ))
    return rows


def development_recomputed(params: dict, t3: pd.DataFrame, t4: pd.DataFrame) -> dict:
    """The recomputed values of notebook 04's claims in data/claims.csv."""
    gpu_days, days = strubell_fact("gpu_days"), strubell_fact("project_days")
    gpus = round(gpu_days / days)
    nas_tpu = t3[(t3["model"] == "NAS") & t3["hardware"].str.startswith("TPU")].iloc[0]
    tpu_hours = strubell_fact("nas_train_steps") / 300e3 * strubell_fact("nas_tpu_hours_per_300k_steps")
    return {
        "strubell-gpus-constantly": gpu_days / days,
        "strubell-gpu-years": gpu_days / DAYS_PER_YEAR,
        "strubell-hardware-145k": gpus / strubell_fact("gpus_per_server") * strubell_fact("gpu_server_usd"),
        "strubell-hardware-half-of-cloud": (gpus / strubell_fact("gpus_per_server") * strubell_fact("gpu_server_usd")
                                            / t4["cost_high_usd_published"].iloc[-1]),
        "strubell-nas-150k-for-bleu": nas_tpu["cost_high_usd"],
        "strubell-nas-tpu-hours": tpu_hours,
    }


def figure_table3(t3: pd.DataFrame):
    """Article Fig. 4: the eight training runs' energy, CO2e and cloud cost, recomputed (bars) and published
    (black marks), on log axes."""
    plotting.use_style()
    fig, axes = plt.subplots(1, 3, figsize=(11, 4.8), sharey=True)
    names = [_run_name(r) for _, r in t3.iterrows()]
    y = np.arange(len(t3))[::-1]
    panels = [("kwh_pue", "energy x PUE (kWh)"), ("co2e_lb", "CO2e (lb)"), ("cost", "cloud compute cost (USD)")]
    for ax, (column, label) in zip(axes, panels):
        if column == "cost":
            ax.barh(y, t3["cost_high_usd"] - t3["cost_low_usd"], left=t3["cost_low_usd"], color="C2", alpha=0.7,
                    label="recomputed, low-high")
            ax.plot(t3["cost_low_usd_published"], y, "k|", markersize=12, label="published bounds")
            ax.plot(t3["cost_high_usd_published"], y, "k|", markersize=12)
        else:
            ax.barh(y, t3[column].fillna(0), color="C0" if column == "kwh_pue" else "C1", alpha=0.8,
                    label="recomputed")
            ax.plot(t3[f"{column}_published"], y, "kD", markersize=4, label="published")
            for yi in y[t3[column].isna().to_numpy()]:
                ax.text(1.2, yi, "no power figure (TPU)", va="center", fontsize=7, color="0.4")
        ax.set_xscale("log")
        ax.set_xlabel(label)
        ax.legend(loc="lower left" if column == "cost" else "lower right")
    axes[0].set_xlim(1, 3e6)
    axes[1].set_xlim(1, 3e6)
    axes[2].set_xlim(10, 1e7)
    axes[0].set_yticks(y, names)
    fig.suptitle("Energy, CO2e and cloud cost of training eight NLP models (Strubell et al. 2019, Table 3)",
                 fontweight="bold")
    plotting.caption(fig, "Source: Strubell, Ganesh & McCallum 2019, Table 3; Eq. 1 and 2 with this run's PUE and "
                          "grid factor; prices of footnote 7. Code: mlfootprint.strubell.figure_table3")
    return fig


def comparisons(params: dict) -> pd.DataFrame:
    """Table 1 (article Fig. 5): A-D everyday life as published; E-H training, recomputed with this run's PUE
    and grid factor (E and F from Table 4's electricity cost, G and H from Table 3); and Patterson et al. 2021's
    measured re-estimate of H. Masses in lb and kg."""
    t1, t3 = load_strubell_table1(), table3(params)
    paper = load_scenarios().loc[PAPER_SCENARIO]
    scale = (params["pue"] / paper["pue"]) * (params["lbs_per_kwh"] / paper["lbs_per_kwh"])
    t4 = load_strubell_table4()
    kwh_per_usd = 1 / strubell_fact("electricity_usd_per_kwh")
    recomputed = {
        "E": energy.co2e_lb(t4.at["single model", "electricity_usd"] * kwh_per_usd, paper["lbs_per_kwh"]) * scale,
        "F": energy.co2e_lb(t4.at["all R&D models", "electricity_usd"] * kwh_per_usd, paper["lbs_per_kwh"]) * scale,
        "G": t3.loc[(t3["model"] == "Transformer big"), "co2e_lb"].iloc[0],
        "H": t3.loc[(t3["model"] == "NAS") & (t3["hardware"] == "P100x8"), "co2e_lb"].iloc[0],
    }
    table = t1[["item", "group", "co2e_lb"]].rename(columns={"co2e_lb": "co2e_lb_published"})
    table["co2e_lb"] = [recomputed.get(label, value) for label, value in table["co2e_lb_published"].items()]
    table["recomputed"] = table.index.isin(list(recomputed))
    patterson = patterson_nas()
    table.loc["H*"] = ["Evolved Transformer NAS, measured (Patterson et al. 2021)", "re-estimate",
                       kg_to_lb(patterson["gross_tco2e_published"] * 1000), kg_to_lb(patterson["tco2e"] * 1000), True]
    table["co2e_kg"] = lb_to_kg(table["co2e_lb"])
    table.index.name = "label"
    return table


def patterson_nas() -> dict:
    """Patterson et al. 2021's re-estimate of the NAS run (Appendix D): chips x hours x W x PUE x kg/kWh."""
    row = load_patterson_table4().loc["Evolved Transformer NAS"]
    kwh = energy.energy_kwh(row["training_days"] * HOURS_PER_DAY * row["n_chips"], row["avg_power_w"], row["pue"])
    return {"kwh": kwh, "tco2e": kwh * row["gross_kg_per_kwh"] / 1000, "gross_tco2e_published": row["gross_tco2e"]}


def comparison_recomputed(table: pd.DataFrame) -> dict:
    """The recomputed values of notebook 05's claims in data/claims.csv."""
    strubell_nas_t = lb_to_kg(table.at["H", "co2e_lb_published"]) / 1000
    patterson = patterson_nas()
    return {
        "fig5-nas-five-cars": table.at["H", "co2e_lb"] / table.at["D", "co2e_lb"],
        "fig5-transformer-big-626155": table.at["G", "co2e_lb"],
        "patterson-nas-3-2-t": patterson["tco2e"],
        "patterson-strubell-284-t": strubell_nas_t,
        "patterson-88x": strubell_nas_t / patterson["tco2e"],
    }


def comparison_rows(table: pd.DataFrame) -> list[dict]:
    """Ledger rows for Table 1's training rows E-H (A-D are quoted from other sources: not checkable)."""
    t1, t4 = load_strubell_table1(), load_strubell_table4()
    rows = []
    for label in ("A", "B", "C", "D", "E", "F", "G", "H"):
        printed = t1.at[label, "co2e_lb_printed"]
        tolerance = relative_half_unit(printed)
        reason = ""
        if label in "ABCD":
            recomputed = None
            reason = "quoted by Strubell et al. from outside sources (Table 1 footnotes); nothing to recompute here"
        else:
            recomputed = table.at[label, "co2e_lb"]
        if label in "EF":  # derived from a rounded electricity cost: its rounding widens the tolerance
            row = "single model" if label == "E" else "all R&D models"
            tolerance += relative_half_unit(t4.at[row, "electricity_usd_printed"])
        rows.append(judge(f"strubell-t1-{label}", f"Table 1, {label}: {t1.at[label, 'item']}",
                          f"{SOURCE}, Table 1", t1.at[label, "co2e_lb"], recomputed, "lb", tolerance, reason))
    return rows


def figure_comparisons(table: pd.DataFrame, unit: str):
    """Article Fig. 5: CO2e of everyday life (A-D) and of training NLP models (E-H), log scale."""
    plotting.use_style()
    fig, ax = plt.subplots(figsize=(8.5, 4.8))
    column = f"co2e_{unit}"
    labels = [f"{label}: {item}" for label, item in table["item"].items()]
    y = np.arange(len(table))[::-1]
    colors = ["0.6" if group == "everyday life" else ("C3" if group == "re-estimate" else "C0")
              for group in table["group"]]
    ax.barh(y, table[column], color=colors)
    for yi, value in zip(y, table[column]):
        ax.text(value * 1.15, yi, f"{value:,.0f}", va="center", fontsize=8)
    ax.set_xscale("log")
    ax.set_xlim(1, table[column].max() * 20)
    ax.set_yticks(y, labels)
    ax.set_xlabel(f"CO2 equivalent emissions ({unit})")
    fig.suptitle("Training NLP models against everyday CO2e (Strubell et al. 2019, Table 1)", fontweight="bold")
    plotting.caption(fig, "Sources: Strubell, Ganesh & McCallum 2019, Table 1 (A-D as published; E-H recomputed "
                          "with this run's PUE and grid factor); H*: Patterson et al. 2021, Table 4 and App. D. "
                          "Code: mlfootprint.strubell.figure_comparisons")
    return fig
