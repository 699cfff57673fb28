"""Notebook 05 (article Fig. 5): the CO2e comparisons of Strubell, Ganesh & McCallum 2019's Table 1 (a flight, a
life, a car against training runs), recomputed with any PUE and grid factor, beside Patterson et al. 2021's
measured re-estimate of the neural architecture search."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import energy, plotting
from ..catalogue import ComparisonsParameters as Parameters
from ..catalogue import find
from ..claims import NOT_CHECKABLE, REPRODUCED, judge, relative_half_unit
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


def value_labels(table: pd.DataFrame, unit: str) -> list[str]:
    """The number written beside each row: the published value where the row is quoted (A-D) or reproduces (its
    ledger row, `comparison_rows`, says "reproduced"); otherwise the recomputed value, with the published one
    where Table 1 has one (H*, Patterson et al.'s re-estimate, is not a row of Table 1)."""
    verdicts = {row["claim_id"]: row["verdict"] for row in comparison_rows(table)}
    published = table["co2e_lb_published"] if unit == "lb" else lb_to_kg(table["co2e_lb_published"])
    labels = []
    for label, value, printed in zip(table.index, table[f"co2e_{unit}"], published):
        verdict = verdicts.get(f"strubell-t1-{label}")
        if verdict is None:
            labels.append(f"{value:,.0f}")
        elif verdict in (REPRODUCED, NOT_CHECKABLE):
            labels.append(f"{printed:,.0f}")
        else:
            labels.append(f"{value:,.0f} (published {printed:,.0f})")
    return labels


def figure_comparisons(table: pd.DataFrame, unit: str):
    """Article Fig. 5: CO2e of everyday life (A-D) and of training NLP models (E-H, H*). Left, on a log axis, each
    value (published where it reproduces); right, on a linear axis, the same in car lifetimes (D = 1), where H's
    five cars show as five times D."""
    plotting.use_style()
    fig, (left, right) = plt.subplots(1, 2, figsize=(plotting.TWO_COLUMNS, 5.2), sharey=True,
                                      gridspec_kw={"width_ratios": [1.15, 1]})
    column = f"co2e_{unit}"
    y = np.arange(len(table))[::-1]
    colors = ["0.55" if group == "everyday life" else ("C3" if group == "re-estimate" else "C0")
              for group in table["group"]]
    left.scatter(table[column], y, color=colors, s=45, zorder=3)  # dots: a bar's length means nothing on a log axis
    for yi, value, text in zip(y, table[column], value_labels(table, unit)):
        left.annotate(text, (value, yi), xytext=(7, 0), textcoords="offset points", va="center", fontsize=8.5)
    left.set_yticks(y, [f"{label}: {item}" for label, item in table["item"].items()])
    plotting.decorate(left, xlabel=f"CO2e ({unit}, log scale)", xscale="log",
                      xlim=(table[column].min() / 3, table[column].max() * 15), title="CO2e of each")
    cars = table[column] / table.at["D", column]
    right.barh(y, cars, color=colors, height=0.65)
    for yi, value in zip(y, cars):
        right.annotate(f"{value:.3g}", (value, yi), xytext=(4, 0), textcoords="offset points", va="center",
                       fontsize=8.5)
    right.axvline(1, color="0.3", linewidth=0.8, linestyle=":")
    plotting.decorate(right, xlabel="car lifetimes (D = 1, linear scale)", xlim=(0, max(cars.max() * 1.15, 1.2)),
                      title="The same in car lifetimes")
    right.grid(axis="y", visible=False)
    fig.suptitle("Training NLP models against everyday CO2e (Strubell et al. 2019, Table 1)", fontweight="bold")
    plotting.caption(fig, "Data: Strubell, Ganesh & McCallum 2019, Table 1 (A-D quoted from their sources; E-H "
                          "recomputed with this run's PUE and grid factor, labelled with the published value where "
                          "it reproduces); H*: Patterson et al. 2021, Table 4 and App. D, recomputed. Grey: everyday "
                          "life; blue: training; orange: re-estimate. "
                          "Code: mlfootprint.analyses.co2e_comparisons.figure_comparisons")
    return fig
