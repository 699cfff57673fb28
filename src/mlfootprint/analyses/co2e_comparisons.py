"""Notebook 05 (article Fig. 5): the CO2e comparisons of Strubell, Ganesh & McCallum 2019's Table 1 (a flight, a
life, a car against training runs), recomputed with any PUE and grid factor, beside Patterson et al. 2021's
measured re-estimate of the neural architecture search."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import energy, plotting
from ..catalogue import ComparisonsParameters as Parameters
from ..catalogue import find
from ..claims import judge, relative_half_unit
from ..loaders import load_patterson_table4, load_scenarios, load_strubell_table1, load_strubell_table4, strubell_fact
from ..strubell2019 import PAPER_SCENARIO, SOURCE, table3
from ..units import HOURS_PER_DAY, kg_to_lb, lb_to_kg

NOTEBOOK = find("05")


def factors(params: Parameters) -> energy.Factors:
    """The PUE and grid factor of this run: the scenario's, or the parameters' where given."""
    return energy.factors(params.scenario, params.pue, params.lbs_per_kwh)


def comparisons(factors: energy.Factors) -> pd.DataFrame:
    """Table 1 (article Fig. 5): A-D everyday life as published; E-H training, recomputed with this run's PUE
    and grid factor (E and F from Table 4's electricity cost, G and H from Table 3); and Patterson et al. 2021's
    measured re-estimate of H. Masses in lb and kg."""
    t1, t3 = load_strubell_table1(), table3(factors)
    paper = load_scenarios().loc[PAPER_SCENARIO]
    scale = (factors.pue / paper["pue"]) * (factors.lbs_per_kwh / paper["lbs_per_kwh"])
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
                          "Code: mlfootprint.analyses.co2e_comparisons.figure_comparisons")
    return fig
