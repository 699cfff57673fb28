"""Notebook 04 (article Fig. 4): Strubell, Ganesh & McCallum 2019's Table 3 (energy, CO2e and cloud cost of the
training runs) and Table 4 (the cost of developing one model), recomputed and judged cell by cell."""

import math

import matplotlib.pyplot as plt
from matplotlib.patches import Patch
import numpy as np
import pandas as pd

from .. import energy, plotting
from ..catalogue import StrubellTableParameters as Parameters
from ..catalogue import find
from ..claims import DIFFERS, NOT_CHECKABLE, REPRODUCED, judge, relative_half_unit
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


CELL_COLORS = {REPRODUCED: "#e2f0d9", DIFFERS: "#fbe0c3", NOT_CHECKABLE: "#ececec"}
CELL_KEY = {REPRODUCED: "\u2713  reproduced", DIFFERS: "a \u2192 b  differs: published a, recomputed b",
            NOT_CHECKABLE: "\u2013  no power figure for TPUs: not checkable"}
TABLE3_COLUMNS = (  # heading, column of the recomputed table (or None: an input), printed column of the data file
    ("Power (W)", None, "power_w_printed"), ("Hours", None, "hours_printed"),
    ("kWh\u00b7PUE", "kwh_pue", "kwh_pue_printed"), ("CO2e (lb)", "co2e_lb", "co2e_lb_printed"),
    ("Cloud cost, low (USD)", "cost-low", "cloud_cost_usd_low_printed"),
    ("Cloud cost, high (USD)", "cost-high", "cloud_cost_usd_high_printed"),
)


def _printed_like(printed: str, value: float) -> str:
    """`value` written as `printed` is (same decimals, thousands separators and $ sign)."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    text = f"{value:,.{decimals}f}" if "," in printed else f"{value:.{decimals}f}"
    return ("$" if printed.startswith("$") else "") + text


def _runs_and_models(t3: pd.DataFrame) -> str:
    """ "8 training runs of 6 NLP models": Table 3 has a row per run, and some models ran on two kinds of
    hardware (the article's "eight different models" counts rows)."""
    return f"{len(t3)} training runs of {t3['model'].nunique()} NLP models"


def figure_table3(t3: pd.DataFrame):
    """Article Fig. 4 as the article shows it, Strubell et al.'s Table 3, each recomputable cell marked by its
    verdict in the ledger (notebook 04's `table3_rows`): reproduced, differs (published -> recomputed) or not
    checkable."""
    plotting.use_style()
    printed = load_strubell_table3()
    verdicts = {row["claim_id"]: row for row in table3_rows(t3)}
    text, colors = [], []
    for i, run in t3.iterrows():
        cells, shades = [run["model"], run["hardware"]], ["white", "white"]
        for _, column, source in TABLE3_COLUMNS:
            shown = printed.at[i, source] or "\u2013"
            row = verdicts.get(f"strubell-t3-{i}-{column}") if column else None
            if row is not None:
                verdict = row["verdict"]
                if verdict == REPRODUCED:
                    shown += " \u2713"
                elif verdict == DIFFERS:
                    shown += f" \u2192 {_printed_like(printed.at[i, source], row['recomputed'])}"
                shades.append(CELL_COLORS[verdict])
            else:
                shades.append("white")
            cells.append(shown)
        text.append([cell.replace("$", r"\$") for cell in cells])  # a dollar sign, not mathtext
        colors.append(shades)
    fig, ax = plt.subplots(figsize=(plotting.TWO_COLUMNS, 3.9))
    ax.axis("off")
    table = ax.table(cellText=text, cellColours=colors, bbox=(0, 0.13, 1, 0.87), cellLoc="right",
                     colLabels=["Model", "Hardware"] + [heading for heading, _, _ in TABLE3_COLUMNS])
    table.auto_set_font_size(False)
    table.set_fontsize(9)
    table.auto_set_column_width(range(len(TABLE3_COLUMNS) + 2))
    for (row, col), cell in table.get_celld().items():
        cell.set_edgecolor("0.8")
        if row == 0:
            cell.set_text_props(fontweight="bold")
        if col < 2:
            cell.get_text().set_horizontalalignment("left")
            cell.PAD = 0.04
    ax.legend(handles=[Patch(facecolor=CELL_COLORS[v], edgecolor="0.8", label=CELL_KEY[v]) for v in CELL_KEY],
              loc="lower center", ncol=3, fontsize=8.5, bbox_to_anchor=(0.5, -0.03), handlelength=1.2)
    ax.set_title(f"Strubell et al. 2019, Table 3: {_runs_and_models(t3)}, published and recomputed")
    plotting.caption(fig, "Data: Strubell, Ganesh & McCallum 2019, Table 3 as printed (data/strubell2019_table3.csv); "
                          "recomputed with Eq. 1 and 2 and this run's PUE and grid factor, cloud prices of footnote "
                          "7 (or this run's). Power and hours are the paper's inputs. "
                          "Code: mlfootprint.analyses.strubell_energy_table.figure_table3")
    return fig


def figure_table3_bars(t3: pd.DataFrame):
    """Table 3 as a dot chart: each run's energy, CO2e and cloud cost, recomputed (coloured) and published (black,
    open), on log axes (a dot, not a bar: a bar's length from an arbitrary origin means nothing on a log axis)."""
    plotting.use_style()
    fig, axes = plt.subplots(1, 3, figsize=(plotting.TWO_COLUMNS, 4.8), sharey=True)
    names = [run_name(r) for _, r in t3.iterrows()]
    y = np.arange(len(t3))[::-1]
    published = dict(marker="D", s=60, facecolors="none", edgecolors="black", linewidths=1.2, zorder=4)
    panels = [("kwh_pue", "energy x PUE (kWh)", "C0"), ("co2e_lb", "CO2e (lb)", "C1"),
              ("cost", "cloud compute cost (USD)", "C2")]
    for ax, (column, label, color) in zip(axes, panels):
        if column == "cost":
            ax.hlines(y, t3["cost_low_usd"], t3["cost_high_usd"], color=color, linewidth=5, alpha=0.7,
                      label="recomputed, low to high")
            ax.plot(t3["cost_low_usd_published"], y, "k|", markersize=14, markeredgewidth=1.5,
                    label="published bounds")
            ax.plot(t3["cost_high_usd_published"], y, "k|", markersize=14, markeredgewidth=1.5)
        else:
            ax.scatter(t3[column], y, color=color, s=30, zorder=3, label="recomputed")
            ax.scatter(t3[f"{column}_published"], y, label="published", **published)
            for yi in y[t3[column].isna().to_numpy()]:
                ax.text(2, yi, "no power figure (TPU)", va="center", fontsize=7.5, color="0.4")
        plotting.decorate(ax, xlabel=label, xscale="log", legend="upper right" if column == "cost" else "lower right")
    axes[0].set_xlim(1, 3e6)
    axes[1].set_xlim(1, 3e6)
    axes[2].set_xlim(10, 1e7)
    axes[0].set_yticks(y, names)
    fig.suptitle(f"Energy, CO2e and cloud cost of {_runs_and_models(t3)} (Strubell et al. 2019, Table 3)",
                 fontweight="bold")
    plotting.caption(fig, "Data: Strubell, Ganesh & McCallum 2019, Table 3 (published: black); recomputed with Eq. 1 "
                          "and 2 and this run's PUE and grid factor, cloud prices of footnote 7 (or this run's). "
                          "Code: mlfootprint.analyses.strubell_energy_table.figure_table3_bars")
    return fig
