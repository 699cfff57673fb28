"""Notebook 04 (article Fig. 4): Strubell, Ganesh & McCallum 2019's Table 3 (energy, CO2e and cloud cost of the
training runs) and Table 4 (the cost of developing one model), recomputed and judged cell by cell."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import energy, plotting
from ..catalogue import StrubellTableParameters as Parameters
from ..catalogue import find
from ..claims import judge, relative_half_unit
from ..loaders import load_cloud_prices, load_strubell_table3, load_strubell_table4, strubell_fact
from ..strubell2019 import NO_POWER, SOURCE, electricity_price, run_name, table3
from ..units import DAYS_PER_YEAR

NOTEBOOK = find("04")


def factors(params: Parameters) -> energy.Factors:
    """The PUE and grid factor of this run: the scenario's, or the parameters' where given."""
    return energy.factors(params.scenario, params.pue, params.lbs_per_kwh)


def recomputed_table3(params: Parameters) -> pd.DataFrame:
    """Table 3 recomputed with this run's factors and prices."""
    return table3(factors(params), params.price_per_hour_low, params.price_per_hour_high)


def table3_rows(recomputed: pd.DataFrame) -> list[dict]:
    """One ledger row per recomputable cell of Table 3 (energy, CO2e, both costs), each with its reason."""
    published = load_strubell_table3()
    prices = load_cloud_prices()
    rows = []
    for i, row in recomputed.iterrows():
        name, printed = run_name(row), published.loc[i]
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


def table4(params: Parameters) -> pd.DataFrame:
    """Table 4 (developing LISA): cloud cost at the P100 price (footnote 8, or the parameters); the energy (kWh,
    PUE included) and average draw per GPU that the published electricity cost implies at footnote 9's
    $0.12/kWh; and that energy priced at this run's electricity price."""
    table = load_strubell_table4()
    if params.price_per_hour_low is not None:
        low, high = params.price_per_hour_low, params.price_per_hour_high
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
        "electricity_usd_at_price": energy.electricity_cost_usd(
            implied_kwh, electricity_price(params.electricity_usd_per_kwh)),
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


def development_recomputed(t3: pd.DataFrame, t4: pd.DataFrame) -> dict:
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
    names = [run_name(r) for _, r in t3.iterrows()]
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
                          "grid factor; prices of footnote 7. "
                          "Code: mlfootprint.analyses.strubell_energy_table.figure_table3")
    return fig
